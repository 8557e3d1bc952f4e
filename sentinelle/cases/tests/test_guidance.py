"""The guidance library: every case status and activity kind has guidance in
French and English; staff who work files read it; national analysts edit it,
and each change is audited with what it said before."""

from __future__ import annotations

import pytest
from django.template.loader import render_to_string
from django.test import Client
from django.utils import translation

from sentinelle.audit.models import AuditEvent
from sentinelle.cases.guidance import ALL_TOPICS, guidance_for
from sentinelle.cases.models import ActivityKind, CaseStatus, Guidance
from sentinelle.test import create_staff, sign_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def analyst() -> Client:
    client = Client()
    sign_in(client, create_staff("national_analyst", region_code="HQ", full_name="Nadia Analyst"))
    return client


def test_every_status_and_activity_kind_has_guidance_in_both_languages():
    # And what to do when an employer leaves a document request unanswered.
    topics = {f"status:{s}" for s in CaseStatus.values} | {f"activity:{k}" for k in ActivityKind.values} \
        | {"nonresponse:document_request"}
    assert set(ALL_TOPICS) == topics
    library = {g.topic: g for g in Guidance.objects.all()}
    assert set(library) == topics
    for guidance in library.values():
        assert all([guidance.title_fr, guidance.title_en, guidance.body_fr, guidance.body_en]), guidance.topic
        assert guidance.body_fr != guidance.body_en, guidance.topic
        assert " :" not in guidance.body_fr + guidance.title_fr, f"{guidance.topic}: no-break space before “:”"


def test_guidance_comes_back_in_the_order_asked_without_unknown_topics():
    found = guidance_for("activity:interview", "status:no_such_status", "status:assigned", "activity:interview")
    assert [g.topic for g in found] == ["activity:interview", "status:assigned"]
    assert guidance_for() == []


def test_the_include_shows_guidance_in_the_active_language_and_nothing_when_there_is_none():
    guidance = guidance_for("status:in_inspection")
    with translation.override("fr"):
        french = render_to_string("cases/includes/guidance.html", {"guidance": guidance})
    with translation.override("en"):
        english = render_to_string("cases/includes/guidance.html", {"guidance": guidance})
    assert "<details>" in french and "<summary>En inspection" in french and "<p>" in french
    assert "<summary>In inspection" in english and "substantial error" in english
    assert render_to_string("cases/includes/guidance.html", {"guidance": []}).strip() == ""


def test_staff_who_work_files_read_the_library_but_only_analysts_may_edit(personas, analyst):
    investigator = Client()
    sign_in(investigator, personas.investigator_qc)
    page = investigator.get("/en/staff/guidance/")
    assert page.status_code == 200
    text = page.content.decode()
    assert "Case status: In inspection" in text and "Activity: Interview" in text
    assert "Edit<span" not in text

    assert "Edit<span" in analyst.get("/en/staff/guidance/").content.decode()
    interview = Guidance.objects.get(topic="activity:interview")
    assert investigator.get(f"/en/staff/guidance/{interview.pk}/").status_code == 403
    assert investigator.post(f"/en/staff/guidance/{interview.pk}/", {"title_en": "x"}).status_code == 403

    outsider = Client()
    sign_in(outsider, personas.outsider)
    assert outsider.get("/en/staff/guidance/").status_code == 403


def test_an_analyst_changes_the_guidance_and_the_change_is_audited(analyst):
    interview = Guidance.objects.get(topic="activity:interview")
    old_title, old_body = interview.title_en, interview.body_en
    form = analyst.get(f"/en/staff/guidance/{interview.pk}/")
    assert form.status_code == 200 and 'lang="fr"' in form.content.decode()

    response = analyst.post(f"/en/staff/guidance/{interview.pk}/", {
        "title_fr": interview.title_fr, "body_fr": interview.body_fr,
        "title_en": "Interviewing workers", "body_en": "Meet workers away from the employer.\n\nUse an interpreter.",
    }, follow=True)

    assert response.redirect_chain[-1][0] == "/en/staff/guidance/"
    page = response.content.decode()
    assert "The guidance for “Activity: Interview” is saved." in page
    assert "Interviewing workers" in page and "Nadia Analyst" in page
    interview.refresh_from_db()
    assert interview.title_en == "Interviewing workers"
    assert interview.updated_by.full_name == "Nadia Analyst"
    event = AuditEvent.objects.get(action=AuditEvent.Action.UPDATE, object_type="cases.guidance")
    assert event.detail["before"] == {"title_en": old_title, "body_en": old_body}
    assert event.detail["after"]["title_en"] == "Interviewing workers"
    assert set(event.detail["after"]) == {"title_en", "body_en"}


def test_saving_without_a_change_says_so_and_audits_nothing(analyst):
    note = Guidance.objects.get(topic="activity:note")
    response = analyst.post(f"/en/staff/guidance/{note.pk}/", {
        "title_fr": note.title_fr, "body_fr": note.body_fr, "title_en": note.title_en, "body_en": note.body_en,
    }, follow=True)
    assert "Nothing was changed" in response.content.decode()
    assert not AuditEvent.objects.filter(action=AuditEvent.Action.UPDATE).exists()


@pytest.mark.parametrize("empty", ["title_fr", "title_en", "body_fr", "body_en"])
def test_no_part_of_the_guidance_may_be_left_empty(analyst, empty):
    task = Guidance.objects.get(topic="activity:task")
    before = [task.title_fr, task.title_en, task.body_fr, task.body_en]
    data = {"title_fr": "Tâches", "title_en": "Tasks", "body_fr": "Texte.", "body_en": "Text."}
    data[empty] = "   "
    response = analyst.post(f"/en/staff/guidance/{task.pk}/", data)
    assert response.status_code == 400
    page = response.content.decode()
    assert 'role="alert"' in page and "This field is required." in page
    task.refresh_from_db()
    assert [task.title_fr, task.title_en, task.body_fr, task.body_en] == before
    assert not AuditEvent.objects.filter(action=AuditEvent.Action.UPDATE).exists()


def test_an_unknown_guidance_is_not_found(analyst):
    assert analyst.get("/en/staff/guidance/999999/").status_code == 404
