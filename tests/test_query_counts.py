"""Query discipline: a list page or API list runs the same number of queries
whether it shows 2 rows or 12 (no query per row), on SQLite and PostgreSQL."""

from __future__ import annotations

import itertools

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from sentinelle.cases.models import Decision, DecisionStatus, Outcome
from sentinelle.intake.escalation import open_escalation
from sentinelle.intake.tests.test_staff_factories import make_report
from sentinelle.test import api_token_for, create_case, create_staff, sign_in

pytestmark = pytest.mark.django_db

PAGES = [
    ("lead", "/en/staff/cases/?status=all"),
    ("lead", "/en/staff/employers/"),
    ("lead", "/en/staff/reports/"),
    ("lead", "/en/staff/reports/escalations/"),
    ("lead", "/en/staff/decisions/"),
    ("lead", "/en/staff/search/?q=Serres"),
    ("privacy", "/en/staff/audit/"),
    ("lead", "/api/v1/cases"),
    ("lead", "/api/v1/employers"),
    ("lead", "/api/v1/decisions"),
]
_names = itertools.count()


def _add_rows(count: int, lead, approver) -> None:
    """`count` more of everything the pages list, in the lead's region."""
    for _ in range(count):
        n = next(_names)
        case = create_case("QC", summary=f"Serres {n}")
        Decision.objects.create(
            case=case, region_id=case.region_id, outcome=Outcome.WARNING, grounds="Unpaid overtime.",
            proposed_by=lead, status=DecisionStatus.APPROVED, approved_by=approver, approved_at=timezone.now())
        report = make_report("QC", employer_name=f"Serres {n} inc.")
        open_escalation(report, timezone.now(), reason="Heat")


@pytest.fixture
def people():
    return {
        "lead": create_staff("team_lead", region_code="QC"),
        "approver": create_staff("team_lead", region_code="QC"),
        "privacy": create_staff("privacy_officer", region_code="HQ"),
    }


def _queries(client: Client, path: str, headers: dict[str, str]) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path, headers=headers)
    assert response.status_code == 200, (path, response.status_code)
    return len(queries.captured_queries)


@pytest.mark.parametrize(("who", "path"), PAGES)
def test_a_list_runs_the_same_queries_for_2_rows_as_for_12(people, who, path):
    client, headers = Client(), {}
    if path.startswith("/api/"):
        headers = {"Authorization": f"Bearer {api_token_for(people[who])}"}
    else:
        sign_in(client, people[who])
    _add_rows(2, people["lead"], people["approver"])
    _queries(client, path, headers)  # warm: sessions, caches, content types
    few = _queries(client, path, headers)
    _add_rows(10, people["lead"], people["approver"])
    many = _queries(client, path, headers)
    assert many == few, f"{path}: {few} queries for 2 rows, {many} for 12"
