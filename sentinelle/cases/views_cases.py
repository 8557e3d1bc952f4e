"""The investigator's pages: the case list and the case page."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from sentinelle.audit.services import Action, record
from sentinelle.cases.models import Case
from sentinelle.lib.access import get_object_for_user, require_perm, visible_to


@require_perm("cases.view_case")
def case_list(request: HttpRequest) -> HttpResponse:
    cases = visible_to(request.user, Case.objects.select_related("employer", "assigned_to"))[:50]
    return render(request, "cases/case_list.html", {"cases": cases})


@require_perm("cases.view_case")
def case_detail(request: HttpRequest, reference: str) -> HttpResponse:
    case = get_object_for_user(request.user, "cases.view_case", Case.objects.select_related("employer"),
                               request=request, reference=reference)
    record(Action.VIEW, obj=case, request=request)
    return render(request, "cases/case_detail.html", {"case": case})
