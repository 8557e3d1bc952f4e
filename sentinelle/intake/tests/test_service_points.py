"""The worker's page "Get help in person": a province (and a city) gives the
service points there, with their hours, the languages spoken and the next
outreach visits, in each of the four languages; bad input is a clear message."""

from __future__ import annotations

from datetime import time, timedelta
from html import unescape

import pytest
from django.test import Client
from django.utils import timezone

from sentinelle.demo.ethics import seed_service_points
from sentinelle.intake.models import OutreachVisit, ServicePoint
from sentinelle.lib.geo import Province

pytestmark = pytest.mark.django_db


def _page(client: Client, path: str) -> tuple[int, str]:
    response = client.get(path)
    return response.status_code, unescape(response.content.decode())


def test_every_province_and_territory_has_a_service_canada_centre_and_the_demo_adds_outreach():
    seed_service_points()
    assert set(ServicePoint.objects.filter(kind="service_canada").values_list("province", flat=True)) == set(
        Province.values)
    assert ServicePoint.objects.exclude(kind="service_canada").filter(visits__isnull=False).exists()
    for point in ServicePoint.objects.all():
        assert all(getattr(point, f"name_{lang}") for lang in ("fr", "en", "es", "tl"))
    assert seed_service_points() == 0  # again: nothing added


def test_a_province_shows_its_points_languages_and_next_visits_in_tagalog(client):
    today = timezone.localdate()
    seed_service_points(today)
    status, page = _page(client, "/tl/help-in-person/?province=ON&city=")
    assert status == 200
    assert "Lugar ng pagtulong – Leamington" in page and "Sentro ng Service Canada – Toronto" in page
    assert "Espanyol" in page and "Punjabi" in page
    first = OutreachVisit.objects.filter(service_point__province="ON").order_by("day").first()
    assert first is not None and first.day.isoformat() in page
    assert "Service Canada Centre" not in page and "Outreach site" not in page
    assert "Quebec" not in page.split("<main")[1].split("</select>")[-1]  # no point of another province


def test_a_city_narrows_the_list(client):
    seed_service_points()
    status, page = _page(client, "/es/help-in-person/?province=QC&city=Saint-Rémi")
    assert status == 200
    assert "Punto de atención – Saint-Rémi" in page and "Centro de Service Canada – Montréal" not in page


def test_past_visits_are_not_shown(client):
    today = timezone.localdate()
    point = ServicePoint.objects.create(code="t", kind="outreach_site", name_fr="Site", name_en="Site",
                                        name_es="Sitio", name_tl="Lugar", address="1 rue", city="Joliette",
                                        province="QC", languages="fr,es")
    OutreachVisit.objects.create(service_point=point, day=today - timedelta(days=1), starts_at=time(13),
                                 ends_at=time(17))
    OutreachVisit.objects.create(service_point=point, day=today + timedelta(days=2), starts_at=time(13),
                                 ends_at=time(17))
    _status, page = _page(client, "/fr/help-in-person/?province=QC")
    assert (today + timedelta(days=2)).isoformat() in page
    assert (today - timedelta(days=1)).isoformat() not in page


@pytest.mark.parametrize("query", ["?province=ZZ", "?province=QC&city=Atlantis", "?province="])
def test_bad_input_is_a_clear_message_not_an_error(client, query):
    seed_service_points()
    status, page = _page(client, f"/fr/help-in-person/{query}")
    assert status == 400
    assert "Veuillez corriger" in page or "Choisissez" in page


def test_the_first_visit_has_the_form_and_no_list(client):
    status, page = _page(client, "/en/help-in-person/")
    assert status == 200 and 'name="province"' in page and 'name="city"' not in page


def test_the_page_loads_nothing_from_another_host(client):
    seed_service_points()
    _status, page = _page(client, "/tl/help-in-person/?province=BC")
    for attribute in ("src=", "href="):
        for chunk in page.split(attribute)[1:]:
            url = chunk[1:].split(chunk[0])[0]
            assert not url.startswith(("http:", "https:", "//")) or "mailto" in url, url
