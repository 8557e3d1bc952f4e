"""A report taken in person records the service point where the worker came."""

from __future__ import annotations

import re
import uuid
from html import unescape

import pytest
from django.db import IntegrityError, transaction
from django.test import Client

from sentinelle.audit.models import AuditEvent
from sentinelle.intake import receipts
from sentinelle.intake.models import Channel, Report, ServicePoint
from sentinelle.intake.services import ServicePointRefused, set_service_point, submit_report
from sentinelle.intake.tests.test_staff_factories import make_report
from sentinelle.test import create_staff, sign_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def agent():
    return create_staff("intake_agent", region_code="QC", full_name="Nadia Agent")


@pytest.fixture
def client(agent) -> Client:
    client = Client()
    sign_in(client, agent)
    return client


def _point(province: str = "QC", **fields) -> ServicePoint:
    values = {"code": f"sp-{uuid.uuid4().hex[:8]}", "kind": ServicePoint.Kind.PARTNER, "name_fr": "Centre d'aide",
              "name_en": "Help centre", "name_es": "Centro de ayuda", "name_tl": "Sentro ng tulong",
              "address": "12 rue Principale", "city": "Saint-Rémi", "province": province, "languages": "fr,es"}
    values.update(fields)
    return ServicePoint.objects.create(**values)


