"""Team leads are reminded by e-mail 12 h and 2 h before the 24-hour target, when
it passes and when the 48-hour deadline passes; each reminder once."""

from __future__ import annotations

from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.tasks import TaskResultStatus
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from sentinelle.accounts.models import Notification
from sentinelle.intake.models import Escalation
from sentinelle.intake.tasks import schedule_next_run, send_escalation_reminders
from sentinelle.intake.tests.test_staff_factories import make_referral, make_report
from sentinelle.test import create_staff, sign_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def leads():
    return {
        "fr": create_staff("team_lead", region_code="QC", email="chef@sentinelle.test", full_name="Chantal Chef"),
        "en": create_staff("team_lead", region_code="QC", email="lead@sentinelle.test", full_name="Lee Lead"),
    }


@pytest.fixture
def escalation(leads) -> Escalation:
    from sentinelle.accounts.models import User

    User.objects.filter(email="lead@sentinelle.test").update(preferred_language="en")
    return make_report("QC", danger_now="yes").escalations.get()


def _run(escalation: Escalation, hours_after_opening: float) -> int:
    return send_escalation_reminders.call(now=escalation.opened_at + timedelta(hours=hours_after_opening))


def _pending() -> int:
    return DBTaskResult.objects.filter(task_path=send_escalation_reminders.module_path,
                                       status=TaskResultStatus.READY).count()


def test_each_reminder_is_sent_once_even_when_the_task_runs_twice(escalation, mailoutbox):
    assert _run(escalation, 11) == 0  # 13 h before the target: nothing yet
    assert _run(escalation, 12) == 2  # 12 h before, one e-mail to each lead of the region
    assert _run(escalation, 12.1) == 0
    assert _run(escalation, 22) == 2  # 2 h before
    assert _run(escalation, 22) == 0
    assert _run(escalation, 24.01) == 2  # target passed
    assert _run(escalation, 30) == 0
    assert _run(escalation, 48.01) == 2  # deadline passed
    assert _run(escalation, 60) == 0
    assert len(mailoutbox) == 8
    escalation.refresh_from_db()
    assert escalation.reminders_sent == ["12h", "2h", "target", "deadline"]


def test_reminders_are_in_each_leads_language_and_name_no_worker(escalation, mailoutbox, leads):
    _run(escalation, 24.5)
    by_address = {message.to[0]: message for message in mailoutbox}
    assert set(by_address) == {"chef@sentinelle.test", "lead@sentinelle.test"}
    english = by_address["lead@sentinelle.test"]
    assert "has passed its 24-hour target" in english.subject
    assert escalation.report.reference in english.subject
    assert f"/en/staff/reports/escalations/{escalation.pk}/" in english.body
    assert "Hello Lee" in english.body
    french = by_address["chef@sentinelle.test"]
    assert f"/fr/staff/reports/escalations/{escalation.pk}/" in french.body
    for message in mailoutbox:
        assert "Serres Lachance" not in message.body  # the employer and the worker stay in Sentinelle


def test_a_late_run_sends_only_the_latest_reminder(escalation, mailoutbox):
    assert _run(escalation, 25) == 2
    subjects = {message.to[0]: message.subject for message in mailoutbox}
    assert "has passed its 24-hour target" in subjects["lead@sentinelle.test"]
    assert "a dépassé sa cible de 24 heures" in subjects["chef@sentinelle.test"].replace("\xa0", " ")
    escalation.refresh_from_db()
    assert escalation.reminders_sent == ["12h", "2h", "target"]


def test_a_met_escalation_is_not_reminded(escalation, mailoutbox, leads):
    escalation.measures, escalation.measures_recorded_at = "Done", escalation.opened_at + timedelta(hours=1)
    escalation.save()
    make_referral(escalation, leads["fr"], escalation.opened_at + timedelta(hours=2))
    from sentinelle.intake.escalation import update_met

    assert update_met(escalation)
    assert _run(escalation, 30) == 0
    assert mailoutbox == []


