"""Cases, activities and decisions through /api/v1/: the same permissions as the
pages (another region's case is not found, a role that may not act is refused),
the same life cycle, and no silent overwrite (409)."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client

from sentinelle.audit.models import AuditEvent
from sentinelle.cases import workflow
from sentinelle.cases.models import Activity, Case, CaseStatus, Decision, DecisionStatus
from sentinelle.test import api_token_for, create_case, create_staff

pytestmark = pytest.mark.django_db


class Api:
    def __init__(self, user: Any) -> None:
        self.client = Client(HTTP_AUTHORIZATION=f"Bearer {api_token_for(user)}", HTTP_ACCEPT_LANGUAGE="en")

    def get(self, path: str, **params: Any) -> Any:
        return self.client.get(f"/api/v1{path}", params)

    def send(self, method: str, path: str, body: dict[str, Any]) -> Any:
        return self.client.generic(method, f"/api/v1{path}", json.dumps(body), content_type="application/json")

    def post(self, path: str, body: dict[str, Any]) -> Any:
        return self.send("POST", path, body)

    def patch(self, path: str, body: dict[str, Any]) -> Any:
        return self.send("PATCH", path, body)


@pytest.fixture
def team() -> dict[str, Any]:
    return {
        "lead": create_staff("team_lead", region_code="QC", email="lead@sentinelle.test"),
        "other_lead": create_staff("team_lead", region_code="QC"),
        "investigator": create_staff("investigator", region_code="QC", email="amelie@sentinelle.test"),
        "ontario": create_staff("investigator", region_code="ON"),
        "reviewer": create_staff("qc_reviewer", region_code="QC"),
        "analyst": create_staff("national_analyst", region_code="HQ"),
    }


def test_cases_are_listed_and_read_within_reach_only(team):
    quebec, ontario = create_case("QC"), create_case("ON")
    api = Api(team["investigator"])

    listed = api.get("/cases").json()
    assert [c["reference"] for c in listed["items"]] == [quebec.reference]
    one = api.get(f"/cases/{quebec.reference}")
    assert one.status_code == 200
    assert one.json()["status"] == "new" and one.json()["region"] == "QC" and one.json()["version"] == 1
    assert api.get(f"/cases/{ontario.reference}").status_code == 404
    assert api.get("/cases/C-NO-SUCH-CASE").status_code == 404
    assert api.get(f"/cases/{ontario.reference}/activities").status_code == 404
    assert api.get(f"/cases/{ontario.reference}/decisions").status_code == 404
    assert AuditEvent.objects.filter(action="view", object_id=str(quebec.pk)).exists()
    assert AuditEvent.objects.filter(action="permission_denied", object_id=str(ontario.pk)).exists()
    # National staff see every region.
    national = [c["reference"] for c in Api(team["analyst"]).get("/cases").json()["items"]]
    assert set(national) == {quebec.reference, ontario.reference}


def test_a_role_that_may_read_but_not_change_is_refused(team):
    case = create_case("QC", summary="Before")
    reviewer = Api(team["reviewer"])
    assert reviewer.get(f"/cases/{case.reference}").status_code == 200
    refused = reviewer.patch(f"/cases/{case.reference}", {"version": 1, "summary": "After"})
    assert refused.status_code == 403
    assert reviewer.post(f"/cases/{case.reference}/activities", {"kind": "note", "notes": "x"}).status_code == 403
    assert reviewer.post(f"/cases/{case.reference}/moves", {"name": "assess", "assessment": "x"}).status_code == 403
    case.refresh_from_db()
    assert case.summary == "Before" and case.status == CaseStatus.NEW and not case.activities.exists()
    outsider = Api(create_staff(region_code="QC"))
    assert outsider.get("/cases").status_code == 403
    assert outsider.get("/decisions").status_code == 403


def test_an_investigator_walks_a_case_through_its_life_cycle_by_the_api(team):
    case = create_case("QC")
    lead, investigator = Api(team["lead"]), Api(team["investigator"])
    path = f"/cases/{case.reference}"

    assessed = lead.post(f"{path}/moves", {"name": "assess", "assessment": "Credible; 12 workers affected."})
    assert assessed.status_code == 200, assessed.json()
    assert assessed.json()["status"] == "assessed"
    assigned = lead.post(f"{path}/moves", {"name": "assign", "investigator": "amelie@sentinelle.test"})
    assert assigned.json()["assigned_to"] == "amelie@sentinelle.test"
    assert investigator.get(path).json()["moves"] == ["start_inspection"]

    started = investigator.post(f"{path}/moves", {"name": "start_inspection"})
    assert started.json()["status"] == "in_inspection"
    interview = investigator.post(f"{path}/activities", {
        "kind": "interview", "interviewee": "worker", "notes": "Overtime unpaid since May.",
        "occurred_at": "2026-11-20T10:00:00",
    })
    assert interview.status_code == 201, interview.json()
    assert interview.json()["author"] == "amelie@sentinelle.test"
    proposed = investigator.post(f"{path}/moves", {
        "name": "propose_decision", "outcome": "penalty", "grounds": "Overtime unpaid for 14 weeks.",
        "penalty_amount": "15000",
    })
    assert proposed.json()["status"] == "decision_proposed", proposed.json()
    assert lead.post(f"{path}/moves", {"name": "approve_decision"}).json()["status"] == "decision_approved"
    closed = investigator.post(f"{path}/moves", {"name": "close"})
    assert closed.json()["status"] == "closed"

    activities = investigator.get(f"{path}/activities").json()["items"]
    assert [a["kind"] for a in activities] == ["interview"]
    decisions = investigator.get(f"{path}/decisions").json()
    assert [(d["outcome"], d["status"], d["penalty_amount"], d["approved_by"]) for d in decisions] == [
        ("penalty", "approved", "15000.00", "lead@sentinelle.test")]
    register = Api(team["analyst"]).get("/decisions").json()["items"]
    assert [d["case"] for d in register] == [case.reference]
    steps = AuditEvent.objects.filter(object_id=str(case.pk), action="update").values_list("detail__step", flat=True)
    assert list(steps.order_by("pk")) == ["assess", "assign", "start_inspection", "propose_decision",
                                          "approve_decision", "close"]


def test_a_step_that_cannot_be_taken_is_refused_with_its_reason(team):
    case = create_case("QC")
    lead = Api(team["lead"])
    path = f"/cases/{case.reference}/moves"

    wrong_order = lead.post(path, {"name": "close"})
    assert wrong_order.status_code == 400
    assert "cannot go to this step" in wrong_order.json()["detail"]
    assert lead.post(path, {"name": "fly"}).status_code == 400
    missing = lead.post(path, {"name": "assess"})
    assert missing.status_code == 400 and "Assessment" in missing.json()["detail"]
    stranger = lead.post(path, {"name": "assess", "assessment": "ok"})
    assert stranger.status_code == 200
    not_here = lead.post(path, {"name": "assign", "investigator": team["ontario"].email})
    assert not_here.status_code == 400
    case.refresh_from_db()
    assert case.status == CaseStatus.ASSESSED


def test_nobody_approves_the_decision_they_proposed(team):
    case = create_case("QC")
    workflow.move(case, "assess", actor=team["lead"], assessment="Credible.")
    workflow.move(case, "assign", actor=team["lead"], investigator=team["investigator"])
    workflow.move(case, "start_inspection", actor=team["lead"])
    lead = Api(team["lead"])
    path = f"/cases/{case.reference}/moves"
    assert lead.post(path, {"name": "propose_decision", "outcome": "warning",
                            "grounds": "Records incomplete."}).status_code == 200

    own = lead.post(path, {"name": "approve_decision"})

    assert own.status_code == 403
    assert own.json()["detail"] == "You proposed this decision: another team lead must approve it."
    assert Decision.objects.get(case=case).status == DecisionStatus.PROPOSED
    refusal = AuditEvent.objects.filter(action="permission_denied", object_id=str(case.pk)).get()
    assert refusal.detail["permission"] == "cases.approve_decision"
    other = Api(team["other_lead"]).post(path, {"name": "approve_decision"})
    assert other.status_code == 200 and other.json()["status"] == "decision_approved"
    assert Decision.objects.get(case=case).approved_by == team["other_lead"]


def test_a_stale_change_to_a_case_is_refused_with_409_and_nothing_is_overwritten(team):
    case = create_case("QC", summary="First version")
    first, second = Api(team["investigator"]), Api(team["lead"])
    version = first.get(f"/cases/{case.reference}").json()["version"]

    saved = second.patch(f"/cases/{case.reference}", {"version": version, "summary": "Lead's version",
                                                       "work_permit_valid_until": "2027-03-31"})
    assert saved.status_code == 200 and saved.json()["version"] == version + 1
    stale = first.patch(f"/cases/{case.reference}", {"version": version, "summary": "Investigator's version"})

    assert stale.status_code == 409
    assert "Nothing was saved" in stale.json()["detail"]
    case.refresh_from_db()
    assert case.summary == "Lead's version" and str(case.work_permit_valid_until) == "2027-03-31"
    assert case.version == version + 1
    stale_move = first.post(f"/cases/{case.reference}/moves",
                            {"name": "assess", "assessment": "x", "version": version})
    assert stale_move.status_code == 409
    case.refresh_from_db()
    assert case.status == CaseStatus.NEW


def test_the_assessment_is_written_by_the_assess_step_not_by_a_patch(team):
    case = create_case("QC")
    response = Api(team["lead"]).patch(f"/cases/{case.reference}", {"version": 1, "assessment": "Sneaky"})
    if "assessment" in workflow.CASE_FIELDS:
        assert response.status_code == 200
    else:
        assert response.status_code == 400 and "assessment" in response.json()["detail"]
        case.refresh_from_db()
        assert case.assessment == ""


def test_activities_are_changed_with_their_version_and_only_their_own_fields(team):
    case = create_case("QC")
    workflow.move(case, "assess", actor=team["lead"], assessment="Credible.")
    api = Api(team["lead"])
    created = api.post(f"/cases/{case.reference}/activities", {
        "kind": "task", "owner": team["investigator"].email, "due_on": "2026-12-01", "notes": "Call the worker.",
    })
    assert created.status_code == 201, created.json()
    activity = created.json()
    assert activity["owner"] == team["investigator"].email and activity["version"] == 1

    assert api.post(f"/cases/{case.reference}/activities",
                    {"kind": "note", "notes": "x", "place": "Farm"}).status_code == 400
    assert api.post(f"/cases/{case.reference}/activities", {"kind": "interview", "notes": "x"}).status_code == 400
    assert api.post(f"/cases/{case.reference}/activities", {"kind": "séance"}).status_code == 400

    done = api.patch(f"/activities/{activity['id']}", {"version": 1, "done": True})
    assert done.status_code == 200, done.json()
    assert done.json()["done_at"] is not None and done.json()["notes"] == "Call the worker."
    stale = api.patch(f"/activities/{activity['id']}", {"version": 1, "notes": "Overwrite"})
    assert stale.status_code == 409
    assert Activity.objects.get(pk=activity["id"]).notes == "Call the worker."
    # Another region's activity is not found, whatever its number.
    assert Api(team["ontario"]).patch(f"/activities/{activity['id']}", {"version": 2}).status_code == 404
    assert api.patch("/activities/999999", {"version": 1}).status_code == 404


def test_the_register_api_takes_the_page_filters_and_explains_a_wrong_one(team):
    quebec = create_case("QC")
    Decision.objects.create(case=quebec, region=quebec.region, outcome="warning", grounds="g",
                            proposed_by=team["investigator"])
    api = Api(team["analyst"])
    assert api.get("/decisions").json()["count"] == 0  # approved ones only, by default
    assert api.get("/decisions", status="proposed").json()["count"] == 1
    assert api.get("/decisions", status="proposed", region="ON").json()["count"] == 0
    bad = api.get("/decisions", approved_from="yesterday")
    assert bad.status_code == 400 and "Enter a valid date." in bad.json()["detail"]
    assert api.get("/decisions", outcome="jail").status_code == 400


def test_cases_moved_to_another_region_are_no_longer_reachable(team):
    case = create_case("QC")
    assert Case.objects.count() == 1
    moved = Api(team["lead"]).post(f"/cases/{case.reference}/moves",
                                   {"name": "transfer", "region": "ON", "note": "Employer moved."})
    assert moved.status_code == 200, moved.json()
    successor = moved.json()["transferred_to"]
    assert Api(team["lead"]).get(f"/cases/{successor}").status_code == 404
    assert Api(team["ontario"]).get(f"/cases/{successor}").status_code == 200
