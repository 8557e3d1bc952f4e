"""Every change to an access request goes through here: the life cycle, the
notices and their dates, the documents gathered, the review of redactions, the
detection and release jobs. Each change is one transaction that checks the
version the privacy officer saw (`expected_version`, `Conflict` when somebody
saved in between) and writes its audit event; each refusal is a `RequestError`
whose message is for the privacy officer."""

from __future__ import annotations

import datetime
import uuid
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext as _

from sentinelle.audit.services import Action, record
from sentinelle.cases.models import Document
from sentinelle.lib.locking import claim
from sentinelle.lib.uploads.clean import clean_name, validate_attachment
from sentinelle.lib.uploads.detect import Kind
from sentinelle.lib.uploads.store import Batch
from sentinelle.privacy import deadlines, tasks
from sentinelle.privacy.models import (
    OPEN_STATUSES,
    TRANSITIONS,
    AccessRequest,
    DecisionKind,
    DocumentSource,
    JobKind,
    LegalGround,
    MarkDecision,
    MarkOrigin,
    RedactionJob,
    RedactionMark,
    Regime,
    RequestDocument,
    Requester,
    RequestStatus,
)

# Extensions redaction.convert.to_pdf converts; an uploaded file of another kind is refused.
CONVERTIBLE = {"pdf", "png", "jpg", "jpeg", "docx", "odt", "doc", "rtf", "txt"}


class RequestError(Exception):
    """A change that cannot be made as asked; the message is for the privacy officer."""

    def __init__(self, message: str | Promise) -> None:
        super().__init__(str(message))
        self.message = str(message)


def create_request(*, requester: dict[str, str], received_on: datetime.date, scope: str, regime: str,
                   language: str, assigned_to: Any, actor: Any, request: Any = None) -> AccessRequest:
    with transaction.atomic():
        person = Requester.objects.create(**requester)
        for attempt in range(5):
            access_request = AccessRequest(requester=person, received_on=received_on, scope=scope, regime=regime,
                                           language=language, assigned_to=assigned_to, created_by=actor)
            try:
                # Two requests recorded at the same moment may draw the same number: draw again.
                with transaction.atomic():
                    access_request.save()
                break
            except IntegrityError:
                if attempt == 4:
                    raise
        record(Action.CREATE, actor=actor, obj=access_request, request=request, regime=regime)
    return access_request


def _locked(access_request: AccessRequest, expected_version: int | None = None) -> AccessRequest:
    """The request, its row locked until the commit; first, when the officer's
    page carried a version, that version is claimed (`Conflict` if it moved on)."""
    if expected_version is not None:
        claim(access_request, expected_version)
    return AccessRequest.objects.select_for_update().get(pk=access_request.pk)


def move(access_request: AccessRequest, status: str, *, actor: Any, request: Any = None) -> AccessRequest:
    with transaction.atomic():
        current = _locked(access_request)
        if status not in TRANSITIONS.get(current.status, set()):
            raise RequestError(_("A request that is “%(current)s” cannot become “%(new)s”.") % {
                "current": current.get_status_display(), "new": RequestStatus(status).label})
        previous = current.status
        current.status = status
        if status == RequestStatus.CLOSED:
            current.closed_on = timezone.localdate()
        current.save()
        record(Action.UPDATE, actor=actor, obj=current, request=request, status=status, previous=previous)
    return current


def acknowledge(access_request: AccessRequest, *, on: datetime.date, actor: Any, request: Any = None,
                expected_version: int | None = None) -> AccessRequest:
    if on < access_request.received_on:
        raise RequestError(_("The acknowledgement cannot be sent before the request was received."))
    with transaction.atomic():
        current = _locked(access_request, expected_version)
        current.acknowledged_on = on
        if current.status == RequestStatus.RECEIVED:
            current.status = RequestStatus.IN_PROGRESS
        current.save()
        record(Action.UPDATE, actor=actor, obj=current, request=request, notice="acknowledgement", on=str(on))
    return current


