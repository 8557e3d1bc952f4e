"""The managers' board of the action plan: every measure, what needs attention
first (late or overdue, at risk, residual), with its filters (shared by the page
and the exports) and its exports in CSV and XLSX."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from sentinelle.governance.indicators import Measured, measured
from sentinelle.governance.models import Measure
from sentinelle.lib.tabular import csv_bytes, xlsx_bytes


def filtered(priority: Any = None, unit: str = "", owner: Any = None) -> QuerySet[Measure]:
    measures = Measure.objects.select_related("priority__plan", "owner", "region")
    if priority is not None:
        measures = measures.filter(priority=priority)
    if unit:
        measures = measures.filter(unit=unit)
    if owner is not None:
        measures = measures.filter(owner=owner)
    return measures


def ordered(measures: Iterable[Measure], today: datetime.date | None = None) -> list[Measure]:
    """Late and overdue first, then at risk, residual, not started, on track, done;
    within each, the earliest due first."""
    today = today or timezone.localdate()
    return sorted(measures, key=lambda m: (m.attention_rank(today), m.due_on, m.priority.number, m.code))


def units() -> list[str]:
    return list(Measure.objects.order_by("unit").values_list("unit", flat=True).distinct())


def headers() -> list[str]:
    return [_("Priority"), _("Number"), _("Measure"), _("Owner"), _("Responsible unit"), _("Start date"),
            _("Due date"), _("Status"), _("Percentage done"), _("Residual"), _("Overdue"),
            _("Dashboard indicator"), _("Measured value"), _("Indicator target"), _("Measured percentage")]


def rows(measures: list[Measure], progress: dict[int, Measured], today: datetime.date) -> Iterable[list[Any]]:
    for measure in measures:
        seen = progress.get(measure.pk)
        yield [
            measure.priority.number, measure.code, measure.title, str(measure.owner or ""), measure.unit,
            measure.starts_on, measure.due_on, measure.get_status_display(), measure.percent_done,  # type: ignore[attr-defined]
            _("Yes") if measure.is_residual(today) else _("No"), _("Yes") if measure.is_overdue(today) else _("No"),
            seen.label if seen else "", _number(seen.value) if seen else None,
            _number(seen.target) if seen else None, seen.percent if seen else None,
        ]


def _number(value: Any) -> float | None:
    return round(float(value), 4) if value is not None else None


def export(measures: Iterable[Measure], kind: str) -> tuple[bytes, int]:
    today = timezone.localdate()
    listed = ordered(measures, today)
    progress = measured(listed, today)
    if kind == "csv":
        return csv_bytes(headers(), rows(listed, progress, today))
    return xlsx_bytes(_("Action plan"), headers(), rows(listed, progress, today))
