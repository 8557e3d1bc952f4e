"""From the draw to the end of the review: the reviewer is never the file's
investigator nor the approver of its decision (automatic or by hand), a
substantial error sends the file back to its investigator, the correction comes
back for a re-check, and each step is notified and recorded."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.test import Client
from django.utils import timezone

from sentinelle.accounts.models import Notification, Role
from sentinelle.audit.models import AuditEvent
from sentinelle.cases import workflow
from sentinelle.cases.models import CaseStatus, CaseTransition, Decision, DecisionStatus
from sentinelle.quality import review, sampling
from sentinelle.quality.models import (
    Answer,
    Basis,
    ChecklistItem,
    Draw,
    ReviewStep,
    RuleKind,
    Selection,
    SelectionStatus,
    StepKind,
    TargetRule,
)
from sentinelle.quality.review import Response, ReviewError
from sentinelle.test import create_staff, sign_in

from .factories import close_a_file, regional_team, sample_everything

pytestmark = pytest.mark.django_db


@pytest.fixture
def analyst():
    return create_staff("national_analyst", region_code="HQ", full_name="Nadia Analyst")


@pytest.fixture
def quebec():
    return regional_team("QC")


def all_met() -> dict[int, Response]:
    return {item.pk: Response(Answer.MET) for item in ChecklistItem.objects.filter(active=True)}


def substantial_item() -> ChecklistItem:
    return ChecklistItem.objects.filter(substantial=True).order_by("position").first()


def test_the_seeded_checklist_has_every_group_and_substantial_items_with_courses():
    items = ChecklistItem.objects.all()
    assert {i.group for i in items} == {"fact_finding", "assessment", "decision", "documentation", "timeliness"}
    assert items.filter(substantial=True).exists() and items.filter(substantial=False).exists()
    assert all(i.text_fr and i.text_en and i.course_code for i in items)


def test_a_file_is_never_given_to_its_investigator_or_its_approver(analyst, quebec):
    # The only reviewers are the file's own investigator and approver, who also hold the reviewer role.
    for person in quebec.values():
        person.roles.add(Role.objects.get(code="qc_reviewer"))
        person.__dict__.pop("role_codes", None)
    sample_everything(analyst)

    case = close_a_file(quebec)

    selection = Selection.objects.get(case=case)
    assert selection.reviewer is None and selection.status == SelectionStatus.UNASSIGNED
    assert review.reviewer_refusal(case, quebec["investigator"]) == \
        f"{quebec['investigator']} investigated this file: someone else must review it."
    assert review.reviewer_refusal(case, quebec["lead"]) == \
        f"{quebec['lead']} approved the decision on this file: someone else must review it."
    for person in quebec.values():
        with pytest.raises(ReviewError):
            review.assign_reviewer(selection, person, actor=analyst)
    selection.refresh_from_db()
    assert selection.reviewer is None


def test_automatic_assignment_prefers_a_reviewer_of_another_region(analyst, quebec):
    create_staff("qc_reviewer", region_code="QC", full_name="Quebec Reviewer")
    ontario = create_staff("qc_reviewer", region_code="ON", full_name="Ontario Reviewer")
    sample_everything(analyst)

    selection = Selection.objects.get(case=close_a_file(quebec))

    assert selection.reviewer == ontario and selection.status == SelectionStatus.TO_REVIEW
    assert Notification.objects.filter(user=ontario, kind="qc_review_assigned").count() == 1
    assert [s.kind for s in selection.steps.all()] == [StepKind.SELECTED, StepKind.ASSIGNED]


def test_choosing_the_approver_by_hand_is_refused_with_a_clear_message(analyst, quebec):
    sample_everything(analyst)
    create_staff("qc_reviewer", region_code="ON", full_name="Ontario Reviewer")
    approver = quebec["lead"]
    approver.roles.add(Role.objects.get(code="qc_reviewer"))
    selection = Selection.objects.get(case=close_a_file(quebec))
    client = Client()
    sign_in(client, analyst)

    response = client.post(f"/en/staff/quality/reviews/{selection.pk}/",
                           {"action": "assign", "reviewer": approver.pk})

    assert response.status_code == 400
    assert "approved the decision on this file: someone else must review it." in response.content.decode()
    selection.refresh_from_db()
    assert selection.reviewer != approver


def test_a_substantial_error_returns_the_file_and_the_correction_is_rechecked(analyst, quebec):
    reviewer = create_staff("qc_reviewer", region_code="ON", full_name="Ontario Reviewer")
    sample_everything(analyst)
    case = close_a_file(quebec)
    selection = Selection.objects.get(case=case)
    responses = all_met()
    wrong = substantial_item()
    responses[wrong.pk] = Response(Answer.ERROR, "The employer was never interviewed.")

    review.submit_review(selection, responses, actor=reviewer)

    case.refresh_from_db()
    selection.refresh_from_db()
    assert case.status == CaseStatus.CORRECTION
    assert selection.status == SelectionStatus.CORRECTION and selection.substantial_error is True
    returned = CaseTransition.objects.get(case=case, target=CaseStatus.CORRECTION)
    assert returned.by == reviewer and "The employer was never interviewed." in returned.note
    assert Notification.objects.filter(user=quebec["investigator"], kind="qc_returned").count() == 1

    # The investigator corrects the file from the case page; re-closing does not draw again.
    workflow.move(case, "correct", actor=quebec["investigator"], note="Employer interviewed on 12 May.")
    case.refresh_from_db()
    selection.refresh_from_db()
    assert case.status == CaseStatus.CLOSED
    assert selection.status == SelectionStatus.RECHECK
    assert Draw.objects.filter(case=case).count() == 1
    assert Notification.objects.filter(user=reviewer, kind="qc_recheck").count() == 1

    # Not yet right: returned again, then corrected and confirmed.
    with pytest.raises(ReviewError, match="Say what is still wrong"):
        review.recheck(selection, actor=reviewer, confirm=False, note=" ")
    review.recheck(selection, actor=reviewer, confirm=False, note="The interview notes are not filed.")
    case.refresh_from_db()
    assert case.status == CaseStatus.CORRECTION
    workflow.move(case, "correct", actor=quebec["investigator"], note="Notes filed.")
    review.recheck(Selection.objects.get(pk=selection.pk), actor=reviewer, confirm=True)

    selection.refresh_from_db()
    assert selection.status == SelectionStatus.DONE and selection.resolved_at is not None
    # The rate keeps the verdict of the first review.
    assert selection.substantial_error is True
    assert [s.kind for s in selection.steps.all()] == [
        StepKind.SELECTED, StepKind.ASSIGNED, StepKind.RETURNED, StepKind.RESUBMITTED, StepKind.RETURNED,
        StepKind.RESUBMITTED, StepKind.CONFIRMED]


def test_an_error_on_a_minor_item_does_not_return_the_file(analyst, quebec):
    reviewer = create_staff("qc_reviewer", region_code="ON")
    sample_everything(analyst)
    selection = Selection.objects.get(case=close_a_file(quebec))
    responses = all_met()
    minor = ChecklistItem.objects.filter(substantial=False).first()
    responses[minor.pk] = Response(Answer.ERROR, "Summary report lacks the dates.")

    review.submit_review(selection, responses, actor=reviewer)

    selection.refresh_from_db()
    assert selection.status == SelectionStatus.DONE and selection.substantial_error is False
    assert selection.case.status == CaseStatus.CLOSED


def test_the_review_needs_every_item_and_a_comment_on_each_error(analyst, quebec):
    reviewer = create_staff("qc_reviewer", region_code="ON")
    sample_everything(analyst)
    selection = Selection.objects.get(case=close_a_file(quebec))
    partial = all_met()
    partial.pop(next(iter(partial)))
    with pytest.raises(ReviewError, match="Answer every item"):
        review.submit_review(selection, partial, actor=reviewer)
    responses = all_met()
    responses[substantial_item().pk] = Response(Answer.ERROR, "")
    with pytest.raises(ReviewError, match="Describe each error"):
        review.submit_review(selection, responses, actor=reviewer)
    other = create_staff("qc_reviewer", region_code="WST")
    with pytest.raises(ReviewError, match="Only the reviewer assigned"):
        review.submit_review(selection, all_met(), actor=other)
    assert Selection.objects.get(pk=selection.pk).status == SelectionStatus.TO_REVIEW


def test_the_review_page_records_a_review_and_explains_mistakes(analyst, quebec):
    reviewer = create_staff("qc_reviewer", region_code="ON")
    sample_everything(analyst)
    selection = Selection.objects.get(case=close_a_file(quebec))
    client = Client()
    sign_in(client, reviewer)
    page = client.get(f"/fr/staff/quality/reviews/{selection.pk}/")
    assert page.status_code == 200
    text = page.content.decode()
    assert "erreur substantielle" in text.lower() or "substantial" in text.lower()
    item = substantial_item()
    assert item.text_fr in text

    data = {"action": "review"}
    for each in ChecklistItem.objects.filter(active=True):
        data[f"answer_{each.pk}"] = "met"
    data[f"answer_{item.pk}"] = "error"
    response = client.post(f"/fr/staff/quality/reviews/{selection.pk}/", data)
    assert response.status_code == 400
    assert 'aria-invalid="true"' in response.content.decode()

    data[f"comment_{item.pk}"] = "Aucune entrevue avec l’employeur."
    response = client.post(f"/fr/staff/quality/reviews/{selection.pk}/", data)
    assert response.status_code == 302
    selection.refresh_from_db()
    assert selection.status == SelectionStatus.CORRECTION


def test_only_the_assigned_reviewer_and_analysts_open_a_review(analyst, quebec):
    reviewer = create_staff("qc_reviewer", region_code="ON")
    sample_everything(analyst)
    selection = Selection.objects.get(case=close_a_file(quebec))
    other = create_staff("qc_reviewer", region_code="WST")
    clients = {}
    for person, status in [(reviewer, 200), (analyst, 200), (other, 404), (quebec["lead"], 403)]:
        client = clients[person.pk] = Client()
        sign_in(client, person)
        assert client.get(f"/en/staff/quality/reviews/{selection.pk}/").status_code == status, person
    # An analyst oversees but does not answer the checklist.
    client = clients[analyst.pk]
    response = client.post(f"/en/staff/quality/reviews/{selection.pk}/", {"action": "review"})
    assert response.status_code == 302
    assert Selection.objects.get(pk=selection.pk).status == SelectionStatus.TO_REVIEW


def test_targeted_rules_add_files_the_draw_did_not_select(analyst, quebec):
    assert sampling.rate_in_force(timezone.localdate()) == 0  # no plan: the random sample selects nothing
    create_staff("qc_reviewer", region_code="ON")
    sampling.add_rule(TargetRule(kind=RuleKind.FIRST_FILES, first_files=2, reason="New investigators."),
                      actor=analyst)

    cases = [close_a_file(quebec) for _ in range(3)]

    chosen = list(Selection.objects.filter(case__in=cases).order_by("case__closed_at"))
    assert [s.case for s in chosen] == cases[:2]
    assert {s.basis for s in chosen} == {Basis.TARGETED}
    assert Draw.objects.filter(case__in=cases, selected=False).count() == 3


def test_an_outcome_rule_takes_only_files_with_that_approved_outcome(analyst, quebec):
    sampling.add_rule(TargetRule(kind=RuleKind.OUTCOME, outcome="ban", reason="Bans are serious."), actor=analyst)
    banned = close_a_file(quebec, outcome="ban")
    warned = close_a_file(quebec, outcome="warning")
    assert Selection.objects.filter(case=banned, basis=Basis.TARGETED).exists()
    assert not Selection.objects.filter(case=warned).exists()
    assert Decision.objects.filter(case=banned, status=DecisionStatus.APPROVED).exists()
    assert ReviewStep.objects.filter(selection__case=banned, kind=StepKind.SELECTED).count() == 1
    assert sampling.rate_in_force(banned.closed_at.date()) == Decimal(0)


def test_the_work_list_shows_the_reviewers_files_in_a_fixed_number_of_queries(analyst, quebec):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    reviewer = create_staff("qc_reviewer", region_code="ON", full_name="Ontario Reviewer")
    other = create_staff("qc_reviewer", region_code="WST", full_name="Western Reviewer")
    sample_everything(analyst)
    mine = Selection.objects.get(case=close_a_file(quebec))
    theirs = Selection.objects.get(case=close_a_file(quebec))
    review.assign_reviewer(theirs, other, actor=analyst)
    client = Client()
    sign_in(client, reviewer)
    with CaptureQueriesContext(connection) as few:
        page = client.get("/en/staff/quality/").content.decode()
    assert mine.case.reference in page and theirs.case.reference not in page
    for _ in range(4):
        close_a_file(quebec)
    # Spread over the two reviewers, the least busy first.
    assert Selection.objects.filter(reviewer=reviewer).count() == 3
    with CaptureQueriesContext(connection) as more:
        client.get("/en/staff/quality/")
    assert len(more) == len(few)


def test_an_analyst_answering_the_checklist_is_refused_and_the_refusal_audited(analyst, quebec):
    sample_everything(analyst)
    selection = Selection.objects.get(case=close_a_file(quebec))
    client = Client()
    sign_in(client, analyst)
    response = client.post(f"/en/staff/quality/reviews/{selection.pk}/", {"action": "review"})
    assert response.status_code == 302
    assert Selection.objects.get(pk=selection.pk).status == selection.status and not selection.answers.exists()
    [denial] = AuditEvent.objects.filter(action=AuditEvent.Action.PERMISSION_DENIED)
    assert denial.actor_id == analyst.pk and denial.detail["permission"] == "quality.review_selection"
