"""The kind of an uploaded file, from its first bytes (never from its name); for
office documents, from the structure of the archive. Any other zip archive is
refused."""

from __future__ import annotations

import zipfile
from dataclasses import dataclass
from typing import Any


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

IMAGES = {JPEG: "JPEG", PNG: "PNG", GIF: "GIF", WEBP: "WEBP"}
OFFICE = {DOCX, XLSX, PPTX, ODT, ODS}
_OOXML = {"word/": DOCX, "xl/": XLSX, "ppt/": PPTX}
_ODF = {b"application/vnd.oasis.opendocument.text": ODT, b"application/vnd.oasis.opendocument.spreadsheet": ODS}


def _office_kind(upload: Any) -> Kind | None:
    try:
        with zipfile.ZipFile(upload) as archive:
            names = archive.namelist()
            if "mimetype" in names:
                with archive.open("mimetype") as part:
                    return _ODF.get(part.read(200).strip())
            if "[Content_Types].xml" in names:
                for prefix, kind in _OOXML.items():
                    if any(name.startswith(prefix) for name in names):
                        return kind
    except Exception:  # any damage: bad deflate data, an unknown compression, an encrypted part…
        return None
    return None


def detect(upload: Any) -> Kind | None:
    """The kind of file, from its first bytes (and, for office documents, the
    structure of the archive); None when it is not a kind we accept. Any other
    zip archive is refused."""
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
