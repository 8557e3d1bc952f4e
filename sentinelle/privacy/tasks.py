"""Background work of access requests (run by `manage.py db_worker`).

- `detect_personal_information(job_id)`: converts one gathered document to PDF
  and stores the redactions the detector proposes, saving its progress page by
  page. It loads the spaCy pipelines (about 10 s, once per worker process): only
  the task worker imports them, never a web worker.
- `release_request(job_id)`: applies the accepted redactions, labelled with
  their ground, and makes the release package.
- `send_deadline_alerts()`: notifies the officer in charge of each request that
  comes within 5 working days of its due date, or passes it; once per state and
  due date. It re-enqueues itself every day; `manage.py schedule` starts the
  chain (`manage.py privacy_deadline_alerts` runs one pass at once)."""

from __future__ import annotations

import datetime
import hashlib
import uuid
from typing import Any

from django.core.files.base import ContentFile
from django.db import transaction
from django.tasks import task
from django.utils import timezone

from sentinelle.accounts import notifications
from sentinelle.lib.schedule import chain, enqueue_once
from sentinelle.privacy.models import (
    OPEN_STATUSES,
    AccessRequest,
    JobStatus,
    MarkDecision,
    MarkOrigin,
    RedactionJob,
    RedactionMark,
    ReleasePackage,
    RequestDocument,
)

ALERT_INTERVAL = datetime.timedelta(days=1)


def _progress(job_id: int) -> Any:
    def report(done: int, total: int) -> None:
        RedactionJob.objects.filter(pk=job_id).update(pages_done=done, pages_total=total)

    return report


def _fail(job: RedactionJob, message: str) -> None:
    job.status = JobStatus.FAILED
    job.error = message[:2000]
    job.finished_at = timezone.now()
    job.save(update_fields=["status", "error", "finished_at"])


def ensure_pdf(document: RequestDocument) -> bytes:
    """The document as a PDF, converting (and storing) it the first time."""
    from sentinelle.privacy.redaction import convert

    if document.pdf:
        with document.pdf.open("rb") as handle:
            return handle.read()
    with document.original.open("rb") as handle:
        data = handle.read()
    pdf = convert.to_pdf(data, document.original.name or document.original_name)
    document.pdf.save(f"{uuid.uuid4().hex}.pdf", ContentFile(pdf), save=False)
    document.page_count = convert.page_count(pdf)
    document.save(update_fields=["pdf", "page_count"])
    return pdf


@task
def detect_personal_information(job_id: int) -> int:
    """Propose redactions for the job's document; returns the number proposed."""
    from sentinelle.privacy.redaction import read

    job = RedactionJob.objects.select_related("document").get(pk=job_id)
    document = job.document
    if document is None:
        _fail(job, "no document")
        return 0
    job.status = JobStatus.RUNNING
    job.save(update_fields=["status"])
    try:
        pdf = ensure_pdf(document)
        job.pages_total = document.page_count or 0
        job.save(update_fields=["pages_total"])
        proposals = read.propose(pdf, document.language, progress=_progress(job.pk))
    except Exception as error:
        _fail(job, str(error) or error.__class__.__name__)
        return 0
    with transaction.atomic():
        # A new detection replaces the proposals not reviewed yet; decisions and manual marks stay.
        document.marks.filter(origin=MarkOrigin.PROPOSED, decision=MarkDecision.PROPOSED).delete()
        kept = {(m.page, round(m.x0), round(m.y0)) for m in document.marks.all()}
        RedactionMark.objects.bulk_create(
            RedactionMark(document=document, page=p.page, x0=p.rect[0], y0=p.rect[1], x1=p.rect[2], y1=p.rect[3],
                          text=p.text[:2000], kind=p.kind, score=p.score, origin=MarkOrigin.PROPOSED)
            for p in proposals
            if p.rect[2] > p.rect[0] and p.rect[3] > p.rect[1] and (p.page, round(p.rect[0]), round(p.rect[1])) not in kept
        )
        job.status = JobStatus.DONE
        job.pages_done = job.pages_total
        job.finished_at = timezone.now()
        job.save(update_fields=["status", "pages_done", "finished_at"])
    return len(proposals)


