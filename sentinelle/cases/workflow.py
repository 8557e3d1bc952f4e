"""The life cycle of a case, and every other change to a case, its activities
and who it is shared with: one function each, one transaction, one audit event.

A change carries the version of the object the staff member was looking at; if
somebody saved it in between, `Conflict` is raised and nothing is written, so
that nobody silently overwrites anybody (optimistic locking)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import ProhibitNullCharactersValidator
from django.db import models, transaction
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from django_fsm import can_proceed, has_transition_perm

from sentinelle.accounts.models import Region, RoleCode, User
from sentinelle.audit.services import Action, record
from sentinelle.cases import steps
from sentinelle.cases.models import (
    Activity,
    ActivityKind,
    Case,
    CaseShare,
    CaseStatus,
    CaseTransition,
    Decision,
    DecisionStatus,
    Outcome,
)
from sentinelle.lib.locking import Conflict, save_changes, save_versioned
from sentinelle.lib.references import new_reference


class CaseError(Exception):
    """A change that cannot be made as asked; the message is for the staff member,
    and `field` names what they gave wrong, if one thing."""

    def __init__(self, message: str | Promise, *, field: str = "") -> None:
        super().__init__(str(message))
        self.message = str(message)
        self.field = field


# The life cycle ----------------------------------------------------------------


@dataclass(frozen=True)
class Move:
    name: str
    label: Promise
    # What the form of this step asks for (see cases.forms.MoveForm).
    needs: tuple[str, ...] = ()
    danger: bool = False
    # Taken from another page (a quality review), never offered on the case page.
    elsewhere: bool = False


MOVES: dict[str, Move] = {m.name: m for m in [
    Move("assess", _("Record the assessment"), ("assessment",)),
    Move("assign", _("Assign to an investigator"), ("investigator",)),
    Move("start_inspection", _("Start the inspection")),
    Move("propose_decision", _("Propose a decision"), ("outcome", "grounds", "penalty_amount", "ban_years")),
    Move("approve_decision", _("Approve the decision")),
    Move("return_decision", _("Return the decision to the investigator"), ("note",), danger=True),
    Move("close", _("Close the case")),
    Move("return_for_correction", _("Return the file for correction"), ("note",), danger=True, elsewhere=True),
    Move("correct", _("Send the corrected file back to quality control"), ("note",)),
    Move("exclude", _("Exclude the case"), ("exclusion_rule", "note"), danger=True),
    Move("transfer", _("Transfer to another region"), ("region", "note"), danger=True),
]}

# The date each status is first reached is kept on the case.
REACHED_AT = {
    CaseStatus.ASSESSED: "assessed_at",
    CaseStatus.ASSIGNED: "assigned_at",
    CaseStatus.IN_INSPECTION: "inspection_started_at",
    CaseStatus.DECISION_PROPOSED: "decision_proposed_at",
    CaseStatus.DECISION_APPROVED: "decision_approved_at",
    CaseStatus.CLOSED: "closed_at",
    CaseStatus.EXCLUDED: "closed_at",
    CaseStatus.TRANSFERRED: "closed_at",
}


def available_moves(case: Case, user: Any) -> list[Move]:
    """The steps this user may take on this case now."""
    return [move for move in MOVES.values() if not move.elsewhere
            and can_proceed(getattr(case, move.name)) and has_transition_perm(getattr(case, move.name), user)]


@dataclass(frozen=True)
class Refusal:
    """Why a step cannot be taken, in words; `permission` names the rule that
    refused it when the staff member lacks the right (a denial to audit), and
    is empty when the case is simply not at that stage."""

    message: str
    permission: str = ""


def why_not(case: Case, name: str, user: Any) -> Refusal | None:
    """Why this user cannot take step `name` on this case now; None if they can."""
    if name not in MOVES:
        return Refusal(str(_("There is no such step.")))
    method = getattr(case, name)
    if not can_proceed(method):
        return Refusal(str(_("A case that is “%(status)s” cannot go to this step: %(step)s.")
                           % {"status": case.get_status_display(), "step": MOVES[name].label}))
    if not has_transition_perm(method, user):
        rule = method._django_fsm.get_transition(case.status).permission.perm
        if name in {"approve_decision", "return_decision"} and (proposal := proposal_of(case)) \
                and proposal.proposed_by_id == user.pk:
            return Refusal(str(_("You proposed this decision: another team lead must approve it.")), rule)
        return Refusal(str(_("You may not take this step on this case.")), rule)
    return None


def investigators_for(case: Case) -> models.QuerySet[User]:
    return User.objects.filter(
        is_active=True, region_id=case.region_id, roles__code=RoleCode.INVESTIGATOR
    ).distinct().order_by("full_name")


def proposal_of(case: Case) -> Decision | None:
    return case.decisions.filter(status=DecisionStatus.PROPOSED).first()  # type: ignore[attr-defined, no-any-return]


# The largest penalty the decision register holds (Decision.penalty_amount: 10 digits, 2 decimals).
MAX_PENALTY = Decimal("99999999.99")
MAX_BAN_YEARS = 10


def _check_decision(data: dict[str, Any]) -> dict[str, Any]:
    """What a proposed decision needs, checked here for the page and the API alike."""
    outcome, grounds = data.get("outcome") or "", (data.get("grounds") or "").strip()
    if outcome not in Outcome.values:
        raise CaseError(_("Choose the outcome of the decision."), field="outcome")
    if not grounds:
        raise CaseError(_("Give the grounds of the decision."), field="grounds")
    amount, years = data.get("penalty_amount"), data.get("ban_years")
    if outcome == Outcome.PENALTY:
        amount = _decimal(amount)
        if amount is None or not Decimal(1) <= amount <= MAX_PENALTY or amount != amount.quantize(Decimal("0.01")):
            raise CaseError(_("Give the amount of the administrative monetary penalty."), field="penalty_amount")
    if outcome == Outcome.BAN:
        years = _whole(years)
        if years is None or not 1 <= years <= MAX_BAN_YEARS:
            raise CaseError(_("Give the period of the ban, in years."), field="ban_years")
    return {
        "outcome": outcome, "grounds": grounds,
        "penalty_amount": amount if outcome == Outcome.PENALTY else None,
        "ban_years": years if outcome == Outcome.BAN else None,
    }


def _check_text(values: dict[str, Any]) -> None:
    """No text holds a null character (PostgreSQL refuses one), whoever sends it."""
    for name, value in values.items():
        if isinstance(value, str):
            try:
                ProhibitNullCharactersValidator()(value)
            except ValidationError as invalid:
                raise CaseError(invalid.messages[0], field=name) from invalid


def _decimal(value: Any) -> Decimal | None:
    try:
        number = Decimal(str(value)) if value not in (None, "") else None
    except ArithmeticError:
        return None
    return number if number is not None and number.is_finite() else None


def _whole(value: Any) -> int | None:
    try:
        return int(str(value)) if value not in (None, "") else None
    except ValueError:
        return None


@transaction.atomic
def move(case: Case, name: str, *, actor: User, expected_version: int | None = None,
         now: datetime | None = None, **data: Any) -> Case:
    """Take step `name` of the life cycle. Refused with a clear message when the
    step is not possible from the current status, when the actor may not take it,
    or when what it needs is missing."""
    if name not in MOVES:
        raise CaseError(_("There is no such step."))
    case = Case.objects.select_for_update().get(pk=case.pk)
    if expected_version is not None and case.version != expected_version:
        raise Conflict()
    method = getattr(case, name)
    source = case.status
    if refusal := why_not(case, name, actor):
        raise CaseError(refusal.message)
    _check_text(data)
    now = now or timezone.now()
    note = (data.get("note") or "").strip()
    fields = ["status"]
    detail: dict[str, Any] = {}

    if name == "assess":
        assessment = (data.get("assessment") or "").strip()
        if not assessment:
            raise CaseError(_("Write the assessment first."), field="assessment")
        case.assessment = assessment
        fields.append("assessment")
    elif name == "assign":
        investigator = data.get("investigator")
        if investigator is None or not investigators_for(case).filter(pk=investigator.pk).exists():
            raise CaseError(_("Choose an investigator of the case's region."), field="investigator")
        case.assigned_to = investigator
        fields.append("assigned_to")
        detail["investigator"] = investigator.email
    elif name == "propose_decision":
        values = _check_decision(data)
        decision = Decision.objects.create(case=case, region_id=case.region_id, proposed_by=actor,
                                           proposed_at=now, **values)
        detail["outcome"] = decision.outcome
    elif name in {"approve_decision", "return_decision"}:
        proposal = proposal_of(case)
        if proposal is None:
            raise CaseError(_("There is no proposed decision on this case."))
        if name == "approve_decision":
            proposal.status, proposal.approved_by, proposal.approved_at = DecisionStatus.APPROVED, actor, now
            proposal.save(update_fields=["status", "approved_by", "approved_at"])
        else:
            if not note:
                raise CaseError(_("Say why the decision is returned."), field="note")
            proposal.status, proposal.returned_reason = DecisionStatus.RETURNED, note
            proposal.save(update_fields=["status", "returned_reason"])
        detail["outcome"] = proposal.outcome
    elif name in {"return_for_correction", "correct"}:
        if not note:
            raise CaseError(_("Say what was wrong.") if name == "return_for_correction"
                            else _("Say what was corrected."), field="note")
    elif name == "exclude":
        rule = data.get("exclusion_rule")
        if rule is None or not rule.active:
            raise CaseError(_("Choose the exclusion rule that applies."), field="exclusion_rule")
        if not note:
            raise CaseError(_("Say why the case is excluded."), field="note")
        case.exclusion_rule = rule
        fields.append("exclusion_rule")
        detail["exclusion_rule"] = rule.code
    elif name == "transfer":
        region: Region | None = data.get("region")
        if region is None or region.pk == case.region_id or region.code == Region.NATIONAL:
            raise CaseError(_("Choose the region the case goes to."), field="region")
        if not note:
            raise CaseError(_("Say why the case is transferred."), field="note")
        successor = Case.objects.create(
            reference=new_reference("C"), employer=case.employer, region=region, opened_at=now, opened_by=actor,
            risk_score=case.risk_score, summary=case.summary,
            work_permit_valid_until=case.work_permit_valid_until,
            permanent_residence_on=case.permanent_residence_on,
        )
        case.transferred_to = successor
        fields.append("transferred_to")
        detail.update(region=region.code, continued_as=successor.reference)
        record(Action.CREATE, actor=actor, obj=successor, transferred_from=case.reference)

    method()
    reached = REACHED_AT.get(case.status)
    if reached and getattr(case, reached) is None:
        setattr(case, reached, now)
        fields.append(reached)
    save_versioned(case, fields, expected_version=case.version)
    CaseTransition.objects.create(case=case, source=source, target=case.status, by=actor, at=now, note=note)
    record(Action.UPDATE, actor=actor, obj=case, step=name, source=source, target=case.status, **detail)
    # Quality control's draw on closing, for one, is part of the step, in the same transaction.
    steps.taken(name, case, actor=actor, note=note, now=now)
    return case


# Sharing -----------------------------------------------------------------------


@transaction.atomic
def share(case: Case, *, actor: User, reason: str, user: User | None = None, region: Region | None = None,
          now: datetime | None = None) -> CaseShare:
    if (user is None) == (region is None):
        raise CaseError(_("Share the case with one investigator or with one region."))
    if not reason.strip():
        raise CaseError(_("Say why the case is shared."))
    if region is not None and region.pk == case.region_id:
        raise CaseError(_("The case already belongs to that region."))
    if user is not None and not (user.is_active and user.has_role(RoleCode.INVESTIGATOR, RoleCode.TEAM_LEAD)):
        raise CaseError(_("A case can be shared only with an investigator or a team lead."))
    active = case.shares.active()  # type: ignore[attr-defined]
    if active.filter(user=user, region=region).exists():
        raise CaseError(_("The case is already shared with them."))
    sharing = CaseShare.objects.create(case=case, user=user, region=region, reason=reason.strip(),
                                       shared_by=actor, shared_at=now or timezone.now())
    record(Action.UPDATE, actor=actor, obj=case, step="share",
           shared_with=user.email if user else region.code)  # type: ignore[union-attr]
    return sharing


@transaction.atomic
def revoke_share(sharing: CaseShare, *, actor: User, now: datetime | None = None) -> CaseShare:
    sharing = CaseShare.objects.select_for_update().get(pk=sharing.pk)
    if sharing.revoked_at is not None:
        raise CaseError(_("This sharing was already revoked."))
    sharing.revoked_at, sharing.revoked_by = now or timezone.now(), actor
    sharing.save(update_fields=["revoked_at", "revoked_by"])
    recipient = sharing.user.email if sharing.user else sharing.region.code  # type: ignore[union-attr]
    record(Action.UPDATE, actor=actor, obj=sharing.case, step="revoke_share", shared_with=recipient)
    return sharing


# The case's own fields and its activities ------------------------------------------

CASE_FIELDS = ["summary", "work_permit_valid_until", "permanent_residence_on"]


@transaction.atomic
def update_case(case: Case, values: dict[str, Any], *, actor: User, expected_version: int) -> Case:
    changed = save_changes(case, values, CASE_FIELDS, expected_version=expected_version)
    record(Action.UPDATE, actor=actor, obj=case, fields=changed)
    return case


# The fields each kind of activity asks for, in order. Escalations and referrals
# are recorded on the tip line and appear on the case's timeline from there.
ACTIVITY_FIELDS: dict[str, list[str]] = {
    ActivityKind.PHONE_CALL: ["occurred_at", "notes"],
    ActivityKind.INTERVIEW: ["occurred_at", "interviewee", "notes"],
    ActivityKind.INSPECTION: ["occurred_at", "announced", "place", "participants", "findings", "notes"],
    ActivityKind.DOCUMENT_REQUEST: ["occurred_at", "due_on", "received_on", "notes"],
    ActivityKind.TASK: ["occurred_at", "owner", "due_on", "done", "notes"],
    ActivityKind.REVIEW: ["occurred_at", "review_kind", "findings", "notes"],
    ActivityKind.NOTE: ["occurred_at", "notes"],
}
# What a kind cannot go without, beyond its date.
REQUIRED_FIELDS: dict[str, set[str]] = {
    ActivityKind.PHONE_CALL: {"notes"},
    ActivityKind.INTERVIEW: {"interviewee", "notes"},
    ActivityKind.INSPECTION: {"announced", "place", "findings"},
    ActivityKind.DOCUMENT_REQUEST: {"due_on", "notes"},
    ActivityKind.TASK: {"owner", "due_on", "notes"},
    ActivityKind.REVIEW: {"review_kind", "findings"},
    ActivityKind.NOTE: {"notes"},
}


def case_staff(case: Case) -> models.QuerySet[User]:
    """Who may own a task of the case: investigators and team leads of its region."""
    return User.objects.filter(
        is_active=True, region_id=case.region_id, roles__code__in=[RoleCode.INVESTIGATOR, RoleCode.TEAM_LEAD],
    ).distinct().order_by("full_name")


def check_activity(case: Case, kind: str, values: dict[str, Any], *, current: Activity | None = None) -> None:
    """What an activity is given, checked for the page and the API alike: only
    the fields of its kind (`done_at` for the `done` of a task), each one a value
    the activity can hold, what the kind cannot go without (with what `current`
    holds already), and a task's owner among the staff of the case's region."""
    if kind not in ACTIVITY_FIELDS:
        raise CaseError(_("Choose the kind of activity.") if kind not in ActivityKind.values
                        else _("This kind of activity is recorded on the tip line, not here."))
    takes = {"done_at" if name == "done" else name for name in ACTIVITY_FIELDS[kind]}
    foreign = [name for name in values if name not in takes]
    if foreign:
        raise CaseError(_("These fields do not apply to this kind of activity: %(fields)s.")
                        % {"fields": ", ".join(foreign)})
    _check_text(values)
    held = {name: getattr(current, name) for name in takes} if current is not None else {}
    # A new activity without a date took place now (see add_activity).
    for name in sorted(REQUIRED_FIELDS[kind] | ({"occurred_at"} if current is not None else set())):
        value = values[name] if name in values else held.get(name)
        if value is None or (isinstance(value, str) and not value.strip()):
            raise CaseError(forms.Field.default_error_messages["required"], field=name)
    owner = values.get("owner")
    if owner is not None and not case_staff(case).filter(pk=owner.pk).exists():
        raise CaseError(forms.ModelChoiceField.default_error_messages["invalid_choice"], field="owner")
    for name, value in values.items():
        field = Activity._meta.get_field(name)
        if name == "owner" or value is None:
            continue
        try:
            field.clean(value, None)  # type: ignore[union-attr]
        except ValidationError as invalid:
            raise CaseError(invalid.messages[0], field=name) from invalid


def _check_training(actor: User, kind: str, announced: bool | None) -> None:
    """Some activities need a course first (an unannounced on-site inspection)."""
    if message := steps.refusal(steps.RECORD_ACTIVITY, actor, kind=kind, announced=announced):
        raise CaseError(message)


@transaction.atomic
def add_activity(case: Case, kind: str, values: dict[str, Any], *, actor: User) -> Activity:
    if kind not in ActivityKind.values:
        raise CaseError(_("Choose the kind of activity."))
    if not case.is_open:
        raise CaseError(_("Activities can no longer be added to a case that is “%(status)s”.")
                        % {"status": case.get_status_display()})
    check_activity(case, kind, values)
    _check_training(actor, kind, values.get("announced"))
    activity = Activity(case=case, kind=kind, author=actor, **values)
    if activity.occurred_at is None:
        activity.occurred_at = timezone.now()
    activity.save()
    record(Action.CREATE, actor=actor, obj=case, activity=activity.pk, kind=kind)
    return activity


@transaction.atomic
def update_activity(activity: Activity, values: dict[str, Any], *, actor: User, expected_version: int) -> Activity:
    check_activity(activity.case, activity.kind, values, current=activity)
    changed = [name for name, value in values.items() if getattr(activity, name) != value]
    if "announced" in changed:
        _check_training(actor, activity.kind, values["announced"])
    for name in changed:
        setattr(activity, name, values[name])
    save_versioned(activity, changed, expected_version=expected_version)
    record(Action.UPDATE, actor=actor, obj=activity.case, activity=activity.pk, fields=changed)
    return activity
