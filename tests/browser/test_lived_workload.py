"""A team lead, signed in through the real pages (password, then the TOTP code),
reads the lived workload of the team next to the investigators' caseload and
capacity, in French and in English: this month's six answers added up, last
month's three answers (and another region's four) not shown at all, and nothing
that tells one person's answer. axe finds no violation."""

from __future__ import annotations

import re

import pytest
from django.utils import translation
from django.utils.formats import localize
from django.utils.translation import gettext, ngettext
from playwright.sync_api import Page

from sentinelle.test import create_staff
from sentinelle.workload import lived
from sentinelle.workload.models import LivedItem
from sentinelle.workload.tests.factories import investigator

from .conftest import assert_accessible, sign_in_through_pages
from .test_accessibility import OFFICIAL_LANGUAGES, open_page

pytestmark = pytest.mark.browser

# This month, Quebec's team: (name, role, how heavy, what they ticked).
TEAM = [
    ("Alice Martin", "investigator", 4, ("interruptions", "duplicate_entry")),
    ("Bruno Tremblay", "investigator", 5, ("interruptions", "staff_shortage")),
    ("Chloé Roy", "investigator", 3, ("interruptions",)),
    ("Denis Gagnon", "intake_agent", 4, ("staff_shortage", "duplicate_entry")),
    ("Émilie Côté", "intake_agent", 2, ()),
    ("Farid Haddad", "investigator", 5, ("interruptions", "meetings")),
]
# Groups under five answers: last month's three in Quebec, this month's four in Ontario.
SMALL_LAST_MONTH = ("ineffective_tools", "paper_forms")
SMALL_OTHER_REGION = ("unrealistic_deadlines", "meetings_without_decision")


def _flat(text: str) -> str:
    """Every run of spaces (no-break ones included) as one space."""
    return " ".join(text.split())


def _item(code: str) -> LivedItem:
    return LivedItem.objects.get(code=code)


def _seed() -> list[str]:
    this_month, last_month = lived.previous_months(2)
    for name, role, heaviness, codes in TEAM:
        person = (investigator("QC", name, open_cases=2) if role == "investigator"
                  else create_staff(role, region_code="QC", full_name=name))
        lived.submit(person, heaviness=heaviness, items=[_item(code) for code in codes], month=this_month)
    small = []
    for n in range(3):
        person = create_staff("intake_agent", region_code="QC", full_name=f"Gaston Lavoie {n}")
        lived.submit(person, heaviness=1, items=[_item(code) for code in SMALL_LAST_MONTH], month=last_month)
        small.append(person.full_name)
    for n in range(4):
        person = create_staff("investigator", region_code="ON", full_name=f"Hannah Singh {n}")
        lived.submit(person, heaviness=1, items=[_item(code) for code in SMALL_OTHER_REGION], month=this_month)
        small.append(person.full_name)
    return small


@pytest.mark.parametrize("language", OFFICIAL_LANGUAGES)
def test_a_team_lead_reads_the_teams_lived_workload(page: Page, language: str) -> None:
    small = _seed()
    this_month, last_month = lived.previous_months(2)
    lead = create_staff("team_lead", region_code="QC", full_name="Isabelle Chef")
    sign_in_through_pages(page, lead, language=language)
    open_page(page, f"/{language}/staff/workload/caseload/")

    with translation.override(language):
        heading = gettext("Lived workload of the team")
        caption = gettext("Open caseload, capacity and room of each investigator")
        hidden = ngettext("Fewer than %(count)s answers: nothing is shown, so that no one's answer can be told "
                          "apart.", "Fewer than %(count)s answers: nothing is shown, so that no one's answer can be "
                          "told apart.", lived.MIN_GROUP) % {"count": lived.MIN_GROUP}
        named = {code: _item(code).name_in(language) for code in (
            "interruptions", "staff_shortage", "duplicate_entry", *SMALL_LAST_MONTH, *SMALL_OTHER_REGION)}
        average = ngettext("%(answers)s answer; how heavy the month felt: %(average)s on average "
                           "(1 light, 5 overwhelming).", "%(answers)s answers; how heavy the month felt: %(average)s "
                           "on average (1 light, 5 overwhelming).", len(TEAM)) % {
            "answers": len(TEAM), "average": localize(3.8)}
        # Ticked by 4, 2 and 2 of the six.
        counted = [gettext("%(name)s: %(n)s") % {"name": named[code], "n": n}
                   for code, n in (("interruptions", 4), ("staff_shortage", 2), ("duplicate_entry", 2))]

    # The caseload and capacity, then the lived workload below them.
    caseload = page.get_by_role("table", name=caption)
    assert caseload.locator("tbody tr").count() == 4
    assert "Alice Martin" in caseload.inner_text()
    assert page.get_by_role("heading", name=heading).is_visible()
    body = page.locator("main").inner_text()
    assert body.index(caption) < body.index(heading)
    section = page.locator('section[aria-labelledby="lived-QC"]')
    text = section.inner_text()
    assert page.locator('section[aria-labelledby="lived-ON"]').count() == 0

    # This month: six answers, added up.
    current = text.split(f"{this_month:%Y-%m}", 1)[1].split(f"{last_month:%Y-%m}", 1)[0]
    assert _flat(average) in _flat(current)
    for line in counted:
        assert _flat(line) in _flat(current), line

    # Last month's three answers: nothing but the notice; Ontario's team: not at all.
    before = text.split(f"{last_month:%Y-%m}", 1)[1]
    assert _flat(hidden) in _flat(before)
    for code in (*SMALL_LAST_MONTH, *SMALL_OTHER_REGION):
        assert named[code] not in body, code
    assert "Ontario" not in body

    # Nothing tells one person's answer: no respondent's name in the lived workload,
    # no list of answers one by one (the levels add up to the answers, by level).
    for name in [person for person, *_rest in TEAM] + small:
        assert name not in text, name
    for name in small:
        assert name not in body, name
    levels = section.locator("ul.lived-levels").first.locator("li").all_inner_texts()
    assert len(levels) == 5
    assert sum(int(re.search(r"(\d+)$", level).group(1)) for level in levels) == len(TEAM)  # type: ignore[union-attr]

    assert_accessible(page)
