"""Staff pages of the tip line about reports: recording a report received by
telephone or in person, the triage queue, the report page and its actions
(messages, opening an escalation, triage). The escalations themselves and the
referral register are in `views_escalations.py`.

Views stay thin: every report is reached through `intake/access.py` (which
audits every refusal); every change goes through a function of
`intake/triage.py` or `intake/services.py`."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, cast

from django import forms as django_forms
from django.conf import settings
from django.contrib import messages
from django.core.files.storage import default_storage
from django.core.paginator import Paginator
from django.db.models import Exists, OuterRef, Prefetch
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from sentinelle.accounts.models import User
from sentinelle.audit.services import Action, record
from sentinelle.cases.models import Employer
from sentinelle.intake import escalation as escalations
from sentinelle.intake import receipts, triage
from sentinelle.intake.access import VIEW_REPORT, access_report
from sentinelle.intake.forms_staff import (
    CloseReportForm,
    EmployerSearchForm,
    EscalateForm,
    JoinCaseForm,
    MatchEmployerForm,
    MessageForm,
    NewEmployerForm,
    QueueFilterForm,
    ReportForm,
    ServicePointForm,
    language_name,
)
from sentinelle.intake.models import (
    Channel,
    ClosingReason,
    Escalation,
    Report,
    ReportAllegation,
    ReportStatus,
)
from sentinelle.intake.services import (
    ReceiptMismatch,
    ServicePointRefused,
    send_staff_message,
    set_service_point,
    submit_report,
)
from sentinelle.lib.access import require_perm, visible_to
from sentinelle.lib.locking import Conflict, add_version_field, locked, show_conflict, version_of

PER_PAGE = 50


def _staff(request: HttpRequest) -> User:
    return cast(User, request.user)


def _report(request: HttpRequest, pk: int, perm: str = VIEW_REPORT) -> Report:
    return access_report(request.user, pk, perm, request=request)


# Recording a report -------------------------------------------------------------


@require_perm("intake.record_report")
@require_http_methods(["GET", "POST"])
def record_report(request: HttpRequest) -> HttpResponse:
    if request.method != "POST":
        return render(request, "intake/staff/report_form.html", {"form": ReportForm()})

    form = ReportForm(request.POST, request.FILES)
    if form.is_valid():
        key, code = receipts.for_form(form.cleaned_data["idempotency_key"])
        try:
            submission = submit_report(
                form.report_fields(),
                form.cleaned_data["allegations"],
                form.cleaned_data["attachments"],
                idempotency_key=key,
                receipt_code=code,
                channel=form.cleaned_data["channel"],
                language=form.cleaned_data["language"],
                recorded_by=request.user,
                **form.referral_fields(),
            )
        except ReceiptMismatch:
            form = _with_fresh_hidden_values(request)
            form.add_error(None, _("This form has expired. Check the answers and submit it again."))
        else:
            # Rendered in answer to the POST, never stored: the code exists only in
            # this page (and the form that carried it), not in any table or session.
            response = render(request, "intake/staff/report_recorded.html", {
                "report": submission.report,
                "code_groups": submission.receipt_code.split("-"),
                "created": submission.created,
                "may_view": request.user.has_perm("intake.view_report", submission.report),
                "tip_line_phone": settings.TIP_LINE_PHONE,
            })
            add_never_cache_headers(response)
            return response
    elif form.hidden_are_invalid:
        form = _with_fresh_hidden_values(request)
    return render(request, "intake/staff/report_form.html", {"form": form, "files_lost": bool(request.FILES)},
                  status=400)


def _with_fresh_hidden_values(request: HttpRequest) -> ReportForm:
    data = request.POST.copy()
    data["idempotency_key"] = receipts.new_form_nonce()
    form = ReportForm(data)
    form.is_valid()
    return form


# Triage queue -------------------------------------------------------------------


@require_perm("intake.view_report")
def queue(request: HttpRequest) -> HttpResponse:
    filters = QueueFilterForm(request.GET or None)
    status = filters.cleaned_data.get("status") if filters.is_valid() else ""
    reports = visible_to(request.user, Report.objects.filter(
        status__in=[status] if status else [ReportStatus.RECEIVED, ReportStatus.IN_REVIEW]
    ))
    reports = (
        reports.select_related("region")
        .annotate(escalated=Exists(Escalation.objects.filter(report=OuterRef("pk"), met_at__isnull=True)))
        .prefetch_related(Prefetch("allegations", queryset=ReportAllegation.objects.order_by("category")))
        .order_by("-risk_score", "submitted_on", "id")
    )
    page = Paginator(reports, PER_PAGE).get_page(request.GET.get("page"))
    today = timezone.localdate()
    rows = [
        {
            "report": report,
            "age": (today - report.submitted_on).days,
            "why": [(triage.describe_rule(term), term.get("weight")) for term in report.risk_explanation],
        }
        for report in page.object_list
    ]
    return render(request, "intake/staff/queue.html", {
        "page": page, "rows": rows, "filters": filters,
        "may_record": request.user.has_perm("intake.record_report"),
    })


# The report page ----------------------------------------------------------------


def _report_page(request: HttpRequest, report: Report, *, status: int = 200, **forms: Any) -> HttpResponse:
    """The report with everything staff may do with it; a form given in `forms`
    (bound, with its errors) replaces the blank one."""
    user = _staff(request)
    may_triage = user.has_perm("intake.triage_report", report)
    undecided = report.status in triage.UNDECIDED
    now = timezone.now()
    report_escalations: list[dict[str, Any]] = []
    for item in report.escalations.select_related("opened_by").prefetch_related("referrals__partner"):
        report_escalations.append({
            "escalation": item,
            "state": escalations.status_of(item, now),
            "time": triage.describe_time(item.time_left(now)),
            "reason": item.reason_text,
        })
    context: dict[str, Any] = {
        "report": report,
        "language_name": language_name(report.language),
        "explanation": [(triage.describe_rule(term), term.get("weight")) for term in report.risk_explanation],
        "allegations": report.allegations.order_by("category"),
        "attachments": report.attachments.all(),
        "thread": report.messages.select_related("author"),
        "escalations": report_escalations,
        "may_triage": may_triage and undecided,
        "may_message": user.has_perm("intake.message_worker", report),
        "may_escalate": user.has_perm("intake.open_escalation", report)
        and not any(item["escalation"].met_at is None for item in report_escalations),
        "may_manage_escalations": user.has_perm("intake.manage_escalation", report),
        "may_refer": user.has_perm("intake.refer_report", report),
        "referrals": report.referrals.select_related("partner", "communicated_by").order_by("communicated_at"),
        "service_point_form": (forms.get("service_point_form") or add_version_field(
            ServicePointForm(prefix="point", report=report), report))
        if report.channel == Channel.IN_PERSON and user.has_perm("intake.triage_report", report) else None,
        "message_form": forms.get("message_form") or MessageForm(prefix="message"),
        "escalate_form": forms.get("escalate_form") or EscalateForm(prefix="escalate"),
    }
    if may_triage and undecided:
        search = EmployerSearchForm(request.GET or None)
        query = search.cleaned_data.get("employer_q", "") if search.is_valid() else ""
        if "match_form" in forms:
            query = str(forms["match_form"].data.get("match-employer_q", ""))[:100]
        suggestions = triage.suggest_employers(report, query=query, user=user)
        choices = [
            (s.employer.pk, _("%(employer)s – %(city)s (%(province)s): %(reasons)s") % {
                "employer": s.employer, "city": s.employer.city, "province": s.employer.province,
                "reasons": "; ".join(s.reasons),
            })
            for s in suggestions
        ]
        context.update({
            "search_form": search,
            "query": query,
            "suggestions": suggestions,
            "match_form": forms.get("match_form") or add_version_field(MatchEmployerForm(
                prefix="match", choices=choices, initial={"employer_q": query}), report),
            "new_employer_form": forms.get("new_employer_form") or add_version_field(NewEmployerForm(
                prefix="employer", initial=NewEmployerForm.initial_from(report)), report),
            "join_form": forms.get("join_form") or add_version_field(JoinCaseForm(
                prefix="join", cases=triage.open_cases_of(report.employer_id)), report),
            "close_form": forms.get("close_form") or add_version_field(CloseReportForm(
                prefix="close", province=report.employer_province), report),
        })
        if "match_form" in forms:
            forms["match_form"].fields["employer"].widget.choices = choices
        context["has_open_cases"] = context["join_form"].fields["case"].queryset.exists()
    return render(request, "intake/staff/report_detail.html", context, status=status)


@require_perm("intake.view_report")
def report_detail(request: HttpRequest, pk: int) -> HttpResponse:
    report = _report(request, pk)
    record(Action.VIEW, obj=report, request=request)
    return _report_page(request, report)


@require_perm("intake.view_report")
def download_attachment(request: HttpRequest, pk: int, attachment_pk: int) -> HttpResponse:
    """Files are never given a public address: each download is checked and recorded."""
    report = _report(request, pk)
    attachment = report.attachments.filter(pk=attachment_pk).first()
    if attachment is None or not attachment.file.name:
        raise Http404
    try:
        handle = default_storage.open(attachment.file.name, "rb")
    except FileNotFoundError as exc:
        raise Http404 from exc
    # The file's own name may name the worker: the log keeps the attachment's number only.
    record(Action.DOWNLOAD, obj=report, request=request, attachment=attachment.pk)
    response = FileResponse(handle, as_attachment=True, filename=attachment.original_name,
                            content_type=attachment.content_type)
    response["Cache-Control"] = "private, no-store"
    # `require_perm` is typed for plain responses; a streamed one goes through it as well.
    return cast(HttpResponse, response)


@require_perm("intake.triage_report")
@require_POST
def change_service_point(request: HttpRequest, pk: int) -> HttpResponse:
    """Correct where a report taken in person was received."""
    report = _report(request, pk, "intake.triage_report")
    form = add_version_field(ServicePointForm(request.POST, prefix="point", report=report), report)
    if not form.is_valid():
        return _report_page(request, report, status=400, service_point_form=form)
    try:
        set_service_point(report, form.cleaned_data["service_point"], actor=request.user,
                          expected_version=version_of(form))
    except Conflict as conflict:
        current = _report(request, pk)
        return _report_page(request, current, service_point_form=show_conflict(form, current, conflict))
    except ServicePointRefused as refused:
        form.add_error("service_point", refused.message)
        return _report_page(request, report, status=400, service_point_form=form)
    messages.success(request, _("The service point is saved."))
    return redirect("reports:detail", report.pk)


@require_perm("intake.message_worker")
@require_POST
def send_message(request: HttpRequest, pk: int) -> HttpResponse:
    report = _report(request, pk, "intake.message_worker")
    form = MessageForm(request.POST, prefix="message")
    if not form.is_valid():
        return _report_page(request, report, status=400, message_form=form)
    send_staff_message(report, form.cleaned_data["body"], actor=request.user)
    messages.success(request, _("Your message is sent. The worker will see it on the follow-up page."))
    return redirect("reports:detail", report.pk)


@require_perm("intake.open_escalation")
@require_POST
def escalate_report(request: HttpRequest, pk: int) -> HttpResponse:
    report = _report(request, pk, "intake.open_escalation")
    form = EscalateForm(request.POST, prefix="escalate")
    if form.is_valid():
        try:
            triage.escalate(report, form.cleaned_data["reason"], actor=request.user)
        except triage.TriageError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("Escalation opened: measures are due within 24 hours, 48 hours at most."))
            return redirect("reports:detail", report.pk)
    return _report_page(request, report, status=400, escalate_form=form)


# Triage actions -----------------------------------------------------------------
#
# Each action is one function of `intake/triage.py` under the report's version:
# the page posts the form of the action (named in the report page's context, or
# None for a button alone), and is shown again with the error, or with the
# report as it is now if somebody triaged it meanwhile.


def _triage(
    request: HttpRequest, pk: int, name: str | None, form_for: Callable[[Report], Any],
    act: Callable[[Report, dict[str, Any]], str],
) -> HttpResponse:
    """Check the form, do `act` (which returns the message of success) on the
    report under the version the form carries, and answer."""
    report = _report(request, pk, "intake.triage_report")
    form = add_version_field(form_for(report), report)
    if not form.is_valid():
        return _triage_failed(request, report, name, form)
    try:
        with locked(report, version_of(form)):
            done = act(report, form.cleaned_data)
    except Conflict as conflict:
        return _triage_conflict(request, pk, name, form, conflict)
    except triage.TriageError as error:
        return _triage_failed(request, report, name, form, error.message)
    messages.success(request, done)
    return redirect("reports:detail", report.pk)


def _triage_conflict(request: HttpRequest, pk: int, name: str | None, form: Any, conflict: Conflict
                     ) -> HttpResponse:
    """Somebody triaged the report meanwhile: it is shown as it is now, with the
    form as the staff member filled it in (if the report still needs triage)."""
    report = _report(request, pk)
    if name is not None and report.status in triage.UNDECIDED:
        return _report_page(request, report, **{name: show_conflict(form, report, conflict)})
    messages.error(request, conflict.message)
    return _report_page(request, report)


def _triage_failed(request: HttpRequest, report: Report, name: str | None, form: Any, error: str | None = None
                   ) -> HttpResponse:
    if name is None:  # a button alone: its only field is the version
        messages.error(request, error or _("The page was out of date: check the report and try again."))
        return _report_page(request, report, status=400)
    if error:
        form.add_error(None, error)
    return _report_page(request, report, status=400, **{name: form})


@require_perm("intake.triage_report")
@require_POST
def match_employer(request: HttpRequest, pk: int) -> HttpResponse:
    def act(report: Report, data: dict[str, Any]) -> str:
        employer = visible_to(request.user, Employer.objects.all()).filter(pk=data["employer"]).first()
        if employer is None:
            raise triage.TriageError(_("Choose an employer among the suggestions, or add a new one."))
        triage.match_employer(report, employer, actor=request.user)
        return _("The report is matched to %(employer)s.") % {"employer": employer}

    return _triage(request, pk, "match_form", lambda report: MatchEmployerForm(request.POST, prefix="match"), act)


@require_perm("intake.triage_report")
@require_POST
def create_employer(request: HttpRequest, pk: int) -> HttpResponse:
    def act(report: Report, data: dict[str, Any]) -> str:
        employer = triage.create_employer_from_report(report, data, actor=request.user)
        return _("%(employer)s is added to the register and matched to the report.") % {"employer": employer}

    return _triage(request, pk, "new_employer_form",
                   lambda report: NewEmployerForm(request.POST, prefix="employer"), act)


@require_perm("intake.triage_report")
@require_POST
def open_case(request: HttpRequest, pk: int) -> HttpResponse:
    def act(report: Report, data: dict[str, Any]) -> str:
        case = triage.open_case(report, actor=request.user)
        return _("Case %(reference)s is opened for %(employer)s.") % {
            "reference": case.reference, "employer": case.employer}

    return _triage(request, pk, None, lambda report: django_forms.Form(request.POST), act)


@require_perm("intake.triage_report")
@require_POST
def join_case(request: HttpRequest, pk: int) -> HttpResponse:
    def act(report: Report, data: dict[str, Any]) -> str:
        triage.join_case(report, data["case"], actor=request.user)
        return _("The report is added to case %(reference)s.") % {"reference": data["case"].reference}

    return _triage(request, pk, "join_form", lambda report: JoinCaseForm(
        request.POST, prefix="join", cases=triage.open_cases_of(report.employer_id)), act)


@require_perm("intake.triage_report")
@require_POST
def close_report(request: HttpRequest, pk: int) -> HttpResponse:
    def act(report: Report, data: dict[str, Any]) -> str:
        triage.close_report(report, data["reason"], actor=request.user, exclusion_rule=data.get("exclusion_rule"),
                            partner=data.get("partner"), means=data.get("referral_means") or "",
                            what=data.get("referral_what") or "")
        if data.get("partner") and data["reason"] == ClosingReason.NO_JURISDICTION:
            return _("The report is closed and referred to %(partner)s.") % {"partner": data["partner"].name}
        return _("The report is closed.")

    return _triage(request, pk, "close_form", lambda report: CloseReportForm(
        request.POST, prefix="close", province=report.employer_province), act)
