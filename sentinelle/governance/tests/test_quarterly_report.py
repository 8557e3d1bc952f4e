"""The quarterly report to governance: drafted with its bilingual narrative,
reviewed and approved by three different people (the author can neither review
nor approve, the reviewer cannot approve), its PDFs made by the task worker with
the progress on the page, then kept byte for byte whatever the figures do next;
past reports listed and downloadable."""

from __future__ import annotations

import datetime

import pytest
from django_tasks_db.models import DBTaskResult

from sentinelle.audit.models import AuditEvent
from sentinelle.governance.models import PdfStatus, QuarterlyReport, ReportDocument, ReportStatus
from sentinelle.governance.report import last_quarters, survey_trend
from sentinelle.governance.tasks import make_report_pdfs
from sentinelle.governance.tests.factories import draft_report, manager
from sentinelle.intake.models import SurveyResponse
from sentinelle.test import create_case, create_staff, pdf_text, sign_in

pytestmark = pytest.mark.django_db
TASK = "sentinelle.governance.tasks.make_report_pdfs"


def _version(report: QuarterlyReport) -> dict[str, int]:
    report.refresh_from_db()
    return {"version": report.version}


def approved(author, reviewer, approver, client, capture) -> QuarterlyReport:  # type: ignore[no-untyped-def]
    report = draft_report(author, highlights_en="Backlog down by a third.", highlights_fr="Arriéré réduit d’un tiers.")
    sign_in(client, reviewer)
    assert client.post(f"/en/staff/governance/reports/{report.pk}/review/", _version(report)).status_code == 302
    sign_in(client, approver)
    with capture(execute=True):
        assert client.post(f"/en/staff/governance/reports/{report.pk}/approve/", _version(report)).status_code == 302
    report.refresh_from_db()
    return report


def test_a_manager_starts_a_draft_and_writes_the_narrative_in_both_languages(client) -> None:
    author = manager(full_name="Annie Author")
    sign_in(client, author)
    response = client.post("/en/staff/governance/reports/", {"fiscal_year": 2025, "quarter": 3})
    report = QuarterlyReport.objects.get(fiscal_year=2025, quarter=3)
    assert response.status_code == 302 and report.author == author and report.status == ReportStatus.DRAFT
    again = client.post("/en/staff/governance/reports/", {"fiscal_year": 2025, "quarter": 3})
    assert again.status_code == 400 and "already a report for this quarter" in again.content.decode()
    data = {"highlights_fr": "Inventaire sain.", "highlights_en": "Healthy inventory.", "risks_fr": "Effectifs.",
            "risks_en": "Staffing.", "decisions_fr": "", "decisions_en": "", **_version(report)}
    assert client.post(f"/en/staff/governance/reports/{report.pk}/", data).status_code == 302
    assert "Inventaire sain." in client.get(f"/fr/staff/governance/reports/{report.pk}/").content.decode()
    report.refresh_from_db()
    assert (report.highlights_en, report.risks_fr) == ("Healthy inventory.", "Effectifs.")


def test_the_author_cannot_review_nor_approve_and_the_reviewer_cannot_approve(client) -> None:
    author, reviewer, approver = manager(), manager(), manager()
    report = draft_report(author)
    sign_in(client, author)
    response = client.post(f"/en/staff/governance/reports/{report.pk}/review/", _version(report))
    assert response.status_code == 400 and "author of a report cannot review" in response.content.decode()
    report.refresh_from_db()
    assert report.status == ReportStatus.DRAFT
    sign_in(client, reviewer)
    client.post(f"/en/staff/governance/reports/{report.pk}/review/", _version(report))
    report.refresh_from_db()
    assert (report.status, report.reviewed_by) == (ReportStatus.REVIEWED, reviewer)
    for who, reason in [(author, "author of a report cannot approve"), (reviewer, "reviewer of a report cannot")]:
        sign_in(client, who)
        response = client.post(f"/en/staff/governance/reports/{report.pk}/approve/", _version(report))
        assert response.status_code == 400 and reason in response.content.decode()
        report.refresh_from_db()
        assert report.status == ReportStatus.REVIEWED
    # The page says so before anyone tries.
    sign_in(client, author)
    assert "author of a report cannot approve" in client.get(f"/en/staff/governance/reports/{report.pk}/").content.decode()
    # A national analyst may review, but only a manager approves.
    analyst = create_staff("national_analyst", region_code="HQ")
    sign_in(client, analyst)
    assert client.post(f"/en/staff/governance/reports/{report.pk}/approve/", _version(report)).status_code == 403
    sign_in(client, approver)
    assert client.post(f"/en/staff/governance/reports/{report.pk}/approve/", _version(report)).status_code == 302
    report.refresh_from_db()
    assert (report.status, report.approved_by) == (ReportStatus.APPROVED, approver)
    assert AuditEvent.objects.filter(object_type="governance.quarterlyreport", object_id=str(report.pk),
                                     action="update").count() == 2


