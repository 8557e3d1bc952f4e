from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils import timezone

from sentinelle.privacy.tasks import run_deadline_alerts, schedule_next_alerts


class Command(BaseCommand):
    help = (
        "Start the daily deadline alerts of access requests (run by `manage.py db_worker`), unless a run is "
        "already waiting; with --now, send the alerts due right away instead."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--now", action="store_true", help="Send the alerts due now, in this process.")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["now"]:
            sent = run_deadline_alerts()
            self.stdout.write(f"{sent} deadline alert(s) sent.")
        elif schedule_next_alerts(timezone.now()):
            self.stdout.write("Deadline alerts of access requests scheduled.")
        else:
            self.stdout.write("Deadline alerts of access requests were already scheduled.")
