from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from sentinelle.lib.schedule import start_chains


class Command(BaseCommand):
    help = (
        "Start every recurring job (each app registers its own: reminders, purges, alerts, the download "
        "watch, the dashboard's warming, housekeeping), run by `manage.py db_worker`, unless a run of it "
        "is already waiting or running. Safe on every server at every start."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        said = {"started": "{} scheduled.", "running": "{} was already scheduled.", "off": "{} is off."}
        for each, done in start_chains():
            self.stdout.write(said[done].format(each.title))
