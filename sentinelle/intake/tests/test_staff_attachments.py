"""Attachments are downloaded through a checked and recorded view, never from a public address."""

from __future__ import annotations

import hashlib
import uuid

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from sentinelle.audit.models import AuditEvent
from sentinelle.intake import receipts
from sentinelle.intake.models import Allegation
from sentinelle.intake.services import submit_report
from sentinelle.test import create_staff, pdf_text, sign_in, tiny_pdf

pytestmark = pytest.mark.django_db
PAY_SLIP = "Pay slip, October: 62 hours, 40 paid"
PDF = tiny_pdf(PAY_SLIP)


@pytest.fixture(autouse=True)
def _storage(tmp_path, settings):
    settings.STORAGES = {**settings.STORAGES, "default": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": str(tmp_path), "base_url": None}}}


def _report_with_a_file(province: str = "QC"):
    upload = SimpleUploadedFile("Juan Pérez pay slip.pdf", PDF, content_type="application/pdf")
    fields = {"anonymous": True, "employer_name": "Ferme Dubé", "employer_province": province, "description": "x"}
    report = submit_report(fields, [Allegation.WAGES], [upload], idempotency_key=uuid.uuid4().hex,
                           receipt_code=receipts.new_receipt_code()).report
    return report, report.attachments.get()


def _client(user) -> Client:
    client = Client()
    sign_in(client, user)
    return client


def test_a_reader_of_the_report_downloads_the_file_and_it_is_recorded(personas):
    report, attachment = _report_with_a_file()
    client = _client(personas.investigator_qc)
    page = client.get(f"/en/staff/reports/{report.pk}/").content.decode()
    url = f"/en/staff/reports/{report.pk}/attachments/{attachment.pk}/"
    assert url in page and "/media/" not in page

    response = client.get(url)
    assert response.status_code == 200
    # The file comes back as it was stored once cleaned of its metadata: the same
    # bytes as recorded at upload, and still the worker's pay slip.
    content = b"".join(response.streaming_content)
    assert hashlib.sha256(content).hexdigest() == attachment.sha256
    assert len(content) == attachment.size
    assert pdf_text(content).strip() == PAY_SLIP
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")
    assert "no-store" in response["Cache-Control"]
    event = AuditEvent.objects.get(action=AuditEvent.Action.DOWNLOAD)
    assert event.actor == personas.investigator_qc and event.object_id == str(report.pk)
    assert event.detail == {"attachment": attachment.pk}
    assert "Juan" not in event.object_label  # the log keeps no worker's name from a file name


def test_a_download_out_of_reach_is_refused_and_recorded(personas):
    report, attachment = _report_with_a_file("QC")
    response = _client(personas.team_lead_on).get(f"/en/staff/reports/{report.pk}/attachments/{attachment.pk}/")
    assert response.status_code == 404
    assert not AuditEvent.objects.filter(action=AuditEvent.Action.DOWNLOAD).exists()
    assert AuditEvent.objects.filter(action=AuditEvent.Action.PERMISSION_DENIED, object_id=str(report.pk)).exists()


def test_an_attachment_of_another_report_is_not_reachable_through_this_one():
    lead = create_staff("team_lead", region_code="QC")
    _report, attachment = _report_with_a_file("QC")
    other, _other_attachment = _report_with_a_file("QC")
    response = _client(lead).get(f"/en/staff/reports/{other.pk}/attachments/{attachment.pk}/")
    assert response.status_code == 404


def test_an_outsider_cannot_download(personas):
    report, attachment = _report_with_a_file("ON")
    response = _client(personas.outsider).get(f"/en/staff/reports/{report.pk}/attachments/{attachment.pk}/")
    assert response.status_code == 403
