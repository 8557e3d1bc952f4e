"""Fuzzing the worker's pages through the test client: each step of the report,
the check-and-send page, the follow-up page and the reply, posted with arbitrary
text, unicode, very long strings, null bytes and made-up choices. Never a 500
page, and what was typed is never lost: the page that answers holds it."""

from __future__ import annotations

import html
from typing import Any

import pytest
from django import forms
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from hypothesis import given
from hypothesis import strategies as st

from sentinelle.intake.forms_public import AboutYouForm
from sentinelle.intake.models import Message
from sentinelle.intake.tests.test_public_helpers import answers, file_report, receipt_code_of, walk_to_review
from sentinelle.intake.views_public import STEPS
from tests.fuzz.conftest import fuzz

pytestmark = pytest.mark.django_db

NASTY = st.sampled_from([
    "\x00", "a\x00b", "<script>alert(1)</script>", "{{ flow.code }}", "%(name)s", "' OR 1=1 --", "\u202e\u2066x",
    "\ufeff", "١٢٣٤٥", "🇨🇦" * 20, "\r\n" * 10, "x" * 10_001, "é" * 5000, " ", "&amp;", "\\", "\x7f\x1b[31m",
])
TEXT = st.one_of(st.text(max_size=120), NASTY,
                 st.builds(lambda piece, times: piece * times, st.text(min_size=1, max_size=8), st.integers(1, 3000)))
CHOICE = st.one_of(st.sampled_from(["yes", "no", "unsure", "email", "phone", "QC", "wages", "", "0", "-1",
                                    "99999999999999999999", "1e9"]), TEXT)
LANGUAGES = st.sampled_from(["en", "fr", "es", "tl"])


def _shown(value: str, page: str) -> bool:
    """The value is in the page as the browser would get it back (escaped)."""
    return html.escape(value) in page


def _field_values(step: Any) -> st.SearchStrategy[dict[str, Any]]:
    fields: dict[str, st.SearchStrategy[Any]] = {}
    for name, field in step.form_class.base_fields.items():
        if isinstance(field, forms.MultipleChoiceField):
            fields[name] = st.lists(CHOICE, max_size=4)
        elif isinstance(field, forms.ChoiceField | forms.ModelChoiceField):
            fields[name] = CHOICE
        else:
            fields[name] = TEXT
    return st.fixed_dictionaries({}, optional=fields)


@fuzz(100)
@given(data=st.data(), language=LANGUAGES)
def test_each_step_answers_any_input_and_keeps_what_was_typed(examples, data, language):
    examples()
    step = data.draw(st.sampled_from(STEPS))
    typed = data.draw(_field_values(step))
    flow = data.draw(st.sampled_from([{}, {"key": "0" * 32, "code": "12345-67890-12345-67890"},
                                      {"key": "<x>", "code": "١٢٣٤٥٦٧٨٩٠١٢٣٤٥٦٧٨٩٠"}]))
    extra = data.draw(st.sampled_from([{}, {"returning": "1"}, {"goto": "nowhere"}]))
    response = Client().post(f"/{language}/report/", {**flow, **extra, "step": step.slug, **typed})
    assert response.status_code == 200, response.content[:3000]
    page = response.content.decode()
    anonymous = typed.get("anonymous") != "no"
    for name, value in typed.items():
        if not isinstance(value, str) or isinstance(step.form_class.base_fields[name], forms.ChoiceField):
            continue
        if name in AboutYouForm.CONTACT_FIELDS and anonymous and f'name="step" value="{step.slug}"' not in page:
            continue  # contact details are dropped on purpose once the worker stays anonymous
        assert _shown(value, page), (name, value[:200])


@fuzz(40)
@given(data=st.data())
def test_the_send_page_answers_any_change_to_the_carried_answers(examples, data):
    """The answers travel as hidden fields: any of them changed on the way is
    caught and shown again, never a 500."""
    examples()
    given_answers = answers()
    carried: dict[str, Any] = {"key": "ab" * 16, "code": "11111-22222-33333-44444", "send": "1"}
    for step in given_answers.values():
        carried.update(step)
    for name in data.draw(st.lists(st.sampled_from(sorted(carried)), max_size=4, unique=True)):
        carried[name] = data.draw(st.one_of(TEXT, st.lists(TEXT, max_size=3)))
    response = Client().post("/en/report/", carried)
    assert response.status_code in (200, 400), response.content[:3000]


@pytest.fixture(autouse=True)
def _no_bucket_runs_dry(settings) -> None:
    """The fuzz tests post far more than a worker would from one address."""
    settings.FOLLOW_UP_TRIES_BURST = 1_000_000
    settings.REPORTS_PER_HOUR = 1_000_000


