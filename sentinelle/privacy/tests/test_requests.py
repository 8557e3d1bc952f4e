"""Access requests without the detection engine: the register, its deadlines and
notices, the life cycle, the letters, the alerts, and who may see what."""

from __future__ import annotations

import datetime
import io
import zipfile

import pymupdf
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from pypdf import PdfReader

from sentinelle.accounts.models import Notification
from sentinelle.audit.models import AuditEvent
from sentinelle.privacy import letters, services
from sentinelle.privacy.models import (
    AccessRequest,
    DecisionKind,
    LegalGround,
    MarkDecision,
    MarkOrigin,
    RedactionMark,
    RequestDocument,
    RequestStatus,
)
from sentinelle.privacy.tasks import run_deadline_alerts
from sentinelle.test import create_staff, sign_in

pytestmark = pytest.mark.django_db
D = datetime.date


def pdf_bytes(*pages: str) -> bytes:
    document = pymupdf.open()
    for text in pages:
        page = document.new_page()
        page.insert_text((72, 100), text, fontsize=12)
    content = document.tobytes()
    document.close()
    return bytes(content)


@pytest.fixture
def officer():
    return create_staff("privacy_officer", region_code="QC", full_name="Paule Responsable")


@pytest.fixture
def investigator():
    return create_staff("investigator", region_code="QC")


MARCH_2 = D(2026, 3, 2)


def new_request(officer, *, received_on=MARCH_2, regime="quebec", **extra) -> AccessRequest:
    return services.create_request(
        requester={"name": "Jeanne Demandeuse", "address": "12 rue des Érables, Québec", "email": "j@example.org",
                   "phone": ""},
        received_on=received_on, scope="Les rapports d'inspection de 2025.", regime=regime,
        language=extra.pop("language", "fr"), assigned_to=officer, actor=officer)


def client_for(user, language="en") -> Client:
    client = Client()
    sign_in(client, user)
    return client


def test_a_new_request_gets_a_yearly_number_and_its_due_date(officer):
    first = new_request(officer)
    second = new_request(officer, received_on=D(2026, 6, 4))
    assert first.reference == "AI-2026-0001" and second.reference == "AI-2026-0002"
    assert first.due_on == D(2026, 3, 23)  # 2 March + 20 = Sunday 22 -> Monday 23
    assert second.due_on == D(2026, 6, 25)  # 24 June is the Fête nationale
    assert first.requester.name == "Jeanne Demandeuse"
    assert AuditEvent.objects.filter(action="create", object_id=str(first.pk)).exists()


def test_the_life_cycle_refuses_a_jump(officer):
    access_request = new_request(officer)
    with pytest.raises(services.RequestError, match="cannot become"):
        services.move(access_request, RequestStatus.CLOSED, actor=officer)
    services.acknowledge(access_request, on=D(2026, 3, 3), actor=officer)
    access_request.refresh_from_db()
    assert access_request.status == RequestStatus.IN_PROGRESS and access_request.acknowledged_on == D(2026, 3, 3)
    services.record_decision(access_request, decision=DecisionKind.FULL, sent_on=D(2026, 3, 20), actor=officer)
    services.move(access_request, RequestStatus.CLOSED, actor=officer)
    access_request.refresh_from_db()
    assert access_request.status == RequestStatus.CLOSED
    with pytest.raises(services.RequestError):
        services.move(access_request, RequestStatus.IN_PROGRESS, actor=officer)


def test_a_quebec_extension_is_10_days_at_most_and_only_before_day_20(officer):
    access_request = new_request(officer)  # 20-day limit: 23 March
    with pytest.raises(services.RequestError, match="10 days at most"):
        services.extend(access_request, on=D(2026, 3, 10), days=11, reason="Volume", actor=officer)
    with pytest.raises(services.RequestError, match="Too late"):
        services.extend(access_request, on=D(2026, 3, 24), days=10, reason="Volume", actor=officer)
    with pytest.raises(services.RequestError, match="reason"):
        services.extend(access_request, on=D(2026, 3, 10), days=10, reason=" ", actor=officer)
    extended = services.extend(access_request, on=D(2026, 3, 23), days=10, reason="Many documents to review.",
                               actor=officer)
    # 2 March + 30 = Wednesday 1 April.
    assert extended.due_on == D(2026, 4, 1) and extended.status == RequestStatus.EXTENDED
    with pytest.raises(services.RequestError, match="already been extended"):
        services.extend(extended, on=D(2026, 3, 23), days=5, reason="Again", actor=officer)


