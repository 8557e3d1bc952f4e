"""The quality loop on the case: the investigator and their team lead read the
review of the file on the case page once it is complete, never before; the
investigator acknowledges it or disagrees with a reason; the quality lead answers
a disagreement; the rates page counts the responses by region and error type;
the training page lists the courses that an investigator's recent errors point to."""

from __future__ import annotations

import html

import pytest
from django.test import Client

from sentinelle.accounts.models import Notification
from sentinelle.audit.models import AuditEvent
from sentinelle.cases import workflow
from sentinelle.quality import review
from sentinelle.quality.models import (
    Answer,
    ChecklistItem,
    FeedbackResponse,
    ReviewFeedback,
    Selection,
    SelectionStatus,
)
from sentinelle.quality.review import Response
from sentinelle.test import create_staff, sign_in

from .factories import close_a_file, regional_team, sample_everything

pytestmark = pytest.mark.django_db

SECTION = 'id="quality-review"'


@pytest.fixture
def people():
    analyst = create_staff("national_analyst", region_code="HQ", full_name="Nadia Analyst")
    quebec = regional_team("QC")
    return {
        "analyst": analyst, **quebec,
        "reviewer": create_staff("qc_reviewer", region_code="ON", full_name="Ontario Reviewer"),
        "colleague": create_staff("investigator", region_code="QC", full_name="Another Investigator"),
        "ontario_lead": create_staff("team_lead", region_code="ON", full_name="Lead ON"),
    }


def client_for(user) -> Client:
    client = Client()
    sign_in(client, user)
    return client


def text(response) -> str:
    return html.unescape(response.content.decode())


def answers(errors: dict[ChecklistItem, str]) -> dict[int, Response]:
    responses = {item.pk: Response(Answer.MET) for item in ChecklistItem.objects.filter(active=True)}
    for item, comment in errors.items():
        responses[item.pk] = Response(Answer.ERROR, comment)
    return responses


def minor_item() -> ChecklistItem:
    return ChecklistItem.objects.filter(active=True, substantial=False).exclude(course_code="").order_by("pk")[0]


def substantial_item() -> ChecklistItem:
    return ChecklistItem.objects.filter(active=True, substantial=True).exclude(course_code="").order_by("pk")[0]


def reviewed_file(people, errors: dict[ChecklistItem, str] | None = None, note: str = "") -> Selection:
    sample_everything(people["analyst"])
    case = close_a_file({"lead": people["lead"], "investigator": people["investigator"]})
    selection = Selection.objects.get(case=case)
    selection.reviewer = people["reviewer"]
    selection.status = SelectionStatus.TO_REVIEW
    selection.save(update_fields=["reviewer", "status"])
    review.submit_review(selection, answers(errors or {}), actor=people["reviewer"], note=note)
    return Selection.objects.select_related("case").get(pk=selection.pk)


def case_page(user, selection: Selection, language: str = "en") -> str:
    response = client_for(user).get(f"/{language}/staff/cases/{selection.case.reference}/")
    assert response.status_code == 200
    return text(response)


def test_the_investigator_and_their_lead_read_the_completed_review_on_the_case_page(people):
    minor = minor_item()
    selection = reviewed_file(people, {minor: "The summary does not date the interviews."},
                              note="A careful file overall.")
    assert selection.status == SelectionStatus.DONE

    for reader in ("investigator", "lead"):
        page = case_page(people[reader], selection)
        assert SECTION in page
        assert minor.text_en in page and "The summary does not date the interviews." in page
        assert "A careful file overall." in page and "No substantial error." in page
        assert "Ontario Reviewer" in page
    # The acknowledge and disagree forms are the investigator's alone.
    assert "Acknowledge the review" in case_page(people["investigator"], selection)
    assert "Acknowledge the review" not in case_page(people["lead"], selection)
    # Another investigator of the region, a lead of another region: no review.
    assert SECTION not in case_page(people["colleague"], selection)
    for outsider in ("colleague", "ontario_lead"):
        assert client_for(people[outsider]).get(f"/en/staff/quality/reviews/{selection.pk}/feedback/").status_code \
            == 404
    page = case_page(people["investigator"], selection, language="fr")
    assert SECTION in page and "Révision du contrôle de la qualité" in page and minor.text_fr in page


