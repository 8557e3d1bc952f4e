"""The national decision register: each staff member sees the decisions of the
cases they may see, filters them (a wrong filter is explained, never a 500),
and, with the right role, exports them to CSV or Excel: audited, in their
language, and safe to open in a spreadsheet."""

from __future__ import annotations

import csv
import io
from datetime import UTC, datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation
from openpyxl import load_workbook

from sentinelle.audit.models import AuditEvent
from sentinelle.cases import register
from sentinelle.cases.models import Decision, DecisionStatus, Outcome
from sentinelle.test import create_case, create_employer, create_staff, region, sign_in

pytestmark = pytest.mark.django_db


def decide(region_code: str = "QC", *, outcome: str = Outcome.WARNING, status: str = DecisionStatus.APPROVED,
           employer_name: str | None = None, approved_at: datetime | None = None, grounds: str = "Pay slips missing.",
           **fields) -> Decision:
    employer = create_employer(region_code, **({"legal_name": employer_name} if employer_name else {}))
    case = create_case(region_code, employer=employer)
    proposer = create_staff("investigator", region_code=region_code)
    approver = create_staff("team_lead", region_code=region_code) if status == DecisionStatus.APPROVED else None
    return Decision.objects.create(
        case=case, region=region(region_code), outcome=outcome, grounds=grounds, status=status,
        proposed_by=proposer, approved_by=approver,
        approved_at=(approved_at or timezone.now()) if approver else None, **fields,
    )


@pytest.fixture
def analyst() -> Client:
    client = Client()
    sign_in(client, create_staff("national_analyst", region_code="HQ"))
    return client


def test_a_regional_investigator_sees_the_approved_decisions_of_their_region(personas):
    quebec = decide("QC", employer_name="Fermes Beaulieu inc.", outcome=Outcome.PENALTY,
                    penalty_amount=Decimal("15000"))
    decide("ON", employer_name="Erie Greenhouses Ltd.")
    decide("QC", employer_name="Serres Proposées inc.", status=DecisionStatus.PROPOSED)
    client = Client()
    sign_in(client, personas.investigator_qc)

    response = client.get("/en/staff/decisions/")

    page = response.content.decode()
    assert response.status_code == 200
    assert "Fermes Beaulieu" in page and "$15,000.00" in page
    assert "Erie Greenhouses" not in page
    assert "Serres Proposées" not in page  # not approved yet
    assert f'href="/en/staff/cases/{quebec.case.reference}/"' in page
    assert f'href="/en/staff/employers/{quebec.case.employer_id}/"' in page
    assert "Export" not in page  # investigators do not export


def test_national_staff_see_every_region_and_filter(analyst):
    decide("QC", employer_name="Érablière du Nord", outcome=Outcome.BAN, ban_years=2,
           approved_at=datetime(2026, 3, 10, 12, tzinfo=UTC))
    decide("ON", employer_name="Erie Greenhouses Ltd.", outcome=Outcome.WARNING,
           approved_at=datetime(2026, 6, 1, 12, tzinfo=UTC))
    decide("ON", employer_name="Lakeshore Orchards", status=DecisionStatus.RETURNED)

    everything = analyst.get("/en/staff/decisions/").content.decode()
    assert "Érablière du Nord" in everything and "Erie Greenhouses" in everything
    assert "2 years" in everything

    def shown(query: str) -> str:
        response = analyst.get(f"/en/staff/decisions/?{query}")
        assert response.status_code == 200
        return response.content.decode()

    assert "Érablière" not in shown("region=ON") and "Erie" in shown("region=ON")
    assert "Erie" not in shown("outcome=ban") and "Érablière" in shown("outcome=ban")
    assert "Érablière" in shown("employer=erabliere")  # accents and case do not matter
    assert "Erie" not in shown("approved_until=2026-04-01")
    assert "Érablière" not in shown("approved_from=2026-04-01")
    assert "Lakeshore" in shown("status=returned") and "Erie" not in shown("status=returned")
    assert "Lakeshore" in shown("status=all") and "Erie" in shown("status=all")


@pytest.mark.parametrize(("query", "message"), [
    ("approved_from=yesterday", "Enter a valid date."),
    ("approved_until=2026-13-45", "Enter a valid date."),
    ("outcome=jail", "Select a valid choice."),
    ("region=XX", "Select a valid choice."),
    ("approved_from=2026-05-01&approved_until=2026-04-01", "before the “Approved from” date"),
])
def test_a_wrong_filter_is_explained_and_nothing_is_listed(analyst, query, message):
    decide("QC", employer_name="Fermes Beaulieu inc.")
    response = analyst.get(f"/en/staff/decisions/?{query}")
    page = response.content.decode()
    assert response.status_code == 400
    assert message in page
    assert 'role="alert"' in page
    assert "Fermes Beaulieu" not in page


