"""The quarterly report for governance: the dashboard's figures for one quarter
and the progress against the targets of its fiscal year, as a PDF in French or
English, with charts drawn on the server (SVG)."""

from __future__ import annotations

from typing import Any

from django.template.loader import render_to_string
from django.utils import timezone, translation

from sentinelle.dashboard import tables as dashboard_tables
from sentinelle.dashboard.charts import svg_chart
from sentinelle.dashboard.periods import Period
from sentinelle.dashboard.stats import Figures, Scope
from sentinelle.lib.pdf import font_faces, html_to_pdf

LANGUAGES = ("fr", "en")
SECTIONS = [
    "targets", "completions_month", "completions_region", "inventory_age", "inventory_status", "inventory_region",
    "timeliness_region", "escalations_region", "quality", "intake_channel", "intake_language", "satisfaction",
]


def report_context(fiscal_year: int, quarter: int, scope: Scope, *, scope_label: str) -> dict[str, Any]:
    period = Period.of(fiscal_year, quarter)
    figures = Figures(period, scope)
    tables = [dashboard_tables.table(figures, name) for name in SECTIONS]
    return {
        "period": period, "figures": figures, "scope_label": scope_label,
        "sections": [{"table": table, "chart": svg_chart(table)} for table in tables],
        "generated_at": timezone.now(),
    }


def quarterly_report_pdf(fiscal_year: int, quarter: int, scope: Scope, *, language: str, scope_label: str = "",
                         actor: Any = None) -> bytes:
    if language not in LANGUAGES:
        raise ValueError(language)
    with translation.override(language):
        context = report_context(fiscal_year, quarter, scope, scope_label=scope_label)
        html = render_to_string("dashboard/quarterly_report_pdf.html", {
            **context, "fonts": font_faces(), "language": language, "generated_by": actor,
        })
    return html_to_pdf(html)
