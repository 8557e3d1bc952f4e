from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils import timezone

from sentinelle.operations.tasks import run_once, schedule_next_run


class Command(BaseCommand):
    help = (
        "Resolve uploaded files left behind by a fault and delete expired sessions, once, now. "
        "With --schedule, have `manage.py db_worker` do it every hour instead."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--schedule", action="store_true",
                            help="Start the hourly run (unless one is already waiting).")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["schedule"]:
            if schedule_next_run(timezone.now()):
                self.stdout.write("Housekeeping scheduled.")
            else:
                self.stdout.write("Housekeeping was already scheduled.")
            return
        self.stdout.write(run_once())
