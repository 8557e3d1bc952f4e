"""The life cycle of a case: each step only from the right status, only by the
right people, recorded and audited; the approver is never the proposer; a
shared case is visible to its recipient until revoked; a stale save is refused."""

from __future__ import annotations

from decimal import Decimal

import pytest

from sentinelle.audit.models import AuditEvent
from sentinelle.cases import workflow
from sentinelle.cases.models import Activity, Case, CaseStatus, CaseTransition, DecisionStatus, Outcome
from sentinelle.cases.workflow import CaseError
from sentinelle.intake.models import ExclusionRule
from sentinelle.lib.locking import Conflict
from sentinelle.test import create_case, create_staff

pytestmark = pytest.mark.django_db


@pytest.fixture
def team():
    return {
        "lead": create_staff("team_lead", region_code="QC"),
        "other_lead": create_staff("team_lead", region_code="QC"),
        "investigator": create_staff("investigator", region_code="QC"),
        "colleague": create_staff("investigator", region_code="QC"),
        "ontario": create_staff("investigator", region_code="ON"),
        "ontario_lead": create_staff("team_lead", region_code="ON"),
    }


def to_inspection(case: Case, team) -> Case:
    case = workflow.move(case, "assess", actor=team["lead"], assessment="Credible; 12 workers affected.")
    case = workflow.move(case, "assign", actor=team["lead"], investigator=team["investigator"])
    return workflow.move(case, "start_inspection", actor=team["investigator"])


def propose(case: Case, by) -> Case:
    return workflow.move(case, "propose_decision", actor=by, outcome=Outcome.PENALTY,
                         grounds="Overtime unpaid for 14 weeks.", penalty_amount="15000")


def test_a_case_goes_from_new_to_closed_and_every_step_is_recorded(team):
    case = to_inspection(create_case("QC"), team)
    case = propose(case, team["investigator"])
    case = workflow.move(case, "approve_decision", actor=team["lead"])
    case = workflow.move(case, "close", actor=team["investigator"])
    assert case.status == CaseStatus.CLOSED
    steps = list(CaseTransition.objects.filter(case=case).values_list("source", "target", "by"))
    assert steps == [
        ("new", "assessed", team["lead"].pk), ("assessed", "assigned", team["lead"].pk),
        ("assigned", "in_inspection", team["investigator"].pk),
        ("in_inspection", "decision_proposed", team["investigator"].pk),
        ("decision_proposed", "decision_approved", team["lead"].pk),
        ("decision_approved", "closed", team["investigator"].pk),
    ]
    case.refresh_from_db()
    assert all([case.assessed_at, case.assigned_at, case.inspection_started_at, case.decision_proposed_at,
                case.decision_approved_at, case.closed_at])
    decision = case.decisions.get()
    assert (decision.status, decision.penalty_amount, decision.approved_by) == (
        DecisionStatus.APPROVED, Decimal("15000.00"), team["lead"])
    audited = AuditEvent.objects.filter(object_type="cases.case", object_id=str(case.pk), action="update")
    assert [e.detail["step"] for e in audited.order_by("pk")] == [
        "assess", "assign", "start_inspection", "propose_decision", "approve_decision", "close"]


@pytest.mark.parametrize(("step", "message"), [
    ("start_inspection", "cannot go to this step"),
    ("approve_decision", "cannot go to this step"),
    ("close", "cannot go to this step"),
])
def test_steps_out_of_order_are_refused_with_a_clear_message(team, step, message):
    case = create_case("QC")
    with pytest.raises(CaseError, match=message):
        workflow.move(case, step, actor=team["lead"])
    case.refresh_from_db()
    assert case.status == CaseStatus.NEW and not CaseTransition.objects.exists()


def test_only_a_team_lead_assigns_and_approves(team):
    case = workflow.move(create_case("QC"), "assess", actor=team["investigator"], assessment="Credible.")
    with pytest.raises(CaseError, match="may not"):
        workflow.move(case, "assign", actor=team["investigator"], investigator=team["investigator"])
    case = workflow.move(case, "assign", actor=team["lead"], investigator=team["investigator"])
    # Only the assigned investigator (or a lead) starts the inspection.
    with pytest.raises(CaseError, match="may not"):
        workflow.move(case, "start_inspection", actor=team["colleague"])
    case = workflow.move(case, "start_inspection", actor=team["investigator"])
    case = propose(case, team["investigator"])
    with pytest.raises(CaseError, match="may not"):
        workflow.move(case, "approve_decision", actor=team["colleague"])


