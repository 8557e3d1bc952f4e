"""Contacts by former staff: any staff member records one; within the year after
the person's end date it is flagged to the ethics officer and substitute on duty,
who are notified and alone read the records; later it is recorded unflagged and
nobody is notified; a contact by someone still on staff is refused."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.contrib import admin
from django.test import Client
from django.utils import timezone

from sentinelle.accounts.models import Notification, User
from sentinelle.audit.models import AuditEvent
from sentinelle.ethics.models import FormerStaffContact, Post
from sentinelle.test import create_staff, page_text, sign_in

from .factories import designate

pytestmark = pytest.mark.django_db

ABOUT = "Asked by phone where the file of Ferme Tremblay stands, for the employer she now advises."


def _client(user: User) -> Client:
    client = Client()
    sign_in(client, user)
    return client


def _former(left_days_ago: int, name: str = "Fanny Former") -> User:
    person = create_staff("investigator", region_code="QC", full_name=name)
    person.leaves_on = timezone.localdate() - timedelta(days=left_days_ago)
    person.save()
    return person


def _record(recorder: User, former: User, contacted_on: date | None = None, language: str = "en"):  # type: ignore[no-untyped-def]
    return _client(recorder).post(f"/{language}/staff/ethics/former-staff/new/", {
        "former": former.pk, "file_reference": " C-2026-000045 ",
        "contacted_on": (contacted_on or timezone.localdate()).isoformat(), "about": ABOUT}, follow=True)


@pytest.fixture
def officers():  # type: ignore[no-untyped-def]
    officer = create_staff("investigator", region_code="QC", full_name="Éloïse Éthique")
    substitute = create_staff("intake_agent", region_code="ON", full_name="Samuel Substitut")
    designate(officer)
    designate(substitute, Post.SUBSTITUTE)
    return officer, substitute


def test_a_contact_within_the_year_is_flagged_and_the_officer_and_substitute_are_told(officers):
    officer, substitute = officers
    former = _former(200)
    recorder = create_staff("intake_agent", region_code="ON", full_name="Rita Recorder")
    response = _record(recorder, former)
    assert response.status_code == 200
    assert "flagged to the ethics officer" in page_text(response.content)
    contact = FormerStaffContact.objects.get()
    assert contact.within_year and contact.former == former and contact.recorded_by == recorder
    assert contact.file_reference == "C-2026-000045" and contact.left_on == former.leaves_on
    for reader in (officer, substitute):
        notice = Notification.objects.get(user=reader, kind="ethics_former_staff_contact")
        assert notice.target_url == "/en/staff/ethics/former-staff/"
    assert Notification.objects.filter(kind="ethics_former_staff_contact").count() == 2
    # The officer's list shows it, flagged.
    page = page_text(_client(officer).get("/en/staff/ethics/former-staff/").content)
    flagged = page.split("Within the year after the end date (flagged)")[1].split("More than a year")[0]
    assert former.full_name in flagged and ABOUT in flagged and recorder.full_name in flagged
    # Reading the list is audited; the audit log never says who or whether it was flagged.
    assert AuditEvent.objects.filter(action="view", actor=officer).exists()
    created = AuditEvent.objects.get(action="create", object_type="ethics.formerstaffcontact")
    assert former.full_name not in created.object_label and "within" not in str(created.detail)
    assert str(former.pk) not in str(created.detail)


@pytest.mark.parametrize(("left_days_ago", "flagged"), [(1, True), (365, True), (366, False), (800, False)])
def test_the_year_is_counted_from_the_end_date(officers, left_days_ago, flagged):
    former = _former(left_days_ago)
    leaves_on = former.leaves_on
    assert leaves_on is not None
    one_year_later = leaves_on.replace(year=leaves_on.year + 1) if not (leaves_on.month == 2 and leaves_on.day == 29) \
        else date(leaves_on.year + 1, 2, 28)
    assert flagged == (timezone.localdate() <= one_year_later)
    _record(create_staff("team_lead", region_code="QC"), former)
    assert FormerStaffContact.objects.get().within_year is flagged
    assert Notification.objects.filter(kind="ethics_former_staff_contact").exists() is flagged


def test_a_contact_after_the_year_is_recorded_without_the_flag_and_says_so(officers):
    officer, _substitute = officers
    former = _former(500)
    response = _record(create_staff("investigator", region_code="ON"), former)
    page = page_text(response.content)
    assert "more than a year after the person's end date" in page and former.leaves_on.isoformat() in page
    assert not FormerStaffContact.objects.get().within_year
    assert not Notification.objects.filter(kind="ethics_former_staff_contact").exists()
    listing = page_text(_client(officer).get("/en/staff/ethics/former-staff/").content)
    assert former.full_name in listing.split("More than a year after the end date")[1]
    # The same message in French.
    FormerStaffContact.objects.all().delete()
    french = page_text(_record(create_staff("investigator", region_code="ON"), former, language="fr").content)
    assert "plus d’un an après" in french


def test_a_contact_before_the_end_date_or_in_the_future_is_refused_with_the_reason(officers):
    former = _former(10)
    recorder = create_staff("intake_agent", region_code="QC")
    response = _record(recorder, former, contacted_on=former.leaves_on)
    assert response.status_code == 400
    assert "was still on staff on that day" in page_text(response.content)
    assert ABOUT in response.content.decode().replace("&#x27;", "'")  # what was typed is kept
    response = _record(recorder, former, contacted_on=timezone.localdate() + timedelta(days=1))
    assert response.status_code == 400 and "in the future" in page_text(response.content)
    # Someone still on staff is not offered.
    colleague = create_staff("investigator", region_code="QC")
    response = _record(recorder, colleague)
    assert response.status_code == 400 and "Choose a former staff member from the list." in page_text(response.content)
    assert not FormerStaffContact.objects.exists()
    assert not Notification.objects.filter(kind="ethics_former_staff_contact").exists()


@pytest.mark.parametrize(("role", "region_code"), [
    ("administrator", "HQ"), ("privacy_officer", "HQ"), ("team_lead", "QC"), ("manager", "HQ"), ("investigator", "QC"),
])
def test_no_other_role_sees_the_flags(officers, role, region_code):
    former = _former(30)
    _record(create_staff("intake_agent", region_code="QC"), former)
    other = create_staff(role, region_code=region_code)
    client = _client(other)
    assert client.get("/en/staff/ethics/former-staff/").status_code == 403
    ethics_page = client.get("/en/staff/ethics/").content.decode()
    assert "/en/staff/ethics/former-staff/new/" in ethics_page  # everyone may record one
    assert 'href="/en/staff/ethics/former-staff/"' not in ethics_page
    assert former.full_name not in page_text(client.get("/en/staff/").content)
    assert not Notification.objects.filter(user=other).exists()
    # Nor on the admin site.
    assert FormerStaffContact not in admin.site._registry


def test_the_list_runs_the_same_queries_for_2_or_12_contacts(officers):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    officer, _substitute = officers
    client = _client(officer)
    counts = []
    for total in (2, 12):
        while FormerStaffContact.objects.count() < total:
            n = FormerStaffContact.objects.count()
            _record(create_staff("intake_agent", region_code="QC"), _former(30 + 200 * (n % 3), f"Former {n}"))
        with CaptureQueriesContext(connection) as queries:
            assert client.get("/en/staff/ethics/former-staff/").status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1]
