"""Fuzzing the parsers a worker or an attacker feeds: receipt codes, social
insurance numbers and the other patterns of the personal-information finder,
dates typed in the staff forms, and uploaded files (arbitrary bytes, and real
files with bytes changed). None may raise anything but a ValidationError, and
none may accept what it should refuse."""

from __future__ import annotations

import io
import zipfile
from datetime import date

import pytest
from django import forms
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from hypothesis import given
from hypothesis import strategies as st

from sentinelle.intake import receipts
from sentinelle.intake.tests.test_public_helpers import png_bytes
from sentinelle.lib.uploads.clean import cleaned
from sentinelle.lib.uploads.detect import Kind
from sentinelle.test import tiny_jpeg
from tests.fuzz.conftest import fuzz

NASTY = st.sampled_from([
    "\x00", "\x00" * 30, "<script>alert(1)</script>", "{{ request }}", "{% debug %}", "%(name)s", "%s%s%n",
    "' OR 1=1 --", "\u202e\u2066", "\ufeff", "𝟏𝟐𝟑𝟒𝟓", "١٢٣٤٥٦٧٨٩٠", "Ω" * 500, "\r\n" * 50, "🇨🇦" * 30,
    "x" * 10_001, "0" * 60, "-" * 200,
])
TEXT = st.one_of(st.text(max_size=200), NASTY, st.text(alphabet="0123456789 -.‐–", max_size=50))


# Receipt codes --------------------------------------------------------------------------


@fuzz(600)
@given(TEXT)
def test_normalize_takes_any_text_and_is_idempotent(examples, text):
    examples()
    digits = receipts.normalize(text)
    if digits is None:
        return
    assert len(digits) == receipts.DIGITS and digits.isdigit()
    assert receipts.normalize(digits) == digits
    assert receipts.normalize(receipts.format_code(digits)) == digits


@pytest.fixture
def filed(db):
    """A report filed with a known receipt code."""
    from django.test import Client

    from sentinelle.intake.models import Report
    from sentinelle.intake.tests.test_public_helpers import file_report, receipt_code_of

    response = file_report(Client())
    return Report.objects.get(), receipt_code_of(response)


@fuzz(40)
@given(text=TEXT, position=st.integers(0, 19), replacement=st.sampled_from("0123456789"))
def test_lookup_never_fails_and_a_code_with_a_changed_digit_is_refused(examples, filed, text, position,
                                                                        replacement):
    examples()
    report, code = filed
    assert receipts.check_receipt_code(text) in (None, report)
    digits = receipts.normalize(code)
    assert digits is not None and receipts.check_receipt_code(code) == report
    changed = digits[:position] + replacement + digits[position + 1:]
    assert receipts.check_receipt_code(changed) == (report if changed == digits else None)


# Social insurance numbers and the other patterns of the personal-information finder ---


def _luhn_ok(digits: str) -> bool:
    total = 0
    for index, char in enumerate(reversed(digits)):
        value = int(char) * (2 if index % 2 else 1)
        total += value - 9 if value > 9 else value
    return total % 10 == 0


@st.composite
def valid_sins(draw: st.DrawFn) -> str:
    first = draw(st.sampled_from("12345679"))
    body = first + "".join(draw(st.lists(st.sampled_from("0123456789"), min_size=7, max_size=7)))
    check = next(d for d in "0123456789" if _luhn_ok(body + d))
    number = body + check
    separator = draw(st.sampled_from(["", " ", "-", "\u00a0"]))
    return separator.join([number[:3], number[3:6], number[6:]])


@fuzz(400)
@given(st.one_of(TEXT, valid_sins(), st.text(alphabet="0123456789 -", min_size=9, max_size=13)))
def test_the_sin_check_takes_any_text_and_accepts_only_luhn_valid_nine_digit_numbers(examples, text):
    from sentinelle.privacy.recognizers import _sin_valid

    examples()
    if _sin_valid(text):
        digits = "".join(ch for ch in text if ch in "0123456789")
        assert len(digits) == 9 and _luhn_ok(digits) and digits[0] not in "08"