def test_a_federal_extension_needs_a_reason_of_section_9(officer):
    access_request = new_request(officer, regime="federal", received_on=D(2026, 2, 2))  # due 4 March
    assert access_request.due_on == D(2026, 3, 4)
    with pytest.raises(services.RequestError, match=r"s\. 9"):
        services.extend(access_request, on=D(2026, 2, 20), days=45, reason="Volume", federal_reason="", actor=officer)
    extended = services.extend(access_request, on=D(2026, 2, 20), days=45, reason="3 000 pages to review",
                               federal_reason="volume", actor=officer)
    assert extended.due_on == D(2026, 4, 20)  # worked out in test_deadlines


def test_the_list_sorts_by_due_date_and_flags_overdue_and_approaching_requests(officer):
    from django.utils import timezone

    today = timezone.localdate()
    overdue = new_request(officer, received_on=today - datetime.timedelta(days=40))
    fresh = new_request(officer, received_on=today)
    # Due within 5 working days: received 20 days ago -> due today or the next working day.
    close = new_request(officer, received_on=today - datetime.timedelta(days=19))
    response = client_for(officer).get(reverse("privacy:request_list"))
    assert response.status_code == 200
    html = response.content.decode()
    assert html.index(overdue.reference) < html.index(close.reference) < html.index(fresh.reference)
    late_days = (today - overdue.due_on).days
    assert f"Overdue by {late_days} day" in html
    assert "Due in" in html and 'class="row-approaching"' in html and 'class="row-overdue"' in html


def test_deadline_alerts_reach_the_officer_once_per_state(officer):
    access_request = new_request(officer)  # due Monday 23 March 2026
    assert run_deadline_alerts(D(2026, 3, 10)) == 0  # 9 working days left
    # Monday 16 March: Tue 17 .. Mon 23 = 5 working days -> approaching.
    assert run_deadline_alerts(D(2026, 3, 16)) == 1
    assert run_deadline_alerts(D(2026, 3, 17)) == 0  # already told
    assert run_deadline_alerts(D(2026, 3, 24)) == 1  # overdue
    assert run_deadline_alerts(D(2026, 3, 25)) == 0
    kinds = list(Notification.objects.filter(user=officer).order_by("id").values_list("kind", flat=True))
    assert kinds == ["access_request_approaching", "access_request_overdue"]
    assert access_request.reference in Notification.objects.filter(user=officer).last().text
    # The command runs the same pass.
    out = io.StringIO()
    call_command("privacy_deadline_alerts", stdout=out)
    assert "deadline alert" in out.getvalue()


def test_the_legal_grounds_are_reference_data_with_box_labels():
    grounds = {g.code: g for g in LegalGround.objects.all()}
    assert grounds["qc-53-54"].short_label == "art. 53, 54"
    assert {"qc-14", "qc-37", "qc-39", "qc-48", "fed-19", "fed-21", "fed-20", "fed-16"} <= set(grounds)
    assert "permettent, directement ou indirectement, de l’identifier" in grounds["qc-53-54"].text_fr
    assert not grounds["qc-48"].for_redaction


def test_a_mark_accepted_needs_a_ground_of_the_requests_law_before_release(officer):
    access_request = new_request(officer)
    document = RequestDocument.objects.create(access_request=access_request, title="Rapport", source="upload",
                                              original="x.pdf", original_name="x.pdf", added_by=officer,
                                              page_count=1, pdf="x.pdf")
    mark = RedactionMark.objects.create(document=document, page=0, x0=10, y0=10, x1=50, y1=20, text="Jean Tremblay",
                                        kind="PERSON", origin=MarkOrigin.PROPOSED)
    assert any("still to accept" in p for p in access_request.release_problems())
    federal = LegalGround.objects.get(code="fed-19")
    with pytest.raises(services.RequestError, match="not one of the law"):
        services.decide_mark(mark, MarkDecision.ACCEPTED, ground=federal, actor=officer)
    services.decide_mark(mark, MarkDecision.ACCEPTED, ground=None, actor=officer)
    assert any("no legal ground" in p for p in access_request.release_problems())
    services.decide_mark(mark, MarkDecision.ACCEPTED, ground=LegalGround.objects.get(code="qc-53-54"), actor=officer)
    assert access_request.release_problems() == []


