from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils import timezone

from sentinelle.watch import engine
from sentinelle.watch.tasks import schedule_next_run


class Command(BaseCommand):
    help = (
        "Run the download watch once now: read the audit log since the last run and raise the alerts due. "
        "With --schedule, start the run every ten minutes by `manage.py db_worker` instead."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--schedule", action="store_true",
                            help="Start the recurring run (unless one is already waiting).")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["schedule"]:
            if schedule_next_run(timezone.now()):
                self.stdout.write("Download watch scheduled.")
            else:
                self.stdout.write("Download watch was already scheduled.")
            return
        result = engine.run()
        self.stdout.write(
            f"Download watch: {result.events_read} new events of {result.people} staff members read; "
            f"{result.raised} new alerts, {result.grown} alerts with more events."
        )