@fuzz(200)
@given(valid_sins())
def test_a_valid_sin_is_accepted_in_every_spelling(examples, sin):
    from sentinelle.privacy.recognizers import _sin_valid

    examples()
    assert _sin_valid(sin)


@fuzz(150)
@given(st.one_of(TEXT, st.builds(lambda a, sin, b: f"{a} NAS {sin} {b}", TEXT, valid_sins(), TEXT)))
def test_every_pattern_of_the_personal_information_finder_takes_any_text(examples, text):
    from sentinelle.privacy import recognizers

    examples()
    for language in ("fr", "en"):
        for recognizer in recognizers.recognizers(language)[1:]:  # the first is spaCy's, not ours
            found = recognizer.analyze(text, recognizer.supported_entities, None)  # type: ignore[arg-type]
            for result in found:
                assert 0 <= result.start < result.end <= len(text)


# Dates typed in staff forms --------------------------------------------------------------


@st.composite
def typed_dates(draw: st.DrawFn) -> str:
    day = draw(st.dates(min_value=date(1, 1, 1), max_value=date(9999, 12, 31)))
    return draw(st.sampled_from([
        day.isoformat(), day.strftime("%d/%m/%Y"), day.strftime("%m/%d/%Y"), day.strftime("%Y-%m-%d %H:%M"),
        f"{day.year}-02-30", f"{day.year}-13-01", "0000-01-01", "10000-01-01", "9999-12-31T23:59:60",
        "99999999999999999999-01-01", f"{day.isoformat()}T25:00", "2026-11-24T10:00:00+99:00",
    ]))


def _date_forms() -> list[tuple[type[forms.Form], dict[str, object]]]:
    from sentinelle.audit.forms import AuditFilterForm
    from sentinelle.cases.views_documents import LetterForm
    from sentinelle.intake.forms_staff import ReferralReplyForm
    from sentinelle.intake.referral_register import ReferralFilterForm
    from sentinelle.privacy.forms import ExtensionForm, NoticeDateForm, RequestForm
    from sentinelle.training.forms import CompletionForm
    from sentinelle.watch.forms import AlertFilterForm

    return [(AuditFilterForm, {}), (AlertFilterForm, {}), (ReferralFilterForm, {}), (ReferralReplyForm, {}),
            (LetterForm, {}), (NoticeDateForm, {}), (ExtensionForm, {}), (RequestForm, {}),
            (CompletionForm, {"user": "administrator"})]


@fuzz(200)
@given(data=st.data())
@pytest.mark.django_db
def test_date_fields_of_staff_forms_take_any_text(examples, data):
    examples()
    form_class, kwargs = data.draw(st.sampled_from(_date_forms()))
    if kwargs.get("user"):
        from sentinelle.accounts.models import User
        from sentinelle.test import create_staff

        user = User.objects.filter(email="fuzz-admin@sentinelle.test").first()
        kwargs = {"user": user or create_staff("administrator", region_code="HQ", email="fuzz-admin@sentinelle.test")}
    form = form_class(**kwargs)
    fields = [name for name, f in form.fields.items() if isinstance(f, forms.DateField | forms.DateTimeField)]
    assert fields, form_class
    values = {name: data.draw(st.one_of(typed_dates(), TEXT)) for name in fields}
    bound = form_class(values, **kwargs)
    bound.is_valid()  # never raises
    for name in fields:
        if name not in bound.errors and values[name].strip():
            assert isinstance(bound.cleaned_data[name], date)


# Uploads --------------------------------------------------------------------------------


def _zip(parts: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in parts.items():
            archive.writestr(name, content)
    return buffer.getvalue()


PDF = (b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
       b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 200 200]>>endobj\n"
       b"trailer<</Root 1 0 R>>\n%%EOF\n")
