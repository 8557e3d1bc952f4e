"""What a step of the life cycle is given is checked by the workflow itself, so
that the page and the API refuse the same things with the same reasons: the API
sends typed values to the workflow, not form data."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client

from sentinelle.cases import workflow
from sentinelle.cases.models import CaseStatus
from sentinelle.cases.workflow import CaseError
from sentinelle.intake.models import ExclusionRule
from sentinelle.test import api_token_for, create_case, create_staff

pytestmark = pytest.mark.django_db


@pytest.fixture
def lead():
    return create_staff("team_lead", region_code="QC")


def _post(user: Any, path: str, body: dict[str, Any]) -> Any:
    client = Client(HTTP_AUTHORIZATION=f"Bearer {api_token_for(user)}", HTTP_ACCEPT_LANGUAGE="en")
    return client.post(f"/api/v1{path}", json.dumps(body), content_type="application/json")


def _in_inspection(lead):
    investigator = create_staff("investigator", region_code="QC")
    case = create_case("QC")
    workflow.move(case, "assess", actor=lead, assessment="Credible.")
    workflow.move(case, "assign", actor=lead, investigator=investigator)
    workflow.move(case, "start_inspection", actor=lead)
    return case


@pytest.mark.parametrize(("values", "answer"), [
    ({"outcome": "ban", "ban_years": 11}, "Ban period (years): Give the period of the ban, in years."),
    ({"outcome": "penalty", "penalty_amount": "123456789.00"},
     "Penalty amount ($): Give the amount of the administrative monetary penalty."),
    ({"outcome": "penalty", "penalty_amount": "100.005"},
     "Penalty amount ($): Give the amount of the administrative monetary penalty."),
    ({"outcome": "jail"}, "Outcome: Choose the outcome of the decision."),
])
def test_a_decision_out_of_bounds_is_refused_through_the_api_with_its_field(lead, values, answer):
    case = _in_inspection(lead)
    response = _post(lead, f"/cases/{case.reference}/moves",
                     {"name": "propose_decision", "grounds": "Overtime unpaid.", **values})
    assert response.status_code == 400
    assert response.json()["detail"] == answer
    case.refresh_from_db()
    assert case.status == CaseStatus.IN_INSPECTION and not case.decisions.exists()


def test_an_exclusion_needs_an_active_rule_and_a_reason_through_the_api_and_the_workflow(lead):
    case = create_case("QC")
    rule = ExclusionRule.objects.order_by("pk").first()
    assert rule is not None
    assert _post(lead, f"/cases/{case.reference}/moves",
                 {"name": "exclude", "exclusion_rule": rule.code}).json()["detail"] == \
        "Note: Say why the case is excluded."
    with pytest.raises(CaseError, match="Say why the case is excluded"):
        workflow.move(case, "exclude", actor=lead, exclusion_rule=rule)
    ExclusionRule.objects.filter(pk=rule.pk).update(active=False)
    refused = _post(lead, f"/cases/{case.reference}/moves",
                    {"name": "exclude", "exclusion_rule": rule.code, "note": "Federal jurisdiction."})
    assert refused.status_code == 400 and "Choose the exclusion rule that applies." in refused.json()["detail"]
    case.refresh_from_db()
    assert case.status == CaseStatus.NEW


def test_a_case_is_not_transferred_to_national_headquarters(lead):
    case = create_case("QC")
    response = _post(lead, f"/cases/{case.reference}/moves",
                     {"name": "transfer", "region": "HQ", "note": "Employer moved."})
    assert response.status_code == 400
    assert response.json()["detail"] == "Region: Choose the region the case goes to."
    case.refresh_from_db()
    assert case.status == CaseStatus.NEW and case.transferred_to is None
