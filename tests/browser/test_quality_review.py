"""Quality control in the browser: a file drawn when it is closed, reviewed
against the checklist, returned to its investigator for a substantial error,
corrected from the case page and re-checked by the reviewer. The review list,
the review, the sampling plan and the rates pass axe-core with no violation,
in French and in English."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page

from sentinelle.cases.models import CaseStatus
from sentinelle.quality.models import ChecklistItem, Selection, SelectionStatus
from sentinelle.quality.tests.factories import close_a_file, regional_team, sample_everything
from sentinelle.test import create_staff

from .conftest import NewPage, assert_accessible, sign_in, sign_in_through_pages, submit
from .test_accessibility import OFFICIAL_LANGUAGES, open_page

pytestmark = pytest.mark.browser


def answer_checklist(page: Page, *, error_on: ChecklistItem | None, comment: str = "") -> None:
    for item in ChecklistItem.objects.filter(active=True):
        answer = "error" if error_on is not None and item.pk == error_on.pk else "met"
        page.check(f'input[name="answer_{item.pk}"][value="{answer}"]')
    if error_on is not None and comment:
        page.fill(f'textarea[name="comment_{error_on.pk}"]', comment)


@pytest.mark.parametrize("language", OFFICIAL_LANGUAGES)
def test_a_review_from_selection_to_a_corrected_and_rechecked_file(page: Page, new_page: NewPage,
                                                                  language: str) -> None:
    analyst = create_staff("national_analyst", region_code="HQ", full_name="Nadia Analyst")
    reviewer = create_staff("qc_reviewer", region_code="ON", full_name="Olivier Reviewer")
    quebec = regional_team("QC")
    sample_everything(analyst)
    case = close_a_file(quebec)
    selection = Selection.objects.get(case=case)
    assert selection.reviewer == reviewer
    substantial = ChecklistItem.objects.filter(substantial=True).order_by("position").first()

    # The reviewer finds the file in their work list.
    sign_in_through_pages(page, reviewer, language=language)
    open_page(page, f"/{language}/staff/quality/")
    assert page.locator("table.data tbody tr").count() == 1
    assert_accessible(page)
    page.locator(f'a[href="/{language}/staff/quality/reviews/{selection.pk}/"]').click()
    page.wait_for_load_state("load")
    text = substantial.text_fr if language == "fr" else substantial.text_en
    assert page.get_by_text(text).first.is_visible()
    assert_accessible(page)

    # An error without a comment is explained; then the file goes back to its investigator.
    answer_checklist(page, error_on=substantial)
    submit(page, f"answer_{substantial.pk}")
    assert page.get_by_role("alert").is_visible()
    assert page.locator('[aria-invalid="true"]').count() == 1
    assert_accessible(page)
    page.fill(f'textarea[name="comment_{substantial.pk}"]', "The employer was never interviewed.")
    submit(page, f"answer_{substantial.pk}")
    assert page.locator(".notice-success, [role=status]").first.is_visible()
    assert_accessible(page)
    case.refresh_from_db()
    assert case.status == CaseStatus.CORRECTION

    # The investigator corrects the file from the case page.
    investigator_page = new_page()
    sign_in(investigator_page, quebec["investigator"], language=language)
    open_page(investigator_page, f"/{language}/staff/cases/{case.reference}/steps/correct/")
    investigator_page.fill('textarea[name="note"]', "Employer interviewed on 12 May; notes filed.")
    submit(investigator_page, "note")
    case.refresh_from_db()
    assert case.status == CaseStatus.CLOSED
    assert Selection.objects.get(pk=selection.pk).status == SelectionStatus.RECHECK

    # The reviewer re-checks it and confirms the correction.
    open_page(page, f"/{language}/staff/quality/reviews/{selection.pk}/")
    assert page.get_by_text("Employer interviewed on 12 May; notes filed.").is_visible()
    assert_accessible(page)
    page.check('input[name="verdict"][value="confirm"]')
    submit(page, "verdict")
    assert_accessible(page)
    selection.refresh_from_db()
    assert selection.status == SelectionStatus.DONE and selection.substantial_error is True


@pytest.mark.parametrize("language", OFFICIAL_LANGUAGES)
def test_the_plan_and_the_rates_pages(page: Page, language: str) -> None:
    analyst = create_staff("national_analyst", region_code="HQ", full_name="Nadia Analyst")
    reviewer = create_staff("qc_reviewer", region_code="ON", full_name="Olivier Reviewer")
    quebec = regional_team("QC")
    sample_everything(analyst)
    from sentinelle.quality import review
    from sentinelle.quality.review import Response

    substantial = ChecklistItem.objects.filter(substantial=True).first()
    for has_error in (False, True, False):
        selection = Selection.objects.get(case=close_a_file(quebec))
        answers = {item.pk: Response("met") for item in review.checklist()}
        if has_error:
            answers[substantial.pk] = Response("error", "Wrong outcome.")
        review.submit_review(selection, answers, actor=reviewer)

    sign_in(page, analyst, language=language)
    open_page(page, f"/{language}/staff/quality/plan/")
    assert_accessible(page)
    page.fill('input[name="percent"]', "250")
    submit(page, "percent")
    assert page.get_by_role("alert").is_visible()
    assert_accessible(page)
    open_page(page, f"/{language}/staff/quality/rates/")
    assert page.locator("table.data").count() >= 4
    assert_accessible(page)
    open_page(page, f"/{language}/staff/quality/checklist/")
    assert_accessible(page)
    open_page(page, f"/{language}/staff/quality/draws/")
    assert_accessible(page)