def test_the_investigator_sees_the_review_only_once_it_is_complete(people):
    wrong = substantial_item()
    sample_everything(people["analyst"])
    case = close_a_file({"lead": people["lead"], "investigator": people["investigator"]})
    selection = Selection.objects.get(case=case)
    url = f"/en/staff/quality/reviews/{selection.pk}/feedback/"
    investigator = client_for(people["investigator"])

    def visible() -> bool:
        page = text(investigator.get(f"/en/staff/cases/{case.reference}/"))
        feedback = investigator.get(url).status_code
        assert (SECTION in page) == (feedback == 200)
        return SECTION in page

    assert not visible()  # drawn, waiting for a reviewer
    selection.reviewer, selection.status = people["reviewer"], SelectionStatus.TO_REVIEW
    selection.save(update_fields=["reviewer", "status"])
    assert not visible()  # to review
    review.submit_review(selection, answers({wrong: "The employer was never interviewed."}),
                         actor=people["reviewer"])
    assert not visible()  # returned for correction: the review is not over
    assert investigator.post(url, {"action": "acknowledge"}).status_code == 404
    workflow.move(Selection.objects.get(pk=selection.pk).case, "correct", actor=people["investigator"],
                  note="Employer interviewed.")
    assert not visible()  # corrected, to re-check
    review.recheck(Selection.objects.get(pk=selection.pk), actor=people["reviewer"], confirm=True,
                   note="The interview is now on file.")
    assert visible()  # complete
    assert Notification.objects.filter(user=people["investigator"], kind="qc_review_complete").count() == 1
    page = text(investigator.get(url))
    assert "1 substantial error" in page and "The employer was never interviewed." in page
    assert "The interview is now on file." in page
    assert not ReviewFeedback.objects.exists()


def test_the_investigator_acknowledges_the_review_once(people):
    selection = reviewed_file(people)
    url = f"/en/staff/quality/reviews/{selection.pk}/feedback/"
    # The team lead may read it but not respond for the investigator.
    assert client_for(people["lead"]).post(url, {"action": "acknowledge"}).status_code == 403
    investigator = client_for(people["investigator"])
    response = investigator.post(url, {"action": "acknowledge"})
    assert response.status_code == 302 and response["Location"].endswith(f"/cases/{selection.case.reference}/")
    feedback = ReviewFeedback.objects.get(selection=selection)
    assert feedback.response == FeedbackResponse.ACKNOWLEDGED and feedback.given_by == people["investigator"]
    assert AuditEvent.objects.filter(detail__step="qc_acknowledged").count() == 1
    again = investigator.post(url, {"action": "disagree", "reason": "Second thoughts."})
    assert again.status_code == 400 and "already has your response" in text(again)
    assert ReviewFeedback.objects.get(selection=selection).response == FeedbackResponse.ACKNOWLEDGED
    assert "Acknowledged by Investigator QC" in case_page(people["lead"], selection)


def test_a_disagreement_goes_to_the_quality_lead_who_answers_it(people):
    minor = minor_item()
    selection = reviewed_file(people, {minor: "Interviews not dated."})
    url = f"/en/staff/quality/reviews/{selection.pk}/feedback/"
    investigator = client_for(people["investigator"])

    empty = investigator.post(url, {"action": "disagree", "reason": "   "})
    assert empty.status_code == 400 and "This field is required." in text(empty)
    assert not ReviewFeedback.objects.exists()
    assert investigator.post(url, {"action": "disagree", "reason": "The dates are in the notes of 3 May."}) \
        .status_code == 302
    feedback = ReviewFeedback.objects.get(selection=selection)
    assert feedback.response == FeedbackResponse.DISAGREED and feedback.awaits_answer
    assert Notification.objects.filter(user=people["analyst"], kind="qc_disagreement").count() == 1

    analyst = client_for(people["analyst"])
    waiting = text(analyst.get("/en/staff/quality/disagreements/"))
    assert selection.case.reference in waiting and "The dates are in the notes of 3 May." in waiting
    # Neither the investigator nor their lead answers a disagreement.
    for who in ("investigator", "lead"):
        assert client_for(people[who]).post(url, {"action": "answer", "answer": "No."}).status_code == 403
        assert client_for(people[who]).get("/en/staff/quality/disagreements/").status_code == 403

    stale = feedback.version
    assert analyst.post(url, {"action": "answer", "answer": "   ", "version": stale}).status_code == 400
    response = analyst.post(url, {"action": "answer", "answer": "Agreed: the review is corrected in the rates.",
                                  "version": stale})
    assert response.status_code == 302
    feedback.refresh_from_db()
    assert feedback.answered_by == people["analyst"] and "Agreed" in feedback.answer
    assert Notification.objects.filter(user=people["investigator"], kind="qc_disagreement_answered").count() == 1
    assert Notification.objects.filter(user=people["lead"], kind="qc_disagreement_answered").count() == 1
    assert AuditEvent.objects.filter(detail__step="qc_disagreement_answered").count() == 1
    page = case_page(people["investigator"], selection)
    assert "The dates are in the notes of 3 May." in page and "Agreed: the review is corrected" in page
    assert selection.case.reference not in text(analyst.get("/en/staff/quality/disagreements/"))
    # A second answer from a page opened before the first one was saved is refused.
    late = analyst.post(url, {"action": "answer", "answer": "Something else.", "version": stale})
    assert late.status_code == 400
    feedback.refresh_from_db()
    assert "Agreed" in feedback.answer


