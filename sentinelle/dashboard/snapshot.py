"""The dashboard's figures as of a moment, kept in the shared cache.

Computing every table for all of Canada reads tens of thousands of cases and
reports (from indexes that hold what the figures need, the days to each step
kept on the case among them); that takes a few hundred milliseconds at
national scale. The figures move slowly — a few cases close
in ten minutes — so each combination of filters is computed once, kept for
`DASHBOARD_FIGURES_SECONDS` (10 minutes by default) in the shared cache, where
every app server finds it, and shown with the time it was computed. Changing
the targets clears the kept figures at once (`forget`)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.utils import timezone, translation

from sentinelle.dashboard import tables as dashboard_tables
from sentinelle.dashboard.keyfigures import KeyFigure, key_figures
from sentinelle.dashboard.periods import Period
from sentinelle.dashboard.stats import Figures, Scope
from sentinelle.dashboard.tables import Table
from sentinelle.lib.kept import kept

# Bumped to forget every kept snapshot at once (targets changed, new code).
GENERATION_KEY = "dashboard:generation"
# Changed whenever a snapshot's classes move or change shape: one kept by the
# code before is then never read (it could not be unpickled).
LAYOUT = 3


@dataclass(frozen=True)
class Snapshot:
    """The tables and the key figures of one period and scope, in one language."""

    computed_at: datetime.datetime
    tables: dict[str, Table]
    completed: int
    inventory_total: int
    days_to_decision: float | None
    escalations_24h: float | None
    quality_rate: float | None
    reports: int
    key_figures: list[KeyFigure]

    def table(self, name: str) -> Table:
        return self.tables[name]


def compute(period: Period, scope: Scope) -> Snapshot:
    figures = Figures(period, scope, compared=True)
    return Snapshot(
        computed_at=timezone.now(), tables=dashboard_tables.tables(figures), completed=figures.completed,
        inventory_total=figures.inventory_total, days_to_decision=figures.days_to_decision,
        escalations_24h=figures.escalations_24h, quality_rate=figures.quality_rate, reports=figures.reports,
        key_figures=key_figures(figures),
    )


def _key(period: Period, scope: Scope, language: str) -> str:
    generation = cache.get(GENERATION_KEY, 0)
    return (f"dashboard:{LAYOUT}:{generation}:{language}:{period.since.isoformat()}:{period.until.isoformat()}:"
            f"{scope.region_id}:{scope.sector_id}:{int(scope.surveys)}")


def refresh(period: Period, scope: Scope) -> Snapshot:
    """Compute the figures of `period` for `scope` in the active language now and
    keep them, whether or not kept ones exist."""
    return _kept(period, scope, again=True)


def _kept(period: Period, scope: Scope, *, again: bool = False) -> Snapshot:
    return kept(_key(period, scope, translation.get_language() or settings.LANGUAGE_CODE),
                lambda: compute(period, scope), Snapshot, again=again)


def opening_views() -> list[tuple[Period, Scope]]:
    """What the dashboard shows before any filter is chosen: the current fiscal
    year for all of Canada (national roles) and for each region (regional users;
    see `views.select`)."""
    from sentinelle.accounts.models import Region
    from sentinelle.dashboard.periods import current_fiscal_year

    period = Period.of(current_fiscal_year())
    views = [(period, Scope(region_id=None, sector_id=None, surveys=True))]
    views += [(period, Scope(region_id=pk, sector_id=None, surveys=False))
              for pk in Region.objects.order_by("code").values_list("pk", flat=True)]
    return views


def warm() -> int:
    """Compute the opening views in the staff's languages ahead of the people who
    open them; returns the number of snapshots kept."""
    done = 0
    for period, scope in opening_views():
        for language in settings.STAFF_LANGUAGES:
            with translation.override(language):
                refresh(period, scope)
            done += 1
    return done


def snapshot(period: Period, scope: Scope) -> Snapshot:
    """The figures of `period` for `scope` in the active language: kept ones if
    computed less than `lib.kept.kept_seconds()` ago, else computed now and kept."""
    return _kept(period, scope)


def forget() -> None:
    """Drop every kept snapshot (the next view computes afresh)."""
    try:
        cache.incr(GENERATION_KEY)
    except ValueError:
        cache.set(GENERATION_KEY, 1, None)
