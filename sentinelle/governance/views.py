"""Staff pages of governance: the managers' board of the action plan with its
exports, a measure with its history and evidence, and the quarterly reports to
governance (list, draft, review, approval, the kept PDFs). Thin: parse, call a
service, render."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.views.decorators.http import require_POST

from sentinelle.audit.services import Action, record
from sentinelle.dashboard.periods import Period, fiscal_year_of, quarter_of
from sentinelle.governance import board, services
from sentinelle.governance.access import VIEW_PLAN, VIEW_REPORTS, access_measure, access_report
from sentinelle.governance.forms import (
    BoardFilterForm,
    EvidenceForm,
    MeasureUpdateForm,
    NarrativeForm,
    NewReportForm,
    SurveyRecordForm,
)
from sentinelle.governance.indicators import measured
from sentinelle.governance.models import (
    NARRATIVE,
    Measure,
    PdfStatus,
    QuarterlyReport,
    ReportStatus,
    ReviewedReport,
)
from sentinelle.governance.report import LANGUAGES, channel_labels, last_quarters, survey_trend
from sentinelle.governance.standards import measure_standards
from sentinelle.lib.access import check_perm, require_perm
from sentinelle.lib.locking import Conflict, add_version_field, show_conflict, version_of

UPDATE, EXPORT = "governance.update_measure", "governance.export_plan"
DRAFT, REVIEW, APPROVE = "governance.draft_report", "governance.review_report", "governance.approve_report"
FORMATS = {"csv": "text/csv; charset=utf-8",
           "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}


def _board_filters(request: HttpRequest) -> tuple[BoardFilterForm, dict[str, Any]]:
    form = BoardFilterForm(request.GET or None, units=board.units())
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        return form, {"priority": data["priority"], "unit": data["unit"], "owner": data["owner"]}
    return form, {}


@require_perm(VIEW_PLAN)
def plan(request: HttpRequest) -> HttpResponse:
    form, filters = _board_filters(request)
    today = timezone.localdate()
    measures = board.ordered(board.filtered(**filters), today)
    progress = measured(measures, today)
    rows = [{"measure": m, "measured": progress.get(m.pk), "residual": m.is_residual(today),
             "overdue": m.is_overdue(today)} for m in measures]
    return render(request, "governance/plan.html", {
        "form": form, "rows": rows, "query": request.GET.urlencode(),
        "may_export": request.user.has_perm(EXPORT),
        "attention": sum(1 for m in measures if m.attention_rank(today) <= 1),
    }, status=400 if form.is_bound and not form.is_valid() else 200)


@require_perm(EXPORT)
def plan_export(request: HttpRequest, fmt: str) -> HttpResponse:
    if fmt not in FORMATS:
        raise Http404
    _form, filters = _board_filters(request)
    content, count = board.export(board.filtered(**filters), fmt)
    record(Action.EXPORT, request=request, export="action_plan", format=fmt, rows=count)
    response = HttpResponse(content, content_type=FORMATS[fmt])
    response["Content-Disposition"] = f'attachment; filename="action-plan-{timezone.localdate():%Y-%m-%d}.{fmt}"'
    return response


def _measure_page(request: HttpRequest, measure: Measure, *, form: MeasureUpdateForm | None = None,
                  evidence_form: EvidenceForm | None = None, status: int = 200) -> HttpResponse:
    may_update = request.user.has_perm(UPDATE, measure)
    if may_update and form is None:
        form = add_version_field(MeasureUpdateForm(measure=measure), measure)
    today = timezone.localdate()
    return render(request, "governance/measure.html", {
        "measure": measure, "priority": measure.priority, "plan": measure.priority.plan,
        "measured": measured([measure], today).get(measure.pk),
        "residual": measure.is_residual(today), "overdue": measure.is_overdue(today),
        "updates": measure.updates.select_related("written_by"),  # type: ignore[attr-defined]
        "evidence": measure.evidence.select_related("added_by"),  # type: ignore[attr-defined]
        "may_update": may_update, "form": form if may_update else None,
        "evidence_form": (evidence_form or EvidenceForm()) if may_update else None,
    }, status=status)


@require_perm(VIEW_PLAN)
def measure_detail(request: HttpRequest, pk: int) -> HttpResponse:
    if request.method != "POST":
        return _measure_page(request, access_measure(request.user, pk, VIEW_PLAN, request=request))
    measure = access_measure(request.user, pk, UPDATE, request=request)
    form = add_version_field(MeasureUpdateForm(request.POST, measure=measure), measure)
    if not form.is_valid():
        return _measure_page(request, measure, form=form, status=400)
    data = dict(form.cleaned_data)
    note = data.pop("note")
    data.pop("version", None)
    try:
        services.update_measure(measure, data, note=note, actor=request.user, request=request,
                                expected_version=version_of(form))
    except Conflict as conflict:
        current = access_measure(request.user, pk, UPDATE, request=request)
        return _measure_page(request, current, form=show_conflict(form, current, conflict), status=409)
    messages.success(request, gettext("Measure %(code)s updated.") % {"code": measure.code})
    return redirect("governance:measure", pk=measure.pk)


@require_perm(VIEW_PLAN)
@require_POST
def measure_evidence(request: HttpRequest, pk: int) -> HttpResponse:
    measure = access_measure(request.user, pk, UPDATE, request=request)
    form = EvidenceForm(request.POST)
    if not form.is_valid():
        return _measure_page(request, measure, evidence_form=form, status=400)
    services.add_evidence(measure, label=form.cleaned_data["label"], url=form.cleaned_data["url"],
                          actor=request.user, request=request)
    messages.success(request, gettext("Evidence added."))
    return redirect("governance:measure", pk=measure.pk)


# Quarterly reports ---------------------------------------------------------------------------------


@require_perm(VIEW_REPORTS)
def report_list(request: HttpRequest) -> HttpResponse:
    may_draft = request.user.has_perm(DRAFT)
    form = NewReportForm(request.POST or None) if may_draft else None
    status = 200
    if request.method == "POST":
        if form is None:
            check_perm(request.user, DRAFT, request=request)
        elif form.is_valid():
            try:
                report = services.start_report(form.cleaned_data["fiscal_year"], form.cleaned_data["quarter"],
                                               actor=request.user, request=request)
            except services.GovernanceError as error:
                form.add_error(None, error.message)
            else:
                messages.success(request, gettext("Draft of the report for %(quarter)s started.") % {
                    "quarter": str(report)})
                return redirect("governance:report", pk=report.pk)
        status = 400
    reports = QuarterlyReport.objects.select_related("author", "reviewed_by", "approved_by").prefetch_related(
        "documents")
    return render(request, "governance/report_list.html", {
        "reports": reports, "form": form, "languages": LANGUAGES}, status=status)


def step_form(report: ReviewedReport, data: Any = None) -> forms.Form:
    return add_version_field(forms.Form(data), report)


def workflow(user: Any, report: ReviewedReport, *, perms: tuple[str, str], url_name: str,
             url_args: list[Any]) -> dict[str, Any]:
    """What the page of any report to governance shows of its steps and kept PDFs
    (`governance/_report_workflow.html`, `_report_steps.html`): `perms` are the
    report's review and approve permissions; its pages are named `url_name` and
    `<url_name>_review`, `_approve`, `_return`, `_retry`, `_download`."""
    review, approve = perms
    kept = {doc.language: doc for doc in report.documents.all()}  # type: ignore[attr-defined]
    return {
        "may_review": user.has_perm(review) and report.status == ReportStatus.DRAFT,
        "review_refusal": report.refusal("review", user) if report.status == ReportStatus.DRAFT else "",
        "may_approve": user.has_perm(approve) and report.status == ReportStatus.REVIEWED,
        "approve_refusal": report.refusal("approve", user) if report.status == ReportStatus.REVIEWED else "",
        "may_return": user.has_perm(review) and report.status == ReportStatus.REVIEWED,
        "step_form": step_form(report),
        "step_urls": {step: reverse(f"{url_name}_{step}", args=url_args) for step in ("review", "approve", "return")},
        "documents": [(kept[lang], reverse(f"{url_name}_download", args=[*url_args, lang]))
                      for lang in LANGUAGES if lang in kept],
        "making": report.pdf_status in (PdfStatus.QUEUED, PdfStatus.RUNNING),
        "failed": report.pdf_status == PdfStatus.FAILED, "may_retry": user.has_perm(approve),
        "retry_url": reverse(f"{url_name}_retry", args=url_args),
    }


def kept_pdf(request: HttpRequest, report: ReviewedReport, language: str) -> HttpResponse:
    """The approved report's PDF in `language`, as kept; every download audited."""
    document = report.documents.filter(language=language).first()  # type: ignore[attr-defined]
    if document is None:
        raise Http404
    record(Action.DOWNLOAD, obj=report, request=request, language=language, sha256=document.sha256)
    response = HttpResponse(bytes(document.pdf), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{document.filename}"'
    return response


def _report_page(request: HttpRequest, report: QuarterlyReport, *, form: NarrativeForm | None = None,
                 problem: str = "", status: int = 200) -> HttpResponse:
    user = request.user
    editable = report.status == ReportStatus.DRAFT and user.has_perm(DRAFT)
    if editable and form is None:
        form = add_version_field(NarrativeForm(initial={
            f"{name}_{lang}": getattr(report, f"{name}_{lang}") for name in NARRATIVE for lang in ("fr", "en")}),
            report)
    return render(request, "governance/report.html", {
        "report": report, "form": form if editable else None, "problem": problem,
        "narrative": [(name, report.narrative(name)) for name in NARRATIVE],
        **workflow(user, report, perms=(REVIEW, APPROVE), url_name="governance:report", url_args=[report.pk]),
    }, status=status)


@require_perm(VIEW_REPORTS)
def report_detail(request: HttpRequest, pk: int) -> HttpResponse:
    if request.method != "POST":
        report = access_report(request.user, pk, VIEW_REPORTS, request=request)
        return _report_page(request, report)
    report = access_report(request.user, pk, DRAFT, request=request)
    form = add_version_field(NarrativeForm(request.POST), report)
    if not form.is_valid():
        return _report_page(request, report, form=form, status=400)
    values = {k: v for k, v in form.cleaned_data.items() if k != "version"}
    try:
        services.save_narrative(report, values, actor=request.user, request=request,
                                expected_version=version_of(form))
    except Conflict as conflict:
        current = access_report(request.user, pk, DRAFT, request=request)
        return _report_page(request, current, form=show_conflict(form, current, conflict), status=409)
    except services.GovernanceError as error:
        return _report_page(request, report, problem=error.message, status=400)
    messages.success(request, gettext("Narrative saved."))
    return redirect("governance:report", pk=report.pk)


def _take_step(request: HttpRequest, pk: int, perm: str, step: Any, done: str) -> HttpResponse:
    report = access_report(request.user, pk, perm, request=request)
    form = step_form(report, request.POST)
    form.is_valid()
    try:
        step(report, actor=request.user, request=request, expected_version=version_of(form))
    except Conflict as conflict:
        return _report_page(request, QuarterlyReport.objects.get(pk=pk), problem=conflict.message, status=409)
    except services.GovernanceError as error:
        return _report_page(request, report, problem=error.message, status=400)
    messages.success(request, done)
    return redirect("governance:report", pk=report.pk)


@require_perm(REVIEW)
@require_POST
def report_review(request: HttpRequest, pk: int) -> HttpResponse:
    return _take_step(request, pk, REVIEW, services.review_report, gettext("Report marked as reviewed."))


@require_perm(REVIEW)
@require_POST
def report_return(request: HttpRequest, pk: int) -> HttpResponse:
    return _take_step(request, pk, REVIEW, services.return_to_draft, gettext("Report sent back to draft."))


@require_perm(APPROVE)
@require_POST
def report_approve(request: HttpRequest, pk: int) -> HttpResponse:
    return _take_step(request, pk, APPROVE, services.approve_report,
                      gettext("Report approved. Its PDFs are being made; this page shows their progress."))


@require_perm(APPROVE)
@require_POST
def report_retry(request: HttpRequest, pk: int) -> HttpResponse:
    report = access_report(request.user, pk, APPROVE, request=request)
    if services.retry_pdfs(report, actor=request.user, request=request):
        messages.success(request, gettext("The PDFs are being made again."))
    return redirect("governance:report", pk=report.pk)


@require_perm(VIEW_REPORTS)
def report_download(request: HttpRequest, pk: int, language: str) -> HttpResponse:
    return kept_pdf(request, access_report(request.user, pk, VIEW_REPORTS, request=request), language)


# Service standards and the satisfaction survey --------------------------------------------------------


@require_perm(VIEW_REPORTS)
def standards(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    quarters = last_quarters(fiscal_year_of(today), quarter_of(today))
    rows = [(Period.of(year, quarter, today=today), measure_standards(Period.of(year, quarter, today=today), today))
            for year, quarter in quarters]
    return render(request, "governance/standards.html", {
        "rows": rows[::-1], "survey": survey_trend(*quarters[-1])[::-1], "channels": channel_labels(),
    })


@require_perm("governance.record_survey")
def survey_record(request: HttpRequest) -> HttpResponse:
    form = SurveyRecordForm(request.POST or None)
    if request.method == "POST":
        if form.is_valid():
            services.record_survey(rating=form.cleaned_data["rating"], channel=form.cleaned_data["channel"],
                                   language=form.cleaned_data["language"], actor=request.user, request=request)
            messages.success(request, gettext("The worker’s answer is recorded, without any link to the report."))
            return redirect("governance:survey_record")
        return render(request, "governance/survey_record.html", {"form": form}, status=400)
    return render(request, "governance/survey_record.html", {"form": form})
