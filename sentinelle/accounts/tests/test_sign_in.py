"""Staff sign-in: password, then a TOTP code; lock-out after repeated failures;
every event in the audit log."""

from __future__ import annotations

import pytest
from django.test import Client

from sentinelle.audit.models import AuditEvent
from sentinelle.test import PASSWORD, create_staff, sign_in_through_pages, totp_now, wrong_code

pytestmark = pytest.mark.django_db
Action = AuditEvent.Action


def _password_step(client: Client, email: str, password: str = PASSWORD):
    return client.post("/en/accounts/login/", {"login": email, "password": password})


def _code_step(client: Client, code: str):
    return client.post("/en/accounts/2fa/authenticate/", {"code": code})


def test_password_then_totp_code_signs_in_and_is_audited():
    user = create_staff("investigator", region_code="QC")
    client = Client()

    response = _password_step(client, user.email)
    assert response.status_code == 302
    assert response["Location"] == "/en/accounts/2fa/authenticate/"
    # The password alone does not open the staff site.
    assert client.get("/en/staff/").status_code == 302

    response = _code_step(client, totp_now(user))
    assert response.status_code == 302
    page = client.get("/en/staff/")
    assert page.status_code == 200
    assert user.full_name in page.content.decode()
    assert AuditEvent.objects.filter(action=Action.SIGN_IN, actor=user).count() == 1


def test_wrong_password_is_refused_and_audited_with_the_address():
    user = create_staff("investigator")
    response = _password_step(Client(REMOTE_ADDR="203.0.113.7"), user.email, "not the password")
    assert response.status_code == 200
    assert "not correct" in response.content.decode()
    event = AuditEvent.objects.get(action=Action.SIGN_IN_FAILED)
    assert event.actor_label == user.email
    assert event.ip_address == "203.0.113.7"


def test_five_wrong_codes_lock_the_account_even_for_the_right_code():
    user = create_staff("team_lead", region_code="ON")
    client = Client()
    assert _password_step(client, user.email).status_code == 302
    bad = wrong_code(user)
    for _attempt in range(4):
        response = _code_step(client, bad)
        assert response.status_code == 200
        assert "Incorrect code" in response.content.decode()

    fifth = _code_step(client, bad)
    assert fifth.status_code == 429
    assert "Account locked" in fifth.content.decode()

    # The right code no longer opens the account...
    refused = _code_step(client, totp_now(user))
    assert refused.status_code == 200
    assert "locked" in refused.content.decode()
    assert client.get("/en/staff/").status_code == 302
    # ...nor does the right password from another browser.
    other = Client()
    assert _password_step(other, user.email).status_code == 429

    assert AuditEvent.objects.filter(action=Action.SECOND_FACTOR_FAILED, actor_label=user.email).count() >= 5
    assert AuditEvent.objects.filter(action=Action.LOCKED_OUT, actor_label=user.email).exists()
    assert not AuditEvent.objects.filter(action=Action.SIGN_IN, actor=user).exists()


def test_lock_out_ends_after_the_cool_off(settings):
    from datetime import timedelta

    from axes.models import AccessAttempt

    user = create_staff("investigator")
    client = Client()
    _password_step(client, user.email)
    bad = wrong_code(user)
    for _attempt in range(5):
        _code_step(client, bad)
    assert _password_step(Client(), user.email).status_code == 429

    # Let the cool-off period pass (and allauth's own rate-limit window with it).
    from django.core.cache import cache

    AccessAttempt.objects.update(attempt_time=AccessAttempt.objects.first().attempt_time - timedelta(hours=1))
    cache.clear()
    sign_in_through_pages(Client(), user)


def test_other_accounts_are_not_locked_by_one_account_failures():
    victim = create_staff("investigator")
    bystander = create_staff("investigator")
    for _attempt in range(6):
        _password_step(Client(), victim.email, "guess")
    sign_in_through_pages(Client(), bystander)


def test_account_without_a_second_factor_must_set_one_up_first():
    user = create_staff("investigator", with_totp=False)
    client = Client()
    response = _password_step(client, user.email)
    assert response.status_code == 302
    response = client.get("/en/staff/")
    assert response.status_code == 302
    assert response["Location"] == "/en/accounts/2fa/totp/activate/"


def test_nobody_can_sign_up():
    response = Client().get("/en/accounts/signup/")
    assert response.status_code == 200
    assert "Sign up closed" in response.content.decode()  # allauth's words, in sentence case
    Client().post("/en/accounts/signup/", {"email": "new@example.org", "password1": "x" * 16, "password2": "x" * 16})
    from sentinelle.accounts.models import User

    assert not User.objects.filter(email="new@example.org").exists()


def test_sign_out_is_audited_and_ends_the_session():
    user = create_staff("investigator")
    client = Client()
    sign_in_through_pages(client, user)
    client.post("/en/accounts/logout/")
    assert client.get("/en/staff/").status_code == 302
    assert AuditEvent.objects.filter(action=Action.SIGN_OUT, actor=user).exists()


def test_sessions_expire_after_idle_time_and_at_browser_close(settings):
    from django.conf import settings as live

    assert live.SESSION_COOKIE_AGE == 30 * 60
    assert live.SESSION_EXPIRE_AT_BROWSER_CLOSE is True
    assert live.SESSION_SAVE_EVERY_REQUEST is True
    user = create_staff("investigator")
    client = Client()
    sign_in_through_pages(client, user)
    response = client.get("/en/staff/")
    cookie = response.cookies["sessionid"]
    assert cookie["max-age"] == ""  # a browser-session cookie
    from django.contrib.sessions.models import Session
    from django.utils import timezone

    Session.objects.update(expire_date=timezone.now())
    assert client.get("/en/staff/").status_code == 302


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_locked_out_staff_member_is_warned_by_email_through_the_task_worker(mailoutbox):
    from django.core.management import call_command

    user = create_staff("investigator", full_name="Priya Sharma")
    client = Client()
    for _attempt in range(5):
        _password_step(client, user.email, "guess")
    assert mailoutbox == []  # sent by the worker, not during the request

    call_command("db_worker", batch=True, no_startup_delay=True, verbosity=0)
    assert len(mailoutbox) == 1
    message = mailoutbox[0]
    assert message.to == [user.email]
    assert "locked" in message.subject.lower() or "verrouill" in message.subject.lower()
    assert "Priya" in message.body