def test_an_approved_report_is_frozen(client, django_capture_on_commit_callbacks) -> None:
    author, reviewer, approver = manager(), manager(), manager()
    report = approved(author, reviewer, approver, client, django_capture_on_commit_callbacks)
    sign_in(client, author)
    response = client.post(f"/en/staff/governance/reports/{report.pk}/", {
        "highlights_en": "Rewritten afterwards.", **_version(report)})
    assert response.status_code == 400 and "Only a draft can be changed." in response.content.decode()
    report.refresh_from_db()
    assert report.highlights_en == "Backlog down by a third."
    assert client.post(f"/en/staff/governance/reports/{report.pk}/return/", _version(report)).status_code == 400
    report.refresh_from_db()
    assert report.status == ReportStatus.APPROVED


def test_approving_queues_the_pdfs_and_the_page_shows_their_progress(client, django_capture_on_commit_callbacks) -> None:
    report = approved(manager(), manager(), manager(), client, django_capture_on_commit_callbacks)
    assert report.pdf_status == PdfStatus.QUEUED
    assert DBTaskResult.objects.filter(task_path=TASK).count() == 1
    page = client.get(f"/en/staff/governance/reports/{report.pk}/").content.decode()
    assert "<progress" in page and "being made" in page
    assert make_report_pdfs.call(report.pk) == PdfStatus.DONE
    report.refresh_from_db()
    assert (report.pdf_status, report.pdf_progress) == (PdfStatus.DONE, 100)
    page = client.get(f"/en/staff/governance/reports/{report.pk}/").content.decode()
    assert "<progress" not in page and "The report in French (PDF)" in page
    assert f'href="/en/staff/governance/reports/{report.pk}/fr.pdf"' in page and "these files never change" in page


def test_the_approved_pdf_is_byte_identical_after_the_figures_change(client, django_capture_on_commit_callbacks) -> None:
    report = approved(manager(), manager(), manager(), client, django_capture_on_commit_callbacks)
    make_report_pdfs.call(report.pk)
    first = {lang: client.get(f"/en/staff/governance/reports/{report.pk}/{lang}.pdf") for lang in ("fr", "en")}
    assert all(response.status_code == 200 for response in first.values())
    assert "Backlog down by a third." in pdf_text(first["en"].content)
    assert "Arriéré réduit d’un tiers." in pdf_text(first["fr"].content)
    for _ in range(3):
        create_case("QC")
    make_report_pdfs.call(report.pk)  # run again (a retry, a second worker): nothing is made again
    for lang in ("fr", "en"):
        again = client.get(f"/en/staff/governance/reports/{report.pk}/{lang}.pdf")
        assert again.content == first[lang].content
    assert ReportDocument.objects.filter(report=report).count() == 2
    assert AuditEvent.objects.filter(action="download", object_type="governance.quarterlyreport").count() == 4


def test_the_pdf_holds_the_plan_the_survey_trend_and_the_narrative(client, django_capture_on_commit_callbacks) -> None:
    report = approved(manager(), manager(), manager(), client, django_capture_on_commit_callbacks)
    assert last_quarters(2025, 2) == [(2024, 3), (2024, 4), (2025, 1), (2025, 2)]
    SurveyResponse.objects.create(rating=5, language="fr", channel="phone", answered_on=datetime.date(2025, 8, 1))
    SurveyResponse.objects.create(rating=3, language="fr", channel="web", answered_on=datetime.date(2025, 8, 2))
    SurveyResponse.objects.create(rating=1, language="en", channel="web", answered_on=datetime.date(2025, 1, 15))
    trend = survey_trend(2025, 2)
    assert [q.answers for q in trend] == [0, 1, 0, 2]
    assert trend[3].mean == 4 and trend[3].by_channel["phone"] == (1, 5.0) and trend[1].by_channel["web"] == (1, 1.0)
    make_report_pdfs.call(report.pk)
    text = " ".join(pdf_text(report.documents.get(language="en").pdf).split())
    assert "Progress of the action plan" in text and "Residual: followed until closed" in text
    assert "Satisfaction survey: the last four quarters" in text
    french = " ".join(pdf_text(report.documents.get(language="fr").pdf).split())
    assert "Mettre en place une stratégie de gestion de la charge de travail" in french


def test_past_reports_are_listed_and_only_readers_may_download(client, django_capture_on_commit_callbacks) -> None:
    report = approved(manager(), manager(), manager(), client, django_capture_on_commit_callbacks)
    make_report_pdfs.call(report.pk)
    analyst = create_staff("national_analyst", region_code="ON")
    sign_in(client, analyst)
    listing = client.get("/en/staff/governance/reports/")
    assert listing.status_code == 200 and f"/en/staff/governance/reports/{report.pk}/en.pdf" in listing.content.decode()
    assert client.get(f"/en/staff/governance/reports/{report.pk}/de.pdf").status_code == 404
    sign_in(client, create_staff("investigator", region_code="HQ"))
    assert client.get(f"/en/staff/governance/reports/{report.pk}/en.pdf").status_code == 403
