"""The dashboard's figures as tables: what the page shows, the chart draws, the
exports and the quarterly report contain. The numbers come from `stats.Figures`
(which holds every query); this module only names, orders and labels them, in
the active language."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from sentinelle.cases.models import OPEN_CASE_STATUSES, CaseStatus
from sentinelle.dashboard.stats import (
    AGE_BANDS,
    MILESTONES,
    Figures,
    TargetProgress,
    TimelinessGroup,
    share,
)
from sentinelle.intake.models import Channel, SurveyResponse
from sentinelle.lib.formats import number


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
    # The filter that narrows the dashboard to each row (its region, sector or
    # month), as query parameters: the row's heading links to it.
    row_filters: list[dict[str, str]] | None = None

    def kind(self, row: int, column: int) -> str:
        kind = self.columns[column].kind
        if kind == "mixed" and self.row_kinds is not None and row < len(self.row_kinds):
            return self.row_kinds[row]
        return kind

    @property
    def chart_columns(self) -> list[int]:
        return [index for index, column in enumerate(self.columns) if column.chart]

    @property
    def drawable(self) -> bool:
        """Whether a chart would show anything: some figure it draws is neither
        missing nor zero (an empty chart is replaced by a sentence)."""
        return bool(self.chart) and any(
            row[index] not in (None, 0) for row in self.rows for index in self.chart_columns)

    def row_filter(self, row: int) -> dict[str, str] | None:
        return self.row_filters[row] if self.row_filters is not None and row < len(self.row_filters) else None


def age_band_label(label: str) -> str:
    if label == "365+":
        return _("Over 365 days")
    return _("%(range)s days") % {"range": label}


def status_label(progress: TargetProgress) -> str:
    return {True: _("On track"), False: _("Not on track"), None: pgettext("target status", "Not available")}[
        progress.on_track]


def language_name(code: str) -> str:
    try:
        return str(translation.get_language_info(code)["name_translated"])
    except KeyError:
        return code


# Inventory ----------------------------------------------------------------------------------


def _band_columns(first: str) -> list[Column]:
    return [Column(first, "label"), Column(_("Open cases"))] + [
        Column(age_band_label(label), chart=True) for label, _low, _high in AGE_BANDS
    ]


def inventory_age_table(figures: Figures) -> Table:
    totals = figures.inventory_by("status")
    counts = [sum(values[index + 1] for values in totals.values()) for index in range(len(AGE_BANDS))]
    target = figures.inventory_target
    note = ""
    if target is not None:
        backlog = max(0, figures.inventory_total - int(target))
        note = _("Healthy inventory: %(target)s open cases; backlog above it: %(backlog)s.") % {
            "target": number(target), "backlog": number(backlog)}
    return Table(
        "inventory_age", _("Open cases by age (days since opened)"),
        [Column(_("Age"), "label"), Column(_("Open cases"), chart=True), Column(_("Share"), "share")],
        [[age_band_label(label), count, share(count, figures.inventory_total)]
         for (label, _low, _high), count in zip(AGE_BANDS, counts, strict=True)],
        totals=[_("All open cases"), figures.inventory_total, share(figures.inventory_total, figures.inventory_total)],
        note=note,
    )


def inventory_status_table(figures: Figures) -> Table:
    by_status = figures.inventory_by("status")
    rows = [[CaseStatus(status).label, by_status[status][0]] for status in OPEN_CASE_STATUSES
            if status in by_status]
    return Table(
        "inventory_status", _("Open cases by status"),
        [Column(_("Status"), "label"), Column(_("Open cases"), chart=True)], rows,
        totals=[_("All open cases"), figures.inventory_total],
    )


def inventory_region_table(figures: Figures) -> Table:
    by_region = figures.inventory_by("region_id")
    keys = [pk for pk in figures.regions if pk in by_region]
    rows = [[figures.regions[pk], *by_region[pk]] for pk in keys]
    return Table("inventory_region", _("Open cases by region and age"), _band_columns(_("Region")), rows,
                 totals=[_("All regions"), *_column_sums(rows)], stacked=True, row_filters=by_key("region", keys))


def inventory_sector_table(figures: Figures) -> Table:
    by_sector = figures.inventory_by("sector_id")
    keys = [pk for pk in figures.sectors if pk in by_sector]
    rows = [[figures.sectors[pk], *by_sector[pk]] for pk in keys]
    return Table("inventory_sector", _("Open cases by sector and age"), _band_columns(_("Sector")), rows,
                 totals=[_("All sectors"), *_column_sums(rows)], stacked=True, row_filters=by_key("sector", keys))


def by_key(name: str, keys: list[Any]) -> list[dict[str, str]]:
    """Each row's filter: the region or sector of its key."""
    return [{name: str(key)} for key in keys]


