"""Language prefixes, the language switch, and the languages of staff pages."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from sentinelle.test import create_employer, sign_in

pytestmark = pytest.mark.django_db


def _switch_links(html: str) -> dict[str, str]:
    nav = html.split('class="language-switch"', 1)[1].split("</nav>", 1)[0]
    return {lang: href for href, lang in re.findall(r'href="([^"]+)" lang="([a-z]{2})"', nav)}


@pytest.mark.parametrize("language", ["fr", "en", "es", "tl"])
def test_worker_home_exists_in_four_languages_and_links_to_the_others(language):
    response = Client().get(f"/{language}/")
    assert response.status_code == 200
    html = response.content.decode()
    assert f'<html lang="{language}">' in html
    links = _switch_links(html)
    assert set(links) == {"fr", "en", "es", "tl"} - {language}
    for other, href in links.items():
        assert href == f"/{other}/"


def test_language_switch_keeps_the_staff_page_and_its_query(personas):
    employer = create_employer("QC")
    client = Client()
    sign_in(client, personas.investigator_qc)
    for path in ["/fr/staff/", f"/fr/staff/employers/{employer.pk}/", "/fr/staff/employers/?q=Employer"]:
        html = client.get(path).content.decode()
        links = _switch_links(html)
        assert set(links) == {"en"}, "staff pages are in French and English only"
        english = links["en"].replace("&amp;", "&")
        assert english == path.replace("/fr/", "/en/", 1)
        response = client.get(english)
        assert response.status_code == 200
        assert '<html lang="en">' in response.content.decode()


def test_staff_pages_in_a_worker_only_language_go_to_english():
    response = Client().get("/es/accounts/login/?next=/es/staff/")
    assert response.status_code == 302
    assert response["Location"] == "/en/accounts/login/?next=/es/staff/"


def test_no_language_prefix_redirects_to_a_language():
    response = Client().get("/", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 302
    assert response["Location"] == "/en/"


def test_pages_are_french_and_english_with_the_same_content(personas):
    client = Client()
    sign_in(client, personas.privacy_officer)
    french = client.get("/fr/staff/audit/").content.decode()
    english = client.get("/en/staff/audit/").content.decode()
    assert "Journal d\u2019audit" in french
    assert "Audit log" in english


def test_times_show_in_the_time_zone_of_the_staff_members_region(personas):
    from zoneinfo import ZoneInfo

    from sentinelle.audit.services import Action, record
    from sentinelle.test import create_staff

    event = record(Action.SIGN_IN_FAILED, actor_label="probe@example.org")
    western_admin = create_staff("administrator", region_code="WST")
    atlantic_admin = create_staff("administrator", region_code="ATL")
    when = event.occurred_at
    for user, zone in [(western_admin, "America/Edmonton"), (atlantic_admin, "America/Halifax")]:
        client = Client()
        sign_in(client, user)
        html = client.get("/en/staff/audit/", {"who": "probe"}).content.decode()
        local = when.astimezone(ZoneInfo(zone))
        assert local.strftime("%Y-%m-%d %H:%M") in html, zone
