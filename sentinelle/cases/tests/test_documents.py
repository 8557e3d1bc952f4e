"""A case's documents: upload with versions, checked by content, previewed and
downloaded by staff who may see the case, every view and download recorded."""

from __future__ import annotations

import hashlib

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.template.loader import render_to_string
from django.test import Client

from sentinelle.audit.models import AuditEvent
from sentinelle.cases.documents import add_document, case_documents
from sentinelle.cases.models import Document, DocumentKind
from sentinelle.test import (
    create_case,
    create_staff,
    pdf_text,
    pixels,
    sign_in,
    tiny_docx,
    tiny_pdf,
    tiny_png,
)

pytestmark = pytest.mark.django_db
SLIPS = "Pay slips for September and October"
PDF = tiny_pdf(SLIPS)


def png(width: int = 6, height: int = 4) -> bytes:
    """A real PNG picture (also used by tests/browser)."""
    return tiny_png(width, height)


def sha256(content: bytes) -> str:
    return hashlib.sha256(content).hexdigest()



@pytest.fixture
def investigator():
    return create_staff("investigator", region_code="QC", full_name="Amélie Enquêteuse")


def _client(user, language: str = "en") -> Client:
    client = Client()
    sign_in(client, user)
    return client


def _events(action: str) -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(action=action).order_by("id"))


def test_upload_then_a_new_version_and_both_can_be_downloaded(investigator):
    case = create_case("QC")
    client = _client(investigator)
    base = f"/en/staff/cases/{case.reference}/documents/"

    response = client.post(base, {"title": "Pay slips", "file": SimpleUploadedFile("slips.pdf", PDF)}, follow=True)
    assert response.status_code == 200
    document = Document.objects.get(case=case)
    assert document.kind == DocumentKind.UPLOAD and document.title == "Pay slips"
    assert "The document “Pay slips” is added to the case." in response.content.decode()
    first = document.versions.get()
    assert first.number == 1 and first.content_type == "application/pdf"
    assert first.original_name == "slips.pdf" and first.file.name.startswith("cases/")
    # What is stored is the PDF cleaned of its metadata: it still shows the same text,
    # and its size and checksum are those recorded on the version.
    stored = default_storage.open(first.file.name).read()
    assert first.size == len(stored) and first.sha256 == sha256(stored)
    assert pdf_text(stored).strip() == SLIPS

    response = client.post(f"{base}{document.pk}/versions/", {
        "file": SimpleUploadedFile("slips-signed.png", png()), "comment": "Signed copy"}, follow=True)
    assert "Version 2 is added." in response.content.decode()
    assert list(document.versions.values_list("number", flat=True)) == [2, 1]

    for number in (1, 2):
        download = client.get(f"{base}{document.pk}/versions/{number}/download/")
        assert download.status_code == 200
        content = b"".join(download.streaming_content)
        assert sha256(content) == document.versions.get(number=number).sha256
        assert download["Content-Disposition"].startswith("attachment;")
        assert "no-store" in download["Cache-Control"]
        if number == 1:
            assert download["Content-Type"] == "application/pdf" and pdf_text(content).strip() == SLIPS
        else:
            assert download["Content-Type"] == "image/png" and pixels(content) == pixels(png())
    events = _events(AuditEvent.Action.DOWNLOAD)
    assert [e.detail for e in events] == [{"document": document.pk, "version": 1},
                                          {"document": document.pk, "version": 2}]
    assert all(e.object_id == str(case.pk) and e.region_code == "QC" and e.actor == investigator for e in events)
    assert {e.detail.get("version") for e in _events(AuditEvent.Action.CREATE)} == {1}
    assert {e.detail.get("version") for e in _events(AuditEvent.Action.UPDATE)} == {2}


def test_a_file_of_another_kind_is_refused_with_a_message(investigator):
    case = create_case("QC")
    client = _client(investigator, "fr")
    response = client.post(f"/fr/staff/cases/{case.reference}/documents/", {
        "title": "Script", "file": SimpleUploadedFile("notes.pdf", b"#!/bin/sh\necho not a pdf\n")})
    assert response.status_code == 400
    assert "notes.pdf" in response.content.decode() and 'role="alert"' in response.content.decode()
    assert not Document.objects.exists()


def test_an_empty_file_is_refused_by_the_service_too(investigator):
    case = create_case("QC")
    with pytest.raises(Exception, match="empty"):
        add_document(case, SimpleUploadedFile("empty.pdf", b""), actor=investigator)
    assert not Document.objects.exists()


def test_a_new_version_of_the_wrong_kind_is_refused(investigator):
    case = create_case("QC")
    document = add_document(case, SimpleUploadedFile("a.pdf", PDF), actor=investigator)
    response = _client(investigator).post(
        f"/en/staff/cases/{case.reference}/documents/{document.pk}/versions/",
        {"file": SimpleUploadedFile("b.pdf", b"plain text")})
    assert response.status_code == 400
    assert "is not a photo, a PDF or an office document" in response.content.decode()
    assert document.versions.count() == 1