def extend(access_request: AccessRequest, *, on: datetime.date, days: int, reason: str, federal_reason: str = "",
           actor: Any, request: Any = None, expected_version: int | None = None) -> AccessRequest:
    """Quebec: once, by at most 10 days, notified before the 20-day limit expires
    (art. 47). Federal: s. 9(1), with one of its reasons, notified within the 30 days."""
    with transaction.atomic():
        current = _locked(access_request, expected_version)
        if current.status not in OPEN_STATUSES:
            raise RequestError(_("Only a request still being processed can be extended."))
        if current.is_extended:
            raise RequestError(_("This request has already been extended."))
        if on < current.received_on:
            raise RequestError(_("The extension notice cannot be sent before the request was received."))
        if not reason.strip():
            raise RequestError(_("Give the reason for the extension: the requester must be told."))
        if current.regime == Regime.QUEBEC:
            if not 1 <= days <= deadlines.QUEBEC_EXTENSION_DAYS:
                raise RequestError(_("Under the Quebec act, an extension is of 10 days at most."))
            if not deadlines.quebec_extension_possible(current.received_on, notified_on=on):
                raise RequestError(_("Too late: the extension must be notified before the 20-day limit "
                                     "(%(date)s).") % {"date": current.initial_due_on.isoformat()})
        else:
            try:
                deadlines.federal_extension(current.received_on, days=days, reason=federal_reason, notified_on=on)
            except ValueError:
                if federal_reason not in deadlines.FederalExtensionReason.ALL:
                    raise RequestError(_("Choose the reason of s. 9(1) for the extension.")) from None
                if days < 1:
                    raise RequestError(_("An extension is of at least one day.")) from None
                raise RequestError(_("Too late: the extension must be notified within the first 30 days "
                                     "(%(date)s).") % {"date": current.initial_due_on.isoformat()}) from None
        current.extended_on = on
        current.extension_days = days
        current.extension_reason = reason.strip()
        current.federal_extension_reason = federal_reason if current.regime == Regime.FEDERAL else ""
        current.status = RequestStatus.EXTENDED
        current.alert_state = ""
        current.save()
        record(Action.UPDATE, actor=actor, obj=current, request=request, notice="extension", on=str(on), days=days,
               due_on=str(current.due_on))
    return current


def redirect(access_request: AccessRequest, *, body: str, contact: str, on: datetime.date, letter_pdf: bytes,
             actor: Any, request: Any = None, expected_version: int | None = None) -> AccessRequest:
    """A-2.1 art. 48: the request belongs to another public body; the letter
    names it and its person in charge of access."""
    with transaction.atomic():
        current = _locked(access_request, expected_version)
        if RequestStatus.REDIRECTED not in TRANSITIONS.get(current.status, set()):
            raise RequestError(_("Only a request still being processed can be redirected."))
        if not body.strip():
            raise RequestError(_("Name the public body the request belongs to."))
        current.redirected_to = body.strip()
        current.redirected_contact = contact.strip()
        current.redirected_on = on
        current.decision = DecisionKind.REDIRECTED
        current.decision_sent_on = on
        current.status = RequestStatus.REDIRECTED
        current.redirection_letter.save(f"{uuid.uuid4().hex}.pdf", ContentFile(letter_pdf), save=False)
        current.save()
        record(Action.UPDATE, actor=actor, obj=current, request=request, notice="redirection", on=str(on))
    return current


def record_decision(access_request: AccessRequest, *, decision: str, sent_on: datetime.date, actor: Any,
                    request: Any = None, expected_version: int | None = None) -> AccessRequest:
    with transaction.atomic():
        current = _locked(access_request, expected_version)
        if RequestStatus.DECIDED not in TRANSITIONS.get(current.status, set()):
            raise RequestError(_("The decision can be recorded only once the request is in progress."))
        if decision not in (DecisionKind.FULL, DecisionKind.PARTIAL, DecisionKind.REFUSED):
            raise RequestError(_("Choose the decision."))
        if sent_on < current.received_on:
            raise RequestError(_("The decision cannot be sent before the request was received."))
        current.decision = decision
        current.decision_sent_on = sent_on
        current.status = RequestStatus.DECIDED
        current.save()
        record(Action.UPDATE, actor=actor, obj=current, request=request, notice="decision", decision=decision,
               on=str(sent_on))
    return current


