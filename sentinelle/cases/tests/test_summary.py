"""The case summary report (rapport sommaire du cas): a page and a PDF in French
and in English, with the employer, the allegations, the activities and their
findings, the decision and the key dates."""

from __future__ import annotations

import io
import uuid
from datetime import timedelta
from decimal import Decimal

import pytest
from django.test import Client
from django.utils import timezone
from pypdf import PdfReader

from sentinelle.audit.models import AuditEvent
from sentinelle.cases import workflow
from sentinelle.cases.models import ActivityKind, Decision, DecisionStatus, Document, DocumentKind, Outcome
from sentinelle.cases.summary import case_summary
from sentinelle.intake import receipts
from sentinelle.intake.models import Allegation, Report
from sentinelle.intake.services import submit_report
from sentinelle.test import create_case, create_employer, create_staff, sign_in, train

pytestmark = pytest.mark.django_db
FINDINGS = "Six workers were paid 38 hours for 52 hours of work."
GROUNDS = "Wages owed were not paid; the employer had been warned in 2024."



@pytest.fixture
def investigator():
    investigator = create_staff("investigator", region_code="QC", full_name="Amélie Enquêteuse")
    train(investigator, "unannounced_inspection")
    return investigator


def _case_with_history(investigator):
    employer = create_employer("QC", legal_name="Serres Lavoie ltée", city="Mirabel")
    case = create_case("QC", employer=employer, summary="Unpaid overtime in the greenhouses.",
                       assigned_to=investigator)
    report = submit_report({"anonymous": True, "employer_name": "Serres Lavoie", "employer_province": "QC",
                            "description": "x"}, [Allegation.WAGES, Allegation.HOUSING], [],
                           idempotency_key=uuid.uuid4().hex, receipt_code=receipts.new_receipt_code()).report
    Report.objects.filter(pk=report.pk).update(case=case)
    workflow.add_activity(case, ActivityKind.INSPECTION, {
        "occurred_at": timezone.now() - timedelta(days=3), "announced": False, "place": "Mirabel greenhouses",
        "findings": FINDINGS}, actor=investigator)
    workflow.add_activity(case, ActivityKind.PHONE_CALL, {"notes": "Called the owner."}, actor=investigator)
    Decision.objects.create(
        case=case, outcome=Outcome.PENALTY, grounds=GROUNDS, penalty_amount=Decimal("7500"),
        status=DecisionStatus.APPROVED, proposed_by=investigator,
        approved_by=create_staff("team_lead", region_code="QC"), approved_at=timezone.now(), region=case.region,
    )
    return case


def _client(user, language: str = "en") -> Client:
    client = Client()
    sign_in(client, user)
    return client


def pdf_text(content: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


def test_the_summary_gathers_the_case(investigator, django_assert_max_num_queries):
    case = _case_with_history(investigator)
    with django_assert_max_num_queries(4):
        summary = case_summary(case)
    assert [str(c) for c in summary.allegation_categories] == ["Wages or unpaid hours", "Housing"]
    assert [a.kind for a in summary.activities] == [ActivityKind.INSPECTION, ActivityKind.PHONE_CALL]
    assert summary.decisions[0].grounds == GROUNDS
    assert str(summary.key_dates[0].label) == "Opened"


@pytest.mark.parametrize("language", ["fr", "en"])
def test_the_summary_page(investigator, language):
    case = _case_with_history(investigator)
    response = _client(investigator, language).get(f"/{language}/staff/cases/{case.reference}/summary/")
    assert response.status_code == 200
    page = response.content.decode()
    for text in ["Serres Lavoie ltée", "Unpaid overtime in the greenhouses.", FINDINGS, GROUNDS,
                 f"summary.pdf?language={language}"]:
        assert text in page
    assert AuditEvent.objects.filter(action=AuditEvent.Action.VIEW, detail={"page": "summary"}).count() == 1


@pytest.mark.parametrize("language, outcome", [
    ("en", "Non-compliant: administrative monetary penalty"), ("fr", None)])
def test_the_summary_pdf_in_each_language(investigator, language, outcome):
    case = _case_with_history(investigator)
    client = _client(investigator, "en")
    response = client.get(f"/en/staff/cases/{case.reference}/summary.pdf?language={language}")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == f'attachment; filename="{case.reference}-summary-{language}.pdf"'
    text = " ".join(pdf_text(response.content).split())
    for expected in ["Serres Lavoie ltée", case.reference, FINDINGS, GROUNDS, "Mirabel greenhouses"]:
        assert expected in text
    if outcome:
        assert outcome in text
    event = AuditEvent.objects.get(action=AuditEvent.Action.DOWNLOAD)
    assert event.detail == {"summary": language} and event.object_id == str(case.pk)


def test_an_unknown_language_falls_back_to_french(investigator):
    case = _case_with_history(investigator)
    response = _client(investigator).get(f"/en/staff/cases/{case.reference}/summary.pdf?language=xx")
    assert response.status_code == 200 and response["Content-Disposition"].endswith('-summary-fr.pdf"')


def test_filing_the_summary_twice_makes_two_versions_of_one_document(investigator):
    case = _case_with_history(investigator)
    client = _client(investigator)
    for _ in range(2):
        response = client.post(f"/en/staff/cases/{case.reference}/summary/file/", {"language": "en"}, follow=True)
        assert response.status_code == 200
    document = Document.objects.get(case=case, kind=DocumentKind.SUMMARY)
    assert document.versions.count() == 2
    assert "The summary report is filed on the case" in response.content.decode()
    with document.versions.get(number=2).file.open("rb") as handle:
        assert FINDINGS in " ".join(pdf_text(handle.read()).split())


def test_another_region_sees_no_summary(investigator):
    case = _case_with_history(investigator)
    client = _client(create_staff("investigator", region_code="ON"))
    assert client.get(f"/en/staff/cases/{case.reference}/summary/").status_code == 404
    assert client.get(f"/en/staff/cases/{case.reference}/summary.pdf").status_code == 404
    assert client.post(f"/en/staff/cases/{case.reference}/summary/file/", {"language": "fr"}).status_code == 404
    assert not Document.objects.exists()
