"""Recurring background jobs: each run enqueues the next one (django.tasks has no
scheduler), and every app server asks for the chain when it starts."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.db import connection, transaction
from django.tasks import TaskResultStatus


def enqueue_once(task: Any, run_after: datetime, *, lock: int) -> bool:
    """Enqueue `task` to run after `run_after` unless a run of it is already
    waiting; True when enqueued. The check and the enqueue hold a lock together,
    so that servers starting at once still make one chain (on PostgreSQL an
    advisory lock, `lock` being any number of the job's own; SQLite's IMMEDIATE
    transactions already run one at a time)."""
    from django_tasks_db.models import DBTaskResult

    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_xact_lock(%s)", [lock])
        if DBTaskResult.objects.filter(task_path=task.module_path, status=TaskResultStatus.READY).exists():
            return False
        task.using(run_after=run_after).enqueue()
    return True
