"""The download watch in the background (run by the task worker, `manage.py db_worker`).

`watch_downloads` runs every ten minutes: it re-enqueues itself each time, and
`manage.py watch_downloads --schedule` starts the chain (`manage.py
watch_downloads` alone runs one pass at once)."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.db import connection, transaction
from django.tasks import TaskResultStatus, task
from django.utils import timezone

from sentinelle.watch import engine

INTERVAL = timedelta(minutes=10)
# The advisory lock taken while the next run is scheduled (any fixed number).
SCHEDULE_LOCK = 0x5E47C4ED


def schedule_next_run(run_after: datetime) -> bool:
    """Enqueue the next run unless one is waiting already; True when enqueued.
    The check and the enqueue hold a lock together, so that servers starting at
    once still make one chain."""
    from django_tasks_db.models import DBTaskResult

    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_xact_lock(%s)", [SCHEDULE_LOCK])
        waiting = DBTaskResult.objects.filter(
            task_path=watch_downloads.module_path, status=TaskResultStatus.READY
        ).exists()
        if waiting:
            return False
        watch_downloads.using(run_after=run_after).enqueue()
    return True


@task
def watch_downloads(now: datetime | None = None, *, reschedule: bool = True) -> int:
    """Read the audit log since the last run and alert the privacy officers;
    returns the number of new alerts. `now` is for tests."""
    now = now or timezone.now()
    try:
        return engine.run(now).raised
    finally:
        # Whatever happened, the watch goes on.
        if reschedule:
            schedule_next_run(now + INTERVAL)
