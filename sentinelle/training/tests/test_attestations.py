"""Attestations after a course: a staff member who completed a course signs the
current (versioned, bilingual) attestation text on the course page; who, when and
which version are kept and audited. An activity that requires a course requires
its attestation too, and the refusal names the course whose attestation is
missing, on the case page (keeping what was typed) and in the API. Courses say
how they are delivered; the team-lead workload course is reference data."""

from __future__ import annotations

import html
import json
from datetime import date

import pytest
from django.test import Client
from django.utils import timezone

from sentinelle.audit.models import AuditEvent
from sentinelle.cases.models import Activity, ActivityKind, CaseStatus
from sentinelle.test import api_token_for, create_case, create_staff, sign_in
from sentinelle.training.models import (
    ActivityRequirement,
    Attestation,
    AttestationText,
    Completion,
    Course,
    DeliveryMode,
)

pytestmark = pytest.mark.django_db

UNANNOUNCED = {"occurred_at": "2026-07-14T06:30", "announced": "false", "place": "Ferme du Rang 4",
               "participants": "The foreman", "findings": "Twelve workers in a barn without water."}


def text(response) -> str:
    return html.unescape(response.content.decode())


def client_for(user) -> Client:
    client = Client()
    sign_in(client, user)
    return client


def complete(user, code: str) -> Completion:
    return Completion.objects.create(user=user, course=Course.objects.get(code=code), completed_on=date(2026, 3, 2))


@pytest.fixture
def investigator():
    return create_staff("investigator", region_code="QC", full_name="Inès Gagnon")


@pytest.fixture
def case(investigator):
    return create_case("QC", assigned_to=investigator, status=CaseStatus.IN_INSPECTION)


def test_the_reference_data_has_the_workload_course_delivery_modes_and_a_first_text():
    course = Course.objects.get(code="team_lead_workload")
    assert course.name_fr == "Gestion de la charge de travail pour les chefs d’équipe"
    assert course.name_en and course.name_es and course.name_tl and course.description_fr
    assert Course.objects.get(code="unannounced_inspection").delivery_mode == DeliveryMode.IN_PERSON
    assert Course.objects.get(code="escalation").delivery_mode == DeliveryMode.ONLINE
    current = AttestationText.current()
    assert current is not None and current.version == 1 and "J’atteste" in current.text_fr


@pytest.mark.parametrize(("language", "label", "mode"), [("en", "Delivery mode", "In person"),
                                                         ("fr", "Mode de prestation", "En personne")])
def test_the_course_page_says_how_it_is_delivered(investigator, language, label, mode):
    page = text(client_for(investigator).get(f"/{language}/staff/training/courses/unannounced_inspection/"))
    assert label in page and mode in page


def test_after_completing_a_course_the_staff_member_signs_the_current_version(investigator):
    client = client_for(investigator)
    url = "/en/staff/training/courses/escalation/"
    assert "Sign the attestation" not in text(client.get(url))

    refused = client.post(url + "attestation/", {"confirm": "yes"}, follow=True)
    assert "does not show the course “Escalation process” as completed" in text(refused)
    assert not Attestation.objects.exists()

    complete(investigator, "escalation")
    page = text(client.get(url))
    assert "Sign the attestation" in page and "I attest that I have completed this course" in page
    unticked = client.post(url + "attestation/", {}, follow=True)
    assert "Tick the box" in text(unticked) and not Attestation.objects.exists()

    before = timezone.now()
    signed = client.post(url + "attestation/", {"confirm": "yes"}, follow=True)
    assert "is signed" in text(signed)
    attestation = Attestation.objects.get()
    assert (attestation.user, attestation.course.code, attestation.text.version) == (investigator, "escalation", 1)
    assert attestation.signed_at >= before
    assert "You signed the attestation of this course (version 1)" in text(signed)
    assert "Sign the attestation" not in text(signed)
    event = AuditEvent.objects.filter(detail__training_attestation=attestation.pk).get()
    assert event.detail["attestation_version"] == 1 and event.actor == investigator

    # Signing again changes nothing; a new version of the text asks for a new signature.
    client.post(url + "attestation/", {"confirm": "yes"})
    assert Attestation.objects.count() == 1
    AttestationText.objects.create(version=2, text_en="New words.", text_fr="Nouveaux mots.",
                                   effective_from=date(2026, 1, 1))
    page = text(client.get(url))
    assert "New words." in page and "Sign the attestation" in page
    client.post(url + "attestation/", {"confirm": "yes"})
    assert sorted(Attestation.objects.values_list("text__version", flat=True)) == [1, 2]


