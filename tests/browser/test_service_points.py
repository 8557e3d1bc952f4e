"""A worker reading Tagalog, on a 360-px phone with JavaScript off, finds an
outreach visit near them: from the home page to "Get help in person", a province,
then a city, and the next visits there. Every state passes axe-core with no
violation, loads nothing from another host, is no wider than the screen, and the
page with its style sheets, compressed, stays under the worker pages' 60 KB budget."""

from __future__ import annotations

import gzip
from datetime import time, timedelta
from typing import Any

import pytest
from django.utils import timezone
from playwright.sync_api import Page

from sentinelle.demo.ethics import seed_service_points
from sentinelle.intake.models import OutreachVisit, ServicePoint

from .conftest import NewPage, assert_accessible, submit

pytestmark = pytest.mark.browser

PHONE = {"width": 360, "height": 740}
BUDGET_KB = 60.0


def _check(page: Page, failures: list[str], state: str) -> None:
    try:
        assert_accessible(page)
    except AssertionError as failure:
        failures.append(f"[{state}] {failure}")
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    if overflow > 0:
        failures.append(f"[{state}] {overflow}px wider than a 360-px screen")


def test_a_worker_finds_an_outreach_visit_near_them_in_tagalog(new_page: NewPage, _static_from_source: Any) -> None:
    seed_service_points()
    today = timezone.localdate()
    point = ServicePoint.objects.get(code="outreach-leamington")
    visit = OutreachVisit.objects.create(service_point=point, day=today + timedelta(days=1), starts_at=time(18),
                                         ends_at=time(20, 30), place="Highbury Canco, gate 2")
    page = new_page(java_script_enabled=False, viewport=PHONE)
    failures: list[str] = []
    sizes: dict[str, int] = {}
    # Compressed, as WhiteNoise and the proxy send them in production (bench/bench_worker_pages.py).
    page.on("response", lambda response: sizes.__setitem__(response.url, len(gzip.compress(response.body()))))

    page.goto("/tl/")
    with page.expect_navigation():
        page.get_by_role("link", name="Humingi ng tulong nang personal malapit sa iyo").click()
    _check(page, failures, "the form")
    page.select_option('select[name="province"]', "ON")
    submit(page, "province")
    assert page.get_by_role("heading", name="Mga susunod na pagbisita ng pagtulong").is_visible()
    _check(page, failures, "Ontario")
    page.select_option('select[name="city"]', "Leamington")
    sizes.clear()
    submit(page, "city")
    text = page.locator("main").inner_text()
    assert f"{visit.day:%Y-%m-%d}" in text and "18:00–20:30" in text and "Highbury Canco, gate 2" in text
    assert "Lugar ng pagtulong – Leamington" in text and "Espanyol" in text
    assert "Sentro ng Service Canada – Toronto" not in text  # another city of the province
    for english in ("Next outreach visits", "Outreach site", "Languages spoken", "Spanish"):
        assert english not in text
    _check(page, failures, "Leamington")
    total_kb = sum(sizes.values()) / 1024
    print(f"\nservice points page, Tagalog, one city: {total_kb:.1f} KB in {len(sizes)} requests (gzip)")
    assert total_kb <= BUDGET_KB, f"{total_kb:.1f} KB over the {BUDGET_KB:.0f} KB budget: {sizes}"

    page.goto("/tl/help-in-person/?province=XX")
    assert page.get_by_role("alert").is_visible()
    assert "Pumili ng probinsya o teritoryo sa listahan." in page.locator("main").inner_text()
    _check(page, failures, "a province that does not exist")
    assert not failures, "\n\n".join(failures)
