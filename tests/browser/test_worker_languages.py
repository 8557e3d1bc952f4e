"""A worker who chose Spanish or Tagalog reads no English and no French: every page
of the journey (home, each step of the report with a sector chosen, the check-and-
send page, the confirmation with its receipt code, the follow-up, the public
statistics, the mistakes and the error pages), in Chromium with JavaScript off on a
360-pixel phone. Each visible text (and what a screen reader reads of titles,
labels and buttons) is compared with the English and French catalogues and with the
English and French names of the reference data; the language switch, which names
each language in itself, is left out. axe finds no violation on any of them."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import polib
import pytest
from django.apps import apps
from django.conf import settings
from playwright.sync_api import Page

from sentinelle.cases.models import Sector
from sentinelle.lib.i18n import BilingualName

from .conftest import NewPage, assert_accessible, submit

pytestmark = pytest.mark.browser

PHONE = {"width": 360, "height": 740}
LOCALE = Path(settings.BASE_DIR) / "locale"
PLACEHOLDER = re.compile(r"%\([a-z_]+\)[sd]|%[sd]|\{[a-z_]+\}")

# The text a page shows (text nodes, and the names of what a screen reader reads),
# outside the language switch, scripts and styles. Playwright runs this even
# where the page's own scripts are off.
VISIBLE_TEXT = """() => {
  const texts = [];
  const skip = (el) => el.closest('.language-switch, script, style, noscript, template');
  const walker = document.createTreeWalker(document.documentElement, NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const node = walker.currentNode;
    if (node.parentElement && !skip(node.parentElement) && node.textContent.trim()) texts.push(node.textContent);
  }
  for (const el of document.querySelectorAll('[title], [aria-label], [alt], [placeholder], input[type=submit]')) {
    if (skip(el)) continue;
    for (const name of ['title', 'aria-label', 'alt', 'placeholder', 'value']) {
      if (el.hasAttribute(name) && (name !== 'value' || el.type === 'submit')) texts.push(el.getAttribute(name));
    }
  }
  return texts.map((t) => t.replace(/\\s+/g, ' ').trim()).filter((t) => t);
}"""


@pytest.fixture(autouse=True)
def _uploads_in_a_temporary_folder(_static_from_source: None, settings: Any, tmp_path: Any) -> None:
    settings.STORAGES = {**settings.STORAGES, "default": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": str(tmp_path), "base_url": None}}}


def _fragments(text: str) -> list[str]:
    """The pieces of a message a page shows as separate texts: split at markup and
    at line breaks."""
    return [" ".join(piece.split()) for piece in re.split(r"<[^>]+>|\n", text) if piece.strip()]


def _catalogue_texts(language: str) -> set[str]:
    po = polib.pofile(str(LOCALE / language / "LC_MESSAGES" / "django.po"))
    texts: set[str] = set()
    for entry in po:
        if entry.obsolete or not entry.msgid:
            continue
        for text in [entry.msgstr, *entry.msgstr_plural.values()]:
            texts.update(_fragments(text))
    return texts


def _reference_names(*languages: str) -> set[str]:
    names: set[str] = set()
    for model in apps.get_models():
        if issubclass(model, BilingualName):
            for row in model.objects.all():
                names.update(getattr(row, f"name_{language}") for language in languages)
    return names


class Foreign:
    """Texts of `others` (by default English and French) a page in `language` must
    not show: every message of their catalogues and every name of the reference data
    in them, except those the page's own language writes the same way (« WhatsApp »,
    « Ontario »)."""

    def __init__(self, language: str, others: tuple[str, ...] = ("en", "fr")) -> None:
        own = self.own = _catalogue_texts(language) | _reference_names(language)
        others = tuple(other for other in others if other != language)
        foreign = set().union(*(_catalogue_texts(other) for other in others)) | _reference_names(*others)
        kept = {t for t in foreign - own if re.search(r"[A-Za-zÀ-ÿ]{3}", PLACEHOLDER.sub("", t))}
        self.exact = {t for t in kept if not PLACEHOLDER.search(t)}
        # re.escape leaves "%(name)s" as "%\(name\)s": match the escaped form.
        self.patterns = [
            re.compile(re.sub(r"%\\\([a-z_]+\\\)[sd]|%[sd]|\\\{[a-z_]+\\\}", ".+", re.escape(t)))
            for t in kept if PLACEHOLDER.search(t) and len(PLACEHOLDER.sub("", t)) >= 8
        ]

    def in_page(self, page: Page) -> list[str]:
        found = []
        for text in page.evaluate(VISIBLE_TEXT):
            if text in self.own:
                continue
            if text in self.exact or any(pattern.fullmatch(text) for pattern in self.patterns):
                found.append(text)
        return found


class Walk:
    def __init__(self, page: Page, language: str) -> None:
        self.page, self.language = page, language
        self.foreign = Foreign(language)
        self.failures: list[str] = []
        self.seen: list[str] = []

    def check(self, state: str) -> None:
        self.seen.append(state)
        self.page.wait_for_load_state("load")
        assert self.page.locator("html").get_attribute("lang") == self.language, state
        if found := self.foreign.in_page(self.page):
            self.failures.append(f"[{state}] {self.page.url}: {found}")
        try:
            assert_accessible(self.page)
        except AssertionError as failure:
            self.failures.append(f"[{state}] {failure}")
        overflow = self.page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
        if overflow > 0:
            self.failures.append(f"[{state}] {overflow}px wider than a 360-px screen")


def at_step(page: Page, slug: str) -> None:
    assert page.locator('input[name="step"]').get_attribute("value") == slug, page.content()[:3000]


def walk_the_worker_pages(page: Page, language: str) -> Walk:
    walk = Walk(page, language)
    sector = Sector.objects.get(naics_code="1114")
    page.goto(f"/{language}/")
    walk.check("home")

    with page.expect_navigation():
        page.locator(f'main a[href="/{language}/report/"]').first.click()
    at_step(page, "about-you")
    walk.check("report: about you")
    submit(page, "anonymous")

    at_step(page, "employer")
    walk.check("report: employer")
    submit(page, "employer_name")  # no name: the mistake is explained
    assert page.get_by_role("alert").first.is_visible()
    walk.check("report: employer, a mistake")
    page.fill("#id_employer_name", "Granja Los Pinos")
    page.select_option("#id_employer_province", "ON")
    page.select_option("#id_sector", str(sector.pk))
    submit(page, "employer_name")

    at_step(page, "what-happened")
    walk.check("report: what happened")
    page.check('input[name="allegations"][value="housing"]')
    page.fill("#id_description", "Vivimos doce en una casa sin calefacción.")
    submit(page, "description")

    at_step(page, "urgency")
    walk.check("report: urgency")
    page.check('input[name="danger_now"][value="no"]')
    page.check('input[name="hazard_now"][value="no"]')
    submit(page, "danger_now")

    at_step(page, "review")
    assert page.get_by_text(getattr(sector, f"name_{language}")).first.is_visible()
    walk.check("report: review, with a sector")
    with page.expect_navigation():
        page.locator('button[name="send"]').click()
    code = page.locator("#receipt-code").inner_text().strip()
    assert re.fullmatch(r"\d{5} \d{5} \d{5} \d{5}", code), code
    walk.check("confirmation with the receipt code")

    page.goto(f"/{language}/follow-up/")
    walk.check("follow-up")
    page.fill("#id_code", "12345 12345 12345 12345")
    submit(page, "code")
    walk.check("follow-up: a wrong code")
    page.fill("#id_code", code)
    submit(page, "code")
    walk.check("follow-up: the report")

    page.goto(f"/{language}/statistics/")
    walk.check("public statistics")
    page.goto(f"/{language}/no-such-page/")
    walk.check("page not found")
    return walk


@pytest.mark.parametrize("language", ["es", "tl"])
def test_a_worker_reading_spanish_or_tagalog_sees_no_english_or_french(new_page: NewPage, language: str) -> None:
    page = new_page(java_script_enabled=False, viewport=PHONE)
    walk = walk_the_worker_pages(page, language)
    assert len(walk.seen) == 13
    assert not walk.failures, "\n\n".join(walk.failures)


def test_the_check_sees_english_and_french(new_page: NewPage) -> None:
    """The same walk in French is full of French: the check is not blind."""
    page = new_page(java_script_enabled=False, viewport=PHONE)
    page.goto("/fr/")
    foreign = Foreign("es")
    assert len(foreign.in_page(page)) >= 5