def test_nobody_approves_their_own_decision(team):
    case = to_inspection(create_case("QC"), team)
    case = propose(case, team["lead"])  # a lead may propose, for example when covering
    with pytest.raises(CaseError, match="another team lead must approve"):
        workflow.move(case, "approve_decision", actor=team["lead"])
    assert case.decisions.get().status == DecisionStatus.PROPOSED
    workflow.move(case, "approve_decision", actor=team["other_lead"])
    assert case.decisions.get().approved_by == team["other_lead"]


def test_the_database_itself_refuses_an_approver_who_proposed(team):
    from django.db import IntegrityError

    case = propose(to_inspection(create_case("QC"), team), team["investigator"])
    decision = case.decisions.get()
    decision.approved_by = team["investigator"]
    with pytest.raises(IntegrityError):
        decision.save()


def test_a_returned_decision_goes_back_to_inspection_and_stays_on_record(team):
    case = propose(to_inspection(create_case("QC"), team), team["investigator"])
    with pytest.raises(CaseError, match="Say why"):
        workflow.move(case, "return_decision", actor=team["lead"])
    case = workflow.move(case, "return_decision", actor=team["lead"], note="The penalty amount is not justified.")
    assert case.status == CaseStatus.IN_INSPECTION
    case = workflow.move(case, "propose_decision", actor=team["investigator"], outcome=Outcome.WARNING,
                         grounds="First offence; corrected.")
    assert list(case.decisions.values_list("status", flat=True)) == ["proposed", "returned"]


@pytest.mark.parametrize(("values", "message"), [
    ({"outcome": "", "grounds": "x"}, "Choose the outcome"),
    ({"outcome": Outcome.WARNING, "grounds": "  "}, "Give the grounds"),
    ({"outcome": Outcome.PENALTY, "grounds": "x"}, "amount"),
    ({"outcome": Outcome.BAN, "grounds": "x"}, "period of the ban"),
])
def test_an_incomplete_proposal_is_refused_and_the_case_stays_in_inspection(team, values, message):
    case = to_inspection(create_case("QC"), team)
    with pytest.raises(CaseError, match=message):
        workflow.move(case, "propose_decision", actor=team["investigator"], **values)
    case.refresh_from_db()
    assert case.status == CaseStatus.IN_INSPECTION and not case.decisions.exists()


def test_exclusion_needs_a_rule(team):
    case = create_case("QC")
    with pytest.raises(CaseError, match="exclusion rule"):
        workflow.move(case, "exclude", actor=team["lead"])
    rule = ExclusionRule.objects.first()
    case = workflow.move(case, "exclude", actor=team["lead"], exclusion_rule=rule, note="Federal jurisdiction.")
    assert (case.status, case.exclusion_rule) == (CaseStatus.EXCLUDED, rule)


def test_a_transferred_case_continues_as_a_new_case_in_the_other_region(team):
    from sentinelle.accounts.models import Region

    case = create_case("QC")
    ontario = Region.objects.get(code="ON")
    case = workflow.move(case, "transfer", actor=team["lead"], region=ontario, note="The farm is in Ontario.")
    successor = case.transferred_to
    assert case.status == CaseStatus.TRANSFERRED
    assert (successor.region, successor.status, successor.employer) == (ontario, CaseStatus.NEW, case.employer)
    assert team["ontario"].has_perm("cases.view_case", successor)
    assert not team["ontario"].has_perm("cases.view_case", case)


def test_a_shared_case_is_visible_to_the_other_region_until_revoked(team):
    case = create_case("QC")
    outsider = team["ontario"]
    assert not outsider.has_perm("cases.view_case", case)
    assert case not in Case.objects.visible_to(outsider)
    from sentinelle.accounts.models import Region

    sharing = workflow.share(case, actor=team["lead"], region=Region.objects.get(code="ON"),
                             reason="The same recruiter supplies an Ontario farm.")
    assert outsider.has_perm("cases.view_case", case)
    assert outsider.has_perm("cases.change_case", case)
    assert case in Case.objects.visible_to(outsider)
    workflow.revoke_share(sharing, actor=team["lead"])
    assert not outsider.has_perm("cases.view_case", case)
    assert case not in Case.objects.visible_to(outsider)
    with pytest.raises(CaseError, match="already revoked"):
        workflow.revoke_share(sharing, actor=team["lead"])


