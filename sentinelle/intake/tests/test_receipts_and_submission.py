"""Receipt codes and the submission protocol."""

from __future__ import annotations

import hashlib
import re
import uuid

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from hypothesis import given, settings
from hypothesis import strategies as st

from sentinelle.intake import receipts
from sentinelle.intake.models import Allegation, Report
from sentinelle.intake.services import ReceiptMismatch, submit_report
from sentinelle.test import example_count, pixels, tiny_jpeg

pytestmark = pytest.mark.django_db
JPEG = tiny_jpeg(16, 12)


def _fields(**overrides):
    fields = {
        "anonymous": True,
        "employer_name": "Serres Lachance inc.",
        "employer_city": "Saint-Rémi",
        "employer_province": "QC",
        "description": "On ne nous paie pas les heures supplémentaires.",
        "since": "months",
        "workers_affected": "6-20",
        "danger_now": "no",
        "hazard_now": "no",
    }
    fields.update(overrides)
    return fields


def _submit(key=None, code=None, **overrides):
    return submit_report(
        _fields(**overrides),
        [Allegation.WAGES, Allegation.HOURS],
        [],
        idempotency_key=key or uuid.uuid4().hex,
        receipt_code=code or receipts.new_receipt_code(),
        language="es",
    )


def test_receipt_codes_are_twenty_digits_in_four_groups_of_five():
    codes = {receipts.new_receipt_code() for _ in range(200)}
    assert len(codes) == 200
    for code in codes:
        assert re.fullmatch(r"\d{5}-\d{5}-\d{5}-\d{5}", code)


@given(st.text(alphabet="0123456789 -.", min_size=0, max_size=40))
@settings(max_examples=example_count(200))
def test_normalize_accepts_any_spacing_of_exactly_twenty_digits(text):
    digits = "".join(ch for ch in text if ch.isdigit())
    assert receipts.normalize(text) == (digits if len(digits) == 20 else None)


def test_the_database_keeps_no_receipt_code():
    submission = _submit()
    digits = receipts.normalize(submission.receipt_code)
    report = Report.objects.get(pk=submission.report.pk)
    stored = " ".join(str(getattr(report, f.attname)) for f in Report._meta.concrete_fields)
    assert digits not in stored
    assert submission.receipt_code not in stored
    assert report.receipt_verifier.startswith("$argon2id$")


def test_a_code_finds_its_report_and_nothing_else():
    first, second = _submit(), _submit()
    assert receipts.check_receipt_code(first.receipt_code) == first.report
    assert receipts.check_receipt_code(second.receipt_code.replace("-", " ")) == second.report
    assert receipts.check_receipt_code(receipts.new_receipt_code()) is None
    assert receipts.check_receipt_code("not a code") is None


def test_a_different_pepper_finds_nothing(settings):
    submission = _submit()
    receipts._pepper.cache_clear()
    settings.RECEIPT_PEPPER = "another pepper"
    try:
        assert receipts.check_receipt_code(submission.receipt_code) is None
    finally:
        receipts._pepper.cache_clear()


def test_a_retry_with_the_same_key_files_one_report():
    key, code = uuid.uuid4().hex, receipts.new_receipt_code()
    first = _submit(key, code)
    again = _submit(key, code)
    assert first.created and not again.created
    assert again.report.pk == first.report.pk
    assert Report.objects.count() == 1
    with pytest.raises(ReceiptMismatch):
        _submit(key, receipts.new_receipt_code())


def test_anonymous_report_keeps_the_day_only_and_no_contact():
    submission = _submit(contact_name="Juan", contact_phone="555-0100")
    report = submission.report
    assert report.anonymous
    assert report.contact_name == "" and report.contact_phone == ""
    field = Report._meta.get_field("submitted_on")
    assert field.get_internal_type() == "DateField"


def test_named_report_keeps_the_contact_the_worker_gave():
    report = _submit(anonymous=False, contact_name="Juan Pérez", contact_phone="514-555-0100",
                     contact_method="whatsapp").report
    assert (report.contact_name, report.contact_phone, report.contact_method) == (
        "Juan Pérez", "514-555-0100", "whatsapp")


def test_region_comes_from_the_province_and_unknown_goes_to_headquarters():
    assert _submit(employer_province="NS").report.region.code == "ATL"
    assert _submit(employer_province="").report.region.code == "HQ"


def test_attachments_are_stored_under_generated_names(tmp_path, settings):
    settings.STORAGES = {**settings.STORAGES, "default": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": str(tmp_path), "base_url": None}}}
    photo = SimpleUploadedFile("Juan Pérez passport.jpg", JPEG, content_type="image/jpeg")
    report = submit_report(
        _fields(), [Allegation.DOCUMENTS], [photo],
        idempotency_key=uuid.uuid4().hex, receipt_code=receipts.new_receipt_code(),
    ).report
    attachment = report.attachments.get()
    assert attachment.content_type == "image/jpeg"
    assert "Juan" not in attachment.file.name
    assert attachment.file.name.endswith(".jpg")
    # The photo is stored re-encoded without its metadata: the checksum recorded
    # is that of the stored file, which is still the same picture.
    stored = (tmp_path / attachment.file.name).read_bytes()
    assert hashlib.sha256(stored).hexdigest() == attachment.sha256 and len(stored) == attachment.size
    stored_format, size, _rgb = pixels(stored)
    assert (stored_format, size) == ("JPEG", (16, 12))
