from __future__ import annotations

from typing import Any

from sentinelle.lib.schedule import RunOnceCommand
from sentinelle.watch import engine
from sentinelle.watch.tasks import watch_downloads


class Command(RunOnceCommand):
    help = (
        "Run the download watch once now: read the audit log since the last run and raise the alerts due. "
        "`manage.py schedule` starts its run every ten minutes by `manage.py db_worker`."
    )
    job = watch_downloads

    def run_once(self, **options: Any) -> None:
        result = engine.run()
        self.stdout.write(
            f"Download watch: {result.events_read} new events of {result.people} staff members read; "
            f"{result.raised} new alerts, {result.grown} alerts with more events."
        )
