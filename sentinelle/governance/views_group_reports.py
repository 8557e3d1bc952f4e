"""Staff pages of a working group's reports: a new quarterly written update or
annual report (from the group's page), its page (the narrative while a draft,
then review, approval, the progress of its PDFs) and its kept PDFs. The steps
are the quarterly report's (`services`). Thin: parse, call a service, render."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext
from django.views.decorators.http import require_POST

from sentinelle.governance import groups, services
from sentinelle.governance.access import VIEW_GROUPS, access_group, access_group_report
from sentinelle.governance.forms_groups import GroupNarrativeForm, GroupReportForm
from sentinelle.governance.models import GroupReport, ReportStatus
from sentinelle.governance.views import kept_pdf, step_form, workflow
from sentinelle.governance.views_groups import _group_page
from sentinelle.lib.access import require_perm
from sentinelle.lib.locking import Conflict, add_version_field, show_conflict, version_of

DRAFT = "governance.draft_group_report"
REVIEW = "governance.review_group_report"
APPROVE = "governance.approve_group_report"


@require_perm(DRAFT)
@require_POST
def group_report_new(request: HttpRequest, pk: int) -> HttpResponse:
    group = access_group(request.user, pk, DRAFT, request=request)
    form = GroupReportForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            report = groups.start_group_report(group, data["kind"], fiscal_year=data.get("fiscal_year"),
                                               quarter=data.get("quarter"), year=data.get("year"),
                                               actor=request.user, request=request)
        except groups.GroupError as error:
            form.add_error(error.field if error.field in form.fields else None, error.message)
        else:
            messages.success(request, gettext("Draft started from the group’s data: write its narrative."))
            return redirect("governance:group_report", pk=group.pk, report_pk=report.pk)
    return _group_page(request, group, forms_given={"report": form}, status=400)


def _page(request: HttpRequest, report: GroupReport, *, form: forms.Form | None = None, problem: str = "",
          status: int = 200) -> HttpResponse:
    user = request.user
    editable = report.status == ReportStatus.DRAFT and user.has_perm(DRAFT)
    if editable and form is None:
        form = add_version_field(GroupNarrativeForm(initial={
            f"{name}_{lang}": getattr(report, f"{name}_{lang}") for name in report.NARRATIVE
            for lang in ("fr", "en")}), report)
    return render(request, "governance/group_report.html", {
        "report": report, "group": report.group, "form": form if editable else None, "problem": problem,
        "narrative": [(name, report.narrative(name)) for name in report.NARRATIVE],
        **workflow(user, report, perms=(REVIEW, APPROVE), url_name="governance:group_report",
                   url_args=[report.group_id, report.pk]),
    }, status=status)


@require_perm(VIEW_GROUPS)
def group_report_detail(request: HttpRequest, pk: int, report_pk: int) -> HttpResponse:
    group = access_group(request.user, pk, VIEW_GROUPS, request=request)
    if request.method != "POST":
        return _page(request, access_group_report(request.user, group, report_pk, VIEW_GROUPS, request=request))
    report = access_group_report(request.user, group, report_pk, DRAFT, request=request)
    form = add_version_field(GroupNarrativeForm(request.POST), report)
    if not form.is_valid():
        return _page(request, report, form=form, status=400)
    values = {k: v for k, v in form.cleaned_data.items() if k != "version"}
    try:
        services.save_narrative(report, values, actor=request.user, request=request,
                                expected_version=version_of(form))
    except Conflict as conflict:
        current = access_group_report(request.user, group, report_pk, DRAFT, request=request)
        return _page(request, current, form=show_conflict(form, current, conflict), status=409)
    except services.GovernanceError as error:
        return _page(request, report, problem=error.message, status=400)
    messages.success(request, gettext("Narrative saved."))
    return redirect("governance:group_report", pk=group.pk, report_pk=report.pk)


def _take_step(request: HttpRequest, pk: int, report_pk: int, perm: str, step: Any, done: str) -> HttpResponse:
    group = access_group(request.user, pk, VIEW_GROUPS, request=request)
    report = access_group_report(request.user, group, report_pk, perm, request=request)
    form = step_form(report, request.POST)
    form.is_valid()
    try:
        step(report, actor=request.user, request=request, expected_version=version_of(form))
    except Conflict as conflict:
        return _page(request, GroupReport.objects.get(pk=report.pk), problem=conflict.message, status=409)
    except services.GovernanceError as error:
        return _page(request, report, problem=error.message, status=400)
    messages.success(request, done)
    return redirect("governance:group_report", pk=group.pk, report_pk=report.pk)


@require_perm(REVIEW)
@require_POST
def group_report_review(request: HttpRequest, pk: int, report_pk: int) -> HttpResponse:
    return _take_step(request, pk, report_pk, REVIEW, services.review_report, gettext("Report marked as reviewed."))


@require_perm(REVIEW)
@require_POST
def group_report_return(request: HttpRequest, pk: int, report_pk: int) -> HttpResponse:
    return _take_step(request, pk, report_pk, REVIEW, services.return_to_draft,
                      gettext("Report sent back to draft."))


@require_perm(APPROVE)
@require_POST
def group_report_approve(request: HttpRequest, pk: int, report_pk: int) -> HttpResponse:
    return _take_step(request, pk, report_pk, APPROVE, services.approve_report,
                      gettext("Report approved. Its PDFs are being made; this page shows their progress."))


@require_perm(APPROVE)
@require_POST
def group_report_retry(request: HttpRequest, pk: int, report_pk: int) -> HttpResponse:
    group = access_group(request.user, pk, VIEW_GROUPS, request=request)
    report = access_group_report(request.user, group, report_pk, APPROVE, request=request)
    if services.retry_pdfs(report, actor=request.user, request=request):
        messages.success(request, gettext("The PDFs are being made again."))
    return redirect("governance:group_report", pk=group.pk, report_pk=report.pk)


@require_perm(VIEW_GROUPS)
def group_report_download(request: HttpRequest, pk: int, report_pk: int, language: str) -> HttpResponse:
    group = access_group(request.user, pk, VIEW_GROUPS, request=request)
    report = access_group_report(request.user, group, report_pk, VIEW_GROUPS, request=request)
    return kept_pdf(request, report, language)
