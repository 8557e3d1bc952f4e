"""The key figures at the top of the dashboard: each with its target, how far the
fiscal year has come towards it, and the change since the same period of the
year before."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext as _

from sentinelle.dashboard.models import LOWER_IS_BETTER, Metric
from sentinelle.dashboard.stats import Figures, TargetProgress


@dataclass(frozen=True)
class KeyFigure:
    name: str
    label: str
    kind: str  # count, days, share (as in tables.Column)
    value: float | None  # of the period shown
    previous: float | None  # of the same period a year earlier
    progress: TargetProgress | None = None  # the fiscal year so far against its target

    @property
    def change(self) -> float | None:
        if self.value is None or self.previous is None:
            return None
        return self.value - self.previous

    @property
    def better(self) -> bool | None:
        """Whether the change is for the better (None: no change or unknown)."""
        change = self.change
        if not change:
            return None
        lower = self.progress is not None and self.progress.metric in LOWER_IS_BETTER
        return (change < 0) if lower else (change > 0)

    @property
    def reached(self) -> float | None:
        """The share of the target reached by the fiscal year so far, from 0 to 1
        (1 also when better than the target; for a measure where lower is better,
        target ÷ value)."""
        progress = self.progress
        if progress is None or progress.target is None or progress.so_far is None:
            return None
        target, value = float(progress.target), float(progress.so_far)
        if progress.metric in LOWER_IS_BETTER:
            return 1.0 if value <= target else target / value
        return 1.0 if target == 0 else max(0.0, min(1.0, value / target))

    @property
    def reached_percent(self) -> int | None:
        reached = self.reached
        return None if reached is None else round(reached * 100)


def key_figures(figures: Figures) -> list[KeyFigure]:
    # Of the year before, the days to decision alone are compared.
    before = figures.year_before
    progress = {item.metric: item for item in figures.progress()}
    return [
        KeyFigure("completed", _("Cases completed"), "count", figures.completed, before.completed,
                  progress[Metric.CASES_COMPLETED]),
        KeyFigure("inventory", _("Open cases today"), "count", figures.inventory_total,
                  figures.open_on(before.now), progress[Metric.INVENTORY]),
        KeyFigure("days_to_decision", _("Median days from report to decision"), "days", figures.days_to_decision,
                  before.days_to_decision, progress[Metric.DAYS_TO_DECISION]),
        KeyFigure("escalations_24h", _("Escalations met within 24 h"), "share", figures.escalations_24h,
                  before.escalations_24h, progress[Metric.ESCALATIONS_24H]),
        KeyFigure("quality_rate", _("Quality rate"), "share", figures.quality_rate, before.quality_rate,
                  progress[Metric.QUALITY_RATE]),
        KeyFigure("reports", _("Reports received"), "count", figures.reports, before.reports),
    ]
