"""The pages of service-quality observation: the rollout by quarter, the
observation checklist, one observation, the list, and the results by region."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from sentinelle.audit.services import Action, record
from sentinelle.intake.models import Channel
from sentinelle.lib.access import check_perm, require_perm
from sentinelle.lib.locking import Conflict
from sentinelle.lib.tabular import csv_bytes, xlsx_bytes
from sentinelle.quality import observation as obs
from sentinelle.quality.access import access_observation, observations_visible_to
from sentinelle.quality.models import (
    AgentDraw,
    ObservationRollout,
    RolloutStatus,
    fiscal_year_label,
    fiscal_year_of,
    quarter_of,
)
from sentinelle.quality.observation_forms import ApproveForm, ObservationForm, ResultsFilter, RolloutForm

FORMATS = {"csv": "text/csv; charset=utf-8",
           "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}
MANAGE = "quality.manage_observation_plan"


def _channel_names(codes: list[str]) -> str:
    labels = dict(Channel.choices)
    return ", ".join(str(labels.get(code, code)) for code in codes)


@require_perm("quality.view_observation_plan")
def plan(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    may_manage = user.has_perm(MANAGE)
    today = timezone.localdate()
    form = RolloutForm(initial={"fiscal_year": fiscal_year_of(today), "quarter": quarter_of(today)})
    status = 200
    if request.method == "POST":
        check_perm(user, MANAGE, request=request)
        if request.POST.get("action") == "approve":
            approve = ApproveForm(request.POST)
            rollout = ObservationRollout.objects.filter(
                pk=approve.cleaned_data["rollout"]).first() if approve.is_valid() else None
            if rollout is None:
                messages.error(request, _("Choose a quarter of the rollout to approve."))
                status = 400
            else:
                try:
                    draws = obs.approve_rollout(rollout, actor=user)
                except (obs.ObservationError, Conflict) as error:
                    messages.error(request, error.message)
                    status = 400
                else:
                    messages.success(request, _("Quarter approved: %(selected)s of %(drawn)s agents drawn.") % {
                        "selected": sum(d.selected for d in draws), "drawn": len(draws)})
                    return redirect("quality:observation_plan")
        else:
            form = RolloutForm(request.POST)
            if form.is_valid():
                data = form.cleaned_data
                try:
                    obs.set_rollout(data["fiscal_year"], data["quarter"], regions=list(data["regions"]),
                                    channels=data["channels"], share=data["share"] / Decimal(100), actor=user)
                except (obs.ObservationError, Conflict) as error:
                    form.add_error(None, error.message)
                else:
                    messages.success(request, _("Quarter of the rollout saved."))
                    return redirect("quality:observation_plan")
            status = 400
    rows = [{"rollout": r, "channels": _channel_names(r.channels),
             "regions": ", ".join(str(region) for region in r.regions.all()),
             "share": r.share * 100, "selected": r.selected, "drawn": r.drawn}  # type: ignore[attr-defined]
            for r in obs.rollouts()]
    current = obs.rollout_for(today)
    draws = list(AgentDraw.objects.filter(rollout=current).select_related("agent", "region")) if current else []
    return render(request, "quality/observation_plan.html", {
        "rows": rows, "form": form, "may_manage": may_manage, "current": current, "draws": draws,
    }, status=status)


def _observation_form(request: HttpRequest, data: Any = None) -> ObservationForm:
    draws = obs.observable_draws(request.user, timezone.localdate())
    agents = [(d.agent_id, f"{d.agent.full_name} ({d.region})") for d in draws]
    return ObservationForm(data, agents=agents, items=list(obs.checklist()))


@require_perm("quality.observe")
def observation_new(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    form = _observation_form(request, request.POST if request.method == "POST" else None)
    if form.is_bound and form.is_valid():
        draw = AgentDraw.objects.select_related("agent").filter(
            agent_id=form.cleaned_data["agent"], selected=True).order_by("-rollout__fiscal_year",
                                                                         "-rollout__quarter").first()
        check_perm(user, "quality.observe", draw.agent if draw else None, request=request)
        try:
            done = obs.record_observation(
                observer=user, agent=draw.agent, channel=form.cleaned_data["channel"],  # type: ignore[union-attr]
                mode=form.cleaned_data["mode"], observed_on=form.cleaned_data["observed_on"],
                answers=form.answers(), comments=form.cleaned_data["comments"])
        except obs.ObservationError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("Observation recorded: score %(score)s %%.") % {"score": done.score})
            return redirect("quality:observation", pk=done.pk)
    return render(request, "quality/observation_form.html", {
        "form": form, "current": obs.rollout_for(timezone.localdate()),
    }, status=400 if form.is_bound else 200)


@require_perm("quality.view_observation_list")
def observation_list(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    return render(request, "quality/observation_list.html", {
        "observations": observations_visible_to(user)[:200], "may_observe": user.has_perm("quality.observe"),
    })


@require_perm("quality.view_observation_list")
def observation(request: HttpRequest, pk: int) -> HttpResponse:
    done = access_observation(request.user, pk, request=request)
    record(Action.VIEW, request=request, obj=done)
    return render(request, "quality/observation_detail.html", {
        "observation": done, "channel": _channel_names([done.channel]),
        "answers": done.answers.select_related("item"),  # type: ignore[attr-defined]
    })


def _headers() -> list[str]:
    return [_("Region"), _("Observations"), _("Agents observed"), _("Average score (%)"), _("Items missed")]


@require_perm("quality.view_observation_results")
def results(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    filters = ResultsFilter(request.GET or None)
    year = (filters.cleaned_data.get("year") if filters.is_valid() else None) or fiscal_year_of(timezone.localdate())
    region_id = None if user.has_perm("quality.view_all_observation_results") else user.region_id
    rows = obs.results_by_region(fiscal_year=year, region_id=region_id)
    fmt = request.GET.get("format", "")
    if fmt in FORMATS:
        table = [[str(r.region), r.observations, r.agents, r.average, r.misses] for r in rows]
        title = _("Observations %(year)s") % {"year": fiscal_year_label(year)}
        content, count = csv_bytes(_headers(), table) if fmt == "csv" else xlsx_bytes(title, _headers(), table)
        record(Action.EXPORT, request=request, export="observation_results", format=fmt, rows=count,
               fiscal_year=year)
        response = HttpResponse(content, content_type=FORMATS[fmt])
        response["Content-Disposition"] = f'attachment; filename="observations-{fiscal_year_label(year)}.{fmt}"'
        return response
    return render(request, "quality/observation_results.html", {
        "filters": filters, "rows": rows, "year": year, "year_label": fiscal_year_label(year),
        "headers": _headers(), "approved": RolloutStatus.APPROVED,
    }, status=400 if filters.is_bound and not filters.is_valid() else 200)
