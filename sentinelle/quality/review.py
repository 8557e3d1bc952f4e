"""The review of a sampled file and the correction it may lead to.

Who may review a file is decided in one place, `reviewer_refusal`: a quality
control reviewer who neither investigated the file, nor proposed or approved its
decision. Automatic assignment prefers a reviewer of another region."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.db.models import Count, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from sentinelle.accounts import notifications
from sentinelle.accounts.models import RoleCode, User
from sentinelle.audit.services import Action, record
from sentinelle.cases.models import Case, Decision
from sentinelle.lib.locking import Conflict, save_changes
from sentinelle.quality import feedback
from sentinelle.quality.models import (
    OPEN_SELECTION_STATUSES,
    Answer,
    ChecklistItem,
    ItemAnswer,
    ReviewStep,
    Selection,
    SelectionStatus,
    StepKind,
)


class ReviewError(Exception):
    """A step of the review that cannot be taken, in words."""

    def __init__(self, message: Any) -> None:
        super().__init__(str(message))
        self.message = str(message)


# Who may review a file ------------------------------------------------------------------


def involved_in(case: Case) -> set[int]:
    """The staff who worked the file: its investigator, and whoever proposed or approved its decisions."""
    people = {case.assigned_to_id} if case.assigned_to_id else set()
    for proposer, approver in Decision.objects.filter(case_id=case.pk).values_list("proposed_by_id",
                                                                                  "approved_by_id"):
        people.add(proposer)
        if approver:
            people.add(approver)
    return people


def reviewer_refusal(case: Case, reviewer: Any) -> str | None:
    """Why this person may not review this file; None if they may. The only
    place that decides it, for automatic and hand-made assignments alike."""
    if reviewer is None or not getattr(reviewer, "is_active", False) \
            or not reviewer.has_role(RoleCode.QC_REVIEWER):
        return _("Choose a quality control reviewer.")
    if reviewer.pk == case.assigned_to_id:
        return _("%(name)s investigated this file: someone else must review it.") % {"name": reviewer}
    decisions = Decision.objects.filter(case_id=case.pk)
    if decisions.filter(approved_by_id=reviewer.pk).exists():
        return _("%(name)s approved the decision on this file: someone else must review it.") % {"name": reviewer}
    if decisions.filter(proposed_by_id=reviewer.pk).exists():
        return _("%(name)s proposed the decision on this file: someone else must review it.") % {"name": reviewer}
    return None


def reviewers() -> QuerySet[User]:
    return User.objects.filter(is_active=True, roles__code=RoleCode.QC_REVIEWER).distinct()


def eligible_reviewers(case: Case) -> list[User]:
    """Reviewers allowed to review this file, those of another region first, then
    the least busy (fewest open reviews)."""
    excluded = involved_in(case)
    candidates = reviewers().exclude(pk__in=excluded).select_related("region").annotate(
        open_reviews=Count("qc_reviews", filter=Q(qc_reviews__status__in=OPEN_SELECTION_STATUSES)),
    )
    people = [person for person in candidates if reviewer_refusal(case, person) is None]
    return sorted(people, key=lambda p: (p.region_id == case.region_id, getattr(p, "open_reviews", 0), p.full_name, p.pk))


# Assignment ----------------------------------------------------------------------------


def _step(selection: Selection, kind: str, *, by: Any, at: datetime.datetime, note: str = "") -> None:
    ReviewStep.objects.create(selection=selection, kind=kind, by=by, at=at, note=note)


def _notify_reviewer(selection: Selection, kind: str) -> None:
    if selection.reviewer is not None:
        notifications.notify([selection.reviewer], kind, {"reference": selection.case.reference},
                             url_name="quality:review", url_args=[selection.pk])


def assign_automatically(selection: Selection, *, now: datetime.datetime | None = None) -> Selection:
    """Give a new selection to the first eligible reviewer; it waits for an
    assignment by hand when there is none."""
    candidates = eligible_reviewers(selection.case)
    if not candidates:
        return selection
    return _assign(selection, candidates[0], actor=None, now=now or timezone.now())


@transaction.atomic
def assign_reviewer(selection: Selection, reviewer: Any, *, actor: Any,
                    now: datetime.datetime | None = None) -> Selection:
    """Choose the reviewer by hand (a national analyst)."""
    selection = Selection.objects.select_for_update().select_related("case").get(pk=selection.pk)
    if not selection.is_open:
        raise ReviewError(_("This review is finished: its reviewer can no longer change."))
    if refusal := reviewer_refusal(selection.case, reviewer):
        raise ReviewError(refusal)
    return _assign(selection, reviewer, actor=actor, now=now or timezone.now())


def _assign(selection: Selection, reviewer: User, *, actor: Any, now: datetime.datetime) -> Selection:
    selection.reviewer, selection.assigned_at = reviewer, now
    if selection.status == SelectionStatus.UNASSIGNED:
        selection.status = SelectionStatus.TO_REVIEW
    selection.save(update_fields=["reviewer", "assigned_at", "status"])
    _step(selection, StepKind.ASSIGNED, by=actor, at=now, note=reviewer.full_name)
    record(Action.UPDATE, actor=actor, obj=selection.case, step="qc_assigned", reviewer=reviewer.email)
    _notify_reviewer(selection, "qc_review_assigned")
    return selection


# The review ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Response:
    answer: str
    comment: str = ""


def checklist() -> QuerySet[ChecklistItem]:
    return ChecklistItem.objects.filter(active=True).order_by("position", "id")


# The checklist's own items (national analysts) ----------------------------------------------

CHECKLIST_FIELDS = ["group", "text_en", "text_fr", "substantial", "course_code", "position", "active"]


@transaction.atomic
def add_checklist_item(values: dict[str, Any], *, actor: Any) -> ChecklistItem:
    item = ChecklistItem.objects.create(**{name: values[name] for name in CHECKLIST_FIELDS if name in values})
    record(Action.CREATE, actor=actor, obj=item)
    return item


@transaction.atomic
def change_checklist_item(item: ChecklistItem, values: dict[str, Any], *, actor: Any,
                          expected_version: int) -> list[str]:
    """Write what changed, if nobody saved the item since `expected_version`
    (else `Conflict`, and nothing is written); returns the names changed."""
    changed = save_changes(item, values, CHECKLIST_FIELDS, expected_version=expected_version)
    record(Action.UPDATE, actor=actor, obj=item, fields=changed)
    return changed


def _check_reviewer(selection: Selection, actor: Any) -> None:
    if selection.reviewer_id != actor.pk:
        raise ReviewError(_("Only the reviewer assigned to this file may review it."))
    if refusal := reviewer_refusal(selection.case, actor):
        raise ReviewError(refusal)


def _return(selection: Selection, *, actor: Any, note: str, now: datetime.datetime) -> None:
    """Send the file back to its investigator, through the case's life cycle."""
    from sentinelle.cases import workflow

    try:
        workflow.move(selection.case, "return_for_correction", actor=actor, note=note, now=now)
    except (workflow.CaseError, Conflict) as exc:
        raise ReviewError(exc.message) from exc
    selection.status = SelectionStatus.CORRECTION
    _step(selection, StepKind.RETURNED, by=actor, at=now, note=note)
    investigator = Case.objects.get(pk=selection.case_id).assigned_to
    if investigator is not None:
        notifications.notify([investigator], "qc_returned", {"reference": selection.case.reference},
                             url_name="cases:case_detail", url_args=[selection.case.reference])


