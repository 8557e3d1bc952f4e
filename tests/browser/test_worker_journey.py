"""A worker's whole journey in a real browser: an anonymous report in Spanish with
a photo, the receipt code, coming back with it, reading a staff message and
answering it. Once with JavaScript off on a small phone, once with JavaScript on
at desktop size; then the same report with the keyboard only."""

from __future__ import annotations

import re
from typing import Any

import pytest
from playwright.sync_api import Page

from sentinelle.intake import receipts
from sentinelle.intake.models import Attachment, Message, Report
from sentinelle.intake.services import send_staff_message
from sentinelle.intake.tests.test_public_helpers import png_bytes
from sentinelle.test import create_staff

from .conftest import NewPage, assert_accessible, submit, traffic_of

pytestmark = pytest.mark.browser

PHONE = {"width": 360, "height": 740}
DESKTOP = {"width": 1280, "height": 800}


@pytest.fixture(autouse=True)
def _uploads_in_a_temporary_folder(_static_from_source: None, settings: Any, tmp_path: Any) -> None:
    settings.STORAGES = {**settings.STORAGES, "default": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": str(tmp_path), "base_url": None}}}


def photo(name: str = "foto.png") -> dict[str, Any]:
    return {"name": name, "mimeType": "image/png", "buffer": png_bytes(16, 16)}


def at_step(page: Page, slug: str) -> None:
    assert page.locator('input[name="step"]').get_attribute("value") == slug, page.content()[:3000]


def fits_the_screen(page: Page) -> None:
    """Nothing wider than the screen: no sideways scrolling on a small phone."""
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0, f"{page.url}: {overflow}px wider than the screen"


def report_in_spanish(page: Page, *, check: Any) -> str:
    """Fill in the report with the mouse and typing, as most workers will."""
    page.goto("/es/")
    assert page.locator("html").get_attribute("lang") == "es"
    with page.expect_navigation():
        page.locator('main a[href="/es/report/"]').first.click()
    at_step(page, "about-you")
    assert page.locator("#id_anonymous_0").is_checked()  # anonymous unless the worker says otherwise
    check(page)
    submit(page, "anonymous")

    at_step(page, "employer")
    page.fill("#id_employer_name", "Granja Los Pinos")
    page.fill("#id_employer_city", "Leamington")
    page.select_option("#id_employer_province", "ON")
    check(page)
    submit(page, "employer_name")

    at_step(page, "what-happened")
    page.check('input[name="allegations"][value="housing"]')
    page.check('input[name="allegations"][value="wages"]')
    page.fill("#id_description", "Vivimos doce en una casa sin calefacción.")
    page.check('input[name="workers_affected"][value="6-20"]')
    check(page)
    submit(page, "description")

    at_step(page, "urgency")
    page.check('input[name="danger_now"][value="no"]')
    page.check('input[name="hazard_now"][value="no"]')
    check(page)
    submit(page, "danger_now")

    at_step(page, "review")
    assert page.get_by_text("Granja Los Pinos").is_visible()
    page.set_input_files('input[name="attachments"]', [photo()])
    check(page)
    with page.expect_navigation():
        page.locator('button[name="send"]').click()

    code = page.locator("#receipt-code").inner_text().strip()
    assert re.fullmatch(r"\d{5} \d{5} \d{5} \d{5}", code), code
    check(page)
    return code


def follow_up_in_spanish(page: Page, code: str, *, check: Any) -> None:
    page.locator('main a[href="/es/follow-up/"]').first.click()
    page.wait_for_url("**/es/follow-up/")
    check(page)
    page.fill("#id_code", code.replace(" ", ""))  # typed without the spaces
    submit(page, "code")
    assert page.get_by_text("¿Dónde trabajan sus compañeros?").is_visible()
    check(page)
    page.fill("#id_body", "En la granja de tomates, cerca de la carretera 3.")
    page.set_input_files('input[name="attachments"]', [photo("mapa.png")])
    submit(page, "body")
    assert page.locator('[role="status"]').is_visible()
    assert page.get_by_text("En la granja de tomates, cerca de la carretera 3.").is_visible()
    check(page)


def journey(page: Page) -> None:
    officer = create_staff("investigator", region_code="ON")
    checks: list[str] = []

    def check(current: Page) -> None:
        checks.append(current.url)
        current.wait_for_load_state("load")
        if current.viewport_size == PHONE:
            fits_the_screen(current)
        # Without JavaScript, the harness runs axe on a copy of the same document.
        assert_accessible(current)

    code = report_in_spanish(page, check=check)
    report = Report.objects.get()
    assert receipts.check_receipt_code(code) == report
    assert (report.anonymous, report.language, report.employer_name) == (True, "es", "Granja Los Pinos")
    assert sorted(report.allegations.values_list("category", flat=True)) == ["housing", "wages"]
    assert report.attachments.get().original_name == "foto.png"

    # Between the two visits, an officer asks a question.
    send_staff_message(report, "¿Dónde trabajan sus compañeros?", actor=officer)

    follow_up_in_spanish(page, code, check=check)
    reply = Message.objects.get(report=report, from_worker=True)
    assert reply.body == "En la granja de tomates, cerca de la carretera 3."
    assert Message.objects.get(report=report, from_worker=False).read_by_worker_on is not None
    assert Attachment.objects.filter(report=report).count() == 2

    traffic = traffic_of(page)
    assert traffic.requests and not traffic.foreign_requests(), traffic.foreign_requests()
    assert [cookie["name"] for cookie in page.context.cookies()] == ["csrftoken"]
    assert all(cookie["expires"] == -1 for cookie in page.context.cookies())  # ends with the browser session
    assert len(checks) >= 9


def test_spanish_report_and_follow_up_without_javascript_on_a_small_phone(new_page: NewPage) -> None:
    page = new_page(java_script_enabled=False, viewport=PHONE)
    assert page.evaluate("1 + 1") == 2  # Playwright's own scripts still run, the page's do not
    journey(page)


def test_spanish_report_and_follow_up_with_javascript_at_desktop_size(new_page: NewPage) -> None:
    page = new_page(viewport=DESKTOP)
    journey(page)


# Keyboard only ------------------------------------------------------------------------


def tab_to(page: Page, selector: str, *, most: int = 80) -> None:
    """Press Tab until the element is focused, as a keyboard user would."""
    for _press in range(most):
        if page.evaluate("(s) => document.activeElement && document.activeElement.matches(s)", selector):
            return
        page.keyboard.press("Tab")
    pytest.fail(f"{selector} never got the focus with Tab on {page.url}")


def press_and_wait(page: Page, key: str) -> None:
    with page.expect_navigation():
        page.keyboard.press(key)


def test_a_report_with_the_keyboard_only(new_page: NewPage) -> None:
    page = new_page(viewport=DESKTOP)
    page.goto("/en/")
    tab_to(page, 'main a[href="/en/report/"]')
    press_and_wait(page, "Enter")

    at_step(page, "about-you")  # anonymous is already chosen
    tab_to(page, 'button[name="next"]')
    press_and_wait(page, "Enter")

    at_step(page, "employer")
    tab_to(page, "#id_employer_name")
    page.keyboard.type("Keyboard Farms")
    tab_to(page, 'button[name="next"]')
    press_and_wait(page, "Enter")

    at_step(page, "what-happened")
    tab_to(page, 'input[name="allegations"][value="hours"]')
    page.keyboard.press("Space")
    tab_to(page, 'button[name="next"]')
    press_and_wait(page, "Space")

    at_step(page, "urgency")
    # Tab enters each group of radio buttons on its first choice; Space picks it.
    tab_to(page, 'input[name="danger_now"]')
    page.keyboard.press("Space")
    tab_to(page, 'input[name="hazard_now"]')
    page.keyboard.press("Space")
    tab_to(page, 'button[name="next"]')
    press_and_wait(page, "Enter")

    at_step(page, "review")
    tab_to(page, 'button[name="send"]')
    press_and_wait(page, "Enter")

    assert page.locator("#receipt-code").is_visible()
    report = Report.objects.get()
    assert report.employer_name == "Keyboard Farms"
    assert list(report.allegations.values_list("category", flat=True)) == ["hours"]
    assert (report.danger_now, report.hazard_now) == ("yes", "yes")
    assert report.escalations.exists()  # a "yes" starts the 24-hour clock
