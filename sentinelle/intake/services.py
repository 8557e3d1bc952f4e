"""Every change to reports: one function, one transaction, one audit event."""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.db.models import Value
from django.db.models.functions import Upper
from django.utils import timezone
from django.utils.translation import gettext_lazy

from sentinelle.accounts.models import Region
from sentinelle.audit.services import Action, record
from sentinelle.intake import escalation as escalations
from sentinelle.intake import receipts, risk
from sentinelle.intake.models import (
    Answer,
    Attachment,
    Channel,
    EscalationReason,
    Message,
    Report,
    ReportAllegation,
    ServicePoint,
    SurveyResponse,
)
from sentinelle.lib.anonymity import to_the_hour
from sentinelle.lib.geo import REGION_OF_PROVINCE
from sentinelle.lib.locking import save_versioned
from sentinelle.lib.references import new_reference
from sentinelle.lib.uploads.clean import clean_name
from sentinelle.lib.uploads.store import Batch, Stored

# The fields of a report that the worker (or an intake agent) fills in.
REPORT_FIELDS = (
    "anonymous", "contact_name", "contact_phone", "contact_email", "contact_method", "contact_safe_times",
    "employer_name", "employer_address", "employer_city", "employer_province", "employer_phone",
    "workplace", "sector", "description", "since", "workers_affected", "danger_now", "hazard_now",
)
CONTACT_FIELDS = ("contact_name", "contact_phone", "contact_email", "contact_method", "contact_safe_times")


class ReceiptMismatch(Exception):
    """The report cannot be filed as sent: a retry carried the idempotency key of a
    report but not its receipt code, or the code is already another report's (the
    views derive both from a server nonce, so neither happens but by a fault)."""


class ServicePointRefused(Exception):
    """A service point missing for a report taken in person, or given for another
    channel; the message is for the staff member."""

    def __init__(self, message: Any) -> None:
        super().__init__(str(message))
        self.message = str(message)


def check_service_point(channel: str, service_point: ServicePoint | None) -> None:
    """A report taken in person names the active service point where it was
    received; a report of any other channel names none."""
    if channel == Channel.IN_PERSON:
        if service_point is None:
            raise ServicePointRefused(gettext_lazy(
                "Choose the service point where the worker came in person."))
        if not service_point.active:
            raise ServicePointRefused(gettext_lazy(
                "This service point is no longer active: choose another one."))
    elif service_point is not None:
        raise ServicePointRefused(gettext_lazy(
            "A service point is recorded only for a report taken in person: leave it empty for this channel."))


@dataclass(frozen=True)
class Submission:
    report: Report
    receipt_code: str
    created: bool


def region_for(province: str) -> Region:
    """Reports whose province is unknown are triaged by National HQ."""
    return Region.objects.get(code=REGION_OF_PROVINCE.get(province or "", Region.NATIONAL))


def _earlier_reports(report: Report) -> int:
    if not report.employer_name.strip():
        return 0
    # Upper() on both sides, computed by the database, so that the index on
    # (UPPER(employer_name), employer_province) serves the lookup: without it each
    # submission read every report ever filed.
    query = Report.objects.annotate(name_key=Upper("employer_name")).filter(
        name_key=Upper(Value(report.employer_name.strip())))
    if report.employer_province:
        query = query.filter(employer_province=report.employer_province)
    if report.pk is not None:
        query = query.exclude(pk=report.pk)
    return query.count()


def submit_report(
    fields: dict[str, Any],
    allegations: Sequence[str],
    files: Sequence[UploadedFile],
    *,
    idempotency_key: str,
    receipt_code: str,
    channel: str = Channel.WEB,
    language: str = "fr",
    recorded_by: Any = None,
    referred_by: Any = None,
    referred_by_contact: str = "",
    service_point: ServicePoint | None = None,
) -> Submission:
    """File a report. The same idempotency key (a double click, a retry on a bad
    connection) gives back the report already filed instead of a second one.

    Files must have been checked with `uploads.clean.validate_attachment` already.
    An inbound referral (channel "partner") names the partner that sent it
    (`referred_by`) and who there (`referred_by_contact`); one taken in person,
    the service point where it was received (`check_service_point`)."""
    check_service_point(channel, service_point)
    lookup = receipts.lookup_hash(receipts.normalize(receipt_code) or "")
    existing = Report.objects.filter(idempotency_key=idempotency_key).first()
    if existing is not None:
        if existing.receipt_lookup != lookup:
            raise ReceiptMismatch
        return Submission(existing, receipt_code, created=False)

    values = {name: fields.get(name) for name in REPORT_FIELDS if name in fields}
    if values.get("anonymous", True):
        for name in CONTACT_FIELDS:
            values[name] = ""
    for name, value in list(values.items()):
        if value is None and name != "sector":
            values[name] = ""
    # The arrival, to the hour only: see `lib.anonymity` (the rule) and DATAFLOW.md.
    arrival = to_the_hour()
    try:
        # The files wait in quarantine until the report is committed (see `uploads.store.Batch`).
        with Batch() as batch:
            stored = [(upload, batch.stage(upload, Attachment.file.field)) for upload in files]
            report = _file_report(values, allegations, stored, arrival=arrival, idempotency_key=idempotency_key,
                                  receipt_code=receipt_code, channel=channel, language=language,
                                  recorded_by=recorded_by, referred_by=referred_by,
                                  referred_by_contact=referred_by_contact, service_point=service_point)
    except IntegrityError:
        again = Report.objects.filter(idempotency_key=idempotency_key).first()
        if again is None:
            if Report.objects.filter(receipt_lookup=lookup).exists():
                # The code is another report's: never a server error that would tell it exists.
                raise ReceiptMismatch from None
            raise
        if again.receipt_lookup != lookup:
            raise ReceiptMismatch from None
        return Submission(again, receipt_code, created=False)
    return Submission(report, receipt_code, created=True)


