"""Every change made from the ethics pages, each one transaction with its audit
event: designating the officer or substitute, recording an absence, receiving a
disclosure, the officer's reading, handling and messages, the author's follow-up,
and the daily warning to administrators of a day ahead without an officer.

Audit events about a disclosure name it by its reference only; those its author
causes (making it, reading the answers, writing back) name no actor, so that the
audit log never tells who disclosed."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from sentinelle.accounts import notifications
from sentinelle.accounts.models import RoleCode, User
from sentinelle.audit.services import Action, record
from sentinelle.ethics.designations import coverage_gaps, on_duty
from sentinelle.ethics.models import Absence, Consultation, CoverageWarning, Designation, Disclosure, Message
from sentinelle.intake import receipts
from sentinelle.lib.locking import save_changes
from sentinelle.lib.references import new_reference

HANDLING_FIELDS = ["status", "handling", "outcome", "reprisal_complaint", "reprisal_received_on"]


def designate(values: dict[str, Any], *, actor: Any, request: Any = None) -> Designation:
    with transaction.atomic():
        designation = Designation.objects.create(**values, created_by=actor)
        record(Action.CREATE, actor=actor, obj=designation, request=request, post=designation.post,
               user=designation.user.email, starts_on=str(designation.starts_on),
               ends_on=str(designation.ends_on or ""))
    return designation


def record_absence(values: dict[str, Any], *, actor: Any, request: Any = None) -> Absence:
    with transaction.atomic():
        absence = Absence.objects.create(**values, created_by=actor)
        record(Action.CREATE, actor=actor, obj=absence, request=request, starts_on=str(absence.starts_on),
               ends_on=str(absence.ends_on))
    return absence


def record_consultation(values: dict[str, Any], *, actor: Any, request: Any = None) -> Consultation:
    """A question asked of the officer and the advice given; the person only if they agreed to be named."""
    with transaction.atomic():
        consultation = Consultation.objects.create(**values, recorded_by=actor)
        record(Action.CREATE, actor=actor, obj=consultation, request=request)
    return consultation


def submit_disclosure(values: dict[str, Any], *, author: Any, anonymous: bool, receipt_code: str) -> Disclosure:
    """File the disclosure; the author keeps `receipt_code` to follow it up. The
    audit event and the officer's notification name the reference only."""
    lookup, verifier = receipts.hashes_for(receipt_code)
    with transaction.atomic():
        disclosure = Disclosure.objects.create(
            reference=new_reference("D"), anonymous=anonymous, discloser=None if anonymous else author,
            receipt_lookup=lookup, receipt_verifier=verifier, **values)
        record(Action.CREATE, obj=disclosure)
        notifications.notify(on_duty().readers, "ethics_disclosure", {"reference": disclosure.reference},
                             url_name="ethics:disclosure_detail", url_args=[disclosure.pk])
    return disclosure


def read_disclosure(disclosure: Disclosure, *, actor: Any, request: Any = None) -> None:
    """Every opening of a disclosure by the officer is in the audit log."""
    record(Action.VIEW, actor=actor, obj=disclosure, request=request)


def followed_up(disclosure: Disclosure) -> None:
    """Its author read it with the receipt code: recorded without naming them."""
    record(Action.VIEW, obj=disclosure, by="receipt code")


def record_handling(disclosure: Disclosure, values: dict[str, Any], *, actor: Any, expected_version: int | None,
                    request: Any = None) -> list[str]:
    with transaction.atomic():
        changed = save_changes(disclosure, values, HANDLING_FIELDS, expected_version=expected_version)
        record(Action.UPDATE, actor=actor, obj=disclosure, request=request, fields=changed)
    return changed


def officer_message(disclosure: Disclosure, text: str, *, actor: Any, request: Any = None) -> Message:
    with transaction.atomic():
        message = Message.objects.create(disclosure=disclosure, from_officer=True, text=text)
        record(Action.UPDATE, actor=actor, obj=disclosure, request=request, fields=["message"])
    return message


def author_message(disclosure: Disclosure, text: str) -> Message:
    with transaction.atomic():
        message = Message.objects.create(disclosure=disclosure, from_officer=False, text=text)
        record(Action.UPDATE, obj=disclosure, fields=["message"], by="receipt code")
        notifications.notify(on_duty().readers, "ethics_disclosure", {"reference": disclosure.reference},
                             url_name="ethics:disclosure_detail", url_args=[disclosure.pk])
    return message


def warn_of_gaps(today: date | None = None) -> bool:
    """Notify every administrator, once a day across servers, when a day of the
    coming weeks has no ethics officer (or no substitute during an absence)."""
    today = today or timezone.localdate()
    gaps = coverage_gaps(today)
    if not gaps:
        return False
    try:
        with transaction.atomic():
            CoverageWarning.objects.create(day=today, first_gap=gaps[0].day)
            administrators = User.objects.filter(is_active=True, roles__code=RoleCode.ADMINISTRATOR).distinct()
            notifications.notify(administrators, "ethics_coverage_gap", {"day": gaps[0].day.isoformat()},
                                 url_name="ethics:ethics")
    except IntegrityError:
        return False  # another server warned today
    return True
