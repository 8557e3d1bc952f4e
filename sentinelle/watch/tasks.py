"""The download watch in the background (run by the task worker, `manage.py db_worker`).

`watch_downloads` runs every ten minutes: it re-enqueues itself each time, and
`manage.py schedule` starts the chain (`manage.py watch_downloads` runs one pass
at once)."""

from __future__ import annotations

from datetime import datetime, timedelta

from sentinelle.lib.schedule import recurring
from sentinelle.watch import engine


@recurring(every=timedelta(minutes=10), title="Download watch")
def watch_downloads(now: datetime | None = None) -> int:
    """Read the audit log since the last run and alert the privacy officers;
    returns the number of new alerts. `now` is for tests."""
    return engine.run(now).raised