def test_the_french_page_shows_the_french_text(investigator):
    complete(investigator, "escalation")
    page = text(client_for(investigator).get("/fr/staff/training/courses/escalation/"))
    assert "J’atteste avoir suivi cette formation" in page and "Signer l’attestation" in page


def test_only_staff_sign_and_only_with_post(investigator):
    complete(investigator, "escalation")
    assert client_for(investigator).get("/en/staff/training/courses/escalation/attestation/").status_code == 405
    nobody = create_staff(region_code="QC")
    assert client_for(nobody).post("/en/staff/training/courses/escalation/attestation/",
                                   {"confirm": "yes"}).status_code == 403
    assert not Attestation.objects.exists()


@pytest.mark.parametrize(("language", "expected"), [
    ("en", "requires the signed attestation of the course “Unannounced on-site inspections”"),
    ("fr", "Inspections sur place inopinées"),
])
def test_a_completed_course_without_its_attestation_is_refused_in_words(investigator, case, language, expected):
    complete(investigator, "unannounced_inspection")
    client = client_for(investigator)
    url = f"/{language}/staff/cases/{case.reference}/activities/new/inspection/"

    response = client.post(url, UNANNOUNCED)

    page = text(response)
    assert response.status_code == 200 and expected in page
    assert "Twelve workers in a barn without water." in page
    assert not Activity.objects.filter(case=case).exists()

    client.post("/en/staff/training/courses/unannounced_inspection/attestation/", {"confirm": "yes"})
    assert client.post(url, UNANNOUNCED).status_code == 302
    assert Activity.objects.get(case=case).announced is False


def test_the_refusal_names_only_the_courses_not_attested(investigator, case):
    ActivityRequirement.objects.create(kind=ActivityKind.INSPECTION, unannounced_only=False,
                                       course=Course.objects.get(code="escalation"))
    complete(investigator, "escalation")
    complete(investigator, "unannounced_inspection")
    client = client_for(investigator)
    client.post("/en/staff/training/courses/escalation/attestation/", {"confirm": "yes"}, follow=True)

    page = text(client.post(f"/en/staff/cases/{case.reference}/activities/new/inspection/", UNANNOUNCED))

    assert "attestation of the course “Unannounced on-site inspections”" in page
    assert "“Escalation process”" not in page
    # An announced inspection needs only the escalation course, attested.
    announced = dict(UNANNOUNCED, announced="true")
    assert client.post(f"/en/staff/cases/{case.reference}/activities/new/inspection/", announced).status_code == 302


def test_the_api_refuses_an_unattested_course(investigator, case):
    complete(investigator, "unannounced_inspection")
    client = Client(HTTP_AUTHORIZATION=f"Bearer {api_token_for(investigator)}", HTTP_ACCEPT_LANGUAGE="en")
    body = {"kind": "inspection", "occurred_at": "2026-07-14T06:30:00-04:00", "announced": False,
            "place": "Ferme du Rang 4", "findings": "Twelve workers in a barn without water."}

    refused = client.post(f"/api/v1/cases/{case.reference}/activities", json.dumps(body),
                          content_type="application/json")

    assert refused.status_code == 400
    assert "attestation of the course “Unannounced on-site inspections”" in refused.json()["detail"]
    assert not Activity.objects.filter(case=case).exists()
