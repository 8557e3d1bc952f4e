"""What the dashboard measures, for the measures of the action plan linked to one
of its indicators: the value so far in the fiscal year (all of Canada) and the
target that applies, the measure's own or else the dashboard's.

The figures are the dashboard's own (`dashboard.stats.Figures`), read once per
call whatever the number of measures."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from django.utils import timezone

from sentinelle.dashboard.periods import Period, fiscal_year_of
from sentinelle.dashboard.stats import Figures, Scope
from sentinelle.governance.models import SHARE_INDICATORS, Indicator, Measure, measured_percent


@dataclass(frozen=True)
class Measured:
    indicator: str
    value: float | None
    target: Decimal | None

    @property
    def percent(self) -> int | None:
        return measured_percent(self.indicator, self.value, self.target)

    @property
    def is_share(self) -> bool:
        return self.indicator in SHARE_INDICATORS

    @property
    def label(self) -> str:
        return str(Indicator(self.indicator).label)


def values_so_far(indicators: Iterable[str], on: datetime.date | None = None
                  ) -> tuple[dict[str, float | None], dict[str, Decimal]]:
    """The value of each indicator for the fiscal year of `on` up to that day, and
    the dashboard's national target of each for that year."""
    wanted = set(indicators)
    if not wanted:
        return {}, {}
    on = on or timezone.localdate()
    figures = Figures(Period.of(fiscal_year_of(on), None, today=on), Scope())
    readers = {
        Indicator.CASES_COMPLETED: lambda: figures.completed,
        Indicator.INVENTORY: lambda: figures.inventory_total,
        Indicator.DAYS_TO_DECISION: lambda: figures.days_to("decision"),
        Indicator.ESCALATIONS_24H: lambda: figures.escalation_share("24"),
        Indicator.ESCALATIONS_48H: lambda: figures.escalation_share("48"),
        Indicator.QUALITY_RATE: lambda: figures.quality_rate,
    }
    values: dict[str, float | None] = {}
    for indicator in wanted:
        value = readers[Indicator(indicator)]()
        values[indicator] = float(value) if value is not None else None
    targets = {metric: value for (region, metric), value in figures.year_targets.items()
               if region is None and metric in wanted}
    return values, targets


def measured(measures: Iterable[Measure], on: datetime.date | None = None) -> dict[int, Measured]:
    """The measured progress of each measure linked to an indicator, by measure id."""
    linked = [measure for measure in measures if measure.indicator]
    values, targets = values_so_far({measure.indicator for measure in linked}, on)
    result = {}
    for measure in linked:
        target = measure.indicator_target if measure.indicator_target is not None else targets.get(measure.indicator)
        result[measure.pk] = Measured(measure.indicator, values.get(measure.indicator), target)
    return result
