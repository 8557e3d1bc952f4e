"""The health-and-safety escalation clock (seed 000, priority 1): the necessary
measures within 24 hours and at the latest within 48 hours, the communication of
the situation to the competent authorities included."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.db import transaction
from django.utils import timezone

from sentinelle.audit.services import Action, record
from sentinelle.cases.models import Case
from sentinelle.intake.models import Escalation, Report


def open_escalation(
    subject: Report | Case, opened_at: datetime, *, reason: str = "", opened_by: Any = None
) -> Escalation:
    """Open the clock for a report, or for a case (a danger found during an
    inspection): target = opened + 24 h, deadline = opened + 48 h. A report or a
    case has at most one open escalation; asking again returns it."""
    of_case = isinstance(subject, Case)
    on: dict[str, Any] = {"case": subject} if of_case else {"report": subject}
    detail: dict[str, Any] = {"case": subject.reference} if of_case else {}
    with transaction.atomic():
        current = Escalation.objects.filter(met_at__isnull=True, **on).first()
        if current is not None:
            return current
        escalation = Escalation.objects.create(
            **on,
            region=subject.region,
            opened_at=opened_at,
            opened_by=opened_by,
            reason=reason,
            target_at=opened_at + Escalation.TARGET,
            deadline_at=opened_at + Escalation.DEADLINE,
        )
        record(Action.CREATE, actor=opened_by, obj=escalation, automatic=opened_by is None, **detail)
    return escalation


def update_met(escalation: Escalation, *, now: datetime | None = None) -> bool:
    """An escalation is met once measures are recorded AND at least one referral
    was communicated to a competent authority; it is met at the later of the two."""
    if escalation.met_at is not None:
        return True
    first_referral = escalation.referrals.order_by("communicated_at").first()
    if not escalation.measures_recorded_at or first_referral is None:
        return False
    met_at = max(escalation.measures_recorded_at, first_referral.communicated_at)
    Escalation.objects.filter(pk=escalation.pk).update(met_at=met_at)
    escalation.met_at = met_at
    return True


def status_of(escalation: Escalation, now: datetime | None = None) -> str:
    """'met', 'met_late' (after 24 h), 'breached' (48 h passed), 'overdue' (24 h
    passed), or 'open'."""
    now = now or timezone.now()
    if escalation.met_at is not None:
        if escalation.met_at <= escalation.target_at:
            return "met"
        return "met_late" if escalation.met_at <= escalation.deadline_at else "met_after_deadline"
    if now > escalation.deadline_at:
        return "breached"
    if now > escalation.target_at:
        return "overdue"
    return "open"
