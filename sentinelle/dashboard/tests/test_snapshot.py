"""The dashboard keeps each combination's figures for a while in the shared
cache (every app server sees the same numbers) and says when they were
computed; changing the targets, or the time running out, brings fresh ones."""

from __future__ import annotations

from io import StringIO

import pytest
from django.test import Client, override_settings
from django.utils import timezone

from sentinelle.accounts.models import Region
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


@override_settings(DASHBOARD_FIGURES_SECONDS=600)
def test_the_opening_views_are_computed_ahead_in_both_languages(client: Client) -> None:
    """After the warming run, whoever opens the dashboard first gets figures
    already computed (the case opened afterwards is not in them yet), for all of
    Canada and for a regional team lead's own region, in French and in English."""
    from django.core.management import call_command

    first, _second = sectors()
    open_case("QC", first, 5)
    open_case("ON", first, 40)
    call_command("warm_dashboard", stdout=StringIO())
    open_case("QC", first, 3)

    sign_in(client, create_staff("national_analyst", region_code="HQ"))
    for language in ("en", "fr"):
        response = client.get(f"/{language}/staff/dashboard/")
        assert response.context["figures"].inventory_total == 2
    lead = Client()
    sign_in(lead, create_staff("team_lead", region_code="QC"))
    for language in ("en", "fr"):
        assert lead.get(f"/{language}/staff/dashboard/").context["figures"].inventory_total == 1
    # A combination nobody warmed is computed when asked: it has all three cases.
    response = client.get("/en/staff/dashboard/?quarter=1")
    assert response.context["figures"].inventory_total == 3


@override_settings(DASHBOARD_FIGURES_SECONDS=600)
def test_the_warming_run_keeps_one_next_run_waiting() -> None:
    from django.tasks import TaskResultStatus
    from django_tasks_db.models import DBTaskResult

    from sentinelle.dashboard.tasks import keep_dashboard_warm

    waiting = DBTaskResult.objects.filter(task_path=keep_dashboard_warm.module_path, status=TaskResultStatus.READY)
    regions = Region.objects.count()
    assert keep_dashboard_warm.call() == 2 * (1 + regions)
    assert keep_dashboard_warm.call() == 2 * (1 + regions)
    assert waiting.count() == 1
    run_after = waiting.get().run_after
    assert run_after is not None and 530 <= (run_after - timezone.now()).total_seconds() <= 540


@override_settings(DASHBOARD_FIGURES_SECONDS=0)
def test_nothing_is_warmed_when_figures_are_not_kept() -> None:
    from django.core.management import call_command

    out = StringIO()
    call_command("warm_dashboard", stdout=out)
    assert "not kept" in out.getvalue()