@transaction.atomic
def submit_review(selection: Selection, responses: dict[int, Response], *, actor: Any,
                  note: str = "", now: datetime.datetime | None = None) -> Selection:
    """Record the reviewer's answer to every item of the checklist. A substantial
    error returns the file to its investigator for correction."""
    selection = Selection.objects.select_for_update().select_related("case").get(pk=selection.pk)
    _check_reviewer(selection, actor)
    if selection.status != SelectionStatus.TO_REVIEW:
        raise ReviewError(_("This file has already been reviewed."))
    items = list(checklist())
    missing = [item for item in items if item.pk not in responses]
    if missing:
        raise ReviewError(_("Answer every item of the checklist."))
    for item in items:
        response = responses[item.pk]
        if response.answer not in Answer.values:
            raise ReviewError(_("Answer every item of the checklist."))
        if response.answer == Answer.ERROR and not response.comment.strip():
            raise ReviewError(_("Describe each error in its comment."))
    now = now or timezone.now()
    ItemAnswer.objects.bulk_create(
        ItemAnswer(selection=selection, item=item, answer=responses[item.pk].answer, substantial=item.substantial,
                   comment=responses[item.pk].comment.strip())
        for item in items
    )
    errors = [item for item in items if responses[item.pk].answer == Answer.ERROR]
    substantial = [item for item in errors if item.substantial]
    selection.reviewed_at, selection.substantial_error = now, bool(substantial)
    if substantial:
        lines = [note.strip()] if note.strip() else []
        lines += [f"– {item.text}: {responses[item.pk].comment.strip()}" for item in substantial]
        _return(selection, actor=actor, note="\n".join(lines), now=now)
    else:
        selection.status, selection.resolved_at = SelectionStatus.DONE, now
        _step(selection, StepKind.REVIEWED, by=actor, at=now, note=note.strip())
        feedback.review_completed(selection)
    selection.save(update_fields=["reviewed_at", "substantial_error", "status", "resolved_at"])
    record(Action.UPDATE, actor=actor, obj=selection.case, step="qc_reviewed",
           substantial_error=bool(substantial), errors=[item.pk for item in errors])
    return selection


def correction_resubmitted(case: Any, *, actor: Any, note: str, now: datetime.datetime) -> None:
    """The step hook of a corrected file sent back (step "correct", see
    `QualityConfig.ready`), inside its transaction: the correction awaits re-check."""
    selection = Selection.objects.select_for_update().select_related("case").filter(case_id=case.pk).first()
    if selection is None or selection.status != SelectionStatus.CORRECTION:
        return
    selection.status = SelectionStatus.RECHECK
    selection.save(update_fields=["status"])
    _step(selection, StepKind.RESUBMITTED, by=actor, at=now, note=note)
    _notify_reviewer(selection, "qc_recheck")


@transaction.atomic
def recheck(selection: Selection, *, actor: Any, confirm: bool, note: str = "",
            now: datetime.datetime | None = None) -> Selection:
    """The reviewer confirms the correction (the review is over) or returns the file again."""
    selection = Selection.objects.select_for_update().select_related("case").get(pk=selection.pk)
    _check_reviewer(selection, actor)
    if selection.status != SelectionStatus.RECHECK:
        raise ReviewError(_("There is no correction to re-check on this file."))
    now = now or timezone.now()
    if confirm:
        selection.status, selection.resolved_at = SelectionStatus.DONE, now
        _step(selection, StepKind.CONFIRMED, by=actor, at=now, note=note.strip())
        feedback.review_completed(selection)
    else:
        if not note.strip():
            raise ReviewError(_("Say what is still wrong."))
        _return(selection, actor=actor, note=note.strip(), now=now)
    selection.save(update_fields=["status", "resolved_at"])
    record(Action.UPDATE, actor=actor, obj=selection.case, step="qc_recheck", confirmed=confirm)
    return selection

