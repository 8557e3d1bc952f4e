"""What people do in a real browser: sign in with the second factor, switch
language, read the worker home on a small phone without JavaScript, and never
have their browser call another site."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import Page

from sentinelle.accounts.models import User
from sentinelle.test import Personas, create_employer

from .conftest import (
    NewPage,
    assert_accessible,
    enter_code,
    enter_password,
    fresh_totp_code,
    scroll_width,
    sign_in,
    sign_in_through_pages,
    submit,
    traffic_of,
)

pytestmark = pytest.mark.browser

PHONE = {"width": 360, "height": 740}


def html_lang(page: Page) -> str | None:
    return page.locator("html").get_attribute("lang")


@pytest.mark.parametrize("language", ["fr", "en"])
def test_staff_member_signs_in_with_password_and_authenticator_code(
    page: Page, personas: Personas, language: str
) -> None:
    user = personas.investigator_qc
    enter_password(page, user, language=language)
    # The password alone opens nothing: the second factor is asked for.
    assert page.url.endswith(f"/{language}/accounts/2fa/authenticate/")

    enter_code(page, fresh_totp_code(user))

    assert page.url == f"{traffic_of(page).origin}/{language}/staff/"
    assert html_lang(page) == language
    assert page.get_by_role("heading", level=1).inner_text().endswith(user.get_short_name())
    navigation = page.get_by_role("navigation", name="Navigation du personnel" if language == "fr" else "Staff navigation")
    assert navigation.get_by_role("link").count() >= 2
    assert page.locator("header").get_by_text(user.full_name).is_visible()


# (page, from language, to language, link text)
STAFF_SWITCHES = [("/staff/employers/?q=Employer", "fr", "en", "English"), ("/staff/", "en", "fr", "Français")]
WORKER_SWITCHES = [
    ("/", "fr", "en", "English"),
    ("/", "en", "fr", "Français"),
    ("/", "en", "es", "Español"),
    ("/", "es", "tl", "Tagalog"),
    ("/", "tl", "fr", "Français"),
]


@pytest.mark.parametrize(("path", "source", "target", "link"), STAFF_SWITCHES)
def test_language_switch_on_a_staff_page_keeps_the_page(
    page: Page, personas: Personas, path: str, source: str, target: str, link: str
) -> None:
    create_employer("QC")
    sign_in(page, personas.investigator_qc, language=source)
    page.goto(f"/{source}{path}")
    assert html_lang(page) == source

    with page.expect_navigation():
        page.get_by_role("navigation", name="Langue" if source == "fr" else "Language").get_by_role(
            "link", name=link
        ).click()

    assert page.url == f"{traffic_of(page).origin}/{target}{path}"
    assert html_lang(page) == target
    # Still signed in, on the same page.
    assert page.locator("header").get_by_text(personas.investigator_qc.full_name).is_visible()


@pytest.mark.parametrize(("path", "source", "target", "link"), WORKER_SWITCHES)
def test_language_switch_on_the_worker_home_keeps_the_page(
    page: Page, path: str, source: str, target: str, link: str
) -> None:
    page.goto(f"/{source}{path}")
    assert html_lang(page) == source

    with page.expect_navigation():
        page.locator("nav.language-switch").get_by_role("link", name=link).click()

    assert page.url == f"{traffic_of(page).origin}/{target}{path}"
    assert html_lang(page) == target
    assert page.get_by_role("heading", level=1).is_visible()


@pytest.mark.parametrize("language", ["fr", "en", "es", "tl"])
def test_worker_home_works_without_javascript_on_a_small_phone(new_page: NewPage, language: str) -> None:
    page = new_page(java_script_enabled=False, viewport=PHONE)
    response = page.goto(f"/{language}/")
    assert response is not None
    assert response.status == 200
    assert html_lang(page) == language
    heading = page.get_by_role("heading", level=1)
    assert heading.is_visible()
    box = heading.bounding_box()
    assert box is not None
    assert box["x"] >= 0
    assert box["x"] + box["width"] <= PHONE["width"]
    # The telephone line, the other way to report, is on the page.
    assert page.get_by_text("1-866-602-9448").is_visible()
    assert scroll_width(page) <= PHONE["width"]
    assert_accessible(page)
    # Another language is one plain link away, JavaScript or not.
    other = page.locator("nav.language-switch a").first
    with page.expect_navigation():
        other.click()
    assert html_lang(page) != language


@pytest.mark.parametrize("language", ["fr", "en", "es", "tl"])
def test_worker_home_fits_a_360_pixel_screen(new_page: NewPage, language: str) -> None:
    # The same check with JavaScript on, as most phones have it.
    page = new_page(viewport=PHONE)
    page.goto(f"/{language}/")
    width = scroll_width(page)
    assert width <= PHONE["width"], f"the page is {width} px wide: it scrolls sideways"


@pytest.mark.parametrize("language", ["fr", "en"])
def test_sign_in_pages_fit_a_360_pixel_screen(new_page: NewPage, personas: Personas, language: str) -> None:
    page = new_page(viewport=PHONE)
    enter_password(page, personas.investigator_qc, language=language)
    assert scroll_width(page) <= PHONE["width"]
    enter_code(page, fresh_totp_code(personas.investigator_qc))
    assert scroll_width(page) <= PHONE["width"]


@pytest.mark.parametrize("language", ["fr", "en"])
def test_staff_lists_fit_a_360_pixel_screen(new_page: NewPage, personas: Personas, language: str) -> None:
    """A wide table scrolls in its own box; the page itself never scrolls sideways."""
    for _n in range(3):
        create_employer("QC", legal_name="Entreprise de transformation alimentaire Saint-Hyacinthe-Nord inc.")
    page = new_page(viewport=PHONE)
    sign_in(page, personas.privacy_officer, language=language)
    page.goto(f"/{language}/staff/api-tokens/")
    page.fill('input[name="name"]', "Rapport mensuel de conformité")
    submit(page, "name")
    for path in ("/staff/audit/", "/staff/api-tokens/"):
        page.goto(f"/{language}{path}")
        width = scroll_width(page)
        assert width <= PHONE["width"], f"{path} is {width} px wide"

    page = new_page(viewport=PHONE)
    sign_in(page, personas.investigator_qc, language=language)
    page.goto(f"/{language}/staff/employers/")
    width = scroll_width(page)
    assert width <= PHONE["width"], f"the employer list is {width} px wide"


def test_no_page_calls_another_host(new_page: NewPage, personas: Personas, live_server: Any) -> None:
    """Fonts, styles and scripts are all served by Sentinelle itself: a worker's
    visit tells no third party about it, and staff pages leak nothing either."""
    employer = create_employer("QC")
    walks: list[tuple[User | None, list[str]]] = [
        (None, ["/fr/", "/en/", "/es/", "/tl/", "/fr/no-such-page/", "/fr/accounts/login/"]),
        (
            personas.investigator_qc,
            ["/fr/staff/", "/fr/staff/employers/", f"/fr/staff/employers/{employer.pk}/", "/fr/staff/api-tokens/",
             "/fr/accounts/2fa/"],
        ),
        (personas.admin, ["/en/staff/audit/", "/en/admin/", "/en/admin/accounts/user/add/"]),
    ]
    requests: list[str] = []
    for user, paths in walks:
        page = new_page()
        if user is not None:
            sign_in_through_pages(page, user, language="fr")
        for path in paths:
            response = page.goto(path)
            assert response is not None
            assert response.status == (404 if "no-such-page" in path else 200), path
        traffic = traffic_of(page)
        assert traffic.origin == live_server.url
        assert traffic.foreign_requests() == []
        requests += traffic.requests

    # The pages did load their styles, fonts and the admin's scripts, all from the
    # live server.
    assert any(url.endswith(".css") for url in requests)
    assert any(url.endswith((".woff2", ".woff")) for url in requests)
    assert any(url.endswith(".js") for url in requests)
