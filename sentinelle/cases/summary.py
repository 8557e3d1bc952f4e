"""The case summary report (rapport sommaire du cas): the employer, the
allegations, the activities and their findings, the decisions and the key
dates of one case, as a staff page and as a PDF in French or English."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db.models import QuerySet
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from sentinelle.cases import linked
from sentinelle.cases.documents import file_pdf
from sentinelle.cases.models import Activity, Case, Decision, Document, DocumentKind
from sentinelle.lib.pdf import font_faces, html_to_pdf

LANGUAGES = ("fr", "en")


@dataclass(frozen=True)
class KeyDate:
    label: Promise
    at: datetime


@dataclass(frozen=True)
class CaseSummary:
    case: Case
    allegation_categories: list[str]
    activities: list[Activity]
    decisions: list[Decision]
    key_dates: list[KeyDate]
    generated_at: datetime


def _key_dates(case: Case) -> list[KeyDate]:
    steps: list[tuple[Promise, datetime | None]] = [
        (_("Opened"), case.opened_at),
        (_("Assessed"), case.assessed_at),
        (_("Assigned"), case.assigned_at),
        (_("Inspection started"), case.inspection_started_at),
        (_("Decision proposed"), case.decision_proposed_at),
        (_("Decision approved"), case.decision_approved_at),
        (_("Closed"), case.closed_at),
    ]
    return [KeyDate(label, at) for label, at in steps if at is not None]


def case_summary(case: Case) -> CaseSummary:
    """Everything the report shows, read in a fixed number of queries.

    Category labels are translated when the report is rendered (they are lazy),
    so build the summary and render it under the same language."""
    reports = linked.reports()
    categories = reports.allegation_labels(case) if reports else []
    activities: QuerySet[Activity] = (
        case.activities.select_related("author", "owner").order_by("occurred_at", "id")  # type: ignore[attr-defined]
    )
    decisions: QuerySet[Decision] = (
        case.decisions.select_related("proposed_by", "approved_by").order_by("proposed_at", "id")  # type: ignore[attr-defined]
    )
    return CaseSummary(
        case=case,
        allegation_categories=categories,  # type: ignore[arg-type]
        activities=list(activities),
        decisions=list(decisions),
        key_dates=_key_dates(case),
        generated_at=timezone.now(),
    )


def summary_pdf(case: Case, language: str, *, actor: Any = None) -> bytes:
    if language not in LANGUAGES:
        raise ValueError(language)
    with translation.override(language):
        html = render_to_string("cases/summary/summary_pdf.html", {
            "summary": case_summary(case), "case": case, "employer": case.employer, "fonts": font_faces(),
            "language": language, "generated_by": actor,
        })
    return html_to_pdf(html)


def summary_filename(case: Case, language: str) -> str:
    return f"{case.reference}-summary-{language}.pdf"


def file_summary(case: Case, language: str, *, actor: Any, request: Any = None) -> Document:
    """File the report on the case: the next version of the summary already
    filed in that language, or a new document."""
    pdf = summary_pdf(case, language, actor=actor)
    with translation.override(language):
        title = str(_("Case summary report (%(language)s)") % {"language": language.upper()})
    existing = Document.objects.filter(case=case, kind=DocumentKind.SUMMARY, title=title).first()
    return file_pdf(case, pdf, title=title, filename=summary_filename(case, language), kind=DocumentKind.SUMMARY,
                    actor=actor, document=existing, request=request)
