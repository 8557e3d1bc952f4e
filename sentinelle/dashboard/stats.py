"""The figures of the national dashboard and of the quarterly report: every
query, and the numbers derived from them (`tables.py` lays them out for pages,
charts and exports).

Every figure is aggregated in the database (GROUP BY with conditional counts
of rows, COUNT(*), so that an index holding the columns filtered and grouped
serves a query alone),
in a fixed number of queries whatever the number of cases; the timeliness
percentiles read one row per region, sector and number of days (how many cases
reached a milestone in the period after that many days), in one query for the
three milestones.

Definitions:
- Open cases (inventory) are counted today, by status, region, the employer's
  sector and age (days since the case was opened): 0-30, 31-90, 91-180, 181-365,
  over 365.
- A completed case is closed with an approved decision, closed in the period.
- Timeliness counts the days from the report (the earliest report linked to the
  case, taken from the start of its day and kept on the case as
  `first_report_on`, else the moment the case was opened) to
  the assessment, the start of the inspection and the approved decision, for the
  cases reaching that step in the period: whole days elapsed (24 hours, rounded
  down), computed by the database and kept on the case (`days_to_assessment`,
  `days_to_inspection`, `days_to_decision`: generated columns, written in the
  very statement that records a step or links an earlier report, whoever
  writes it), and read from the steps' indexes. Percentiles interpolate
  linearly between the closest ranks (numpy's default, Excel's
  PERCENTILE.INC); the median is the 50th percentile.
- An escalation opened in the period is met within 24 h when its measures were
  recorded by its target, within 48 h by its deadline; one still open after its
  target (or deadline) is missed; one still open before it is not counted yet.
"""

from __future__ import annotations

import datetime
import math
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cached_property
from typing import Any

from django.core.exceptions import ImproperlyConfigured
from django.db import connections, models
from django.db.models import (
    Count,
    F,
    IntegerField,
    Q,
    QuerySet,
    Value,
)
from django.db.models.functions import Cast
from django.utils import timezone

from sentinelle.accounts.models import Region
from sentinelle.cases.models import OPEN_CASE_STATUSES, Case, CaseStatus, Sector
from sentinelle.dashboard.models import COUNT_METRICS, LOWER_IS_BETTER, Metric
from sentinelle.dashboard.periods import Period, a_year_before, fiscal_year_bounds, start_of_day
from sentinelle.dashboard.targets import targets_of_year, targets_of_years
from sentinelle.intake.models import Escalation, Report, SurveyResponse

# (label, lowest age in days, highest age in days or None)
AGE_BANDS: list[tuple[str, int, int | None]] = [
    ("0-30", 0, 30), ("31-90", 31, 90), ("91-180", 91, 180), ("181-365", 181, 365), ("365+", 366, None),
]
MILESTONES = ("assessed", "inspection", "decision")
# The moment kept on the case when it reaches each milestone, and the days to it from the report.
MILESTONE_COLUMNS = {"assessed": ("assessed_at", "days_to_assessment"),
                     "inspection": ("inspection_started_at", "days_to_inspection"),
                     "decision": ("decision_approved_at", "days_to_decision")}


def days_between_sql(vendor: str, later: str, earlier: str) -> str:
    """SQL for the whole days elapsed (24 hours, rounded down; never below 0) from
    column `earlier` to column `later`, NULL when `later` is: julianday() on
    SQLite, the epoch difference on PostgreSQL. A date counts from its midnight
    (UTC, the connections' time zone). The small margin absorbs floating-point
    error on exact days. (The rule each case keeps: `cases.models.DaysFromReport`.)"""
    if vendor == "postgresql":
        return (f"CASE WHEN {later} IS NULL THEN NULL ELSE GREATEST(0, FLOOR(EXTRACT(EPOCH FROM "
                f"({later} - {earlier})) / 86400.0 + 0.000001))::integer END")
    if vendor == "sqlite":
        return f"max(0, CAST(julianday({later}) - julianday({earlier}) + 0.000001 AS INTEGER))"
    raise ImproperlyConfigured(
        f"Sentinelle runs on SQLite or PostgreSQL; the database in use is {vendor!r} (see DATABASE_URL).")


