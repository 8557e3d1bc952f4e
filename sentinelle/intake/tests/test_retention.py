"""Reports that never became cases are purged after REPORT_RETENTION_DAYS with
their files; the purge is logged by count and references, never by content."""

from __future__ import annotations

import json
import uuid
from datetime import date, timedelta
from io import StringIO

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.tasks import TaskResultStatus
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from sentinelle.audit.models import AuditEvent
from sentinelle.intake import receipts, referrals
from sentinelle.intake.escalation import open_escalation
from sentinelle.intake.models import (
    Allegation,
    Attachment,
    ClosingReason,
    Escalation,
    Message,
    Partner,
    Referral,
    Report,
    ReportAllegation,
    ReportStatus,
)
from sentinelle.intake.services import add_worker_message, submit_report
from sentinelle.intake.tasks import purge_expired_records, purge_reports
from sentinelle.privacy import services as privacy
from sentinelle.privacy.models import RequestStatus
from sentinelle.test import create_case, create_staff, tiny_pdf

pytestmark = pytest.mark.django_db


PDF = tiny_pdf()
TODAY = date(2026, 6, 1)
SECRET = "Le contremaître Gaston Bérubé garde nos passeports"


def make(label: str, *, age: int, status: str = ReportStatus.CLOSED, files: int = 1) -> Report:
    """A report received `age` days before TODAY, with a file, an allegation and a
    worker's message (with its own file)."""
    uploads = [SimpleUploadedFile(f"Juan Pérez {label} {n}.pdf", PDF, content_type="application/pdf")
               for n in range(files)]
    fields = {"anonymous": False, "contact_name": "Juan Pérez", "contact_phone": "514-555-0101",
              "employer_name": f"Ferme {label}", "employer_province": "QC", "description": f"{SECRET} ({label})"}
    report = submit_report(fields, [Allegation.WAGES], uploads, idempotency_key=uuid.uuid4().hex,
                           receipt_code=receipts.new_receipt_code()).report
    add_worker_message(report, f"{SECRET}: encore ({label})",
                       [SimpleUploadedFile("photo.pdf", PDF, content_type="application/pdf")])
    Report.objects.filter(pk=report.pk).update(
        submitted_on=TODAY - timedelta(days=age), status=status,
        closing_reason=ClosingReason.NOT_ENOUGH if status == ReportStatus.CLOSED else "")
    report.refresh_from_db()
    return report


def files_of(report: Report) -> list[str]:
    return list(Attachment.objects.filter(report=report).values_list("file", flat=True))


@pytest.fixture
def reports(settings):
    settings.REPORT_RETENTION_DAYS = 730
    officer = create_staff("privacy_officer", region_code="HQ")
    made = {
        "old_closed": make("A", age=800),
        "just_past": make("B", age=731),
        "at_the_limit": make("C", age=730),
        "recent_closed": make("D", age=100),
        "old_received": make("E", age=900, status=ReportStatus.RECEIVED),
        "old_in_review": make("F", age=900, status=ReportStatus.IN_REVIEW),
        "old_with_case": make("G", age=900, status=ReportStatus.CASE_OPENED),
        "old_joined_case": make("H", age=900, status=ReportStatus.JOINED_CASE),
        "old_open_escalation": make("I", age=900),
        "old_met_escalation": make("J", age=900),
        "old_open_request": make("K", age=900),
        "old_closed_request": make("L", age=900),
        "old_request_document": make("M", age=900),
    }
    case = create_case("QC")
    for name in ("old_with_case", "old_joined_case"):
        Report.objects.filter(pk=made[name].pk).update(case=case)
    open_escalation(made["old_open_escalation"], timezone.now() - timedelta(days=900), reason="danger_now")
    met = open_escalation(made["old_met_escalation"], timezone.now() - timedelta(days=900), reason="danger_now")
    Escalation.objects.filter(pk=met.pk).update(met_at=met.opened_at + timedelta(hours=3), measures=SECRET)
    referrals.refer(Partner.objects.order_by("pk")[0], means=Referral.Means.PHONE, communicated_at=met.opened_at,
                    what=SECRET, actor=officer, escalation=met)

    def request(scope: str):
        return privacy.create_request(
            requester={"name": "Jeanne Demandeuse", "address": "12 rue des Érables", "email": "j@example.org",
                       "phone": ""},
            received_on=TODAY - timedelta(days=10), scope=scope, regime="quebec", language="fr",
            assigned_to=officer, actor=officer)
    request(f"Tout ce qui concerne le signalement {made['old_open_request'].reference.lower()}.")
    closed = request(f"Le signalement {made['old_closed_request'].reference}.")
    type(closed).objects.filter(pk=closed.pk).update(status=RequestStatus.CLOSED)
    third = request("Les rapports d'une ferme.")
    third.documents.create(title=f"Copie de {made['old_request_document'].reference}", source="upload",
                           original="privacy/originals/x.pdf", original_name="x.pdf", added_by=officer)
    return made


GONE = {"old_closed", "just_past", "old_met_escalation", "old_closed_request"}


