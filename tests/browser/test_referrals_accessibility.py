"""The pages of the referral strategy pass axe-core with no violation, in French
and in English: the register with a wrong filter and with referrals, a
referral's outcome form, referring a case, escalating a case, and closing a
report as outside the program's jurisdiction."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import Page

from sentinelle.intake import referrals
from sentinelle.intake.models import Partner
from sentinelle.intake.tests.test_staff_factories import make_report
from sentinelle.test import create_case, create_staff

from .conftest import assert_accessible, sign_in
from .test_accessibility import OFFICIAL_LANGUAGES, open_page

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("language", OFFICIAL_LANGUAGES)
def test_the_register_and_a_referrals_outcome_form(page: Page, language: str) -> None:
    lead = create_staff("team_lead", region_code="QC", full_name="Chantal Chef")
    case = create_case("QC")
    referral = referrals.refer(Partner.objects.get(code="gac"), means="email", what="Recruiter fees.",
                               communicated_at=timezone.now() - timedelta(days=3), actor=lead, case=case)
    referrals.refer(Partner.objects.get(code="cnesst"), means="phone", what="Heat.", actor=lead,
                    communicated_at=timezone.now() - timedelta(days=1), report=make_report("QC"))
    sign_in(page, lead, language=language)
    open_page(page, f"/{language}/staff/reports/referrals/")
    assert page.locator("table.data tbody tr").count() == 2
    assert_accessible(page)
    open_page(page, f"/{language}/staff/reports/referrals/?since=soon", status=400)
    assert page.get_by_role("alert").is_visible()
    assert_accessible(page)
    open_page(page, f"/{language}/staff/reports/referrals/{referral.pk}/")
    assert_accessible(page)
    open_page(page, f"/{language}/staff/dashboard/")
    assert_accessible(page)


@pytest.mark.parametrize("language", OFFICIAL_LANGUAGES)
def test_referring_and_escalating_a_case_and_closing_a_report_outside_the_jurisdiction(
        page: Page, language: str) -> None:
    lead = create_staff("team_lead", region_code="QC", full_name="Chantal Chef")
    case = create_case("QC")
    report = make_report("QC")
    sign_in(page, lead, language=language)
    open_page(page, f"/{language}/staff/cases/{case.reference}/")
    assert_accessible(page)
    open_page(page, f"/{language}/staff/reports/cases/{case.reference}/refer/")
    assert_accessible(page)
    page.locator("main form button[type=submit]").click()  # nothing filled in: the errors
    assert page.get_by_role("alert").is_visible()
    assert_accessible(page)
    open_page(page, f"/{language}/staff/reports/cases/{case.reference}/escalate/")
    assert_accessible(page)
    open_page(page, f"/{language}/staff/reports/{report.pk}/")
    assert_accessible(page)
