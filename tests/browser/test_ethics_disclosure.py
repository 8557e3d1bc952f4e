"""A staff member discloses wrongdoing anonymously and the ethics officer answers
through the receipt code, in French and in English: the author writes the
disclosure, keeps the code, the officer reads it (without learning who wrote it)
and writes back, and the author reads the answer with the code and replies. Every
page passes axe-core with no violation."""

from __future__ import annotations

from typing import Any

import pytest

from sentinelle.ethics.tests.factories import designate
from sentinelle.test import create_staff

from .conftest import NewPage, assert_accessible, sign_in, submit

pytestmark = pytest.mark.browser

WORDS = {
    "fr": {"disclose": "Faire une divulgation confidentielle", "read": "Divulgations reçues",
           "follow": "Suivre ma divulgation", "officer": "Responsable de l’éthique et de l’intégrité"},
    "en": {"disclose": "Make a confidential disclosure", "read": "Disclosures received",
           "follow": "Follow up on my disclosure", "officer": "Ethics officer"},
}


@pytest.mark.parametrize("language", ["fr", "en"])
def test_an_anonymous_disclosure_answered_through_the_receipt_code(new_page: NewPage, language: str,
                                                                    _static_from_source: Any) -> None:
    words = WORDS[language]
    officer = create_staff("team_lead", region_code="HQ", full_name="Éloïse Bergeron")
    designate(officer)
    author = create_staff("investigator", region_code="QC", full_name="Mathieu Caron")

    page = new_page()
    sign_in(page, author, language=language)
    page.goto(f"/{language}/staff/ethics/")
    assert "Éloïse Bergeron" in page.locator("main").inner_text()
    assert_accessible(page)
    with page.expect_navigation():
        page.get_by_role("link", name=words["disclose"]).click()
    assert_accessible(page)
    page.fill('textarea[name="wrongdoing"]', "Des dossiers sont fermés sans visite pour atteindre la cible du mois.")
    page.check('input[name="anonymous"][value="yes"]')
    submit(page, "wrongdoing")
    code = page.locator(".receipt-code strong").inner_text()
    assert len(code.replace("-", "")) == 20
    assert_accessible(page)

    officer_page = new_page()
    sign_in(officer_page, officer, language=language)
    officer_page.goto(f"/{language}/staff/ethics/")
    with officer_page.expect_navigation():
        officer_page.get_by_role("link", name=words["read"]).click()
    assert_accessible(officer_page)
    with officer_page.expect_navigation():
        officer_page.locator("main table a").first.click()
    text = officer_page.locator("main").inner_text()
    assert "Des dossiers sont fermés sans visite" in text and "Mathieu Caron" not in text
    assert_accessible(officer_page)
    officer_page.fill('textarea[name="text"]', "Merci. Quels mois sont concernés ?")
    submit(officer_page, "text")

    page.goto(f"/{language}/staff/ethics/follow-up/")
    page.fill('input[name="code"]', code)
    submit(page, "code")
    text = page.locator("main").inner_text()
    assert "Merci. Quels mois sont concernés ?" in text and words["officer"] in text
    assert_accessible(page)
    page.fill('textarea[name="text"]', "Janvier et février.")
    submit(page, "text")
    assert "Janvier et février." in page.locator("main").inner_text()

    officer_page.reload()
    assert "Janvier et février." in officer_page.locator("main").inner_text()