def test_the_decision_letter_names_the_grounds_the_annex_and_the_30_day_recourse(officer):
    access_request = new_request(officer)
    document = RequestDocument.objects.create(access_request=access_request, title="Rapport", source="upload",
                                              original="x.pdf", original_name="x.pdf", added_by=officer,
                                              page_count=1, pdf="x.pdf")
    RedactionMark.objects.create(document=document, page=0, x0=10, y0=10, x1=50, y1=20, text="secret",
                                 kind="PERSON", origin=MarkOrigin.PROPOSED, decision=MarkDecision.ACCEPTED,
                                 ground=LegalGround.objects.get(code="qc-53-54"))
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(
        letters.decision_letter_pdf(access_request, "fr", actor=officer))).pages)
    flat = " ".join(text.split())
    assert "articles 14, 53 et 54" in flat
    assert "Commission d’accès à l’information du Québec" in flat and "trente (30) jours" in flat
    assert "Jeanne Demandeuse" in flat
    assert "Dans un document, sont personnels les renseignements" in flat  # the annex
    english = " ".join(" ".join(p.extract_text() for p in PdfReader(io.BytesIO(
        letters.decision_letter_pdf(access_request, "en", actor=officer))).pages).split())
    assert "sections 14, 53 and 54" in english and "thirty (30) days" in english
    rows = letters.schedule_rows(access_request, "fr")
    assert rows == [letters.ScheduleRow(document="Rapport", page=1, ground="art. 53, 54 – Renseignements personnels",
                                        kind="Nom de personne")]
    assert b"secret" not in letters.schedule_csv(access_request, "fr")


def test_a_federal_letter_gives_the_60_day_complaint(officer):
    access_request = new_request(officer, regime="federal", language="en")
    flat = " ".join(" ".join(p.extract_text() for p in PdfReader(io.BytesIO(
        letters.decision_letter_pdf(access_request, "en", actor=officer, decision="full"))).pages).split())
    assert "Information Commissioner of Canada within sixty (60) days" in flat


def test_redirection_names_the_other_body_in_its_letter(officer):
    access_request = new_request(officer)
    client = client_for(officer)
    response = client.post(reverse("privacy:request_redirect", args=[access_request.reference]), {
        "on": "2026-03-05", "body": "Secrétariat du Conseil du trésor",
        "contact": "Mélanie Drainville, responsable de l’accès aux documents"})
    assert response.status_code == 302
    access_request.refresh_from_db()
    assert access_request.status == RequestStatus.REDIRECTED and access_request.decision == "redirected"
    letter = client.get(reverse("privacy:redirection_letter", args=[access_request.reference]))
    assert letter.status_code == 200
    flat = " ".join(" ".join(p.extract_text() for p in PdfReader(io.BytesIO(b"".join(letter.streaming_content)))
                             .pages).split())
    assert "Secrétariat du Conseil du trésor" in flat and "l’article 48" in flat and "Mélanie Drainville" in flat
    assert AuditEvent.objects.filter(action="download", object_id=str(access_request.pk)).exists()


def test_the_new_request_form_records_it_and_refuses_bad_input(officer):
    client = client_for(officer)
    bad = client.post(reverse("privacy:request_create"), {"name": "", "received_on": "2999-01-01", "scope": "",
                                                          "regime": "quebec", "language": "fr"})
    assert bad.status_code == 400
    assert "The date of receipt cannot be in the future." in bad.content.decode()
    good = client.post(reverse("privacy:request_create"), {
        "name": "Marc Lavoie", "address": "", "email": "marc@example.org", "phone": "", "received_on": "2026-06-04",
        "scope": "Mon dossier", "regime": "quebec", "language": "fr", "assigned_to": officer.pk})
    assert good.status_code == 302
    created = AccessRequest.objects.get(requester__name="Marc Lavoie")
    assert created.due_on == D(2026, 6, 25)
    page = client.get(reverse("privacy:request_detail", args=[created.reference]))
    assert "2026-06-25" in page.content.decode() and "marc@example.org" in page.content.decode()


