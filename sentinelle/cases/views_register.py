"""The national decision register page and its exports (CSV and Excel)."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from sentinelle.audit.services import Action, record
from sentinelle.cases import register
from sentinelle.cases.models import Decision
from sentinelle.lib.access import require_perm

PER_PAGE = 50


def _filters(request: HttpRequest) -> register.DecisionFilterForm:
    data = {key: value for key, value in request.GET.items() if key != "page"}
    return register.DecisionFilterForm(data or None, user=request.user)


def _page(request: HttpRequest, filters: register.DecisionFilterForm) -> HttpResponse:
    valid = not filters.is_bound or filters.is_valid()
    context: dict[str, Any] = {
        "filters": filters,
        "may_export": request.user.has_perm("cases.export_decision_register"),
        "query": request.GET.copy(),
        "page": None,
    }
    if valid:
        if not filters.is_bound:
            filters.cleaned_data = {}
        decisions = register.filtered(request.user, filters)
        context["page"] = Paginator(decisions, PER_PAGE).get_page(request.GET.get("page"))
    context["query"].pop("page", None)
    return render(request, "cases/register/decision_list.html", context, status=200 if valid else 400)


@require_perm("cases.view_decision_register")
def decision_register(request: HttpRequest) -> HttpResponse:
    return _page(request, _filters(request))


def _export(request: HttpRequest, kind: str, content_type: str,
            write: Callable[[Iterable[Decision]], tuple[bytes, int]]) -> HttpResponse:
    filters = _filters(request)
    if filters.is_bound and not filters.is_valid():
        return _page(request, filters)
    if not filters.is_bound:
        filters.cleaned_data = {}
    content, count = write(register.filtered(request.user, filters).iterator(chunk_size=2000))
    record(Action.EXPORT, request=request, export="decision_register", format=kind,
           filters=filters.applied(), rows=count)
    response = HttpResponse(content, content_type=content_type)
    name = f"decisions-{timezone.localdate():%Y-%m-%d}.{kind}"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@require_perm("cases.export_decision_register")
def export_csv(request: HttpRequest) -> HttpResponse:
    return _export(request, "csv", "text/csv; charset=utf-8", register.to_csv)


@require_perm("cases.export_decision_register")
def export_xlsx(request: HttpRequest) -> HttpResponse:
    return _export(request, "xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                   register.to_xlsx)
