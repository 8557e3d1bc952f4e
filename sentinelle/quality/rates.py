"""The share of reviewed randomly-sampled files without substantial error.

Only files of the random sample count (targeted reviews are chosen on purpose and
would bias the rate), each by the verdict of its first review, in the quarter in
which it was closed and drawn. The confidence interval is Wilson's score
interval at 95 %."""

from __future__ import annotations

import datetime
import math
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from sentinelle.quality.models import (
    Answer,
    Basis,
    ChecklistItem,
    ItemAnswer,
    Selection,
    fiscal_year_of,
    quarter_bounds,
    quarter_label,
    quarter_of,
)

Z_95 = 1.959963984540054  # the 97.5th percentile of the standard normal distribution


@dataclass(frozen=True)
class QualityRate:
    """One period (a quarter of the fiscal year) of the quality rate."""

    label: str                      # "2026-2027 Q1"
    start: datetime.date
    end: datetime.date              # inclusive
    reviewed: int                   # randomly-sampled files whose review is complete
    without_substantial_error: int
    rate: float | None              # None when nothing was reviewed
    low: float | None               # 95 % Wilson interval
    high: float | None
    target: Decimal | None          # the target in force (0.80, 0.90), if any


def wilson_interval(successes: int, trials: int, z: float = Z_95) -> tuple[float, float] | None:
    """Wilson's score interval for a proportion; None without any trial."""
    if trials <= 0:
        return None
    p = successes / trials
    z2 = z * z
    denominator = 1 + z2 / trials
    centre = (p + z2 / (2 * trials)) / denominator
    half = z * math.sqrt(p * (1 - p) / trials + z2 / (4 * trials * trials)) / denominator
    return max(0.0, centre - half), min(1.0, centre + half)


def quarters(start: datetime.date, end: datetime.date) -> Iterator[tuple[int, int]]:
    """(fiscal year, quarter) of every quarter overlapping [start, end]."""
    fiscal_year, quarter = fiscal_year_of(start), quarter_of(start)
    while quarter_bounds(fiscal_year, quarter)[0] <= end:
        yield fiscal_year, quarter
        fiscal_year, quarter = (fiscal_year, quarter + 1) if quarter < 4 else (fiscal_year + 1, 1)


def _midnight(day: datetime.date) -> datetime.datetime:
    """The moment `day` begins in the current time zone."""
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def sampled(start: datetime.date, end: datetime.date, *, region_id: int | None = None,
            sector_id: int | None = None) -> QuerySet[Selection]:
    """Randomly-sampled files drawn from `start` to `end` whose first review is complete."""
    # The local days from `start` to `end` as moments (from the first midnight to
    # the one after `end`), so that the (basis, moment) index serves the range.
    selections = Selection.objects.filter(
        basis=Basis.RANDOM, reviewed_at__isnull=False, substantial_error__isnull=False,
        selected_at__gte=_midnight(start), selected_at__lt=_midnight(end + datetime.timedelta(days=1)),
    )
    if region_id is not None:
        selections = selections.filter(case__region_id=region_id)
    if sector_id is not None:
        selections = selections.filter(case__employer__sector_id=sector_id)
    return selections


def _share(good: int, reviewed: int) -> tuple[float | None, float | None, float | None]:
    interval = wilson_interval(good, reviewed)
    if interval is None:
        return None, None, None
    return good / reviewed, interval[0], interval[1]


TargetLookup = Callable[[str, datetime.date, int | None], Decimal | None]


def _no_target(metric: str, on: datetime.date, region_id: int | None) -> Decimal | None:
    return None


# The dashboard owns the targets and stands on a higher floor: it hands its lookup
# over in its AppConfig.ready() (`provide_targets`), so that quality never imports it.
_target_of: TargetLookup = _no_target


def provide_targets(lookup: TargetLookup) -> None:
    global _target_of
    _target_of = lookup


