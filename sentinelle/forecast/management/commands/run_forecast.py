from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from sentinelle.forecast.compute import execute
from sentinelle.forecast.models import ForecastRun, RunStatus


class Command(BaseCommand):
    help = "Compute the forecast of intake and completions now (without the task worker) and store it."

    def handle(self, *args: Any, **options: Any) -> None:
        run = execute(ForecastRun.objects.create())
        if run.status != RunStatus.DONE:
            raise CommandError(f"The forecast failed: {run.error}")
        self.stdout.write(
            f"Forecast {run.pk} stored: {run.series.count()} series in {run.seconds:.1f} s."
        )
