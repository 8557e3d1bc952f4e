"""Staff sessions: a new token at sign-in, at most 30 minutes idle and 8 hours in
all, ended on the server at sign-out and when the account is deactivated or its
end date passes; a second-factor code opens one session only.

Moving the clock: neither time-machine nor freezegun is installed, and the server
reads the real clock. So the tests move the *stored* times back instead of the
clock forward, which is the same thing to the code that compares them with now:
the session row's `expire_date` (what the idle time-out is), the sign-in time kept
in the session (`SIGNED_IN_AT`, what the absolute lifetime is measured from), and
an end date set to yesterday. Each test then makes a real request with the
browser's cookie, as a person coming back to the page would.
"""

from __future__ import annotations

import html
import time
import zoneinfo
from datetime import timedelta

import pyotp
import pytest
from allauth.mfa.models import Authenticator
from django.conf import settings as live_settings
from django.contrib.sessions.backends.db import SessionStore
from django.contrib.sessions.models import Session
from django.core.cache import cache
from django.db import models
from django.test import Client
from django.utils import timezone, translation
from django.utils.translation import gettext

from sentinelle.accounts.models import SIGNED_IN_AT, StaffSession, TotpStepUsed
from sentinelle.audit.models import AuditEvent
from sentinelle.test import PASSWORD, create_staff, fresh_totp_code, sign_in_through_pages

pytestmark = pytest.mark.django_db
Action = AuditEvent.Action
COOKIE = live_settings.SESSION_COOKIE_NAME


def _session_key(client: Client) -> str:
    return client.cookies[COOKIE].value


def _with_cookie(key: str) -> Client:
    """Another browser that presents a copy of a session cookie."""
    client = Client()
    client.cookies[COOKIE] = key
    return client


def _signed_in(client: Client) -> bool:
    return client.get("/en/staff/").status_code == 200


def _exists(key: str) -> bool:
    return Session.objects.filter(session_key=key).exists()


def _signed_in_hours_ago(key: str, hours: float) -> None:
    """Move the clock: the session was opened `hours` ago (and is still active)."""
    store = SessionStore(session_key=key)
    store[SIGNED_IN_AT] = time.time() - hours * 3600
    store.save()


# Sign-in gives a new token ----------------------------------------------------------


def test_the_session_token_changes_at_sign_in_and_the_old_ones_open_nothing():
    user = create_staff("investigator")
    client = Client()
    # A session that exists before sign-in, as one planted by an attacker would
    # (session fixation): the language chooser or any page could have set it.
    planted = SessionStore()
    planted["planted"] = True
    planted.create()
    planted_key = str(planted.session_key)
    client.cookies[COOKIE] = planted_key

    response = client.post("/en/accounts/login/", {"login": user.email, "password": PASSWORD})
    assert response.status_code == 302
    after_password = _session_key(client)
    # The password step alone opens nothing, whatever the key.
    assert not _signed_in(client)

    response = client.post("/en/accounts/2fa/authenticate/", {"code": fresh_totp_code(user)})
    assert response.status_code == 302
    after_code = _session_key(client)

    assert after_code not in {planted_key, after_password}
    assert _signed_in(client)
    # The keys used before the second factor are gone from the server...
    assert not _exists(planted_key) and not _exists(after_password)
    # ...so whoever knows one of them is not signed in.
    assert not _signed_in(_with_cookie(planted_key))
    assert not _signed_in(_with_cookie(after_password))
    # The session opened is the one recorded for the account.
    assert list(StaffSession.objects.filter(user=user).values_list("session_key", flat=True)) == [after_code]


def _next_time_step(user) -> None:
    """Move the clock to the next 30-second step for second-factor codes: the code
    used last is forgotten, as it is once its step is over (instead of waiting)."""
    TotpStepUsed.objects.filter(authenticator__user=user).update(step=models.F("step") - 1)
    cache.clear()


def test_two_sign_ins_of_the_same_person_get_two_different_tokens():
    user = create_staff("investigator")
    first, second = Client(), Client()
    sign_in_through_pages(first, user)
    _next_time_step(user)
    sign_in_through_pages(second, user)
    assert _session_key(first) != _session_key(second)
    assert _signed_in(first) and _signed_in(second)


# Idle time-out --------------------------------------------------------------------------


def test_the_idle_time_out_is_thirty_minutes_counted_from_the_last_request():
    user = create_staff("investigator")
    client = Client()
    sign_in_through_pages(client, user)
    key = _session_key(client)

    # Every request pushes the end of the session 30 minutes after itself.
    before = timezone.now()
    assert _signed_in(client)
    expiry = Session.objects.get(session_key=key).expire_date
    assert before + timedelta(minutes=30) <= expiry <= timezone.now() + timedelta(minutes=30)

    # 29 minutes without a request: one minute is left, the next request succeeds
    # and gives 30 minutes again.
    Session.objects.filter(session_key=key).update(expire_date=timezone.now() + timedelta(minutes=1))
    assert _signed_in(client)
    assert Session.objects.get(session_key=key).expire_date >= timezone.now() + timedelta(minutes=29)

    # 30 minutes and one second without a request: the session is over.
    Session.objects.filter(session_key=key).update(expire_date=timezone.now() - timedelta(seconds=1))
    response = client.get("/en/staff/")
    assert response.status_code == 302
    assert response["Location"].startswith("/en/accounts/login/")