def _column_sums(rows: list[list[Any]]) -> list[int]:
    width = len(rows[0]) - 1 if rows else len(AGE_BANDS) + 1
    return [sum(row[index + 1] for row in rows) for index in range(width)]


# Completions --------------------------------------------------------------------------------


def completions_month_table(figures: Figures) -> Table:
    rows = [[first.strftime("%Y-%m"), sum(row[f"month{index}"] for row in figures.completion_rows)]
            for index, first in enumerate(figures.months)]
    return Table("completions_month", _("Cases completed by month"),
                 [Column(_("Month"), "label"), Column(_("Cases completed"), chart=True)],
                 rows, totals=[_("Period"), figures.completed], chart="line",
                 row_filters=[{"fiscal_year": str(figures.period.fiscal_year), "quarter": "",
                               "month": str(first.month)} for first in figures.months])


def completions_region_table(figures: Figures) -> Table:
    counts: dict[int, int] = defaultdict(int)
    for row in figures.completion_rows:
        counts[row["region_id"]] += row["n"]
    keys = [pk for pk in figures.regions if pk in counts]
    return Table("completions_region", _("Cases completed by region"),
                 [Column(_("Region"), "label"), Column(_("Cases completed"), chart=True)],
                 [[figures.regions[pk], counts[pk]] for pk in keys],
                 totals=[_("All regions"), figures.completed], row_filters=by_key("region", keys))


# Timeliness ---------------------------------------------------------------------------------


def _timeliness_columns(first: str) -> list[Column]:
    return [
        Column(first, "label"),
        Column(_("Cases assessed")), Column(_("Median days to assessment"), "days"),
        Column(_("90th percentile, days to assessment"), "days"),
        Column(_("Inspections started")), Column(_("Median days to inspection start"), "days"),
        Column(_("90th percentile, days to inspection start"), "days"),
        Column(_("Cases decided")), Column(_("Median days to decision"), "days", chart=True),
        Column(_("90th percentile, days to decision"), "days", chart=True),
    ]


def _timeliness_cells(group: TimelinessGroup) -> list[Any]:
    cells: list[Any] = []
    for milestone in MILESTONES:
        cells += [group.cases(milestone), group.percentile(milestone, 50), group.percentile(milestone, 90)]
    return cells


def _timeliness_table(figures: Figures, name: str, by: str, title: str, first: str, names: dict[int, str]) -> Table:
    groups = figures.timeliness[by]
    keys = [pk for pk in names if pk in groups]
    return Table(name, title, _timeliness_columns(first), [[names[pk], *_timeliness_cells(groups[pk])] for pk in keys],
                 totals=[_("All"), *_timeliness_cells(figures.timeliness["all"][None])], row_filters=by_key(by, keys))


def timeliness_region_table(figures: Figures) -> Table:
    return _timeliness_table(figures, "timeliness_region", "region", _("Days from report to each step, by region"),
                                  _("Region"), figures.regions)


def timeliness_sector_table(figures: Figures) -> Table:
    return _timeliness_table(figures, "timeliness_sector", "sector", _("Days from report to each step, by sector"),
                                  _("Sector"), figures.sectors)


# Escalations --------------------------------------------------------------------------------


def _escalation_cells(row: dict[str, int]) -> list[Any]:
    due_24 = row["total"] - row["pending_24"]
    due_48 = row["total"] - row["pending_48"]
    return [row["total"], row["met_24"], share(row["met_24"], due_24), row["met_48"],
            share(row["met_48"], due_48), row["overdue"]]


def escalations_region_table(figures: Figures) -> Table:
    by_region = {row["region_id"]: row for row in figures.escalation_rows}
    keys = [pk for pk in figures.regions if pk in by_region]
    rows = [[figures.regions[pk], *_escalation_cells(by_region[pk])] for pk in keys]
    return Table(
        "escalations_region", _("Escalations met within 24 and 48 hours, by region"),
        [Column(_("Region"), "label"), Column(_("Escalations opened")), Column(_("Met within 24 h")),
         Column(_("Share met within 24 h"), "share", chart=True), Column(_("Met within 48 h")),
         Column(_("Share met within 48 h"), "share", chart=True), Column(_("Open past the deadline"))],
        rows, totals=[_("All regions"), *_escalation_cells(figures.escalation_totals)], row_filters=by_key("region", keys),
        note=_("Escalations still open before their target or deadline are not counted yet; "
               "those open past it count as missed."),
    )


