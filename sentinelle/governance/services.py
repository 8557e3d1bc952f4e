"""Every change to the action plan and to the quarterly reports: one function, one
transaction, one audit event. A change from a page checks the version the
staff member saw (`Conflict` when somebody saved in between).

A report moves draft → reviewed → approved, each step by a person other than
the ones before (`ReviewedReport.refusal`, checked again here under the row's
lock); approving it queues the making of its PDFs (`tasks.make_report_pdfs`, or
`tasks.make_group_report_pdfs` for a working group's report), which are then
kept as they were made. The same steps serve the quarterly report to governance
and the working groups' reports (any `ReviewedReport`)."""

from __future__ import annotations

from typing import Any

from django.db import IntegrityError, transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext

from sentinelle.audit.services import Action, record
from sentinelle.governance.models import (
    Evidence,
    GroupReport,
    Measure,
    MeasureStatus,
    PdfStatus,
    QuarterlyReport,
    ReportStatus,
    ReviewedReport,
    StatusUpdate,
)
from sentinelle.governance.tasks import make_group_report_pdfs, make_report_pdfs
from sentinelle.intake.models import SurveyResponse
from sentinelle.lib.locking import claim, save_changes

MEASURE_FIELDS = ["status", "percent_done", "owner", "unit", "due_on", "indicator", "indicator_target"]


class GovernanceError(Exception):
    """A step refused for a reason the staff member can act on."""

    def __init__(self, message: str) -> None:
        self.message = message
        super().__init__(message)


def update_measure(measure: Measure, values: dict[str, Any], *, note: str, actor: Any, expected_version: int | None,
                   request: HttpRequest | None = None) -> StatusUpdate:
    """Change a measure's status, percentage and particulars, and write the dated
    entry of its history with the note of the person who wrote it. Done means
    100 % and closes the measure; reopening it clears the closing date."""
    values = dict(values)
    if values.get("status") == MeasureStatus.DONE:
        values["percent_done"] = 100
    with transaction.atomic():
        changed = save_changes(measure, values, MEASURE_FIELDS, expected_version=expected_version)
        closed_on = timezone.localdate() if measure.status == MeasureStatus.DONE else None
        if (measure.closed_on is None) != (closed_on is None):
            measure.closed_on = closed_on
            measure.save(update_fields=["closed_on"])
        update = StatusUpdate.objects.create(measure=measure, status=measure.status,
                                             percent_done=measure.percent_done, note=note.strip(),
                                             written_by=actor)
        record(Action.UPDATE, actor=actor, obj=measure, request=request, fields=changed,
               status=measure.status, percent_done=measure.percent_done)
    return update


def add_evidence(measure: Measure, *, label: str, url: str, actor: Any,
                 request: HttpRequest | None = None) -> Evidence:
    with transaction.atomic():
        evidence = Evidence.objects.create(measure=measure, label=label.strip(), url=url.strip(), added_by=actor)
        record(Action.UPDATE, actor=actor, obj=measure, request=request, fields=["evidence"], evidence=evidence.pk)
    return evidence


# Quarterly reports ---------------------------------------------------------------------------


def start_report(fiscal_year: int, quarter: int, *, actor: Any, request: HttpRequest | None = None) -> QuarterlyReport:
    """A new draft for the quarter, written by `actor`; one report per quarter."""
    try:
        with transaction.atomic():
            report = QuarterlyReport.objects.create(fiscal_year=fiscal_year, quarter=quarter, author=actor)
            record(Action.CREATE, actor=actor, obj=report, request=request, fiscal_year=fiscal_year, quarter=quarter)
    except IntegrityError as error:
        raise GovernanceError(gettext("There is already a report for this quarter.")) from error
    return report


def _queue_pdfs(report: ReviewedReport) -> None:
    """Once the transaction commits, the task worker makes the report's PDFs."""
    task = make_group_report_pdfs if isinstance(report, GroupReport) else make_report_pdfs
    report_id = report.pk
    transaction.on_commit(lambda: task.enqueue(report_id))