def _file_report(values: dict[str, Any], allegations: Sequence[str],
                 stored: list[tuple[UploadedFile, Stored]], *, arrival: datetime.datetime, idempotency_key: str,
                 receipt_code: str, channel: str, language: str, recorded_by: Any,
                 referred_by: Any = None, referred_by_contact: str = "",
                 service_point: ServicePoint | None = None) -> Report:
    today = arrival.date()
    with transaction.atomic():
        lookup_value, verifier = receipts.hashes_for(receipt_code)
        report = Report(
            reference=new_reference("R"),
            channel=channel,
            language=language,
            submitted_on=today,
            recorded_by=recorded_by,
            referred_by=referred_by if channel == Channel.PARTNER else None,
            referred_by_contact=referred_by_contact if channel == Channel.PARTNER else "",
            service_point=service_point,
            idempotency_key=idempotency_key,
            receipt_lookup=lookup_value,
            receipt_verifier=verifier,
            region=region_for(str(values.get("employer_province") or "")),
            **values,
        )
        # Scored before the row is written, so that one INSERT stores the score too.
        report.risk_score, report.risk_explanation = risk.score(
            report, list(allegations), earlier_reports=_earlier_reports(report)
        )
        report.save(force_insert=True)
        ReportAllegation.objects.bulk_create(
            [ReportAllegation(report=report, category=c) for c in dict.fromkeys(allegations)]
        )
        _attach(report, stored, today)
        if report.is_urgent:
            # From the hour of arrival: the target and deadline can only come earlier.
            escalations.open_escalation(
                report,
                arrival,
                reason=EscalationReason.DANGER_NOW if report.danger_now == Answer.YES else EscalationReason.HAZARD_NOW,
            )
        # A worker's report is recorded without anyone's name or address.
        detail: dict[str, Any] = {"channel": channel}
        if referred_by is not None and channel == Channel.PARTNER:
            detail["referred_by"] = referred_by.code
        if service_point is not None:
            detail["service_point"] = service_point.code
        record(Action.CREATE, actor=recorded_by, obj=report, occurred_at=arrival, **detail)
    return report


def set_service_point(report: Report, service_point: ServicePoint, *, actor: Any,
                      expected_version: int | None) -> Report:
    """Correct the service point where a report taken in person was received,
    if nobody saved the report since the staff member opened it (`Conflict`)."""
    with transaction.atomic():
        current = Report.objects.select_for_update().get(pk=report.pk)
        check_service_point(current.channel, service_point)
        previous = current.service_point.code if current.service_point is not None else ""
        current.service_point = service_point
        save_versioned(current, ["service_point"], expected_version=expected_version)
        record(Action.UPDATE, actor=actor, obj=current, service_point=service_point.code,
               previous_service_point=previous)
    return current


def add_worker_message(report: Report, body: str, files: Sequence[UploadedFile] = ()) -> Message:
    """The worker adds information (and files) through the follow-up page.
    The files wait in quarantine until the message is committed (see `uploads.store.Batch`)."""
    today = timezone.localdate()
    with Batch() as batch:
        stored = [(upload, batch.stage(upload, Attachment.file.field)) for upload in files]
        with transaction.atomic():
            message = Message.objects.create(report=report, from_worker=True, body=body, sent_on=today)
            _attach(report, stored, today)
            record(Action.CREATE, obj=message, via="follow_up")
    return message


def _attach(report: Report, stored: list[tuple[UploadedFile, Stored]], today: datetime.date) -> None:
    """The rows of files staged in an `uploads.store.Batch`."""
    Attachment.objects.bulk_create([
        Attachment(
            report=report, file=file.name, original_name=clean_name(upload.name or ""),
            content_type=file.kind.content_type, size=file.size, sha256=file.sha256, added_on=today,
        )
        for upload, file in stored
    ])


@transaction.atomic
def send_staff_message(report: Report, body: str, *, actor: Any) -> Message:
    now = timezone.now()
    message = Message.objects.create(
        report=report, from_worker=False, author=actor, body=body, sent_on=timezone.localdate(), sent_at=now
    )
    record(Action.CREATE, actor=actor, obj=message)
    return message


def mark_messages_read(report: Report) -> None:
    report.messages.filter(from_worker=False, read_by_worker_on__isnull=True).update(
        read_by_worker_on=timezone.localdate()
    )


def record_survey(rating: int, *, language: str, channel: str = Channel.WEB) -> SurveyResponse:
    return SurveyResponse.objects.create(
        rating=rating, language=language, channel=channel, answered_on=timezone.localdate()
    )
