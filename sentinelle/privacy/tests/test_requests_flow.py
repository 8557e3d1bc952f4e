"""A request from receipt to release, on a real PDF filed on a case, with the
real detection engine (loaded once for the module) and true redaction."""

from __future__ import annotations

import csv
import io
import re
import zipfile

import pymupdf
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from pypdf import PdfReader

from sentinelle.audit.models import AuditEvent
from sentinelle.cases.documents import add_document
from sentinelle.privacy import tasks
from sentinelle.privacy.models import (
    AccessRequest,
    JobKind,
    JobStatus,
    LegalGround,
    MarkDecision,
    MarkOrigin,
    RedactionJob,
    RedactionMark,
)
from sentinelle.test import create_case, create_staff, sign_in

pytestmark = pytest.mark.xdist_group("spacy")

LINES = [
    "Rapport d'inspection du 12 mars 2026",
    "Le travailleur Jean Tremblay a été rencontré sur place.",
    "Téléphone : 514-555-0199",
    "Courriel : jean.tremblay@example.com",
    "Référence interne : dossier 4471-B",
    "L'employeur conteste les heures supplémentaires.",
]


def inspection_report() -> bytes:
    document = pymupdf.open()
    page = document.new_page()
    for number, line in enumerate(LINES):
        page.insert_text((72, 100 + 20 * number), line, fontsize=12)
    document.new_page().insert_text((72, 100), "Page deux : conclusions de l'inspection.", fontsize=12)
    content = bytes(document.tobytes())
    document.close()
    return content


@pytest.fixture(scope="module")
def detection_engine():
    """The spaCy pipelines load once (about 10 s) for the whole module."""
    from sentinelle.privacy.pii import find_personal_information

    find_personal_information("Jean Tremblay habite à Québec.", "fr")
    return find_personal_information


def flat_text(pdf: bytes) -> str:
    return " ".join(" ".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(pdf)).pages).split())


@pytest.mark.django_db
def test_a_request_from_receipt_to_release_package(detection_engine):
    officer = create_staff("privacy_officer", region_code="QC", full_name="Paule Responsable")
    investigator = create_staff("investigator", region_code="QC")
    case = create_case("QC")
    filed = add_document(case, SimpleUploadedFile("rapport.pdf", inspection_report(), content_type="application/pdf"),
                         actor=investigator, title="Rapport d'inspection")
    client = Client()
    sign_in(client, officer)

    # Receipt.
    response = client.post(reverse("privacy:request_create"), {
        "name": "Jeanne Demandeuse", "address": "12 rue des Érables, Québec", "email": "", "phone": "",
        "received_on": "2026-03-02", "scope": "Le rapport d'inspection du 12 mars 2026.", "regime": "quebec",
        "language": "fr", "assigned_to": officer.pk})
    assert response.status_code == 302
    access_request = AccessRequest.objects.get()
    ref = access_request.reference

    # Gather the case document.
    found = client.get(reverse("privacy:gather", args=[ref]), {"case_reference": case.reference})
    assert "Rapport d&#x27;inspection" in found.content.decode() or "Rapport d'inspection" in found.content.decode()
    response = client.post(reverse("privacy:gather", args=[ref]) + f"?case_reference={case.reference}",
                           {"documents": [str(filed.pk)], "language": "fr"})
    assert response.status_code == 302
    document = access_request.documents.get()
    assert document.case_document_id == filed.pk

    # Detection, run by the task function itself.
    response = client.post(reverse("privacy:detect_start", args=[ref, document.pk]))
    assert response.status_code == 302
    job = RedactionJob.objects.get(kind=JobKind.DETECT)
    tasks.detect_personal_information.call(job.pk)
    job.refresh_from_db()
    document.refresh_from_db()
    assert job.status == JobStatus.DONE and (job.pages_done, job.pages_total) == (2, 2)
    assert document.page_count == 2
    status = client.get(reverse("privacy:job_status", args=[ref, job.pk])).json()
    assert status["text"] == "Done: 2 pages." and not status["active"]

    proposals = {mark.kind: mark for mark in document.marks.all()}
    assert {"EMAIL", "PHONE"} <= set(proposals), proposals
    email, phone = proposals["EMAIL"], proposals["PHONE"]
    assert email.text == "jean.tremblay@example.com" and phone.text == "514-555-0199"

    # The review page shows the page image and the proposals over it.
    page = client.get(reverse("privacy:review_page", args=[ref, document.pk, 1]))
    html = page.content.decode()
    assert page.status_code == 200 and "jean.tremblay@example.com" in html
    assert re.search(rf'<rect class="mark mark-proposed" x="{email.x0:.2f}" y="{email.y0:.2f}"', html)
    image = client.get(reverse("privacy:page_image", args=[ref, document.pk, 1]))
    assert image.status_code == 200 and image.content.startswith(b"\x89PNG")

    # Accept the e-mail (personal information), reject the telephone and anything else proposed.
    ground_pk = str(LegalGround.objects.get(code="qc-53-54").pk)
    refused = client.post(reverse("privacy:mark_decide", args=[ref, document.pk, email.pk]),
                          {f"m{email.pk}-decision": "accepted", f"m{email.pk}-ground": ""})
    assert refused.status_code == 302
    assert RedactionMark.objects.get(pk=email.pk).decision == MarkDecision.PROPOSED  # no ground: refused
    response = client.post(reverse("privacy:mark_decide", args=[ref, document.pk, email.pk]),
                           {f"m{email.pk}-decision": "accepted", f"m{email.pk}-ground": ground_pk})
    assert response.status_code == 302
    for mark in document.marks.exclude(pk=email.pk):
        client.post(reverse("privacy:mark_decide", args=[ref, document.pk, mark.pk]),
                    {f"m{mark.pk}-decision": "rejected", f"m{mark.pk}-ground": ""})
    assert RedactionMark.objects.get(pk=phone.pk).decision == MarkDecision.REJECTED

    # Add one by hand: the rectangle of "4471-B" (as the mouse would draw it).
    with pymupdf.open(stream=inspection_report(), filetype="pdf") as pdf:
        rect = pdf[0].search_for("4471-B")[0]
    response = client.post(reverse("privacy:mark_add", args=[ref, document.pk, 1]), {
        "find_text": "", "x0": f"{rect.x0 - 1:.2f}", "y0": f"{rect.y0 - 1:.2f}", "x1": f"{rect.x1 + 1:.2f}",
        "y1": f"{rect.y1 + 1:.2f}", "ground": ground_pk})
    assert response.status_code == 302
    manual = document.marks.get(origin=MarkOrigin.MANUAL)
    assert "4471-B" in manual.text

    # Release.
    response = client.post(reverse("privacy:release", args=[ref]), {"language": "fr"})
    assert response.status_code == 302
    release_job = RedactionJob.objects.get(kind=JobKind.RELEASE)
    package_pk = tasks.release_request.call(release_job.pk)
    release_job.refresh_from_db()
    assert release_job.status == JobStatus.DONE, release_job.error
    download = client.get(reverse("privacy:package_download", args=[ref, package_pk]))
    assert download.status_code == 200
    assert AuditEvent.objects.filter(action="download", object_id=str(access_request.pk),
                                     detail__package=package_pk).exists()
    archive = zipfile.ZipFile(io.BytesIO(b"".join(download.streaming_content)))
    released = archive.read("documents/01-rapport-d-inspection-caviarde.pdf")
    text = flat_text(released)
    assert "jean.tremblay@example.com" not in text and "4471-B" not in text
    assert "514-555-0199" in text  # rejected: still there
    assert "art. 53, 54" in text  # the boxes carry their ground

    rows = list(csv.reader(io.StringIO(archive.read("bordereau-des-caviardages.csv").decode("utf-8-sig"))))
    assert rows[0] == ["Document", "Page", "Motif", "Type de renseignement"]
    assert sorted(rows[1:]) == sorted([
        ["Rapport d'inspection", "1", "art. 53, 54 – Renseignements personnels", "Adresse électronique"],
        ["Rapport d'inspection", "1", "art. 53, 54 – Renseignements personnels", "Ajout manuel"],
    ])
    schedule = flat_text(archive.read("bordereau-des-caviardages.pdf"))
    assert "Nombre de caviardages : 2" in schedule and "jean.tremblay" not in schedule
    letter = flat_text(archive.read("lettre-de-decision.pdf"))
    assert "articles 14, 53 et 54" in letter
    assert "Renseignements personnels (art. 53, 54)" in letter
    assert "réviser cette décision, et ce, dans les trente (30) jours" in letter
    assert "Commission d’accès à l’information du Québec" in letter

    # Nobody else gets in: not the pages, not the page images, not the package.
    other = Client()
    sign_in(other, investigator)
    for url in [reverse("privacy:request_list"), reverse("privacy:request_detail", args=[ref]),
                reverse("privacy:review_page", args=[ref, document.pk, 1]),
                reverse("privacy:page_image", args=[ref, document.pk, 1]),
                reverse("privacy:release", args=[ref]),
                reverse("privacy:package_download", args=[ref, package_pk])]:
        assert other.get(url).status_code in (403, 404), url