def test_the_session_cookie_ends_with_the_browser():
    user = create_staff("investigator")
    client = Client()
    sign_in_through_pages(client, user)
    cookie = client.get("/en/staff/").cookies[COOKIE]
    assert cookie["max-age"] == "" and cookie["expires"] == ""
    assert cookie["httponly"] is True


# Absolute lifetime --------------------------------------------------------------------


def test_an_active_session_ends_eight_hours_after_sign_in_with_a_message():
    assert live_settings.SESSION_ABSOLUTE_HOURS == 8
    user = create_staff("investigator")
    client = Client()
    sign_in_through_pages(client, user)
    key = _session_key(client)

    # 7 h 59 after sign-in, active all along: still open.
    _signed_in_hours_ago(key, 8 - 1 / 60)
    assert _signed_in(client)

    # 8 h and a minute: the next request ends it, on the server, and goes to sign-in.
    _signed_in_hours_ago(key, 8 + 1 / 60)
    response = client.get("/en/staff/cases/?page=2")
    assert response.status_code == 302
    assert response["Location"] == "/en/accounts/login/?next=%2Fen%2Fstaff%2Fcases%2F%3Fpage%3D2"
    assert not _exists(key)
    assert not StaffSession.objects.filter(session_key=key).exists()
    assert not _signed_in(_with_cookie(key))

    page = client.get(response["Location"])
    assert page.status_code == 200
    assert "a session lasts at most 8 hours. Please sign in again." in page.content.decode()
    event = AuditEvent.objects.filter(action=Action.SIGN_OUT, actor=user).get()
    assert event.detail == {"reason": "absolute_lifetime"}

    # Signing in again starts a new 8 hours.
    _next_time_step(user)
    sign_in_through_pages(client, user)
    assert _signed_in(client)


def test_the_session_end_speaks_the_language_of_the_page():
    user = create_staff("investigator")
    user.preferred_language = "en"
    user.save()
    client = Client()
    sign_in_through_pages(client, user, language="fr")
    _signed_in_hours_ago(_session_key(client), 9)

    response = client.get("/fr/staff/")
    assert response["Location"].startswith("/fr/accounts/login/")
    page = client.get(response["Location"])
    assert '<html lang="fr"' in page.content.decode()
    with translation.override("fr"):
        expected = gettext(
            "For your security, a session lasts at most %(hours)s hours. Please sign in again."
        ) % {"hours": 8}
    assert expected in html.unescape(page.content.decode())


def test_a_session_without_its_sign_in_time_is_ended():
    """A session opened before the absolute lifetime existed has no sign-in time:
    it may be older than 8 hours, so it ends too."""
    user = create_staff("investigator")
    client = Client()
    sign_in_through_pages(client, user)
    store = SessionStore(session_key=_session_key(client))
    del store[SIGNED_IN_AT]
    store.save()
    assert not _signed_in(client)


# Sign-out ---------------------------------------------------------------------------------


def test_sign_out_deletes_the_session_on_the_server():
    user = create_staff("investigator")
    client = Client()
    sign_in_through_pages(client, user)
    key = _session_key(client)
    assert _exists(key)

    client.post("/en/accounts/logout/")
    assert not _exists(key)
    assert not StaffSession.objects.filter(session_key=key).exists()
    # A copy of the cookie taken before signing out opens nothing.
    assert not _signed_in(_with_cookie(key))


# Deactivation and end date ------------------------------------------------------------


def _admin_change_data(user) -> dict[str, object]:
    return {
        "email": user.email,
        "full_name": user.full_name,
        "region": user.region_id,
        "roles": list(user.roles.values_list("pk", flat=True)),
        "preferred_language": user.preferred_language,
        "is_active": "on",
        "leaves_on": "",
    }


def test_deactivating_an_account_in_the_admin_ends_all_its_sessions(personas):
    victim = personas.investigator_qc
    office, home = Client(), Client()
    sign_in_through_pages(office, victim)
    _next_time_step(victim)
    sign_in_through_pages(home, victim)
    keys = {_session_key(office), _session_key(home)}
    bystander = Client()
    sign_in_through_pages(bystander, personas.team_lead_on)

    admin = Client()
    sign_in_through_pages(admin, personas.admin)
    data = _admin_change_data(victim)
    del data["is_active"]  # the box unticked
    response = admin.post(f"/en/admin/accounts/user/{victim.pk}/change/", data)
    assert response.status_code == 302, response.content.decode()[:2000]

    victim.refresh_from_db()
    assert victim.is_active is False
    assert not Session.objects.filter(session_key__in=keys).exists()
    assert not StaffSession.objects.filter(user=victim).exists()
    assert not _signed_in(office) and not _signed_in(home)
    # Other people's sessions go on.
    assert _signed_in(bystander) and _signed_in(admin)


