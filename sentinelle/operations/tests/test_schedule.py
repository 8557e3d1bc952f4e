"""One command starts every recurring job; the hourly housekeeping starts again
a job whose chain has died."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django.tasks import TaskResultStatus
from django.test import override_settings
from django_tasks_db.models import DBTaskResult

from sentinelle.cases.tasks import send_task_reminders
from sentinelle.dashboard.tasks import keep_dashboard_warm
from sentinelle.intake.tasks import (
    purge_expired_records,
    remind_unanswered_referrals,
    send_escalation_reminders,
)
from sentinelle.operations.tasks import housekeeping
from sentinelle.privacy.tasks import send_deadline_alerts
from sentinelle.watch.tasks import watch_downloads

pytestmark = pytest.mark.django_db

# Every recurring job of the application, named independently of the registry.
EVERY_JOB = {job.module_path for job in (send_escalation_reminders, purge_expired_records, send_deadline_alerts,
                                          watch_downloads, keep_dashboard_warm, housekeeping, send_task_reminders,
                                          remind_unanswered_referrals)} | {
    # The ethics officer's coverage check (an app of the same floor, named by its path).
    "sentinelle.ethics.tasks.check_coverage",
    # Reminders of courses owed by obligation (the ethics officer's own training).
    "sentinelle.training.tasks.remind_courses_due",
}


def waiting() -> list[str]:
    return sorted(DBTaskResult.objects.filter(status=TaskResultStatus.READY).values_list("task_path", flat=True))


@override_settings(DASHBOARD_FIGURES_SECONDS=600)
def test_schedule_starts_every_chain_once_and_a_second_schedule_adds_none() -> None:
    out = io.StringIO()
    call_command("schedule", stdout=out)
    assert waiting() == sorted(EVERY_JOB)
    assert out.getvalue().count(" scheduled.") == len(EVERY_JOB)
    again = io.StringIO()
    call_command("schedule", stdout=again)
    assert waiting() == sorted(EVERY_JOB)
    assert again.getvalue().count("was already scheduled.") == len(EVERY_JOB)


@override_settings(DASHBOARD_FIGURES_SECONDS=0)
def test_a_job_that_is_off_is_not_started() -> None:
    out = io.StringIO()
    call_command("schedule", stdout=out)
    assert waiting() == sorted(EVERY_JOB - {keep_dashboard_warm.module_path})
    assert "Dashboard warming is off." in out.getvalue()


def test_a_running_job_is_not_started_twice() -> None:
    call_command("schedule", stdout=io.StringIO())
    DBTaskResult.objects.filter(task_path=watch_downloads.module_path).update(status=TaskResultStatus.RUNNING)
    call_command("schedule", stdout=io.StringIO())
    assert watch_downloads.module_path not in waiting()


@override_settings(DASHBOARD_FIGURES_SECONDS=600)
def test_housekeeping_starts_again_a_chain_that_has_died() -> None:
    call_command("schedule", stdout=io.StringIO())
    # A worker killed in the middle of the purge: its next run was never enqueued.
    DBTaskResult.objects.filter(task_path=purge_expired_records.module_path).delete()
    assert purge_expired_records.module_path not in waiting()
    said = housekeeping.call()
    assert waiting() == sorted(EVERY_JOB)
    assert "Daily purge had stopped: started again." in said
    assert said.count("started again") == 1
