"""What a step of the life cycle or an activity is given is checked by the
workflow itself, so that the page and the API refuse the same things with the
same reasons: the API sends typed values to the workflow, not form data."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

import pytest
from django.test import Client

from sentinelle.cases import workflow
from sentinelle.cases.models import Activity, CaseStatus
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
    ({"outcome": "warning", "grounds": "A\x00B"}, "Grounds: Null characters are not allowed."),
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


def _patch(user: Any, path: str, body: dict[str, Any]) -> Any:
    client = Client(HTTP_AUTHORIZATION=f"Bearer {api_token_for(user)}", HTTP_ACCEPT_LANGUAGE="en")
    return client.patch(f"/api/v1{path}", json.dumps(body), content_type="application/json")


@pytest.mark.parametrize(("body", "answer"), [
    ({"kind": "task", "owner": "nobody@sentinelle.test", "due_on": "2026-12-01", "notes": "Call."},
     "Owner: Select a valid choice. That choice is not one of the available choices."),
    ({"kind": "interview", "interviewee": "the cat", "notes": "Meow."},
     "Person interviewed: Value 'the cat' is not a valid choice."),
    ({"kind": "inspection", "announced": True, "place": "x" * 301, "findings": "Barn."},
     "Place: Ensure this value has at most 300 characters (it has 301)."),
    ({"kind": "interview", "notes": "No one named."}, "Person interviewed: This field is required."),
    ({"kind": "escalation", "notes": "x"}, "This kind of activity is recorded on the tip line, not here."),
    ({"kind": "note", "notes": "A\x00B"}, "Notes: Null characters are not allowed."),
])
def test_an_activity_the_workflow_refuses_is_refused_through_the_api_with_its_field(lead, body, answer):
    case = create_case("QC")
    response = _post(lead, f"/cases/{case.reference}/activities", body)
    assert response.status_code == 400
    assert response.json()["detail"] == answer
    assert not Activity.objects.filter(case=case).exists()


def test_a_task_is_owned_by_staff_of_the_case_region_only(lead):
    case = create_case("QC")
    ontario = create_staff("investigator", region_code="ON")
    response = _post(lead, f"/cases/{case.reference}/activities",
                     {"kind": "task", "owner": ontario.email, "due_on": "2026-12-01", "notes": "Call."})
    assert response.status_code == 400 and response.json()["detail"].startswith("Owner: ")
    with pytest.raises(CaseError) as refused:
        workflow.add_activity(case, "task", {"owner": ontario, "due_on": date(2026, 12, 1), "notes": "Call."},
                              actor=lead)
    assert refused.value.field == "owner"
    assert not Activity.objects.filter(case=case).exists()


def test_an_activity_keeps_its_date_and_what_its_kind_needs_when_changed_through_the_api(lead):
    case = create_case("QC")
    created = _post(lead, f"/cases/{case.reference}/activities", {"kind": "note", "notes": "First."})
    assert created.status_code == 201, created.json()
    path = f"/activities/{created.json()['id']}"
    assert _patch(lead, path, {"version": 1, "occurred_at": None}).json()["detail"] == \
        "Date: This field is required."
    assert _patch(lead, path, {"version": 1, "notes": "  "}).json()["detail"] == "Notes: This field is required."
    changed = _patch(lead, path, {"version": 1, "notes": "Second."})
    assert changed.status_code == 200 and changed.json()["notes"] == "Second." and changed.json()["version"] == 2