def test_only_the_leads_of_the_region_are_reminded(escalation, mailoutbox):
    create_staff("team_lead", region_code="ON", email="ontario@sentinelle.test")
    create_staff("investigator", region_code="QC", email="investigator@sentinelle.test")
    _run(escalation, 12)
    assert {m.to[0] for m in mailoutbox} == {"chef@sentinelle.test", "lead@sentinelle.test"}


def test_a_region_without_a_lead_falls_back_to_headquarters(mailoutbox):
    create_staff("team_lead", region_code="HQ", email="hq@sentinelle.test")
    escalation = make_report("ATL", hazard_now="yes").escalations.get()
    assert _run(escalation, 12) == 1
    assert mailoutbox[0].to == ["hq@sentinelle.test"]


def test_the_task_reschedules_itself_once_in_five_minutes(escalation):
    now = escalation.opened_at + timedelta(hours=1)
    assert _pending() == 0
    send_escalation_reminders.call(now=now)
    send_escalation_reminders.call(now=now)
    assert _pending() == 1
    waiting = DBTaskResult.objects.get(status=TaskResultStatus.READY)
    assert waiting.run_after == now + timedelta(minutes=5)


def test_the_command_starts_the_chain_only_once():
    call_command("schedule", verbosity=0, stdout=StringIO())
    call_command("schedule", verbosity=0, stdout=StringIO())
    assert _pending() == 1
    assert DBTaskResult.objects.get(task_path=send_escalation_reminders.module_path).run_after <= timezone.now()


# The worker commits for real. Serialized rollback puts the reference data (regions,
# roles, partners) back afterwards, for the transactional tests that follow.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_worker_runs_it(mailoutbox):
    create_staff("team_lead", region_code="QC", email="chef@sentinelle.test")
    report = make_report("QC", danger_now="yes")
    Escalation.objects.filter(report=report).update(target_at=timezone.now() + timedelta(hours=1))
    schedule_next_run(timezone.now())
    call_command("db_worker", batch=True, no_startup_delay=True, verbosity=0)
    assert len(mailoutbox) == 1
    assert "arrive à échéance dans 2 h" in mailoutbox[0].subject.replace("\xa0", " ")  # French spacing
    assert Notification.objects.get().kind == "escalation_2h"
    assert _pending() == 1  # the next run, five minutes later


def test_each_reminder_also_waits_in_the_app_for_each_lead(escalation, leads, client):
    _run(escalation, 12)
    _run(escalation, 24.5)
    english = leads["en"]
    assert [n.kind for n in Notification.objects.filter(user=english)] == ["escalation_target", "escalation_12h"]
    sign_in(client, english)
    home = client.get("/en/staff/")
    assert "Notifications (2 unread)" in home.text
    page = client.get("/en/staff/notifications/")
    assert f"Escalation {escalation.report.reference} has passed its 24-hour target." in page.text
    assert f"Escalation {escalation.report.reference} is due in 12 h." in page.text
    latest = Notification.objects.filter(user=english).first()
    opened = client.get(f"/en/staff/notifications/{latest.pk}/")
    assert opened.status_code == 302 and opened["Location"] == f"/en/staff/reports/escalations/{escalation.pk}/"
    assert "Notifications (1 unread)" in client.get("/en/staff/").text
    client.post("/en/staff/notifications/read/")
    assert "Notifications (" not in client.get("/en/staff/").text
    # The French lead reads the same reminder in French.
    sign_in(client, leads["fr"])
    assert f"L’escalade {escalation.report.reference} a dépassé sa cible de 24 heures." in client.get(
        "/fr/staff/notifications/").text


def test_nobody_opens_someone_elses_notification(escalation, leads, client):
    _run(escalation, 12)
    theirs = Notification.objects.get(user=leads["fr"])
    sign_in(client, leads["en"])
    assert client.get(f"/en/staff/notifications/{theirs.pk}/").status_code == 404
    theirs.refresh_from_db()
    assert theirs.read_at is None
