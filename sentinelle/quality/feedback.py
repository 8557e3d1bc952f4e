"""The quality loop on the case: once a review is complete (never before), the
file's investigator and their team lead read it on the case page; the
investigator acknowledges it or disagrees with a reason; a disagreement goes to
the quality lead, whose answer is recorded. Each step is one function, one
transaction, one audit event, with the version checked and the people concerned
notified. The rates page counts the responses by region and error type, and the
training page the courses that an investigator's recent errors point to.

This is the engagement framework of seed 000 ("cadre de mobilisation pour
obtenir de la rétroaction") and seed 004 (quality results point to training)."""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Count, Max, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from sentinelle.accounts import notifications
from sentinelle.accounts.models import RoleCode, User
from sentinelle.audit.services import Action, record
from sentinelle.lib.locking import save_changes
from sentinelle.quality.models import (
    Answer,
    ChecklistItem,
    FeedbackResponse,
    ItemAnswer,
    ReviewFeedback,
    ReviewStep,
    Selection,
    SelectionStatus,
    StepKind,
)

# The errors that count as "recent" for the training they point to.
RECENT = datetime.timedelta(days=365)


class FeedbackError(Exception):
    """A response that cannot be recorded, in words."""

    def __init__(self, message: Any) -> None:
        super().__init__(str(message))
        self.message = str(message)


def is_complete(selection: Selection) -> bool:
    """A review is complete once it is over: reviewed without substantial error,
    or its correction confirmed. Until then the investigator does not see it."""
    return selection.status == SelectionStatus.DONE


def review_completed(selection: Selection) -> None:
    """Inside the transaction of the step that completes a review: its
    investigator is told that they can now read it, and respond."""
    investigator = selection.case.assigned_to
    if investigator is not None and investigator.is_active:
        notifications.notify([investigator], "qc_review_complete", {"reference": selection.case.reference},
                             url_name="cases:case_detail", url_args=[selection.case.reference])


def quality_leads() -> QuerySet[User]:
    return User.objects.filter(is_active=True, roles__code=RoleCode.NATIONAL_ANALYST).distinct()


def _lock(selection: Selection) -> Selection:
    return Selection.objects.select_for_update(of=("self",)).select_related("case", "case__assigned_to").get(
        pk=selection.pk)


def _respond(selection: Selection, response: str, reason: str, *, actor: Any, request: Any) -> ReviewFeedback:
    selection = _lock(selection)
    if not is_complete(selection):
        raise FeedbackError(_("This review is not complete yet."))
    if selection.case.assigned_to_id != getattr(actor, "pk", None):
        raise FeedbackError(_("Only the investigator of this file may respond to its review."))
    if ReviewFeedback.objects.filter(selection=selection).exists():
        raise FeedbackError(_("This review already has your response."))
    try:
        with transaction.atomic():
            feedback = ReviewFeedback.objects.create(selection=selection, response=response, reason=reason,
                                                     given_by=actor, given_at=timezone.now())
    except IntegrityError as exc:  # a response recorded meanwhile
        raise FeedbackError(_("This review already has your response.")) from exc
    record(Action.UPDATE, actor=actor, obj=selection.case, request=request, step=f"qc_{response}",
           feedback=feedback.pk)
    return feedback


@transaction.atomic
def acknowledge_review(selection: Selection, *, actor: Any, request: Any = None) -> ReviewFeedback:
    """The investigator has read the completed review of their file and takes note of it."""
    return _respond(selection, FeedbackResponse.ACKNOWLEDGED, "", actor=actor, request=request)


@transaction.atomic
def disagree_with_review(selection: Selection, reason: str, *, actor: Any, request: Any = None) -> ReviewFeedback:
    """The investigator disagrees with the review, saying why; the quality leads are told."""
    if not reason.strip():
        raise FeedbackError(_("Say why you disagree with the review."))
    feedback = _respond(selection, FeedbackResponse.DISAGREED, reason.strip(), actor=actor, request=request)
    notifications.notify(quality_leads(), "qc_disagreement", {"reference": feedback.selection.case.reference},
                         url_name="quality:feedback", url_args=[feedback.selection_id])
    return feedback