def test_sharing_with_one_investigator(team):
    case = create_case("QC")
    sharing = workflow.share(case, actor=team["lead"], user=team["ontario"], reason="Interpreter for Spanish.")
    assert team["ontario"].has_perm("cases.view_case", case)
    assert not team["ontario_lead"].has_perm("cases.view_case", case)  # the person, not their region
    with pytest.raises(CaseError, match="already shared"):
        workflow.share(case, actor=team["lead"], user=team["ontario"], reason="Again.")
    workflow.revoke_share(sharing, actor=team["lead"])
    assert not team["ontario"].has_perm("cases.view_case", case)


def test_the_second_of_two_concurrent_edits_gets_a_conflict_and_nothing_is_lost(team):
    case = create_case("QC")
    first, second = Case.objects.get(pk=case.pk), Case.objects.get(pk=case.pk)  # two people open the page
    workflow.update_case(first, {"summary": "Housing: 12 in one room."}, actor=team["lead"],
                         expected_version=first.version)
    with pytest.raises(Conflict):
        workflow.update_case(second, {"summary": "Wages: overtime unpaid."}, actor=team["investigator"],
                             expected_version=second.version)
    case.refresh_from_db()
    assert case.summary == "Housing: 12 in one room." and case.version == 2


def test_concurrent_activity_edits_conflict_too(team):
    case = to_inspection(create_case("QC"), team)
    activity = workflow.add_activity(case, "interview", {"interviewee": "worker", "notes": "First notes."},
                                     actor=team["investigator"])
    a, b = Activity.objects.get(pk=activity.pk), Activity.objects.get(pk=activity.pk)
    workflow.update_activity(a, {"notes": "Edited by A."}, actor=team["investigator"], expected_version=a.version)
    with pytest.raises(Conflict):
        workflow.update_activity(b, {"notes": "Edited by B."}, actor=team["lead"], expected_version=b.version)
    activity.refresh_from_db()
    assert activity.notes == "Edited by A."


def test_a_step_taken_on_a_stale_page_is_refused(team):
    case = create_case("QC")
    stale = case.version
    workflow.update_case(case, {"summary": "Changed."}, actor=team["lead"], expected_version=stale)
    with pytest.raises(Conflict):
        workflow.move(case, "assess", actor=team["lead"], assessment="x", expected_version=stale)


def test_quality_control_returns_a_closed_file_and_the_investigator_sends_it_back_corrected(team):
    case = to_inspection(create_case("QC"), team)
    case = workflow.move(propose(case, team["investigator"]), "approve_decision", actor=team["lead"])
    case = workflow.move(case, "close", actor=team["investigator"])
    closed_at = case.closed_at
    reviewer = create_staff("qc_reviewer", region_code="ON")
    # Only from a review: the case page never offers it, and others may not take it.
    assert "return_for_correction" not in [m.name for m in workflow.available_moves(case, reviewer)]
    with pytest.raises(CaseError, match="may not take this step"):
        workflow.move(case, "return_for_correction", actor=team["lead"], note="Wrong")
    with pytest.raises(CaseError, match="Say what was wrong"):
        workflow.move(case, "return_for_correction", actor=reviewer, note=" ")

    case = workflow.move(case, "return_for_correction", actor=reviewer, note="No interview with the workers.")
    assert case.status == CaseStatus.CORRECTION and case.is_open
    assert [m.name for m in workflow.available_moves(case, team["investigator"])] == ["correct"]
    workflow.add_activity(case, "interview", {"interviewee": "worker", "notes": "Three workers interviewed."},
                          actor=team["investigator"])
    with pytest.raises(CaseError, match="Say what was corrected"):
        workflow.move(case, "correct", actor=team["investigator"], note="")
    case = workflow.move(case, "correct", actor=team["investigator"], note="Interviews added.")
    case.refresh_from_db()
    # Closed again; the date it was first closed (the completion) does not move.
    assert (case.status, case.closed_at) == (CaseStatus.CLOSED, closed_at)
    assert list(CaseTransition.objects.filter(case=case).values_list("source", "target", "note"))[-2:] == [
        ("closed", "correction", "No interview with the workers."), ("correction", "closed", "Interviews added.")]
