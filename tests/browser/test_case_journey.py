"""One case from the worker's report to an approved decision and a closed file,
in a real browser: triage opens the case, the team lead assesses and assigns it,
the investigator inspects unannounced, interviews the worker, asks the employer
for documents and proposes a penalty, the team lead approves it; the decision
letter and the case summary are generated as PDF in French and in English and
say what happened."""

from __future__ import annotations

import io
import re
import uuid

import pytest
from playwright.sync_api import Page
from pypdf import PdfReader

from sentinelle.cases.models import Case, CaseStatus, Decision, DecisionStatus, Document, DocumentKind
from sentinelle.intake import receipts
from sentinelle.intake.models import Allegation
from sentinelle.intake.services import submit_report
from sentinelle.test import create_employer, create_staff, train

from .conftest import NewPage, assert_accessible, sign_in_through_pages, submit

pytestmark = pytest.mark.browser


def click(page: Page, role: str, name: str) -> None:
    with page.expect_navigation():
        page.get_by_role(role, name=name, exact=True).first.click()  # type: ignore[arg-type]


def pdf_text(page: Page, url: str) -> str:
    response = page.request.get(url)
    assert response.status == 200, (url, response.status)
    assert response.headers["content-type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(response.body()))
    return re.sub(r"\s+", " ", " ".join(p.extract_text() for p in reader.pages))


def test_a_case_from_report_to_closed_with_its_letter_and_summary(new_page: NewPage) -> None:
    employer = create_employer("QC", legal_name="9123-4567 Québec inc.", operating_name="Les Serres Lachance",
                               city="Saint-Rémi", province="QC", street_address="12, rang Sainte-Thérèse")
    lead = create_staff("team_lead", region_code="QC", full_name="Louise Leblanc")
    investigator = create_staff("investigator", region_code="QC", full_name="Inès Gagnon")
    train(investigator, "unannounced_inspection")
    report = submit_report({
        "anonymous": True, "employer_name": "Serres Lachance", "employer_city": "Saint-Rémi",
        "employer_province": "QC", "description": "Twelve of us sleep in a barn; overtime is never paid.",
        "since": "week", "workers_affected": "6-20", "danger_now": "no", "hazard_now": "no",
    }, [Allegation.HOUSING, Allegation.WAGES], [], idempotency_key=uuid.uuid4().hex,
        receipt_code=receipts.new_receipt_code()).report
    report.employer = employer
    report.save(update_fields=["employer"])

    # The team lead opens a case from the report, assesses it and assigns it.
    boss = new_page()
    sign_in_through_pages(boss, lead, language="en")
    boss.goto(f"/en/staff/reports/{report.pk}/")
    click(boss, "button", "Open a new case")
    case = Case.objects.get()
    click(boss, "link", f"Case {case.reference} – Les Serres Lachance")
    assert boss.get_by_role("heading", name=f"Case {case.reference}").is_visible()

    click(boss, "link", "Record the assessment")
    boss.fill('textarea[name="assessment"]', "Credible: housing and unpaid overtime, 12 workers.")
    submit(boss, "assessment")
    assert boss.get_by_text("The case is now “Assessed”.").is_visible()
    click(boss, "link", "Assign to an investigator")
    boss.select_option('select[name="investigator"]', str(investigator.pk))
    submit(boss, "investigator")
    assert boss.get_by_text("The case is now “Assigned”.").is_visible()

    # The investigator works the case.
    inspector = new_page()
    sign_in_through_pages(inspector, investigator, language="en")
    inspector.goto("/en/staff/cases/")
    click(inspector, "link", case.reference)
    click(inspector, "link", "Start the inspection")
    submit(inspector, "version")
    assert inspector.get_by_text("The case is now “In inspection”.").is_visible()

    click(inspector, "link", "On-site inspection")
    inspector.fill('input[name="occurred_at"]', "2026-07-14T06:30")
    inspector.get_by_label("Unannounced").check()
    inspector.fill('input[name="place"]', "12, rang Sainte-Thérèse, Saint-Rémi")
    inspector.fill('textarea[name="participants"]', "Inès Gagnon; the farm foreman")
    inspector.fill('textarea[name="findings"]', "Twelve workers housed in a barn without drinking water.")
    submit(inspector, "findings")
    assert inspector.get_by_text(f"On-site inspection recorded on case {case.reference}.").is_visible()

    click(inspector, "link", "Interview")
    inspector.select_option('select[name="interviewee"]', "worker")
    inspector.fill('textarea[name="notes"]', "The worker confirms 15 hours of unpaid overtime a week.")
    submit(inspector, "notes")
    assert inspector.get_by_text(f"Interview recorded on case {case.reference}.").is_visible()

    click(inspector, "link", "Document request")
    inspector.fill('input[name="due_on"]', "2026-08-01")
    inspector.fill('textarea[name="notes"]', "Payroll registers and time sheets for 2026.")
    submit(inspector, "notes")
    assert_accessible(inspector)

    click(inspector, "link", "Propose a decision")
    inspector.get_by_label("Non-compliant: administrative monetary penalty").check()
    inspector.fill('input[name="penalty_amount"]', "15000")
    inspector.fill('textarea[name="grounds"]', "Housing below the standard and unpaid overtime.")
    submit(inspector, "grounds")
    assert inspector.get_by_text("The case is now “Decision proposed”.").is_visible()
    # The investigator cannot approve their own proposal: the step is not offered.
    assert inspector.get_by_role("link", name="Approve the decision").count() == 0

    # The team lead approves, and closes the case.
    boss.reload()
    click(boss, "link", "Approve the decision")
    assert boss.get_by_text("Housing below the standard and unpaid overtime.").is_visible()
    submit(boss, "version")
    assert boss.get_by_text("The case is now “Decision approved”.").is_visible()
    decision = Decision.objects.get(case=case)
    assert (decision.status, decision.proposed_by, decision.approved_by) == (
        DecisionStatus.APPROVED, investigator, lead)

    letters_and_summaries(boss, case)

    click(boss, "link", "Close the case")
    submit(boss, "version")
    assert boss.get_by_text("The case is now “Closed”.").is_visible()
    case.refresh_from_db()
    assert case.status == CaseStatus.CLOSED
    timeline = boss.locator(".timeline").inner_text()
    for entry in ("On-site inspection – unannounced", "Interview – Worker", "Document request",
                  "Status: Decision approved", "Status: Closed"):
        assert entry in timeline, entry
    assert_accessible(boss)


def letters_and_summaries(page: Page, case: Case) -> None:
    """The decision letter and the case summary, in both languages, say what happened."""
    case_page = f"/en/staff/cases/{case.reference}/"
    for language, penalty in (("fr", "15 000"), ("en", "15,000")):
        page.goto(case_page)
        click(page, "link", "Write a letter to the employer")
        page.select_option('select[name="kind"]', "decision")
        page.locator(f'input[name="language"][value="{language}"]').check()
        submit(page, "kind")
        assert page.get_by_text("The letter is ready and filed on the case").is_visible()
        letter = Document.objects.filter(case=case, kind=DocumentKind.LETTER).latest("id")
        text = pdf_text(page, f"/en/staff/cases/{case.reference}/documents/{letter.pk}/versions/1/download/")
        for expected in ("9123-4567 Québec inc.", case.reference, penalty,
                         "Housing below the standard and unpaid overtime."):
            assert expected in text, (language, expected, text[:600])
        assert ("sanction administrative pécuniaire" if language == "fr"
                else "administrative monetary penalty") in text

        summary = pdf_text(page, f"/en/staff/cases/{case.reference}/summary.pdf?language={language}")
        for expected in ("Les Serres Lachance", case.reference, "Twelve workers housed in a barn without drinking water.",
                         "The worker confirms 15 hours of unpaid overtime a week.", "Inès Gagnon", "Louise Leblanc"):
            assert expected in summary, (language, expected, summary[:600])
        assert ("Rapport sommaire du dossier" if language == "fr" else "Case summary report") in summary
        assert ("Inspection sur place" if language == "fr" else "On-site inspection") in summary
    page.goto(case_page)
