"""The investigator's pages: the case list, the case page, the steps, activities,
sharing, and what the second of two concurrent edits sees."""

from __future__ import annotations

import html
import re

import pytest
from django.test import Client

from sentinelle.audit.models import AuditEvent
from sentinelle.cases import workflow
from sentinelle.cases.models import Activity, ActivityKind, Case, CaseStatus, Decision, DecisionStatus
from sentinelle.test import create_case, create_employer, create_staff, region, sign_in, train

pytestmark = pytest.mark.django_db


@pytest.fixture
def team():
    return {
        "lead": create_staff("team_lead", region_code="QC", full_name="Louise Leblanc"),
        "other_lead": create_staff("team_lead", region_code="QC", full_name="Marc Tremblay"),
        "investigator": create_staff("investigator", region_code="QC", full_name="Inès Gagnon"),
        "ontario": create_staff("investigator", region_code="ON", full_name="Owen Smith"),
    }


def client_for(user, language: str = "en") -> Client:
    client = Client()
    sign_in(client, user)
    return client


def text(response) -> str:
    return html.unescape(response.content.decode())


def post_step(client: Client, case: Case, name: str, **data):
    case.refresh_from_db()
    return client.post(f"/en/staff/cases/{case.reference}/steps/{name}/", {"version": case.version, **data})


def test_an_investigator_sees_their_own_open_cases_and_not_another_regions(team):
    mine = create_case("QC", assigned_to=team["investigator"], status=CaseStatus.ASSIGNED)
    unassigned = create_case("QC")
    ontario = create_case("ON")
    client = client_for(team["investigator"])

    page = text(client.get("/en/staff/cases/"))
    assert mine.reference in page and unassigned.reference not in page and ontario.reference not in page

    region_page = text(client.get("/en/staff/cases/?scope=region"))
    assert mine.reference in region_page and unassigned.reference in region_page
    assert ontario.reference not in region_page
    assert client.get(f"/en/staff/cases/{ontario.reference}/").status_code == 404


def test_the_case_list_finds_a_case_by_employer_name_without_accents(team):
    employer = create_employer("QC", legal_name="Fermes Côté inc.")
    case = create_case("QC", employer=employer)
    other = create_case("QC")
    page = text(client_for(team["lead"]).get("/en/staff/cases/", {"q": "COTE"}))
    assert case.reference in page and other.reference not in page


def test_a_wrong_filter_is_reported_not_a_server_error(team):
    response = client_for(team["lead"]).get("/en/staff/cases/", {"status": "nonsense", "scope": "everything"})
    assert response.status_code == 200
    assert "Select a valid choice" in text(response)


def test_a_case_walks_through_its_steps_from_the_case_page(team):
    train(team["investigator"], "unannounced_inspection")
    case = create_case("QC")
    lead, investigator = client_for(team["lead"]), client_for(team["investigator"])

    page = text(lead.get(f"/en/staff/cases/{case.reference}/"))
    assert "Record the assessment" in page and "Approve the decision" not in page

    response = post_step(lead, case, "assess", assessment="Credible: 12 workers, unpaid overtime.")
    assert response.status_code == 302
    assert "The case is now “Assessed”" in text(lead.get(response["Location"]))
    post_step(lead, case, "assign", investigator=team["investigator"].pk)
    post_step(investigator, case, "start_inspection")
    inspection = investigator.post(f"/en/staff/cases/{case.reference}/activities/new/inspection/", {
        "occurred_at": "2026-07-14T06:30", "announced": "false", "place": "Ferme du Rang 4",
        "participants": "Inès Gagnon; the foreman", "findings": "Twelve workers in a barn without water.",
    })
    assert inspection.status_code == 302
    post_step(investigator, case, "propose_decision", outcome="penalty", grounds="Housing below standard.",
              penalty_amount="15000")
    case.refresh_from_db()
    assert case.status == CaseStatus.DECISION_PROPOSED

    response = post_step(lead, case, "approve_decision")
    assert response.status_code == 302
    post_step(lead, case, "close")
    case.refresh_from_db()
    assert case.status == CaseStatus.CLOSED
    decision = Decision.objects.get(case=case)
    assert (decision.status, decision.approved_by, decision.proposed_by) == (
        DecisionStatus.APPROVED, team["lead"], team["investigator"])

    page = text(lead.get(f"/en/staff/cases/{case.reference}/"))
    for shown in ("Status: Closed", "Twelve workers in a barn without water.", "unannounced",
                  "Non-compliant: administrative monetary penalty", "Proposed by Inès Gagnon",
                  "Approved by Louise Leblanc"):
        assert shown in page, shown
    # The timeline shows every step, newest first.
    assert page.index("Status: Closed") < page.index("Status: Assessed")


def test_a_step_that_is_not_possible_is_refused_with_a_message(team):
    case = create_case("QC")
    client = client_for(team["investigator"])
    response = client.get(f"/en/staff/cases/{case.reference}/steps/close/", follow=True)
    assert "cannot go to this step: Close the case" in text(response)
    case.refresh_from_db()
    assert case.status == CaseStatus.NEW

    Case.objects.filter(pk=case.pk).update(status=CaseStatus.ASSESSED)
    response = post_step(client, case, "assign", investigator=team["investigator"].pk)
    assert "You may not take this step on this case." in text(client.get(response["Location"]))
    denial = AuditEvent.objects.get(action="permission_denied", object_id=str(case.pk))
    assert denial.detail["permission"] == "cases.assign_case"
    assert client.get(f"/en/staff/cases/{case.reference}/steps/fly_away/").status_code == 404


