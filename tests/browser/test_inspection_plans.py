"""Proactive inspections in a browser: a team lead makes an inspection plan,
draws it and turns its selections into cases (one skipped with its reason);
the plan pages, the employer page with its risk score and the register's
figures pass axe-core with no violation, in French and in English."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page

from sentinelle.cases.models import Case, CaseOrigin, Sector
from sentinelle.test import create_employer, create_staff
from sentinelle.workload.models import InspectionPlan, PlanStatus, SectorWeight

from .conftest import assert_accessible, sign_in
from .test_accessibility import OFFICIAL_LANGUAGES, open_page

pytestmark = pytest.mark.browser

WORDS = {
    "en": {"save": "Save the plan", "draw": "Draw the plan", "open": "Open the cases of the", "opened": "cases opened",
           "skipped": "Skipped: Closed for the season", "score": "Employer risk score"},
    "fr": {"save": "Enregistrer le plan", "draw": "Tirer le plan", "open": "Ouvrir les dossiers des",
           "opened": "dossiers ouverts", "skipped": "Écartée\u00a0: Closed for the season",
           "score": "Cote de risque de l’employeur"},
}


def _click(page: Page, name: str) -> None:
    with page.expect_navigation():
        page.get_by_role("button", name=name).click()


@pytest.mark.parametrize("language", OFFICIAL_LANGUAGES)
def test_a_team_lead_draws_a_plan_and_turns_its_selections_into_cases(page: Page, language: str) -> None:
    words = WORDS[language]
    lead = create_staff("team_lead", region_code="ON", full_name="Daniel Lead")
    sector = Sector.objects.get(naics_code="1112")
    SectorWeight.objects.update_or_create(sector=sector, defaults={"weight": 35})
    employers = [create_employer("ON", sector=sector, approved_positions=2 + 10 * n,
                                 legal_name=f"Serres Ontario {n} inc.") for n in range(7)]
    sign_in(page, lead, language=language)

    open_page(page, f"/{language}/staff/workload/plans/new/")
    assert_accessible(page)
    page.fill('input[name="sector_1112"]', "5")
    _click(page, words["save"])
    plan = InspectionPlan.objects.get()
    assert page.url.endswith(f"/{language}/staff/workload/plans/{plan.pk}/")
    assert_accessible(page)

    _click(page, words["draw"])
    plan.refresh_from_db()
    assert plan.status == PlanStatus.DRAWN
    assert page.locator("table.data").nth(1).locator("tbody tr").count() == 5
    assert_accessible(page)

    first = plan.selections.order_by("order").first()
    page.fill(f"#skip-{first.pk}", "Closed for the season")
    _click(page, f"{words['open']} 5")
    messages = page.locator(".messages").inner_text()
    assert f"4 {words['opened']}" in messages
    assert words["skipped"] in page.locator("main").inner_text()
    assert Case.objects.filter(origin__in=[CaseOrigin.PROACTIVE_RISK, CaseOrigin.PROACTIVE_RANDOM]).count() == 4
    assert_accessible(page)

    # The cases wait in the work queue like any other.
    open_page(page, f"/{language}/staff/workload/")
    queue = page.locator("main").inner_text()
    assert all(case.reference in queue for case in Case.objects.all())

    # The employer page shows the score and the rules behind it; the register's figures.
    open_page(page, f"/{language}/staff/employers/{employers[-1].pk}/")
    assert words["score"] in page.locator("#employer-risk-title").inner_text()
    assert_accessible(page)
    open_page(page, f"/{language}/staff/employers/{employers[-1].pk}/register/")
    assert_accessible(page)
    open_page(page, f"/{language}/staff/employers/import/")
    assert_accessible(page)
    open_page(page, f"/{language}/staff/workload/plans/")
    assert_accessible(page)
