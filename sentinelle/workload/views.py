"""The work queue, assignment from it, the investigators' caseload and the two
settings pages (capacity, sector weights)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from sentinelle.accounts.models import Region, RoleCode, User
from sentinelle.cases.access import access_cases
from sentinelle.cases.models import Case, Sector
from sentinelle.lib.access import get_object_for_user, require_perm
from sentinelle.lib.locking import STAMP, Conflict, add_stamp_field, show_set_conflict, stamp_of
from sentinelle.workload import lived, priority, services
from sentinelle.workload.forms import AssignForm, CapacityForm, CheckInForm, SectorWeightsForm

PER_PAGE = 50


def _investigator_choices(user: User, region_ids: set[int]) -> QuerySet[User]:
    regions = region_ids if user.is_national else {user.region_id}
    return services.investigators(r for r in regions if r is not None)


def _queue_page(request: HttpRequest, form: AssignForm | None = None, selected: set[int] | None = None,
                status: int = 200) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    now = timezone.now()
    cases = priority.queue(Case.objects.in_region_of(user), now).select_related(
        "employer", "employer__sector", "region")
    page = Paginator(cases, PER_PAGE).get_page(request.GET.get("page"))
    rows = list(page.object_list)
    suggested = services.suggestions(rows)
    may_assign = user.has_perm("workload.assign_case")
    if may_assign and form is None:
        form = AssignForm(investigators=_investigator_choices(user, {case.region_id for case in rows}))
    return render(request, "workload/queue.html", {
        "page": page,
        "rows": [{"case": case, "rules": priority.breakdown_of(case, now), "suggested": suggested[case.pk],
                  "selected": case.pk in (selected or set())} for case in rows],
        "may_assign": may_assign,
        "form": form,
        "may_view_caseload": user.has_perm("workload.view_caseload"),
        "may_change_weights": user.has_perm("workload.change_sector_weights"),
    }, status=status)


@require_perm("workload.view_queue")
def queue(request: HttpRequest) -> HttpResponse:
    return _queue_page(request)


def _ids(values: list[str]) -> list[int]:
    try:
        return sorted({int(value) for value in values})
    except ValueError as exc:
        raise Http404 from exc


@require_perm("workload.assign_case")
@require_POST
def assign(request: HttpRequest) -> HttpResponse:
    """Assign the ticked cases (or the one case of the button pressed), highest
    priority first; report what became of each."""
    user: User = request.user  # type: ignore[assignment]
    only = request.POST.get("only")
    ids = _ids([only] if only else request.POST.getlist("case"))
    now = timezone.now()
    # Another region's case, or no such case: the same answer (404), the refusal audited.
    cases = access_cases(user, ids, "workload.assign_case", request=request, queryset=priority.with_priority(
        Case.objects.in_region_of(user), now).select_related("employer", "region").order_by(*priority.QUEUE_ORDER))
    data = request.POST.copy()
    if only:
        data["how"] = AssignForm.SUGGESTED
    form = AssignForm(data, investigators=_investigator_choices(user, {case.region_id for case in cases}))
    if not cases:
        form.is_valid()
        form.add_error(None, _("Tick at least one case to assign."))
        return _queue_page(request, form, status=400)
    if not form.is_valid():
        return _queue_page(request, form, selected=set(ids), status=400)
    versions = {}
    for case in cases:
        try:
            versions[case.pk] = int(request.POST.get(f"version-{case.pk}", ""))
        except ValueError:
            versions[case.pk] = case.version
    chosen = form.cleaned_data["investigator"] if form.cleaned_data["how"] == AssignForm.CHOSEN else None
    results = services.assign_batch(cases, actor=user, versions=versions, investigator=chosen)
    assigned = sum(result.assigned for result in results)
    if assigned:
        messages.success(request, _("Cases assigned: %(assigned)s of %(total)s.")
                         % {"assigned": assigned, "total": len(results)})
    for result in results:
        (messages.success if result.assigned else messages.error)(request, result.message)
    return redirect("workload:queue")


# Caseload and capacity ------------------------------------------------------------


@require_perm("workload.view_caseload")
def caseload(request: HttpRequest) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    choices = list(Region.objects.chosen_among_by(user))
    chosen = request.GET.get("region") or ""
    regions = [region for region in choices if region.code == chosen] or choices
    loads = services.loads(region.pk for region in regions)
    may_see_lived = user.has_perm("workload.view_lived_workload")
    return render(request, "workload/caseload.html", {
        "lived": lived.aggregates(regions, lived.previous_months(3)) if may_see_lived else [],
        "min_group": lived.MIN_GROUP,
        "loads": [{"load": load, "may_change": user.has_perm("workload.change_capacity", load.investigator)}
                  for load in loads],
        "regions": regions,
        "region_choices": choices if user.is_national else [],
        "chosen_region": chosen,
    })


@require_perm("workload.answer_checkin")
def checkin(request: HttpRequest) -> HttpResponse:
    month = lived.month_of()
    done = lived.answered(request.user, month)
    form = CheckInForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            lived.submit(request.user, heaviness=form.cleaned_data["heaviness"],
                         items=[*form.cleaned_data["factors"], *form.cleaned_data["tasks"]], request=request)
        except lived.CheckInError as refusal:
            form.add_error(None, refusal.message)
        else:
            messages.success(request, _("Thank you: your check-in for %(month)s is recorded. Your team lead "
                                        "sees only the answers of the whole team, never yours.")
                             % {"month": month.strftime("%Y-%m")})
            return redirect("workload:checkin")
    return render(request, "workload/checkin.html", {
        "form": form, "done": done, "month": month, "min_group": lived.MIN_GROUP,
    }, status=400 if form.errors else 200)


@require_perm("workload.view_caseload")
def capacity(request: HttpRequest, user_id: int) -> HttpResponse:
    investigator = get_object_for_user(
        request.user, "workload.change_capacity",
        User.objects.filter(is_active=True, roles__code=RoleCode.INVESTIGATOR).select_related("region").distinct(),
        request=request, pk=user_id,
    )
    load = services.loads([investigator.region_id])  # type: ignore[list-item]
    current = next(item for item in load if item.investigator.pk == investigator.pk)
    form = add_stamp_field(CapacityForm(request.POST or None, initial={"capacity": current.capacity}),
                           stamp_of(services.saved_capacity(investigator)))
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.set_capacity(investigator, form.cleaned_data["capacity"],
                                          actor=request.user,  # type: ignore[arg-type]
                                          stamp=form.cleaned_data.get(STAMP), request=request)
        except Conflict as conflict:
            current = next(item for item in services.loads([investigator.region_id])  # type: ignore[list-item]
                           if item.investigator.pk == investigator.pk)
            form = show_set_conflict(add_stamp_field(CapacityForm(initial={"capacity": current.capacity}),
                                                     stamp_of(services.saved_capacity(investigator))),
                                     conflict, data=request.POST)
            return render(request, "workload/capacity_form.html",
                          {"investigator": investigator, "load": current, "form": form})
        if saved:
            messages.success(request, _("The capacity of %(name)s is now %(capacity)s.")
                             % {"name": investigator.full_name, "capacity": form.cleaned_data["capacity"]})
        else:
            messages.info(request, _("Nothing changed."))
        return redirect("workload:caseload")
    return render(request, "workload/capacity_form.html", {"investigator": investigator, "load": current,
                                                          "form": form}, status=400 if form.errors else 200)


# Sector weights ---------------------------------------------------------------------


@require_perm("workload.change_sector_weights")
def sector_weights(request: HttpRequest) -> HttpResponse:
    sectors = list(Sector.objects.order_by("naics_code"))
    current = services.saved_weights()
    form = add_stamp_field(SectorWeightsForm(request.POST or None, sectors=sectors, current=current), stamp_of(current))
    if request.method == "POST" and form.is_valid():
        try:
            changed = services.set_sector_weights(form.weights(), actor=request.user,  # type: ignore[arg-type]
                                                  stamp=form.cleaned_data.get(STAMP), request=request)
        except Conflict as conflict:
            current = services.saved_weights()
            form = show_set_conflict(add_stamp_field(SectorWeightsForm(sectors=sectors, current=current),
                                                     stamp_of(current)), conflict, data=request.POST)
            return render(request, "workload/sector_weights.html", {"form": form, "max_weight": 100})
        if changed:
            messages.success(request, _("Sector weights saved: %(sectors)s.") % {"sectors": ", ".join(changed)})
        else:
            messages.info(request, _("Nothing changed."))
        return redirect("workload:sector_weights")
    context: dict[str, Any] = {"form": form, "max_weight": 100}
    return render(request, "workload/sector_weights.html", context, status=400 if form.errors else 200)
