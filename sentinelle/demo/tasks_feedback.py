"""Demo data of "my tasks" and of the quality loop: each demo investigator has
tasks overdue, due today and due tomorrow, and a document request to an employer
past its due date, on open cases of theirs; a few closed files are reviewed,
their investigators acknowledge or disagree, and the quality lead answers a
disagreement. Everything goes through the services a user's action would call.
Running it again adds nothing."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta

from django.utils import timezone

from sentinelle.accounts.models import RoleCode, User
from sentinelle.cases.models import OPEN_CASE_STATUSES, Activity, ActivityKind, Case, CaseStatus
from sentinelle.demo.base import DEMO_DOMAIN
from sentinelle.quality import feedback, review, sampling
from sentinelle.quality.models import (
    Answer,
    Basis,
    ChecklistItem,
    ReviewFeedback,
    ReviewStep,
    RuleKind,
    Selection,
    SelectionStatus,
    StepKind,
    TargetRule,
)

# (days from today, kind, notes): one overdue task, one due today, one tomorrow, an overdue request.
TASKS = [
    (-3, ActivityKind.TASK, "Compare pay stubs with the hours reported."),
    (0, ActivityKind.TASK, "Prepare the housing inspection."),
    (1, ActivityKind.TASK, "Call the recruiter about the fees charged to workers."),
    (-5, ActivityKind.DOCUMENT_REQUEST, "Payroll records and timesheets requested."),
]
REVIEWS = 4


def _demo(role: str) -> list[User]:
    return list(User.objects.filter(email__endswith="@" + DEMO_DOMAIN, roles__code=role, is_active=True)
                .select_related("region").distinct().order_by("pk"))


def seed_demo_tasks(today: date | None = None) -> int:
    """The tasks and document requests of the demo investigators; how many were added."""
    today = today or timezone.localdate()
    added = 0
    for investigator in _demo(RoleCode.INVESTIGATOR):
        cases = list(Case.objects.filter(assigned_to=investigator, status__in=OPEN_CASE_STATUSES).order_by("pk")[:2])
        if not cases:
            continue
        for n, (days, kind, notes) in enumerate(TASKS):
            case = cases[n % len(cases)]
            owner = investigator if kind == ActivityKind.TASK else None
            if Activity.objects.filter(case=case, kind=kind, notes=notes, owner=owner).exists():
                continue
            Activity.objects.create(case=case, kind=kind, occurred_at=timezone.now() - timedelta(days=10),
                                    author=investigator, owner=owner, notes=notes,
                                    due_on=today + timedelta(days=days))
            added += 1
    return added


def _target_a_new_investigator(analyst: User) -> None:
    """When the random sample left too few files to review, a targeted review of
    a demo investigator's closed files (as for an investigator's first files)."""
    waiting = Selection.objects.filter(status__in=[SelectionStatus.UNASSIGNED, SelectionStatus.TO_REVIEW]).count()
    if waiting >= REVIEWS:
        return
    for investigator in _demo(RoleCode.INVESTIGATOR):
        closed = Case.objects.filter(assigned_to=investigator, status=CaseStatus.CLOSED, qc_selection__isnull=True,
                                     closed_at__isnull=False).order_by("-closed_at")[:REVIEWS - waiting]
        if not closed:
            continue
        rule = sampling.add_rule(TargetRule(kind=RuleKind.INVESTIGATOR, investigator=investigator,
                                            reason="Review of a new investigator's files."), actor=analyst)
        for case in closed:
            closed_at = case.closed_at or timezone.now()
            selection = Selection.objects.create(case=case, basis=Basis.TARGETED, rule=rule, selected_at=closed_at)
            ReviewStep.objects.create(selection=selection, kind=StepKind.SELECTED, at=closed_at, note=rule.description)
        return


def seed_demo_feedback() -> int:
    """Reviews completed on a few drawn files, with their investigators' responses
    and the quality lead's answer; how many responses were added."""
    analysts = _demo(RoleCode.NATIONAL_ANALYST)
    reviewers = _demo(RoleCode.QC_REVIEWER)
    if not analysts or not reviewers or ReviewFeedback.objects.exists():
        return 0
    items = list(ChecklistItem.objects.filter(active=True))
    minor = next((item for item in items if not item.substantial and item.course_code), None)
    _target_a_new_investigator(analysts[0])
    added = 0
    open_selections = Selection.objects.filter(
        status__in=[SelectionStatus.UNASSIGNED, SelectionStatus.TO_REVIEW], case__assigned_to__is_active=True,
    ).select_related("case").order_by("pk")
    for n, selection in enumerate(open_selections[:REVIEWS]):
        reviewer = next((r for r in reviewers if review.reviewer_refusal(selection.case, r) is None), None)
        if reviewer is None:
            continue
        if selection.reviewer_id != reviewer.pk:
            review.assign_reviewer(selection, reviewer, actor=analysts[0])
        answers = {item.pk: review.Response(Answer.MET) for item in items}
        if minor is not None and n % 2 == 0:
            answers[minor.pk] = review.Response(Answer.ERROR, "The case summary does not date the interviews.")
        review.submit_review(Selection.objects.get(pk=selection.pk), answers, actor=reviewer,
                             note="A well-documented file; see the comment on the case summary." if n % 2 == 0
                             else "Nothing to add.")
        done = Selection.objects.select_related("case__assigned_to").get(pk=selection.pk)
        investigator = done.case.assigned_to
        if n == 3:
            continue  # one review still waits for its investigator's response
        if n == 0:
            given = feedback.disagree_with_review(
                done, "The interview dates are in the notes of each interview activity.", actor=investigator)
            feedback.answer_disagreement(given, "Agreed that the dates are on file; the case summary should "
                                                "still repeat them. The error stands.",
                                         actor=analysts[0], expected_version=given.version)
        else:
            feedback.acknowledge_review(done, actor=investigator)
        added += 1
    return added


def seed_tasks_and_feedback(log: Callable[[str], object]) -> None:
    """Both parts, saying what was added."""
    if tasks := seed_demo_tasks():
        log(f"My tasks: {tasks} tasks and document requests of the demo investigators, due and overdue.")
    if responses := seed_demo_feedback():
        log(f"Quality loop: {responses} investigators' responses to completed reviews.")
