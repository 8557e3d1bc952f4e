"""The forecast page and the request for a new run."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from sentinelle.forecast import quarters, services
from sentinelle.forecast.models import ForecastRun, ForecastSeries, Measure, Method, RunStatus
from sentinelle.lib.access import require_perm, visible_to

# Quarters of history shown before the forecast.
HISTORY_SHOWN = 8


@dataclass
class Row:
    series: ForecastSeries
    history: list[float | None]
    forecast: list[tuple[float, float | None, float | None]]

    @property
    def uses_model(self) -> bool:
        return self.series.method == Method.HOLT_WINTERS


@dataclass
class Group:
    slug: str
    name: str
    rows: list[Row] = field(default_factory=list)


def groups_for(user: Any, run: ForecastRun) -> tuple[list[Group], list[int], list[int]]:
    """The run's series the user may see, grouped by region (all of Canada first),
    with the quarters of history shown and the forecast quarters."""
    last = run.last_quarter or 0
    series = visible_to(user, run.series.select_related("region").prefetch_related("points"))
    history_quarters = list(range(last - HISTORY_SHOWN + 1, last + 1))
    forecast_quarters = [last + 1, last + 2]
    order = {m: i for i, m in enumerate(Measure.values)}
    groups: dict[int | None, Group] = {}
    for item in sorted(series, key=lambda s: (s.region_id is not None, s.region_id or 0, order[s.measure])):
        key = item.region_id
        if key not in groups:
            groups[key] = Group(
                slug=f"region-{item.region.code.lower()}" if item.region else "canada",
                name=item.region.name if item.region else _("All of Canada"),
            )
        points = {p.quarter: p for p in item.points.all()}
        groups[key].rows.append(Row(
            series=item,
            history=[points[q].value if q in points and not points[q].is_forecast else None
                     for q in history_quarters],
            forecast=[(points[q].value, points[q].lower, points[q].upper)
                      for q in forecast_quarters if q in points and points[q].is_forecast],
        ))
    return list(groups.values()), history_quarters, forecast_quarters


@require_perm("forecast.view_forecast")
def forecast(request: HttpRequest) -> HttpResponse:
    run = services.latest_finished()
    context: dict[str, Any] = {
        "run": run,
        "pending": services.pending_run(),
        "failed": ForecastRun.objects.filter(status=RunStatus.FAILED).order_by("-id").first(),
        "may_run": request.user.has_perm("forecast.run_forecast"),
        "groups": [],
    }
    if context["failed"] and run and context["failed"].pk < run.pk:
        context["failed"] = None
    if run is not None:
        groups, history, ahead = groups_for(request.user, run)
        context.update(
            groups=groups,
            history_labels=[quarters.label(q) for q in history],
            forecast_labels=[quarters.label(q) for q in ahead],
        )
    return render(request, "forecast/forecast.html", context)


@require_perm("forecast.run_forecast")
def start(request: HttpRequest) -> HttpResponse:
    """GET: the confirmation; POST: queue a run for the task worker."""
    if request.method != "POST":
        return render(request, "forecast/start.html", {"pending": services.pending_run()})
    _run, started = services.start_run(actor=request.user, request=request)
    if not started:
        messages.warning(request, _("A forecast is already waiting or running: it was not started again."))
        return redirect("forecast:forecast")
    messages.success(request, _("The forecast has been started. It takes about a minute: reload this page to see it."))
    return redirect("forecast:forecast")