def test_a_team_lead_cannot_approve_the_decision_they_proposed(team):
    case = create_case("QC", assigned_to=team["lead"], status=CaseStatus.IN_INSPECTION)
    lead = client_for(team["lead"])
    post_step(lead, case, "propose_decision", outcome="warning", grounds="Late pay slips.")
    page = text(lead.get(f"/en/staff/cases/{case.reference}/"))
    assert "Approve the decision" not in page
    response = lead.get(f"/en/staff/cases/{case.reference}/steps/approve_decision/", follow=True)
    assert "You proposed this decision: another team lead must approve it." in text(response)
    assert post_step(client_for(team["other_lead"]), case, "approve_decision").status_code == 302
    assert Decision.objects.get(case=case).approved_by == team["other_lead"]


def test_a_missing_penalty_amount_is_asked_for_and_the_grounds_are_kept(team):
    case = create_case("QC", assigned_to=team["investigator"], status=CaseStatus.IN_INSPECTION)
    response = post_step(client_for(team["investigator"]), case, "propose_decision",
                         outcome="penalty", grounds="Housing below standard.")
    page = text(response)
    assert response.status_code == 200
    assert "Give the amount of the administrative monetary penalty." in page
    assert "Housing below standard." in page
    assert not Decision.objects.filter(case=case).exists()


def test_the_second_of_two_concurrent_edits_gets_a_conflict_and_loses_nothing(team):
    case = create_case("QC", assigned_to=team["investigator"], status=CaseStatus.IN_INSPECTION)
    activity = workflow.add_activity(case, ActivityKind.INTERVIEW, {"interviewee": "worker", "notes": "First notes."},
                                     actor=team["investigator"])
    url = f"/en/staff/cases/{case.reference}/activities/{activity.pk}/"
    first, second = client_for(team["investigator"]), client_for(team["lead"])
    opened = re.search(r'name="version" value="(\d+)"', first.get(url).content.decode()).group(1)
    assert re.search(r'name="version" value="(\d+)"', second.get(url).content.decode()).group(1) == opened

    form = {"occurred_at": "2026-07-15T10:00", "interviewee": "worker", "version": opened}
    assert first.post(url, {**form, "notes": "Worker says pay is 3 weeks late."}).status_code == 302
    response = second.post(url, {**form, "notes": "Worker shows pay slips without overtime."})

    page = text(response)
    assert response.status_code == 200
    assert "Somebody else saved this in the meantime" in page
    assert "Worker shows pay slips without overtime." in page  # what the second typed, kept
    assert "Worker says pay is 3 weeks late." in page  # next to what the first saved
    activity.refresh_from_db()
    assert activity.notes == "Worker says pay is 3 weeks late."
    # Saving again after checking goes through.
    version = re.search(r'name="version" value="(\d+)"', page).group(1)
    assert second.post(url, {**form, "version": version, "notes": "Both: late pay, no overtime."}).status_code == 302
    activity.refresh_from_db()
    assert activity.notes == "Both: late pay, no overtime."


def test_the_case_fields_are_protected_by_the_same_lock(team):
    case = create_case("QC")
    url = f"/en/staff/cases/{case.reference}/edit/"
    lead, other = client_for(team["lead"]), client_for(team["other_lead"])
    data = {"version": case.version, "work_permit_valid_until": "2027-03-31", "permanent_residence_on": ""}
    assert lead.post(url, {**data, "summary": "Unpaid overtime, 12 workers."}).status_code == 302
    page = text(other.post(url, {**data, "summary": "Housing in a barn."}))
    assert "Somebody else saved this in the meantime" in page and "Housing in a barn." in page
    case.refresh_from_db()
    assert case.summary == "Unpaid overtime, 12 workers."


def test_an_activity_with_missing_fields_says_what_is_missing(team):
    case = create_case("QC", assigned_to=team["investigator"], status=CaseStatus.IN_INSPECTION)
    response = client_for(team["investigator"]).post(
        f"/en/staff/cases/{case.reference}/activities/new/document_request/", {"notes": "Payroll 2025."})
    assert response.status_code == 200
    assert "Due on: This field is required." in text(response)
    assert "Payroll 2025." in text(response)
    assert not Activity.objects.filter(case=case).exists()


def test_a_shared_case_is_visible_to_the_other_region_until_revoked(team):
    case = create_case("QC")
    lead, ontario = client_for(team["lead"]), client_for(team["ontario"])
    url = f"/en/staff/cases/{case.reference}/"
    assert ontario.get(url).status_code == 404

    response = lead.post(f"{url}sharing/", {"with_whom": "region", "region": region("ON").pk,
                                             "reason": "The employer also operates in Ontario."})
    assert response.status_code == 302
    assert ontario.get(url).status_code == 200
    assert case.reference in text(ontario.get("/en/staff/cases/?scope=shared"))

    sharing = case.shares.get()
    lead.post(f"{url}sharing/{sharing.pk}/revoke/")
    assert ontario.get(url).status_code == 404
    assert "Revoked" in text(lead.get(url))


def test_sharing_needs_a_reason_and_one_recipient(team):
    case = create_case("QC")
    response = client_for(team["lead"]).post(f"/en/staff/cases/{case.reference}/sharing/", {"with_whom": "user"})
    page = text(response)
    assert "Choose the investigator or team lead." in page and "Why: This field is required." in page
    assert not case.shares.exists()


def test_an_investigator_who_is_not_on_the_case_cannot_share_it(team):
    case = create_case("QC")
    response = client_for(team["investigator"]).get(f"/en/staff/cases/{case.reference}/sharing/")
    assert response.status_code == 403


def test_the_case_page_is_in_french(team):
    case = create_case("QC")
    page = text(client_for(team["lead"], "fr").get(f"/fr/staff/cases/{case.reference}/"))
    assert "Enregistrer l’évaluation" in page and "Chronologie" in page
