"""A worker reading French, English, Spanish or Tagalog, on a 360-px phone with
JavaScript off, finds an outreach visit near them: from the home page to "Get help
in person", a province, then a city, the service points there with the languages
spoken, and the next visits. Every state passes axe-core with no violation, shows
no text of another of the four languages, loads nothing from another host, is no
wider than the screen, and the page with its style sheets, compressed, stays under
the worker pages' 60 KB budget."""

from __future__ import annotations

import gzip
from datetime import time, timedelta
from typing import Any

import pytest
from django.utils import timezone, translation
from django.utils.translation import gettext
from playwright.sync_api import Page

from sentinelle.demo.ethics import seed_service_points
from sentinelle.intake.models import OutreachVisit, ServicePoint, SpokenLanguage

from .conftest import NewPage, assert_accessible, submit, traffic_of
from .test_worker_languages import Foreign

pytestmark = pytest.mark.browser

PHONE = {"width": 360, "height": 740}
BUDGET_KB = 60.0


LANGUAGES = ("fr", "en", "es", "tl")
# Each language walks to another province and city: (language, province, city, service point there).
WALKS = [
    ("fr", "QC", "Saint-Rémi", "outreach-saint-remi"),
    ("en", "ON", "Leamington", "outreach-leamington"),
    ("es", "BC", "Kelowna", "clinic-okanagan"),
    ("tl", "ON", "Leamington", "outreach-leamington"),
]


def _check(page: Page, failures: list[str], state: str, foreign: Foreign) -> None:
    if found := foreign.in_page(page):
        failures.append(f"[{state}] text of another language: {found}")
    try:
        assert_accessible(page)
    except AssertionError as failure:
        failures.append(f"[{state}] {failure}")
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    if overflow > 0:
        failures.append(f"[{state}] {overflow}px wider than a 360-px screen")


@pytest.mark.parametrize(("language", "province", "city", "code"), WALKS, ids=[walk[0] for walk in WALKS])
def test_a_worker_finds_an_outreach_visit_near_them_in_their_language(
        new_page: NewPage, _static_from_source: Any, language: str, province: str, city: str, code: str) -> None:
    seed_service_points()
    today = timezone.localdate()
    point = ServicePoint.objects.get(code=code)
    elsewhere = ServicePoint.objects.filter(province=province, active=True).exclude(city=city).first()
    assert elsewhere is not None
    visit = OutreachVisit.objects.create(service_point=point, day=today + timedelta(days=1), starts_at=time(18),
                                         ends_at=time(20, 30), place="Highbury Canco, gate 2")
    with translation.override(language):
        words = {msgid: gettext(msgid) for msgid in (
            "Get help in person near you", "Next outreach visits", "Languages spoken:",
            "Choose a province or territory in the list.")}
        spoken = [str(SpokenLanguage(code).label) for code in point.language_codes]
        kind = str(ServicePoint.Kind(point.kind).label)
    foreign = Foreign(language, LANGUAGES)
    page = new_page(java_script_enabled=False, viewport=PHONE)
    failures: list[str] = []
    sizes: dict[str, int] = {}
    # Compressed, as WhiteNoise and the proxy send them in production (bench/bench_worker_pages.py).
    page.on("response", lambda response: sizes.__setitem__(response.url, len(gzip.compress(response.body()))))

    page.goto(f"/{language}/")
    with page.expect_navigation():
        page.get_by_role("link", name=words["Get help in person near you"]).click()
    assert page.locator("html").get_attribute("lang") == language
    _check(page, failures, "the form", foreign)
    page.select_option('select[name="province"]', province)
    submit(page, "province")
    assert page.get_by_role("heading", name=words["Next outreach visits"]).is_visible()
    _check(page, failures, province, foreign)
    page.select_option('select[name="city"]', city)
    sizes.clear()
    submit(page, "city")
    text = page.locator("main").inner_text()
    assert f"{visit.day:%Y-%m-%d}" in text and "18:00–20:30" in text and "Highbury Canco, gate 2" in text
    assert page.get_by_role("heading", name=point.name_in(language)).is_visible()
    assert kind in text and point.address in text
    assert f"{words['Languages spoken:']} {', '.join(spoken)}" in text
    assert elsewhere.name_in(language) not in text  # another city of the province
    _check(page, failures, city, foreign)
    total_kb = sum(sizes.values()) / 1024
    print(f"\nservice points page, {language}, one city: {total_kb:.1f} KB in {len(sizes)} requests (gzip)")
    assert total_kb <= BUDGET_KB, f"{total_kb:.1f} KB over the {BUDGET_KB:.0f} KB budget: {sizes}"

    page.goto(f"/{language}/help-in-person/?province=XX")
    assert page.get_by_role("alert").is_visible()
    assert words["Choose a province or territory in the list."] in page.locator("main").inner_text()
    _check(page, failures, "a province that does not exist", foreign)
    assert not traffic_of(page).foreign_requests(), traffic_of(page).foreign_requests()
    assert not failures, "\n\n".join(failures)


@pytest.mark.parametrize(("shown", "checked_as"), [("fr", "en"), ("tl", "es"), ("es", "fr"), ("en", "tl")])
def test_the_check_sees_the_other_languages(new_page: NewPage, _static_from_source: Any, shown: str,
                                            checked_as: str) -> None:
    """The page in one language, checked as if it were another, is full of foreign text: the check is not blind."""
    seed_service_points()
    page = new_page(java_script_enabled=False, viewport=PHONE)
    page.goto(f"/{shown}/help-in-person/?province=ON")
    assert len(Foreign(checked_as, LANGUAGES).in_page(page)) >= 5
