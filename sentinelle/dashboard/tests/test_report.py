"""The quarterly report: a PDF that opens, with the headings, the figures and the
progress against the targets, in French and in English, for the region of the
person who asks (a team lead's report never has another region's numbers)."""

from __future__ import annotations

import io
from datetime import date, timedelta

import pytest
from django.test import Client
from pypdf import PdfReader

from sentinelle.audit.models import AuditEvent
from sentinelle.cases.models import CaseStatus
from sentinelle.test import create_staff, region, sign_in

from .factories import at, case, escalation, sectors

pytestmark = pytest.mark.django_db


@pytest.fixture
def world() -> None:
    first, _second = sectors()
    for code, count in (("QC", 17), ("ON", 4)):
        for n in range(count):
            closed = date(2024, 5, 2) + timedelta(days=n)
            case(code, first, opened_at=at(closed - timedelta(days=60)), decision_approved_at=at(closed),
                 status=CaseStatus.CLOSED, closed_at=at(closed))
    escalation("QC", at(date(2024, 6, 1)), met_after=timedelta(hours=3))
    escalation("QC", at(date(2024, 6, 2)), met_after=timedelta(hours=30))


def pdf_text(content: bytes) -> str:
    reader = PdfReader(io.BytesIO(content))
    text = "\n".join(page.extract_text() for page in reader.pages)
    return text.replace("\xa0", " ").replace("\u202f", " ")


def test_the_report_in_english(client: Client, world: None) -> None:
    sign_in(client, create_staff("national_analyst", region_code="HQ"))
    response = client.get("/en/staff/dashboard/report/2024-q1.pdf")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    text = pdf_text(response.content)
    assert "Quarterly report 2024-2025 Q1" in text
    assert "All of Canada" in text
    assert "Cases completed by region" in text
    assert "Progress against the targets of the fiscal year" in text
    assert "Escalations met within 24 and 48 hours, by region" in text
    assert "21" in text and "17" in text  # 21 completed, 17 of them in Quebec
    assert "50.0%" in text  # one of the two escalations met within 24 h
    assert AuditEvent.objects.filter(action=AuditEvent.Action.DOWNLOAD).exists()


def test_the_report_in_french(client: Client, world: None) -> None:
    sign_in(client, create_staff("national_analyst", region_code="HQ"))
    response = client.get("/fr/staff/dashboard/report/2024-q1.pdf")
    assert response.status_code == 200
    text = pdf_text(response.content)
    assert "Rapport trimestriel 2024-2025 T1" in text
    assert "Tout le Canada" in text
    assert "Dossiers terminés par région" in text
    assert "50,0 %" in text
    assert region("QC").name_fr in text


def test_a_team_leads_report_has_their_region_only(client: Client, world: None) -> None:
    sign_in(client, create_staff("team_lead", region_code="ON"))
    response = client.get(f"/en/staff/dashboard/report/2024-q1.pdf?region={region('QC').pk}")
    text = pdf_text(response.content)
    assert region("ON").name in text
    assert region("QC").name not in text


def test_a_wrong_quarter_is_not_found(client: Client) -> None:
    sign_in(client, create_staff("national_analyst", region_code="HQ"))
    assert client.get("/en/staff/dashboard/report/2024-q5.pdf").status_code == 404