@transaction.atomic
def answer_disagreement(feedback: ReviewFeedback, answer: str, *, actor: Any, expected_version: int | None,
                        request: Any = None) -> ReviewFeedback:
    """The quality lead's answer to a disagreement, if nobody answered since the
    page was opened (`expected_version`; else `Conflict`, and nothing is written).
    The investigator and the team leads of the file's region are told."""
    if feedback.response != FeedbackResponse.DISAGREED:
        raise FeedbackError(_("Only a disagreement is answered."))
    if not answer.strip():
        raise FeedbackError(_("Write the answer to the investigator."))
    changed = save_changes(feedback, {"answer": answer.strip(), "answered_by": actor, "answered_at": timezone.now()},
                           ["answer", "answered_by", "answered_at"], expected_version=expected_version)
    case = feedback.selection.case
    record(Action.UPDATE, actor=actor, obj=case, request=request, step="qc_disagreement_answered",
           feedback=feedback.pk, fields=changed)
    leads = User.objects.filter(is_active=True, region_id=case.region_id, roles__code=RoleCode.TEAM_LEAD).distinct()
    people = {user.pk: user for user in [*leads, feedback.given_by] if user.pk != getattr(actor, "pk", None)}
    notifications.notify(people.values(), "qc_disagreement_answered", {"reference": case.reference},
                         url_name="quality:feedback", url_args=[feedback.selection_id])
    return feedback


# What the case page shows ------------------------------------------------------------------


@dataclass(frozen=True)
class CompletedReview:
    selection: Selection
    answers: list[ItemAnswer]
    errors: list[ItemAnswer]
    substantial_errors: list[ItemAnswer]
    comments: list[ReviewStep]  # the reviewer's notes, step by step
    feedback: ReviewFeedback | None


REVIEWER_STEPS = [StepKind.REVIEWED, StepKind.RETURNED, StepKind.CONFIRMED]


def completed_review(selection: Selection) -> CompletedReview:
    answers = list(selection.answers.select_related("item"))  # type: ignore[attr-defined]
    errors = [a for a in answers if a.answer == Answer.ERROR]
    comments = [step for step in selection.steps.select_related("by")  # type: ignore[attr-defined]
                if step.kind in REVIEWER_STEPS and step.note.strip()]
    feedback = ReviewFeedback.objects.select_related("given_by", "answered_by").filter(selection=selection).first()
    return CompletedReview(selection, answers, errors, [a for a in errors if a.substantial], comments, feedback)


# The rates page --------------------------------------------------------------------------


@dataclass(frozen=True)
class FeedbackCount:
    label: str
    reviewed: int  # complete reviews
    acknowledged: int
    disagreed: int
    answered: int  # disagreements answered

    @property
    def awaiting(self) -> int:
        return self.reviewed - self.acknowledged - self.disagreed


def _completed(start: datetime.date, end: datetime.date, region_id: int | None) -> QuerySet[Selection]:
    selections = Selection.objects.filter(status=SelectionStatus.DONE, reviewed_at__date__gte=start,
                                          reviewed_at__date__lte=end)
    return selections.filter(case__region_id=region_id) if region_id is not None else selections


def _counts(selection: str) -> dict[str, Count]:
    """The counts of a FeedbackCount, of the reviews reached through `selection`
    ("pk" from a selection, "selection" from an answer)."""
    feedback = "feedback__" if selection == "pk" else f"{selection}__feedback__"
    return {
        "reviewed": Count(selection, distinct=True),
        "acknowledged": Count(selection, distinct=True,
                              filter=Q(**{f"{feedback}response": FeedbackResponse.ACKNOWLEDGED})),
        "disagreed": Count(selection, distinct=True, filter=Q(**{f"{feedback}response": FeedbackResponse.DISAGREED})),
        "answered": Count(selection, distinct=True, filter=Q(**{f"{feedback}response": FeedbackResponse.DISAGREED,
                                                                f"{feedback}answered_at__isnull": False})),
    }