def worker_statement(lines: list[str]) -> bytes:
    document = pymupdf.open()
    page = document.new_page()
    for number, line in enumerate(lines):
        page.insert_text((72, 100 + 20 * number), line, fontsize=12)
    content = bytes(document.tobytes())
    document.close()
    return content


@pytest.mark.django_db
@pytest.mark.parametrize("language, lines, name, number", [
    ("es", ["Declaración del trabajador", "Me llamo Rosa Cux y trabajo en el invernadero.",
            "Mi hermano Pedro tiene el número +502 5512 3487."], "Rosa Cux", "+502 5512 3487"),
    ("tl", ["Salaysay ng manggagawa", "Ako si Maricel Dizon, taga-Batangas.",
            "Tawagan ang kapatid ko sa +63 917 555 0142."], "Maricel Dizon", "+63 917 555 0142"),
])
def test_a_workers_statement_in_spanish_or_tagalog_is_read_in_its_language(detection_engine, language, lines,
                                                                           name, number):
    officer = create_staff("privacy_officer", region_code="QC")
    client = Client()
    sign_in(client, officer)
    client.post(reverse("privacy:request_create"), {
        "name": "Jeanne Demandeuse", "address": "12 rue des Érables, Québec", "email": "", "phone": "",
        "received_on": "2026-03-02", "scope": "Ma déclaration.", "regime": "quebec", "language": "fr",
        "assigned_to": officer.pk})
    ref = AccessRequest.objects.get().reference
    form = client.get(reverse("privacy:upload", args=[ref])).content.decode()
    assert "Español" in form and "Tagalog" in form
    response = client.post(reverse("privacy:upload", args=[ref]), {
        "title": "Déclaration", "language": language,
        "file": SimpleUploadedFile("declaracion.pdf", worker_statement(lines), content_type="application/pdf")})
    assert response.status_code == 302
    document = AccessRequest.objects.get().documents.get()
    assert document.language == language
    client.post(reverse("privacy:detect_start", args=[ref, document.pk]))
    job = RedactionJob.objects.get(kind=JobKind.DETECT)
    tasks.detect_personal_information.call(job.pk)
    found = {mark.text for mark in document.marks.all()}
    # A mark covers whole words of the page: a last word keeps its comma or full stop.
    assert {name, number} <= {text.rstrip(".,") for text in found}, found
