"""Letters to employers: made from the editable French and English templates,
printed to PDF without any request leaving the server, filed on the case; and
the templates themselves, which accept only the listed placeholders."""

from __future__ import annotations

import io
from decimal import Decimal

import pytest
from django.test import Client
from django.utils import timezone
from pypdf import PdfReader

from sentinelle.audit.models import AuditEvent
from sentinelle.cases import letters
from sentinelle.cases.models import (
    Decision,
    DecisionStatus,
    Document,
    DocumentKind,
    LetterKind,
    LetterTemplate,
    Outcome,
)
from sentinelle.lib.pdf import html_to_pdf
from sentinelle.test import create_case, create_employer, create_staff, sign_in

pytestmark = pytest.mark.django_db


def pdf_text(content: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


def filed_pdf(document: Document) -> bytes:
    with document.versions.get().file.open("rb") as handle:
        return handle.read()  # type: ignore[no-any-return]



@pytest.fixture
def investigator():
    return create_staff("investigator", region_code="QC", full_name="Amélie Enquêteuse")


def _client(user, language: str = "en") -> Client:
    client = Client()
    sign_in(client, user)
    return client


def _case():
    employer = create_employer("QC", legal_name="Ferme Dubé et Fils inc.", street_address="12, rang Saint-Joseph",
                               city="Saint-Rémi", postal_code="J0L 2L0")
    return create_case("QC", employer=employer)


@pytest.mark.parametrize("language, subject", [
    ("fr", "Avis d'inspection"), ("en", "Notice of inspection")])
def test_a_notice_of_inspection_is_made_as_a_pdf_and_filed_on_the_case(investigator, language, subject):
    case = _case()
    client = _client(investigator, language)
    url = f"/{language}/staff/cases/{case.reference}/letters/new/"
    assert client.get(url).status_code == 200
    response = client.post(url, {"kind": "notice_of_inspection", "language": language}, follow=True)
    assert response.status_code == 200
    document = Document.objects.get(case=case)
    assert document.kind == DocumentKind.LETTER
    assert response.redirect_chain[-1][0].endswith(f"/documents/{document.pk}/")
    assert document.title in response.content.decode()  # the confirmation names the letter
    text = pdf_text(filed_pdf(document))
    assert "Ferme Dubé et Fils inc." in text and case.reference in text and subject in text
    assert "Saint-Rémi" in text and "Amélie Enquêteuse" in text
    event = AuditEvent.objects.get(action=AuditEvent.Action.EXPORT)
    assert event.detail == {"letter": "notice_of_inspection", "language": language, "document": document.pk}


def test_a_request_for_documents_carries_the_due_date_chosen(investigator):
    case = _case()
    due = timezone.localdate().replace(year=timezone.localdate().year + 1, month=3, day=14)
    _client(investigator, "fr").post(f"/fr/staff/cases/{case.reference}/letters/new/", {
        "kind": "document_request", "language": "fr", "due_on": due.isoformat()})
    text = pdf_text(filed_pdf(Document.objects.get(case=case)))
    assert f"14 mars {due.year}" in text and "Demande de documents" in text


def test_a_due_date_in_the_past_is_refused(investigator):
    case = _case()
    response = _client(investigator).post(f"/en/staff/cases/{case.reference}/letters/new/", {
        "kind": "document_request", "language": "en", "due_on": "2001-01-01"})
    assert response.status_code == 400
    assert "The due date cannot be in the past." in response.content.decode()
    assert not Document.objects.exists()


def test_a_decision_letter_needs_a_decision(investigator):
    case = _case()
    client = _client(investigator)
    url = f"/en/staff/cases/{case.reference}/letters/new/"
    response = client.post(url, {"kind": "decision", "language": "en"})
    assert response.status_code == 400
    assert "This case has no decision yet" in response.content.decode()

    lead = create_staff("team_lead", region_code="QC")
    Decision.objects.create(
        case=case, outcome=Outcome.PENALTY, grounds="Overtime was not paid to six workers.",
        penalty_amount=Decimal("12500.00"), status=DecisionStatus.APPROVED, proposed_by=investigator,
        approved_by=lead, approved_at=timezone.now(), region=case.region,
    )
    for language in ("en", "fr"):
        client.post(url, {"kind": "decision", "language": language})
    english, french = (pdf_text(filed_pdf(d)) for d in Document.objects.filter(case=case).order_by("id"))
    assert "Overtime was not paid to six workers." in english and "$12,500.00" in english
    assert "Ferme Dubé et Fils inc." in french and case.reference in french and "Lettre de décision" in french
    assert "12" in french and "500,00" in french


def test_another_region_cannot_make_letters_on_the_case():
    case = _case()
    client = _client(create_staff("investigator", region_code="ON"))
    response = client.post(f"/en/staff/cases/{case.reference}/letters/new/",
                           {"kind": "notice_of_inspection", "language": "en"})
    assert response.status_code == 404
    assert not Document.objects.exists()


# The sandbox ----------------------------------------------------------------------


@pytest.mark.parametrize("text", [
    "{{ employer_name }}",
    "Dossier {{ case_reference }} {% if penalty_amount %}{{ penalty_amount }}{% else %}–{% endif %}",
    "{% if not ban_years and decision_outcome %}x{% endif %}",
])
def test_templates_may_use_the_placeholders(text):
    letters.check_template_text(text)


@pytest.mark.parametrize("text, message", [
    ("{{ secret_key }}", "“secret_key” is not a placeholder"),
    ("{{ employer_name.upper }}", "“employer_name.upper” is not a placeholder"),
    ("{{ employer_name|upper }}", "placeholders cannot take filters"),
    ("{% load static %}{% static 'x' %}", "Line 1: only placeholders"),
    ("line one\n{% include 'base.html' %}", "Line 2: only placeholders"),
    ("{% if employer_name == 'x' %}a{% endif %}", "A condition may only test placeholders"),
    ("{% if foo %}a{% endif %}", "“foo” is not a placeholder"),
    ("{{ 'text' }}", "is not a placeholder"),
])
def test_templates_that_use_anything_else_are_refused(text, message):
    with pytest.raises(letters.LetterError, match=message):
        letters.check_template_text(text)


def test_the_pdf_maker_fetches_nothing_from_the_network():
    from sentinelle.lib.pdf_render import LocalFilesOnly

    fetcher = LocalFilesOnly()
    for url in ["http://example.com/font.woff", "https://example.com/x.png", "file:///etc/passwd",
                "ftp://example.com/x"]:
        with pytest.raises(ValueError, match="local files only"):
            fetcher(url)
    pdf = html_to_pdf('<p>Hello</p><img src="http://127.0.0.1:9/x.png" alt="">')
    assert "Hello" in pdf_text(pdf)


# Editing the templates --------------------------------------------------------


def test_every_letter_has_its_template_in_both_languages():
    assert LetterTemplate.objects.count() == 2 * len(LetterKind.values)
    assert set(LetterTemplate.objects.values_list("kind", "language")) == {
        (kind, language) for kind in LetterKind.values for language in ("fr", "en")}
    for template in LetterTemplate.objects.all():
        letters.check_template_text(template.subject)
        letters.check_template_text(template.body)


def test_an_analyst_edits_a_template_and_a_forbidden_placeholder_is_refused(settings):
    analyst = create_staff("national_analyst", region_code="HQ")
    client = _client(analyst, "fr")
    listing = client.get("/fr/staff/letters/")
    assert listing.status_code == 200
    template = LetterTemplate.objects.get(kind="decision", language="fr")
    url = f"/fr/staff/letters/{template.pk}/"
    assert f'href="{url}"' in listing.content.decode()
    assert "{{ employer_name }}" in client.get(url).content.decode()

    response = client.post(url, {"subject": template.subject, "body": "Bonjour {{ user.password }}"})
    assert response.status_code == 400
    assert "« user.password »" in response.content.decode() or "user.password" in response.content.decode()
    template.refresh_from_db()
    assert "user.password" not in template.body

    response = client.post(url, {"subject": "Décision – {{ case_reference }}", "body": "Bonjour {{ employer_name }}"})
    assert response.status_code == 302
    template.refresh_from_db()
    assert template.body == "Bonjour {{ employer_name }}"
    event = AuditEvent.objects.get(action=AuditEvent.Action.UPDATE, object_type="cases.lettertemplate")
    assert event.actor == analyst and set(event.detail["fields"]) == {"subject", "body"}


def test_investigators_cannot_edit_templates(settings, investigator):
    client = _client(investigator)
    template = LetterTemplate.objects.first()
    assert client.get("/en/staff/letters/").status_code == 403
    assert client.post(f"/en/staff/letters/{template.pk}/", {"subject": "x", "body": "y"}).status_code == 403
