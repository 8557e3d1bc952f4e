"""The public statistics page: no sign-in, aggregate counts only, small counts hidden."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.cache import patch_cache_control
from django.views.decorators.http import require_safe

from sentinelle.dashboard.public import THRESHOLD, kept_statistics

# The figures change once a quarter: a shared cache may keep the page an hour.
CACHE_SECONDS = 3600


@require_safe
def statistics_page(request: HttpRequest) -> HttpResponse:
    response = render(request, "dashboard/public/statistics.html",
                      {"statistics": kept_statistics(), "threshold": THRESHOLD})
    patch_cache_control(response, public=True, max_age=CACHE_SECONDS)
    return response
