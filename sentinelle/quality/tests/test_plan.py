"""The sampling plan: national analysts set the rate of each quarter, suspend and
resume sampling (who, when, why), and add or end targeted rules and checklist
items; everybody else may only look, and mistakes are explained."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.test import Client
from django.utils import timezone

from sentinelle.audit.models import AuditEvent
from sentinelle.quality import sampling
from sentinelle.quality.models import (
    ChecklistItem,
    SamplingRate,
    Suspension,
    TargetRule,
    fiscal_year_of,
    quarter_of,
)
from sentinelle.test import create_staff, sign_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def analyst():
    return create_staff("national_analyst", region_code="HQ", full_name="Nadia Analyst")


@pytest.fixture
def client(analyst):
    client = Client()
    sign_in(client, analyst)
    return client


def test_an_analyst_sets_a_quarters_rate_and_it_is_in_force_until_the_next_one(client, analyst):
    today = timezone.localdate()
    year, quarter = fiscal_year_of(today), quarter_of(today)

    response = client.post("/en/staff/quality/plan/", {"action": "rate", "fiscal_year": year, "quarter": quarter,
                                                       "percent": "2.5"})

    assert response.status_code == 302
    assert SamplingRate.objects.get(fiscal_year=year, quarter=quarter).rate == Decimal("0.025")
    assert sampling.rate_in_force(today) == Decimal("0.025")
    # A later quarter without a rate of its own keeps it.
    assert sampling.rate_in_force(today.replace(year=today.year + 1)) == Decimal("0.025")
    assert AuditEvent.objects.filter(object_type="quality.samplingrate", actor=analyst).exists()
    page = client.get("/en/staff/quality/plan/").content.decode()
    assert "Rate in force today: 2.50%" in page


@pytest.mark.parametrize("percent", ["150", "-1", "three"])
def test_a_wrong_rate_is_explained(client, percent):
    today = timezone.localdate()
    response = client.post("/en/staff/quality/plan/", {"action": "rate", "fiscal_year": fiscal_year_of(today),
                                                       "quarter": 1, "percent": percent})
    assert response.status_code == 400
    assert 'role="alert"' in response.content.decode()
    assert not SamplingRate.objects.exists()


def test_suspension_and_resumption_are_recorded_with_who_and_why(client, analyst):
    assert client.post("/en/staff/quality/plan/", {"action": "suspend", "suspend-reason": ""}).status_code == 400
    client.post("/en/staff/quality/plan/", {"action": "suspend", "suspend-reason": "Reviewers in training."})
    assert client.post("/en/staff/quality/plan/", {"action": "suspend", "suspend-reason": "Again"}).status_code == 400
    page = client.get("/en/staff/quality/plan/").content.decode()
    assert "Sampling is suspended" in page and "Reviewers in training." in page
    client.post("/en/staff/quality/plan/", {"action": "resume", "resume-reason": "Training over."})

    suspension = Suspension.objects.get()
    assert (suspension.suspended_by, suspension.reason) == (analyst, "Reviewers in training.")
    assert (suspension.resumed_by, suspension.resume_reason) == (analyst, "Training over.")
    assert suspension.resumed_at >= suspension.suspended_at


def test_a_targeted_rule_needs_what_its_kind_names(client, analyst):
    response = client.post("/en/staff/quality/plan/", {"action": "rule", "rule-kind": "sector",
                                                       "rule-reason": "Farms."})
    assert response.status_code == 400
    assert "This kind of rule needs this field." in response.content.decode()
    investigator = create_staff("investigator", region_code="QC", full_name="Iris New")
    response = client.post("/en/staff/quality/plan/", {"action": "rule", "rule-kind": "first_files",
                                                       "rule-first_files": "5", "rule-investigator": investigator.pk,
                                                       "rule-region": "1", "rule-reason": "New investigator."})
    assert response.status_code == 302
    rule = TargetRule.objects.get()
    assert (rule.first_files, rule.investigator, rule.region, rule.created_by) == (5, investigator, None, analyst)
    client.post("/en/staff/quality/plan/", {"action": "end_rule", "rule": rule.pk})
    rule.refresh_from_db()
    assert not rule.active and rule.ended_by == analyst


def test_others_see_the_plan_but_cannot_change_it():
    lead = create_staff("team_lead", region_code="QC")
    client = Client()
    sign_in(client, lead)
    assert client.get("/en/staff/quality/plan/").status_code == 200
    today = timezone.localdate()
    response = client.post("/en/staff/quality/plan/", {"action": "rate", "fiscal_year": fiscal_year_of(today),
                                                       "quarter": 1, "percent": "50"})
    assert response.status_code == 403
    assert not SamplingRate.objects.exists()
    assert client.get("/en/staff/quality/checklist/1/").status_code == 403
    assert client.get("/en/staff/quality/").status_code == 403


def test_an_analyst_adds_and_changes_checklist_items(client):
    count = ChecklistItem.objects.count()
    response = client.post("/en/staff/quality/checklist/", {
        "group": "decision", "text_en": "The letter states the right of appeal.",
        "text_fr": "La lettre mentionne le droit d’appel.", "substantial": "on", "course_code": "case_summary",
        "position": "200", "active": "on"})
    assert response.status_code == 302
    item = ChecklistItem.objects.get(text_en="The letter states the right of appeal.")
    assert ChecklistItem.objects.count() == count + 1 and item.substantial
    response = client.post(f"/en/staff/quality/checklist/{item.pk}/", {
        "group": "decision", "text_en": item.text_en, "text_fr": "", "course_code": "", "position": "200"})
    assert response.status_code == 400
    response = client.post(f"/en/staff/quality/checklist/{item.pk}/", {
        "group": "decision", "text_en": item.text_en, "text_fr": item.text_fr, "course_code": "",
        "position": "200"})
    assert response.status_code == 302
    item.refresh_from_db()
    assert not item.active and not item.substantial


def test_the_draws_page_shows_why_a_file_was_or_was_not_selected(client, analyst):
    from .factories import close_a_file, regional_team

    sampling.set_rate(fiscal_year_of(timezone.localdate()), quarter_of(timezone.localdate()), Decimal("0.5"),
                      actor=analyst)
    case = close_a_file(regional_team("QC"))
    page = client.get(f"/en/staff/quality/draws/?case={case.reference}").content.decode()
    draw = case.qc_draw
    assert f"{draw.random_value} / 1000000" in page
    assert "500000" in page
    assert ("Not selected" in page) != draw.selected


def test_the_demo_plan_and_draws_are_added_once():
    from sentinelle.demo.quality import seed_demo_quality
    from sentinelle.quality.models import Draw

    from .factories import close_a_file, regional_team

    team = regional_team("QC")
    close_a_file(team)  # drawn when closed, under no plan
    unplanned = close_a_file(team)
    Draw.objects.filter(case=unplanned).delete()

    assert seed_demo_quality() == 4 + 1
    assert SamplingRate.objects.count() == 4 and Draw.objects.count() == 2
    assert seed_demo_quality() == 0