def quarterly_rates(start: datetime.date, end: datetime.date, *, region_id: int | None = None,
                    sector_id: int | None = None, target_of: TargetLookup | None = None) -> list[QualityRate]:
    """One QualityRate per quarter of the fiscal year overlapping [start, end]:
    the files of every quarter counted in one query (a pair of conditional counts
    per quarter), the target read once per fiscal year (by `target_of` if given,
    else by the lookup the dashboard provides)."""
    lookup = target_of or _target_of
    spans = [(fiscal_year, quarter, *quarter_bounds(fiscal_year, quarter))
             for fiscal_year, quarter in quarters(start, end)]
    if not spans:
        return []
    counts: dict[str, Any] = {}
    for index, (_year, _quarter, first, last) in enumerate(spans):
        within = Q(selected_at__gte=_midnight(first), selected_at__lt=_midnight(last + datetime.timedelta(days=1)))
        counts[f"reviewed{index}"] = Count("pk", filter=within)
        counts[f"good{index}"] = Count("pk", filter=within & Q(substantial_error=False))
    totals = sampled(spans[0][2], spans[-1][3], region_id=region_id, sector_id=sector_id).aggregate(**counts)
    targets: dict[int, Decimal | None] = {}
    rates = []
    for index, (fiscal_year, quarter, first, last) in enumerate(spans):
        reviewed, good = totals[f"reviewed{index}"], totals[f"good{index}"]
        rate, low, high = _share(good, reviewed)
        if fiscal_year not in targets:  # a target holds for a whole fiscal year
            targets[fiscal_year] = lookup("quality_rate", first, region_id)
        rates.append(QualityRate(
            label=quarter_label(fiscal_year, quarter), start=first, end=last, reviewed=reviewed,
            without_substantial_error=good, rate=rate, low=low, high=high, target=targets[fiscal_year],
        ))
    return rates


# Breakdowns -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Breakdown:
    """The rate of one region, investigator or sector over a period."""

    label: str
    reviewed: int
    without_substantial_error: int
    rate: float | None
    low: float | None
    high: float | None


BREAKDOWNS = {
    "region": ("case__region_id", "case__region__name_en", "case__region__name_fr"),
    "investigator": ("case__assigned_to_id", "case__assigned_to__full_name", "case__assigned_to__full_name"),
    "sector": ("case__employer__sector_id", "case__employer__sector__name_en", "case__employer__sector__name_fr"),
}


def breakdown(by: str, start: datetime.date, end: datetime.date, *, region_id: int | None = None,
              language: str = "en") -> list[Breakdown]:
    """The rate per region, investigator or sector (`by`), largest first."""
    key, name_en, name_fr = BREAKDOWNS[by]
    name = name_fr if language == "fr" else name_en
    rows = sampled(start, end, region_id=region_id).values(key, name).annotate(
        reviewed=Count("pk"), good=Count("pk", filter=Q(substantial_error=False)),
    ).order_by("-reviewed", name)
    result = []
    for row in rows:
        rate, low, high = _share(row["good"], row["reviewed"])
        result.append(Breakdown(label=row[name] or "—", reviewed=row["reviewed"],
                                without_substantial_error=row["good"], rate=rate, low=low, high=high))
    return result


@dataclass(frozen=True)
class ErrorType:
    """How often one checklist item was answered "error" in the random sample."""

    item: ChecklistItem
    errors: int
    reviewed: int
    share: float | None


def error_types(start: datetime.date, end: datetime.date, *, region_id: int | None = None) -> list[ErrorType]:
    """Each checklist item with at least one error, most frequent first; the
    share is of the reviewed files of the period."""
    selections = sampled(start, end, region_id=region_id)
    reviewed = selections.count()
    counts: dict[Any, int] = dict(
        ItemAnswer.objects.filter(selection__in=selections, answer=Answer.ERROR)
        .values_list("item_id").annotate(n=Count("pk")).values_list("item_id", "n")
    )
    items = ChecklistItem.objects.in_bulk(list(counts))
    result = [ErrorType(item=items[pk], errors=n, reviewed=reviewed, share=n / reviewed if reviewed else None)
              for pk, n in counts.items()]
    return sorted(result, key=lambda e: (-e.errors, e.item.position, e.item.pk))