def percentile(values: Sequence[float], p: float) -> float | None:
    """The p-th percentile, interpolating linearly between the closest ranks
    (numpy.percentile's default; Excel PERCENTILE.INC); None without values."""
    return counted_percentile(sorted(Counter(values).items()), p)


def counted_percentile(counts: Sequence[tuple[float, int]], p: float) -> float | None:
    """`percentile` of the values counted in `counts` ((value, how many), in
    order of value), without writing each value out as many times."""
    total = sum(n for _value, n in counts)
    if not total:
        return None
    rank = (total - 1) * p / 100
    low = math.floor(rank)

    def value_at(index: int) -> float:
        seen = 0
        for value, n in counts:
            seen += n
            if index < seen:
                return value
        return counts[-1][0]

    lowest, highest = value_at(low), value_at(min(low + 1, total - 1))
    return lowest + (highest - lowest) * (rank - low)


def share(part: int, whole: int) -> float | None:
    return part / whole if whole else None


# The figures ------------------------------------------------------------------------------


@dataclass
class Scope:
    """Whose figures: all of Canada or one region, all sectors or one."""

    region_id: int | None = None
    sector_id: int | None = None
    surveys: bool = True  # the survey answers are national only (not linked to a region)


@dataclass
class TimelinessGroup:
    """The days to each milestone of a group's cases: (days, number of cases),
    in order of days."""

    counts: dict[str, list[tuple[int, int]]] = field(default_factory=lambda: {m: [] for m in MILESTONES})

    def add(self, milestone: str, days: int, n: int) -> None:
        """Count `n` more cases that took `days` (never fewer days than those added before)."""
        counts = self.counts[milestone]
        if counts and counts[-1][0] == days:
            counts[-1] = (days, counts[-1][1] + n)
        else:
            counts.append((days, n))

    def cases(self, milestone: str) -> int:
        return sum(n for _days, n in self.counts[milestone])

    def percentile(self, milestone: str, p: float) -> float | None:
        return counted_percentile(self.counts[milestone], p)

    @property
    def days(self) -> dict[str, list[int]]:
        """Every case's days to each milestone, in order."""
        return {milestone: [days for days, n in counts for _case in range(n)]
                for milestone, counts in self.counts.items()}