def _form(client: Client, lang: str = "en", **overrides) -> dict:
    html = client.get(f"/{lang}/staff/reports/new/").content.decode()
    key = re.search(r'name="idempotency_key" value="([^"]+)"', html)
    assert key
    data = {
        "idempotency_key": key.group(1), "channel": "in_person", "language": "es", "who": "anonymous",
        "danger_now": "no", "hazard_now": "no", "employer_name": "Ferme Dubé", "employer_city": "Saint-Rémi",
        "employer_province": "QC", "allegations": ["wages"], "description": "Heures non payées depuis mai.",
        "since": "week", "workers_affected": "6-20",
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


def _in_person(point: ServicePoint, province: str = "QC") -> Report:
    return submit_report({"anonymous": True, "employer_name": "Serres Lachance", "employer_province": province,
                          "description": "Passeport gardé par l'employeur."}, ["wages"], [],
                         idempotency_key=uuid.uuid4().hex, receipt_code=receipts.new_receipt_code(),
                         channel=Channel.IN_PERSON, service_point=point).report


def test_the_form_offers_the_active_service_points_by_province(client):
    open_point = _point("NB", name_en="Moncton outreach", city="Moncton")
    _point("NB", name_en="Closed centre", active=False)
    html = unescape(client.get("/en/staff/reports/new/").content.decode())
    assert 'name="service_point"' in html
    assert '<optgroup label="New Brunswick">' in html
    assert f'<option value="{open_point.pk}">Moncton – Moncton outreach</option>' in html
    assert "Closed centre" not in html


@pytest.mark.parametrize(("lang", "message"), [
    ("en", "Choose the service point where the worker came in person."),
    ("fr", "Choisissez le point de service où la personne s’est présentée."),
])
def test_a_report_taken_in_person_needs_its_service_point(client, lang, message):
    response = client.post(f"/{lang}/staff/reports/new/", _form(client, lang))
    assert response.status_code == 400
    html = unescape(response.content.decode())
    assert message in html
    assert "Heures non payées depuis mai." in html  # what was typed is kept
    assert not Report.objects.exists()


@pytest.mark.parametrize("channel", [Channel.PHONE, Channel.OUTREACH, Channel.PARTNER])
def test_a_service_point_is_refused_for_another_channel(client, channel):
    point = _point()
    response = client.post("/en/staff/reports/new/", _form(client, channel=channel, service_point=point.pk,
                                                           referred_by=None))
    assert response.status_code == 400
    assert "A service point is recorded only for a report taken in person" in unescape(response.content.decode())
    assert not Report.objects.exists()
    with pytest.raises(ServicePointRefused):
        submit_report({"anonymous": True, "employer_name": "X", "description": "Y"}, ["wages"], [],
                      idempotency_key=uuid.uuid4().hex, receipt_code=receipts.new_receipt_code(),
                      channel=channel, service_point=point)
    assert not Report.objects.exists()


def test_an_inactive_service_point_cannot_be_chosen(client):
    closed = _point(active=False)
    response = client.post("/en/staff/reports/new/", _form(client, service_point=closed.pk))
    assert response.status_code == 400
    assert not Report.objects.exists()
    with pytest.raises(ServicePointRefused, match="no longer active"):
        _in_person(closed)


def test_the_database_refuses_a_service_point_on_another_channel():
    report = make_report("QC")
    with pytest.raises(IntegrityError), transaction.atomic():
        Report.objects.filter(pk=report.pk).update(service_point=_point())


def test_the_service_point_is_recorded_shown_and_audited(client, agent):
    point = _point(name_en="Saint-Rémi help centre")
    response = client.post("/en/staff/reports/new/", _form(client, service_point=point.pk))
    assert response.status_code == 200
    report = Report.objects.get()
    assert report.channel == Channel.IN_PERSON and report.service_point == point
    created = AuditEvent.objects.get(action=AuditEvent.Action.CREATE, object_type="intake.report")
    assert created.detail["service_point"] == point.code and created.actor == agent

    for lang, label in (("en", "Service point"), ("fr", "Point de service")):
        page = unescape(client.get(f"/{lang}/staff/reports/{report.pk}/").content.decode())
        assert f"<dt>{label}</dt>" in page
        assert "12 rue Principale, Saint-Rémi (QC)" in page


def test_a_phone_report_shows_no_service_point(client):
    report = make_report("QC")
    page = unescape(client.get(f"/en/staff/reports/{report.pk}/").content.decode())
    assert "<dt>Service point</dt>" not in page
    assert 'name="point-service_point"' not in page  # nothing to correct


def test_the_service_point_is_corrected_on_the_report_page_versioned_and_audited(client, agent):
    first, second = _point(name_en="First centre"), _point("QC", name_en="Second centre", city="Joliette")
    report = _in_person(first)
    page = client.get(f"/en/staff/reports/{report.pk}/").content.decode()
    version = re.search(r'name="point-version" value="(\d+)"', page)
    assert version

    response = client.post(f"/en/staff/reports/{report.pk}/service-point/",
                           {"point-service_point": second.pk, "point-version": version.group(1)})
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.service_point == second
    event = AuditEvent.objects.filter(action=AuditEvent.Action.UPDATE, object_id=str(report.pk)).get()
    assert event.actor == agent
    assert event.detail == {"service_point": second.code, "previous_service_point": first.code}

    # A page opened before that save is refused, and shows what is saved now.
    stale = client.post(f"/en/staff/reports/{report.pk}/service-point/",
                        {"point-service_point": first.pk, "point-version": version.group(1)})
    assert stale.status_code == 200
    assert "Somebody else saved this in the meantime" in unescape(stale.content.decode())
    report.refresh_from_db()
    assert report.service_point == second


def test_the_service_point_of_another_channel_cannot_be_set_afterwards(agent):
    report = make_report("QC")
    with pytest.raises(ServicePointRefused):
        set_service_point(report, _point(), actor=agent, expected_version=report.version)
    report.refresh_from_db()
    assert report.service_point is None


def test_staff_of_another_region_neither_see_nor_change_it():
    point = _point()
    report = _in_person(point)
    other = Client()
    sign_in(other, create_staff("intake_agent", region_code="ON"))
    assert other.get(f"/en/staff/reports/{report.pk}/").status_code == 404
    response = other.post(f"/en/staff/reports/{report.pk}/service-point/", {"point-service_point": point.pk})
    assert response.status_code == 404
    investigator = Client()
    sign_in(investigator, create_staff("investigator", region_code="QC"))
    assert investigator.post(f"/en/staff/reports/{report.pk}/service-point/",
                             {"point-service_point": point.pk}).status_code == 403
    assert not AuditEvent.objects.filter(action=AuditEvent.Action.UPDATE, object_id=str(report.pk)).exists()
