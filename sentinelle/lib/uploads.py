"""Checking uploaded files by what they contain, not by what they are called."""

from __future__ import annotations

import hashlib
import uuid
import zipfile
from dataclasses import dataclass
from pathlib import PurePath
from typing import Any

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Kind:
    content_type: str
    extension: str


JPEG = Kind("image/jpeg", "jpg")
PNG = Kind("image/png", "png")
GIF = Kind("image/gif", "gif")
WEBP = Kind("image/webp", "webp")
HEIC = Kind("image/heic", "heic")
PDF = Kind("application/pdf", "pdf")
DOCX = Kind("application/vnd.openxmlformats-officedocument.wordprocessingml.document", "docx")
XLSX = Kind("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xlsx")
PPTX = Kind("application/vnd.openxmlformats-officedocument.presentationml.presentation", "pptx")
ODT = Kind("application/vnd.oasis.opendocument.text", "odt")
ODS = Kind("application/vnd.oasis.opendocument.spreadsheet", "ods")
OLE = Kind("application/msword", "doc")  # legacy Word/Excel (OLE2 container)

_OOXML = {"word/": DOCX, "xl/": XLSX, "ppt/": PPTX}
_ODF = {b"application/vnd.oasis.opendocument.text": ODT, b"application/vnd.oasis.opendocument.spreadsheet": ODS}
# Unpacked size an office document may claim, to refuse archive bombs.
_MAX_UNPACKED = 100 * 1024 * 1024


def _office_kind(upload: UploadedFile) -> Kind | None:
    try:
        with zipfile.ZipFile(upload) as archive:
            names = archive.namelist()
            if sum(info.file_size for info in archive.infolist()) > _MAX_UNPACKED:
                return None
            if "mimetype" in names:
                return _ODF.get(archive.read("mimetype").strip())
            if "[Content_Types].xml" in names:
                for prefix, kind in _OOXML.items():
                    if any(name.startswith(prefix) for name in names):
                        return kind
    except (zipfile.BadZipFile, OSError, KeyError):
        return None
    return None


def detect(upload: UploadedFile) -> Kind | None:
    """The kind of file, from its first bytes (and, for office documents, the
    structure of the archive); None when it is not a kind we accept."""
    upload.seek(0)
    head = upload.read(32)
    upload.seek(0)
    kind: Kind | None = None
    if head.startswith(b"\xff\xd8\xff"):
        kind = JPEG
    elif head.startswith(b"\x89PNG\r\n\x1a\n"):
        kind = PNG
    elif head[:6] in (b"GIF87a", b"GIF89a"):
        kind = GIF
    elif head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        kind = WEBP
    elif head[4:8] == b"ftyp" and head[8:12] in (b"heic", b"heix", b"mif1", b"msf1", b"hevc"):
        kind = HEIC
    elif head.startswith(b"%PDF-"):
        kind = PDF
    elif head.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        kind = OLE
    elif head.startswith(b"PK\x03\x04"):
        kind = _office_kind(upload)
    upload.seek(0)
    return kind


def validate_attachment(upload: UploadedFile) -> Kind:
    if upload.size is not None and upload.size > settings.ATTACHMENT_MAX_BYTES:
        raise ValidationError(
            _("“%(name)s” is too big. Each file can be at most %(limit)s MB."),
            code="too_big",
            params={"name": upload.name, "limit": settings.ATTACHMENT_MAX_BYTES // (1024 * 1024)},
        )
    if not upload.size:
        raise ValidationError(_("“%(name)s” is empty."), code="empty", params={"name": upload.name})
    kind = detect(upload)
    if kind is None:
        raise ValidationError(
            _("“%(name)s” is not a photo, a PDF or an office document. Send a photo, a PDF or a document."),
            code="type",
            params={"name": upload.name},
        )
    return kind


class AttachmentField(forms.FileField):
    """A file field that accepts only what `validate_attachment` accepts."""

    def clean(self, data: Any, initial: Any = None) -> Any:
        upload = super().clean(data, initial)
        if upload:
            validate_attachment(upload)
        return upload


def clean_name(name: str) -> str:
    """The name the worker's file had, without any folder, shortened."""
    base = PurePath(name.replace("\\", "/")).name.strip() or "file"
    return base[-150:]


def store(upload: UploadedFile, kind: Kind, folder: str) -> tuple[str, str]:
    """Save under a generated name; returns (storage name, sha256)."""
    digest = hashlib.sha256()
    upload.seek(0)
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    name = default_storage.save(f"{folder}/{uuid.uuid4().hex}.{kind.extension}", upload)
    return name, digest.hexdigest()