def test_the_register_page_runs_the_same_number_of_queries_for_2_or_20_decisions(analyst):
    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert analyst.get("/en/staff/decisions/?status=all").status_code == 200
        return len(queries)

    for _n in range(2):
        decide("QC")
    few = count()
    for n in range(18):
        decide("ON" if n % 2 else "QC", status=DecisionStatus.PROPOSED if n % 3 else DecisionStatus.APPROVED)
    assert count() == few


def test_csv_export_is_in_the_users_language_safe_for_spreadsheets_and_audited(analyst):
    decide("QC", employer_name="Érablière du Nord", outcome=Outcome.PENALTY, penalty_amount=Decimal("2500"),
           grounds="=HYPERLINK(\"http://evil.example\")")
    decide("ON", employer_name="@Home Care Ltd.")

    response = analyst.get("/fr/staff/decisions/export.csv?region=QC")

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    assert response.content.startswith(b"\xef\xbb\xbf")  # UTF-8 byte-order mark for Excel
    table = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    with translation.override("fr"):
        assert table[0] == register.headers()
    assert "Employeur" in table[0]
    assert len(table) == 2  # the header and the one decision of Quebec
    row = table[1]
    assert row[1] == "Érablière du Nord"
    assert row[7] == "'=HYPERLINK(\"http://evil.example\")"
    assert row[5] == "2500.00"

    export = AuditEvent.objects.get(action=AuditEvent.Action.EXPORT)
    assert export.detail["format"] == "csv" and export.detail["rows"] == 1
    assert export.detail["filters"] == {"region": "QC"}


def test_xlsx_export_keeps_numbers_and_dates_and_guards_formulas(analyst):
    decide("ON", employer_name="+1 Staffing Ltd.", outcome=Outcome.PENALTY, penalty_amount=Decimal("900.50"),
           grounds="-2+3")

    response = analyst.get("/en/staff/decisions/export.xlsx")

    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).worksheets[0]
    header = [cell.value for cell in sheet[1]]
    values = dict(zip(header, [cell.value for cell in sheet[2]], strict=True))
    assert header[0] == "Case"
    assert values["Employer"] == "'+1 Staffing Ltd."
    assert values["Grounds"] == "'-2+3"
    assert values["Penalty amount ($)"] == 900.5
    assert isinstance(values["Approved on"], datetime)
    assert sheet.max_row == 2
    assert AuditEvent.objects.get(action=AuditEvent.Action.EXPORT).detail["format"] == "xlsx"


def test_an_export_with_a_wrong_filter_shows_the_page_with_the_message_and_exports_nothing(analyst):
    response = analyst.get("/en/staff/decisions/export.csv?approved_from=31/12/2026")
    assert response.status_code == 400
    assert "Enter a valid date." in response.content.decode()
    assert not AuditEvent.objects.filter(action=AuditEvent.Action.EXPORT).exists()


def test_who_may_see_and_export_the_register(personas):
    investigator, lead, outsider = Client(), Client(), Client()
    sign_in(investigator, personas.investigator_qc)
    sign_in(lead, personas.team_lead_on)
    sign_in(outsider, personas.outsider)

    assert investigator.get("/en/staff/decisions/export.csv").status_code == 403
    assert lead.get("/en/staff/decisions/export.csv").status_code == 200
    assert "Export these decisions (CSV)" not in lead.get("/en/staff/decisions/").content.decode()  # none yet
    assert outsider.get("/en/staff/decisions/").status_code == 403
    denied = AuditEvent.objects.filter(action=AuditEvent.Action.PERMISSION_DENIED).values_list(
        "detail__permission", flat=True)
    assert set(denied) == {"cases.export_decision_register", "cases.view_decision_register"}


def test_a_regional_team_lead_exports_only_what_they_may_see(personas):
    decide("ON", employer_name="Erie Greenhouses Ltd.")
    decide("QC", employer_name="Fermes Beaulieu inc.")
    client = Client()
    sign_in(client, personas.team_lead_on)
    content = client.get("/en/staff/decisions/export.csv").content.decode("utf-8-sig")
    assert "Erie Greenhouses" in content and "Fermes Beaulieu" not in content
