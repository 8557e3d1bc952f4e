"""A working group's quarterly written updates and annual reports (seed 003):
generated from the group's meetings, decisions, priority areas with their
progress and risk flags, and action items; the narrative written by the
secretariat in French and English; reviewed and approved by different people
(the author can approve nothing, the reviewer cannot approve) like the quarterly
report to governance; the PDFs made by the task worker and kept byte for byte
whatever the group does next; the annual report refused until the year it
covers has ended."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from sentinelle.dashboard.periods import fiscal_year_of, quarter_of
from sentinelle.governance import groups
from sentinelle.governance.models import ActionItem, GroupReport, GroupReportDocument, PdfStatus, ReportStatus
from sentinelle.governance.tasks import make_group_report_pdfs
from sentinelle.governance.tests.factories import add_member, working_group
from sentinelle.test import create_staff, pdf_text, sign_in

pytestmark = pytest.mark.django_db


def _version(report: GroupReport) -> dict[str, int]:
    report.refresh_from_db()
    return {"version": report.version}


def _group_with_a_quarter_of_work(secretariat):  # type: ignore[no-untyped-def]
    """A group with a meeting today (declarations, minutes, decisions, an action
    item) and a validated priority area with a progress update raising a risk."""
    group = working_group(secretariat)
    ana = add_member(group, "Ana Member", start=datetime.date(2025, 9, 1))
    meeting = groups.plan_meeting(group, held_on=timezone.localdate(), agenda="1. Survey", actor=secretariat)
    groups.record_declarations(meeting, [{"member": ana, "present": True, "has_conflict": False}], actor=secretariat)
    groups.open_agenda(meeting, actor=secretariat)
    groups.record_minutes(meeting, minutes="Survey reviewed.", decisions="Adopt the sector survey.",
                          actor=secretariat)
    groups.add_action_item(meeting, description="Circulate the survey summary.", owner=ana,
                           due_on=timezone.localdate() + datetime.timedelta(days=20), actor=secretariat)
    area = groups.propose_area(group, title_en="Recruitment practices", title_fr="Pratiques de recrutement",
                               proposed_on=datetime.date(2025, 10, 1), actor=secretariat)
    groups.validate_area(area, validated_by="Council chair", validated_on=datetime.date(2025, 11, 1),
                         actor=secretariat)
    groups.add_area_update(area, text="Employer interviews delayed.", risk_flag=True, actor=secretariat)
    return group, ana


def _start(client, group, **fields) -> object:  # type: ignore[no-untyped-def]
    return client.post(f"/en/staff/governance/groups/{group.pk}/reports/", fields)


def _current_quarter() -> dict[str, str]:
    today = timezone.localdate()
    return {"kind": "quarterly", "fiscal_year": str(fiscal_year_of(today)), "quarter": str(quarter_of(today))}


def test_the_author_cannot_approve_and_the_reviewer_cannot_approve(client) -> None:
    # The author holds both roles: the rule, not the role, stops them.
    author = create_staff("secretariat", "manager", region_code="HQ", full_name="Alice Author")
    reviewer = create_staff("secretariat", "manager", region_code="HQ", full_name="Rémi Reviewer")
    approver = create_staff("manager", region_code="HQ", full_name="Paula Approver")
    group, _ana = _group_with_a_quarter_of_work(author)
    sign_in(client, author)
    response = _start(client, group, **_current_quarter())
    assert response.status_code == 302
    report = GroupReport.objects.get(group=group)
    assert (report.kind, report.status, report.author) == ("quarterly", ReportStatus.DRAFT, author)
    base = f"/en/staff/governance/groups/{group.pk}/reports/{report.pk}/"
    assert base in response["Location"]
    assert "Start a report" in client.get(f"/en/staff/governance/groups/{group.pk}/").content.decode()
    response = client.post(base, {"summary_en": "A year of listening.", "summary_fr": "Une année d’écoute.",
                                  "next_steps_en": "", "next_steps_fr": "", **_version(report)})
    assert response.status_code == 302
    # The same quarter twice is refused, with the reason.
    response = _start(client, group, **_current_quarter())
    assert response.status_code == 400 and "already a report of this kind" in response.content.decode()
    # The author may not review their own report.
    page = client.get(base).content.decode()
    assert "The author of a report cannot review it" in page
    assert client.post(base + "review/", _version(report)).status_code == 400
    sign_in(client, reviewer)
    assert client.post(base + "review/", _version(report)).status_code == 302
    # Neither the author nor the reviewer may approve, though both are managers.
    for person, reason in ((author, "The author of a report cannot approve it"),
                           (reviewer, "The reviewer of a report cannot also approve it")):
        sign_in(client, person)
        assert reason in client.get(base).content.decode()
        response = client.post(base + "approve/", _version(report))
        assert response.status_code == 400 and reason in response.content.decode()
        report.refresh_from_db()
        assert report.status == ReportStatus.REVIEWED
    sign_in(client, approver)
    assert client.post(base + "approve/", _version(report)).status_code == 302
    report.refresh_from_db()
    assert (report.status, report.approved_by, report.pdf_status) == (ReportStatus.APPROVED, approver,
                                                                       PdfStatus.QUEUED)
    # A secretariat member without the manager role may not approve at all.
    other = create_staff("secretariat", region_code="HQ")
    sign_in(client, other)
    assert client.post(base + "approve/", _version(report)).status_code == 403


def test_the_approved_pdf_is_byte_identical_after_the_group_data_change(
        client, django_capture_on_commit_callbacks) -> None:
    author = create_staff("secretariat", region_code="HQ", full_name="Alice Author")
    reviewer = create_staff("secretariat", region_code="HQ", full_name="Rémi Reviewer")
    approver = create_staff("manager", region_code="HQ", full_name="Paula Approver")
    group, ana = _group_with_a_quarter_of_work(author)
    report = groups.start_group_report(group, "quarterly", fiscal_year=fiscal_year_of(timezone.localdate()),
                                       quarter=quarter_of(timezone.localdate()), actor=author)
    base = f"/en/staff/governance/groups/{group.pk}/reports/{report.pk}/"
    sign_in(client, author)
    assert client.post(base, {"summary_en": "A year of listening.", "summary_fr": "Une année d’écoute.",
                              "next_steps_en": "Survey the employers.", "next_steps_fr": "Sonder les employeurs.",
                              **_version(report)}).status_code == 302
    sign_in(client, reviewer)
    assert f'action="{base}review/"' in client.get(base).content.decode()
    assert client.post(base + "review/", _version(report)).status_code == 302
    sign_in(client, approver)
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(base + "approve/", _version(report)).status_code == 302
    page = client.get(base).content.decode()
    assert "<progress" in page
    assert make_group_report_pdfs.call(report.pk) == PdfStatus.DONE
    report.refresh_from_db()
    assert (report.pdf_status, report.pdf_progress) == (PdfStatus.DONE, 100)
    page = client.get(base).content.decode()
    assert f'href="{base}fr.pdf"' in page and "these files never do" in page
    first = {lang: client.get(f"{base}{lang}.pdf") for lang in ("fr", "en")}
    assert all(r.status_code == 200 and r["Content-Type"] == "application/pdf" for r in first.values())
    english = " ".join(pdf_text(first["en"].content).split())
    for said in ("A year of listening.", "Survey the employers.", "Adopt the sector survey.",
                 "Circulate the survey summary.", "Recruitment practices", "Employer interviews delayed.",
                 "Risk raised", "Validated by Council chair", "Ana Member", "Quarterly written update"):
        assert said in english, said
    french = " ".join(pdf_text(first["fr"].content).split())
    assert "Une année d’écoute." in french and "Pratiques de recrutement" in french
    # The group moves on: another meeting, the action done, a new update, a member leaves.
    later = groups.plan_meeting(group, held_on=timezone.localdate(), agenda="2. Follow-up", actor=author)
    groups.record_declarations(later, [{"member": ana, "present": True, "has_conflict": False}], actor=author)
    groups.open_agenda(later, actor=author)
    groups.record_minutes(later, minutes="Done.", decisions="Publish the summary.", actor=author)
    groups.set_action_status(ActionItem.objects.get(description="Circulate the survey summary."), "done",
                             actor=author)
    groups.add_area_update(group.areas.get(), text="Interviews resumed.", risk_flag=False, actor=author)
    make_group_report_pdfs.call(report.pk)  # a retry or a second worker makes nothing again
    for lang in ("fr", "en"):
        assert client.get(f"{base}{lang}.pdf").content == first[lang].content
    assert GroupReportDocument.objects.filter(report=report).count() == 2
    # Frozen: the narrative can no longer change.
    sign_in(client, author)
    response = client.post(base, {"summary_en": "Rewritten.", **_version(report)})
    assert response.status_code == 400 and "Only a draft can be changed." in response.content.decode()


def test_the_annual_report_is_refused_before_the_group_first_year_ends(client) -> None:
    secretariat = create_staff("secretariat", region_code="HQ")
    today = timezone.localdate()
    young = groups.create_group(
        {"name_en": "Young group", "name_fr": "Jeune groupe", "parent_committee_en": "Council",
         "parent_committee_fr": "Conseil", "started_on": today - datetime.timedelta(days=200)},
        mandate_en="Mandate.", mandate_fr="Mandat.", seats=[], actor=secretariat)
    sign_in(client, secretariat)
    response = _start(client, young, kind="annual", year="1")
    first_year_end = young.started_on.replace(year=young.started_on.year + 1) - datetime.timedelta(days=1)
    assert response.status_code == 400
    assert f"this year of the group ends on {first_year_end.isoformat()}" in response.content.decode()
    assert not GroupReport.objects.filter(group=young).exists()
    # The last day of the first year is still within it.
    young.started_on = today.replace(year=today.year - 1) + datetime.timedelta(days=1)
    young.save(update_fields=["started_on"])
    assert _start(client, young, kind="annual", year="1").status_code == 400
    # A group whose first year has ended gets its annual report over exactly that year.
    group = working_group(secretariat)  # started on 2025-09-01
    response = _start(client, group, kind="annual", year="1")
    assert response.status_code == 302
    report = GroupReport.objects.get(group=group)
    assert (report.kind, report.period_start, report.period_end) == (
        "annual", datetime.date(2025, 9, 1), datetime.date(2026, 8, 31))
    # Its second year has not ended yet (2027-08-31).
    if today <= datetime.date(2027, 8, 31):
        assert _start(client, group, kind="annual", year="2").status_code == 400


def test_who_may_see_and_start_a_group_report(client) -> None:
    secretariat = create_staff("secretariat", region_code="HQ")
    group = working_group(secretariat)
    report = groups.start_group_report(group, "annual", year=1, actor=secretariat)
    base = f"/en/staff/governance/groups/{group.pk}/reports/{report.pk}/"
    analyst = create_staff("national_analyst", region_code="HQ")
    sign_in(client, analyst)
    page = client.get(base)
    assert page.status_code == 200 and "Annual report" in page.content.decode()
    assert "Save the narrative" not in page.content.decode()
    assert client.post(base, {"summary_en": "x", **_version(report)}).status_code == 403
    assert _start(client, group, **_current_quarter()).status_code == 403
    investigator = create_staff("investigator", region_code="QC")
    sign_in(client, investigator)
    assert client.get(base).status_code == 403
    # A report of another group is missing.
    other = working_group(secretariat)
    sign_in(client, secretariat)
    assert client.get(f"/en/staff/governance/groups/{other.pk}/reports/{report.pk}/").status_code == 404
