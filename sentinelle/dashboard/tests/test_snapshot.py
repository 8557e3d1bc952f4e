"""The dashboard keeps each combination's figures for a while in the shared
cache (every app server sees the same numbers) and says when they were
computed; changing the targets, or the time running out, brings fresh ones."""

from __future__ import annotations

import pytest
from django.test import Client, override_settings

from sentinelle.cases.models import CaseStatus
from sentinelle.test import create_staff, sign_in

from .factories import open_case, sectors

pytestmark = pytest.mark.django_db


def open_cases_shown(client: Client) -> int:
    response = client.get("/en/staff/dashboard/")
    assert response.status_code == 200
    return response.context["figures"].inventory_total


@override_settings(DASHBOARD_FIGURES_SECONDS=600)
def test_figures_are_kept_until_the_targets_change(client: Client) -> None:
    first, _second = sectors()
    open_case("QC", first, 5)
    analyst = create_staff("national_analyst", region_code="HQ")
    sign_in(client, analyst)
    assert open_cases_shown(client) == 1
    page = client.get("/en/staff/dashboard/").content.decode()
    assert "Figures as of" in page and "computed again after 10 minutes" in page

    open_case("QC", first, 3)
    assert open_cases_shown(client) == 1  # kept: computed less than 10 minutes ago
    # Another filter is another set of figures, computed now.
    response = client.get("/en/staff/dashboard/?region=" + str(analyst.region_id))
    assert response.status_code == 200

    from sentinelle.dashboard.snapshot import forget

    forget()  # what saving the targets does
    assert open_cases_shown(client) == 2


@override_settings(DASHBOARD_FIGURES_SECONDS=600)
def test_saving_the_targets_brings_fresh_figures(client: Client) -> None:
    first, _second = sectors()
    open_case("ON", first, 5, status=CaseStatus.ASSESSED)
    analyst = create_staff("national_analyst", region_code="HQ")
    sign_in(client, analyst)
    assert open_cases_shown(client) == 1
    open_case("ON", first, 8)
    from sentinelle.dashboard.periods import current_fiscal_year

    year = current_fiscal_year()
    form = client.get(f"/en/staff/dashboard/targets/?fiscal_year={year}").context["form"]
    data = dict.fromkeys(form.fields, "") | {"fiscal_year": str(year)}
    first_field = next(name for name in form.fields if name != "fiscal_year")
    data[first_field] = "1234"
    response = client.post("/en/staff/dashboard/targets/", data)
    assert response.status_code == 302, response.content.decode()[:2000]
    assert open_cases_shown(client) == 2


@override_settings(DASHBOARD_FIGURES_SECONDS=0)
def test_with_keeping_off_every_view_computes(client: Client) -> None:
    first, _second = sectors()
    sign_in(client, create_staff("national_analyst", region_code="HQ"))
    assert open_cases_shown(client) == 0
    open_case("QC", first, 1)
    assert open_cases_shown(client) == 1
    assert "Figures as of" not in client.get("/en/staff/dashboard/").content.decode()
