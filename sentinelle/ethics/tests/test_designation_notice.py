"""The designation notice for the oversight body: one PDF, French then English,
naming the officer and the substitute designated on the day chosen, their dates
and how to reach them, and where the officer's training stands. Only whoever keeps
the designations generates it; every generation is audited. The text is read back
from the PDF with pypdf."""

from __future__ import annotations

import io
import re
from datetime import date
from html import unescape

import pytest
from django.test import Client
from pypdf import PdfReader

from sentinelle.accounts.models import RoleCode
from sentinelle.audit.models import AuditEvent
from sentinelle.ethics.models import Post
from sentinelle.test import create_staff, sign_in
from sentinelle.training.models import Completion, Course, CourseCode

from .factories import designate

pytestmark = pytest.mark.django_db
URL = "/en/staff/ethics/designations/notice/"


def pdf_text(data: bytes) -> str:
    reader = PdfReader(io.BytesIO(data))
    return re.sub(r"\s+", " ", " ".join(page.extract_text() for page in reader.pages))


def _client(user) -> Client:  # type: ignore[no-untyped-def]
    client = Client()
    sign_in(client, user)
    return client


@pytest.fixture
def designated():  # type: ignore[no-untyped-def]
    officer = create_staff(RoleCode.INVESTIGATOR, region_code="HQ", full_name="Patrice Éthier")
    substitute = create_staff(RoleCode.TEAM_LEAD, region_code="QC", full_name="Fatima El Amrani")
    designate(officer, starts_on=date(2026, 3, 1))
    designate(substitute, Post.SUBSTITUTE, starts_on=date(2026, 4, 15), ends_on=date(2027, 4, 14))
    return officer, substitute


def test_the_notice_names_officer_and_substitute_with_their_dates_in_french_and_english(designated):
    officer, substitute = designated
    Completion.objects.create(user=officer, course=Course.objects.get(code=CourseCode.ETHICS_OFFICER),
                              completed_on=date(2026, 5, 20))
    admin = create_staff(RoleCode.ADMINISTRATOR, region_code="HQ")
    response = _client(admin).get(URL, {"on": "2026-06-01"})
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert "ethics-officer-designation-2026-06-01.pdf" in response["Content-Disposition"]
    text = pdf_text(response.content)
    # Both languages in one document, each on its page.
    pages = [page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages]
    assert len(pages) == 2 and "Avis de désignation" in pages[0] and "Notice of designation" in pages[1]
    assert "Avis de désignation du responsable de la gestion de l’éthique et de l’intégrité" in text
    assert "Notice of designation of the ethics and integrity officer" in text
    for name in ("Patrice Éthier", "Fatima El Amrani", "ethique@sentinelle.example", "418 555-0199"):
        assert text.count(name) >= 2, name
    # The dates, as each language writes them.
    for french in ("1 juin 2026", "1 mars 2026", "15 avril 2026", "14 avril 2027", "jusqu’à nouvel ordre"):
        assert french in text, french
    for english in ("June 1, 2026", "March 1, 2026", "April 15, 2026", "April 14, 2027", "until further notice"):
        assert english in text, english
    # The officer's training: completed, next due twelve months later; the substitute's due in six months.
    assert "May 20, 2026" in text and "May 20, 2027" in text and "20 mai 2027" in text
    assert "October 15, 2026" in text and "15 octobre 2026" in text
    event = AuditEvent.objects.get(action=AuditEvent.Action.EXPORT, detail__export="ethics_designation_notice")
    assert event.actor_id == admin.pk and event.detail["day"] == "2026-06-01"
    assert event.detail["officer"] == officer.email and event.detail["substitute"] == substitute.email


def test_a_notice_for_a_day_without_a_substitute_says_so(designated):
    response = _client(create_staff(RoleCode.ADMINISTRATOR, region_code="HQ")).get(URL, {"on": "2026-03-10"})
    text = pdf_text(response.content)
    assert "No substitute is designated on the date of the notice." in text
    assert "Aucun substitut n’est désigné à la date de l’avis." in text
    assert "Fatima El Amrani" not in text


def test_no_notice_for_a_day_without_an_officer_nor_for_a_wrong_date(designated):
    client = _client(create_staff(RoleCode.ADMINISTRATOR, region_code="HQ"))
    before = AuditEvent.objects.filter(action=AuditEvent.Action.EXPORT).count()
    refused = client.get(URL, {"on": "2026-02-27"})
    assert refused.status_code == 400
    assert "No ethics officer is designated on" in unescape(refused.content.decode())
    typo = client.get(URL, {"on": "2026-13-45"})
    assert typo.status_code == 400 and "Write the date as YYYY-MM-DD." in unescape(typo.content.decode())
    assert 'value="2026-13-45"' in typo.content.decode()  # what was typed stays
    french = client.get("/fr/staff/ethics/designations/notice/", {"on": "2026-02-27"})
    assert "Aucun responsable de l’éthique et de l’intégrité n’est désigné le" in unescape(french.content.decode())
    assert AuditEvent.objects.filter(action=AuditEvent.Action.EXPORT).count() == before
    # The page with the form, reached from the ethics page.
    assert client.get(URL).status_code == 200
    assert "/staff/ethics/designations/notice/" in client.get("/en/staff/ethics/").content.decode()


@pytest.mark.parametrize("role", [RoleCode.INVESTIGATOR, RoleCode.PRIVACY_OFFICER, RoleCode.MANAGER])
def test_only_who_keeps_the_designations_generates_it(designated, role):
    officer, _substitute = designated
    for user in (create_staff(role, region_code="HQ"), officer):
        response = _client(user).get(URL, {"on": "2026-06-01"})
        assert response.status_code == 403
        assert response["Content-Type"] != "application/pdf"
    assert not AuditEvent.objects.filter(detail__export="ethics_designation_notice").exists()
