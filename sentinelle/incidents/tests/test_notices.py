"""The notices, printed to PDF: the notice to the Commission holds every field of
art. 3, the notice to the persons every field of art. 5 (one page per
recipient), the public notice the content of art. 5 and its art. 6 condition.
The text is read back from the PDF with pypdf."""

from __future__ import annotations

import io
import re
from datetime import date

import pytest
from django.test import Client
from pypdf import PdfReader

from sentinelle.audit.models import AuditEvent
from sentinelle.incidents.models import Notice, NoticeKind
from sentinelle.incidents.notices import generate_notice
from sentinelle.test import sign_in

from .factories import COMPLETE, complete_incident

pytestmark = pytest.mark.django_db


def pdf_text(data: bytes) -> tuple[str, int]:
    reader = PdfReader(io.BytesIO(data))
    text = " ".join(page.extract_text() for page in reader.pages)
    return re.sub(r"\s+", " ", text), len(reader.pages)


def test_the_notice_to_the_commission_holds_every_field_of_article_3(personas):
    incident = complete_incident(personas.privacy_officer, dates_approximate=True)
    notice = generate_notice(incident, NoticeKind.COMMISSION, language="en", given_on=date(2026, 3, 6),
                             actor=personas.privacy_officer)
    text, _pages = pdf_text(bytes(notice.pdf))
    for name in ("body_name", "body_neq", "contact_name", "contact_phone", "contact_email", "information_concerned",
                 "circumstances", "notification_measures", "other_bodies", "harm_explanation", "discovered_how"):
        assert COMPLETE[name] in text, name
    assert "Date or period of the incident March 2, 2026 (approximation)" in text
    assert "Date the body learned of the incident March 4, 2026" in text
    assert "Number of persons concerned 42" in text
    assert "Number of persons concerned in Quebec 40" in text
    assert "March 6, 2026" in text  # the date of the notice
    for factor in ("Sensitivity of the information High", "Possible malicious uses High",
                   "Anticipated consequences High", "Probability of harmful use Medium"):
        assert factor in text
    assert "the incident presents a risk of serious harm" in text
    assert "Deletion of the e-mail confirmed. Quebec regional office 2026-03-04 2026-03-05" in text
    assert "Address autocomplete turned off. Cybersecurity service 2026-04-01" in text
    assert notice.filename == f"{incident.reference}-commission-2026-03-06-en.pdf"


def test_the_notice_in_french(personas):
    incident = complete_incident(personas.privacy_officer, occurred_until=date(2026, 3, 3))
    notice = generate_notice(incident, NoticeKind.COMMISSION, language="fr", given_on=date(2026, 3, 6),
                             actor=personas.privacy_officer)
    text, _pages = pdf_text(bytes(notice.pdf))
    assert "6 mars 2026" in text and "4 mars 2026" in text and "3 mars 2026" in text
    assert "Commission d’accès à l’information du Québec" in text


def test_the_notice_to_the_persons_has_a_page_for_each_recipient(personas):
    incident = complete_incident(personas.privacy_officer)
    recipients = ["Ana Cruz, 12 rue des Érables, Saint-Rémi", "Juan Pérez, 3 rang Sud, Sherrington",
                  "Maria Santos, 8 chemin du Lac, Napierville"]
    notice = generate_notice(incident, NoticeKind.PERSONS, language="en", given_on=date(2026, 3, 7),
                             actor=personas.privacy_officer, recipients=["", *recipients, "  "])
    assert notice.recipient_list == recipients
    reader = PdfReader(io.BytesIO(bytes(notice.pdf)))
    assert len(reader.pages) == 3
    for page, recipient in zip(reader.pages, recipients, strict=True):
        text = re.sub(r"\s+", " ", page.extract_text())
        assert recipient in text
        for name in ("information_concerned", "circumstances", "suggested_measures", "contact_name",
                     "contact_phone", "contact_email"):
            assert COMPLETE[name] in text, name
        assert "March 2, 2026" in text
        assert "Deletion of the e-mail confirmed." in text
        # What the notice to a person does not say: the assessment of the grid.
        assert "Address autocomplete" not in text


def test_the_public_notice_states_its_condition(personas):
    incident = complete_incident(personas.privacy_officer)
    notice = generate_notice(incident, NoticeKind.PUBLIC, language="en", given_on=date(2026, 3, 8),
                             actor=personas.privacy_officer, condition="urgency",
                             justification="The list was published on a forum.")
    text, _pages = pdf_text(bytes(notice.pdf))
    assert "The notice is urgent, to reduce the risk of serious harm quickly" in text
    assert "The list was published on a forum." in text
    for name in ("information_concerned", "circumstances", "suggested_measures", "contact_name"):
        assert COMPLETE[name] in text, name
    assert notice.public_condition == "urgency"


@pytest.fixture
def officer(personas) -> Client:
    client = Client()
    sign_in(client, personas.privacy_officer)
    return client


def test_the_officer_generates_a_notice_and_downloads_it(personas, officer):
    incident = complete_incident(personas.privacy_officer)
    form = officer.get(f"/en/staff/incidents/{incident.pk}/notices/persons/new/")
    assert form.status_code == 200
    response = officer.post(f"/en/staff/incidents/{incident.pk}/notices/persons/new/",
                            {"language": "fr", "given_on": "2026-03-07", "recipients": "Ana Cruz\r\nJuan Pérez"},
                            follow=True)
    assert "Notice to the persons concerned (art. 5) generated, dated 2026-03-07." in response.content.decode()
    notice = Notice.objects.get(incident=incident)
    assert (notice.kind, notice.language, notice.given_on, notice.recipient_list) == (
        NoticeKind.PERSONS, "fr", date(2026, 3, 7), ["Ana Cruz", "Juan Pérez"])
    assert AuditEvent.objects.filter(action="create", object_id=str(incident.pk), detail__notice=notice.pk).exists()

    download = officer.get(f"/en/staff/incidents/{incident.pk}/notices/{notice.pk}/pdf/")
    assert download.status_code == 200
    assert download["Content-Type"] == "application/pdf"
    assert download.content == bytes(notice.pdf)
    assert AuditEvent.objects.filter(action="download", object_id=str(incident.pk),
                                     detail__notice=notice.pk).count() == 1


def test_a_notice_cannot_be_dated_in_the_future_or_of_an_unknown_kind(personas, officer):
    incident = complete_incident(personas.privacy_officer)
    response = officer.post(f"/en/staff/incidents/{incident.pk}/notices/commission/new/",
                            {"language": "en", "given_on": "2999-01-01"})
    assert response.status_code == 400
    assert "This date is in the future." in response.content.decode()
    assert officer.get(f"/en/staff/incidents/{incident.pk}/notices/newspaper/new/").status_code == 404
    assert not Notice.objects.exists()


def test_a_public_notice_needs_its_condition_through_the_form(personas, officer):
    incident = complete_incident(personas.privacy_officer)
    response = officer.post(f"/en/staff/incidents/{incident.pk}/notices/public/new/",
                            {"language": "en", "given_on": "2026-03-08"})
    assert response.status_code == 400
    assert "Condition that justifies a public notice (art. 6)" in response.content.decode()
