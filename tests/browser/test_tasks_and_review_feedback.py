"""Two journeys of case work, in French and in English, each page passing axe-core
with no violation: an investigator works their "my tasks" list (an overdue
document request leads to a reminder letter, a task is done from its page), and
an investigator disagrees with the completed review of their file, which the
quality lead answers."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import Page

from sentinelle.cases.models import Activity, ActivityKind, CaseStatus, Document, DocumentKind
from sentinelle.quality import review
from sentinelle.quality.models import (
    ChecklistItem,
    FeedbackResponse,
    ReviewFeedback,
    Selection,
    SelectionStatus,
)
from sentinelle.quality.review import Response
from sentinelle.quality.tests.factories import close_a_file, regional_team, sample_everything
from sentinelle.test import create_case, create_staff

from .conftest import NewPage, assert_accessible, sign_in, submit
from .test_accessibility import OFFICIAL_LANGUAGES, open_page

pytestmark = pytest.mark.browser

DAY = datetime.timedelta(days=1)


@pytest.mark.parametrize("language", OFFICIAL_LANGUAGES)
def test_an_investigator_works_their_my_tasks_list(page: Page, language: str) -> None:
    today = timezone.localdate()
    investigator = create_staff("investigator", region_code="QC", full_name="Inès Gagnon")
    case = create_case("QC", assigned_to=investigator, status=CaseStatus.IN_INSPECTION)
    request = Activity.objects.create(case=case, kind=ActivityKind.DOCUMENT_REQUEST, occurred_at=timezone.now(),
                                      author=investigator, due_on=today - 4 * DAY, notes="Payroll records for 2025")
    task = Activity.objects.create(case=case, kind=ActivityKind.TASK, occurred_at=timezone.now(),
                                   author=investigator, owner=investigator, due_on=today,
                                   notes="Prepare the housing inspection")

    sign_in(page, investigator, language=language)
    open_page(page, f"/{language}/staff/tasks/")
    rows = page.locator("table.data tbody tr")
    assert rows.count() == 2
    assert rows.nth(0).get_attribute("id") == f"activity-{request.pk}"  # overdue first
    assert_accessible(page)

    # The overdue request suggests a reminder letter, made and filed on the request.
    reminder = "Envoyer une lettre de rappel" if language == "fr" else "Send a reminder letter"
    page.get_by_role("link", name=reminder).click()
    page.wait_for_load_state("load")
    assert_accessible(page)
    page.fill('input[name="due_on"]', (today + 10 * DAY).isoformat())
    submit(page, "kind")
    assert Document.objects.filter(case=case, kind=DocumentKind.LETTER, activity=request).count() == 1

    # Back on the list, the next step is now the guidance for a non-response.
    open_page(page, f"/{language}/staff/tasks/")
    guidance = "Suivre les directives en cas d’absence de réponse" if language == "fr" \
        else "Follow the guidance for a non-response"
    page.get_by_role("link", name=guidance).click()
    page.wait_for_load_state("load")
    assert page.locator("#next-step").is_visible()
    assert_accessible(page)

    # The task due today is done from its page, and leaves the list.
    open_page(page, f"/{language}/staff/tasks/")
    page.locator(f"#activity-{task.pk} a").first.click()
    page.wait_for_load_state("load")
    page.check('input[name="done"]')
    submit(page, "done")
    task.refresh_from_db()
    assert task.done_at is not None
    open_page(page, f"/{language}/staff/tasks/")
    assert page.locator(f"#activity-{task.pk}").count() == 0
    assert_accessible(page)


@pytest.mark.parametrize("language", OFFICIAL_LANGUAGES)
def test_an_investigator_disagrees_with_a_review_and_the_quality_lead_answers(page: Page, new_page: NewPage,
                                                                               language: str) -> None:
    analyst = create_staff("national_analyst", region_code="HQ", full_name="Nadia Analyst")
    reviewer = create_staff("qc_reviewer", region_code="ON", full_name="Olivier Reviewer")
    quebec = regional_team("QC")
    sample_everything(analyst)
    case = close_a_file(quebec)
    selection = Selection.objects.get(case=case)
    minor = ChecklistItem.objects.filter(active=True, substantial=False).order_by("pk").first()
    answers = {item.pk: Response("met") for item in review.checklist()}
    answers[minor.pk] = Response("error", "The interviews are not dated.")
    review.submit_review(selection, answers, actor=reviewer, note="A careful file overall.")
    assert Selection.objects.get(pk=selection.pk).status == SelectionStatus.DONE

    # The investigator reads the review on the case page and disagrees; an empty reason is explained.
    sign_in(page, quebec["investigator"], language=language)
    open_page(page, f"/{language}/staff/cases/{case.reference}/")
    assert page.locator("#quality-review").is_visible()
    assert page.get_by_text("The interviews are not dated.").is_visible()
    assert_accessible(page)
    submit(page, "reason")
    assert page.get_by_role("alert").first.is_visible()
    assert_accessible(page)
    page.fill('textarea[name="reason"]', "The dates are in the notes of each interview.")
    submit(page, "reason")
    assert ReviewFeedback.objects.get(selection=selection).response == FeedbackResponse.DISAGREED
    assert_accessible(page)

    # The quality lead finds it among the disagreements and answers it.
    lead_page = new_page()
    sign_in(lead_page, analyst, language=language)
    open_page(lead_page, f"/{language}/staff/quality/disagreements/")
    assert_accessible(lead_page)
    lead_page.locator(f'a[href="/{language}/staff/quality/reviews/{selection.pk}/feedback/"]').click()
    lead_page.wait_for_load_state("load")
    assert lead_page.get_by_text("The dates are in the notes of each interview.").is_visible()
    assert_accessible(lead_page)
    lead_page.fill('textarea[name="answer"]', "Agreed that they are on file; the summary should repeat them.")
    submit(lead_page, "answer")
    assert ReviewFeedback.objects.get(selection=selection).answered_by == analyst
    assert_accessible(lead_page)

    # The investigator reads the answer on the case page.
    open_page(page, f"/{language}/staff/cases/{case.reference}/")
    assert page.get_by_text("Agreed that they are on file; the summary should repeat them.").is_visible()
    assert_accessible(page)
