from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand
from django.utils import timezone

from sentinelle.intake.tasks import schedule_next_run


class Command(BaseCommand):
    help = (
        "Start the escalation reminders (every five minutes, run by `manage.py db_worker`), "
        "unless a run is already waiting."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        if schedule_next_run(timezone.now()):
            self.stdout.write("Escalation reminders scheduled.")
        else:
            self.stdout.write("Escalation reminders were already scheduled.")
