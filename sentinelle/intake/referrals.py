"""The referral strategy (seed 000: « stratégie en matière de renvoi »): a matter
is referred to a partner authority from a report, a case or an escalation, or
when a report is closed as outside the program's jurisdiction; its outcome is
followed (sent → acknowledged → action taken / no action / no reply), and the
referring team is reminded when a partner has not replied.

Every action is one function, one transaction, the version checked and one
audit event. An action that cannot be done raises `ReferralError` with a message
for the staff member, and changes nothing."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy
from django_fsm import can_proceed

from sentinelle.audit.services import Action, record
from sentinelle.cases.models import Case
from sentinelle.intake import escalation as escalations
from sentinelle.intake.models import (
    Escalation,
    Partner,
    Referral,
    ReferralOrigin,
    ReferralOutcome,
    Report,
)
from sentinelle.lib.locking import save_versioned

# A referral cannot be dated later than now (a clock a little ahead is forgiven).
CLOCK_SLACK = timedelta(minutes=5)


class ReferralError(Exception):
    """A referral that cannot be made or moved as asked; the message is for the staff member."""

    def __init__(self, message: str | Promise) -> None:
        super().__init__(str(message))
        self.message = str(message)


def reply_days() -> int:
    """Days after which a partner that has not replied is chased (settings)."""
    return int(getattr(settings, "REFERRAL_REPLY_DAYS", 14))


def refer(
    partner: Partner, *, means: str, communicated_at: datetime, what: str, actor: Any,
    report: Report | None = None, case: Case | None = None, escalation: Escalation | None = None,
    origin: str | None = None, reply: str = "", reply_at: datetime | None = None, now: datetime | None = None,
) -> Referral:
    """Record that the matter was communicated to `partner`, from a report, a
    case or an escalation (its report or case is kept with it). Within an
    escalation, the escalation may now be met. A reply given at once counts as the
    partner's acknowledgement."""
    now = now or timezone.now()
    if communicated_at > now + CLOCK_SLACK:
        raise ReferralError(gettext_lazy("A referral cannot be recorded before it is made."))
    if reply_at is not None and reply_at < communicated_at:
        raise ReferralError(gettext_lazy("The reply cannot come before the referral."))
    if not partner.active:
        raise ReferralError(gettext_lazy("This partner is no longer in the list of partners."))
    with transaction.atomic():
        if escalation is not None:
            escalation = Escalation.objects.select_for_update().get(pk=escalation.pk)
            report = report or escalation.report
            case = case or escalation.case
            origin = origin or ReferralOrigin.ESCALATION
        elif case is not None:
            origin = origin or ReferralOrigin.CASE
        elif report is not None:
            origin = origin or ReferralOrigin.REPORT
        else:
            raise ReferralError(gettext_lazy("A referral is made from a report, a case or an escalation."))
        if escalation is not None:
            region_id = escalation.region_id
        elif case is not None:
            region_id = case.region_id
        else:
            region_id = report.region_id  # type: ignore[union-attr]
        referral = Referral.objects.create(
            origin=origin, escalation=escalation, report=report, case=case, region_id=region_id,
            partner=partner, means=means, communicated_at=communicated_at, communicated_by=actor, what=what,
            reply=reply, reply_at=reply_at if reply else None,
        )
        if reply:
            referral.acknowledge()
            referral.acknowledged_at = reply_at or now
            referral.save(update_fields=["outcome", "acknowledged_at"])
        met = escalations.update_met(escalation, now=now) if escalation is not None else None
        record(Action.CREATE, actor=actor, obj=referral, origin=origin, partner=partner.code,
               report=report.reference if report else "", case=case.reference if case else "",
               escalation=escalation.pk if escalation else None, met=met)
    return referral


def record_reply(referral: Referral, reply: str, reply_at: datetime | None, *, actor: Any,
                 expected_version: int | None = None) -> Referral:
    """The partner's reply, when it comes: a first reply acknowledges the referral."""
    with transaction.atomic():
        referral.reply = reply
        referral.reply_at = reply_at
        fields = ["reply", "reply_at"]
        if referral.outcome == ReferralOutcome.SENT and reply:
            referral.acknowledge()
            referral.acknowledged_at = reply_at or timezone.now()
            fields += ["outcome", "acknowledged_at"]
        save_versioned(referral, fields, expected_version=expected_version)
        record(Action.UPDATE, actor=actor, obj=referral, escalation=referral.escalation_id, reply=True,
               outcome=referral.outcome)
    return referral


