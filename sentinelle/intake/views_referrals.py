"""Staff pages of the referral strategy: referring a report or a case to a
partner authority, opening an escalation from a case, a referral and what became
of it, and the referral register with its exports (CSV and Excel).

Views stay thin: every object is reached through an access function (which
audits every refusal); every change goes through `intake/referrals.py`."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from sentinelle.audit.services import Action, record
from sentinelle.cases.access import access_case
from sentinelle.cases.models import Case
from sentinelle.intake import referral_register, referrals
from sentinelle.intake.access import access_referral, access_report
from sentinelle.intake.forms_staff import EscalateForm, ReferralForm, ReferralOutcomeForm
from sentinelle.intake.models import Referral, Report
from sentinelle.lib.access import require_perm
from sentinelle.lib.locking import Conflict, add_version_field, show_conflict, version_of

PER_PAGE = 50


# Referring a report or a case ----------------------------------------------------------


def _refer(request: HttpRequest, *, report: Report | None, case: Case | None, province: str,
           back: str) -> HttpResponse:
    if request.method == "POST":
        form = ReferralForm(request.POST, prefix="referral", province=province)
        if form.is_valid():
            data = form.cleaned_data
            try:
                referrals.refer(data["partner"], means=data["means"], communicated_at=data["communicated_at"],
                                what=data["what"], reply=data.get("reply", ""), reply_at=data.get("reply_at"),
                                report=report, case=case, actor=request.user)
            except referrals.ReferralError as error:
                form.add_error(None, error.message)
            else:
                messages.success(request, _("The referral to %(partner)s is recorded.") % {
                    "partner": data["partner"].name})
                return redirect(back)
    else:
        form = ReferralForm(prefix="referral", province=province)
    return render(request, "intake/staff/refer_form.html", {
        "form": form, "report": report, "case": case, "back": back,
    }, status=400 if form.errors else 200)


@require_perm("intake.refer_report")
@require_http_methods(["GET", "POST"])
def refer_report(request: HttpRequest, pk: int) -> HttpResponse:
    report = access_report(request.user, pk, "intake.refer_report", request=request)
    return _refer(request, report=report, case=None, province=report.employer_province,
                  back=reverse("reports:detail", args=[report.pk]))


@require_perm("intake.refer_case")
@require_http_methods(["GET", "POST"])
def refer_case(request: HttpRequest, reference: str) -> HttpResponse:
    case = access_case(request.user, reference, "intake.refer_case", request=request)
    return _refer(request, report=None, case=case, province=case.employer.province,
                  back=reverse("cases:case_detail", args=[case.reference]))


# An escalation from a case -------------------------------------------------------------


@require_perm("intake.escalate_case")
@require_http_methods(["GET", "POST"])
def escalate_case(request: HttpRequest, reference: str) -> HttpResponse:
    case = access_case(request.user, reference, "intake.escalate_case", request=request)
    open_escalation = case.escalations.filter(met_at__isnull=True).first()  # type: ignore[attr-defined]
    form = EscalateForm(request.POST or None, prefix="escalate")
    if request.method == "POST" and form.is_valid():
        try:
            escalation = referrals.escalate_case(case, form.cleaned_data["reason"], actor=request.user)
        except referrals.ReferralError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("Escalation opened: measures are due within 24 hours, 48 hours at most."))
            if request.user.has_perm("intake.manage_escalation", escalation):
                return redirect("reports:escalation", escalation.pk)
            return redirect("cases:case_detail", case.reference)
    return render(request, "intake/staff/escalate_case.html", {
        "case": case, "form": form, "open_escalation": open_escalation,
    }, status=400 if form.errors else 200)


# A referral and its outcome ------------------------------------------------------------


def _referral_page(request: HttpRequest, referral: Referral, form: ReferralOutcomeForm | None = None, *,
                   status: int = 200) -> HttpResponse:
    outcomes = referrals.next_outcomes(referral)
    may_follow = request.user.has_perm("intake.follow_referral", referral)
    if form is None and outcomes and may_follow:
        form = add_version_field(ReferralOutcomeForm(outcomes=outcomes), referral)
    return render(request, "intake/staff/referral_detail.html", {
        "referral": referral, "form": form if may_follow else None,
        "reply_days": referrals.reply_days(),
    }, status=status)


@require_perm("intake.view_referral")
@require_http_methods(["GET", "POST"])
def referral_detail(request: HttpRequest, pk: int) -> HttpResponse:
    if request.method != "POST":
        referral = access_referral(request.user, pk, request=request)
        record(Action.VIEW, obj=referral, request=request)
        return _referral_page(request, referral)
    referral = access_referral(request.user, pk, "intake.follow_referral", request=request)
    form = add_version_field(ReferralOutcomeForm(request.POST, outcomes=referrals.next_outcomes(referral)), referral)
    if not form.is_valid():
        return _referral_page(request, referral, form, status=400)
    data = form.cleaned_data
    try:
        referrals.record_outcome(referral, data["outcome"], actor=request.user, note=data.get("note") or "",
                                 at=data["at"], expected_version=version_of(form))
    except Conflict as conflict:
        referral = access_referral(request.user, pk, request=request)
        return _referral_page(request, referral, show_conflict(form, referral, conflict))
    except referrals.ReferralError as error:
        form.add_error(None, error.message)
        return _referral_page(request, referral, form, status=400)
    messages.success(request, _("The outcome of the referral is recorded: %(outcome)s.") % {
        "outcome": referral.get_outcome_display()})
    return redirect("reports:referral_detail", referral.pk)


# The register --------------------------------------------------------------------------


def _filters(request: HttpRequest) -> referral_register.ReferralFilterForm:
    data = {key: value for key, value in request.GET.items() if key != "page"}
    return referral_register.ReferralFilterForm(data or None)


@require_perm("intake.view_referral_register")
def referral_list(request: HttpRequest) -> HttpResponse:
    filters = _filters(request)
    valid = not filters.is_bound or filters.is_valid()
    query = request.GET.copy()
    query.pop("page", None)
    context: dict[str, Any] = {"filters": filters, "query": query, "page": None}
    if valid:
        if not filters.is_bound:
            filters.cleaned_data = {}
        context["page"] = Paginator(referral_register.filtered(request.user, filters), PER_PAGE).get_page(
            request.GET.get("page"))
    return render(request, "intake/staff/referral_list.html", context, status=200 if valid else 400)


def _export(request: HttpRequest, kind: str, content_type: str,
            write: Callable[[Iterable[Referral]], tuple[bytes, int]]) -> HttpResponse:
    filters = _filters(request)
    if filters.is_bound and not filters.is_valid():
        return referral_list(request)
    if not filters.is_bound:
        filters.cleaned_data = {}
    content, count = write(referral_register.filtered(request.user, filters).iterator(chunk_size=2000))
    record(Action.EXPORT, request=request, export="referral_register", format=kind,
           filters=filters.applied(), rows=count)
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="referrals-{timezone.localdate():%Y-%m-%d}.{kind}"'
    return response


@require_perm("intake.view_referral_register")
def referral_csv(request: HttpRequest) -> HttpResponse:
    return _export(request, "csv", "text/csv; charset=utf-8", referral_register.to_csv)


@require_perm("intake.view_referral_register")
def referral_xlsx(request: HttpRequest) -> HttpResponse:
    return _export(request, "xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                   referral_register.to_xlsx)
