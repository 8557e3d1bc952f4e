"""A worker's report through the real pages, step by step, without JavaScript."""

from __future__ import annotations

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from sentinelle.intake import receipts
from sentinelle.intake.models import Attachment, Escalation, Report, SurveyResponse
from sentinelle.intake.tests.test_public_helpers import (
    JPEG,
    answers,
    current_step,
    file_report,
    hidden_fields,
    png_bytes,
    receipt_code_of,
    says,
    says_plural,
    send_data,
    walk_to_review,
)

pytestmark = pytest.mark.django_db
URL = "/en/report/"
NOT_A_DOCUMENT = "“%(name)s” is not a photo, a PDF or an office document. Send a photo, a PDF or a document."
URGENT = ("You told us that someone is in danger or that there is a health or safety risk now. "
          "We act on your report within 24 hours.")


@pytest.fixture(autouse=True)
def _files_in_a_temporary_folder(tmp_path, settings):
    settings.STORAGES = {**settings.STORAGES, "default": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": str(tmp_path), "base_url": None}}}


def test_the_steps_file_one_report_with_every_answer():
    client = Client()
    response = file_report(client, language="es", files=[SimpleUploadedFile("nómina.png", png_bytes())])

    report = Report.objects.get()
    code = receipt_code_of(response)
    assert re.fullmatch(r"\d{5} \d{5} \d{5} \d{5}", code)
    assert receipts.check_receipt_code(code) == report
    assert (report.anonymous, report.contact_name, report.contact_phone) == (True, "", "")
    assert report.employer_name == "Serres Lachance inc."
    assert report.employer_address == "123, rang Saint-Paul"
    assert (report.employer_city, report.employer_province, report.employer_phone) == ("Saint-Rémi", "QC", "450-555-0199")
    assert report.workplace == "Serre numéro 4"
    assert report.sector is not None and report.sector.naics_code == "1114"
    assert report.description.startswith("Le patron garde nos passeports.")
    assert (report.since, report.workers_affected) == ("months", "6-20")
    assert (report.danger_now, report.hazard_now) == ("no", "unsure")
    assert sorted(report.allegations.values_list("category", flat=True)) == ["documents", "wages"]
    assert (report.language, report.channel, report.region.code) == ("es", "web", "QC")
    attachment = Attachment.objects.get(report=report)
    assert (attachment.original_name, attachment.content_type) == ("nómina.png", "image/png")
    assert not Escalation.objects.exists()


def test_the_confirmation_is_the_answer_to_the_post_not_a_redirect():
    response = file_report(Client())
    code = receipt_code_of(response)
    html = response.content.decode()
    assert response.status_code == 200 and not response.has_header("Location")
    assert says("Write this code down or take a photo of it now.") in html
    assert says("It is the only way to follow your report. We do not keep it. If you lose it, nobody can find it again for you.") in html
    assert 'href="/en/follow-up/"' in html
    assert "1-866-602-9448" in html
    assert 'action="/en/report/survey/"' in html
    # Said digit by digit for screen readers.
    assert ", ".join(" ".join(group) for group in code.split()) in html
    assert "no-store" in response["Cache-Control"]


def test_a_named_report_keeps_the_contact_the_worker_gave():
    given = answers(anonymous="no", contact_name="Juan Pérez", contact_method="whatsapp",
                    contact_phone="+52 55 5555 0100", contact_safe_times="Sunday")
    file_report(Client(), given=given)
    report = Report.objects.get()
    assert not report.anonymous
    assert (report.contact_name, report.contact_method, report.contact_phone, report.contact_safe_times) == (
        "Juan Pérez", "whatsapp", "+52 55 5555 0100", "Sunday")


def test_contact_details_typed_before_choosing_to_stay_anonymous_are_dropped():
    given = answers(anonymous="yes", contact_name="Juan Pérez", contact_phone="514-555-0100")
    review = walk_to_review(Client(), given=given)
    assert "Juan" not in review.content.decode()
    assert "contact_name" not in hidden_fields(review)
    report = Report.objects.none()
    Client().post(URL, send_data(review))
    report = Report.objects.get()
    assert report.anonymous and report.contact_name == "" and report.contact_phone == ""


def test_choosing_to_be_contacted_asks_for_a_name_and_a_way_to_reach_you():
    client = Client()
    first = client.get(URL)
    response = client.post(URL, {**hidden_fields(first), "anonymous": "no", "contact_method": "email",
                                 "contact_email": "not an address", "next": "1"})
    html = response.content.decode()
    assert current_step(response) == "about-you"
    assert 'role="alert"' in html
    assert 'href="#id_contact_name"' in html and 'href="#id_contact_email"' in html
    assert re.search(r'name="contact_name"[^>]*aria-invalid="true"', html)
    assert re.search(r'aria-describedby="id_contact_email_error"', html)
    assert says("Write your name, or choose to stay anonymous.") in html
    assert 'value="not an address"' in html  # what was typed stays


def test_each_step_checks_its_answers_before_going_on():
    client = Client()
    response = walk_to_review(client)  # the way there works
    first = client.get(URL)
    response = client.post(URL, {**hidden_fields(first), "anonymous": "yes", "next": "1"})
    assert current_step(response) == "employer"
    response = client.post(URL, {**hidden_fields(response), "next": "1"})
    assert current_step(response) == "employer"
    assert says("Write the name of the employer. If you do not know it, write the name of the boss or of the place.") in response.content.decode()
    assert response.content.decode().count('role="alert"') == 1


def test_the_urgency_questions_need_an_answer_and_a_yes_says_911_and_24_hours():
    given = answers(danger_now="yes")
    client = Client()
    response = client.get(URL)
    for slug in ("about-you", "employer", "what-happened"):
        response = client.post(URL, {**hidden_fields(response), **given[slug], "next": "1"})
    assert says("If someone’s life is in danger now, call 911 first.") in response.content.decode()
    unanswered = client.post(URL, {**hidden_fields(response), "next": "1"})
    assert current_step(unanswered) == "urgency"
    assert unanswered.content.decode().count(says("Answer this question: choose Yes, No or I don't know.")) >= 2
    review = client.post(URL, {**hidden_fields(response), **given["urgency"], "next": "1"})
    assert says("If someone’s life is in danger, call 911 now.") in review.content.decode()
    assert URGENT in review.content.decode()
    confirmation = client.post(URL, send_data(review))
    assert URGENT in confirmation.content.decode()
    assert Escalation.objects.get().report == Report.objects.get()


@pytest.mark.parametrize(
    ("field", "value", "step"),
    [
        ("employer_province", "XX", "employer"),
        ("sector", "999999", "employer"),
        ("allegations", ["wages", "bribery"], "what-happened"),
        ("danger_now", "maybe", "urgency"),
        ("anonymous", "perhaps", "about-you"),
        ("description", "x" * 10001, "what-happened"),
    ],
)
def test_a_changed_hidden_field_is_caught_when_sending(field, value, step):
    review = walk_to_review(Client())
    data = send_data(review)
    data[field] = value
    response = Client().post(URL, data)
    assert response.status_code == 200
    assert current_step(response) == step
    assert 'role="alert"' in response.content.decode()
    assert not Report.objects.exists()


def test_a_skipped_step_is_caught():
    review = walk_to_review(Client())
    data = send_data(review)
    del data["employer_name"]
    response = Client().post(URL, data)
    assert current_step(response) == "employer"
    assert not Report.objects.exists()


def test_a_double_submit_or_a_retry_files_one_report_and_shows_the_same_code():
    review = walk_to_review(Client())
    data = send_data(review)
    first = Client().post(URL, data)
    # The retry comes from another connection, as after a dropped network.
    again = Client().post(URL, data)
    assert first.status_code == again.status_code == 200
    assert Report.objects.count() == 1
    code = receipt_code_of(first)
    assert receipt_code_of(again) == code
    assert "code" not in data  # the code never travels in the form
    assert receipts.check_receipt_code(code) == Report.objects.get()


@pytest.mark.parametrize("chosen", ["an existing report's", "a new"])
def test_no_code_sent_by_the_client_chooses_the_receipt_code_or_tells_whether_it_exists(chosen):
    """The server alone decides a code: a code sent with the form, the code of an
    existing report included, is ignored, and the answer is the same either way."""
    existing = receipt_code_of(file_report(Client()))
    sent = existing if chosen == "an existing report's" else receipts.new_receipt_code()
    data = send_data(walk_to_review(Client()))
    response = Client().post(URL, {**data, "code": sent})
    assert response.status_code == 200
    code = receipt_code_of(response)
    assert code.replace(" ", "") != sent.replace("-", "")
    assert Report.objects.count() == 2
    assert receipts.check_receipt_code(existing) != receipts.check_receipt_code(code)


def test_a_key_or_code_not_made_by_the_site_is_replaced():
    review = walk_to_review(Client())
    data = send_data(review)
    data.update(key="not-a-key")
    response = Client().post(URL, data)
    code = receipt_code_of(response)
    report = Report.objects.get()
    assert receipts.check_receipt_code(code) == report
    assert report.idempotency_key != "not-a-key"


def test_the_form_nonce_is_made_once_when_the_report_starts_and_no_code_is_in_the_form():
    client = Client()
    first = client.get(URL)
    start = hidden_fields(first)
    assert re.fullmatch(r"[0-9a-f]{32}", start["key"])
    assert "code" not in start
    review = walk_to_review(client)
    assert hidden_fields(client.get(URL))["key"] != start["key"]  # a new report, a new key
    carried = hidden_fields(review)
    assert re.fullmatch(r"[0-9a-f]{32}", carried["key"])


def test_a_file_with_a_lying_extension_is_refused_and_every_answer_is_kept():
    review = walk_to_review(Client())
    data = send_data(review, [SimpleUploadedFile("photo.jpg", b"just some text, not a photo"),
                              SimpleUploadedFile("good.png", png_bytes())])
    response = Client().post(URL, data)
    html = response.content.decode()
    assert current_step(response) == "review"
    assert says(NOT_A_DOCUMENT, name="photo.jpg") in html
    assert "good.png" not in html  # only the bad file is named
    assert says("Your answers are kept. Only choose your files again, then send.") in html
    assert re.search(r'name="attachments"[^>]*aria-invalid="true"', html)
    assert hidden_fields(response) == hidden_fields(review)
    assert "Serres Lachance inc." in html and "Le patron garde nos passeports." in html
    assert not Report.objects.exists()

    # Choosing the files again and sending works, with the answers kept.
    response = Client().post(URL, send_data(response, [SimpleUploadedFile("good.png", png_bytes())]))
    assert receipt_code_of(response)
    assert Report.objects.get().attachments.count() == 1


def test_files_above_the_size_limit_are_refused(settings):
    settings.ATTACHMENT_MAX_BYTES = 1024 * 1024
    review = walk_to_review(Client())
    big = SimpleUploadedFile("big.jpg", JPEG + b"\x00" * (1024 * 1024))
    response = Client().post(URL, send_data(review, [big]))
    assert says("“%(name)s” is too big. Each file can be at most %(limit)s MB.", name="big.jpg", limit=1) in response.content.decode()
    assert not Report.objects.exists()


def test_the_size_limit_and_the_number_of_files_are_shown_and_enforced(settings):
    settings.ATTACHMENTS_PER_REPORT = 2
    review = walk_to_review(Client())
    html = review.content.decode()
    assert says_plural("You can add up to %(count)d file.", "You can add up to %(count)d files.", 2, count=2) in html
    assert says_plural("Each file can be at most %(size)d MB.", "Each file can be at most %(size)d MB.", 10, size=10) in html
    files = [SimpleUploadedFile(f"p{n}.png", png_bytes()) for n in range(3)]
    response = Client().post(URL, send_data(review, files))
    assert says_plural("You chose %(chosen)d files. You can send at most %(count)d file.", "You chose %(chosen)d files. You can send at most %(count)d files.", 2, chosen=3, count=2) in response.content.decode()
    assert not Report.objects.exists()


def test_the_check_page_shows_the_answers_and_each_step_can_be_changed():
    client = Client()
    review = walk_to_review(client)
    html = review.content.decode()
    for shown in ("Serres Lachance inc.", says("Quebec"), "Greenhouse, nursery and floriculture production",
                  says("Wages or unpaid hours"), says("Passport or permit taken"), says("1 to 6 months"),
                  says("6 to 20 people")):
        assert shown in html
    assert html.count('name="change"') == 4

    change = client.post(URL, {**hidden_fields(review), "change": "employer"})
    assert current_step(change) == "employer"
    assert 'value="Serres Lachance inc."' in change.content.decode()
    assert 'name="returning" value="1"' in change.content.decode()
    fields = hidden_fields(change)
    assert "employer_name" not in fields  # shown in the page, not hidden
    back = client.post(URL, {**fields, **answers(employer_name="Ferme Dubé")["employer"], "next": "1"})
    assert current_step(back) == "review"
    assert "Ferme Dubé" in back.content.decode()


def test_back_keeps_what_was_typed_on_the_page():
    client = Client()
    response = client.get(URL)
    response = client.post(URL, {**hidden_fields(response), "anonymous": "yes", "next": "1"})
    back = client.post(URL, {**hidden_fields(response), "employer_name": "Ferme X", "goto": "about-you"})
    assert current_step(back) == "about-you"
    assert hidden_fields(back)["employer_name"] == "Ferme X"


def test_report_pages_set_no_lasting_cookie_and_have_no_inline_script_or_style():
    client = Client()
    pages = [client.get(URL), walk_to_review(client)]
    pages.append(client.post(URL, send_data(pages[-1])))
    for response in pages:
        html = response.content.decode()
        assert "<script" not in html and "<style" not in html and " style=" not in html
        assert not re.search(r'(src|href|action)="(https?:)?//', html)
        for cookie in response.cookies.values():
            assert cookie.key == "csrftoken"
            assert cookie["max-age"] == "" and cookie["expires"] == ""
    assert "sessionid" not in client.cookies


def test_the_survey_records_one_answer_not_linked_to_the_report():
    client = Client()
    file_report(client, language="tl")
    response = client.post("/tl/report/survey/", {"rating": "4"})
    assert response.status_code == 302 and response["Location"] == "/tl/report/survey/thanks/"
    answer = SurveyResponse.objects.get()
    assert (answer.rating, answer.language, answer.channel) == (4, "tl", "web")
    assert {f.name for f in SurveyResponse._meta.get_fields()} == {"id", "rating", "language", "channel", "answered_on"}
    assert client.get("/tl/report/survey/thanks/").status_code == 200


def test_a_survey_without_an_answer_says_so():
    response = Client().post("/en/report/survey/", {"rating": "9"})
    assert response.status_code == 200
    assert 'role="alert"' in response.content.decode()
    assert not SurveyResponse.objects.exists()


def test_the_home_page_leads_to_the_report_and_to_the_follow_up():
    html = Client().get("/es/").content.decode()
    assert 'href="/es/report/"' in html
    assert 'href="/es/follow-up/"' in html


def _queries_of_a_send(client: Client) -> int:
    review = walk_to_review(client)
    with CaptureQueriesContext(connection) as queries:
        response = client.post(URL, send_data(review))
    receipt_code_of(response)
    return len(queries.captured_queries)


def test_sending_a_report_runs_the_same_queries_however_many_reports_the_employer_has():
    client = Client()
    _queries_of_a_send(client)  # the client's bucket, made on its first report
    few = _queries_of_a_send(client)
    for _ in range(10):
        file_report(client)
    many = _queries_of_a_send(client)
    assert many == few, f"{few} queries with 2 earlier reports of the employer, {many} with 12"
    scores = set(Report.objects.values_list("risk_score", flat=True))
    assert len(Report.objects.all()) == 13 and 0 not in scores
