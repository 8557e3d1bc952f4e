from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from sentinelle.privacy.tasks import run_deadline_alerts


class Command(BaseCommand):
    help = (
        "Send the deadline alerts of access requests due now, in this process. `manage.py schedule` starts "
        "their daily run by `manage.py db_worker`."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        sent = run_deadline_alerts()
        self.stdout.write(f"{sent} deadline alert(s) sent.")
