"""The employer register and the staff search in a real browser: axe-core finds no
violation in French or English on the list searched, the employer's page with
its history and a merged duplicate, the merge confirmation, the search results
and the too-short message; and a team lead merges a duplicate from start to end."""

from __future__ import annotations

import uuid
from decimal import Decimal

import pytest
from django.utils import timezone
from playwright.sync_api import Page

from sentinelle.accounts.models import User
from sentinelle.cases.merge import merge_employers
from sentinelle.cases.models import Activity, ActivityKind, Decision, DecisionStatus, Employer, Outcome
from sentinelle.intake import receipts
from sentinelle.intake.models import Allegation, Report
from sentinelle.intake.services import submit_report
from sentinelle.test import create_case, create_employer, create_staff

from .conftest import assert_accessible, sign_in, submit

pytestmark = pytest.mark.browser

OFFICIAL_LANGUAGES = ["fr", "en"]


def _open(page: Page, path: str, status: int = 200) -> None:
    response = page.goto(path)
    assert response is not None and response.status == status, f"{path}: {response and response.status}"


def _report_on(employer: Employer, case=None) -> Report:
    report = submit_report(
        {"anonymous": True, "employer_name": "Fermes Côté", "employer_city": "Saint-Rémi",
         "employer_province": "QC", "description": "Heures supplémentaires non payées.", "since": "months",
         "workers_affected": "2-5", "danger_now": "no", "hazard_now": "no"},
        [Allegation.WAGES, Allegation.HOUSING], [], idempotency_key=uuid.uuid4().hex,
        receipt_code=receipts.new_receipt_code(),
    ).report
    Report.objects.filter(pk=report.pk).update(employer=employer, case=case)
    return report


def _employer_with_history(lead: User) -> tuple[Employer, Employer]:
    """Fermes Côté with a report, a case with notes and an approved decision, and a
    duplicate (with its own case) merged into it."""
    investigator = create_staff("investigator", region_code="QC", full_name="Éric Tremblay")
    employer = create_employer("QC", legal_name="9123-4567 Québec inc.", operating_name="Fermes Côté",
                               business_number="912345678RT0001", street_address="12, rang Saint-Paul",
                               city="Saint-Rémi", postal_code="J0L 2L0", phone="450-555-0101")
    case = create_case("QC", employer=employer, assigned_to=investigator)
    Activity.objects.create(case=case, kind=ActivityKind.NOTE, occurred_at=timezone.now(), author=investigator,
                            notes="Entrevue avec Émilie, contremaîtresse.")
    Decision.objects.create(case=case, outcome=Outcome.PENALTY, grounds="Heures non payées.",
                            penalty_amount=Decimal("15000"), status=DecisionStatus.APPROVED,
                            proposed_by=investigator, approved_by=lead, approved_at=timezone.now(),
                            region=case.region)
    _report_on(employer, case)
    duplicate = create_employer("QC", legal_name="Fermes Cote")
    create_case("QC", employer=duplicate)
    _report_on(duplicate)
    merge_employers(employer, duplicate, actor=lead)
    return employer, duplicate


@pytest.mark.parametrize("language", OFFICIAL_LANGUAGES)
def test_register_and_employer_pages(page: Page, language: str) -> None:
    lead = create_staff("team_lead", region_code="QC")
    employer, duplicate = _employer_with_history(lead)
    sign_in(page, lead, language=language)

    _open(page, f"/{language}/staff/employers/?q=cote")
    assert page.get_by_role("link", name="Fermes Côté").is_visible()
    assert_accessible(page)

    _open(page, f"/{language}/staff/employers/{employer.pk}/")
    assert page.locator("#cases-caption").count() == 1
    assert page.get_by_role("link", name="Fermes Cote").is_visible()
    assert_accessible(page)

    _open(page, f"/{language}/staff/employers/{duplicate.pk}/")
    assert page.locator(".notice-warning a").is_visible()
    assert_accessible(page)


@pytest.mark.parametrize("language", OFFICIAL_LANGUAGES)
def test_merging_a_duplicate(page: Page, language: str) -> None:
    lead = create_staff("team_lead", region_code="QC")
    employer, _merged = _employer_with_history(lead)
    other = create_employer("QC", legal_name="Ferme Côté (doublon)", business_number="912345678RT0002")
    create_case("QC", employer=other)
    sign_in(page, lead, language=language)

    _open(page, f"/{language}/staff/employers/{employer.pk}/")
    page.fill('input[name="q"]', "912345678RT0002")
    submit(page, "q")
    assert_accessible(page)

    with page.expect_navigation():
        page.locator("main table a").first.click()
    assert page.url.endswith(f"/staff/employers/{employer.pk}/merge/{other.pk}/")
    assert_accessible(page)

    with page.expect_navigation():
        page.locator('main form[method="post"] button[type="submit"]').click()
    assert page.url.endswith(f"/{language}/staff/employers/{employer.pk}/")
    assert page.locator(".notice-success").is_visible()
    assert_accessible(page)
    other.refresh_from_db()
    assert other.merged_into_id == employer.pk


@pytest.mark.parametrize("language", OFFICIAL_LANGUAGES)
def test_search_results_and_too_short(page: Page, language: str) -> None:
    lead = create_staff("team_lead", region_code="QC")
    _employer_with_history(lead)
    sign_in(page, lead, language=language)

    _open(page, f"/{language}/staff/search/?q=emilie")
    assert page.locator("main h2").count() == 4
    assert_accessible(page)

    _open(page, f"/{language}/staff/search/?q=cote")
    assert_accessible(page)

    _open(page, f"/{language}/staff/search/?q=x", status=400)
    assert page.get_by_role("alert").is_visible()
    assert_accessible(page)