# The outcome's moves: the name the pages post, the model's transition.
MOVES: dict[str, str] = {
    ReferralOutcome.ACKNOWLEDGED: "acknowledge",
    ReferralOutcome.ACTION_TAKEN: "action_taken",
    ReferralOutcome.NO_ACTION: "no_action",
    ReferralOutcome.NO_REPLY: "no_reply",
}


def next_outcomes(referral: Referral) -> list[ReferralOutcome]:
    """The outcomes the referral can move to now."""
    return [ReferralOutcome(outcome) for outcome, method in MOVES.items()
            if can_proceed(getattr(referral, method))]


def record_outcome(referral: Referral, outcome: str, *, actor: Any, note: str = "", at: datetime | None = None,
                   expected_version: int | None = None, now: datetime | None = None) -> Referral:
    """Move the referral's outcome (acknowledged, action taken, no action, no
    reply), with what the partner said or did and when, under the version the
    staff member saw."""
    now = now or timezone.now()
    at = at or now
    method = MOVES.get(outcome)
    if method is None:
        raise ReferralError(gettext_lazy("Choose what became of the referral."))
    if at > now + CLOCK_SLACK:
        raise ReferralError(gettext_lazy("An outcome cannot be recorded before it happens."))
    if at < referral.communicated_at:
        raise ReferralError(gettext_lazy("The outcome cannot come before the referral."))
    with transaction.atomic():
        previous = referral.outcome
        move = getattr(referral, method)
        if not can_proceed(move):
            raise ReferralError(gettext_lazy("The referral cannot move to this outcome from where it is."))
        move()
        fields = ["outcome"]
        if outcome == ReferralOutcome.ACKNOWLEDGED:
            referral.acknowledged_at = at
            fields.append("acknowledged_at")
        else:
            referral.outcome_at, referral.outcome_by, referral.outcome_note = at, actor, note
            fields += ["outcome_at", "outcome_by", "outcome_note"]
        if note and outcome == ReferralOutcome.ACKNOWLEDGED and not referral.reply:
            referral.reply, referral.reply_at = note, at
            fields += ["reply", "reply_at"]
        save_versioned(referral, fields, expected_version=expected_version)
        record(Action.UPDATE, actor=actor, obj=referral, outcome=outcome, previous=previous)
    return referral


# Escalation from a case -------------------------------------------------------------


def escalate_case(case: Case, reason: str, *, actor: Any, now: datetime | None = None) -> Escalation:
    """A danger found during an inspection starts the same 24/48-hour clock as a
    report's. Audited by `escalation.open_escalation`."""
    if not reason.strip():
        raise ReferralError(gettext_lazy("Say why health or safety is at risk."))
    if case.escalations.filter(met_at__isnull=True).exists():  # type: ignore[attr-defined]
        raise ReferralError(gettext_lazy("An escalation is already open for this case."))
    return escalations.open_escalation(case, now or timezone.now(), reason=reason, opened_by=actor)


def standards_body(province: str) -> Partner | None:
    """The employment standards body of a province or territory (the usual
    recipient of a matter outside the program's jurisdiction); ESDC without one."""
    return (Partner.objects.filter(kind=Partner.Kind.EMPLOYMENT_STANDARDS, province=province, active=True)
            .order_by("code").first() if province else None) or Partner.objects.filter(code="esdc").first()


# Reading aids ---------------------------------------------------------------------------


def of_case(case: Case) -> QuerySet[Referral]:
    """The referrals of a case: its own, its reports', its escalations'."""
    return Referral.objects.filter(
        Q(case=case) | Q(report__case=case) | Q(escalation__case=case) | Q(escalation__report__case=case)
    ).distinct()


def unanswered(now: datetime, days: int | None = None) -> QuerySet[Referral]:
    """Referrals still only sent, older than `days`, whose reminder is not out."""
    days = reply_days() if days is None else days
    return Referral.objects.filter(outcome=ReferralOutcome.SENT, reminder_sent_at__isnull=True,
                                   communicated_at__lte=now - timedelta(days=days))
