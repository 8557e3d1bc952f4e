"""Browser-test harness: Playwright (sync API) driving Debian's Chromium, and axe-core.

One Chromium per test session; each test gets fresh browser contexts (no cookie
shared between tests) against pytest-django's `live_server`. Every page opened
through the `page` or `new_page` fixtures has its network traffic and console
recorded, so that `assert_accessible` can also refuse a missing asset, a style or
script blocked by the CSP, or a request to another host.
"""

from __future__ import annotations

import os
import re
import weakref
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import (
    Browser,
    BrowserContext,
    ConsoleMessage,
    Page,
    Request,
    Response,
    sync_playwright,
)

from sentinelle.accounts.models import User
from sentinelle.test import PASSWORD, fresh_totp_code, signed_in_session

# Playwright's sync API runs an event loop in the test thread; Django would then
# refuse ORM calls from it (creating personas, reading TOTP secrets).
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-background-networking",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-component-update",
    "--disable-sync",
]
# Generous for a loaded CI machine, short enough to fail fast on a hang.
TIMEOUT_MS = 15_000

_axe = Axe()


# The database, the cache and static files --------------------------------------


@pytest.fixture(autouse=True)
def _reference_data(django_db_serialized_rollback: None) -> None:
    """Regions, roles and sectors come from data migrations. A live-server test
    runs in real transactions and the database is emptied after it, so these rows
    are serialized once when the test database is set up and restored before each
    browser test."""


