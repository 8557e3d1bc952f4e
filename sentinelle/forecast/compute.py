"""Counting the quarterly history in the database and running a forecast.

The counts come from one GROUP BY per measure (region × fiscal quarter, the
quarter computed in SQL by plain comparisons), after one MIN for where the
history starts: no report or case is ever loaded. A region's series is its own count;
"all of Canada" is the count over every region (National HQ included)."""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.db.models import Case as CaseExpr
from django.db.models import Count, IntegerField, Min, QuerySet, Value, When
from django.utils import timezone

from sentinelle.accounts.models import Region
from sentinelle.cases.models import Case, CaseStatus
from sentinelle.forecast import methods, quarters
from sentinelle.forecast.models import ForecastPoint, ForecastRun, ForecastSeries, Measure, RunStatus
from sentinelle.intake.models import Report

# Counts by (region id, quarter index).
Counts = dict[tuple[int, int], int]


def bound(quarter: int, *, dates: bool) -> datetime.date | datetime.datetime:
    """The first instant of a fiscal quarter: a day, or local midnight for a date-time."""
    day = quarters.first_day(quarter)
    if dates:
        return day
    return datetime.datetime.combine(day, datetime.time.min, timezone.get_current_timezone())


def quarter_of(field: str, first: int, last: int, *, dates: bool) -> CaseExpr:
    """SQL for the index of the fiscal quarter of `field` (between `first` and
    `last`; later rows get last + 1). Plain comparisons, evaluated by the database
    itself: no function of ours is called per row (SQLite would call Python)."""
    whens = [When(**{f"{field}__lt": bound(q + 1, dates=dates)}, then=Value(q)) for q in range(first, last + 1)]
    return CaseExpr(*whens, default=Value(last + 1), output_field=IntegerField())


def count_by_quarter(
    queryset: QuerySet, field: str, key: str, first: int, last: int, *, dates: bool  # type: ignore[type-arg]
) -> dict[tuple[Any, int], int]:
    """One GROUP BY: the number of rows by `key` and fiscal quarter, from `first` to `last`."""
    rows = (
        queryset.order_by()
        .filter(**{f"{field}__gte": bound(first, dates=dates), f"{field}__lt": bound(last + 1, dates=dates)})
        .annotate(_quarter=quarter_of(field, first, last, dates=dates))
        .values_list(key, "_quarter")
        .annotate(_n=Count("pk"))
    )
    counts: dict[tuple[Any, int], int] = defaultdict(int)
    for row_key, quarter, n in rows:
        counts[(row_key, quarter)] += n
    return counts


def _grouped(queryset: QuerySet, field: str, last: int, *, dates: bool) -> Counts:  # type: ignore[type-arg]
    """By region and fiscal quarter, from the first quarter with a row up to `last`."""
    earliest = queryset.order_by().aggregate(first=Min(field))["first"]
    if earliest is None:
        return {}
    if not dates:
        earliest = timezone.localtime(earliest).date()
    first = quarters.of_date(earliest)
    if first > last:
        return {}
    return count_by_quarter(queryset, field, "region_id", first, last, dates=dates)


def quarterly_counts(last: int) -> dict[str, Counts]:
    """Each measure's counts by region and fiscal quarter, up to quarter `last`."""
    return {
        Measure.REPORTS: _grouped(Report.objects.all(), "submitted_on", last, dates=True),
        Measure.CASES_OPENED: _grouped(Case.objects.all(), "opened_at", last, dates=False),
        Measure.COMPLETIONS: _grouped(
            Case.objects.filter(status=CaseStatus.CLOSED, closed_at__isnull=False), "closed_at", last, dates=False
        ),
    }


@dataclass
class SeriesInput:
    region: Region | None
    measure: str
    first_quarter: int
    values: list[float]


def series_inputs(counts: dict[str, Counts], last_quarter: int) -> list[SeriesInput]:
    """One series per region (National HQ excepted) and all of Canada, per measure:
    from the first quarter with any count up to `last_quarter`, zeros filled in."""
    regions = list(Region.objects.exclude(code=Region.NATIONAL).order_by("id"))
    seen = [q for by_key in counts.values() for (_region, q) in by_key if q <= last_quarter]
    first = min(seen) if seen else last_quarter + 1
    span = range(first, last_quarter + 1)
    inputs: list[SeriesInput] = []
    for measure in Measure.values:
        by_key = counts.get(measure, {})
        national: dict[int, int] = defaultdict(int)
        for (_region, q), n in by_key.items():
            national[q] += n
        inputs.append(SeriesInput(None, measure, first, [float(national[q]) for q in span]))
        for region in regions:
            inputs.append(SeriesInput(region, measure, first, [float(by_key.get((region.pk, q), 0)) for q in span]))
    return inputs


def execute(run: ForecastRun, *, today: datetime.date | None = None) -> ForecastRun:
    """Compute and store a run's forecasts; the run ends "done" or "failed" (with
    the error), never half-stored."""
    run.status = RunStatus.RUNNING
    run.started_at = timezone.now()
    run.error = ""
    run.save(update_fields=["status", "started_at", "error"])
    try:
        last = quarters.last_complete(today or timezone.localdate())
        inputs = series_inputs(quarterly_counts(last), last)
        outcomes = [(item, methods.choose(item.values)) for item in inputs]
        with transaction.atomic():
            for item, outcome in outcomes:
                _store(run, item, outcome, last)
            run.last_quarter = last
            run.status = RunStatus.DONE
            run.finished_at = timezone.now()
            run.save(update_fields=["last_quarter", "status", "finished_at"])
    except Exception as exc:  # whatever went wrong is kept on the run, for the page
        run.status = RunStatus.FAILED
        run.finished_at = timezone.now()
        run.error = f"{type(exc).__name__}: {exc}"[:2000]
        run.save(update_fields=["status", "finished_at", "error"])
    return run


def _store(run: ForecastRun, item: SeriesInput, outcome: methods.Outcome | None, last: int) -> None:
    series = ForecastSeries.objects.create(
        run=run, region=item.region, measure=item.measure,
        method=outcome.method if outcome else "seasonal_naive",
        reason=outcome.reason if outcome else "short_history",
        model_mase=outcome.model_mase if outcome else None,
        baseline_mase=outcome.baseline_mase if outcome else None,
    )
    points = [
        ForecastPoint(series=series, quarter=item.first_quarter + i, value=v)
        for i, v in enumerate(item.values)
    ]
    if outcome is not None:
        points += [
            ForecastPoint(series=series, quarter=last + 1 + k, is_forecast=True, value=v,
                          lower=outcome.lower[k], upper=outcome.upper[k])
            for k, v in enumerate(outcome.forecast)
        ]
    ForecastPoint.objects.bulk_create(points)
