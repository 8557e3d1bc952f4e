"""Hourly housekeeping in the background (run by the task worker, `manage.py db_worker`):

- uploaded files left behind by a fault are resolved (`manage.py sweep_uploads`);
- expired sessions are deleted from the database (`manage.py clearsessions`);
- on SQLite, the query planner's statistics are refreshed (`ANALYZE`): without
  them it may pick a region's index over the triage index and read every report
  of the region. PostgreSQL's autovacuum does this by itself.

- every recurring chain that has died (no run waiting or running: a worker killed
  in the middle of a run, a queue emptied by hand) is started again.

`manage.py schedule` starts the chain; `manage.py housekeeping` runs one pass at
once."""

from __future__ import annotations

import io
import logging
from datetime import timedelta

from django.core.management import call_command
from django.db import connection

from sentinelle.lib.schedule import recurring, start_chains

INTERVAL = timedelta(hours=1)
logger = logging.getLogger(__name__)


@recurring(every=INTERVAL, title="Housekeeping")
def housekeeping() -> str:
    """One pass; returns what the commands said (counts only, never content)."""
    out = io.StringIO()
    try:
        call_command("sweep_uploads", stdout=out)
    except SystemExit:
        # Rows whose file is lost: reported in `out`, and an operator must look.
        logger.error("Housekeeping: some stored rows have lost their file; run `manage.py sweep_uploads`.")
    call_command("clearsessions")
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        out.write("Query planner statistics refreshed (SQLite ANALYZE).\n")
    for each, done in start_chains(leave=housekeeping):
        if done == "started":
            out.write(f"{each.title} had stopped: started again.\n")
    return out.getvalue()
