"""The governance part of the JSON API, read only: the measures of the action plan
and the quarterly reports to governance, with the same permissions as the pages."""

from __future__ import annotations

import datetime

from django.http import HttpRequest
from django.utils import timezone
from ninja import Router, Schema
from ninja.pagination import paginate

from sentinelle.governance.models import Measure, QuarterlyReport
from sentinelle.lib.access import require_api_perm

router = Router(tags=["governance"])


class MeasureOut(Schema):
    id: int
    priority: int
    code: str
    title_en: str
    title_fr: str
    unit: str
    starts_on: datetime.date
    due_on: datetime.date
    status: str
    percent_done: int
    indicator: str
    residual: bool
    overdue: bool

    @staticmethod
    def resolve_priority(measure: Measure) -> int:
        return measure.priority.number

    @staticmethod
    def resolve_residual(measure: Measure) -> bool:
        return measure.is_residual(timezone.localdate())

    @staticmethod
    def resolve_overdue(measure: Measure) -> bool:
        return measure.is_overdue(timezone.localdate())


class QuarterlyReportOut(Schema):
    id: int
    fiscal_year: int
    quarter: int
    status: str
    approved_at: datetime.datetime | None
    languages: list[str]

    @staticmethod
    def resolve_languages(report: QuarterlyReport) -> list[str]:
        return sorted(document.language for document in report.documents.all())  # type: ignore[attr-defined]


@router.get("/governance/measures", response=list[MeasureOut], summary="The measures of the action plan")
@paginate
def list_measures(request: HttpRequest):  # type: ignore[no-untyped-def]
    require_api_perm(request, "governance.view_plan")
    return Measure.objects.select_related("priority__plan")


@router.get("/governance/reports", response=list[QuarterlyReportOut], summary="The quarterly reports to governance")
@paginate
def list_quarterly_reports(request: HttpRequest):  # type: ignore[no-untyped-def]
    require_api_perm(request, "governance.view_reports")
    return QuarterlyReport.objects.prefetch_related("documents")
