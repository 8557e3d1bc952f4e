"""The decision register and the guidance library pass axe-core with no
violation, in French and in English: with data, after a wrong filter, and the
guidance form after a mistake and after saving."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.utils import timezone
from playwright.sync_api import Page

from sentinelle.accounts.models import User
from sentinelle.cases.models import Decision, DecisionStatus, Guidance, Outcome
from sentinelle.test import create_case, create_staff, region

from .conftest import assert_accessible, sign_in, submit
from .test_accessibility import OFFICIAL_LANGUAGES, open_page

pytestmark = pytest.mark.browser


def analyst() -> User:
    return create_staff("national_analyst", region_code="HQ", full_name="Nadia Analyst")


def some_decisions(count: int = 52) -> None:
    """Enough approved decisions for a second page, of every outcome, in two regions."""
    people = {code: (create_staff("investigator", region_code=code), create_staff("team_lead", region_code=code))
              for code in ("QC", "ON")}
    outcomes = list(Outcome)
    for n in range(count):
        code = "QC" if n % 2 else "ON"
        outcome = outcomes[n % len(outcomes)]
        proposer, approver = people[code]
        Decision.objects.create(
            case=create_case(code), region=region(code), outcome=outcome, grounds=f"Grounds of decision {n}.",
            penalty_amount=Decimal("12500") if outcome == Outcome.PENALTY else None,
            ban_years=2 if outcome == Outcome.BAN else None,
            status=DecisionStatus.APPROVED, proposed_by=proposer, approved_by=approver, approved_at=timezone.now(),
        )


@pytest.mark.parametrize("language", OFFICIAL_LANGUAGES)
def test_decision_register_with_decisions(page: Page, language: str) -> None:
    some_decisions()
    sign_in(page, analyst(), language=language)
    open_page(page, f"/{language}/staff/decisions/")
    assert page.locator("table.data tbody tr").count() == 50
    assert page.locator('a[href*="export.csv"]').is_visible()
    assert_accessible(page)


@pytest.mark.parametrize("language", OFFICIAL_LANGUAGES)
def test_decision_register_with_a_wrong_filter(page: Page, language: str) -> None:
    some_decisions(3)
    sign_in(page, analyst(), language=language)
    open_page(page, f"/{language}/staff/decisions/?approved_from=yesterday&outcome=jail", status=400)
    assert page.get_by_role("alert").is_visible()
    assert page.locator('[aria-invalid="true"]').count() == 2
    assert_accessible(page)


@pytest.mark.parametrize("language", OFFICIAL_LANGUAGES)
def test_guidance_library(page: Page, language: str) -> None:
    sign_in(page, analyst(), language=language)
    open_page(page, f"/{language}/staff/guidance/")
    assert page.locator("table.data tbody tr").count() == Guidance.objects.count()
    page.locator("summary").first.click()  # an opened piece of guidance too
    assert_accessible(page)


@pytest.mark.parametrize("language", OFFICIAL_LANGUAGES)
def test_guidance_form_blank_after_a_mistake_and_saved(page: Page, language: str) -> None:
    guidance = Guidance.objects.get(topic="status:in_inspection")
    sign_in(page, analyst(), language=language)
    open_page(page, f"/{language}/staff/guidance/{guidance.pk}/")
    assert_accessible(page)

    page.fill('input[name="title_en"]', "")
    submit(page, "title_en")
    assert page.get_by_role("alert").is_visible()
    assert_accessible(page)

    page.fill('input[name="title_en"]', "In inspection: gather the evidence")
    submit(page, "title_en")
    assert page.url.endswith(f"/{language}/staff/guidance/")
    assert page.locator(".notice-success, [role=status]").first.is_visible()
    assert_accessible(page)