def test_upload_refuses_a_file_it_cannot_release(officer):
    access_request = new_request(officer)
    client = client_for(officer)
    response = client.post(reverse("privacy:upload", args=[access_request.reference]), {
        "title": "x", "language": "fr", "file": SimpleUploadedFile("notes.xlsx", b"not really a spreadsheet")})
    assert response.status_code == 400
    good = client.post(reverse("privacy:upload", args=[access_request.reference]), {
        "title": "Lettre", "language": "fr", "file": SimpleUploadedFile("lettre.pdf", pdf_bytes("Bonjour"))})
    assert good.status_code == 302
    assert access_request.documents.get().title == "Lettre"


def test_other_roles_never_reach_a_request_or_its_files(officer, investigator):
    access_request = new_request(officer)
    document = RequestDocument.objects.create(access_request=access_request, title="Rapport", source="upload",
                                              original="x.pdf", original_name="x.pdf", added_by=officer)
    ref = access_request.reference
    urls = [
        reverse("privacy:request_list"), reverse("privacy:request_create"),
        reverse("privacy:request_detail", args=[ref]), reverse("privacy:request_extend", args=[ref]),
        reverse("privacy:request_redirect", args=[ref]), reverse("privacy:redirection_letter", args=[ref]),
        reverse("privacy:request_decision", args=[ref]), reverse("privacy:request_acknowledge", args=[ref]),
        reverse("privacy:gather", args=[ref]), reverse("privacy:upload", args=[ref]),
        reverse("privacy:document_detail", args=[ref, document.pk]),
        reverse("privacy:review_page", args=[ref, document.pk, 1]),
        reverse("privacy:page_image", args=[ref, document.pk, 1]),
        reverse("privacy:release", args=[ref]), reverse("privacy:package_download", args=[ref, 1]),
        reverse("privacy:job_status", args=[ref, 1]),
    ]
    for role in ("investigator", "team_lead", "national_analyst", "administrator"):
        client = client_for(create_staff(role, region_code="QC"))
        for url in urls:
            assert client.get(url).status_code in (403, 404), (role, url)
        assert client.post(reverse("privacy:request_close", args=[ref])).status_code in (403, 404)
    anonymous = Client().get(reverse("privacy:request_detail", args=[ref]))
    assert anonymous.status_code == 302


def test_a_package_zip_holds_the_letter_the_schedule_and_each_document(officer):
    access_request = new_request(officer)
    RequestDocument.objects.create(access_request=access_request, title="Rapport d’inspection", source="upload",
                                   original="x.pdf", original_name="x.pdf", added_by=officer, page_count=1,
                                   pdf="x.pdf")
    content = letters.build_package(access_request, "fr", actor=officer, redact=lambda d: pdf_bytes("Caviardé"))
    names = set(zipfile.ZipFile(io.BytesIO(content)).namelist())
    assert names == {"documents/01-rapport-d-inspection-caviarde.pdf", "bordereau-des-caviardages.pdf",
                     "bordereau-des-caviardages.csv", "lettre-de-decision.pdf"}


def test_demo_data_makes_three_requests_in_different_states_once(officer):
    from sentinelle.demo.privacy import seed_privacy

    assert seed_privacy(officer) == 3
    assert seed_privacy(officer) == 0
    statuses = sorted(AccessRequest.objects.values_list("status", flat=True))
    assert statuses == ["extended", "in_progress", "redirected"]
    assert AccessRequest.objects.get(status="redirected").redirection_letter
    assert RequestDocument.objects.count() == 1


