"""The training gate on activities: an unannounced on-site inspection needs the
"unannounced_inspection" course; the refusal says so in words, on the case page
(keeping what was typed) and in the API; an announced inspection needs nothing.
And trained_user_ids, which the work queue uses to suggest investigators."""

from __future__ import annotations

import html
import json
from datetime import date

import pytest
from django.test import Client
from django.utils import translation

from sentinelle.cases import workflow
from sentinelle.cases.models import Activity, ActivityKind, CaseStatus
from sentinelle.test import api_token_for, create_case, create_staff, sign_in, train
from sentinelle.training.gate import missing_course_message, trained_user_ids
from sentinelle.training.models import ActivityRequirement, Completion, Course

pytestmark = pytest.mark.django_db

UNANNOUNCED = {"occurred_at": "2026-07-14T06:30", "announced": "false", "place": "Ferme du Rang 4",
               "participants": "The foreman", "findings": "Twelve workers in a barn without water."}


@pytest.fixture
def investigator():
    return create_staff("investigator", region_code="QC", full_name="Inès Gagnon")


@pytest.fixture
def case(investigator):
    return create_case("QC", assigned_to=investigator, status=CaseStatus.IN_INSPECTION)


def inspection(announced: bool | None) -> dict:
    return {"occurred_at": None, "announced": announced, "place": "Ferme du Rang 4",
            "findings": "Twelve workers in a barn without water."}


def test_the_requirement_is_seeded_as_reference_data():
    assert set(Course.objects.values_list("code", flat=True)) == {
        "case_summary", "interviews_evidence", "unannounced_inspection", "escalation",
        "case_management_system", "qc_checklist_guide", "team_lead_workload", "ethics_officer", "field_equipment"}
    assert all(c.name_fr and c.name_en and c.description_fr and c.description_en for c in Course.objects.all())
    assert list(ActivityRequirement.objects.values_list("kind", "unannounced_only", "course__code")) == [
        (ActivityKind.INSPECTION, True, "unannounced_inspection")]


def test_an_unannounced_inspection_without_the_course_is_refused_in_words(investigator, case):
    with pytest.raises(workflow.CaseError) as refusal:
        workflow.add_activity(case, ActivityKind.INSPECTION, inspection(False), actor=investigator)

    assert "“Unannounced on-site inspections”" in refusal.value.message
    assert "unannounced" in refusal.value.message and "Nothing was saved" in refusal.value.message
    assert not Activity.objects.filter(case=case).exists()
    with translation.override("fr"):
        french = missing_course_message(investigator, ActivityKind.INSPECTION, announced=False)
    assert french is not None and "Inspections sur place inopinées" in french


def test_with_the_course_it_passes_and_an_announced_inspection_needs_none(investigator, case):
    workflow.add_activity(case, ActivityKind.INSPECTION, inspection(True), actor=investigator)
    workflow.add_activity(case, ActivityKind.INTERVIEW, {"interviewee": "worker", "notes": "Met."},
                          actor=investigator)
    train(investigator, "unannounced_inspection")
    workflow.add_activity(case, ActivityKind.INSPECTION, inspection(False), actor=investigator)
    assert Activity.objects.filter(case=case).count() == 3


def test_making_an_announced_inspection_unannounced_is_gated_too(investigator, case):
    activity = workflow.add_activity(case, ActivityKind.INSPECTION, inspection(True), actor=investigator)
    with pytest.raises(workflow.CaseError, match="Unannounced on-site inspections"):
        workflow.update_activity(activity, {"announced": False}, actor=investigator, expected_version=1)
    activity.refresh_from_db()
    assert activity.announced is True
    workflow.update_activity(activity, {"findings": "Water brought in."}, actor=investigator, expected_version=1)


@pytest.mark.parametrize(("language", "expected"), [
    ("en", "requires the course “Unannounced on-site inspections”"),
    ("fr", "Inspections sur place inopinées"),
])
def test_the_case_page_shows_the_refusal_and_keeps_what_was_typed(investigator, case, language, expected):
    client = Client()
    sign_in(client, investigator)

    response = client.post(f"/{language}/staff/cases/{case.reference}/activities/new/inspection/", UNANNOUNCED)

    page = html.unescape(response.content.decode())
    assert response.status_code == 200
    assert expected in page
    assert "Twelve workers in a barn without water." in page and 'value="Ferme du Rang 4"' in page
    assert not Activity.objects.filter(case=case).exists()

    train(investigator, "unannounced_inspection")
    response = client.post(f"/{language}/staff/cases/{case.reference}/activities/new/inspection/", UNANNOUNCED)
    assert response.status_code == 302
    assert Activity.objects.get(case=case).announced is False


def test_the_api_refuses_with_the_message(investigator, case):
    client = Client(HTTP_AUTHORIZATION=f"Bearer {api_token_for(investigator)}", HTTP_ACCEPT_LANGUAGE="en")
    body = {"kind": "inspection", "occurred_at": "2026-07-14T06:30:00-04:00", "announced": False,
            "place": "Ferme du Rang 4", "findings": "Twelve workers in a barn without water."}

    def post():
        return client.post(f"/api/v1/cases/{case.reference}/activities", json.dumps(body),
                           content_type="application/json")

    refused = post()
    assert refused.status_code == 400
    assert "requires the course “Unannounced on-site inspections”" in refused.json()["detail"]
    assert not Activity.objects.filter(case=case).exists()

    train(investigator, "unannounced_inspection")
    assert post().status_code == 201


def test_trained_user_ids_are_those_with_every_course():
    both, one, none = (create_staff("investigator") for _ in range(3))
    train(both, "unannounced_inspection", "interviews_evidence")
    train(one, "unannounced_inspection")
    # A second completion of the same course does not count as another course.
    Completion.objects.create(user=one, course=Course.objects.get(code="unannounced_inspection"),
                              completed_on=date(2024, 5, 1))
    ids = [both.pk, one.pk, none.pk]

    assert trained_user_ids(["unannounced_inspection", "interviews_evidence"], ids) == {both.pk}
    assert trained_user_ids(["unannounced_inspection"], ids) == {both.pk, one.pk}
    assert trained_user_ids(["unannounced_inspection"], [one.pk, none.pk]) == {one.pk}
    assert trained_user_ids([], ids) == set(ids)
    assert trained_user_ids(["no_such_course"], ids) == set()
