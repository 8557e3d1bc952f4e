"""Departures: an end date opens the checklist; each item is signed off by its own
person (the return of material by a team lead of the region or an administrator,
the post-employment rules by the departing person, who signs a version; access
ends by itself at the end date); the download watch's "leaving" alerts link to it."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.test import Client
from django.utils import timezone

from sentinelle.accounts.models import (
    Departure,
    Notification,
    PostEmploymentRules,
    User,
    post_employment_ends,
    within_post_employment,
)
from sentinelle.audit.models import AuditEvent
from sentinelle.test import create_staff, page_text, sign_in

pytestmark = pytest.mark.django_db


def _client(user: User) -> Client:
    client = Client()
    sign_in(client, user)
    return client


def _admin_change_data(user: User, leaves_on: date | None) -> dict[str, object]:
    return {"email": user.email, "full_name": user.full_name, "region": user.region_id,
            "roles": list(user.roles.values_list("pk", flat=True)), "preferred_language": user.preferred_language,
            "is_active": "on", "leaves_on": leaves_on.isoformat() if leaves_on else ""}


def _leaving(region_code: str = "QC", *, in_days: int = 14, **kwargs: object) -> User:
    person = create_staff("investigator", region_code=region_code, **kwargs)  # type: ignore[arg-type]
    person.leaves_on = timezone.localdate() + timedelta(days=in_days)
    person.save()
    return person


def _url(person: User, what: str = "") -> str:
    return f"/en/staff/departures/{person.pk}/" + (f"{what}/" if what else "")


def test_setting_the_end_date_in_the_admin_opens_the_checklist_once(personas):
    person = create_staff("investigator", region_code="QC", full_name="Paul Partant")
    lead_qc = create_staff("team_lead", region_code="QC")
    lead_on = personas.team_lead_on
    assert not Departure.objects.exists()
    admin = _client(personas.admin)
    last_day = timezone.localdate() + timedelta(days=20)
    response = admin.post(f"/en/admin/accounts/user/{person.pk}/change/", _admin_change_data(person, last_day))
    assert response.status_code == 302, response.content.decode()[:2000]

    departure = Departure.objects.get(user=person)
    assert AuditEvent.objects.filter(action="create", object_type="accounts.departure",
                                     object_id=str(departure.pk)).count() == 1
    # The person is told; the team leads of their region are asked to sign off, those of another region are not.
    assert Notification.objects.filter(user=person, kind="departure_opened").count() == 1
    assert Notification.objects.filter(user=lead_qc, kind="departure_to_sign_off").count() == 1
    assert not Notification.objects.filter(user=lead_on, kind="departure_to_sign_off").exists()

    # Changing the date keeps the one checklist.
    later = last_day + timedelta(days=7)
    assert admin.post(f"/en/admin/accounts/user/{person.pk}/change/",
                      _admin_change_data(person, later)).status_code == 302
    assert Departure.objects.filter(user=person).count() == 1
    assert Notification.objects.filter(user=person, kind="departure_opened").count() == 1

    page = page_text(_client(person).get("/en/staff/departures/mine/", follow=True).content)
    assert "Your departure checklist" in page
    assert later.isoformat() in page and post_employment_ends(later).isoformat() in page


def test_no_end_date_no_checklist():
    person = create_staff("investigator", region_code="QC")
    person.full_name = "Renamed"
    person.save()
    assert not Departure.objects.exists()
    response = _client(person).get("/en/staff/departures/mine/")
    assert response.status_code == 200
    assert "No end date is recorded for your account" in page_text(response.content)
    assert _client(person).get(_url(person)).status_code == 404


@pytest.mark.parametrize(("role", "region_code", "expected"), [
    ("team_lead", "QC", 302),       # a team lead of the person's region
    ("administrator", "HQ", 302),   # an administrator of National HQ: every region
    ("administrator", "QC", 302),   # an administrator of the region
    ("team_lead", "ON", 404),       # a team lead of another region does not even see it
    ("administrator", "ON", 404),
    ("privacy_officer", "HQ", 403),  # reads the checklist from the watch, signs nothing
    ("investigator", "QC", 404),
])
def test_who_signs_off_the_return_of_material(role, region_code, expected):
    person = _leaving("QC")
    signer = create_staff(role, region_code=region_code)
    response = _client(signer).post(_url(person, "material"), {"note": "Laptop, badge and two notebooks."})
    assert response.status_code == expected
    departure = Departure.objects.get(user=person)
    if expected == 302:
        assert departure.material_returned_by == signer and departure.material_note.startswith("Laptop")
        assert departure.version == 2
        event = AuditEvent.objects.get(action="update", object_type="accounts.departure")
        assert event.actor == signer and event.detail["fields"] == ["material_returned"]
    else:
        assert departure.material_returned_at is None and departure.version == 1
        assert AuditEvent.objects.filter(action="permission_denied", actor=signer).exists()
    if expected == 403:
        assert "a team lead of the person's region or an administrator" in page_text(response.content)


def test_the_departing_person_cannot_sign_off_their_own_material():
    person = create_staff("team_lead", region_code="QC", full_name="Lea Lead")
    person.leaves_on = timezone.localdate() + timedelta(days=3)
    person.save()
    response = _client(person).post(_url(person, "material"), {"note": "Everything."})
    assert response.status_code == 403
    assert "never for their own departure" in page_text(response.content)
    assert Departure.objects.get(user=person).material_returned_at is None


def test_signing_off_needs_what_was_returned_and_keeps_nothing_typed_lost():
    person = _leaving("QC")
    lead = create_staff("team_lead", region_code="QC")
    response = _client(lead).post(_url(person, "material"), {"note": "  "})
    assert response.status_code == 400
    assert "Say what was returned before signing off." in page_text(response.content)
    assert Departure.objects.get(user=person).material_returned_at is None


def test_a_stale_sign_off_is_a_conflict_and_saves_nothing():
    person = _leaving("QC")
    first, second = create_staff("team_lead", region_code="QC"), create_staff("administrator", region_code="HQ")
    assert _client(first).post(_url(person, "material"), {"note": "Laptop.", "version": 1}).status_code == 302
    response = _client(second).post(_url(person, "material"), {"note": "Badge.", "version": 1})
    assert response.status_code in (400, 409)
    departure = Departure.objects.get(user=person)
    assert departure.material_returned_by == first and departure.material_note == "Laptop."


def test_the_departing_person_acknowledges_the_rules_in_force_and_the_version_is_kept():
    person = _leaving("ON", full_name="Nora Départ")
    rules = PostEmploymentRules.current()
    assert rules is not None and rules.version == 1
    client = _client(person)
    page = page_text(client.get(_url(person)).content)
    assert "Post-employment rules, version 1" in page and "For the year after my employment ends" in page
    french = page_text(client.get(f"/fr/staff/departures/{person.pk}/").content)
    assert "Pendant l’année qui suit la fin de mon emploi" in french

    response = client.post(_url(person, "acknowledge"), {"rules_version": 1})
    assert response.status_code == 400  # the box is not ticked
    assert "Tick the box to say you have read the rules." in page_text(response.content)

    assert client.post(_url(person, "acknowledge"), {"rules_version": 1, "read": "on"}).status_code == 302
    departure = Departure.objects.get(user=person)
    assert departure.rules_text == rules and departure.rules_acknowledged_at is not None
    event = AuditEvent.objects.get(action="update", object_type="accounts.departure")
    assert event.actor == person and event.detail["rules_version"] == 1
    # A new version later does not change what was acknowledged.
    PostEmploymentRules.objects.create(version=2, text_en="New rules.", text_fr="Nouvelles règles.",
                                       effective_from=timezone.localdate())
    page = page_text(client.get(_url(person)).content)
    assert "version 1 acknowledged" in page and "New rules." not in page


def test_rules_changed_since_the_page_was_shown_are_not_acknowledged_unread():
    person = _leaving("QC")
    PostEmploymentRules.objects.create(version=2, text_en="Version two of the rules.", text_fr="Version deux.",
                                       effective_from=timezone.localdate())
    response = _client(person).post(_url(person, "acknowledge"), {"rules_version": 1, "read": "on"})
    assert response.status_code == 400
    page = page_text(response.content)
    assert "changed since you opened the page" in page and "Version two of the rules." in page
    assert Departure.objects.get(user=person).rules_acknowledged_at is None


@pytest.mark.parametrize(("role", "region_code"), [("team_lead", "QC"), ("administrator", "HQ"),
                                                   ("privacy_officer", "HQ")])
def test_nobody_else_acknowledges_for_the_departing_person(role, region_code):
    person = _leaving("QC")
    other = create_staff(role, region_code=region_code)
    response = _client(other).post(_url(person, "acknowledge"), {"rules_version": 1, "read": "on"})
    assert response.status_code == 403
    assert "Only the person who is leaving can acknowledge" in page_text(response.content)
    assert Departure.objects.get(user=person).rules_acknowledged_at is None


def test_access_removed_is_done_by_itself_once_the_end_date_has_passed():
    lead = create_staff("team_lead", region_code="QC")
    leaving = _leaving("QC", in_days=10, full_name="Still Here")
    left = _leaving("QC", in_days=-2, full_name="Already Gone")
    assert not leaving.has_left and left.has_left
    client = _client(lead)

    def access_item(person: User) -> str:
        page = page_text(client.get(_url(person)).content)
        item = page.split("Access removed at the end date")[1].split("Post-employment rules acknowledged")[0]
        return item.split("stop working.")[1].strip()  # the item's status, after what it means

    assert access_item(leaving) == "At the end date"
    assert access_item(left) == "Done"
    # The departed person cannot sign in any more to see it: their account is closed.
    assert _client(left).get(_url(left)).status_code != 200


def test_the_list_shows_the_departures_in_progress_of_ones_region():
    lead_qc = create_staff("team_lead", region_code="QC")
    admin_hq = create_staff("administrator", region_code="HQ")
    quebec = _leaving("QC", full_name="Quentin Québec")
    ontario = _leaving("ON", full_name="Olivia Ontario")
    done = _leaving("QC", full_name="Denise Done")
    Departure.objects.filter(user=done).update(material_returned_at=timezone.now(),
                                               rules_acknowledged_at=timezone.now(),
                                               rules_text=PostEmploymentRules.current())
    page = page_text(_client(lead_qc).get("/en/staff/departures/").content)
    assert quebec.full_name in page and ontario.full_name not in page and done.full_name not in page
    page = page_text(_client(admin_hq).get("/en/staff/departures/").content)
    assert quebec.full_name in page and ontario.full_name in page
    assert _client(create_staff("investigator", region_code="QC")).get("/en/staff/departures/").status_code == 403


def test_a_leaving_alert_of_the_download_watch_links_to_the_checklist():
    from sentinelle.watch.models import Alert, RuleKind, WatchRule

    person = _leaving("QC", full_name="Walter Watch")
    rule = WatchRule.objects.get(kind=RuleKind.LEAVING)
    now = timezone.now()
    alert = Alert.objects.create(user=person, rule=rule, window_start=now - timedelta(hours=1), window_end=now,
                                 count=3, threshold=0, first_event_at=now - timedelta(minutes=30),
                                 last_event_at=now - timedelta(minutes=5))
    officer = create_staff("privacy_officer", region_code="HQ")
    client = _client(officer)
    link = f'href="/en/staff/departures/{person.pk}/"'
    assert link in client.get(f"/en/staff/watch/{alert.pk}/").content.decode()
    assert link in client.get("/en/staff/watch/").content.decode()
    response = client.get(f"/en/staff/departures/{person.pk}/")
    assert response.status_code == 200 and "Departure of Walter Watch" in page_text(response.content)


def test_the_post_employment_year():
    assert post_employment_ends(date(2026, 3, 31)) == date(2027, 3, 31)
    assert post_employment_ends(date(2028, 2, 29)) == date(2029, 2, 28)
    leaves_on = date(2026, 6, 30)
    assert not within_post_employment(leaves_on, leaves_on)  # still on staff that day
    assert within_post_employment(leaves_on, date(2026, 7, 1))
    assert within_post_employment(leaves_on, date(2027, 6, 30))
    assert not within_post_employment(leaves_on, date(2027, 7, 1))
    assert not within_post_employment(None, date(2027, 7, 1))


def test_the_list_runs_the_same_queries_for_2_or_12_departures():
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    admin = _client(create_staff("administrator", region_code="HQ"))
    counts = []
    for total in (2, 12):
        while Departure.objects.count() < total:
            _leaving("QC" if Departure.objects.count() % 2 else "ON")
        with CaptureQueriesContext(connection) as queries:
            assert admin.get("/en/staff/departures/").status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1]
