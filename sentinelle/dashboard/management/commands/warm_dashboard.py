from __future__ import annotations

from typing import Any

from sentinelle.dashboard import public, snapshot
from sentinelle.dashboard.tasks import interval, keep_dashboard_warm
from sentinelle.lib.schedule import RunOnceCommand


class Command(RunOnceCommand):
    help = (
        "Compute the dashboard's opening views (current fiscal year, all of Canada and each region, "
        "French and English) now and keep them. `manage.py schedule` has `manage.py db_worker` do it "
        "a minute before the kept figures expire, again and again."
    )
    job = keep_dashboard_warm

    def handle(self, *args: Any, **options: Any) -> None:
        if interval() is None:
            self.stdout.write("Dashboard figures are not kept (DASHBOARD_FIGURES_SECONDS=0): nothing to warm.")
            return
        super().handle(*args, **options)

    def run_once(self, **options: Any) -> None:
        self.stdout.write(f"Dashboard: {snapshot.warm()} opening views computed and kept.")
        self.stdout.write(f"Public statistics: computed and kept in {public.warm()} languages.")
