"""The submission protocol for files: written to quarantine first, moved to the
name the database row records only once the transaction has committed; nothing
left behind by a rollback; and `sweep_uploads` resolving by hand-made faults:

a) a row whose file still waits in quarantine (the server died between the commit
   and the move): moved into place;
b) a row whose file is nowhere: reported, model and id only, exit status 1;
c) a quarantined file no row names: deleted once old enough;
d) a stored file no row names: deleted once old enough.

These tests commit for real (transactional database), so that `on_commit` runs
as it does in production."""

from __future__ import annotations

import hashlib
import io
import os
import time
import uuid

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import IntegrityError, transaction
from django.test import Client
from django.utils import timezone

from sentinelle.cases.models import Sector
from sentinelle.intake import receipts
from sentinelle.intake.models import Allegation, Attachment, Report
from sentinelle.intake.services import add_worker_message, submit_report
from sentinelle.intake.tests.test_public_helpers import file_report, png_bytes
from sentinelle.lib.uploads.store import QUARANTINE, quarantine_name

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def _all_files() -> list[str]:
    found: list[str] = []

    def walk(folder: str) -> None:
        directories, files = default_storage.listdir(folder)
        for directory in directories:
            walk(f"{folder}/{directory}" if folder else directory)
        found.extend(f"{folder}/{name}" if folder else name for name in files)

    walk("")
    return sorted(found)


def _read(name: str) -> bytes:
    with default_storage.open(name, "rb") as handle:
        return bytes(handle.read())


def _submit(*files: bytes, **fields: object) -> Report:
    uploaded = [SimpleUploadedFile(f"photo{i}.png", content) for i, content in enumerate(files)]
    values = {"anonymous": True, "employer_name": "Ferme Dubé", "employer_province": "QC", "description": "x",
              **fields}
    return submit_report(values, [Allegation.WAGES], uploaded, idempotency_key=uuid.uuid4().hex,
                         receipt_code=receipts.new_receipt_code()).report


def _age(name: str, minutes: int) -> None:
    """Make a stored file look `minutes` old (as a file left by a crash an hour ago)."""
    when = time.time() - minutes * 60
    os.utime(default_storage.path(name), (when, when))


def _sweep(*args: str) -> tuple[int, str]:
    out = io.StringIO()
    try:
        call_command("sweep_uploads", *args, stdout=out)
    except CommandError as error:
        return error.returncode, out.getvalue()
    return 0, out.getvalue()


def _summary(a: int = 0, b: int = 0, c: int = 0, d: int = 0) -> str:
    return (f"a) files moved into place from quarantine: {a}\n"
            f"b) rows whose file is missing: {b}\n"
            f"c) quarantined files without a row deleted: {c}\n"
            f"d) stored files without a row deleted: {d}\n")


# The protocol ------------------------------------------------------------------------------------


def test_a_report_filed_through_the_form_has_its_file_at_its_final_name_and_nothing_in_quarantine():
    file_report(Client(), files=[SimpleUploadedFile("nómina.png", png_bytes(8, 8))])
    attachment = Attachment.objects.get()
    today = timezone.localdate()
    assert str(attachment.file.name).startswith(f"reports/{today:%Y/%m}/") and str(attachment.file.name).endswith(".png")
    assert "nómina" not in str(attachment.file.name)  # a generated name
    assert _all_files() == [str(attachment.file.name)]
    assert hashlib.sha256(_read(str(attachment.file.name))).hexdigest() == attachment.sha256


def test_until_the_commit_the_file_waits_in_quarantine_and_moves_once_committed():
    with transaction.atomic():
        report = _submit(png_bytes())
        name = str(report.attachments.get().file.name)
        # The row is written, the transaction is not committed: the file waits.
        assert _all_files() == [quarantine_name(name)]
        assert not default_storage.exists(name)
    assert _all_files() == [name]
    assert _read(name).startswith(b"\x89PNG")


def test_a_report_whose_transaction_rolls_back_leaves_no_file_anywhere():
    # A sector that does not exist: the foreign key is checked at the commit, which fails.
    with pytest.raises(IntegrityError):
        _submit(png_bytes(), png_bytes(6, 6), sector=Sector(pk=987654))
    assert not Report.objects.exists() and not Attachment.objects.exists()
    assert _all_files() == []


def test_files_of_a_change_rolled_back_by_its_caller_wait_in_quarantine_until_swept():
    report = _submit()
    with pytest.raises(RuntimeError), transaction.atomic():
        add_worker_message(report, "Encore", [SimpleUploadedFile("b.png", png_bytes())])
        raise RuntimeError("the caller fails after the message")
    # The message's own block ended well, the outer one rolled back: the copy waits in
    # quarantine, no row names it, and the sweeper removes it.
    assert not Attachment.objects.exists()
    (waiting,) = _all_files()
    assert waiting.startswith(f"{QUARANTINE}/")
    assert _sweep("--older-than-minutes", "0") == (0, _summary(c=1))
    assert _all_files() == []


# The sweeper -------------------------------------------------------------------------------------


def test_a_row_whose_file_waits_in_quarantine_gets_it_moved_into_place():
    report = _submit(png_bytes(5, 5))
    attachment = report.attachments.get()
    content = _read(str(attachment.file.name))
    # As if the server died between the commit and the move.
    default_storage.save(quarantine_name(str(attachment.file.name)), ContentFile(content))
    default_storage.delete(str(attachment.file.name))

    status, out = _sweep()
    assert status == 0
    assert "a) files moved into place from quarantine: 1" in out
    assert "b) rows whose file is missing: 0" in out
    assert _all_files() == [str(attachment.file.name)] and _read(str(attachment.file.name)) == content