def test_an_image_is_previewed_inline_to_staff_of_the_region_and_hidden_from_another(investigator):
    case = create_case("QC")
    document = add_document(case, SimpleUploadedFile("room.png", png()), actor=investigator, title="Housing")
    detail = f"/en/staff/cases/{case.reference}/documents/{document.pk}/"
    preview = f"{detail}versions/1/preview/"

    client = _client(investigator)
    page = client.get(detail)
    assert page.status_code == 200
    assert f'<img src="{preview}"' in page.content.decode()
    response = client.get(preview)
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert response["Content-Disposition"].startswith("inline")
    content = b"".join(response.streaming_content)
    assert sha256(content) == document.versions.get().sha256
    assert pixels(content) == pixels(png())  # the same picture (PNG keeps every pixel)
    views = _events(AuditEvent.Action.VIEW)
    assert {"document": document.pk} in [e.detail for e in views]
    assert {"document": document.pk, "version": 1, "preview": True} in [e.detail for e in views]

    other_region = _client(create_staff("team_lead", region_code="ON"))
    for path in (detail, preview, f"{detail}versions/1/download/", f"/en/staff/cases/{case.reference}/documents/"):
        assert other_region.get(path).status_code == 404, path
    assert len(_events(AuditEvent.Action.PERMISSION_DENIED)) == 4


def test_a_pdf_is_previewed_in_a_frame_of_this_site_only(investigator):
    case = create_case("QC")
    document = add_document(case, SimpleUploadedFile("slip.pdf", PDF), actor=investigator)
    client = _client(investigator)
    page = client.get(f"/en/staff/cases/{case.reference}/documents/{document.pk}/")
    assert "<iframe" in page.content.decode()
    assert "frame-src 'self'" in page["Content-Security-Policy"]
    preview = client.get(f"/en/staff/cases/{case.reference}/documents/{document.pk}/versions/1/preview/")
    assert preview["X-Frame-Options"] == "SAMEORIGIN"
    assert "frame-ancestors 'self'" in preview["Content-Security-Policy"]


def test_an_office_document_is_not_previewed(investigator):
    case = create_case("QC")
    document = add_document(case, SimpleUploadedFile("notes.docx", tiny_docx("Interview notes")),
                            actor=investigator)
    assert document.versions.get().content_type == (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document")
    client = _client(investigator)
    page = client.get(f"/en/staff/cases/{case.reference}/documents/{document.pk}/").content.decode()
    assert "cannot be shown in the page" in page
    assert client.get(f"/en/staff/cases/{case.reference}/documents/{document.pk}/versions/1/preview/"
                      ).status_code == 404
    download = client.get(f"/en/staff/cases/{case.reference}/documents/{document.pk}/versions/1/download/")
    assert download.status_code == 200 and download["Content-Disposition"].startswith("attachment;")


def test_an_older_word_file_is_refused_with_what_to_send_instead(investigator):
    """A .doc cannot be cleaned of its author fields: refused, saying what to send."""
    case = create_case("QC")
    ole = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100
    response = _client(investigator).post(f"/en/staff/cases/{case.reference}/documents/", {
        "title": "Old notes", "file": SimpleUploadedFile("old.doc", ole)})
    assert response.status_code == 400
    page = response.content.decode()
    assert "is an older Word, Excel or PowerPoint file" in page and "Save it as PDF" in page
    assert not Document.objects.exists()


def test_a_reader_who_may_not_change_the_case_cannot_upload():
    case = create_case("QC")
    reader = create_staff("intake_agent", region_code="QC")
    client = _client(reader)
    page = client.get(f"/en/staff/cases/{case.reference}/documents/")
    assert page.status_code == 200 and 'type="file"' not in page.content.decode()
    response = client.post(f"/en/staff/cases/{case.reference}/documents/",
                           {"file": SimpleUploadedFile("a.pdf", PDF)})
    assert response.status_code == 404
    assert not Document.objects.exists()


def test_the_document_list_takes_the_same_number_of_queries_however_many_documents(
        investigator, django_assert_num_queries):
    case = create_case("QC")
    document = add_document(case, SimpleUploadedFile("a.pdf", PDF), actor=investigator)
    with django_assert_num_queries(2):
        documents = case_documents(case)
        assert documents[0].latest_version.number == 1
    for n in range(3):
        from sentinelle.cases.documents import add_version

        add_version(document, SimpleUploadedFile(f"a{n}.pdf", PDF), actor=investigator)
        add_document(case, SimpleUploadedFile(f"b{n}.png", png()), actor=investigator)
    with django_assert_num_queries(2):
        documents = case_documents(case)
        assert [d.latest_version.number for d in documents].count(4) == 1
        assert {d.latest_version.uploaded_by.full_name for d in documents} == {"Amélie Enquêteuse"}


def test_the_case_page_include_lists_documents_and_offers_an_upload_form(investigator):
    case = create_case("QC")
    add_document(case, SimpleUploadedFile("contract.pdf", PDF), actor=investigator, title="Contract")
    context = {"case": case, "documents": case_documents(case)}
    html = render_to_string("cases/includes/documents.html", {**context, "may_change": True})
    assert "Contract" in html and "versions/1/download/" in html and 'type="file"' in html
    html = render_to_string("cases/includes/documents.html", {**context, "may_change": False})
    assert "Contract" in html and 'type="file"' not in html


def test_the_case_page_shows_the_documents_with_links(investigator):
    case = create_case("QC")
    document = add_document(case, SimpleUploadedFile("contract.pdf", PDF), actor=investigator, title="Contract")
    page = _client(investigator).get(f"/en/staff/cases/{case.reference}/").content.decode()
    assert f"/en/staff/cases/{case.reference}/documents/{document.pk}/" in page
    assert f"/en/staff/cases/{case.reference}/documents/{document.pk}/versions/1/download/" in page
