"""Staff pages as a laptop shows them (1366 × 768): each filter's label right
above its field; a reference in a heading on one line; a select's chosen value
whole; no column of a table squeezed to a word a line; a button apart from the
field above it; a radio group's question larger than its choices; nothing wider
than the page."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import Page

from sentinelle.accounts.models import User
from sentinelle.test import create_case, create_staff

from .conftest import NewPage, sign_in
from .test_accessibility import open_page
from .test_forecast_accessibility import a_stored_run

pytestmark = pytest.mark.browser

LAPTOP = {"width": 1366, "height": 768}
MOST_LINES = 6

GEOMETRY = """() => {
  const problems = [];
  const box = (el) => el.getBoundingClientRect();
  const shown = (el) => { const r = box(el); return r.width > 0 && r.height > 0; };
  if (document.documentElement.scrollWidth > window.innerWidth + 1) {
    problems.push(`page ${document.documentElement.scrollWidth}px wide in a ${window.innerWidth}px window`);
  }
  for (const label of document.querySelectorAll('.filters label[for]')) {
    const field = document.getElementById(label.htmlFor);
    if (!field || !shown(field) || field.type === 'radio' || field.type === 'checkbox') continue;
    const gap = box(field).top - box(label).bottom, shift = Math.abs(box(field).left - box(label).left);
    if (gap < 0 || gap > 12 || shift > 2) problems.push(`label "${label.textContent.trim()}" ${gap}px above and ${shift}px aside its field`);
  }
  for (const ref of document.querySelectorAll('h1 .ref, h2 .ref, h3 .ref')) {
    if (ref.getClientRects().length !== 1) problems.push(`reference ${ref.textContent} cut across lines`);
  }
  const measure = document.createElement('canvas').getContext('2d');
  for (const select of document.querySelectorAll('main select')) {
    if (!shown(select) || select.multiple) continue;
    const style = getComputedStyle(select);
    measure.font = `${style.fontWeight} ${style.fontSize} ${style.fontFamily}`;
    const text = select.selectedIndex >= 0 ? select.options[select.selectedIndex].text : '';
    const room = select.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
    if (measure.measureText(text).width > room + 1) problems.push(`select ${select.name}: "${text}" cut (${Math.round(measure.measureText(text).width)}px in ${Math.round(room)}px)`);
    if (select.scrollHeight > select.clientHeight + 1) problems.push(`select ${select.name}: text taller than the field`);
  }
  for (const cell of document.querySelectorAll('main table td, main table th')) {
    if (!shown(cell)) continue;
    const lineHeight = parseFloat(getComputedStyle(cell).lineHeight) || 24;
    const range = document.createRange(); range.selectNodeContents(cell);
    const lines = Math.round(range.getBoundingClientRect().height / lineHeight);
    if (lines > %(most_lines)s) problems.push(`cell "${cell.textContent.trim().slice(0, 40)}" on ${lines} lines, ${Math.round(box(cell).width)}px wide`);
  }
  const fields = [...document.querySelectorAll('main input:not([type=hidden]):not([type=radio]):not([type=checkbox]), main select, main textarea')].filter(shown);
  for (const button of document.querySelectorAll('main form button, main form .button')) {
    if (!shown(button)) continue;
    const b = box(button);
    for (const field of fields) {
      const f = box(field);
      const overlapX = Math.min(f.right, b.right) - Math.max(f.left, b.left);
      if (overlapX > 0 && f.top < b.top && b.top - f.bottom < 8) {
        problems.push(`button "${button.textContent.trim()}" ${Math.round(b.top - f.bottom)}px under field ${field.name}`);
      }
    }
  }
  for (const fieldset of document.querySelectorAll('main fieldset')) {
    const legend = fieldset.querySelector('legend'), choice = fieldset.querySelector('input[type=radio] + *, label:has(input[type=radio])');
    if (!legend || !choice) continue;
    const l = getComputedStyle(legend), c = getComputedStyle(choice);
    if (parseFloat(c.fontSize) >= parseFloat(l.fontSize) || parseInt(c.fontWeight) > parseInt(l.fontWeight)) {
      problems.push(`radio choice ${c.fontSize}/${c.fontWeight} not smaller than its question ${l.fontSize}/${l.fontWeight}`);
    }
  }
  return problems;
}""".replace("%(most_lines)s", str(MOST_LINES))


def problems(page: Page) -> list[Any]:
    return list(page.evaluate(GEOMETRY))


def laptop(new_page: NewPage, user: User, language: str) -> Page:
    page = new_page(viewport=LAPTOP)
    sign_in(page, user, language=language)
    return page


@pytest.mark.parametrize("language", ["fr", "en"])
def test_filters_references_and_radio_groups_on_a_laptop(new_page: NewPage, language: str) -> None:
    for role, paths in (("administrator", ["/staff/audit/"]),
                        ("national_analyst", ["/staff/decisions/", "/staff/dashboard/", "/staff/quality/rates/",
                                              "/staff/dashboard/targets/"])):
        page = laptop(new_page, create_staff(role, region_code="HQ"), language)
        for path in paths:
            open_page(page, f"/{language}{path}")
            assert page.locator(".filters label").count() > 0, path
            assert problems(page) == [], path

    investigator = create_staff("investigator", region_code="QC", full_name="Inès Enquêtrice")
    case = create_case("QC", assigned_to=investigator)
    page = laptop(new_page, investigator, language)
    open_page(page, f"/{language}/staff/cases/{case.reference}/")
    assert page.locator("h1 .ref").count() == 1
    assert problems(page) == []

    page = laptop(new_page, create_staff("privacy_officer", region_code="HQ"), language)
    open_page(page, f"/{language}/staff/incidents/new/")
    assert page.locator("fieldset input[type=radio]").count() > 0  # the radio groups were checked
    assert problems(page) == []


@pytest.mark.parametrize("language", ["fr", "en"])
def test_the_forecast_tables_keep_their_columns_readable(new_page: NewPage, language: str) -> None:
    a_stored_run()
    page = laptop(new_page, create_staff("national_analyst", region_code="HQ"), language)
    open_page(page, f"/{language}/staff/forecasts/")
    page.locator("#region-qc-chart").wait_for(state="visible")
    assert problems(page) == []
