"""The figures of the national dashboard and of the quarterly report.

Every figure is aggregated in the database (GROUP BY with conditional counts),
in a fixed number of queries whatever the number of cases; only the timeliness
percentiles read one row per case reaching a milestone in the period (the dates,
already truncated to days by the database).

Definitions:
- Open cases (inventory) are counted today, by status, region, the employer's
  sector and age (days since the case was opened): 0-30, 31-90, 91-180, 181-365,
  over 365.
- A completed case is closed with an approved decision, closed in the period.
- Timeliness counts the days from the report (the earliest report linked to the
  case, taken from the start of its day, else the moment the case was opened) to
  the assessment, the start of the inspection and the approved decision, for the
  cases reaching that step in the period: whole days elapsed (24 hours, rounded
  down), computed by the database. Percentiles interpolate linearly between the closest ranks (numpy's
  default, Excel's PERCENTILE.INC); the median is the 50th percentile.
- An escalation opened in the period is met within 24 h when its measures were
  recorded by its target, within 48 h by its deadline; one still open after its
  target (or deadline) is missed; one still open before it is not counted yet.
"""

from __future__ import annotations

import datetime
import math
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cached_property
from typing import Any

from django.core.exceptions import ImproperlyConfigured
from django.db import connections
from django.db.models import Case as CaseExpr
from django.db.models import (
    Count,
    DateTimeField,
    F,
    Min,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    When,
)
from django.db.models.functions import Coalesce
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from sentinelle.accounts.models import Region
from sentinelle.cases.models import OPEN_CASE_STATUSES, Case, CaseStatus, Sector
from sentinelle.dashboard.models import COUNT_METRICS, LOWER_IS_BETTER, Metric
from sentinelle.dashboard.periods import Period, fiscal_year_bounds, start_of_day
from sentinelle.dashboard.targets import targets_of_year
from sentinelle.intake.models import Channel, Escalation, Report, SurveyResponse

# (label, lowest age in days, highest age in days or None)
AGE_BANDS: list[tuple[str, int, int | None]] = [
    ("0-30", 0, 30), ("31-90", 31, 90), ("91-180", 91, 180), ("181-365", 181, 365), ("365+", 366, None),
]
MILESTONES = ("assessed", "inspection", "decision")


def days_between_sql(vendor: str, later: str, earlier: str) -> str:
    """SQL for the whole days elapsed (24 hours, rounded down; never below 0) from
    column `earlier` to column `later`, NULL when `later` is: julianday() on
    SQLite, the epoch difference on PostgreSQL. A date counts from its midnight
    (UTC, the connections' time zone). The small margin absorbs floating-point
    error on exact days."""
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
    if not values:
        return None
    ordered = sorted(values)
    rank = (len(ordered) - 1) * p / 100
    low = math.floor(rank)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (rank - low)


def share(part: int, whole: int) -> float | None:
    return part / whole if whole else None


def age_band_label(label: str) -> str:
    if label == "365+":
        return _("Over 365 days")
    return _("%(range)s days") % {"range": label}


# Tables -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Column:
    title: str
    kind: str = "count"  # label, count, days, share, rating, text
    chart: bool = False  # drawn on the table's chart


@dataclass
class Table:
    """A table of the dashboard: what the page shows, the chart draws and the
    exports contain."""

    name: str
    title: str
    columns: list[Column]
    rows: list[list[Any]]
    totals: list[Any] | None = None
    chart: str | None = "bar"  # the Chart.js type, or None
    note: str = ""
    stacked: bool = False
    row_kinds: list[str] | None = None  # for "mixed" columns: the kind of each row's numbers

    def kind(self, row: int, column: int) -> str:
        kind = self.columns[column].kind
        if kind == "mixed" and self.row_kinds is not None and row < len(self.row_kinds):
            return self.row_kinds[row]
        return kind

    @property
    def chart_columns(self) -> list[int]:
        return [index for index, column in enumerate(self.columns) if column.chart]


# The figures ------------------------------------------------------------------------------


@dataclass
class Scope:
    """Whose figures: all of Canada or one region, all sectors or one."""

    region_id: int | None = None
    sector_id: int | None = None
    surveys: bool = True  # the survey answers are national only (not linked to a region)


