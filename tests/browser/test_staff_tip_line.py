"""The staff pages of the tip line in a real browser: axe-core finds no violation
in French or English, in the states that matter (a report with a message and an
escalation, a form after a mistake, the receipt code, an overdue escalation), and
a team lead triages a report from start to finish."""

from __future__ import annotations

import uuid
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import Page

from sentinelle.accounts.models import User
from sentinelle.cases.models import Case, Employer
from sentinelle.intake import receipts, referrals
from sentinelle.intake.models import Allegation, Escalation, Partner, Referral, Report, ReportStatus
from sentinelle.intake.services import send_staff_message, submit_report
from sentinelle.test import create_employer, create_staff

from .conftest import assert_accessible, sign_in, sign_in_through_pages, submit

pytestmark = pytest.mark.browser

OFFICIAL_LANGUAGES = ["fr", "en"]


def _report(**fields) -> Report:
    values = {
        "anonymous": True, "employer_name": "Serres Lachance", "employer_city": "Saint-Rémi",
        "employer_province": "QC", "employer_phone": "450-555-0142",
        "description": "Pesticides sprayed while we work.", "since": "week", "workers_affected": "6-20",
        "danger_now": "no", "hazard_now": "no",
    }
    values.update(fields)
    return submit_report(values, [Allegation.HEALTH_SAFETY, Allegation.HOUSING], [],
                         idempotency_key=uuid.uuid4().hex, receipt_code=receipts.new_receipt_code()).report


def _overdue_escalation(lead: User) -> Escalation:
    escalation = _report(hazard_now="yes").escalations.get()
    opened = timezone.now() - timedelta(hours=30)
    Escalation.objects.filter(pk=escalation.pk).update(
        opened_at=opened, target_at=opened + Escalation.TARGET, deadline_at=opened + Escalation.DEADLINE)
    escalation.refresh_from_db()
    return escalation


def _referral(escalation: Escalation, lead: User) -> Referral:
    return referrals.refer(
        Partner.objects.get(code="cnesst"), means="phone", communicated_at=timezone.now() - timedelta(hours=2),
        what="Unsafe spraying.", actor=lead, escalation=escalation,
        reply="Inspector sent.", reply_at=timezone.now() - timedelta(hours=1),
    )


def _open(page: Page, path: str, status: int = 200) -> None:
    response = page.goto(path)
    assert response is not None and response.status == status, f"{path}: {response and response.status}"


@pytest.fixture
def lead() -> User:
    return create_staff("team_lead", region_code="QC", full_name="Louise Lead")


@pytest.fixture
def agent() -> User:
    return create_staff("intake_agent", region_code="QC", full_name="Nadia Agent")


@pytest.mark.parametrize("language", OFFICIAL_LANGUAGES)
def test_queue_and_report_page(page: Page, lead: User, language: str) -> None:
    create_employer("QC", legal_name="Les Serres Lachance inc.", city="Saint-Rémi", province="QC")
    report = _report(danger_now="yes")
    _report(employer_name="Ferme Dubé")
    send_staff_message(report, "Can you tell us where the field is?", actor=lead)
    sign_in(page, lead, language=language)

    _open(page, f"/{language}/staff/reports/")
    assert page.locator("table.data tbody tr").count() == 2
    assert_accessible(page)

    _open(page, f"/{language}/staff/reports/{report.pk}/")
    assert page.get_by_text("Can you tell us where the field is?").is_visible()
    assert page.locator('input[name="match-employer"]').count() == 1
    assert_accessible(page)

    # The triage forms after a mistake.
    page.locator('input[name="close-reason"][value="exclusion"]').check()
    submit(page, "close-reason")
    assert page.get_by_role("alert").is_visible()
    assert_accessible(page)


@pytest.mark.parametrize("language", OFFICIAL_LANGUAGES)
def test_recording_a_report_with_a_mistake_then_the_receipt_code(page: Page, agent: User, language: str) -> None:
    sign_in_through_pages(page, agent, language=language)
    _open(page, f"/{language}/staff/reports/new/")
    assert_accessible(page)

    page.locator('input[name="channel"][value="phone"]').check()
    page.locator('input[name="who"][value="named"]').check()
    page.fill('input[name="contact_name"]', "Juan")
    submit(page, "employer_name")
    assert page.get_by_role("alert").is_visible()
    assert page.locator('[aria-invalid="true"]').count() >= 3
    assert_accessible(page)

    page.locator('input[name="who"][value="anonymous"]').check()
    page.fill('input[name="employer_name"]', "Ferme Dubé")
    page.locator('input[name="allegations"][value="wages"]').check()
    page.fill('textarea[name="description"]', "Heures supplémentaires non payées.")
    submit(page, "employer_name")
    code = page.locator("#receipt-code")
    assert code.is_visible()
    assert len(code.locator("code").all_inner_texts()) == 4
    assert_accessible(page)
    assert Report.objects.get().channel == "phone"


@pytest.mark.parametrize("language", OFFICIAL_LANGUAGES)
def test_escalation_pages(page: Page, lead: User, language: str) -> None:
    overdue = _overdue_escalation(lead)
    referral = _referral(overdue, lead)
    _report(danger_now="yes")  # an open one, in time
    sign_in(page, lead, language=language)

    _open(page, f"/{language}/staff/reports/escalations/")
    assert page.locator(".notice-danger").count() >= 2
    assert_accessible(page)

    _open(page, f"/{language}/staff/reports/escalations/{overdue.pk}/")
    assert_accessible(page)
    submit(page, "measures-measures")  # nothing entered: the mistake state
    assert page.get_by_role("alert").is_visible()
    assert_accessible(page)

    _open(page, f"/{language}/staff/reports/escalations/{overdue.pk}/referrals/{referral.pk}/")
    assert_accessible(page)

    _open(page, f"/{language}/staff/reports/referrals/")
    assert page.locator("table.data tbody tr").count() == 1
    assert_accessible(page)


def test_a_team_lead_matches_an_employer_and_opens_a_case(page: Page, lead: User) -> None:
    right = create_employer("QC", legal_name="9123-4567 Québec inc.", operating_name="Les Serres Lachance",
                            city="Saint-Rémi", province="QC", phone="(450) 555-0142")
    create_employer("QC", legal_name="Transport Lachance", city="Laval", province="QC")
    report = _report(danger_now="yes")
    sign_in(page, lead, language="en")

    _open(page, "/en/staff/reports/")
    with page.expect_navigation():
        page.get_by_role("link", name=report.reference).click()
    first = page.locator('input[name="match-employer"]').first
    assert first.get_attribute("value") == str(right.pk)  # the right employer is suggested first
    first.check()
    submit(page, "match-employer")
    assert page.get_by_text("The report is matched to Les Serres Lachance.").is_visible()

    with page.expect_navigation():
        page.get_by_role("button", name="Open a new case").click()
    case = Case.objects.get()
    assert page.get_by_text(f"Case {case.reference} is opened for Les Serres Lachance.").is_visible()
    report.refresh_from_db()
    assert report.status == ReportStatus.CASE_OPENED and report.case == case
    assert case.employer == Employer.objects.get(pk=right.pk)
    assert_accessible(page)