@pytest.fixture(autouse=True)
def _empty_cache(transactional_db: None) -> None:
    """The cache lives in a database table that outlasts each test: empty it, so
    that one test's failed sign-ins do not count against the next (allauth's rate
    limits) and used TOTP codes are forgotten."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture(autouse=True)
def _static_from_source(settings: Any) -> None:
    """Serve static files straight from the source folders (through the live
    server's static handler), so that the tests see the CSS being edited without
    a `collectstatic` first, and never depend on a stale manifest."""
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


# Chromium, contexts and pages ------------------------------------------------------


@pytest.fixture(scope="session")
def browser(django_db_setup: None) -> Iterator[Browser]:
    from django.db import connections

    outside = {alias: connections[alias] for alias in connections}
    with sync_playwright() as playwright:
        # Django keeps a database connection per thread, but per asyncio context
        # while an event loop runs in the thread, as Playwright's does from now
        # on. Keep the test database's own connections, which hold the reference
        # data serialized at set-up (see `_reference_data`).
        for alias, connection in outside.items():
            connections[alias] = connection
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True
        )
        yield browser
        browser.close()


@dataclass
class Traffic:
    """What a page did on the network and in the console."""

    origin: str
    requests: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)

    def foreign_requests(self) -> list[str]:
        """Requests to any host but the live server (data: URLs never leave)."""
        ours = urlsplit(self.origin).netloc
        return [
            url
            for url in self.requests
            if urlsplit(url).scheme not in ("data", "blob", "about") and urlsplit(url).netloc != ours
        ]


_traffic: weakref.WeakKeyDictionary[Page, Traffic] = weakref.WeakKeyDictionary()
# Pages whose context runs no JavaScript. Playwright still evaluates expressions in
# them, but timers never fire, so axe (which waits on them) would never finish: such
# pages are checked on a copy (see `_copy_with_javascript`).
_without_javascript: weakref.WeakSet[Page] = weakref.WeakSet()


def traffic_of(page: Page) -> Traffic:
    return _traffic[page]


def _watch(page: Page, origin: str) -> Page:
    traffic = _traffic[page] = Traffic(origin)

    # Chromium shows a PDF with a viewer of its own, loaded from chrome:// and
    # chrome-extension:// addresses inside the browser: nothing leaves the machine.
    def inside_the_browser(url: str) -> bool:
        return urlsplit(url).scheme in ("chrome", "chrome-extension")

    def on_request(request: Request) -> None:
        if not inside_the_browser(request.url):
            traffic.requests.append(request.url)

    def on_response(response: Response) -> None:
        # A page may well be a 404 or a 429 on purpose; its stylesheets, fonts and
        # images may not.
        if response.status >= 400 and response.request.resource_type != "document" \
                and not inside_the_browser(response.url):
            traffic.failed.append(f"{response.status} {response.url}")

    def on_request_failed(request: Request) -> None:
        if request.resource_type != "document" and not inside_the_browser(request.url):
            traffic.failed.append(f"{request.failure} {request.url}")

    def on_console(message: ConsoleMessage) -> None:
        # Chromium reports a style or script refused by the CSP as a console error.
        # The HTTP status of a page shows there too: the tests check statuses.
        if message.type == "error" and "Failed to load resource" not in message.text:
            traffic.console_errors.append(message.text)

    page.on("request", on_request)
    page.on("response", on_response)
    page.on("requestfailed", on_request_failed)
    page.on("console", on_console)
    return page


NewPage = Callable[..., Page]


@pytest.fixture
def new_page(browser: Browser, live_server: Any) -> Iterator[NewPage]:
    """`new_page(**context_options)`: a page in a browser context of its own, for
    example `new_page(java_script_enabled=False, viewport={...})`."""
    contexts: list[BrowserContext] = []

    def make(**options: Any) -> Page:
        context = browser.new_context(base_url=live_server.url, **options)
        context.set_default_timeout(TIMEOUT_MS)
        context.set_default_navigation_timeout(TIMEOUT_MS)
        contexts.append(context)
        page = _watch(context.new_page(), live_server.url)
        if options.get("java_script_enabled") is False:
            _without_javascript.add(page)
        return page

    yield make
    for context in contexts:
        context.close()


@pytest.fixture
def page(new_page: NewPage) -> Page:
    return new_page()


# Signing in -----------------------------------------------------------------------


def submit(page: Page, field_name: str | None = None) -> Response | None:
    """Press the submit button of the form, in the page's main content, that holds
    `field_name` (or of its only form), and wait for the page that follows."""
    forms = page.locator("main form")
    if field_name is not None:
        forms = forms.filter(has=page.locator(f'[name="{field_name}"]'))
    button = forms.locator('button:not([type="button"]):not([type="reset"]), input[type="submit"]').first
    with page.expect_navigation() as navigation:
        button.click()
    return navigation.value


def enter_password(
    page: Page, user: User, *, language: str = "en", password: str = PASSWORD
) -> Response | None:
    page.goto(f"/{language}/accounts/login/")
    page.fill('input[name="login"]', user.email)
    page.fill('input[name="password"]', password)
    return submit(page, "login")


def enter_code(page: Page, code: str) -> Response | None:
    page.fill('input[name="code"]', code)
    return submit(page, "code")


def sign_in_through_pages(page: Page, user: User, *, language: str = "en") -> None:
    """Sign in through the real pages: e-mail and password, then the TOTP code. For
    the one journey per role that signs in as a person does; other tests use `sign_in`."""
    enter_password(page, user, language=language)
    assert urlsplit(page.url).path == f"/{language}/accounts/2fa/authenticate/", page.url
    enter_code(page, fresh_totp_code(user))
    assert "/accounts/" not in urlsplit(page.url).path, f"still signing in at {page.url}"


def sign_in(page: Page, user: User, *, language: str = "en") -> None:
    """Give the page's browser the session cookie the sign-in pages would leave
    (password and second factor done: sentinelle.test.signed_in_session), then open
    the staff home page, where signing in ends."""
    from django.conf import settings

    page.context.add_cookies([{
        "name": settings.SESSION_COOKIE_NAME, "value": signed_in_session(user), "url": traffic_of(page).origin,
        "httpOnly": True, "sameSite": "Lax",
    }])
    page.goto(f"/{language}/staff/")
    assert "/accounts/" not in urlsplit(page.url).path, f"not signed in: {page.url}"


# Checking -------------------------------------------------------------------------


def describe_violations(violations: list[dict[str, Any]]) -> str:
    """Each violation with its rule, impact, help and the failing elements."""
    lines = [f"{len(violations)} accessibility violation(s):"]
    for violation in violations:
        lines.append(
            f"- {violation['id']} ({violation.get('impact')}): {violation['help']}"
            f"\n  {violation.get('helpUrl', '')}"
        )
        for node in violation["nodes"]:
            target = " ".join(str(t) for t in node["target"])
            lines.append(f"    * {target}\n      {node.get('html', '')[:300]}")
            summary = node.get("failureSummary")
            if summary:
                lines.extend(f"      {line}" for line in summary.splitlines())
    return "\n".join(lines)


def _copy_with_javascript(page: Page) -> tuple[Page, BrowserContext]:
    """The page as it stands, without its scripts, in a context where JavaScript
    runs, at the same address and size: the same document for axe to read. It is
    served from memory, so a page reached by a POST is not sent again."""
    html = re.sub(r"<script\b[^>]*>.*?</script\s*>", "", page.content(), flags=re.S | re.I)
    # Without JavaScript, <noscript> content is shown: keep it shown.
    html = re.sub(r"<(/?)noscript\b", r"<\1div", html, flags=re.I)
    browser = page.context.browser
    assert browser is not None
    context = browser.new_context(viewport=page.viewport_size)
    context.set_default_timeout(TIMEOUT_MS)
    copy = context.new_page()
    url = page.url
    copy.route(
        lambda address: address == url,
        lambda route: route.fulfill(status=200, content_type="text/html; charset=utf-8", body=html),
    )
    copy.goto(url)
    return copy, context


def scroll_width(page: Page) -> int:
    """The width of the whole document in CSS pixels: more than the viewport's
    width means the page scrolls sideways. Works without JavaScript in the page."""
    return int(page.evaluate("document.documentElement.scrollWidth"))


def assert_accessible(page: Page) -> None:
    """Run axe-core with its default rules (WCAG 2.x A and AA, and best practices)
    and fail on any violation at all. Fail too on an asset that did not load, a
    console error (such as a style or script refused by the CSP), or a request to
    a host other than the live server.

    A page opened without JavaScript is checked on a copy of its document (see
    `_copy_with_javascript`), since axe is JavaScript."""
    page.wait_for_load_state("load")
    if page in _without_javascript:
        copy, context = _copy_with_javascript(page)
        try:
            violations = _axe.run(copy).response["violations"]
        finally:
            context.close()
    else:
        violations = _axe.run(page).response["violations"]
    assert not violations, f"{page.url}\n" + describe_violations(violations)
    traffic = _traffic.get(page)
    if traffic is not None:
        assert not traffic.failed, f"{page.url}: resources did not load: {traffic.failed}"
        assert not traffic.console_errors, f"{page.url}: console errors: {traffic.console_errors}"
        assert not traffic.foreign_requests(), f"{page.url}: requests elsewhere: {traffic.foreign_requests()}"
