"""Staff pages of the escalations of the tip line: the escalation board, an
escalation with its measures and referrals to a competent authority, the reply
of an authority (the referral register is in `views_referrals.py`). A report is escalated from its own
page (`views_staff.escalate_report`).

Views stay thin: every escalation is reached through `intake/access.py` (which
audits every refusal); every change goes through a function of
`intake/triage.py` (measures) or `intake/referrals.py` (referrals and replies)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from sentinelle.audit.services import Action, record
from sentinelle.intake import escalation as escalations
from sentinelle.intake import referrals, triage
from sentinelle.intake.access import access_escalation
from sentinelle.intake.forms_staff import MeasuresForm, ReferralForm, ReferralReplyForm
from sentinelle.intake.models import Escalation
from sentinelle.lib.access import require_perm, visible_to
from sentinelle.lib.locking import Conflict, add_version_field, locked, show_conflict, version_of

PER_PAGE = 50
RECENTLY_MET = timedelta(days=7)
DUE_SOON = timedelta(hours=2)


def _escalation(request: HttpRequest, pk: int) -> Escalation:
    return access_escalation(request.user, pk, request=request)


@require_perm("intake.manage_escalation")
def escalation_board(request: HttpRequest) -> HttpResponse:
    now = timezone.now()
    escalations_in_reach = visible_to(request.user, Escalation.objects.select_related("report", "case", "region"))
    open_items = []
    for item in escalations_in_reach.filter(met_at__isnull=True).order_by("target_at", "id"):
        open_items.append({
            "escalation": item,
            "state": escalations.status_of(item, now),
            "time": triage.describe_time(item.time_left(now)),
            "soon": item.time_left(now) < DUE_SOON,
            "reason": item.reason_text,
        })
    met = escalations_in_reach.filter(met_at__gte=now - RECENTLY_MET).order_by("-met_at", "-id")[:50]
    met_items = [{"escalation": item, "state": escalations.status_of(item, now)} for item in met]
    return render(request, "intake/staff/escalation_board.html", {
        "open_items": open_items,
        "met_items": met_items,
        "overdue": sum(1 for item in open_items if item["state"] in ("overdue", "breached")),
        "recent_days": RECENTLY_MET.days,
    })


def _escalation_page(request: HttpRequest, escalation: Escalation, *, status: int = 200,
                     **forms: Any) -> HttpResponse:
    now = timezone.now()
    return render(request, "intake/staff/escalation_detail.html", {
        "escalation": escalation,
        "report": escalation.report,
        "case": escalation.case,
        "state": escalations.status_of(escalation, now),
        "time": triage.describe_time(escalation.time_left(now)),
        "reason": escalation.reason_text,
        "referrals": escalation.referrals.select_related("partner", "communicated_by"),
        "measures_form": forms.get("measures_form") or add_version_field(MeasuresForm(
            prefix="measures", initial={"measures": escalation.measures}), escalation),
        "referral_form": forms.get("referral_form") or ReferralForm(
            prefix="referral", province=escalation.province),
    }, status=status)


@require_perm("intake.manage_escalation")
def escalation_detail(request: HttpRequest, pk: int) -> HttpResponse:
    escalation = _escalation(request, pk)
    record(Action.VIEW, obj=escalation, request=request)
    return _escalation_page(request, escalation)


def _met_message(request: HttpRequest, escalation: Escalation) -> None:
    if escalation.is_met:
        messages.success(request, _("The escalation is met: measures are recorded and the situation was "
                                    "communicated to a competent authority."))
    elif not escalation.measures_recorded_at:
        messages.warning(request, _("The escalation is not met yet: record the measures taken."))
    else:
        messages.warning(request, _("The escalation is not met yet: record a referral to a competent authority."))


@require_perm("intake.manage_escalation")
@require_POST
def record_measures(request: HttpRequest, pk: int) -> HttpResponse:
    escalation = _escalation(request, pk)
    form = add_version_field(MeasuresForm(request.POST, prefix="measures"), escalation)
    if not form.is_valid():
        return _escalation_page(request, escalation, status=400, measures_form=form)
    try:
        with locked(escalation, version_of(form)):
            triage.record_measures(escalation, form.cleaned_data["measures"], actor=request.user)
    except Conflict as conflict:
        escalation = _escalation(request, pk)
        return _escalation_page(request, escalation, measures_form=show_conflict(form, escalation, conflict))
    messages.success(request, _("The measures are recorded."))
    _met_message(request, escalation)
    return redirect("reports:escalation", escalation.pk)


@require_perm("intake.manage_escalation")
@require_POST
def record_referral(request: HttpRequest, pk: int) -> HttpResponse:
    escalation = _escalation(request, pk)
    form = ReferralForm(request.POST, prefix="referral", province=escalation.province)
    if form.is_valid():
        data = form.cleaned_data
        try:
            referral = referrals.refer(
                data["partner"], means=data["means"], communicated_at=data["communicated_at"], what=data["what"],
                reply=data.get("reply", ""), reply_at=data.get("reply_at"), actor=request.user, escalation=escalation,
            )
        except referrals.ReferralError as error:
            form.add_error("communicated_at", error.message)
        else:
            messages.success(request, _("The referral to %(partner)s is recorded.") % {"partner": data["partner"]})
            _met_message(request, referral.escalation)  # type: ignore[arg-type]
            return redirect("reports:escalation", escalation.pk)
    return _escalation_page(request, escalation, status=400, referral_form=form)


@require_perm("intake.manage_escalation")
@require_http_methods(["GET", "POST"])
def referral_reply(request: HttpRequest, pk: int, referral_pk: int) -> HttpResponse:
    escalation = _escalation(request, pk)
    referral = escalation.referrals.select_related("partner", "communicated_by").filter(pk=referral_pk).first()
    if referral is None:
        raise Http404
    if request.method == "POST":
        form = add_version_field(ReferralReplyForm(request.POST, referral=referral), referral)
        if form.is_valid():
            try:
                referrals.record_reply(referral, form.cleaned_data["reply"], form.cleaned_data["reply_at"],
                                       actor=request.user, expected_version=version_of(form))
            except Conflict as conflict:
                referral = escalation.referrals.select_related("partner", "communicated_by").get(pk=referral_pk)
                form = show_conflict(form, referral, conflict)
                return render(request, "intake/staff/referral_reply.html",
                              {"escalation": escalation, "referral": referral, "form": form})
            messages.success(request, _("The reply of %(partner)s is recorded.") % {"partner": referral.partner})
            return redirect("reports:escalation", escalation.pk)
    else:
        form = add_version_field(ReferralReplyForm(referral=referral, initial={
            "reply": referral.reply,
            "reply_at": timezone.localtime(referral.reply_at or timezone.now()).replace(second=0, microsecond=0),
        }), referral)
    return render(request, "intake/staff/referral_reply.html",
                  {"escalation": escalation, "referral": referral, "form": form},
                  status=400 if form.errors else 200)
