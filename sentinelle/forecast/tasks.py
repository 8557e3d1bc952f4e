"""Background work of the forecasts (run by the task worker, `manage.py db_worker`)."""

from __future__ import annotations

from django.tasks import task

from sentinelle.forecast.compute import execute
from sentinelle.forecast.models import ForecastRun, RunStatus


@task
def run_forecast(run_id: int) -> str:
    """Compute the forecast of a run requested from the page; returns its status."""
    run = ForecastRun.objects.filter(pk=run_id, status=RunStatus.QUEUED).first()
    if run is None:
        return "missing"
    return str(execute(run).status)