def assign(access_request: AccessRequest, officer: Any, *, actor: Any, request: Any = None,
           expected_version: int | None = None) -> AccessRequest:
    with transaction.atomic():
        current = _locked(access_request, expected_version)
        current.assigned_to = officer
        current.save(update_fields=["assigned_to"])
        record(Action.UPDATE, actor=actor, obj=current, request=request, assigned_to=officer.pk if officer else None)
    return current


# Documents -------------------------------------------------------------------------


def _check_editable(access_request: AccessRequest) -> None:
    if access_request.status not in OPEN_STATUSES:
        raise RequestError(_("This request is no longer being processed: its documents cannot change."))


def gather_case_documents(access_request: AccessRequest, documents: list[Document], *, language: str, actor: Any,
                          request: Any = None) -> list[RequestDocument]:
    """Copy the current version of each case document into the request."""
    _check_editable(access_request)
    added = []
    # The copies wait in quarantine until the commit (see `uploads.store.Batch`).
    with Batch() as batch, transaction.atomic():
        for document in documents:
            version = document.current
            if version is None:
                continue
            extension = (version.file.name or "").rsplit(".", 1)[-1].lower()
            if extension not in CONVERTIBLE:
                raise RequestError(_("“%(title)s” cannot be converted to PDF (only PDF, images and text "
                                     "documents can be released).") % {"title": document.title})
            with version.file.open("rb") as handle:
                content = handle.read()
            stored = batch.stage_content(content, Kind(version.content_type, extension),
                                         RequestDocument.original.field)
            copy = RequestDocument(access_request=access_request, title=document.title[:200],
                                   source=DocumentSource.CASE, case_document=document, case_version=version,
                                   original_name=version.original_name, language=language, added_by=actor,
                                   original=stored.name)
            copy.save()
            added.append(copy)
            record(Action.VIEW, actor=actor, obj=document.case, request=request, document=document.pk,
                   version=version.number, access_request=access_request.reference)
        record(Action.UPDATE, actor=actor, obj=access_request, request=request,
               gathered=[d.case_document_id for d in added])
    return added


def upload_document(access_request: AccessRequest, upload: Any, *, title: str, language: str, actor: Any,
                    request: Any = None) -> RequestDocument:
    _check_editable(access_request)
    try:
        kind = validate_attachment(upload)
    except ValidationError as error:
        raise RequestError(" ".join(error.messages)) from error
    if kind.extension not in CONVERTIBLE:
        raise RequestError(_("Only PDF files, images (PNG, JPEG) and text documents (Word, OpenDocument) can be "
                             "released."))
    name = clean_name(upload.name or "file")
    # Cleaned of its metadata, in quarantine until the commit (see `uploads.store.Batch`).
    with Batch() as batch:
        stored = batch.stage(upload, RequestDocument.original.field)
        with transaction.atomic():
            document = RequestDocument(access_request=access_request, title=(title.strip() or name)[:200],
                                       source=DocumentSource.UPLOAD, original_name=name, language=language,
                                       added_by=actor, original=stored.name)
            document.save()
            record(Action.UPDATE, actor=actor, obj=access_request, request=request, uploaded=document.pk)
    return document


# Review ------------------------------------------------------------------------------


def _ground_for(access_request: AccessRequest, ground: LegalGround | None) -> LegalGround | None:
    if ground is not None and (ground.regime != access_request.regime or not ground.for_redaction):
        raise RequestError(_("This legal ground is not one of the law of this request."))
    return ground