class Figures:
    """The figures of a period for a scope, each section read when first needed."""

    def __init__(self, period: Period, scope: Scope | None = None, *, now: datetime.datetime | None = None,
                 steps: Sequence[str] = MILESTONES, compared: bool = False) -> None:
        self.period = period
        self.scope = scope or Scope()
        self.now = now or timezone.now()
        # Whether the figures of the same period a year before (`year_before`),
        # and of the fiscal year to date when it is longer (`year_to_date`), are
        # read in the same queries as these: the completions, the days to
        # decision, the escalations, the reports and the targets of each come
        # back together, one query per section instead of one per period.
        self.compared = compared
        # The milestones whose days are read together, in one query, when the
        # days to one of them are first needed (figures that only compare the
        # days to decision read those alone).
        self.steps = tuple(steps)
        self._milestone_counts: dict[str, list[tuple[Any, Any, int, int]]] = {}
        # The milestones whose days were read for all of the scope only (no
        # region, no sector: what a compared period needs), read again by
        # region and sector if asked for.
        self._overall_only: set[str] = set()

    # Filters --------------------------------------------------------------------------

    def _cases(self) -> QuerySet[Case]:
        cases = Case.objects.order_by()
        if self.scope.region_id is not None:
            cases = cases.filter(region_id=self.scope.region_id)
        if self.scope.sector_id is not None:
            cases = cases.filter(sector_id=self.scope.sector_id)  # the employer's, kept on the case
        return cases

    def _sector_of_report(self, prefix: str = "") -> Q:
        sector = self.scope.sector_id
        return (Q(**{f"{prefix}employer__sector_id": sector})
                | Q(**{f"{prefix}employer__isnull": True, f"{prefix}sector_id": sector}))

    def _in_period(self, name: str) -> Q:
        return Q(**{f"{name}__gte": self.period.since, f"{name}__lt": self.period.until})

    def _spanning(self, name: str, others: Sequence[Figures]) -> Q:
        """From the earliest start to the latest end of this period and `others`:
        one range (the rows between are not counted), so that an index holding
        what is counted serves it alone, where two ranges would read the table."""
        periods = [self.period, *(other.period for other in others)]
        return Q(**{f"{name}__gte": min(period.since for period in periods),
                    f"{name}__lt": max(period.until for period in periods)})

    @cached_property
    def year_before(self) -> Figures:
        """The figures of the same period a year before, as they stood a year ago
        (the key figures compare the days to decision alone of it)."""
        return Figures(self.period.same_period_last_year, self.scope, now=a_year_before(self.now),
                       steps=("decision",))

    def _paired(self, name: str) -> list[Figures]:
        """The other periods whose `name` is to be read with these figures' own:
        the year before, and the year to date for what its progress needs."""
        if not self.compared:
            return []
        others = [self.year_before]
        if name in ("completion_rows", "escalation_rows") and self.year_to_date is not self:
            others.append(self.year_to_date)
        return [other for other in others if name not in other.__dict__]

    # Names ----------------------------------------------------------------------------

    @cached_property
    def regions(self) -> dict[int, str]:
        return {region.pk: region.name for region in Region.objects.order_by("code")}

    @cached_property
    def sectors(self) -> dict[int, str]:
        return {sector.pk: sector.name for sector in Sector.objects.order_by("naics_code")}

    # Inventory ------------------------------------------------------------------------

    @cached_property
    def inventory_rows(self) -> list[dict[str, Any]]:
        """Open cases today by status, region and sector, with a count per age band."""
        bands = {}
        for index, (_label, lowest, highest) in enumerate(AGE_BANDS):
            condition = Q(opened_at__lte=self.now - datetime.timedelta(days=lowest))
            if highest is not None:
                condition &= Q(opened_at__gt=self.now - datetime.timedelta(days=highest + 1))
            bands[f"band{index}"] = Count("opened_at", filter=condition)
        rows = (
            self._cases().filter(status__in=OPEN_CASE_STATUSES)
            .values("status", "region_id", "sector_id").annotate(total=Count("*"), **bands)
        )
        return [dict(row) for row in rows]

    @property
    def inventory_total(self) -> int:
        return sum(row["total"] for row in self.inventory_rows)

    def open_on(self, moment: datetime.datetime) -> int:
        """The cases of the scope open at `moment` (opened by then, not closed yet):
        those never closed and those closed after it, each read from the index
        that leads with the closing moment (a range of it each, where reading
        every case opened by `moment` would scan most of the table)."""
        opened = self._cases().filter(opened_at__lte=moment).values("opened_at")
        return opened.filter(closed_at__isnull=True).union(opened.filter(closed_at__gt=moment), all=True).count()

    def inventory_by(self, key: str) -> dict[Any, list[int]]:
        grouped: dict[Any, list[int]] = defaultdict(lambda: [0] * (len(AGE_BANDS) + 1))
        for row in self.inventory_rows:
            counts = grouped[row[key]]
            counts[0] += row["total"]
            for index in range(len(AGE_BANDS)):
                counts[index + 1] += row[f"band{index}"]
        return grouped

    # Completions ----------------------------------------------------------------------

    @cached_property
    def months(self) -> list[datetime.date]:
        """The first day of each month of the period."""
        months = []
        day = self.period.start.replace(day=1)
        while day <= self.period.end:
            months.append(day)
            day = (day + datetime.timedelta(days=32)).replace(day=1)
        return months

    @cached_property
    def completion_rows(self) -> list[dict[str, Any]]:
        """Completions by region, with a count per month; those of the other
        periods (when compared) by region, read in the same query.

        The closing moments are cut at every month's start and every period's
        bounds: each case is counted once, in the stretch between two cuts
        it falls in (one CASE per row, where a conditional count per month and
        per period would evaluate them all), and the months and periods add up
        their stretches. Plain comparisons, the same on SQLite and PostgreSQL."""
        others = self._paired("completion_rows")
        month_starts = [start_of_day(first) for first in self.months]
        periods = [self.period, *(other.period for other in others)]
        cuts = sorted({*month_starts, *(period.since for period in periods), *(period.until for period in periods)})
        stretch = models.Case(*(models.When(closed_at__lt=cut, then=Value(index)) for index, cut in enumerate(cuts[1:])),
                              output_field=IntegerField())
        counted: dict[tuple[int, int], int] = {
            (region_id, index): n for region_id, index, n in self._cases().filter(
                self._spanning("closed_at", others), status=CaseStatus.CLOSED, decision_approved_at__isnull=False,
            ).values("region_id", stretch=stretch).annotate(n=Count("*")).values_list("region_id", "stretch", "n")}

        def within(region_id: int, since: datetime.datetime, until: datetime.datetime) -> int:
            return sum(n for (region, index), n in counted.items()
                       if region == region_id and since <= cuts[index] < until)

        regions = sorted({region_id for region_id, _index in counted})
        for other in others:
            rows = [{"region_id": pk, "n": within(pk, other.period.since, other.period.until)} for pk in regions]
            other.__dict__["completion_rows"] = [row for row in rows if row["n"]]
        ends = [*month_starts[1:], self.period.until]
        rows = [{"region_id": pk, "n": within(pk, self.period.since, self.period.until),
                 **{f"month{index}": within(pk, max(first, self.period.since), min(end, self.period.until))
                    for index, (first, end) in enumerate(zip(month_starts, ends, strict=True))}}
                for pk in regions]
        return [row for row in rows if row["n"]]

    @property
    def completed(self) -> int:
        return sum(row["n"] for row in self.completion_rows)

    # Timeliness -----------------------------------------------------------------------

    def _count_days(self, milestones: Sequence[str]) -> None:
        """Read (region, sector, days, number of cases) of the cases reaching
        each of `milestones` in the period into `_milestone_counts`, in order of
        days, in one query (with those of the other periods, when compared)."""
        if not milestones:
            return
        wanted: list[tuple[Figures, str]] = [(self, milestone) for milestone in milestones]
        if self.compared:
            # The other periods compare their days to a step for the whole
            # scope alone: counted by days only.
            others = [self.year_before] + ([self.year_to_date] if self.year_to_date is not self else [])
            wanted += [(other, milestone) for other in others for milestone in other.steps
                       if milestone not in other._milestone_counts]
        parts: list[str] = []
        params: list[Any] = []
        for index, (figures, milestone) in enumerate(wanted):
            column, days = MILESTONE_COLUMNS[milestone]
            # The step's moment, the region, the sector and the days to the step
            # (both kept on the case by the database) are all in the step's
            # index: the cases of a step are counted by group from it alone.
            grouped = {"t_region": F("region_id"), "t_sector": F("sector_id")} if figures is self else {
                "t_region": Cast(Value(None), IntegerField()), "t_sector": Cast(Value(None), IntegerField())}
            counted = (figures._cases().filter(figures._in_period(column))
                       .values(t_step=Value(index), **grouped, t_days=F(days)).annotate(n=Count("*")))
            sql, part_params = counted.query.sql_with_params()
            parts.append(f"SELECT * FROM ({sql}) step{index}")  # noqa: S608 (no user input)
            params.extend(part_params)
        found: list[list[tuple[Any, Any, int, int]]] = [[] for _wanted in wanted]
        with connections[Case.objects.db].cursor() as cursor:
            cursor.execute(" UNION ALL ".join(parts), params)
            for step, region_id, sector_id, elapsed, n in cursor.fetchall():
                found[step].append((region_id, sector_id, elapsed, n))
        for (figures, milestone), counts in zip(wanted, found, strict=True):
            counts.sort(key=lambda row: row[2])
            figures._milestone_counts[milestone] = counts
            if figures is not self:
                figures._overall_only.add(milestone)
            else:
                figures._overall_only.discard(milestone)

    def _by_group(self) -> None:
        """Forget the days read for the whole scope only: the next reading groups them."""
        for milestone in self._overall_only:
            del self._milestone_counts[milestone]
        self._overall_only.clear()

    def milestone_counts(self, milestone: str) -> list[tuple[Any, Any, int, int]]:
        """(region, sector, days, number of cases) of the cases reaching
        `milestone` in the period, in order of days."""
        self._by_group()
        if milestone not in self._milestone_counts:
            wanted = {milestone, *self.steps}
            self._count_days([name for name in MILESTONES if name in wanted and name not in self._milestone_counts])
        return self._milestone_counts[milestone]

    @cached_property
    def timeliness(self) -> dict[str, dict[Any, TimelinessGroup]]:
        """Days to each milestone, by region id, by sector id, and overall (key None)."""
        by: dict[str, dict[Any, TimelinessGroup]] = {"region": defaultdict(TimelinessGroup),
                                                      "sector": defaultdict(TimelinessGroup),
                                                      "all": defaultdict(TimelinessGroup)}
        self._by_group()
        self._count_days([name for name in MILESTONES if name not in self._milestone_counts])
        for name in MILESTONES:
            for region_id, sector_id, days, n in self.milestone_counts(name):
                for group in (by["region"][region_id], by["sector"][sector_id], by["all"][None]):
                    group.add(name, days, n)
        return by

    def _counts_of(self, milestone: str) -> list[tuple[int, int]]:
        """(days, number of cases) to `milestone` of the cases of the scope reaching it in the period, in order."""
        if "timeliness" in self.__dict__:
            return self.timeliness["all"][None].counts[milestone]
        if milestone not in self._milestone_counts:
            self.milestone_counts(milestone)
        return [(elapsed, n) for _region_id, _sector_id, elapsed, n in self._milestone_counts[milestone]]

    def days_to(self, milestone: str, q: float = 50) -> float | None:
        return counted_percentile(self._counts_of(milestone), q)

    @property
    def days_to_decision(self) -> float | None:
        return self.days_to("decision")

    # Escalations ----------------------------------------------------------------------

    def _escalation_counts(self, within: Q | None = None, suffix: str = "") -> dict[str, Count]:
        """The escalations counted (of those `within`, if given: one year of two
        read together) and those met, pending and overdue at this moment."""
        open_ = Q(met_at__isnull=True)
        if within is None:
            within = Q()
        return {
            f"total{suffix}": Count("pk", filter=within or None),
            f"met_24{suffix}": Count("pk", filter=within & Q(met_at__lte=F("target_at"))),
            f"met_48{suffix}": Count("pk", filter=within & Q(met_at__lte=F("deadline_at"))),
            f"pending_24{suffix}": Count("pk", filter=within & open_ & Q(target_at__gte=self.now)),
            f"pending_48{suffix}": Count("pk", filter=within & open_ & Q(deadline_at__gte=self.now)),
            f"overdue{suffix}": Count("pk", filter=within & open_ & Q(deadline_at__lt=self.now)),
        }

    @cached_property
    def escalation_rows(self) -> list[dict[str, Any]]:
        escalations = Escalation.objects.order_by()
        if self.scope.region_id is not None:
            escalations = escalations.filter(region_id=self.scope.region_id)
        if self.scope.sector_id is not None:
            escalations = escalations.filter(self._sector_of_report("report__"))
        others = self._paired("escalation_rows")
        if not others:
            return list(escalations.filter(self._in_period("opened_at")).values("region_id").annotate(
                **self._escalation_counts()))  # type: ignore[arg-type]
        # Every period in one query, each counted as it stood at its own moment.
        this = self._in_period("opened_at")
        counts = self._escalation_counts(this)
        for index, other in enumerate(others):
            counts.update(other._escalation_counts(other._in_period("opened_at"), f"_{index}"))
        every = self._spanning("opened_at", others)
        rows: list[dict[str, Any]] = list(
            escalations.filter(every).values("region_id").annotate(**counts))  # type: ignore[arg-type]
        keys = ("total", "met_24", "met_48", "pending_24", "pending_48", "overdue")
        for index, other in enumerate(others):
            other.__dict__["escalation_rows"] = [
                {"region_id": row["region_id"], **{key: row[f"{key}_{index}"] for key in keys}}
                for row in rows if row[f"total_{index}"]]
        return [{"region_id": row["region_id"], **{key: row[key] for key in keys}} for row in rows if row["total"]]

    @property
    def escalation_totals(self) -> dict[str, int]:
        keys = ("total", "met_24", "met_48", "pending_24", "pending_48", "overdue")
        return {key: sum(row[key] for row in self.escalation_rows) for key in keys}

    def escalation_share(self, within: str) -> float | None:
        totals = self.escalation_totals
        return share(totals[f"met_{within}"], totals["total"] - totals[f"pending_{within}"])

    @property
    def escalations_24h(self) -> float | None:
        return self.escalation_share("24")

    # Intake and satisfaction ----------------------------------------------------------

    @cached_property
    def intake_rows(self) -> list[dict[str, Any]]:
        """Reports by channel and language; the year before's (when compared) in
        the same query. Counted by day, channel and language first — the order
        of the index that holds them, so no database sorts every report to group
        them — then those days by period."""
        reports = Report.objects.order_by()
        if self.scope.region_id is not None:
            reports = reports.filter(region_id=self.scope.region_id)
        if self.scope.sector_id is not None:
            reports = reports.filter(self._sector_of_report())
        periods = [self, *self._paired("intake_rows")[:1]]
        by_day = reports.filter(submitted_on__gte=min(figures.period.start for figures in periods),
                                submitted_on__lte=max(figures.period.end for figures in periods)).values(
            t_day=F("submitted_on"), t_channel=F("channel"), t_language=F("language")).annotate(t_n=Count("*"))
        sql, params = by_day.query.sql_with_params()
        which = " ".join(f"WHEN t_day >= %s AND t_day <= %s THEN {index}" for index in range(len(periods)))
        found: dict[int, list[dict[str, Any]]] = {index: [] for index in range(len(periods))}
        with connections[Report.objects.db].cursor() as cursor:
            cursor.execute(f"SELECT CASE {which} END, t_channel, t_language, SUM(t_n) "  # noqa: S608 (no user input)
                           f"FROM ({sql}) days GROUP BY 1, 2, 3",
                           [day for figures in periods for day in (figures.period.start, figures.period.end)]
                           + list(params))
            for index, channel, language, n in cursor.fetchall():
                if index is not None:
                    found[index].append({"channel": channel, "language": language, "n": int(n)})
        for index, figures in enumerate(periods[1:], start=1):
            figures.__dict__["intake_rows"] = found[index]
        return found[0]

    @property
    def reports(self) -> int:
        return sum(row["n"] for row in self.intake_rows)

    @cached_property
    def survey_rows(self) -> dict[int, int]:
        if not self.scope.surveys:
            return {}
        return dict(SurveyResponse.objects.order_by().filter(
            answered_on__gte=self.period.start, answered_on__lte=self.period.end,
        ).values_list("rating").annotate(n=Count("pk")).values_list("rating", "n"))

    # Quality --------------------------------------------------------------------------

    @cached_property
    def quality_rates(self) -> list[Any]:
        """The rate of each whole quarter the period overlaps."""
        from sentinelle.quality.rates import quarterly_rates

        if self.compared and self.year_to_date is not self:
            # The year to date's quarters, read for its progress, hold this period's.
            return [rate for rate in self.year_to_date.quality_rates
                    if rate.start <= self.period.end and rate.end >= self.period.start]
        # The quarters are all of the period's fiscal year: its targets, read once, hold for each.
        return quarterly_rates(self.period.start, self.period.end, region_id=self.scope.region_id,
                               sector_id=self.scope.sector_id, target_of=lambda metric, _on, _region: self.target(metric))

    @property
    def quality_rate(self) -> float | None:
        reviewed = sum(rate.reviewed for rate in self.quality_rates)
        return share(sum(rate.without_substantial_error for rate in self.quality_rates), reviewed)

    # Targets --------------------------------------------------------------------------

    @cached_property
    def year_targets(self) -> dict[tuple[int | None, str], Decimal]:
        before = next(iter(self._paired("year_targets")), None)
        if before is None:
            return targets_of_year(self.period.fiscal_year)
        years = targets_of_years([self.period.fiscal_year, before.period.fiscal_year])
        before.__dict__["year_targets"] = years[before.period.fiscal_year]
        return years[self.period.fiscal_year]

    def target(self, metric: str) -> Decimal | None:
        """The target of the scope: the region's own; for shares and days, else
        the national one. No count target applies to one sector."""
        region_id = self.scope.region_id
        if metric in COUNT_METRICS and self.scope.sector_id is not None:
            return None
        if region_id is not None:
            own = self.year_targets.get((region_id, metric))
            if own is not None or metric in COUNT_METRICS:
                return own
        return self.year_targets.get((None, metric))

    @property
    def inventory_target(self) -> Decimal | None:
        return self.target(Metric.INVENTORY)

    @cached_property
    def year_to_date(self) -> Figures:
        ytd = self.period.year_to_date
        if ytd == self.period:
            return self
        figures = Figures(ytd, self.scope, now=self.now, steps=("decision",))
        figures.__dict__["year_targets"] = self.year_targets
        figures.__dict__["regions"] = self.regions
        figures.__dict__["sectors"] = self.sectors
        return figures

    def progress(self) -> list[TargetProgress]:
        if self.compared:  # the year to date's figures come with this period's own
            _read = (self.completion_rows, self.escalation_rows, self.milestone_counts("decision"))
        ytd = self.year_to_date
        first, last = fiscal_year_bounds(ytd.period.fiscal_year)
        elapsed = (ytd.period.end - first).days + 1
        length = (last - first).days + 1
        completed = ytd.completed
        projected = round(completed * length / elapsed) if elapsed < length else completed
        values: list[tuple[str, float | None, float | None]] = [
            (Metric.CASES_COMPLETED, completed, projected),
            (Metric.INVENTORY, self.inventory_total, None),
            (Metric.DAYS_TO_DECISION, ytd.days_to("decision"), None),
            (Metric.ESCALATIONS_24H, ytd.escalation_share("24"), None),
            (Metric.ESCALATIONS_48H, ytd.escalation_share("48"), None),
            (Metric.QUALITY_RATE, ytd.quality_rate, None),
        ]
        return [TargetProgress(Metric(metric), self.target(metric), so_far, projected)
                for metric, so_far, projected in values]


@dataclass(frozen=True)
class TargetProgress:
    metric: Metric
    target: Decimal | None
    so_far: float | None
    projected: float | None

    @property
    def kind(self) -> str:
        if self.metric in COUNT_METRICS:
            return "count"
        if self.metric == Metric.DAYS_TO_DECISION:
            return "days"
        return "share"

    @property
    def target_number(self) -> float | None:
        return float(self.target) if self.target is not None else None

    @property
    def on_track(self) -> bool | None:
        value = self.projected if self.projected is not None else self.so_far
        if self.target is None or value is None:
            return None
        if self.metric in LOWER_IS_BETTER:
            return value <= float(self.target)
        return value >= float(self.target)