def _feedback_count(label: str, row: Mapping[str, Any]) -> FeedbackCount:
    return FeedbackCount(label, row["reviewed"], row["acknowledged"], row["disagreed"], row["answered"])


def feedback_by_region(start: datetime.date, end: datetime.date, *, region_id: int | None = None,
                       language: str = "en") -> list[FeedbackCount]:
    """The responses to the reviews completed in the period, per region of the file."""
    name = "case__region__name_fr" if language == "fr" else "case__region__name_en"
    rows = _completed(start, end, region_id).values(name).annotate(**_counts("pk")).order_by(name)
    return [_feedback_count(row[name], row) for row in rows]


def feedback_by_error_type(start: datetime.date, end: datetime.date, *,
                           region_id: int | None = None) -> list[tuple[ChecklistItem, FeedbackCount]]:
    """The same, per checklist item answered "error" in the review, most errors first."""
    rows = (ItemAnswer.objects.filter(answer=Answer.ERROR, selection__in=_completed(start, end, region_id))
            .values("item_id").annotate(**_counts("selection")))
    items = ChecklistItem.objects.in_bulk([row["item_id"] for row in rows])
    result = [(items[row["item_id"]], _feedback_count(items[row["item_id"]].text, row)) for row in rows]
    return sorted(result, key=lambda pair: (-pair[1].reviewed, pair[0].position, pair[0].pk))


def open_disagreements() -> QuerySet[ReviewFeedback]:
    """The disagreements the quality lead has not answered yet, oldest first."""
    return (ReviewFeedback.objects.filter(response=FeedbackResponse.DISAGREED, answered_at__isnull=True)
            .select_related("selection__case__region", "given_by").order_by("given_at", "pk"))


# Training ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class CoursePointer:
    """A course that an investigator's recent errors point to."""

    course_code: str
    errors: int
    last_error_on: datetime.date


def courses_from_errors(*, since: datetime.date, region_id: int | None = None) -> dict[int, list[CoursePointer]]:
    """For each investigator (user id) whose files were reviewed since `since`
    with an error on a checklist item that names a course: those courses, the
    most errors first. Every review counts, random or targeted: it is about what
    to learn, not about the rate."""
    answers = ItemAnswer.objects.filter(
        answer=Answer.ERROR, selection__reviewed_at__date__gte=since, selection__case__assigned_to__isnull=False,
    ).exclude(item__course_code="")
    if region_id is not None:
        answers = answers.filter(selection__case__region_id=region_id)
    rows = answers.values("selection__case__assigned_to_id", "item__course_code").annotate(
        errors=Count("pk"), last=Max("selection__reviewed_at"),
    ).values_list("selection__case__assigned_to_id", "item__course_code", "errors", "last")
    return by_person((who, CoursePointer(code, errors, timezone.localdate(last))) for who, code, errors, last in rows)


def by_person(pointers: Iterable[tuple[int, CoursePointer]]) -> dict[int, list[CoursePointer]]:
    """Each person's (user id) pointers, one per course (the errors of several
    sources added, the latest date kept), the most errors first."""
    merged: dict[int, dict[str, CoursePointer]] = defaultdict(dict)
    for who, pointer in pointers:
        if (seen := merged[who].get(pointer.course_code)) is not None:
            pointer = CoursePointer(pointer.course_code, seen.errors + pointer.errors,
                                    max(seen.last_error_on, pointer.last_error_on))
        merged[who][pointer.course_code] = pointer
    return {who: sorted(mine.values(), key=lambda p: (-p.errors, p.course_code)) for who, mine in merged.items()}
