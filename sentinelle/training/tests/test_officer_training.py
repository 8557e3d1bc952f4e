"""The ethics officer's own training: the officer and the substitute complete the
ethics officer's course within six months of their designation, then again every
`refresh_months` of the course (twelve by default); the ethics page and the
training register show when it is due and whether it is overdue, and the person
is reminded (in the app and by e-mail) before the date and once it has passed,
each reminder once whatever the number of runs, none after the completion."""

from __future__ import annotations

from datetime import date, timedelta
from html import unescape

import pytest
from django.core import mail
from django.test import Client
from django.utils import timezone

from sentinelle.accounts.models import Notification, RoleCode
from sentinelle.ethics.models import Post
from sentinelle.ethics.tests.factories import designate
from sentinelle.test import at_once, create_staff, example_count, sign_in
from sentinelle.training import obligations
from sentinelle.training.models import Completion, Course, CourseCode, ObligationReminder
from sentinelle.training.tasks import remind_all

pytestmark = pytest.mark.django_db


def course() -> Course:
    return Course.objects.get(code=CourseCode.ETHICS_OFFICER)


def _client(user) -> Client:  # type: ignore[no-untyped-def]
    client = Client()
    sign_in(client, user)
    return client


def test_the_ethics_officer_course_is_reference_data_taken_again_every_twelve_months():
    ethics = course()
    assert ethics.refresh_months == 12
    assert ethics.name_fr == "Formation du responsable de la gestion de l’éthique et de l’intégrité"
    assert all(getattr(ethics, f"name_{language}") for language in ("en", "fr", "es", "tl"))


@pytest.mark.parametrize(("since", "completions", "refresh", "expected"), [
    (date(2026, 3, 1), [], 12, date(2026, 9, 1)),  # six months after the designation
    (date(2026, 8, 31), [], 12, date(2027, 2, 28)),  # a shorter month: its last day
    (date(2026, 3, 1), [date(2026, 5, 20)], 12, date(2027, 5, 20)),  # then every twelve months
    (date(2026, 3, 1), [date(2026, 5, 20), date(2027, 4, 2)], 12, date(2028, 4, 2)),  # from the latest
    (date(2026, 3, 1), [date(2026, 5, 20)], 24, date(2028, 5, 20)),  # as the course says
    (date(2026, 3, 1), [date(2026, 5, 20)], None, None),  # a course taken once: done
    (date(2026, 3, 1), [date(2025, 12, 1)], 12, date(2026, 9, 1)),  # taken before the designation: not for it
])
def test_the_due_date(since, completions, refresh, expected):
    assert obligations.due_on(since, completions, refresh) == expected


def test_the_due_date_is_never_later_than_six_months_and_follows_the_latest_completion():
    from hypothesis import given, settings
    from hypothesis import strategies as st

    @settings(max_examples=example_count(200), deadline=None)
    @given(st.dates(date(2020, 1, 1), date(2030, 12, 31)),
           st.lists(st.integers(-400, 2000), max_size=5), st.integers(1, 36))
    def check(since, offsets, refresh):  # type: ignore[no-untyped-def]
        days = [since + timedelta(days=n) for n in offsets]
        due = obligations.due_on(since, days, refresh)
        counted = [d for d in days if d >= since]
        assert due is not None
        if not counted:
            assert 181 <= (due - since).days <= 184
        else:
            assert 28 * refresh <= (due - max(counted)).days <= 31 * refresh

    check()


