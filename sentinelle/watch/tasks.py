"""The download watch in the background (run by the task worker, `manage.py db_worker`).

`watch_downloads` runs every ten minutes: it re-enqueues itself each time, and
`manage.py watch_downloads --schedule` starts the chain (`manage.py
watch_downloads` alone runs one pass at once)."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.tasks import task
from django.utils import timezone

from sentinelle.lib.schedule import enqueue_once
from sentinelle.watch import engine

INTERVAL = timedelta(minutes=10)
# The advisory lock taken while the next run is scheduled (any fixed number).
SCHEDULE_LOCK = 0x5E47C4ED


def schedule_next_run(run_after: datetime) -> bool:
    """Enqueue the next run unless one is waiting already; True when enqueued."""
    return enqueue_once(watch_downloads, run_after, lock=SCHEDULE_LOCK)


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