def save_narrative(report: ReviewedReport, values: dict[str, str], *, actor: Any, expected_version: int | None,
                   request: HttpRequest | None = None) -> list[str]:
    """The narrative, in French and English, while the report is a draft."""
    fields = [f"{name}_{language}" for name in report.NARRATIVE for language in ("fr", "en")]
    with transaction.atomic():
        if report.status != ReportStatus.DRAFT:
            raise GovernanceError(gettext("Only a draft can be changed."))
        changed = save_changes(report, {k: v.strip() for k, v in values.items()}, fields,
                               expected_version=expected_version)
        record(Action.UPDATE, actor=actor, obj=report, request=request, fields=changed)
    return changed


def _step[R: ReviewedReport](report: R, step: str, *, actor: Any, expected_version: int | None) -> R:
    """Claim the report at the version seen, read it again under that lock, and
    refuse the step the way the page explains it."""
    claim(report, report.version if expected_version is None else expected_version)
    fresh = type(report)._default_manager.get(pk=report.pk)
    problem = fresh.refusal(step, actor)
    if problem:
        raise GovernanceError(problem)
    return fresh


def review_report[R: ReviewedReport](report: R, *, actor: Any, expected_version: int | None,
                                      request: HttpRequest | None = None) -> R:
    with transaction.atomic():
        report = _step(report, "review", actor=actor, expected_version=expected_version)
        report.status, report.reviewed_by, report.reviewed_at = ReportStatus.REVIEWED, actor, timezone.now()
        report.save(update_fields=["status", "reviewed_by", "reviewed_at", "updated_at"])
        record(Action.UPDATE, actor=actor, obj=report, request=request, fields=["status"], status=report.status)
    return report


def return_to_draft[R: ReviewedReport](report: R, *, actor: Any, expected_version: int | None,
                                        request: HttpRequest | None = None) -> R:
    """A reviewed report sent back for changes; it must be reviewed again."""
    with transaction.atomic():
        claim(report, report.version if expected_version is None else expected_version)
        report = type(report)._default_manager.get(pk=report.pk)
        if report.status != ReportStatus.REVIEWED:
            raise GovernanceError(gettext("Only a reviewed report can be sent back to draft."))
        report.status, report.reviewed_by, report.reviewed_at = ReportStatus.DRAFT, None, None
        report.save(update_fields=["status", "reviewed_by", "reviewed_at", "updated_at"])
        record(Action.UPDATE, actor=actor, obj=report, request=request, fields=["status"], status=report.status)
    return report


def approve_report[R: ReviewedReport](report: R, *, actor: Any, expected_version: int | None,
                                       request: HttpRequest | None = None) -> R:
    """Approve and freeze the report; its PDFs, French and English, are made by
    the task worker from the figures of this moment and kept as made."""
    with transaction.atomic():
        report = _step(report, "approve", actor=actor, expected_version=expected_version)
        report.status, report.approved_by, report.approved_at = ReportStatus.APPROVED, actor, timezone.now()
        report.pdf_status, report.pdf_progress = PdfStatus.QUEUED, 0
        report.save(update_fields=["status", "approved_by", "approved_at", "pdf_status", "pdf_progress",
                                   "updated_at"])
        record(Action.UPDATE, actor=actor, obj=report,
               request=request, fields=["status"], status=report.status)
        _queue_pdfs(report)
    return report


def retry_pdfs(report: ReviewedReport, *, actor: Any, request: HttpRequest | None = None) -> bool:
    """Queue the PDFs again after a failure (an approved report whose PDFs were
    never made); True when queued. PDFs already made are never made again."""
    with transaction.atomic():
        report = type(report)._default_manager.select_for_update().get(pk=report.pk)
        if report.status != ReportStatus.APPROVED or report.pdf_status != PdfStatus.FAILED:
            return False
        report.pdf_status, report.pdf_progress = PdfStatus.QUEUED, 0
        report.save(update_fields=["pdf_status", "pdf_progress", "updated_at"])
        record(Action.UPDATE, actor=actor, obj=report, request=request, fields=["pdf_status"])
        _queue_pdfs(report)
    return True


def record_survey(*, rating: int, channel: str, language: str, actor: Any,
                  request: HttpRequest | None = None) -> SurveyResponse:
    """The worker's answer to the satisfaction survey, taken by an intake agent
    after a report by phone or in person: the channel is kept, the report is not
    (the answer is never linked to it, as on the web)."""
    with transaction.atomic():
        survey = SurveyResponse.objects.create(rating=rating, channel=channel, language=language,
                                               answered_on=timezone.localdate())
        record(Action.CREATE, actor=actor, request=request, survey="satisfaction", channel=channel)
    return survey
