"""The triage queue: new reports of the region, riskiest first, then oldest."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from sentinelle.intake.models import Allegation, Report, ReportStatus
from sentinelle.intake.tests.test_staff_factories import make_report
from sentinelle.test import create_staff, sign_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def lead():
    return create_staff("team_lead", region_code="QC")


@pytest.fixture
def client(lead) -> Client:
    client = Client()
    sign_in(client, lead)
    return client


def _references(html: str) -> list[str]:
    return re.findall(r">(R-\d{4}-[A-Z0-9]{8})</a>", html)


def _age(report: Report, days: int) -> Report:
    Report.objects.filter(pk=report.pk).update(submitted_on=timezone.localdate() - timedelta(days=days))
    return report


def test_riskiest_first_then_oldest(client):
    low_old = _age(make_report("QC", (Allegation.OTHER,)), 9)
    high = make_report("QC", (Allegation.HEALTH_SAFETY,), danger_now="yes")
    mid_new = _age(make_report("QC", (Allegation.WAGES,), employer_name="A"), 1)
    mid_old = _age(make_report("QC", (Allegation.WAGES,), employer_name="B"), 5)
    assert mid_new.risk_score == mid_old.risk_score

    html = client.get("/en/staff/reports/").content.decode()
    assert _references(html) == [high.reference, mid_old.reference, mid_new.reference, low_old.reference]
    assert "9 days" in html and "Escalation open" in html and "Health and safety" in html
    assert "Serres Lachance inc. (Saint-Rémi, QC)" in html


def test_the_score_is_explained_in_the_queue(client):
    make_report("QC", (Allegation.HEALTH_SAFETY,), workers_affected="21+")
    html = client.get("/en/staff/reports/").content.decode()
    assert "Allegation: Health and safety: +25" in html
    assert "Workers affected: More than 20 people: +15" in html


def test_only_the_users_region_and_only_undecided_reports(client):
    mine = make_report("QC")
    other_region = make_report("ON")
    closed = make_report("QC")
    Report.objects.filter(pk=closed.pk).update(status=ReportStatus.CLOSED)
    references = _references(client.get("/en/staff/reports/").content.decode())
    assert references == [mine.reference]
    assert other_region.reference not in references


def test_filter_by_status(client):
    new = make_report("QC")
    reviewed = make_report("QC")
    Report.objects.filter(pk=reviewed.pk).update(status=ReportStatus.IN_REVIEW)
    assert _references(client.get("/en/staff/reports/?status=in_review").content.decode()) == [reviewed.reference]
    assert _references(client.get("/en/staff/reports/?status=received").content.decode()) == [new.reference]
    # An unknown status is ignored, not an error.
    assert client.get("/en/staff/reports/?status=nonsense").status_code == 200


def test_the_queue_needs_a_constant_number_of_queries(client, django_assert_max_num_queries):
    for n in range(3):
        make_report("QC", (Allegation.WAGES, Allegation.HOUSING), employer_name=f"Employer {n}")
    with django_assert_max_num_queries(15) as few:
        assert client.get("/en/staff/reports/").status_code == 200
    for n in range(25):
        make_report("QC", (Allegation.WAGES, Allegation.FEES), employer_name=f"Other {n}", danger_now="yes")
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get("/en/staff/reports/")
    assert len(_references(response.content.decode())) == 28
