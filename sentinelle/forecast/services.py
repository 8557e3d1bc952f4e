"""Starting a forecast run from the page: at most one waits or runs at a time;
the task worker computes it (`tasks.run_forecast`, with `compute.execute`)."""

from __future__ import annotations

import datetime
from typing import Any

from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone

from sentinelle.audit.services import Action, record
from sentinelle.forecast.models import ForecastRun, RunStatus
from sentinelle.forecast.tasks import run_forecast
from sentinelle.lib.locking import serialize

# A run still waiting or running after this long is taken as lost (the worker
# stopped): it no longer prevents a new one.
STALE_AFTER = datetime.timedelta(hours=1)


def pending_run() -> ForecastRun | None:
    """A run waiting for the worker or under way, if any."""
    return ForecastRun.objects.filter(
        status__in=[RunStatus.QUEUED, RunStatus.RUNNING], requested_at__gte=timezone.now() - STALE_AFTER
    ).first()


def start_run(*, actor: Any, request: HttpRequest | None = None) -> tuple[ForecastRun, bool]:
    """Queue a run for the task worker, unless one is already waiting or under
    way: then that one is returned, and nothing is started (a double click, or
    two analysts at the same moment, start one run). True when this call started it.

    The check and the creation hold one lock, so that two requests cannot both
    find no run pending."""
    with transaction.atomic():
        serialize("forecast:start")
        pending = pending_run()
        if pending is not None:
            return pending, False
        run = ForecastRun.objects.create(requested_by=actor)
        record(Action.CREATE, actor=actor, request=request, obj=run, forecast_run=run.pk)
        transaction.on_commit(lambda: run_forecast.enqueue(run.pk))
    return run, True


def latest_finished() -> ForecastRun | None:
    return ForecastRun.objects.filter(status=RunStatus.DONE).order_by("-finished_at", "-id").first()
