from __future__ import annotations

from django.core.paginator import Paginator
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from sentinelle.audit.services import Action, record
from sentinelle.cases.models import Employer
from sentinelle.lib.access import get_object_for_user, require_perm, visible_to


@require_perm("cases.view_employer")
def employer_list(request: HttpRequest) -> HttpResponse:
    query = request.GET.get("q", "").strip()[:100]
    employers = visible_to(request.user, Employer.objects.select_related("sector", "region"))
    if query:
        employers = employers.filter(
            Q(legal_name__icontains=query)
            | Q(operating_name__icontains=query)
            | Q(business_number__startswith=query)
            | Q(city__icontains=query)
        )
    page = Paginator(employers, 50).get_page(request.GET.get("page"))
    return render(request, "cases/employer_list.html", {"page": page, "query": query})


@require_perm("cases.view_employer")
def employer_detail(request: HttpRequest, pk: int) -> HttpResponse:
    employer = get_object_for_user(
        request.user,
        "cases.view_employer",
        Employer.objects.select_related("sector", "region"),
        request=request,
        pk=pk,
    )
    record(Action.VIEW, obj=employer, request=request)
    return render(request, "cases/employer_detail.html", {"employer": employer})