@pytest.fixture
def code() -> str:
    return receipt_code_of(file_report(Client()))


@fuzz(80)
@given(typed=st.one_of(TEXT, st.text(alphabet="0123456789 -", min_size=18, max_size=30)), language=LANGUAGES)
def test_the_follow_up_page_answers_any_code_and_shows_it_again(examples, code, typed, language):
    examples()
    response = Client().post(f"/{language}/follow-up/", {"code": typed})
    assert response.status_code == 200, response.content[:3000]
    page = response.content.decode()
    if len(typed) <= 60 and "\x00" not in typed:
        assert _shown(typed, page), typed


@fuzz(40)
@given(body=TEXT, with_code=st.sampled_from(["right", "wrong", "junk"]))
def test_a_reply_with_any_text_is_stored_as_typed_or_shown_again(examples, code, body, with_code):
    examples()
    sent = {"right": code, "wrong": "00000-00000-00000-00000", "junk": body}[with_code]
    before = Message.objects.count()
    response = Client().post("/en/follow-up/reply/", {"code": sent, "body": body})
    assert response.status_code == 200, response.content[:3000]
    page = response.content.decode()
    if Message.objects.count() == before + 1:
        assert with_code == "right"
        assert Message.objects.order_by("-pk").values_list("body", flat=True)[0] == body.strip()
    elif with_code == "right":
        assert _shown(body, page), body[:200]


def test_the_walk_through_still_works_after_fuzzing_shaped_input():
    """A sanity check of the helpers the fuzz tests rely on."""
    review = walk_to_review(Client(), given=answers(description="<b>x</b> \x7f"))
    assert review.status_code == 200


PUBLIC_FORMS = {
    # path: the names the form knows (the others are made up by the strategy)
    "/{language}/report/": ["key", "code", "step", "send", "returning", "change", "goto",
                            *{name for step in STEPS for name in step.field_names}],
    "/{language}/follow-up/": ["code"],
    "/{language}/follow-up/reply/": ["code", "body"],
    "/{language}/report/survey/": ["rating"],
}
FILE_FIELDS = ["attachments", "file", "code", "body"]


def _garbage_file(name: str, content: bytes, kind: str) -> SimpleUploadedFile:
    return SimpleUploadedFile(name or "x", content, content_type=kind or "application/octet-stream")


FILES = st.builds(
    _garbage_file,
    st.one_of(st.text(max_size=60), st.sampled_from(["a.pdf", "photo.jpg", "../../etc/passwd", "x.png\x00.exe",
                                                     "CON", "é" * 250, ".htaccess", "doc.docx"])),
    st.one_of(st.binary(max_size=2000), st.sampled_from([
        b"%PDF-1.4\n%%EOF", b"\x89PNG\r\n\x1a\n" + b"\x00" * 40, b"PK\x03\x04" + b"\x00" * 60,
        b"\xff\xd8\xff\xe0" + b"\x00" * 50, b"GIF89a", b"<svg onload=alert(1)>", b""])),
    st.one_of(st.text(max_size=40), st.sampled_from(["image/png", "application/pdf", "text/html"])),
)


@fuzz(120)
@given(data=st.data(), path=st.sampled_from(sorted(PUBLIC_FORMS)), language=LANGUAGES)
def test_no_public_form_answers_any_fields_extra_fields_or_files_with_a_server_error(examples, code, data, path,
                                                                                      language):
    """Every form a worker can post (the report at any step and when sent, the
    follow-up code, the reply, the survey), with arbitrary values in its own
    fields, fields it does not know, a receipt code of an existing report, and
    garbage files under any name: never a 5xx."""
    examples()
    names = st.one_of(st.sampled_from(PUBLIC_FORMS[path]), st.text(min_size=1, max_size=20))
    values = st.one_of(TEXT, st.lists(TEXT, max_size=3), st.just(code), st.just(code.replace("-", "")),
                       st.sampled_from(["1", "review", "about-you", "urgency", "yes", "no", "0" * 32]))
    posted: dict[str, Any] = data.draw(st.dictionaries(names, values, max_size=12))
    if path.endswith("report/") and data.draw(st.booleans()):
        # A whole report, sent, with some of it changed on the way.
        whole: dict[str, Any] = {"send": "1"}
        for step in answers().values():
            whole.update(step)
        whole.update(posted)
        posted = whole
    for field in data.draw(st.lists(st.sampled_from(FILE_FIELDS), max_size=2)):
        posted[field] = data.draw(st.lists(FILES, min_size=1, max_size=3))
    response = Client().post(path.format(language=language), posted)
    assert response.status_code < 500, (posted.keys(), response.content[:3000])