@task
def release_request(job_id: int) -> int | None:
    """Redact every document of the request and build the release package;
    returns the package's id (None when it failed: the job says why)."""
    from sentinelle.audit.services import Action, record
    from sentinelle.privacy import letters
    from sentinelle.privacy.redaction import apply

    job = RedactionJob.objects.select_related("access_request", "created_by").get(pk=job_id)
    access_request = job.access_request
    problems = access_request.release_problems()
    if problems:
        _fail(job, " ".join(problems))
        return None
    documents = list(access_request.documents.all())  # type: ignore[attr-defined]
    job.status = JobStatus.RUNNING
    job.pages_total = sum(d.page_count or 0 for d in documents)
    job.save(update_fields=["status", "pages_total"])
    done_before = 0

    def redact(document: RequestDocument) -> bytes:
        nonlocal done_before
        boxes = [apply.Box(page=m.page, rect=m.rect, label=m.ground.short_label if m.ground else "")
                 for m in document.marks.filter(decision=MarkDecision.ACCEPTED).select_related("ground")]
        offset = done_before

        def progress(done: int, total: int) -> None:
            RedactionJob.objects.filter(pk=job.pk).update(pages_done=offset + done)

        released = apply.apply(ensure_pdf(document), boxes, progress=progress) if boxes else ensure_pdf(document)
        done_before += document.page_count or 0
        RedactionJob.objects.filter(pk=job.pk).update(pages_done=done_before)
        return released

    try:
        content = letters.build_package(access_request, job.language, actor=job.created_by, redact=redact)
    except Exception as error:
        _fail(job, str(error) or error.__class__.__name__)
        return None
    with transaction.atomic():
        package = ReleasePackage(access_request=access_request, language=job.language, size=len(content),
                                 sha256=hashlib.sha256(content).hexdigest(), created_by=job.created_by)
        package.file.save(f"{uuid.uuid4().hex}.zip", ContentFile(content), save=False)
        package.save()
        job.status = JobStatus.DONE
        job.pages_done = job.pages_total
        job.finished_at = timezone.now()
        job.save(update_fields=["status", "pages_done", "finished_at"])
        record(Action.EXPORT, actor=job.created_by, obj=access_request, package=package.pk, language=job.language)
    return package.pk


# Deadline alerts ---------------------------------------------------------------------


def alert_for(access_request: AccessRequest, today: datetime.date) -> str | None:
    """The alert due for the request today ("approaching"/"overdue"), unless already sent."""
    state = access_request.deadline_state(today)
    if state not in ("approaching", "overdue"):
        return None
    key = f"{state}:{access_request.due_on.isoformat()}"
    return None if access_request.alert_state == key else state


def schedule_next_alerts(run_after: datetime.datetime) -> bool:
    """Enqueue the next run unless one is waiting already; True when enqueued."""
    return enqueue_once(send_deadline_alerts, run_after)


def run_deadline_alerts(today: datetime.date | None = None) -> int:
    """One pass (no rescheduling); returns the number of notifications made."""
    today = today or timezone.localdate()
    sent = 0
    for pk in list(AccessRequest.objects.filter(status__in=OPEN_STATUSES, assigned_to__isnull=False)
                   .values_list("pk", flat=True)):
        with transaction.atomic():
            access_request = AccessRequest.objects.select_for_update(of=("self",)).select_related("assigned_to").get(pk=pk)
            state = alert_for(access_request, today)
            if state is None or access_request.assigned_to is None:
                continue
            params = {"reference": access_request.reference, "due": access_request.due_on.isoformat(),
                      "days": access_request.days_left(today)}
            notifications.notify([access_request.assigned_to], f"access_request_{state}", params,
                                 url_name="privacy:request_detail", url_args=[access_request.reference])
            access_request.alert_state = f"{state}:{access_request.due_on.isoformat()}"
            AccessRequest.objects.filter(pk=pk).update(alert_state=access_request.alert_state)
            sent += 1
    return sent


@task
def send_deadline_alerts(today: str | None = None, reschedule: bool = True) -> int:
    """Daily: alert the officers (see `run_deadline_alerts`); `today` (ISO date) is for tests."""
    try:
        return run_deadline_alerts(datetime.date.fromisoformat(today) if today else None)
    finally:
        if reschedule:
            schedule_next_alerts(timezone.now() + ALERT_INTERVAL)


chain(send_deadline_alerts, "Deadline alerts of access requests")
