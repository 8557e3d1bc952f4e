from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils import timezone

from sentinelle.dashboard import snapshot
from sentinelle.dashboard.tasks import interval, schedule_next_run


class Command(BaseCommand):
    help = (
        "Compute the dashboard's opening views (current fiscal year, all of Canada and each region, "
        "French and English) now and keep them. With --schedule, have `manage.py db_worker` do it "
        "a minute before the kept figures expire, again and again."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--schedule", action="store_true",
                            help="Start the recurring run (unless one is already waiting).")

    def handle(self, *args: Any, **options: Any) -> None:
        if interval() is None:
            self.stdout.write("Dashboard figures are not kept (DASHBOARD_FIGURES_SECONDS=0): nothing to warm.")
            return
        if options["schedule"]:
            if schedule_next_run(timezone.now()):
                self.stdout.write("Dashboard warming scheduled.")
            else:
                self.stdout.write("Dashboard warming was already scheduled.")
            return
        self.stdout.write(f"Dashboard: {snapshot.warm()} opening views computed and kept.")
