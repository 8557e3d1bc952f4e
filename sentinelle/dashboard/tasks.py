"""The dashboard's opening views and the public statistics computed in the background (run by the task
worker, `manage.py db_worker`), so that the first person to open the dashboard
after the figures expire does not wait for them.

`keep_dashboard_warm` runs a minute before the kept figures expire and
re-enqueues itself; `manage.py schedule` starts the chain (`manage.py
warm_dashboard` computes them once, now)."""

from __future__ import annotations

from datetime import timedelta

from sentinelle.dashboard import public, snapshot
from sentinelle.lib.kept import kept_seconds
from sentinelle.lib.schedule import recurring


def interval() -> timedelta | None:
    """How often to compute: a minute before the kept figures expire; None when
    figures are not kept at all (each view computes its own)."""
    seconds = kept_seconds()
    if seconds <= 0:
        return None
    return timedelta(seconds=max(60, seconds - 60))


@recurring(every=interval, title="Dashboard warming")
def keep_dashboard_warm() -> int:
    """Compute the opening views and the public statistics (in every language)
    now; returns the number of dashboard snapshots kept."""
    if not interval():
        return 0
    kept = snapshot.warm()
    public.warm()
    return kept