def test_an_end_date_set_in_the_past_ends_the_sessions_at_once(personas):
    victim = personas.investigator_qc
    browser = Client()
    sign_in_through_pages(browser, victim)
    key = _session_key(browser)

    admin = Client()
    sign_in_through_pages(admin, personas.admin)
    data = _admin_change_data(victim)
    data["leaves_on"] = (timezone.localdate() - timedelta(days=2)).isoformat()
    assert admin.post(f"/en/admin/accounts/user/{victim.pk}/change/", data).status_code == 302

    assert not _exists(key)
    assert not _signed_in(browser)


def test_a_session_ends_when_the_end_date_passes_and_the_account_cannot_sign_in_again():
    user = create_staff("investigator", region_code="ON")
    client = Client()
    sign_in_through_pages(client, user)
    key = _session_key(client)

    # Today is the last day of employment: the session goes on.
    today_in_toronto = timezone.localdate(timezone=zoneinfo.ZoneInfo("America/Toronto"))
    type(user).objects.filter(pk=user.pk).update(leaves_on=today_in_toronto)
    assert _signed_in(client)

    # Move the clock past midnight: the last day is now yesterday (set without
    # saving the account, as the mere passing of time does).
    type(user).objects.filter(pk=user.pk).update(leaves_on=today_in_toronto - timedelta(days=1))
    response = client.get("/en/staff/")
    assert response.status_code == 302
    assert response["Location"] == "/en/accounts/login/"
    assert not _exists(key)
    page = client.get(response["Location"])
    assert "Your account is no longer active" in page.content.decode()
    assert AuditEvent.objects.get(action=Action.SIGN_OUT, actor=user).detail == {"reason": "end_date_passed"}

    # The right password no longer opens a session.
    fresh = Client()
    response = fresh.post("/en/accounts/login/", {"login": user.email, "password": PASSWORD})
    assert response["Location"] == "/en/accounts/inactive/"
    assert not _signed_in(fresh)


def test_a_future_end_date_changes_nothing_yet():
    user = create_staff("investigator")
    user.leaves_on = timezone.localdate() + timedelta(days=30)
    user.save()
    client = Client()
    sign_in_through_pages(client, user)
    assert _signed_in(client)


# Second-factor codes are used once --------------------------------------------------------


def _password_step(client: Client, user) -> None:
    response = client.post("/en/accounts/login/", {"login": user.email, "password": PASSWORD})
    assert response.status_code == 302


def _step_now(user) -> int:
    secret = Authenticator.objects.get(user=user, type=Authenticator.Type.TOTP).data["secret"]
    return int(time.time()) // pyotp.TOTP(secret).interval


def test_a_code_that_opened_a_session_cannot_open_another_in_the_same_time_step():
    user = create_staff("investigator")
    code = fresh_totp_code(user, margin=20)  # the whole test fits in one 30-second step
    step = _step_now(user)

    first = Client()
    _password_step(first, user)
    assert first.post("/en/accounts/2fa/authenticate/", {"code": code}).status_code == 302
    assert _signed_in(first)
    first.post("/en/accounts/logout/")

    # The same person (or someone who saw the code) signs in again with the same
    # code, still within its 30 seconds.
    second = Client()
    _password_step(second, user)
    response = second.post("/en/accounts/2fa/authenticate/", {"code": code})
    assert response.status_code == 200
    assert "This code has already been used. Wait for the next code in your app" in response.content.decode()
    assert not _signed_in(second)
    assert TotpStepUsed.objects.get(authenticator__user=user).step == step

    # Even when the cache where allauth marks used codes is emptied (a restart, a
    # cull of the database cache), the database remembers the time step.
    cache.clear()
    third = Client()
    _password_step(third, user)
    response = third.post("/en/accounts/2fa/authenticate/", {"code": code})
    assert response.status_code == 403
    assert not _signed_in(third)
    assert _step_now(user) == step, "the test took longer than its time step"
    assert AuditEvent.objects.filter(action=Action.SIGN_IN, actor=user).count() == 1


def test_the_next_code_signs_in_after_a_refused_reuse():
    user = create_staff("investigator")
    client = Client()
    sign_in_through_pages(client, user)
    client.post("/en/accounts/logout/")
    used = TotpStepUsed.objects.get(authenticator__user=user).step
    _next_time_step(user)
    sign_in_through_pages(client, user)
    assert _signed_in(client)
    assert TotpStepUsed.objects.get(authenticator__user=user).step == used


def test_a_session_whose_key_changed_with_the_password_is_still_ended_by_deactivation():
    user = create_staff("investigator")
    client = Client()
    sign_in_through_pages(client, user)
    before = _session_key(client)
    new_password = "another horse battery staple"
    response = client.post("/en/accounts/password/change/",
                           {"oldpassword": PASSWORD, "password1": new_password, "password2": new_password})
    assert response.status_code == 302, response.content.decode()[:2000]
    after = _session_key(client)
    assert after != before and _signed_in(client)

    user.is_active = False
    user.save()
    assert not _exists(after)
    assert not _signed_in(client)
