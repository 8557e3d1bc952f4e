"""National and regional targets per fiscal year (April to March)."""

from __future__ import annotations

import datetime
from decimal import Decimal

from sentinelle.dashboard.periods import fiscal_year_of

# The seed: what the program aims for each year unless an analyst says otherwise.
SEED_TARGETS: dict[str, Decimal] = {
    "cases_completed": Decimal("3000"),
    "inventory": Decimal("2000"),
    "days_to_decision": Decimal("120"),
    "escalations_24h": Decimal("0.90"),
    "escalations_48h": Decimal("1.00"),
    "quality_rate": Decimal("0.90"),
}
# The quality rate aimed at 80 % before the current fiscal year, 90 % since.
EARLY_QUALITY_RATE = Decimal("0.80")
SEED_YEARS_BACK = 10


def seed_values(fiscal_year: int, current: int) -> dict[str, Decimal]:
    values = dict(SEED_TARGETS)
    if fiscal_year < current:
        values["quality_rate"] = EARLY_QUALITY_RATE
    return values


def seed_targets(target_model: type, current: int) -> int:
    """Create the national seed targets of the fiscal years `current - 10` to
    `current + 1` that do not have one yet; the number created."""
    existing = set(target_model.objects.filter(region__isnull=True).values_list("fiscal_year", "metric"))  # type: ignore[attr-defined]
    new = [
        target_model(fiscal_year=year, region=None, metric=metric, value=value)
        for year in range(current - SEED_YEARS_BACK, current + 2)
        for metric, value in seed_values(year, current).items()
        if (year, metric) not in existing
    ]
    target_model.objects.bulk_create(new)  # type: ignore[attr-defined]
    return len(new)


def targets_of_year(fiscal_year: int) -> dict[tuple[int | None, str], Decimal]:
    """Every target of a fiscal year, by (region id or None, metric)."""
    from sentinelle.dashboard.models import Target

    return {
        (region_id, metric): value
        for region_id, metric, value in Target.objects.filter(fiscal_year=fiscal_year)
        .values_list("region_id", "metric", "value")
    }


def targets_of_years(fiscal_years: list[int]) -> dict[int, dict[tuple[int | None, str], Decimal]]:
    """Every target of each of `fiscal_years`, by year, then by (region id or None, metric), in one query."""
    from sentinelle.dashboard.models import Target

    by_year: dict[int, dict[tuple[int | None, str], Decimal]] = {year: {} for year in fiscal_years}
    for year, region_id, metric, value in Target.objects.filter(fiscal_year__in=fiscal_years).values_list(
            "fiscal_year", "region_id", "metric", "value"):
        by_year[year][(region_id, metric)] = value
    return by_year


def target_value(metric: str, on: datetime.date, region_id: int | None = None) -> Decimal | None:
    """The target of `metric` in force on that day: the region's own if it has
    one, else the national one; None if there is none. Metrics include
    "cases_completed", "inventory", "days_to_decision", "escalations_24h",
    "escalations_48h" and "quality_rate" (a fraction: 0.90 for 90 %)."""
    from sentinelle.dashboard.models import Target

    fiscal_year = fiscal_year_of(on)
    targets = Target.objects.filter(fiscal_year=fiscal_year, metric=metric)
    if region_id is not None:
        own = targets.filter(region_id=region_id).values_list("value", flat=True).first()
        if own is not None:
            return own
    return targets.filter(region__isnull=True).values_list("value", flat=True).first()