def test_review_page_draws_the_marks_and_adds_one_by_typed_text_without_javascript(officer):
    from sentinelle.privacy.tasks import ensure_pdf

    access_request = new_request(officer)
    client = client_for(officer)
    client.post(reverse("privacy:upload", args=[access_request.reference]), {
        "title": "Note", "language": "fr",
        "file": SimpleUploadedFile("note.pdf", pdf_bytes("Dossier interne 4471-B du bureau", "Fin"))})
    document = access_request.documents.get()
    ensure_pdf(document)
    assert document.page_count == 2
    ref = access_request.reference
    ground = LegalGround.objects.get(code="qc-37")
    page = client.get(reverse("privacy:review_page", args=[ref, document.pk, 1]))
    assert page.status_code == 200 and "No redaction on this page." in page.content.decode()
    assert client.get(reverse("privacy:review_page", args=[ref, document.pk, 3])).status_code == 404
    image = client.get(reverse("privacy:page_image", args=[ref, document.pk, 2]))
    assert image["Content-Type"] == "image/png" and image.content.startswith(b"\x89PNG")

    missing = client.post(reverse("privacy:mark_add", args=[ref, document.pk, 1]),
                          {"find_text": "introuvable", "ground": ground.pk})
    assert missing.status_code == 400 and "This text is not on this page" in missing.content.decode()
    half = client.post(reverse("privacy:mark_add", args=[ref, document.pk, 1]),
                       {"x0": "10", "y0": "10", "ground": ground.pk})
    assert half.status_code == 400 and "Give the four coordinates" in half.content.decode()
    added = client.post(reverse("privacy:mark_add", args=[ref, document.pk, 1]),
                        {"find_text": "4471-B", "ground": ground.pk})
    assert added.status_code == 302
    mark = document.marks.get()
    assert (mark.origin, mark.decision, mark.ground, mark.text) == ("manual", "accepted", ground, "4471-B")
    html = client.get(reverse("privacy:review_page", args=[ref, document.pk, 1])).content.decode()
    assert f'<rect class="mark mark-accepted mark-manual" x="{mark.x0:.2f}" y="{mark.y0:.2f}"' in html
    assert "art. 37" in html


DAMAGED_PDF = b"%PDF-1.7\n" + b"\x00garbage" * 50


def test_a_damaged_document_is_refused_at_upload_with_a_message(officer):
    access_request = new_request(officer)
    response = client_for(officer).post(reverse("privacy:upload", args=[access_request.reference]), {
        "title": "Abîmé", "language": "fr", "file": SimpleUploadedFile("abime.pdf", DAMAGED_PDF)})
    assert response.status_code == 400
    assert "“abime.pdf” could not be opened: it may be damaged. Send another copy." in response.content.decode()
    assert not access_request.documents.exists()


def test_a_broken_document_fails_its_detection_job_with_a_message_not_a_crash(officer):
    """A document accepted at upload and damaged in storage afterwards (a disk
    fault, a restore gone wrong): its detection job fails and says so."""
    from django.core.files.base import ContentFile
    from django.core.files.storage import default_storage

    from sentinelle.privacy.models import JobKind, RedactionJob
    from sentinelle.privacy.tasks import detect_personal_information, release_request

    access_request = new_request(officer)
    client = client_for(officer)
    response = client.post(reverse("privacy:upload", args=[access_request.reference]), {
        "title": "Abîmé", "language": "fr", "file": SimpleUploadedFile("abime.pdf", pdf_bytes("Rapport de 2025"))})
    assert response.status_code == 302
    document = access_request.documents.get()
    name = document.original.name
    assert name and default_storage.exists(name)
    default_storage.delete(name)
    assert default_storage.save(name, ContentFile(DAMAGED_PDF)) == name
    client.post(reverse("privacy:detect_start", args=[access_request.reference, document.pk]))
    job = RedactionJob.objects.get(kind=JobKind.DETECT)
    assert detect_personal_information.call(job.pk) == 0
    job.refresh_from_db()
    assert job.status == "failed" and "not a readable PDF" in job.error, job.error
    page = client.get(reverse("privacy:document_detail", args=[access_request.reference, document.pk]))
    assert page.status_code == 200 and f"Failed: {job.error}" in page.content.decode()
    # A release asked for anyway fails with what remains to do.
    release = RedactionJob.objects.create(access_request=access_request, kind=JobKind.RELEASE, created_by=officer)
    assert release_request.call(release.pk) is None
    release.refresh_from_db()
    assert release.status == "failed" and "has not been analysed yet" in release.error
