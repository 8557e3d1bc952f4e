"""The worker's page "Get help in person": choose a province (and a city) to see
the service points, the languages spoken there and the next outreach visits.
A plain GET form: it works with JavaScript off and loads nothing from another host."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from sentinelle.intake.service_points import PlaceForm, points_in
from sentinelle.lib.geo import Province


@require_GET
def service_points(request: HttpRequest) -> HttpResponse:
    asked = bool(request.GET)
    form = PlaceForm(request.GET if asked else None)
    context: dict[str, object] = {"form": form, "asked": asked}
    if asked and form.is_valid():
        points, visits = points_in(form.cleaned_data["province"], form.cleaned_data["city"])
        context.update(points=points, visits=visits, province=Province(form.cleaned_data["province"]).label,
                       city=form.cleaned_data["city"])
    return render(request, "intake/public/service_points.html", context, status=400 if form.errors else 200)