@dataclass
class TimelinessGroup:
    days: dict[str, list[int]] = field(default_factory=lambda: {m: [] for m in MILESTONES})


class Figures:
    """The figures of a period for a scope, each section read when first needed."""

    def __init__(self, period: Period, scope: Scope | None = None, *, now: datetime.datetime | None = None) -> None:
        self.period = period
        self.scope = scope or Scope()
        self.now = now or timezone.now()

    # Filters --------------------------------------------------------------------------

    def _cases(self) -> QuerySet[Case]:
        cases = Case.objects.order_by()
        if self.scope.region_id is not None:
            cases = cases.filter(region_id=self.scope.region_id)
        if self.scope.sector_id is not None:
            cases = cases.filter(employer__sector_id=self.scope.sector_id)
        return cases

    def _sector_of_report(self, prefix: str = "") -> Q:
        sector = self.scope.sector_id
        return (Q(**{f"{prefix}employer__sector_id": sector})
                | Q(**{f"{prefix}employer__isnull": True, f"{prefix}sector_id": sector}))

    def _in_period(self, name: str) -> Q:
        return Q(**{f"{name}__gte": self.period.since, f"{name}__lt": self.period.until})

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
            bands[f"band{index}"] = Count("pk", filter=condition)
        rows = (
            self._cases().filter(status__in=OPEN_CASE_STATUSES)
            .values("status", "region_id", "employer__sector_id").annotate(total=Count("pk"), **bands)
        )
        return [dict(row) for row in rows]

    @property
    def inventory_total(self) -> int:
        return sum(row["total"] for row in self.inventory_rows)

    def _inventory_by(self, key: str) -> dict[Any, list[int]]:
        grouped: dict[Any, list[int]] = defaultdict(lambda: [0] * (len(AGE_BANDS) + 1))
        for row in self.inventory_rows:
            counts = grouped[row[key]]
            counts[0] += row["total"]
            for index in range(len(AGE_BANDS)):
                counts[index + 1] += row[f"band{index}"]
        return grouped

    def _band_columns(self, first: str) -> list[Column]:
        return [Column(first, "label"), Column(_("Open cases"))] + [
            Column(age_band_label(label), chart=True) for label, _low, _high in AGE_BANDS
        ]

    def inventory_age_table(self) -> Table:
        totals = self._inventory_by("status")
        counts = [sum(values[index + 1] for values in totals.values()) for index in range(len(AGE_BANDS))]
        target = self.inventory_target
        note = ""
        if target is not None:
            backlog = max(0, self.inventory_total - int(target))
            note = _("Healthy inventory: %(target)s open cases; backlog above it: %(backlog)s.") % {
                "target": f"{int(target):,}".replace(",", "\u00a0"), "backlog": f"{backlog:,}".replace(",", "\u00a0")}
        return Table(
            "inventory_age", _("Open cases by age (days since opened)"),
            [Column(_("Age"), "label"), Column(_("Open cases"), chart=True), Column(_("Share"), "share")],
            [[age_band_label(label), count, share(count, self.inventory_total)]
             for (label, _low, _high), count in zip(AGE_BANDS, counts, strict=True)],
            totals=[_("All open cases"), self.inventory_total, share(self.inventory_total, self.inventory_total)],
            note=note,
        )

    def inventory_status_table(self) -> Table:
        by_status = self._inventory_by("status")
        rows = [[CaseStatus(status).label, by_status[status][0]] for status in OPEN_CASE_STATUSES
                if status in by_status]
        return Table(
            "inventory_status", _("Open cases by status"),
            [Column(_("Status"), "label"), Column(_("Open cases"), chart=True)], rows,
            totals=[_("All open cases"), self.inventory_total],
        )

    def inventory_region_table(self) -> Table:
        by_region = self._inventory_by("region_id")
        rows = [[name, *by_region[pk]] for pk, name in self.regions.items() if pk in by_region]
        return Table("inventory_region", _("Open cases by region and age"), self._band_columns(_("Region")), rows,
                     totals=[_("All regions"), *self._column_sums(rows)], stacked=True)

    def inventory_sector_table(self) -> Table:
        by_sector = self._inventory_by("employer__sector_id")
        rows = [[name, *by_sector[pk]] for pk, name in self.sectors.items() if pk in by_sector]
        return Table("inventory_sector", _("Open cases by sector and age"), self._band_columns(_("Sector")), rows,
                     totals=[_("All sectors"), *self._column_sums(rows)], stacked=True)

    @staticmethod
    def _column_sums(rows: list[list[Any]]) -> list[int]:
        width = len(rows[0]) - 1 if rows else len(AGE_BANDS) + 1
        return [sum(row[index + 1] for row in rows) for index in range(width)]

    # Completions ----------------------------------------------------------------------

    def _completed(self) -> QuerySet[Case]:
        return self._cases().filter(
            self._in_period("closed_at"), status=CaseStatus.CLOSED, decision_approved_at__isnull=False,
        )

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
        """Completions by region, with one conditional count per month (no date
        function: plain comparisons, the same on SQLite and PostgreSQL)."""
        by_month = {}
        for index, first in enumerate(self.months):
            after = (first + datetime.timedelta(days=32)).replace(day=1)
            by_month[f"month{index}"] = Count("pk", filter=Q(closed_at__gte=start_of_day(first),
                                                             closed_at__lt=start_of_day(after)))
        rows = self._completed().values("region_id").annotate(n=Count("pk"), **by_month)
        return [dict(row) for row in rows]

    @property
    def completed(self) -> int:
        return sum(row["n"] for row in self.completion_rows)

    def completions_month_table(self) -> Table:
        rows = [[first.strftime("%Y-%m"), sum(row[f"month{index}"] for row in self.completion_rows)]
                for index, first in enumerate(self.months)]
        return Table("completions_month", _("Cases completed by month"),
                     [Column(_("Month"), "label"), Column(_("Cases completed"), chart=True)],
                     rows, totals=[_("Period"), self.completed], chart="line")

    def completions_region_table(self) -> Table:
        counts: dict[int, int] = defaultdict(int)
        for row in self.completion_rows:
            counts[row["region_id"]] += row["n"]
        rows = [[name, counts[pk]] for pk, name in self.regions.items() if pk in counts]
        return Table("completions_region", _("Cases completed by region"),
                     [Column(_("Region"), "label"), Column(_("Cases completed"), chart=True)], rows,
                     totals=[_("All regions"), self.completed])

    # Timeliness -----------------------------------------------------------------------

    @cached_property
    def timeliness_rows(self) -> list[tuple[Any, ...]]:
        """(region, sector, days to assessment, to inspection, to decision) of each
        case reaching one of the steps in the period; None for a step not reached
        in the period. The days are computed by the database."""
        first_report = (
            Report.objects.filter(case=OuterRef("pk")).order_by().values("case")
            .annotate(first=Min("submitted_on")).values("first")
        )
        steps = {
            f"t_{name}": CaseExpr(When(self._in_period(column), then=F(column)), default=None,
                               output_field=DateTimeField())
            for name, column in (("assessed", "assessed_at"), ("inspection", "inspection_started_at"),
                                 ("decision", "decision_approved_at"))
        }
        # A case closed before the period reached none of its steps in it: the
        # indexed closing date narrows the cases read to the open ones and those
        # closed since the period began.
        inner = self._cases().filter(
            Q(closed_at__isnull=True) | Q(closed_at__gte=self.period.since),
        ).filter(
            self._in_period("assessed_at") | self._in_period("inspection_started_at")
            | self._in_period("decision_approved_at"),
        ).annotate(
            t_region=F("region_id"), t_sector=F("employer__sector_id"),
            t_start=Coalesce(Subquery(first_report), F("opened_at"), output_field=DateTimeField()), **steps,
        ).values_list("t_region", "t_sector", "t_start", *steps)
        # The start is computed once per case (inner query), the days in the outer
        # one; plain numbers come back, read straight from the cursor without the
        # ORM's per-row work (tens of thousands of rows at national scale).
        sql, params = inner.query.sql_with_params()
        connection = connections[inner.db]
        days = [days_between_sql(connection.vendor, column, "t_start") for column in steps]
        # MATERIALIZED: the database must not fold the inner query into the outer
        # one (which would run the first-report subquery once per step).
        outer = (f"WITH timeliness AS MATERIALIZED ({sql}) "  # noqa: S608 (no user input)
                 f"SELECT t_region, t_sector, {', '.join(days)} FROM timeliness")
        with connection.cursor() as cursor:
            cursor.execute(outer, params)
            return cursor.fetchall()

    @cached_property
    def timeliness(self) -> dict[str, dict[Any, TimelinessGroup]]:
        """Days to each milestone, by region id, by sector id, and overall (key None)."""
        by: dict[str, dict[Any, TimelinessGroup]] = {"region": defaultdict(TimelinessGroup),
                                                      "sector": defaultdict(TimelinessGroup),
                                                      "all": defaultdict(TimelinessGroup)}
        for region_id, sector_id, *elapsed in self.timeliness_rows:
            groups = (by["region"][region_id].days, by["sector"][sector_id].days, by["all"][None].days)
            for name, days in zip(MILESTONES, elapsed, strict=True):
                if days is not None:
                    for group in groups:
                        group[name].append(days)
        return by

    def days_to(self, milestone: str, q: float = 50) -> float | None:
        return percentile(self.timeliness["all"][None].days[milestone], q)

    @property
    def days_to_decision(self) -> float | None:
        return self.days_to("decision")

    def _timeliness_columns(self, first: str) -> list[Column]:
        return [
            Column(first, "label"),
            Column(_("Cases assessed")), Column(_("Median days to assessment"), "days"),
            Column(_("90th percentile, days to assessment"), "days"),
            Column(_("Inspections started")), Column(_("Median days to inspection start"), "days"),
            Column(_("90th percentile, days to inspection start"), "days"),
            Column(_("Cases decided")), Column(_("Median days to decision"), "days", chart=True),
            Column(_("90th percentile, days to decision"), "days", chart=True),
        ]

    @staticmethod
    def _timeliness_cells(group: TimelinessGroup) -> list[Any]:
        cells: list[Any] = []
        for milestone in MILESTONES:
            days = group.days[milestone]
            cells += [len(days), percentile(days, 50), percentile(days, 90)]
        return cells

    def _timeliness_table(self, name: str, by: str, title: str, first: str, names: dict[int, str]) -> Table:
        groups = self.timeliness[by]
        rows = [[label, *self._timeliness_cells(groups[pk])] for pk, label in names.items() if pk in groups]
        return Table(name, title, self._timeliness_columns(first), rows,
                     totals=[_("All"), *self._timeliness_cells(self.timeliness["all"][None])])

    def timeliness_region_table(self) -> Table:
        return self._timeliness_table("timeliness_region", "region", _("Days from report to each step, by region"),
                                      _("Region"), self.regions)

    def timeliness_sector_table(self) -> Table:
        return self._timeliness_table("timeliness_sector", "sector", _("Days from report to each step, by sector"),
                                      _("Sector"), self.sectors)

    # Escalations ----------------------------------------------------------------------

    @cached_property
    def escalation_rows(self) -> list[dict[str, Any]]:
        escalations = Escalation.objects.order_by().filter(self._in_period("opened_at"))
        if self.scope.region_id is not None:
            escalations = escalations.filter(region_id=self.scope.region_id)
        if self.scope.sector_id is not None:
            escalations = escalations.filter(self._sector_of_report("report__"))
        open_ = Q(met_at__isnull=True)
        return list(escalations.values("region_id").annotate(  # type: ignore[arg-type]
            total=Count("pk"),
            met_24=Count("pk", filter=Q(met_at__lte=F("target_at"))),
            met_48=Count("pk", filter=Q(met_at__lte=F("deadline_at"))),
            pending_24=Count("pk", filter=open_ & Q(target_at__gte=self.now)),
            pending_48=Count("pk", filter=open_ & Q(deadline_at__gte=self.now)),
            overdue=Count("pk", filter=open_ & Q(deadline_at__lt=self.now)),
        ))

    @staticmethod
    def _escalation_cells(row: dict[str, int]) -> list[Any]:
        due_24 = row["total"] - row["pending_24"]
        due_48 = row["total"] - row["pending_48"]
        return [row["total"], row["met_24"], share(row["met_24"], due_24), row["met_48"],
                share(row["met_48"], due_48), row["overdue"]]

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

    def escalations_region_table(self) -> Table:
        by_region = {row["region_id"]: row for row in self.escalation_rows}
        rows = [[name, *self._escalation_cells(by_region[pk])] for pk, name in self.regions.items()
                if pk in by_region]
        return Table(
            "escalations_region", _("Escalations met within 24 and 48 hours, by region"),
            [Column(_("Region"), "label"), Column(_("Escalations opened")), Column(_("Met within 24 h")),
             Column(_("Share met within 24 h"), "share", chart=True), Column(_("Met within 48 h")),
             Column(_("Share met within 48 h"), "share", chart=True), Column(_("Open past the deadline"))],
            rows, totals=[_("All regions"), *self._escalation_cells(self.escalation_totals)],
            note=_("Escalations still open before their target or deadline are not counted yet; "
                   "those open past it count as missed."),
        )

    # Intake and satisfaction ----------------------------------------------------------

    @cached_property
    def intake_rows(self) -> list[dict[str, Any]]:
        reports = Report.objects.order_by().filter(submitted_on__gte=self.period.start,
                                                   submitted_on__lte=self.period.end)
        if self.scope.region_id is not None:
            reports = reports.filter(region_id=self.scope.region_id)
        if self.scope.sector_id is not None:
            reports = reports.filter(self._sector_of_report())
        return list(reports.values("channel", "language").annotate(n=Count("pk")))  # type: ignore[arg-type]

    @property
    def reports(self) -> int:
        return sum(row["n"] for row in self.intake_rows)

    def intake_channel_table(self) -> Table:
        counts: dict[str, int] = defaultdict(int)
        for row in self.intake_rows:
            counts[row["channel"]] += row["n"]
        rows = [[Channel(code).label if code in Channel.values else code, counts[code],
                 share(counts[code], self.reports)] for code in [*Channel.values, *sorted(set(counts) - set(Channel.values))]
                if code in counts]
        return Table("intake_channel", _("Reports received by channel"),
                     [Column(_("Channel"), "label"), Column(_("Reports"), chart=True), Column(_("Share"), "share")],
                     rows, totals=[_("All channels"), self.reports, share(self.reports, self.reports)], chart="doughnut")

    def intake_language_table(self) -> Table:
        counts: dict[str, int] = defaultdict(int)
        for row in self.intake_rows:
            counts[row["language"]] += row["n"]
        rows = [[language_name(code), n, share(n, self.reports)]
                for code, n in sorted(counts.items(), key=lambda item: (-item[1], item[0]))]
        return Table("intake_language", _("Reports received by language"),
                     [Column(_("Language"), "label"), Column(_("Reports"), chart=True), Column(_("Share"), "share")],
                     rows, totals=[_("All languages"), self.reports, share(self.reports, self.reports)])

    @cached_property
    def survey_rows(self) -> dict[int, int]:
        if not self.scope.surveys:
            return {}
        return dict(SurveyResponse.objects.order_by().filter(
            answered_on__gte=self.period.start, answered_on__lte=self.period.end,
        ).values_list("rating").annotate(n=Count("pk")).values_list("rating", "n"))

    def satisfaction_table(self) -> Table:
        answers = sum(self.survey_rows.values())
        average = sum(rating * n for rating, n in self.survey_rows.items()) / answers if answers else None
        rows = [[rating.label, self.survey_rows.get(rating.value, 0), share(self.survey_rows.get(rating.value, 0), answers)]
                for rating in sorted(SurveyResponse.Rating, key=lambda r: -r.value)]
        note = (_("Average rating: %(average)s out of 5.") % {"average": f"{average:.2f}".replace(".", decimal_mark())}
                if average is not None else "")
        if not self.scope.surveys:
            rows, note = [], _("Survey answers are anonymous and not linked to a region or sector: "
                               "they are shown for all of Canada only.")
        return Table("satisfaction", _("How easy was it to report? (survey answers)"),
                     [Column(_("Answer"), "label"), Column(_("Answers"), chart=True), Column(_("Share"), "share")],
                     rows, totals=[_("All answers"), answers, share(answers, answers)] if rows else None, note=note)

    # Quality --------------------------------------------------------------------------

    @cached_property
    def quality_rates(self) -> list[Any]:
        from sentinelle.quality.rates import quarterly_rates

        return quarterly_rates(self.period.start, self.period.end, region_id=self.scope.region_id,
                               sector_id=self.scope.sector_id)

    @property
    def quality_rate(self) -> float | None:
        reviewed = sum(rate.reviewed for rate in self.quality_rates)
        return share(sum(rate.without_substantial_error for rate in self.quality_rates), reviewed)

    def quality_table(self) -> Table:
        rows = [[rate.label, rate.reviewed, rate.without_substantial_error, rate.rate, rate.low, rate.high,
                 float(rate.target) if rate.target is not None else None] for rate in self.quality_rates]
        return Table(
            "quality", _("Quality rate of the files reviewed (random sample)"),
            [Column(_("Quarter"), "label"), Column(_("Files reviewed")), Column(_("Without substantial error")),
             Column(_("Quality rate"), "share", chart=True), Column(_("95 % interval, low"), "share"),
             Column(_("95 % interval, high"), "share"), Column(_("Target"), "share", chart=True)],
            rows, chart="line",
            note=_("The interval is Wilson's score interval at 95 %. No rate without a reviewed file."),
        )

    # Targets --------------------------------------------------------------------------

    @cached_property
    def year_targets(self) -> dict[tuple[int | None, str], Decimal]:
        return targets_of_year(self.period.fiscal_year)

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
        figures = Figures(ytd, self.scope, now=self.now)
        figures.__dict__["year_targets"] = self.year_targets
        figures.__dict__["regions"] = self.regions
        figures.__dict__["sectors"] = self.sectors
        return figures

    def progress(self) -> list[TargetProgress]:
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

    def targets_table(self) -> Table:
        ytd = self.year_to_date.period
        progress = self.progress()
        rows = [[item.metric.label, item.target_number, item.so_far, item.projected, item.status_label]
                for item in progress]
        return Table(
            "targets", _("Progress against the targets of the fiscal year %(year)s") % {"year": ytd.label},
            [Column(_("Measure"), "label"), Column(_("Target"), "mixed"), Column(_("So far"), "mixed"),
             Column(_("Projected year-end"), "mixed"), Column(_("Status"), "text")],
            rows, chart=None, row_kinds=[item.kind for item in progress],
            note=_("From %(start)s to %(end)s. The projection scales the cases completed so far to the whole "
                   "year (completed × days in the year ÷ days elapsed); the other measures are shown as they "
                   "stand. Open cases are counted today.") % {"start": ytd.start.isoformat(),
                                                              "end": ytd.end.isoformat()},
        )

    # Everything -----------------------------------------------------------------------

    BUILDERS: dict[str, str] = {
        "targets": "targets_table",
        "inventory_age": "inventory_age_table",
        "inventory_status": "inventory_status_table",
        "inventory_region": "inventory_region_table",
        "inventory_sector": "inventory_sector_table",
        "completions_month": "completions_month_table",
        "completions_region": "completions_region_table",
        "timeliness_region": "timeliness_region_table",
        "timeliness_sector": "timeliness_sector_table",
        "escalations_region": "escalations_region_table",
        "quality": "quality_table",
        "intake_channel": "intake_channel_table",
        "intake_language": "intake_language_table",
        "satisfaction": "satisfaction_table",
    }

    def table(self, name: str) -> Table:
        builder: Callable[[], Table] = getattr(self, self.BUILDERS[name])
        return builder()

    def tables(self) -> dict[str, Table]:
        return {name: self.table(name) for name in self.BUILDERS}


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

    @property
    def status_label(self) -> str:
        return {True: _("On track"), False: _("Not on track"), None: pgettext("target status", "Not available")}[
            self.on_track]


def decimal_mark() -> str:
    return "," if translation.get_language() == "fr" else "."


def language_name(code: str) -> str:
    try:
        return str(translation.get_language_info(code)["name_translated"])
    except KeyError:
        return code