def decide_mark(mark: RedactionMark, decision: str, *, ground: LegalGround | None, actor: Any,
                request: Any = None, expected_version: int | None = None) -> RedactionMark:
    access_request = mark.document.access_request
    _check_editable(access_request)
    if decision not in (MarkDecision.ACCEPTED, MarkDecision.REJECTED):
        raise RequestError(_("Accept or reject the proposal."))
    with transaction.atomic():
        if expected_version is not None:
            claim(mark, expected_version)
        if mark.origin == MarkOrigin.MANUAL and decision == MarkDecision.REJECTED:
            # A redaction drawn by hand and then rejected is simply removed.
            record(Action.UPDATE, actor=actor, obj=access_request, request=request, removed_mark=mark.pk)
            mark.delete()
            return mark
        mark.decision = decision
        mark.ground = _ground_for(access_request, ground) if decision == MarkDecision.ACCEPTED else None
        mark.decided_by = actor
        mark.decided_at = timezone.now()
        mark.save()
        record(Action.UPDATE, actor=actor, obj=access_request, request=request, mark=mark.pk, decision=decision,
               ground=mark.ground.code if mark.ground else None)
    return mark


Rect = tuple[float, float, float, float]


def add_manual_mark(document: RequestDocument, *, page: int, rect: Rect, text: str, ground: LegalGround | None,
                    actor: Any, request: Any = None) -> RedactionMark:
    return add_manual_marks(document, page=page, areas=[(rect, text)], ground=ground, actor=actor,
                            request=request)[0]


def add_manual_marks(document: RequestDocument, *, page: int, areas: list[tuple[Rect, str]],
                     ground: LegalGround | None, actor: Any, request: Any = None) -> list[RedactionMark]:
    """Redactions drawn (or found by their text) on one page, each area with the
    words it covers: all of them or none."""
    access_request = document.access_request
    _check_editable(access_request)
    if document.page_count is None or not 0 <= page < document.page_count:
        raise RequestError(_("There is no such page in this document."))
    if any(x1 - x0 < 1 or y1 - y0 < 1 for (x0, y0, x1, y1), _text in areas):
        raise RequestError(_("The area to redact is empty: draw or give a rectangle."))
    ground = _ground_for(access_request, ground)
    marks = []
    with transaction.atomic():
        for (x0, y0, x1, y1), text in areas:
            mark = RedactionMark.objects.create(
                document=document, page=page, x0=x0, y0=y0, x1=x1, y1=y1, text=text[:2000], kind="",
                origin=MarkOrigin.MANUAL, decision=MarkDecision.ACCEPTED, ground=ground,
                decided_by=actor, decided_at=timezone.now(),
            )
            record(Action.UPDATE, actor=actor, obj=access_request, request=request, manual_mark=mark.pk, page=page)
            marks.append(mark)
    return marks


# Jobs --------------------------------------------------------------------------------


def start_detection(document: RequestDocument, *, actor: Any, request: Any = None) -> RedactionJob:
    """Queue the detection of personal information in `document`. While one
    waits or runs, asking again (a double click, two officers) returns it."""
    with transaction.atomic():
        current = _locked(document.access_request)
        if not current.is_open:
            raise RequestError(_("This request is no longer being processed."))
        running = document.latest_job()
        if running is not None and running.is_active:
            return running
        job = RedactionJob.objects.create(access_request=current, document=document, kind=JobKind.DETECT,
                                          language=document.language, created_by=actor)
        record(Action.UPDATE, actor=actor, obj=current, request=request, detection=document.pk)
        transaction.on_commit(lambda: tasks.detect_personal_information.enqueue(job.pk))
    return job


def start_release(access_request: AccessRequest, *, language: str, actor: Any, request: Any = None
                  ) -> RedactionJob:
    """Queue the making of the release package, once nothing stops it
    (`AccessRequest.release_problems`). While one waits or runs, asking again returns it."""
    with transaction.atomic():
        current = _locked(access_request)
        running = current.jobs.filter(kind=JobKind.RELEASE).first()  # type: ignore[attr-defined]
        if running is not None and running.is_active:
            return running  # type: ignore[no-any-return]
        if current.release_problems():
            raise RequestError(_("The package cannot be made yet: see what remains to do."))
        job = RedactionJob.objects.create(access_request=current, kind=JobKind.RELEASE, language=language,
                                          created_by=actor)
        record(Action.UPDATE, actor=actor, obj=current, request=request, release=job.pk, language=language)
        transaction.on_commit(lambda: tasks.release_request.enqueue(job.pk))
    return job