def test_exactly_the_expired_reports_go_with_their_files_and_the_rest_stays(
        reports, django_capture_on_commit_callbacks):
    files = {name: files_of(report) for name, report in reports.items()}
    assert all(len(names) == 2 for names in files.values())  # the report's and the message's
    assert all(default_storage.exists(n) for names in files.values() for n in names)

    with django_capture_on_commit_callbacks(execute=True):
        result = purge_reports(TODAY)

    assert sorted(result.references) == sorted(reports[name].reference for name in GONE)
    assert result.files == 2 * len(GONE)
    assert sorted(result.kept_on_hold) == sorted(reports[n].reference for n in ("old_open_request",
                                                                                 "old_request_document"))
    for name, report in reports.items():
        if name in GONE:
            assert not Report.objects.filter(pk=report.pk).exists(), name
            assert not Message.objects.filter(report_id=report.pk).exists()
            assert not ReportAllegation.objects.filter(report_id=report.pk).exists()
            assert not Attachment.objects.filter(report_id=report.pk).exists()
            assert not any(default_storage.exists(n) for n in files[name]), name
        else:
            kept = Report.objects.get(pk=report.pk)
            assert kept.description == report.description and kept.status == report.status, name
            assert files_of(kept) == files[name]
            assert all(default_storage.exists(n) for n in files[name]), name
            assert kept.messages.count() == 1 and kept.allegations.count() == 1
    assert not Escalation.objects.filter(report_id=reports["old_met_escalation"].pk).exists()
    assert not Referral.objects.filter(what=SECRET).exists()
    assert Escalation.objects.filter(report=reports["old_open_escalation"]).exists()

    # A second run finds nothing more.
    with django_capture_on_commit_callbacks(execute=True):
        assert purge_reports(TODAY).count == 0


def test_the_purge_is_logged_once_by_references_and_count_without_any_content(
        reports, django_capture_on_commit_callbacks):
    before = AuditEvent.objects.count()
    with django_capture_on_commit_callbacks(execute=True):
        purge_reports(TODAY)
    events = list(AuditEvent.objects.order_by("id")[before:])
    assert len(events) == 1
    event = events[0]
    assert event.detail["count"] == len(GONE) == len(event.detail["purged_reports"])
    assert sorted(event.detail["purged_reports"]) == sorted(reports[n].reference for n in GONE)
    assert event.detail["retention_days"] == 730 and event.detail["files"] == 2 * len(GONE)
    logged = json.dumps(event.detail, ensure_ascii=False) + event.object_label + event.actor_label
    for content in ("contremaître", "Gaston", "Juan", "Pérez", "514-555", "Ferme", "passeports", ".pdf"):
        assert content.lower() not in logged.lower()


def test_a_report_exactly_at_the_limit_stays_until_the_next_day(reports, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        purge_reports(TODAY)
        assert Report.objects.filter(pk=reports["at_the_limit"].pk).exists()
        purge_reports(TODAY + timedelta(days=1))
    assert not Report.objects.filter(pk=reports["at_the_limit"].pk).exists()
    assert Report.objects.filter(pk=reports["recent_closed"].pk).exists()


def test_zero_days_disables_the_purge(reports, settings, django_capture_on_commit_callbacks):
    settings.REPORT_RETENTION_DAYS = 0
    count = Report.objects.count()
    with django_capture_on_commit_callbacks(execute=True):
        assert purge_reports(TODAY).count == 0
    out = StringIO()
    call_command("purge_reports", stdout=out)
    assert "never purged" in out.getvalue()
    assert Report.objects.count() == count


def test_a_shorter_period_from_the_settings_takes_the_recent_report_too(
        reports, settings, django_capture_on_commit_callbacks):
    settings.REPORT_RETENTION_DAYS = 30
    with django_capture_on_commit_callbacks(execute=True):
        purge_reports(TODAY)
    assert not Report.objects.filter(pk=reports["recent_closed"].pk).exists()
    assert Report.objects.filter(pk=reports["old_received"].pk).exists()


def test_the_command_dry_run_removes_nothing_and_says_how_many(reports, settings):
    count = Report.objects.count()
    out = StringIO()
    # The command purges as of today: the fixture's dates are relative to TODAY.
    settings.REPORT_RETENTION_DAYS = 730 + (timezone.localdate() - TODAY).days
    call_command("purge_reports", "--dry-run", stdout=out)
    assert Report.objects.count() == count
    assert f"{len(GONE)} reports" in out.getvalue() and "would be removed" in out.getvalue()
    assert "2 kept for an open access request" in out.getvalue()


def test_the_command_purges(reports, settings, django_capture_on_commit_callbacks):
    settings.REPORT_RETENTION_DAYS = 730 + (timezone.localdate() - TODAY).days
    out = StringIO()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("purge_reports", stdout=out)
    assert f"{len(GONE)} reports" in out.getvalue()
    assert not Report.objects.filter(pk__in=[reports[n].pk for n in GONE]).exists()


def _pending() -> int:
    return DBTaskResult.objects.filter(task_path=purge_expired_records.module_path,
                                       status=TaskResultStatus.READY).count()


def test_the_daily_purge_is_scheduled_once_and_reschedules_itself():
    call_command("schedule", stdout=StringIO())
    call_command("schedule", stdout=StringIO())
    assert _pending() == 1
    DBTaskResult.objects.all().delete()
    before = timezone.now()
    purge_expired_records.call()
    purge_expired_records.call()
    assert _pending() == 1
    waiting = DBTaskResult.objects.get(status=TaskResultStatus.READY)
    assert waiting.run_after >= before + timedelta(days=1)


def test_the_daily_task_also_purges_the_incident_register_after_five_years(personas):
    from sentinelle.incidents.models import RegisterEntry
    from sentinelle.incidents.register import record_entry
    from sentinelle.incidents.tests.factories import complete_incident

    officer = personas.privacy_officer
    old = complete_incident(officer, occurred_on=date(2019, 1, 10), learned_on=date(2019, 2, 3))
    recent = complete_incident(officer, occurred_on=timezone.localdate() - timedelta(days=400),
                               learned_on=timezone.localdate() - timedelta(days=390))
    old_entry, recent_entry = record_entry(old, actor=officer), record_entry(recent, actor=officer)
    assert old_entry is not None and recent_entry is not None
    purge_expired_records.call()
    assert list(RegisterEntry.objects.all()) == [recent_entry]
