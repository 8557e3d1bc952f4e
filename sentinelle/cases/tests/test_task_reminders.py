"""Reminders of tasks and document requests: in the app and by e-mail, the day
before and on the due date, to whoever must act, each once however many runs
and servers."""

from __future__ import annotations

import datetime

import pytest
from django.core import mail
from django.db import connection
from django.test import Client
from django.utils import timezone

from sentinelle.accounts.models import Notification
from sentinelle.cases import tasks
from sentinelle.cases.models import Activity, ActivityKind, CaseStatus, TaskReminder
from sentinelle.test import at_once, create_case, create_staff, sign_in

TODAY = timezone.localdate()
DAY = datetime.timedelta(days=1)


def make(kind: str, due_on, *, owner=None, case=None, **fields) -> Activity:
    case = case or create_case("QC", assigned_to=owner, status=CaseStatus.IN_INSPECTION)
    author = owner or case.assigned_to or create_staff("team_lead", region_code="QC")
    return Activity.objects.create(case=case, kind=kind, occurred_at=timezone.now(), author=author,
                                   owner=owner if kind == ActivityKind.TASK else None, due_on=due_on,
                                   notes="Bring the payroll records", **fields)


@pytest.mark.parametrize(("due_on", "expected"), [
    (TODAY + DAY, "eve"), (TODAY, "due"), (TODAY + 2 * DAY, None), (TODAY - DAY, None), (None, None)])
def test_which_reminder_is_due_on_which_day(due_on, expected):
    assert tasks.reminder_due(due_on, TODAY) == expected


@pytest.mark.django_db
def test_the_owner_is_reminded_the_day_before_and_on_the_day_once_each():
    owner = create_staff("investigator", region_code="QC", full_name="Inès Gagnon")
    owner.preferred_language = "fr"
    owner.save(update_fields=["preferred_language"])
    task = make(ActivityKind.TASK, TODAY + DAY, owner=owner)

    assert tasks.remind_all(TODAY) == 1
    assert tasks.remind_all(TODAY) == 0  # the next run of the same day sends nothing
    assert len(mail.outbox) == 1 and mail.outbox[0].to == [owner.email]
    assert task.case.reference in mail.outbox[0].subject and "demain" in mail.outbox[0].subject
    assert f"/staff/cases/{task.case.reference}/activities/{task.pk}/" in mail.outbox[0].body

    assert tasks.remind_all(TODAY + DAY) == 1  # the day itself
    assert tasks.remind_all(TODAY + DAY) == 0
    assert tasks.remind_all(TODAY + 2 * DAY) == 0  # overdue: the page says so, no more e-mail
    assert len(mail.outbox) == 2 and "aujourd" in mail.outbox[1].subject
    assert list(Notification.objects.filter(user=owner).values_list("kind", flat=True).order_by("pk")) == [
        "task_eve", "task_due"]

    # The notification reads in the reader's language and opens the task.
    client = Client()
    sign_in(client, owner)
    page = client.get("/fr/staff/notifications/").content.decode()
    assert f"Une tâche du dossier {task.case.reference} est à faire aujourd’hui." in page


@pytest.mark.django_db
def test_a_document_request_reminds_the_investigator_of_the_case():
    investigator = create_staff("investigator", region_code="QC")
    request = make(ActivityKind.DOCUMENT_REQUEST, TODAY, owner=investigator)
    assert tasks.remind_all(TODAY) == 1
    assert mail.outbox[0].to == [investigator.email]
    assert Notification.objects.get(user=investigator).kind == "document_request_due"
    assert "Request for documents" not in mail.outbox[0].subject  # the sentence, not the label
    assert request.case.employer.legal_name in mail.outbox[0].body


@pytest.mark.django_db
def test_nothing_done_received_closed_or_without_anyone_to_act_is_reminded():
    investigator = create_staff("investigator", region_code="QC")
    make(ActivityKind.TASK, TODAY, owner=investigator, done_at=timezone.now())
    make(ActivityKind.DOCUMENT_REQUEST, TODAY, owner=investigator, received_on=TODAY)
    closed = create_case("QC", assigned_to=investigator, status=CaseStatus.CLOSED)
    make(ActivityKind.TASK, TODAY, owner=investigator, case=closed)
    make(ActivityKind.DOCUMENT_REQUEST, TODAY, case=create_case("QC"))  # nobody assigned yet
    assert tasks.remind_all(TODAY) == 0
    assert not mail.outbox and not Notification.objects.exists()


@pytest.mark.django_db
def test_a_new_due_date_is_reminded_again():
    owner = create_staff("investigator", region_code="QC")
    task = make(ActivityKind.TASK, TODAY, owner=owner)
    assert tasks.remind_all(TODAY) == 1
    Activity.objects.filter(pk=task.pk).update(due_on=TODAY + DAY)
    assert tasks.remind_all(TODAY) == 1  # the day before the new date
    assert set(TaskReminder.objects.values_list("kind", "due_on")) == {("due", TODAY), ("eve", TODAY + DAY)}


# Serialized rollback puts the reference data back for the tests that follow: the
# threads commit for real.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_workers_running_at_once_send_each_reminder_once():
    """Two workers (threads with their own database connections) run the same
    reminders at the same moment; each reminder still goes once. (SQLite runs
    one write transaction at a time: nothing to race.)"""
    if connection.vendor != "postgresql":
        pytest.skip("a race needs two connections writing at once (PostgreSQL)")
    owner = create_staff("investigator", region_code="QC")
    for n in range(6):
        make(ActivityKind.TASK if n % 2 else ActivityKind.DOCUMENT_REQUEST, TODAY + (n % 2) * DAY, owner=owner)
    sent = at_once(lambda: tasks.remind_all(TODAY), lambda: tasks.remind_all(TODAY))
    assert sum(sent) == 6
    assert TaskReminder.objects.count() == 6 and Notification.objects.filter(user=owner).count() == 6
    assert len(mail.outbox) == 6