def test_the_rates_page_counts_the_responses_by_region_and_error_type(people):
    minor, wrong = minor_item(), substantial_item()
    acknowledged = reviewed_file(people, {minor: "Not dated."})
    disagreed = reviewed_file(people, {minor: "Not dated either."})
    reviewed_file(people)  # no response yet
    client_for(people["investigator"]).post(f"/en/staff/quality/reviews/{acknowledged.pk}/feedback/",
                                            {"action": "acknowledge"})
    client_for(people["investigator"]).post(f"/en/staff/quality/reviews/{disagreed.pk}/feedback/",
                                            {"action": "disagree", "reason": "Dated in the notes."})
    assert wrong.pk != minor.pk

    page = text(client_for(people["analyst"]).get("/en/staff/quality/rates/"))
    by_region = page.split('id="feedback-by-region"', 1)[1].split("</table>", 1)[0]
    assert "<th scope=\"row\">Quebec</th><td>3</td><td>1</td><td>1</td><td>0</td><td>1</td>" in by_region
    by_error = page.split('id="feedback-by-error-type"', 1)[1].split("</table>", 1)[0]
    assert f"<th scope=\"row\">{html.escape(minor.text_en)}</th><td>2</td><td>1</td><td>1</td><td>0</td><td>0</td>" \
        in html.escape(by_error, quote=False).replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", '"') \
        or f"<th scope=\"row\">{minor.text_en}</th><td>2</td><td>1</td><td>1</td><td>0</td><td>0</td>" in by_error
    # A lead of another region sees their own region only: none of these.
    lead_page = text(client_for(people["ontario_lead"]).get("/en/staff/quality/rates/"))
    assert "No review was completed in this period." in lead_page


def test_the_training_page_lists_the_courses_each_investigators_recent_errors_point_to(people):
    from sentinelle.training.models import Completion, Course

    minor, wrong = minor_item(), substantial_item()
    reviewed_file(people, {minor: "Not dated."})
    reviewed_file(people, {minor: "Not dated either."})
    clean = reviewed_file(people)  # no error: points to nothing
    assert clean.substantial_error is False
    course = Course.objects.get(code=minor.course_code)
    Completion.objects.create(user=people["investigator"], course=course, completed_on=clean.reviewed_at.date())

    url = "/en/staff/training/from-quality-reviews/"
    page = text(client_for(people["lead"]).get(url))
    table = page.split('id="courses-from-reviews"', 1)[1].split("</table>", 1)[0]
    assert "Investigator QC" in table and course.name_en in table
    assert f"<td>{course.name_en}</td>" not in table  # a link to the course
    assert f'href="/en/staff/training/courses/{course.code}/"' in table
    assert "<td>2</td>" in table and "(since the error)" in table
    if wrong.course_code != minor.course_code:
        assert Course.objects.get(code=wrong.course_code).name_en not in table
    assert "No recent review found an error" in text(client_for(people["ontario_lead"]).get(url))
    assert "Investigator QC" in text(client_for(people["analyst"]).get(url))
    assert client_for(people["investigator"]).get(url).status_code == 403
