"""The documents, letters and summary pages of a case pass axe-core with no
violation, in French and in English, including a form after a mistake and the
preview of an image and of a PDF."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from django.core.files.base import ContentFile
from django.utils import timezone
from playwright.sync_api import Page

from sentinelle.cases.documents import add_document
from sentinelle.cases.letters import generate_letter
from sentinelle.cases.models import Decision, DecisionStatus, LetterTemplate, Outcome
from sentinelle.cases.tests.test_documents import png
from sentinelle.test import create_case, create_employer, create_staff

from .conftest import assert_accessible, sign_in, submit
from .test_accessibility import OFFICIAL_LANGUAGES, open_page

pytestmark = pytest.mark.browser



def _case_with_documents() -> tuple[Any, Any, Any, Any]:
    investigator = create_staff("investigator", region_code="QC", full_name="Amélie Enquêteuse")
    employer = create_employer("QC", legal_name="Ferme Dubé et Fils inc.", city="Saint-Rémi")
    case = create_case("QC", employer=employer, assigned_to=investigator)
    image = add_document(case, ContentFile(png(40, 30), name="logement.png"), actor=investigator, title="Logement")
    Decision.objects.create(
        case=case, outcome=Outcome.WARNING, grounds="Les heures supplémentaires n'ont pas été payées.",
        penalty_amount=Decimal("0"), status=DecisionStatus.APPROVED, proposed_by=investigator,
        approved_by=create_staff("team_lead", region_code="QC"), approved_at=timezone.now(), region=case.region,
    )
    letter = generate_letter(case, "notice_of_inspection", "fr", actor=investigator)
    return investigator, case, image, letter


@pytest.mark.parametrize("language", OFFICIAL_LANGUAGES)
def test_document_pages(page: Page, language: str) -> None:
    investigator, case, image, letter = _case_with_documents()
    sign_in(page, investigator, language=language)
    base = f"/{language}/staff/cases/{case.reference}"
    for path in [f"{base}/documents/", f"{base}/documents/{image.pk}/", f"{base}/documents/{letter.pk}/",
                 f"{base}/letters/new/", f"{base}/summary/"]:
        open_page(page, path)
        assert_accessible(page)
    open_page(page, f"{base}/documents/{image.pk}/")
    assert page.locator("main img").evaluate("image => image.naturalWidth") == 40


@pytest.mark.parametrize("language", OFFICIAL_LANGUAGES)
def test_document_forms_after_a_mistake(page: Page, language: str, tmp_path: Any) -> None:
    investigator, case, image, _letter = _case_with_documents()
    sign_in(page, investigator, language=language)
    base = f"/{language}/staff/cases/{case.reference}"
    not_a_document = tmp_path / "notes.pdf"
    not_a_document.write_text("not a PDF at all")

    open_page(page, f"{base}/documents/")
    page.set_input_files('main input[name="file"]', str(not_a_document))
    submit(page, "title")
    assert page.get_by_role("alert").is_visible()
    assert_accessible(page)

    open_page(page, f"{base}/documents/{image.pk}/")
    page.set_input_files('main input[name="file"]', str(not_a_document))
    submit(page, "comment")
    assert page.get_by_role("alert").is_visible()
    assert_accessible(page)

    open_page(page, f"{base}/letters/new/")
    page.fill('input[name="due_on"]', "2001-01-01")
    submit(page, "kind")
    assert page.get_by_role("alert").is_visible()
    assert_accessible(page)


@pytest.mark.parametrize("language", OFFICIAL_LANGUAGES)
def test_letter_template_pages(page: Page, settings: Any, language: str) -> None:
    analyst = create_staff("national_analyst", region_code="HQ")
    template = LetterTemplate.objects.get(kind="decision", language=language)
    sign_in(page, analyst, language=language)
    open_page(page, f"/{language}/staff/letters/")
    assert_accessible(page)
    open_page(page, f"/{language}/staff/letters/{template.pk}/")
    assert_accessible(page)
    page.fill('textarea[name="body"]', "{{ user.password }}")
    submit(page, "body")
    assert page.get_by_role("alert").is_visible()
    assert_accessible(page)
