"""An intake agent records a report received by telephone or in person."""

from __future__ import annotations

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from sentinelle.audit.models import AuditEvent
from sentinelle.intake import receipts
from sentinelle.intake.models import Channel, Report
from sentinelle.test import create_staff, pixels, sign_in, tiny_jpeg

pytestmark = pytest.mark.django_db
JPEG = tiny_jpeg(16, 12)


@pytest.fixture
def agent():
    return create_staff("intake_agent", region_code="QC", full_name="Nadia Agent")


@pytest.fixture
def client(agent) -> Client:
    client = Client()
    sign_in(client, agent)
    return client


def _hidden(html: str, name: str) -> str:
    match = re.search(rf'name="{name}" value="([^"]+)"', html)
    assert match, name
    return match.group(1)


def _form_data(html: str, **overrides):
    data = {
        "idempotency_key": _hidden(html, "idempotency_key"),
        "channel": "phone",
        "language": "es",
        "who": "anonymous",
        "danger_now": "no",
        "hazard_now": "yes",
        "employer_name": "Ferme Dubé",
        "employer_city": "Saint-Rémi",
        "employer_province": "QC",
        "allegations": ["health_safety", "housing"],
        "description": "Pesticides sprayed while we work in the field.",
        "since": "week",
        "workers_affected": "6-20",
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


def test_an_intake_agent_records_a_phone_report_and_sees_the_code_once(client, agent):
    form_page = client.get("/en/staff/reports/new/")
    assert form_page.status_code == 200
    html = form_page.content.decode()

    response = client.post("/en/staff/reports/new/", _form_data(html))
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    page = response.content.decode()
    groups = re.findall(r"<code>(\d{5})</code>", page)
    assert len(groups) == 4
    code = "-".join(groups)
    assert code not in html  # made by the server when the report is filed, never in the form
    assert "cannot be shown again" in page

    report = Report.objects.get()
    assert report.channel == Channel.PHONE
    assert report.language == "es"
    assert report.recorded_by == agent
    assert report.anonymous and report.contact_name == ""
    assert set(report.allegations.values_list("category", flat=True)) == {"health_safety", "housing"}
    assert receipts.check_receipt_code(code) == report
    assert report.escalations.count() == 1  # "yes" to a health or safety risk now
    assert AuditEvent.objects.filter(action=AuditEvent.Action.CREATE, object_id=str(report.pk),
                                     actor=agent, detail__channel="phone").exists()

    # The report page, later, never shows the code.
    later = client.get(f"/en/staff/reports/{report.pk}/").content.decode()
    assert groups[0] not in later and receipts.normalize(code) not in later


def test_a_double_submission_records_one_report(client):
    html = client.get("/en/staff/reports/new/").content.decode()
    data = _form_data(html)
    first = client.post("/en/staff/reports/new/", data)
    second = client.post("/en/staff/reports/new/", data)
    assert first.status_code == second.status_code == 200
    assert Report.objects.count() == 1
    assert "same report" in second.content.decode()


def test_a_code_sent_with_the_form_is_ignored_the_server_decides_it(client):
    html = client.get("/en/staff/reports/new/").content.decode()
    assert 'name="receipt_code"' not in html
    other = receipts.new_receipt_code()
    first = client.post("/en/staff/reports/new/", _form_data(html, receipt_code=other))
    again = client.post("/en/staff/reports/new/", _form_data(html, receipt_code=receipts.new_receipt_code()))
    assert first.status_code == again.status_code == 200
    assert Report.objects.count() == 1
    shown = re.findall(r"\d{5}", first.content.decode())
    assert "".join(other.split("-")) not in "".join(shown)
    assert receipts.check_receipt_code(other) is None


def test_a_key_not_made_by_the_site_files_nothing_and_keeps_the_answers(client):
    html = client.get("/en/staff/reports/new/").content.decode()
    response = client.post("/en/staff/reports/new/", _form_data(html, idempotency_key="chosen-by-the-client"))
    assert response.status_code == 400
    assert Report.objects.count() == 0
    page = response.content.decode()
    assert "Ferme Dubé" in page
    assert re.fullmatch(r"[0-9a-f]{32}", _hidden(page, "idempotency_key"))


def test_mistakes_are_explained_and_nothing_entered_is_lost(client):
    html = client.get("/en/staff/reports/new/").content.decode()
    response = client.post("/en/staff/reports/new/", _form_data(
        html, employer_name="", allegations=None, who="named", contact_name="Juan"))
    assert response.status_code == 400
    page = response.content.decode()
    assert 'role="alert"' in page
    assert page.count('aria-invalid="true"') >= 3  # employer name, allegations, telephone or e-mail
    assert "Give a telephone number or an e-mail address" in page
    assert "Pesticides sprayed while we work in the field." in page and 'value="Juan"' in page
    # The same form nonce rides along, so the corrected form still files one report.
    assert _hidden(page, "idempotency_key") == _hidden(html, "idempotency_key")
    assert Report.objects.count() == 0


def test_a_named_report_keeps_the_contact_given(client):
    html = client.get("/en/staff/reports/new/").content.decode()
    client.post("/en/staff/reports/new/", _form_data(
        html, who="named", contact_name="Juan Pérez", contact_phone="514-555-0100", contact_method="whatsapp"))
    report = Report.objects.get()
    assert not report.anonymous
    assert (report.contact_name, report.contact_phone) == ("Juan Pérez", "514-555-0100")


def test_an_anonymous_report_drops_contact_details_typed_by_mistake(client):
    html = client.get("/en/staff/reports/new/").content.decode()
    client.post("/en/staff/reports/new/", _form_data(html, contact_name="Juan Pérez", contact_phone="514-555-0100"))
    report = Report.objects.get()
    assert report.anonymous and report.contact_name == "" and report.contact_phone == ""


def test_the_web_channel_is_not_for_staff(client):
    html = client.get("/en/staff/reports/new/").content.decode()
    assert 'value="web"' not in html
    response = client.post("/en/staff/reports/new/", _form_data(html, channel="web"))
    assert response.status_code == 400 and Report.objects.count() == 0


def test_attachments_are_checked_by_their_content(client, tmp_path, settings):
    settings.STORAGES = {**settings.STORAGES, "default": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": str(tmp_path), "base_url": None}}}
    html = client.get("/en/staff/reports/new/").content.decode()
    lying = SimpleUploadedFile("photo.jpg", b"MZ\x90\x00 not a photo", content_type="image/jpeg")
    response = client.post("/en/staff/reports/new/", {**_form_data(html), "attachments": [lying]})
    assert response.status_code == 400
    page = response.content.decode()
    assert "is not a photo, a PDF or an office document" in page
    assert "choose them again" in page
    assert Report.objects.count() == 0

    photo = SimpleUploadedFile("photo.jpg", JPEG, content_type="image/jpeg")
    response = client.post("/en/staff/reports/new/", {**_form_data(html), "attachments": [photo]})
    assert response.status_code == 200
    attachment = Report.objects.get().attachments.get()
    assert attachment.content_type == "image/jpeg"
    stored_format, size, _rgb = pixels((tmp_path / attachment.file.name).read_bytes())
    assert (stored_format, size) == ("JPEG", (16, 12))


def test_the_form_and_the_code_page_exist_in_french(agent):
    client = Client()
    sign_in(client, agent)
    response = client.get("/fr/staff/reports/new/")
    assert response.status_code == 200
    assert '<html lang="fr">' in response.content.decode()