def test_a_move_cut_short_is_finished_with_the_quarantined_copy():
    report = _submit(png_bytes(5, 5))
    name = str(report.attachments.get().file.name)
    content = _read(name)
    default_storage.save(quarantine_name(name), ContentFile(content))
    default_storage.delete(name)
    default_storage.save(name, ContentFile(content[:20]))  # the copy was half written
    _age(quarantine_name(name), 60)

    status, out = _sweep()
    assert status == 0 and "1 leftover quarantine copies removed" in out
    assert _all_files() == [name] and _read(name) == content


def test_a_row_whose_file_is_nowhere_is_reported_by_model_and_id_and_fails_the_run():
    report = _submit(png_bytes(), png_bytes(3, 3))
    lost, kept = report.attachments.all()
    default_storage.delete(str(lost.file.name))

    status, out = _sweep()
    assert status == 1
    assert f"b) rows whose file is missing: 1 (intake.Attachment#{lost.pk})" in out
    assert lost.original_name not in out and str(lost.file.name) not in out
    assert Attachment.objects.filter(pk=lost.pk).exists()  # reported, not deleted
    assert default_storage.exists(str(kept.file.name))


def test_a_quarantined_file_without_a_row_is_deleted_once_old_enough():
    fresh = default_storage.save(f"{QUARANTINE}/{uuid.uuid4().hex}.png", ContentFile(png_bytes()))
    old = default_storage.save(f"{QUARANTINE}/{uuid.uuid4().hex}.pdf", ContentFile(b"%PDF-1.4"))
    _age(old, 31)

    status, out = _sweep()
    assert status == 0 and "c) quarantined files without a row deleted: 1" in out
    # A fresh one may belong to a submission still in progress.
    assert _all_files() == [fresh]
    assert "c) quarantined files without a row deleted: 1" in _sweep("--older-than-minutes", "0")[1]
    assert _all_files() == []


def test_a_stored_file_without_a_row_is_deleted_once_old_enough_and_other_folders_are_left_alone():
    report = _submit(png_bytes())
    kept = str(report.attachments.get().file.name)
    orphan = default_storage.save(f"reports/2026/01/{uuid.uuid4().hex}.jpg", ContentFile(b"orphan"))
    case_orphan = default_storage.save(f"cases/2026/01/{uuid.uuid4().hex}.pdf", ContentFile(b"orphan"))
    fresh = default_storage.save(f"reports/2026/01/{uuid.uuid4().hex}.jpg", ContentFile(b"in progress"))
    elsewhere = default_storage.save("exports/keep-me.csv", ContentFile(b"a,b"))
    for name in (kept, orphan, case_orphan, elsewhere):
        _age(name, 120)

    status, out = _sweep("--dry-run")
    assert status == 0 and "d) stored files without a row would be deleted: 2" in out
    assert len(_all_files()) == 5

    status, out = _sweep()
    assert status == 0 and "d) stored files without a row deleted: 2" in out
    assert _all_files() == sorted([kept, fresh, elsewhere])


def test_a_clean_store_sweeps_to_nothing():
    _submit(png_bytes())
    status, out = _sweep("--older-than-minutes", "0")
    assert status == 0
    assert out == _summary()


def test_the_protocol_and_the_sweeper_work_on_the_encrypting_storage(tmp_path, settings):
    from sentinelle.lib import crypto

    settings.KEYRING, settings.KEYRING_FILE = "", tmp_path / "keyring"
    settings.STORAGES = {**settings.STORAGES, "default": {
        "BACKEND": "sentinelle.lib.storage.EncryptedFileSystemStorage",
        "OPTIONS": {"location": str(tmp_path / "sealed"), "base_url": None}}}
    crypto.forget_keyring()
    try:
        picture = png_bytes(7, 7)
        report = _submit(picture)
        name = str(report.attachments.get().file.name)
        assert _all_files() == [name]
        on_disk = (tmp_path / "sealed" / name).read_bytes()
        assert b"IHDR" not in on_disk  # sealed on disk
        content = _read(name)
        assert content.startswith(b"\x89PNG") and hashlib.sha256(content).hexdigest() == report.attachments.get().sha256

        # The server died between the commit and the move; the sweeper finishes it.
        default_storage.save(quarantine_name(name), ContentFile(content))
        default_storage.delete(name)
        assert _sweep() == (0, _summary(a=1))
        assert _all_files() == [name] and _read(name) == content
    finally:
        crypto.forget_keyring()


@pytest.mark.parametrize("kept_bytes", [0, 10, -5])
def test_a_move_cut_short_on_the_encrypting_storage_is_finished(tmp_path, settings, kept_bytes):
    """A server killed while the storage wrote the final file leaves it without
    its header (0 or 10 bytes) or without its end: the sweeper replaces it with
    the quarantined copy."""
    from sentinelle.lib import crypto

    settings.KEYRING, settings.KEYRING_FILE = "", tmp_path / "keyring"
    settings.STORAGES = {**settings.STORAGES, "default": {
        "BACKEND": "sentinelle.lib.storage.EncryptedFileSystemStorage",
        "OPTIONS": {"location": str(tmp_path / "sealed"), "base_url": None}}}
    crypto.forget_keyring()
    try:
        report = _submit(png_bytes(7, 7))
        name = str(report.attachments.get().file.name)
        content = _read(name)
        default_storage.save(quarantine_name(name), ContentFile(content))
        sealed = (tmp_path / "sealed" / name).read_bytes()
        (tmp_path / "sealed" / name).write_bytes(sealed[:kept_bytes])  # the copy was cut short on disk
        _age(quarantine_name(name), 60)

        status, out = _sweep()
        assert status == 0 and "1 leftover quarantine copies removed" in out
        assert _all_files() == [name] and _read(name) == content
    finally:
        crypto.forget_keyring()
