"""The hourly housekeeping: files a fault left behind are resolved and expired
sessions deleted, without anyone running a command by hand."""

from __future__ import annotations

import datetime
import io
import os

import pytest
from django.contrib.sessions.models import Session
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.db import connection
from django.tasks import TaskResultStatus
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from sentinelle.lib.uploads.store import quarantine_name
from sentinelle.operations.tasks import INTERVAL, housekeeping

pytestmark = pytest.mark.django_db


def test_a_pass_deletes_expired_sessions_and_old_orphaned_files() -> None:
    now = timezone.now()
    Session.objects.create(session_key="a" * 32, session_data="", expire_date=now - datetime.timedelta(minutes=1))
    Session.objects.create(session_key="b" * 32, session_data="", expire_date=now + datetime.timedelta(minutes=20))
    orphan = default_storage.save(quarantine_name("reports/2020/01/orphan.pdf"), ContentFile(b"left over"))
    old = (now - datetime.timedelta(hours=2)).timestamp()
    os.utime(default_storage.path(orphan), (old, old))

    said = housekeeping.call()

    assert list(Session.objects.values_list("session_key", flat=True)) == ["b" * 32]
    assert not default_storage.exists(orphan)
    assert "c) quarantined files without a row deleted: 1" in said


@pytest.mark.skipif(connection.vendor != "sqlite", reason="PostgreSQL's autovacuum analyses tables itself")
def test_a_pass_gives_sqlite_s_query_planner_its_statistics() -> None:
    from sentinelle.intake.tests.test_staff_factories import make_report

    for region in ("QC", "ON", "QC"):
        make_report(region)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")  # creates sqlite_stat1, emptied next: a database never analysed
        cursor.execute("DELETE FROM sqlite_stat1")

    said = housekeeping.call()

    with connection.cursor() as cursor:
        cursor.execute("SELECT stat FROM sqlite_stat1 WHERE tbl = 'intake_report' AND idx = 'report_triage_idx'")
        rows = cursor.fetchall()
    assert rows and rows[0][0].split()[0] == "3"  # three reports counted
    assert "Query planner statistics refreshed" in said


def test_the_run_keeps_one_next_run_waiting_an_hour_ahead() -> None:
    waiting = DBTaskResult.objects.filter(task_path=housekeeping.module_path, status=TaskResultStatus.READY)
    housekeeping.call()
    housekeeping.call()
    assert waiting.count() == 1
    run_after = waiting.get().run_after
    assert run_after is not None and abs((run_after - timezone.now() - INTERVAL).total_seconds()) < 60


def test_scheduling_twice_starts_one_chain() -> None:
    out = io.StringIO()
    call_command("schedule", stdout=out)
    first = out.getvalue().splitlines()
    call_command("schedule", stdout=out)
    assert "Housekeeping scheduled." in first
    assert out.getvalue().splitlines()[len(first):].count("Housekeeping was already scheduled.") == 1
    assert DBTaskResult.objects.filter(task_path=housekeeping.module_path, status=TaskResultStatus.READY).count() == 1


def test_the_command_alone_runs_one_pass_and_schedules_nothing() -> None:
    out = io.StringIO()
    call_command("housekeeping", stdout=out)
    assert "c) quarantined files without a row deleted: 0" in out.getvalue()
    assert not DBTaskResult.objects.filter(task_path=housekeeping.module_path).exists()
