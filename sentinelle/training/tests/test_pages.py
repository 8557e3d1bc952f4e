"""The course list and course page, recording a completion, who sees whose
completions, the admin pages for requirements and mandatory-by dates, and the
demo data."""

from __future__ import annotations

import html
from datetime import date

import pytest
from django.test import Client
from django.utils import timezone

from sentinelle.accounts.models import Role
from sentinelle.audit.models import AuditEvent
from sentinelle.test import create_staff, sign_in
from sentinelle.training.models import Completion, Course, MandatoryTraining

pytestmark = pytest.mark.django_db


def client_for(user, language: str = "en") -> Client:
    client = Client()
    sign_in(client, user)
    return client


def text(response) -> str:
    return html.unescape(response.content.decode())


@pytest.fixture
def staff():
    return {
        "ines": create_staff("investigator", region_code="QC", full_name="Inès Gagnon"),
        "owen": create_staff("investigator", region_code="ON", full_name="Owen Smith"),
        "lead": create_staff("team_lead", region_code="QC", full_name="Louise Leblanc"),
        "analyst": create_staff("national_analyst", region_code="HQ", full_name="Jean Analyst"),
        "admin": create_staff("administrator", region_code="HQ", full_name="Robert Admin"),
        "nobody": create_staff(region_code="QC", full_name="No Role"),
    }


def complete(user, code: str, on: date = date(2025, 4, 1)) -> Completion:
    return Completion.objects.create(user=user, course=Course.objects.get(code=code), completed_on=on)


@pytest.mark.parametrize(("language", "name"), [("en", "Unannounced on-site inspections"),
                                                 ("fr", "Inspections sur place inopinées")])
def test_every_staff_member_sees_the_courses_and_their_own_completion(staff, language, name):
    complete(staff["ines"], "escalation", date(2025, 4, 1))
    page = text(client_for(staff["ines"], language).get(f"/{language}/staff/training/"))
    assert name in page and "case_management_system" in page
    assert "2025-04-01" in page
    assert "/staff/training/completions/import/" not in page


def test_the_course_page_shows_sessions_and_completions_within_reach(staff):
    complete(staff["ines"], "unannounced_inspection", date(2025, 4, 1))
    complete(staff["owen"], "unannounced_inspection", date(2025, 4, 2))
    course = Course.objects.get(code="unannounced_inspection")
    course.sessions.create(held_on=date(2026, 9, 3), place="Salle 4, Montréal", trainer="Sophie Tardif")

    lead_client = client_for(staff["lead"])
    lead = text(lead_client.get("/en/staff/training/courses/unannounced_inspection/"))
    assert "Salle 4, Montréal" in lead and "Sophie Tardif" in lead
    assert "Inès Gagnon" in lead and "Owen Smith" not in lead
    assert "On-site inspection (unannounced)" in lead

    analyst = text(client_for(staff["analyst"]).get("/en/staff/training/courses/unannounced_inspection/"))
    assert "Inès Gagnon" in analyst and "Owen Smith" in analyst

    investigator = text(client_for(staff["owen"]).get("/en/staff/training/courses/unannounced_inspection/"))
    assert "Owen Smith" in investigator and "Inès Gagnon" not in investigator
    assert lead_client.get("/en/staff/training/courses/no_such_course/").status_code == 404


def test_a_team_lead_records_a_completion_for_their_region_only(staff):
    lead = client_for(staff["lead"])
    form = text(lead.get("/en/staff/training/completions/new/?course=escalation"))
    assert "Inès Gagnon" in form and "Owen Smith" not in form

    response = lead.post("/en/staff/training/completions/new/", {
        "member": staff["ines"].pk, "course": "escalation", "completed_on": "2025-05-06"})
    assert response.status_code == 302 and response["Location"] == "/en/staff/training/courses/escalation/"
    completion = Completion.objects.get()
    assert (completion.user, completion.course.code, completion.completed_on, completion.recorded_by) == (
        staff["ines"], "escalation", date(2025, 5, 6), staff["lead"])
    assert AuditEvent.objects.filter(action="create", actor=staff["lead"], object_id=str(staff["ines"].pk)).exists()
    assert "The completion of “Escalation process” by Inès Gagnon is recorded." in text(lead.get(response["Location"]))

    refused = lead.post("/en/staff/training/completions/new/", {
        "member": staff["owen"].pk, "course": "escalation", "completed_on": "2025-05-06"})
    assert refused.status_code == 200 and "Select a valid choice" in text(refused)
    future = lead.post("/en/staff/training/completions/new/", {
        "member": staff["ines"].pk, "course": "case_summary", "completed_on": "2999-01-01"})
    assert "The completion date cannot be in the future." in text(future)
    assert Completion.objects.count() == 1


def test_investigators_and_staff_without_a_role_may_not_record(staff):
    assert client_for(staff["ines"]).get("/en/staff/training/completions/new/").status_code == 403
    nobody = client_for(staff["nobody"])
    assert nobody.get("/en/staff/training/").status_code == 403


def test_national_analysts_edit_mandatory_dates_in_the_admin(staff):
    analyst = client_for(staff["analyst"])
    role = Role.objects.get(code="investigator")
    course = Course.objects.get(code="case_summary")
    response = analyst.post("/en/admin/training/mandatorytraining/add/", {
        "role": role.pk, "course": course.pk, "mandatory_by": "2026-12-31"})
    assert response.status_code == 302
    assert MandatoryTraining.objects.get().mandatory_by == date(2026, 12, 31)
    assert analyst.get("/en/admin/training/activityrequirement/").status_code == 200
    assert client_for(staff["lead"]).get("/en/admin/training/mandatorytraining/").status_code in (302, 403)


def test_the_demo_leaves_one_investigator_without_the_unannounced_course():
    from sentinelle.demo.base import DEMO_STAFF, create_demo_staff
    from sentinelle.demo.training import UNTRAINED_INVESTIGATOR, seed_demo_training
    from sentinelle.training.gate import trained_user_ids

    create_demo_staff()
    added = seed_demo_training()
    field_staff = [name for name, role, _r in DEMO_STAFF if role in {"investigator", "team_lead"}]
    # Every course (eight) but one; the ethics officer's course is the officer's only.
    assert added == len(field_staff) * 8 - 1
    assert seed_demo_training() == 0
    from sentinelle.accounts.models import User

    users = {u.full_name: u.pk for u in User.objects.filter(full_name__in=field_staff)}
    trained = trained_user_ids(["unannounced_inspection"], users.values())
    assert set(users) - {n for n, pk in users.items() if pk in trained} == {UNTRAINED_INVESTIGATOR}
    assert MandatoryTraining.objects.filter(mandatory_by__lt=timezone.localdate()).exists()


def test_recording_a_completion_is_audited_by_the_service_itself(staff):
    from sentinelle.training import completions

    member, course = staff["ines"], Course.objects.order_by("pk").first()
    completion, created = completions.record_completion(member, course, date(2025, 4, 1), actor=staff["lead"])
    assert created
    [event] = AuditEvent.objects.filter(action=AuditEvent.Action.CREATE, detail__training_completion=completion.pk)
    assert event.actor_id == staff["lead"].pk and event.object_id == str(member.pk)
    # The same course on the same day again: kept once, audited once.
    assert completions.record_completion(member, course, date(2025, 4, 1), actor=staff["lead"])[1] is False
    assert AuditEvent.objects.filter(detail__training_completion=completion.pk).count() == 1
