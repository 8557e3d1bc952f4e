"""Inspection plans (seed 000, priority 2): the list, a new plan, its settings,
the draw, and the cases opened from its selections."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from sentinelle.accounts.models import Region, User
from sentinelle.audit.services import Action, record
from sentinelle.cases.models import Sector
from sentinelle.lib.access import require_perm
from sentinelle.lib.locking import Conflict, add_version_field, version_of
from sentinelle.quality.models import fiscal_year_of
from sentinelle.workload import employer_risk, plans, selection
from sentinelle.workload.access import MANAGE_PLAN, VIEW_PLAN, access_plan, plan_regions, plans_visible_to
from sentinelle.workload.forms import PLAN_REGION_NATIONAL, PlanForm
from sentinelle.workload.models import DEFAULT_RANDOM_SHARE, DEFAULT_RECENT_YEARS, InspectionPlan, PlanStatus


def _plan(request: HttpRequest, pk: int, perm: str = VIEW_PLAN) -> InspectionPlan:
    return access_plan(request.user, pk, perm, request=request)


def _sectors() -> list[tuple[Sector, int]]:
    """Every sector with its risk weight, high-risk sectors first."""
    sectors = Sector.objects.select_related("risk_weight").order_by("naics_code")
    rows = [(sector, getattr(getattr(sector, "risk_weight", None), "weight", 0)) for sector in sectors]
    return sorted(rows, key=lambda row: -row[1])


def _regions(user: User) -> list[tuple[str, str]]:
    """The choices of a new plan's region (`plan_regions`)."""
    return [(PLAN_REGION_NATIONAL, _("National (every region)")) if region is None else (region.code, region.name)
            for region in plan_regions(user)]


@require_perm("workload.view_plans")
def plan_list(request: HttpRequest) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    return render(request, "workload/plan_list.html", {
        "plans": plans_visible_to(user).order_by("-fiscal_year", "region__code"),
    })


@require_perm("workload.view_plans")
def plan_new(request: HttpRequest) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    initial: dict[str, Any] = {"fiscal_year": fiscal_year_of(timezone.localdate()), "random_share": DEFAULT_RANDOM_SHARE,
                               "recent_years": DEFAULT_RECENT_YEARS}
    form = PlanForm(request.POST or None, sectors=_sectors(), regions=_regions(user), creating=True, initial=initial)
    if request.method == "POST" and form.is_valid():
        code = form.cleaned_data["region"]
        region = None if code == PLAN_REGION_NATIONAL else Region.objects.get(code=code)
        try:
            plan = plans.create_plan(
                fiscal_year=form.cleaned_data["fiscal_year"], region=region,
                random_share=form.cleaned_data["random_share"], recent_years=form.cleaned_data["recent_years"],
                quotas=form.quotas(), actor=user, request=request)
        except selection.PlanError as refused:
            form.add_error(None, refused.message)
        else:
            messages.success(request, _("The plan %(plan)s is saved. Draw it when its quotas are right.")
                             % {"plan": plan.label})
            return redirect("workload:plan", pk=plan.pk)
    return render(request, "workload/plan_form.html", {"form": form, "plan": None},
                  status=400 if form.errors else 200)


@require_perm("workload.view_plans")
def plan_detail(request: HttpRequest, pk: int) -> HttpResponse:
    plan = _plan(request, pk)
    record(Action.VIEW, obj=plan, request=request)
    quotas = selection.sectors_by_risk(plan.quotas.select_related("sector"))
    rows = list(plan.selections.select_related("employer", "employer__sector", "case").order_by("order"))
    return render(request, "workload/plan_detail.html", {
        "plan": plan,
        "quotas": quotas,
        "rows": [{"selection": s, "why": employer_risk.explanation(s.explanation)} for s in rows],
        "pending": sum(1 for s in rows if s.pending),
        "may_manage": request.user.has_perm(MANAGE_PLAN, plan),
        "drawn": plan.status == PlanStatus.DRAWN,
    })


@require_perm("workload.view_plans")
def plan_edit(request: HttpRequest, pk: int) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    plan = _plan(request, pk, MANAGE_PLAN)
    if plan.status != PlanStatus.DRAFT:
        messages.error(request, _("This plan is already drawn: its settings no longer change."))
        return redirect("workload:plan", pk=plan.pk)
    initial: dict[str, Any] = {"random_share": plan.random_share, "recent_years": plan.recent_years}
    initial.update({PlanForm.field_name(q.sector): q.inspections for q in plan.quotas.select_related("sector")})
    form = add_version_field(PlanForm(request.POST or None, sectors=_sectors(), regions=[], creating=False,
                                      initial=initial), plan)
    if request.method == "POST" and form.is_valid():
        try:
            plans.change_plan(plan, random_share=form.cleaned_data["random_share"],
                              recent_years=form.cleaned_data["recent_years"], quotas=form.quotas(), actor=user,
                              expected_version=version_of(form), request=request)
        except Conflict as conflict:
            form.add_error(None, conflict.message)
        except selection.PlanError as refused:
            form.add_error(None, refused.message)
        else:
            messages.success(request, _("The plan %(plan)s is saved.") % {"plan": plan.label})
            return redirect("workload:plan", pk=plan.pk)
    return render(request, "workload/plan_form.html", {"form": form, "plan": plan},
                  status=400 if form.errors else 200)


def _version(request: HttpRequest, plan: InspectionPlan) -> int:
    """The plan's version as the page that posted showed it (`lib.locking`'s hidden field)."""
    form = add_version_field(forms.Form(request.POST), plan)
    form.is_valid()
    return version_of(form)


@require_perm("workload.view_plans")
@require_POST
def plan_draw(request: HttpRequest, pk: int) -> HttpResponse:
    plan = _plan(request, pk, MANAGE_PLAN)
    try:
        drawn = selection.draw_inspections(plan, actor=request.user, request=request,
                                           expected_version=_version(request, plan))
    except Conflict as conflict:
        messages.error(request, conflict.message)
    except selection.PlanError as refused:
        messages.error(request, refused.message)
    else:
        messages.success(request, ngettext("%(count)d employer selected.", "%(count)d employers selected.",
                                           len(drawn)) % {"count": len(drawn)})
    return redirect("workload:plan", pk=pk)


@require_perm("workload.view_plans")
@require_POST
def plan_open_cases(request: HttpRequest, pk: int) -> HttpResponse:
    """Every pending selection becomes a case, except those given a reason to skip them."""
    plan = _plan(request, pk, MANAGE_PLAN)
    skip: dict[int, str] = {}
    for key in request.POST:
        value = request.POST.get(key, "")
        if key.startswith("skip-") and value.strip():
            try:
                skip[int(key.removeprefix("skip-"))] = value
            except ValueError:
                continue
    try:
        result = selection.open_cases(plan, actor=request.user, skip=skip, request=request,
                                      expected_version=_version(request, plan))
    except Conflict as conflict:
        messages.error(request, conflict.message)
    except selection.PlanError as refused:
        messages.error(request, refused.message)
    else:
        messages.success(request, " ".join([
            ngettext("%(count)d case opened; it waits in the work queue.",
                     "%(count)d cases opened; they wait in the work queue.", len(result.opened))
            % {"count": len(result.opened)},
            ngettext("%(count)d selection skipped.", "%(count)d selections skipped.", result.skipped)
            % {"count": result.skipped},
        ]))
    return redirect("workload:plan", pk=pk)
