"""The dashboard's opening views computed in the background (run by the task
worker, `manage.py db_worker`), so that the first person to open the dashboard
after the figures expire does not wait for them.

`keep_dashboard_warm` runs a minute before the kept figures expire and
re-enqueues itself; `manage.py warm_dashboard --schedule` starts the chain
(`manage.py warm_dashboard` alone computes them once, now)."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.tasks import task
from django.utils import timezone

from sentinelle.dashboard import snapshot
from sentinelle.lib.schedule import enqueue_once

# The advisory lock taken while the next run is scheduled (any fixed number).
SCHEDULE_LOCK = 0xDA5B0A2D


def interval() -> timedelta | None:
    """How often to compute: a minute before the kept figures expire; None when
    figures are not kept at all (each view computes its own)."""
    seconds = snapshot.kept_seconds()
    if seconds <= 0:
        return None
    return timedelta(seconds=max(60, seconds - 60))


def schedule_next_run(run_after: datetime) -> bool:
    """Enqueue the next run unless one is waiting already; True when enqueued."""
    return enqueue_once(keep_dashboard_warm, run_after, lock=SCHEDULE_LOCK)


@task
def keep_dashboard_warm(*, reschedule: bool = True) -> int:
    """Compute the opening views now; returns the number of snapshots kept."""
    every = interval()
    if every is None:
        return 0
    try:
        return snapshot.warm()
    finally:
        if reschedule:
            schedule_next_run(timezone.now() + every)
