"""No byte of an upload is on disk in clear, at any moment: a photo bigger than
FILE_UPLOAD_MAX_MEMORY_SIZE, sent with a report, goes to a temporary file (the
disk is used: the test sees the file), but what is there is encrypted.

How "at any moment" is watched: an upload handler placed before the site's own
(a real handler of Django's upload machinery, not a stand-in) looks through the
temporary upload folder each time a piece of the upload arrives and once the
upload is complete, and notes every temporary file it saw and whether the clear
bytes were in one of them."""

from __future__ import annotations

import os
import struct
import zlib
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.files.uploadhandler import FileUploadHandler
from django.test import Client

from sentinelle.intake.models import Attachment, Report
from sentinelle.intake.tests.test_public_helpers import file_report, receipt_code_of

pytestmark = pytest.mark.django_db

MARKER = b"CLEAR-BYTES-OF-A-WORKER-UPLOAD-7f3a9c"


def _big_png(width: int = 1100, height: int = 1000) -> tuple[bytes, bytes]:
    """A valid PNG of random pixels (about 3.3 MB, incompressible) with the marker
    in a text chunk; and a slice of its compressed pixels, also looked for."""

    def chunk(tag: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + tag + data + struct.pack(">I", zlib.crc32(tag + data) & 0xFFFFFFFF)

    rows = b"".join(b"\x00" + os.urandom(width * 3) for _row in range(height))
    pixels = zlib.compress(rows, 0)
    content = (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
               + chunk(b"tEXt", b"Comment\x00" + MARKER) + chunk(b"IDAT", pixels) + chunk(b"IEND", b""))
    return content, pixels[len(pixels) // 2:len(pixels) // 2 + 64]


class Watcher:
    folder: Path
    needles: list[bytes] = []
    seen: set[str] = set()
    clear: list[str] = []
    looks = 0

    @classmethod
    def reset(cls, folder: Path, needles: list[bytes]) -> None:
        cls.folder, cls.needles, cls.seen, cls.clear, cls.looks = folder, needles, set(), [], 0

    @classmethod
    def look(cls) -> None:
        cls.looks += 1
        for path in cls.folder.rglob("*"):
            if path.is_file():
                cls.seen.add(path.name)
                content = path.read_bytes()
                cls.clear.extend(path.name for needle in cls.needles if needle in content)


class WatchingHandler(FileUploadHandler):
    """Passes every piece on unchanged, after looking at the temporary folder."""

    def receive_data_chunk(self, raw_data: bytes, start: int) -> bytes:
        Watcher.look()
        return raw_data

    def file_complete(self, file_size: int) -> None:
        return None

    def upload_complete(self) -> None:
        Watcher.look()


@pytest.fixture
def watched(tmp_path, settings):
    folder = tmp_path / "upload-temp"
    folder.mkdir()
    settings.FILE_UPLOAD_TEMP_DIR = str(folder)
    settings.FILE_UPLOAD_HANDLERS = [f"{__name__}.WatchingHandler", *settings.FILE_UPLOAD_HANDLERS]
    return folder


def test_a_photo_over_the_memory_threshold_is_never_on_disk_in_clear(watched, settings):
    content, pixels = _big_png()
    assert len(content) > settings.FILE_UPLOAD_MAX_MEMORY_SIZE
    Watcher.reset(watched, [MARKER, pixels])

    response = file_report(Client(), files=[SimpleUploadedFile("photo.png", content, content_type="image/png")])

    assert receipt_code_of(response)
    attachment = Attachment.objects.get(report=Report.objects.get())
    assert attachment.size > settings.FILE_UPLOAD_MAX_MEMORY_SIZE // 2  # the photo itself, cleaned
    assert Watcher.looks > 10 and Watcher.seen, "the upload never went to the temporary folder"
    assert not Watcher.clear, f"clear bytes on disk in {sorted(set(Watcher.clear))}"
    assert not any(watched.iterdir())  # deleted at the end of the request