def test_the_ethics_page_and_the_register_show_the_due_date_and_overdue(personas):
    today = timezone.localdate()
    officer = create_staff(RoleCode.INVESTIGATOR, region_code="QC", full_name="Patrice Éthier")
    substitute = create_staff(RoleCode.INTAKE_AGENT, region_code="QC", full_name="Fatima El Amrani")
    designate(officer, starts_on=today - timedelta(days=200))  # more than six months ago: overdue
    designate(substitute, Post.SUBSTITUTE, starts_on=today - timedelta(days=10))
    officer_due = obligations.add_months(today - timedelta(days=200), 6)
    substitute_due = obligations.add_months(today - timedelta(days=10), 6)

    admin = create_staff(RoleCode.ADMINISTRATOR, region_code="HQ")
    page = unescape(_client(admin).get("/en/staff/ethics/").content.decode())
    assert "Training owed by a date because of a designation" in page
    assert f"{officer_due:%Y-%m-%d}" in page and f"{substitute_due:%Y-%m-%d}" in page
    assert page.count("Overdue") == 1

    # The register: a team lead of the region sees both; the officer sees their own only.
    lead = create_staff(RoleCode.TEAM_LEAD, region_code="QC")
    register = unescape(_client(lead).get("/en/staff/training/").content.decode())
    assert "Patrice Éthier" in register and "Fatima El Amrani" in register and "Overdue" in register
    own = unescape(_client(officer).get("/fr/staff/training/").content.decode())
    assert "Patrice Éthier" in own and "Fatima El Amrani" not in own
    assert "En retard" in own and f"{officer_due:%Y-%m-%d}" in own
    other_region = create_staff(RoleCode.TEAM_LEAD, region_code="ON")
    assert "Patrice Éthier" not in _client(other_region).get("/en/staff/training/").content.decode()

    # Once completed, the next one is due twelve months later and nothing is overdue.
    Completion.objects.create(user=officer, course=course(), completed_on=today - timedelta(days=3))
    page = unescape(_client(admin).get("/en/staff/ethics/").content.decode())
    assert "Overdue" not in page
    assert f"{obligations.add_months(today - timedelta(days=3), 12):%Y-%m-%d}" in page


def test_reminders_go_once_before_the_date_and_once_after_it_and_none_after_the_completion():
    start = date(2026, 3, 1)
    officer = create_staff(RoleCode.INVESTIGATOR, region_code="QC")
    officer.preferred_language = "en"
    officer.save()
    designate(officer, starts_on=start)
    due = date(2026, 9, 1)

    assert remind_all(date(2026, 7, 1)) == 0  # two months ahead: nothing yet
    assert remind_all(date(2026, 8, 10)) == 1  # within thirty days
    assert remind_all(date(2026, 8, 10)) == 0  # a second run (or a second server): nothing more
    assert remind_all(date(2026, 8, 20)) == 0  # nor on a later day for the same due date
    assert [(n.kind, n.params["due"]) for n in Notification.objects.filter(user=officer)] == [
        ("course_soon", due.isoformat())]
    assert len(mail.outbox) == 1 and mail.outbox[0].to == [officer.email]
    assert "2026-09-01" in mail.outbox[0].subject

    assert remind_all(date(2026, 9, 2)) == 1  # overdue: once more
    assert remind_all(date(2026, 9, 3)) == 0
    assert list(ObligationReminder.objects.values_list("kind", "due_on")) == [("soon", due), ("overdue", due)]
    assert len(mail.outbox) == 2 and "is overdue" in mail.outbox[1].subject

    Completion.objects.create(user=officer, course=course(), completed_on=date(2026, 9, 10))
    for day in (date(2026, 9, 11), date(2026, 12, 1), date(2027, 7, 1)):
        assert remind_all(day) == 0  # the next one is due 2027-09-10
    assert remind_all(date(2027, 8, 20)) == 1  # a month before the next due date, a new reminder


def test_the_reminder_is_in_the_persons_language_and_reaches_nobody_whose_designation_ended():
    officer = create_staff(RoleCode.INVESTIGATOR, region_code="QC")
    officer.preferred_language = "fr"
    officer.save()
    designate(officer, starts_on=date(2026, 3, 1))
    former = create_staff(RoleCode.INVESTIGATOR, region_code="ON")
    designate(former, Post.SUBSTITUTE, starts_on=date(2026, 1, 1), ends_on=date(2026, 6, 30))
    assert remind_all(date(2026, 8, 10)) == 1
    assert [m.to for m in mail.outbox] == [[officer.email]]
    assert "Votre formation" in mail.outbox[0].subject
    assert "Formation du responsable de la gestion de l’éthique et de l’intégrité" in mail.outbox[0].body


# Serialized rollback puts the reference data back for the tests that follow: the threads commit for real.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_workers_running_at_once_send_each_reminder_once():
    """Two workers (threads with their own connections) run the reminders at the
    same moment; each one still goes once. (SQLite runs one write transaction at
    a time: nothing to race.)"""
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("a race needs two connections writing at once (PostgreSQL)")
    for n in range(3):
        designate(create_staff(RoleCode.INVESTIGATOR, region_code="QC"), starts_on=date(2026, 3, 1) + timedelta(days=n))
    sent = at_once(lambda: remind_all(date(2026, 8, 20)), lambda: remind_all(date(2026, 8, 20)))
    assert sum(sent) == 3 and ObligationReminder.objects.count() == 3 and len(mail.outbox) == 3
    assert Notification.objects.filter(kind="course_soon").count() == 3
