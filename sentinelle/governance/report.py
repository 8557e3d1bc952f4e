"""The quarterly report to governance as a PDF, in French or English: the
dashboard's figures and targets for the quarter (`dashboard.report`), the action
plan's progress with residual measures flagged, the quality and escalation
results, the satisfaction survey with its trend over the last four quarters by
channel, and the managers' narrative."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.db.models import Avg, Count
from django.template.loader import render_to_string
from django.utils import timezone, translation

from sentinelle.audit.services import Action, record
from sentinelle.dashboard.periods import Period, quarter_bounds
from sentinelle.dashboard.report import report_context
from sentinelle.dashboard.stats import Scope
from sentinelle.forecast import quarters
from sentinelle.governance.indicators import measured
from sentinelle.governance.models import (
    NARRATIVE,
    GroupReportDocument,
    Measure,
    PdfStatus,
    Priority,
    QuarterlyReport,
    ReportDocument,
    ReportStatus,
    ReviewedReport,
)
from sentinelle.governance.standards import measure_standards
from sentinelle.intake.models import Channel, SurveyResponse
from sentinelle.lib.pdf import font_faces, html_to_pdf

LANGUAGES = ("fr", "en")
SECTIONS = ["targets", "escalations_region", "quality", "satisfaction"]


@dataclass(frozen=True)
class SurveyQuarter:
    label: str
    by_channel: dict[str, tuple[int, float | None]]  # channel -> (answers, mean rating)
    answers: int
    mean: float | None

    @property
    def cells(self) -> list[tuple[int, float | None] | None]:
        """(answers, mean) for each channel, in the order of `Channel`."""
        return [self.by_channel.get(str(value)) for value in Channel.values]


def last_quarters(fiscal_year: int, quarter: int, count: int = 4) -> list[tuple[int, int]]:
    """The quarter and the `count - 1` before it, oldest first."""
    last = quarters.index_of(fiscal_year, quarter)
    return [quarters.split(index) for index in range(last - count + 1, last + 1)]


def survey_trend(fiscal_year: int, quarter: int) -> list[SurveyQuarter]:
    """The survey's answers and mean rating (1 very hard to 5 very easy) in each
    of the last four quarters, by channel: one query."""
    span = last_quarters(fiscal_year, quarter)
    first, _ = quarter_bounds(*span[0])
    _, last = quarter_bounds(*span[-1])
    rows = (SurveyResponse.objects.order_by().filter(answered_on__gte=first, answered_on__lte=last)
            .values("answered_on", "channel").annotate(n=Count("pk"), mean=Avg("rating")))
    sums: dict[tuple[int, int], dict[str, list[float]]] = {q: {} for q in span}
    for row in rows:
        total = sums[quarters.split(quarters.of_date(row["answered_on"]))].setdefault(row["channel"], [0, 0.0])
        total[0] += row["n"]
        total[1] += float(row["mean"]) * row["n"]
    trend = []
    for q in span:
        by_channel = {channel: (int(n), total / n if n else None) for channel, (n, total) in sums[q].items()}
        answers = sum(n for n, _ in by_channel.values())
        weighted = sum(sums[q][c][1] for c in sums[q])
        trend.append(SurveyQuarter(Period.of(q[0], q[1]).label, by_channel, answers,
                                   weighted / answers if answers else None))
    return trend


def plan_progress(on: Any = None) -> list[dict[str, Any]]:
    """The priorities of every plan with a measure still open, or due in the
    last year, with their measures and what the dashboard measures of them."""
    priorities = list(Priority.objects.select_related("plan").prefetch_related("measures__owner"))
    measures: list[Measure] = [m for p in priorities for m in p.measures.all()]  # type: ignore[attr-defined]
    for measure in measures:
        measure.priority = next(p for p in priorities if p.pk == measure.priority_id)
    progress = measured(measures, on)
    return [{"priority": p, "measures": [{"measure": m, "measured": progress.get(m.pk)}
                                         for m in p.measures.all()]}  # type: ignore[attr-defined]
            for p in priorities]


def channel_labels() -> dict[str, str]:
    return {str(value): str(label) for value, label in Channel.choices}


def report_pdf(report: QuarterlyReport, *, language: str, step: Callable[[int], None] = lambda n: None) -> bytes:
    """The PDF of `report` in `language`, from the figures of this moment.
    `step(percent)` is told how far it has come."""
    if language not in LANGUAGES:
        raise ValueError(language)
    with translation.override(language):
        context = report_context(report.fiscal_year, report.quarter, Scope(), scope_label="")
        sections = [s for s in context["sections"] if s["table"].name in SECTIONS]
        step(30)
        html = render_to_string("governance/report_pdf.html", {
            **context, "sections": sections, "report": report, "language": language, "fonts": font_faces(),
            "plan": plan_progress(), "survey": survey_trend(report.fiscal_year, report.quarter),
            "channels": channel_labels(), "standards": measure_standards(context["period"]),
            "narrative": [(name, getattr(report, f"{name}_{language}") or getattr(
                report, f"{name}_{'en' if language == 'fr' else 'fr'}")) for name in NARRATIVE],
            "made_at": timezone.now(),
        })
        step(50)
        return html_to_pdf(html)


def keep_documents(report_model: type[ReviewedReport], document_model: type[ReportDocument | GroupReportDocument],
                   report_id: int,
                   make_pdf: Callable[..., bytes]) -> str:
    """Make and keep an approved report's PDFs, French then English, telling the
    page how far it has come (`pdf_progress`). A PDF already kept is never made
    again: the approved report stays as it was approved. Any `ReviewedReport`
    whose documents (`document_model`, a `models.ReportPdf`) are `report.documents`;
    `make_pdf(report, language=, step=)` makes one PDF. Returns the report's PDF
    status."""
    report = report_model._default_manager.filter(pk=report_id, status=ReportStatus.APPROVED).first()
    if report is None:
        return "missing"
    rows = report_model._default_manager.filter(pk=report_id)

    def progress(**values: Any) -> None:
        rows.update(**values, updated_at=timezone.now())

    kept = set(report.documents.values_list("language", flat=True))  # type: ignore[attr-defined]
    progress(pdf_status=PdfStatus.RUNNING, pdf_progress=5 + 45 * len(kept))
    try:
        for index, language in enumerate(LANGUAGES):
            if language in kept:
                continue
            base = 5 + 45 * index

            def step(percent: int, base: int = base) -> None:
                progress(pdf_progress=base + percent * 45 // 100)

            pdf = make_pdf(report, language=language, step=step)
            with transaction.atomic():
                document_model._default_manager.get_or_create(report_id=report.pk, language=language, defaults={
                    "pdf": pdf, "sha256": hashlib.sha256(pdf).hexdigest()})
            progress(pdf_progress=base + 45)
    except Exception:
        progress(pdf_status=PdfStatus.FAILED)
        raise
    progress(pdf_status=PdfStatus.DONE, pdf_progress=100)
    record(Action.CREATE, obj=report, documents=list(LANGUAGES), actor_label="task worker")
    return PdfStatus.DONE


def make_documents(report_id: int) -> str:
    """Make and keep the approved quarterly report's PDFs (`keep_documents`)."""
    return keep_documents(QuarterlyReport, ReportDocument, report_id, report_pdf)
