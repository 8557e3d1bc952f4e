"""Who is not yet trained: per mandatory course of a role, the active staff of
that role without a completion (team leads: their region; national: all),
overdue ones marked; the page, its filters and its CSV export."""

from __future__ import annotations

import csv
import html
import io
from datetime import date, timedelta

import pytest
from django.test import Client
from django.utils import timezone

from sentinelle.accounts.models import Role
from sentinelle.audit.models import AuditEvent
from sentinelle.test import create_staff, sign_in, train
from sentinelle.training.completions import untrained
from sentinelle.training.models import Completion, Course, MandatoryTraining

pytestmark = pytest.mark.django_db

TODAY = date(2026, 6, 15)


@pytest.fixture
def world():
    """Investigators, team leads and an intake agent in two regions, some trained."""
    MandatoryTraining.objects.create(role=Role.objects.get(code="investigator"),
                                     course=Course.objects.get(code="unannounced_inspection"),
                                     mandatory_by=TODAY - timedelta(days=1))
    MandatoryTraining.objects.create(role=Role.objects.get(code="investigator"),
                                     course=Course.objects.get(code="case_summary"),
                                     mandatory_by=TODAY + timedelta(days=30))
    MandatoryTraining.objects.create(role=Role.objects.get(code="team_lead"),
                                     course=Course.objects.get(code="escalation"), mandatory_by=TODAY)
    people = {
        "qc_trained": create_staff("investigator", region_code="QC", full_name="A Trained"),
        "qc_half": create_staff("investigator", region_code="QC", full_name="B Half"),
        "qc_none": create_staff("investigator", region_code="QC", full_name="C None"),
        "on_none": create_staff("investigator", region_code="ON", full_name="D Ontario"),
        "qc_lead": create_staff("team_lead", region_code="QC", full_name="E Lead"),
        "on_lead": create_staff("team_lead", region_code="ON", full_name="F Lead"),
        "qc_agent": create_staff("intake_agent", region_code="QC", full_name="G Agent"),
        "analyst": create_staff("national_analyst", region_code="HQ", full_name="H Analyst"),
        "gone": create_staff("investigator", region_code="QC", full_name="I Gone"),
    }
    people["gone"].is_active = False
    people["gone"].save()
    train(people["qc_trained"], "unannounced_inspection", "case_summary")
    train(people["qc_half"], "case_summary")
    train(people["on_lead"], "escalation")
    return people


def rows_of(user) -> set[tuple[str, str, bool]]:
    return {(r.member.full_name, r.requirement.course.code, r.overdue) for r in untrained(user, today=TODAY)}


def test_a_team_lead_sees_their_regions_untrained_staff(world):
    assert rows_of(world["qc_lead"]) == {
        ("B Half", "unannounced_inspection", True),
        ("C None", "unannounced_inspection", True),
        ("C None", "case_summary", False),
        # Mandatory on that very day: not yet overdue.
        ("E Lead", "escalation", False),
    }


def test_national_staff_see_every_region_and_filter(world):
    everyone = rows_of(world["analyst"])
    assert everyone == rows_of(world["qc_lead"]) | {
        ("D Ontario", "unannounced_inspection", True), ("D Ontario", "case_summary", False)}
    ontario = untrained(world["analyst"], region_id=world["on_none"].region_id, today=TODAY)
    assert {(r.member.full_name, r.requirement.course.code) for r in ontario} == {
        ("D Ontario", "unannounced_inspection"), ("D Ontario", "case_summary")}
    summary = untrained(world["analyst"], course=Course.objects.get(code="case_summary"), today=TODAY)
    assert {r.member.full_name for r in summary} == {"C None", "D Ontario"}


def test_the_page_lists_and_marks_overdue_and_a_completion_shrinks_it(world):
    MandatoryTraining.objects.update(mandatory_by=timezone.localdate() - timedelta(days=1))
    client = Client()
    sign_in(client, world["qc_lead"])

    page = html.unescape(client.get("/en/staff/training/not-yet-trained/").content.decode())
    assert "4 courses not yet completed – 4 overdue" in page
    assert "D Ontario" not in page and "A Trained" not in page and "I Gone" not in page

    Completion.objects.create(user=world["qc_none"], course=Course.objects.get(code="case_summary"),
                              completed_on=timezone.localdate())
    page = html.unescape(client.get("/en/staff/training/not-yet-trained/").content.decode())
    assert "3 courses not yet completed – 3 overdue" in page


def test_the_csv_export_is_the_list_and_is_audited(world):
    client = Client()
    sign_in(client, world["analyst"])

    response = client.get("/en/staff/training/not-yet-trained.csv", {"region": "ON"})

    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][:5] == ["Staff member", "E-mail address", "Region", "Role", "Course code"]
    assert sorted((r[0], r[4]) for r in rows[1:]) == [
        ("D Ontario", "case_summary"), ("D Ontario", "unannounced_inspection")]
    event = AuditEvent.objects.get(action="export", actor=world["analyst"])
    assert event.detail == {"export": "training_untrained", "rows": 2, "filters": {"region": "ON"}}


def test_investigators_and_agents_may_not_see_the_list(world):
    for who in ("qc_none", "qc_agent"):
        client = Client()
        sign_in(client, world[who])
        assert client.get("/en/staff/training/not-yet-trained/").status_code == 403
        assert client.get("/en/staff/training/not-yet-trained.csv").status_code == 403


def test_a_wrong_filter_is_explained(world):
    client = Client()
    sign_in(client, world["analyst"])
    response = client.get("/en/staff/training/not-yet-trained/", {"course": "nonsense"})
    assert response.status_code == 400 and "Select a valid choice" in response.content.decode()
