"""The dashboard's figures of proactive inspections (seed 000, priority 2).

- Cases opened and completed in the period, by origin.
- The estimated non-compliance rate of the whole register: among the cases
  opened from the random share of the fiscal year's plans that reached an
  approved decision, the share found non-compliant (warning, penalty, ban),
  with Wilson's 95 % interval, nationally and by sector. Because the random
  share is a uniform draw from the eligible register, this estimates the rate
  of the register itself.
- Kept apart: the same rate among the risk-selected cases. It is not an
  estimate of the register (those employers were chosen for their scores); set
  beside the first, it tells whether risk selection finds more non-compliance
  than chance.

Computed once per period and scope and kept in the shared cache as long as the
dashboard keeps its own figures."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time
from typing import Any

from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from sentinelle.cases.models import Case, CaseOrigin, CaseStatus, DecisionStatus, Sector
from sentinelle.lib.kept import kept
from sentinelle.quality.rates import wilson_interval
from sentinelle.workload.employer_risk import NON_COMPLIANT
from sentinelle.workload.models import Basis, Selection

CACHE_PREFIX = "workload:inspections:v1"


@dataclass(frozen=True)
class Rate:
    """Non-compliant cases among the decided ones, with Wilson's 95 % interval."""

    decided: int
    non_compliant: int

    @property
    def rate(self) -> float | None:
        return self.non_compliant / self.decided if self.decided else None

    @property
    def interval(self) -> tuple[float, float] | None:
        return wilson_interval(self.non_compliant, self.decided)

    @property
    def low(self) -> float | None:
        return self.interval[0] if self.interval else None

    @property
    def high(self) -> float | None:
        return self.interval[1] if self.interval else None

    @property
    def percents(self) -> tuple[float, float, float] | None:
        """The rate and its interval in percent, for the page."""
        if not self.decided or self.interval is None:
            return None
        return 100 * self.non_compliant / self.decided, 100 * self.interval[0], 100 * self.interval[1]


@dataclass(frozen=True)
class SectorRates:
    sector_id: int
    naics_code: str
    random: Rate
    risk: Rate


@dataclass
class Figures:
    opened: dict[str, int] = field(default_factory=dict)      # origin → cases opened in the period
    completed: dict[str, int] = field(default_factory=dict)   # origin → cases closed in the period
    random: Rate = Rate(0, 0)                                 # the register's estimate
    risk: Rate = Rate(0, 0)                                   # among risk-selected cases, apart
    sectors: list[SectorRates] = field(default_factory=list)

    def rows(self) -> list[tuple[Any, Rate]]:
        """The register's estimate, then the rate among risk-selected cases."""
        return [(_("Random share: estimate for the whole register"), self.random),
                (_("Risk-based share (not an estimate of the register)"), self.risk)]

    def by_origin(self) -> list[tuple[Any, int, int]]:
        """(origin label, opened, completed) for every origin, in the choices' order."""
        return [(origin.label, self.opened.get(origin.value, 0), self.completed.get(origin.value, 0))
                for origin in CaseOrigin]


def _moment(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def rates(selections: Any) -> dict[tuple[str, int], Rate]:
    """(basis, sector id) → Rate, for the selections whose case has an approved decision."""
    decided = Q(case__decisions__status=DecisionStatus.APPROVED)
    rows = (selections.filter(decided).values("basis", "employer__sector_id")
            .annotate(decided=Count("case", distinct=True),
                      bad=Count("case", distinct=True, filter=Q(case__decisions__outcome__in=NON_COMPLIANT))))
    return {(row["basis"], row["employer__sector_id"]): Rate(row["decided"], row["bad"]) for row in rows}


def compute(*, fiscal_year: int, start: date, end: date, region_id: int | None = None,
            sector_id: int | None = None) -> Figures:
    """The figures of the period `start`–`end` (inclusive) of `fiscal_year`; `region_id`
    and `sector_id` narrow them (None: every region, every sector)."""
    cases = Case.objects.all()
    selections = Selection.objects.filter(plan__fiscal_year=fiscal_year, case__isnull=False)
    if region_id is not None:
        cases = cases.filter(region_id=region_id)
        selections = selections.filter(employer__region_id=region_id)
    if sector_id is not None:
        cases = cases.filter(employer__sector_id=sector_id)
        selections = selections.filter(employer__sector_id=sector_id)
    after, before = _moment(start), _moment(date.fromordinal(end.toordinal() + 1))
    figures = Figures()
    figures.opened = dict(cases.filter(opened_at__gte=after, opened_at__lt=before)
                          .values_list("origin").annotate(n=Count("*")).values_list("origin", "n"))
    figures.completed = dict(cases.filter(status=CaseStatus.CLOSED, closed_at__gte=after, closed_at__lt=before)
                             .values_list("origin").annotate(n=Count("*")).values_list("origin", "n"))
    by_group = rates(selections)
    figures.random = _total(by_group, Basis.RANDOM)
    figures.risk = _total(by_group, Basis.RISK)
    codes = dict(Sector.objects.filter(pk__in={s for _b, s in by_group}).values_list("pk", "naics_code"))
    figures.sectors = [SectorRates(sector, codes[sector], by_group.get((Basis.RANDOM, sector), Rate(0, 0)),
                                   by_group.get((Basis.RISK, sector), Rate(0, 0)))
                       for sector in sorted(codes, key=codes.__getitem__)]
    return figures


def _total(by_group: dict[tuple[str, int], Rate], basis: str) -> Rate:
    groups = [rate for (b, _s), rate in by_group.items() if b == basis]
    return Rate(sum(r.decided for r in groups), sum(r.non_compliant for r in groups))


def dashboard_figures(*, fiscal_year: int, start: date, end: date, region_id: int | None = None,
                      sector_id: int | None = None) -> Figures:
    """`compute`, kept in the shared cache as long as the dashboard keeps its figures."""
    return kept(f"{CACHE_PREFIX}:{fiscal_year}:{start}:{end}:{region_id}:{sector_id}",
                lambda: compute(fiscal_year=fiscal_year, start=start, end=end, region_id=region_id,
                                sector_id=sector_id), Figures)
