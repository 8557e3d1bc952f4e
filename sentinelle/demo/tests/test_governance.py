"""The demo of governance: seed 000's plan with progress, two approved quarterly
reports (their PDFs queued for the task worker) and one draft, once."""

from __future__ import annotations

from datetime import date

import pytest
from django_tasks_db.models import DBTaskResult

from sentinelle.demo.governance import seed_governance, seed_working_group
from sentinelle.governance.models import QuarterlyReport, StatusUpdate
from sentinelle.test import create_staff

pytestmark = pytest.mark.django_db


def test_the_demo_plan_and_reports(django_capture_on_commit_callbacks):
    for _ in range(3):
        create_staff("manager", region_code="HQ")
    with django_capture_on_commit_callbacks(execute=True):
        assert seed_governance(date(2026, 11, 20)) == 3
    assert seed_governance(date(2026, 11, 20)) == 0
    reports = list(QuarterlyReport.objects.order_by("fiscal_year", "quarter").values_list(
        "fiscal_year", "quarter", "status"))
    assert reports == [(2026, 1, "approved"), (2026, 2, "approved"), (2026, 3, "draft")]
    approved = QuarterlyReport.objects.filter(status="approved")
    assert all(r.author_id != r.reviewed_by_id != r.approved_by_id != r.author_id for r in approved)
    assert DBTaskResult.objects.filter(task_path="sentinelle.governance.tasks.make_report_pdfs").count() == 2
    assert StatusUpdate.objects.filter(measure__code="3.1", status="late").exists()


def test_the_demo_working_group_has_a_year_of_meetings():
    from sentinelle.governance.models import Declaration, Meeting, PriorityArea

    create_staff("secretariat", region_code="HQ")
    assert seed_working_group(date(2026, 11, 20)) == 12
    assert seed_working_group(date(2026, 11, 20)) == 0
    meetings = Meeting.objects.all()
    assert all(m.agenda_opened_at is not None and m.minutes for m in meetings)
    assert all(d.recorded_at <= d.meeting.agenda_opened_at for d in Declaration.objects.select_related("meeting"))
    assert PriorityArea.objects.exclude(validated_on=None).count() == 3
