"""axe-core finds no violation on any of the worker's new pages, in the four
languages workers use, including the states a page shows after a mistake: each
step of the report, the check-and-send page, the confirmation, the survey, the
follow-up pages, and the page shown after too many wrong codes.

axe runs in pages with JavaScript (it cannot run without); the pages themselves
use none. They are checked at the size of a small phone, where most workers are,
and no page may be wider than that screen."""

from __future__ import annotations

import uuid
from typing import Any

import pytest
from django.test import RequestFactory
from playwright.sync_api import Page

from sentinelle.intake import allowance, receipts
from sentinelle.intake.models import Allegation, Report
from sentinelle.intake.services import send_staff_message, submit_report
from sentinelle.intake.tests.test_public_helpers import png_bytes
from sentinelle.test import create_staff

from .conftest import NewPage, assert_accessible, submit

pytestmark = pytest.mark.browser

WORKER_LANGUAGES = ["fr", "en", "es", "tl"]
PHONE = {"width": 360, "height": 740}


@pytest.fixture(autouse=True)
def _uploads_in_a_temporary_folder(_static_from_source: None, settings: Any, tmp_path: Any) -> None:
    settings.STORAGES = {**settings.STORAGES, "default": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": str(tmp_path), "base_url": None}}}


class Checker:
    """Runs axe on each page state and keeps every failure, so that one run shows
    them all."""

    def __init__(self, page: Page) -> None:
        self.page = page
        self.failures: list[str] = []
        self.states: list[str] = []

    def __call__(self, state: str, *, expect_alert: bool = False) -> None:
        self.states.append(state)
        if expect_alert:
            assert self.page.get_by_role("alert").is_visible(), f"{state}: no error shown"
        try:
            assert_accessible(self.page)
        except AssertionError as failure:
            self.failures.append(f"[{state}] {failure}")
        overflow = self.page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
        if overflow > 0:
            self.failures.append(f"[{state}] {overflow}px wider than a {PHONE['width']}-px screen")

    def done(self) -> None:
        assert not self.failures, "\n\n".join(self.failures)


def click_and_wait(page: Page, selector: str) -> None:
    with page.expect_navigation():
        page.locator(selector).click()


@pytest.mark.parametrize("language", WORKER_LANGUAGES)
def test_every_report_page_and_its_mistakes(new_page: NewPage, language: str) -> None:
    page = new_page(viewport=PHONE)
    check = Checker(page)

    page.goto(f"/{language}/report/")
    check("step 1")
    page.check("#id_anonymous_1")  # to be contacted, but nothing given
    submit(page, "anonymous")
    check("step 1 with mistakes", expect_alert=True)
    page.check("#id_anonymous_0")
    submit(page, "anonymous")

    check("step 2")
    submit(page, "employer_name")
    check("step 2 with a mistake", expect_alert=True)
    page.fill("#id_employer_name", "Ferme Tremblay")
    submit(page, "employer_name")

    check("step 3")
    submit(page, "description")
    check("step 3 with a mistake", expect_alert=True)
    page.check('input[name="allegations"][value="hours"]')
    submit(page, "description")

    check("step 4")
    submit(page, "danger_now")
    check("step 4 with mistakes", expect_alert=True)
    page.check('input[name="danger_now"][value="yes"]')
    page.check('input[name="hazard_now"][value="unsure"]')
    submit(page, "danger_now")

    check("check and send, urgent")
    page.set_input_files('input[name="attachments"]', [
        {"name": "photo.jpg", "mimeType": "image/jpeg", "buffer": b"this is not a photo"}])
    click_and_wait(page, 'button[name="send"]')
    check("check and send, a file refused", expect_alert=True)
    page.set_input_files('input[name="attachments"]', [
        {"name": "photo.png", "mimeType": "image/png", "buffer": png_bytes()}])
    click_and_wait(page, 'button[name="send"]')

    assert page.locator("#receipt-code").is_visible()
    check("confirmation")
    submit(page, "rating")
    check("survey with a mistake", expect_alert=True)
    page.check('input[name="rating"][value="5"]')
    submit(page, "rating")
    assert page.url.endswith(f"/{language}/report/survey/thanks/")
    check("survey thanks")

    page.goto(f"/{language}/report/survey/")
    check("survey on its own")
    check.done()
    assert len(check.states) == 14


@pytest.mark.parametrize("language", WORKER_LANGUAGES)
def test_every_follow_up_page_and_its_mistakes(new_page: NewPage, language: str) -> None:
    code = receipts.new_receipt_code()
    report = submit_report(
        {"anonymous": True, "employer_name": "Ferme Tremblay", "employer_province": "QC",
         "description": "", "danger_now": "no", "hazard_now": "no"},
        [Allegation.HOUSING], [], idempotency_key=uuid.uuid4().hex, receipt_code=code, language=language,
    ).report
    send_staff_message(report, "Can you tell us more about the housing?",
                       actor=create_staff("investigator", region_code="QC"))
    page = new_page(viewport=PHONE)
    check = Checker(page)

    page.goto(f"/{language}/follow-up/")
    check("code page")
    page.fill("#id_code", "1234")
    submit(page, "code")
    check("code page, not 20 digits", expect_alert=True)
    page.fill("#id_code", receipts.new_receipt_code())
    submit(page, "code")
    check("code page, wrong code", expect_alert=True)
    page.fill("#id_code", code)
    submit(page, "code")
    assert page.get_by_text("Can you tell us more about the housing?").is_visible()
    check("report page")
    submit(page, "body")
    check("report page, empty reply", expect_alert=True)
    page.fill("#id_body", "Twelve of us in one house.")
    submit(page, "body")
    assert page.get_by_role("status").is_visible()
    check("report page, reply sent")
    assert Report.objects.get().messages.filter(from_worker=True).count() == 1

    # This browser's address has now used up its tries (live server: 127.0.0.1).
    here = RequestFactory().get("/", REMOTE_ADDR="127.0.0.1")
    while allowance.take(here, allowance.follow_up()).granted:
        pass
    page.goto(f"/{language}/follow-up/")
    page.fill("#id_code", code)
    response = submit(page, "code")
    assert response is not None and response.status == 429
    check("too many tries")
    check.done()


@pytest.mark.parametrize("language", WORKER_LANGUAGES)
def test_home_page_with_its_report_and_follow_up_links(new_page: NewPage, language: str) -> None:
    page = new_page(viewport=PHONE)
    page.goto(f"/{language}/")
    assert page.locator(f'main a[href="/{language}/report/"]').first.is_visible()
    assert page.locator(f'main a[href="/{language}/follow-up/"]').is_visible()
    assert_accessible(page)