# Intake and satisfaction ----------------------------------------------------------------------


def intake_channel_table(figures: Figures) -> Table:
    counts: dict[str, int] = defaultdict(int)
    for row in figures.intake_rows:
        counts[row["channel"]] += row["n"]
    rows = [[Channel(code).label if code in Channel.values else code, counts[code],
             share(counts[code], figures.reports)] for code in [*Channel.values, *sorted(set(counts) - set(Channel.values))]
            if code in counts]
    return Table("intake_channel", _("Reports received by channel"),
                 [Column(_("Channel"), "label"), Column(_("Reports"), chart=True), Column(_("Share"), "share")],
                 rows, totals=[_("All channels"), figures.reports, share(figures.reports, figures.reports)], chart="doughnut")


def intake_language_table(figures: Figures) -> Table:
    counts: dict[str, int] = defaultdict(int)
    for row in figures.intake_rows:
        counts[row["language"]] += row["n"]
    rows = [[language_name(code), n, share(n, figures.reports)]
            for code, n in sorted(counts.items(), key=lambda item: (-item[1], item[0]))]
    return Table("intake_language", _("Reports received by language"),
                 [Column(_("Language"), "label"), Column(_("Reports"), chart=True), Column(_("Share"), "share")],
                 rows, totals=[_("All languages"), figures.reports, share(figures.reports, figures.reports)])


def satisfaction_table(figures: Figures) -> Table:
    answers = sum(figures.survey_rows.values())
    average = sum(rating * n for rating, n in figures.survey_rows.items()) / answers if answers else None
    rows = [[rating.label, figures.survey_rows.get(rating.value, 0), share(figures.survey_rows.get(rating.value, 0), answers)]
            for rating in sorted(SurveyResponse.Rating, key=lambda r: -r.value)]
    note = (_("Average rating: %(average)s out of 5.") % {"average": number(average, 2)}
            if average is not None else "")
    if not figures.scope.surveys:
        rows, note = [], _("Survey answers are anonymous and not linked to a region or sector: "
                           "they are shown for all of Canada only.")
    return Table("satisfaction", _("How easy was it to report? (survey answers)"),
                 [Column(_("Answer"), "label"), Column(_("Answers"), chart=True), Column(_("Share"), "share")],
                 rows, totals=[_("All answers"), answers, share(answers, answers)] if rows else None, note=note)


# Quality and targets ------------------------------------------------------------------------


def quality_table(figures: Figures) -> Table:
    rows = [[rate.label, rate.reviewed, rate.without_substantial_error, rate.rate, rate.low, rate.high,
             float(rate.target) if rate.target is not None else None] for rate in figures.quality_rates]
    return Table(
        "quality", _("Quality rate of the files reviewed (random sample)"),
        [Column(_("Quarter"), "label"), Column(_("Files reviewed")), Column(_("Without substantial error")),
         Column(_("Quality rate"), "share", chart=True), Column(_("95 % interval, low"), "share"),
         Column(_("95 % interval, high"), "share"), Column(_("Target"), "share", chart=True)],
        rows, chart="line",
        note=_("The interval is Wilson's score interval at 95 %. No rate without a reviewed file."),
    )


def targets_table(figures: Figures) -> Table:
    ytd = figures.year_to_date.period
    progress = figures.progress()
    rows = [[item.metric.label, item.target_number, item.so_far, item.projected, status_label(item)]
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


# Every table, by name ---------------------------------------------------------------------------

BUILDERS: dict[str, Callable[[Figures], Table]] = {
    "targets": targets_table,
    "inventory_age": inventory_age_table,
    "inventory_status": inventory_status_table,
    "inventory_region": inventory_region_table,
    "inventory_sector": inventory_sector_table,
    "completions_month": completions_month_table,
    "completions_region": completions_region_table,
    "timeliness_region": timeliness_region_table,
    "timeliness_sector": timeliness_sector_table,
    "escalations_region": escalations_region_table,
    "quality": quality_table,
    "intake_channel": intake_channel_table,
    "intake_language": intake_language_table,
    "satisfaction": satisfaction_table,
}


def table(figures: Figures, name: str) -> Table:
    return BUILDERS[name](figures)


def tables(figures: Figures) -> dict[str, Table]:
    return {name: builder(figures) for name, builder in BUILDERS.items()}
