"""Hourly housekeeping in the background (run by the task worker, `manage.py db_worker`):

- uploaded files left behind by a fault are resolved (`manage.py sweep_uploads`);
- expired sessions are deleted from the database (`manage.py clearsessions`).

`manage.py housekeeping --schedule` starts the chain; `manage.py housekeeping`
alone runs one pass at once."""

from __future__ import annotations

import io
import logging
from datetime import datetime, timedelta

from django.core.management import call_command
from django.tasks import task
from django.utils import timezone

from sentinelle.lib.schedule import enqueue_once

INTERVAL = timedelta(hours=1)
# The advisory lock taken while the next run is scheduled (any fixed number).
SCHEDULE_LOCK = 0x40C5E1EE
logger = logging.getLogger(__name__)


def schedule_next_run(run_after: datetime) -> bool:
    """Enqueue the next run unless one is waiting already; True when enqueued."""
    return enqueue_once(housekeeping, run_after, lock=SCHEDULE_LOCK)


def run_once() -> str:
    """One pass; returns what the commands said (counts only, never content)."""
    out = io.StringIO()
    try:
        call_command("sweep_uploads", stdout=out)
    except SystemExit:
        # Rows whose file is lost: reported in `out`, and an operator must look.
        logger.error("Housekeeping: some stored rows have lost their file; run `manage.py sweep_uploads`.")
    call_command("clearsessions")
    return out.getvalue()


@task
def housekeeping(*, reschedule: bool = True) -> str:
    try:
        return run_once()
    finally:
        if reschedule:
            schedule_next_run(timezone.now() + INTERVAL)