DOCX = _zip({"[Content_Types].xml": b'<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>',
             "word/document.xml": b'<?xml version="1.0"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body/></w:document>',
             "docProps/core.xml": b'<?xml version="1.0"?><cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties"/>'})
ODT = _zip({"mimetype": b"application/vnd.oasis.opendocument.text",
            "content.xml": b'<?xml version="1.0"?><office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"/>'})


REAL_FILES = {"photo.png": png_bytes(), "photo.jpg": tiny_jpeg(16, 12), "letter.pdf": PDF, "pay.docx": DOCX, "pay.odt": ODT}

# What each kind starts with, written here again rather than taken from lib/uploads/detect.py.
SIGNATURES = {
    "image/jpeg": (b"\xff\xd8\xff",), "image/png": (b"\x89PNG\r\n\x1a\n",), "image/gif": (b"GIF87a", b"GIF89a"),
    "application/pdf": (b"%PDF-",),
}


def _looks_like(kind: Kind, data: bytes) -> bool:
    if kind.content_type in SIGNATURES:
        return data.startswith(SIGNATURES[kind.content_type])
    if kind.content_type == "image/webp":
        return data[:4] == b"RIFF" and data[8:12] == b"WEBP"
    if not data.startswith(b"PK\x03\x04"):
        return False
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        names = archive.namelist()
        if kind.extension in ("odt", "ods"):
            return archive.read("mimetype").strip() == kind.content_type.encode()
        prefix = {"docx": "word/", "xlsx": "xl/", "pptx": "ppt/"}[kind.extension]
        return "[Content_Types].xml" in names and any(name.startswith(prefix) for name in names)


def _check(data: bytes, name: str) -> None:
    """Refused with a message, or accepted as what the bytes are, cleaned into the same kind."""
    upload = SimpleUploadedFile(name, data)
    try:
        result = cleaned(upload)
    except ValidationError as error:
        assert error.messages and all(message.strip() for message in error.messages)
        return
    assert _looks_like(result.kind, data), (result.kind, data[:40])
    assert _looks_like(result.kind, result.content), (result.kind, result.content[:40])


@fuzz(300)
@given(data=st.one_of(st.binary(max_size=2000),
                      st.builds(bytes.__add__, st.sampled_from([b"\xff\xd8\xff", b"\x89PNG\r\n\x1a\n", b"GIF89a",
                                                                 b"%PDF-1.7\n", b"PK\x03\x04", b"RIFF\0\0\0\0WEBP",
                                                                 b"\0\0\0\x18ftypheic", b"<html>"]),
                                st.binary(max_size=2000))),
       name=st.sampled_from(["a.pdf", "photo.jpg", "x.docx", "../../etc/passwd", "\x00.png", "é" * 300]))
def test_arbitrary_bytes_are_refused_with_a_message_or_accepted_as_what_they_are(examples, data, name):
    examples()
    _check(data, name)


@st.composite
def mutated_files(draw: st.DrawFn) -> tuple[str, bytes]:
    name, data = draw(st.sampled_from(sorted(REAL_FILES.items())))
    content = bytearray(data)
    for _ in range(draw(st.integers(1, 8))):
        action = draw(st.sampled_from(["flip", "cut", "insert", "delete"]))
        at = draw(st.integers(0, max(0, len(content) - 1)))
        if action == "flip" and content:
            content[at] = draw(st.integers(0, 255))
        elif action == "cut":
            del content[at:]
        elif action == "insert":
            content[at:at] = draw(st.binary(min_size=1, max_size=64))
        elif content:
            del content[at:at + draw(st.integers(1, 64))]
    return name, bytes(content)


@fuzz(300)
@given(mutated_files())
def test_real_files_with_bytes_changed_never_break_the_check(examples, mutated):
    examples()
    name, data = mutated
    _check(data, name)


def test_the_real_files_themselves_are_accepted():
    for name, data in REAL_FILES.items():
        result = cleaned(SimpleUploadedFile(name, data))
        assert result.kind.extension == name.rsplit(".", 1)[1]
