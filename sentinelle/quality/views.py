"""The quality pages: the reviewers' work list, one review, the sampling plan,
the checklist, the draws and the quality rates."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from sentinelle.accounts.models import Region
from sentinelle.cases.models import DecisionStatus
from sentinelle.lib.access import check_perm, deny, get_object_for_user, require_perm
from sentinelle.lib.i18n import active_language
from sentinelle.lib.locking import Conflict, add_version_field, show_conflict, version_of
from sentinelle.quality import feedback, sampling
from sentinelle.quality import rates as quality_rates
from sentinelle.quality import review as reviews
from sentinelle.quality.access import access_selection
from sentinelle.quality.forms import (
    AssignForm,
    ChecklistItemForm,
    RateForm,
    RatesFilter,
    RecheckForm,
    ResumeForm,
    ReviewForm,
    ReviewListFilter,
    RuleForm,
    SuspendForm,
)
from sentinelle.quality.models import (
    OPEN_SELECTION_STATUSES,
    ChecklistItem,
    Draw,
    SamplingRate,
    Selection,
    SelectionStatus,
    Suspension,
    TargetRule,
    fiscal_year_label,
    fiscal_year_of,
    quarter_bounds,
    quarter_label,
)

PER_PAGE = 50


# The work list and one review -------------------------------------------------------------


@require_perm("quality.view_review_list")
def review_list(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    selections = Selection.objects.select_related("case", "case__region", "case__assigned_to", "reviewer")
    oversees = user.has_perm("quality.assign_reviewer")
    if not oversees:
        selections = selections.filter(reviewer=user)
    filters = ReviewListFilter(request.GET or None)
    status = filters.cleaned_data.get("status", "") if filters.is_valid() else ""
    if status == "all":
        pass
    elif status:
        selections = selections.filter(status=status)
    else:
        selections = selections.filter(status__in=OPEN_SELECTION_STATUSES)
    # What needs the reviewer first: files to review and corrections to re-check.
    selections = selections.order_by("selected_at", "id")
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "quality/review_list.html", {
        "filters": filters, "oversees": oversees, "query": query,
        "page": Paginator(selections, PER_PAGE).get_page(request.GET.get("page")),
    })


def _review_context(request: HttpRequest, selection: Selection, **forms: Any) -> dict[str, Any]:
    user: Any = request.user
    case = selection.case
    may_review = user.has_perm("quality.review_selection", selection)
    context: dict[str, Any] = {
        "selection": selection, "case": case,
        "decision": case.decisions.filter(status=DecisionStatus.APPROVED).select_related(  # type: ignore[attr-defined]
            "proposed_by", "approved_by").first(),
        "draw": Draw.objects.filter(case=case).first(),
        "steps": selection.steps.select_related("by"),  # type: ignore[attr-defined]
        "answers": selection.answers.select_related("item"),  # type: ignore[attr-defined]
        "may_review": may_review, "may_assign": user.has_perm("quality.assign_reviewer") and selection.is_open,
    }
    if may_review and selection.status == SelectionStatus.TO_REVIEW:
        context["review_form"] = forms.get("review_form") or ReviewForm(items=list(reviews.checklist()))
    if may_review and selection.status == SelectionStatus.RECHECK:
        context["recheck_form"] = forms.get("recheck_form") or RecheckForm()
    if context["may_assign"]:
        context["assign_form"] = forms.get("assign_form") or AssignForm(
            initial={"reviewer": selection.reviewer_id})
    return context


# The permission each step of a review asks for (a refusal is audited with it).
STEP_PERMS = {"review": "quality.review_selection", "recheck": "quality.review_selection",
              "assign": "quality.assign_reviewer"}


@require_perm("quality.view_review_list")
def review(request: HttpRequest, pk: int) -> HttpResponse:
    selection = access_selection(request.user, pk, request=request)
    forms: dict[str, Any] = {}
    if request.method == "POST":
        action = request.POST.get("action")
        user: Any = request.user
        try:
            if action == "review" and user.has_perm("quality.review_selection", selection):
                form = ReviewForm(request.POST, items=list(reviews.checklist()))
                forms["review_form"] = form
                if form.is_valid():
                    done = reviews.submit_review(selection, form.responses(), actor=user,
                                                 note=form.cleaned_data["note"])
                    messages.success(request, _("The file was returned to its investigator for correction.")
                                     if done.substantial_error else _("The review is recorded."))
                    return redirect("quality:review", pk=selection.pk)
            elif action == "recheck" and user.has_perm("quality.review_selection", selection):
                recheck = RecheckForm(request.POST)
                forms["recheck_form"] = recheck
                if recheck.is_valid():
                    confirm = recheck.cleaned_data["verdict"] == "confirm"
                    reviews.recheck(selection, actor=user, confirm=confirm,
                                    note=recheck.cleaned_data["recheck_note"])
                    messages.success(request, _("The correction is confirmed: the review is finished.") if confirm
                                     else _("The file was returned to its investigator again."))
                    return redirect("quality:review", pk=selection.pk)
            elif action == "assign" and user.has_perm("quality.assign_reviewer"):
                assign = AssignForm(request.POST)
                forms["assign_form"] = assign
                if assign.is_valid():
                    chosen = assign.cleaned_data["reviewer"]
                    reviews.assign_reviewer(selection, chosen, actor=user)
                    messages.success(request, _("%(name)s will review this file.") % {"name": chosen.full_name})
                    return redirect("quality:review", pk=selection.pk)
            else:
                if perm := STEP_PERMS.get(action or ""):
                    deny(user, perm, obj=selection, request=request)
                messages.error(request, _("You may not take this step on this review."))
                return redirect("quality:review", pk=selection.pk)
        except reviews.ReviewError as exc:
            target = forms.get("review_form") or forms.get("recheck_form") or forms.get("assign_form")
            if target is not None:
                target.add_error(None, exc.message)
            selection.refresh_from_db()
        return render(request, "quality/review.html", _review_context(request, selection, **forms), status=400)
    return render(request, "quality/review.html", _review_context(request, selection))


# The sampling plan -----------------------------------------------------------------------


def _plan_context(request: HttpRequest, **forms: Any) -> dict[str, Any]:
    today = timezone.localdate()
    year = fiscal_year_of(today)
    plan = {(r.fiscal_year, r.quarter): r for r in SamplingRate.objects.select_related("set_by")}
    quarters = []
    for fiscal_year in (year, year + 1):
        for quarter in range(1, 5):
            start, end = quarter_bounds(fiscal_year, quarter)
            quarters.append({"label": quarter_label(fiscal_year, quarter), "start": start, "end": end,
                             "own": plan.get((fiscal_year, quarter)),
                             "in_force": sampling.planned_rate(start),
                             "current": start <= today <= end})
    may_manage = request.user.has_perm("quality.manage_plan")
    context: dict[str, Any] = {
        "quarters": quarters, "rate_now": sampling.rate_in_force(today), "today": today,
        "suspension": sampling.current_suspension(),
        "suspensions": Suspension.objects.select_related("suspended_by", "resumed_by")[:20],
        "rules": TargetRule.objects.select_related("region", "sector", "investigator", "created_by", "ended_by"),
        "may_manage": may_manage,
    }
    if may_manage:
        context["rate_form"] = forms.get("rate_form") or RateForm(current_year=year)
        context["suspend_form"] = forms.get("suspend_form") or SuspendForm(prefix="suspend")
        context["resume_form"] = forms.get("resume_form") or ResumeForm(prefix="resume")
        context["rule_form"] = forms.get("rule_form") or RuleForm(prefix="rule")
    return context


@require_perm("quality.view_plan")
def plan(request: HttpRequest) -> HttpResponse:
    if request.method != "POST":
        return render(request, "quality/plan.html", _plan_context(request))
    check_perm(request.user, "quality.manage_plan", request=request)  # a change, on a page all may see
    user: Any = request.user
    action = request.POST.get("action")
    forms: dict[str, Any] = {}
    form: Any = None
    try:
        if action == "rate":
            form = forms["rate_form"] = RateForm(request.POST, current_year=fiscal_year_of(timezone.localdate()))
            if form.is_valid():
                data = form.cleaned_data
                sampling.set_rate(data["fiscal_year"], data["quarter"], data["percent"] / 100, actor=user)
                messages.success(request, _("The sampling rate of %(quarter)s is now %(rate)s %%.") % {
                    "quarter": quarter_label(data["fiscal_year"], data["quarter"]),
                    "rate": data["percent"].normalize()})
                return redirect("quality:plan")
        elif action == "suspend":
            form = forms["suspend_form"] = SuspendForm(request.POST, prefix="suspend")
            if form.is_valid():
                sampling.suspend(actor=user, reason=form.cleaned_data["reason"])
                messages.success(request, _("Sampling is suspended: no closed file is drawn until it resumes."))
                return redirect("quality:plan")
        elif action == "resume":
            form = forms["resume_form"] = ResumeForm(request.POST, prefix="resume")
            if form.is_valid():
                sampling.resume(actor=user, reason=form.cleaned_data["reason"])
                messages.success(request, _("Sampling has resumed."))
                return redirect("quality:plan")
        elif action == "rule":
            form = forms["rule_form"] = RuleForm(request.POST, prefix="rule")
            if form.is_valid():
                # The valid form's instance holds the rule, not yet saved: the service saves it.
                sampling.add_rule(form.instance, actor=user)
                messages.success(request, _("The targeted review rule is in force."))
                return redirect("quality:plan")
        elif action == "end_rule":
            rule = TargetRule.objects.filter(pk=request.POST.get("rule") or 0).first() \
                if (request.POST.get("rule") or "").isdigit() else None
            if rule is None:
                messages.error(request, _("There is no such rule."))
            else:
                sampling.end_rule(rule, actor=user)
                messages.success(request, _("The targeted review rule has ended."))
            return redirect("quality:plan")
        else:
            messages.error(request, _("There is no such change to the plan."))
            return redirect("quality:plan")
    except sampling.PlanError as exc:
        if form is not None:
            form.add_error(None, exc.message)
    return render(request, "quality/plan.html", _plan_context(request, **forms), status=400)


@require_perm("quality.view_plan")
def draws(request: HttpRequest) -> HttpResponse:
    """Every draw, selected or not: the record anyone can check."""
    found = Draw.objects.select_related("case", "case__region", "selection")
    reference = (request.GET.get("case") or "").strip()
    if reference:
        found = found.filter(case__reference__iexact=reference)
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "quality/draws.html", {
        "reference": reference, "query": query,
        "page": Paginator(found.order_by("-drawn_at", "-id"), PER_PAGE).get_page(request.GET.get("page")),
    })


# The checklist ---------------------------------------------------------------------------


@require_perm("quality.view_plan")
def checklist(request: HttpRequest) -> HttpResponse:
    may_manage = request.user.has_perm("quality.manage_plan")
    form = None
    if request.method == "POST":
        check_perm(request.user, "quality.manage_plan", request=request)  # a change, on a page all may see
        form = ChecklistItemForm(request.POST)
        if form.is_valid():
            reviews.add_checklist_item(form.cleaned_data, actor=request.user)
            messages.success(request, _("The checklist item is added."))
            return redirect("quality:checklist")
    elif may_manage:
        form = ChecklistItemForm()
    return render(request, "quality/checklist.html", {
        "items": ChecklistItem.objects.all(), "form": form, "may_manage": may_manage,
    }, status=400 if form is not None and form.is_bound else 200)


@require_perm("quality.manage_plan")
def checklist_item(request: HttpRequest, pk: int) -> HttpResponse:
    item = get_object_for_user(request.user, "quality.manage_plan", ChecklistItem.objects.all(),
                               request=request, pk=pk)
    form = add_version_field(ChecklistItemForm(request.POST or None, instance=item), item)
    if request.method == "POST" and form.is_valid():
        try:
            reviews.change_checklist_item(ChecklistItem.objects.get(pk=item.pk), form.cleaned_data,
                                          actor=request.user, expected_version=version_of(form))
        except Conflict as conflict:
            current = ChecklistItem.objects.get(pk=item.pk)
            return render(request, "quality/checklist_item.html",
                          {"item": current, "form": show_conflict(form, current, conflict)})
        messages.success(request, _("The checklist item is saved."))
        return redirect("quality:checklist")
    return render(request, "quality/checklist_item.html", {"item": item, "form": form},
                  status=400 if form.is_bound else 200)


# The rates ---------------------------------------------------------------------------------


@require_perm("quality.view_rates")
def rates(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    current = fiscal_year_of(timezone.localdate())
    every_region = user.has_perm("quality.view_all_rates")
    regions = Region.objects.exclude(code=Region.NATIONAL) if every_region \
        else Region.objects.filter(pk=user.region_id)
    query = request.GET.copy()
    if not every_region:
        query.pop("region", None)  # a team lead sees their own region, whatever the address says
    filters = RatesFilter(query or None, current_year=current, regions=regions)
    valid = not filters.is_bound or filters.is_valid()
    data = filters.cleaned_data if filters.is_bound and valid else {}
    year = data.get("fiscal_year") or current
    region = data.get("region") if every_region else (user.region if not user.is_national else None)
    region_id = region.pk if region is not None else None
    start, end = quarter_bounds(year, 1)[0], quarter_bounds(year, 4)[1]
    language = active_language()
    overall = quality_rates.quarterly_rates(start, end, region_id=region_id)
    reviewed, good = sum(r.reviewed for r in overall), sum(r.without_substantial_error for r in overall)
    interval = quality_rates.wilson_interval(good, reviewed)
    return render(request, "quality/rates.html", {
        "filters": filters, "valid": valid, "year_label": fiscal_year_label(year), "region": region,
        "quarters": overall,
        "year_total": {"reviewed": reviewed, "good": good, "rate": good / reviewed if reviewed else None,
                       "low": interval[0] if interval else None, "high": interval[1] if interval else None},
        "by_region": quality_rates.breakdown("region", start, end, region_id=region_id, language=language)
        if region_id is None else [],
        "by_investigator": quality_rates.breakdown("investigator", start, end, region_id=region_id,
                                                   language=language),
        "by_sector": quality_rates.breakdown("sector", start, end, region_id=region_id, language=language),
        "error_types": quality_rates.error_types(start, end, region_id=region_id),
        "feedback_by_region": feedback.feedback_by_region(start, end, region_id=region_id, language=language),
        "feedback_by_error_type": feedback.feedback_by_error_type(start, end, region_id=region_id),
        "may_answer": user.has_perm("quality.answer_disagreement"),
        "targeted": Selection.objects.filter(basis="targeted", reviewed_at__isnull=False,
                                             selected_at__date__gte=start, selected_at__date__lte=end)
        .filter(Q(case__region_id=region_id) if region_id else Q()).count(),
    }, status=200 if valid else 400)
