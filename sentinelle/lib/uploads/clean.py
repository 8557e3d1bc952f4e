"""Checking an upload and cleaning it of what it hides.

Checking (`validate_attachment`): the size, the kind by the first bytes (never by
the name, see `detect`), the dimensions of a picture, and for office documents
the archive itself (what it unpacks to, how much it is compressed, no archive
inside it).

Cleaning (done while checking, so that a file that cannot be cleaned is refused
with the form's other messages): pictures are decoded and encoded again without
EXIF (place, device, dates), XMP, IPTC or comments, turned the way the camera
said; PDF files lose their document information, XMP metadata, attached files
and scripts; office documents lose their author, company and last editor. HEIC
photos and the older Word/Excel/PowerPoint files cannot be cleaned with what is
installed, so they are refused with a message saying what to send instead."""

from __future__ import annotations

import io
import warnings
import weakref
import zipfile
from dataclasses import dataclass
from pathlib import PurePath
from typing import Any

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from lxml import etree
from PIL import Image, ImageOps

from sentinelle.lib.uploads.detect import GIF, HEIC, IMAGES, JPEG, OFFICE, OLE, PDF, WEBP, Kind, detect

# The first bytes of an archive (or a container of files) inside an office document.
_NESTED = (b"PK\x03\x04", b"PK\x05\x06", b"\xd0\xcf\x11\xe0", b"7z\xbc\xaf\x27\x1c", b"Rar!", b"\x1f\x8b",
           b"BZh", b"\xfd7zXZ")
_MAX_ENTRIES = 10_000
# The compression ratio is judged only for parts bigger than this: small XML parts
# legitimately compress a lot.
_RATIO_FROM_BYTES = 1024 * 1024

HEIC_REFUSED = _("“%(name)s” is an HEIC photo: we cannot remove the hidden information it carries (such as "
                 "the place where it was taken). Send it as a JPEG photo instead (a screenshot of it also works).")
OLE_REFUSED = _("“%(name)s” is an older Word, Excel or PowerPoint file: we cannot remove the hidden information "
                "it carries (such as the author's name). Save it as PDF, or as .docx, .xlsx or .pptx, and send "
                "it again.")
TOO_MANY_PIXELS = _("“%(name)s” is too large a picture. A photo can have at most %(limit)s million pixels: "
                    "send a smaller copy (a screenshot also works).")
DAMAGED = _("“%(name)s” could not be opened: it may be damaged. Send another copy.")
PASSWORD = _("“%(name)s” is protected by a password. Send a copy without a password.")
UNPACKS_TOO_MUCH = _("“%(name)s” holds too much data once unpacked to be checked. Send it as PDF instead.")
NESTED = _("“%(name)s” has other files or archives inside it. Send it as PDF instead.")


class _Refused(Exception):
    def __init__(self, message: Any, code: str, **params: Any) -> None:
        super().__init__(code)
        self.message, self.code, self.params = message, code, params


def _clean_image(data: bytes, kind: Kind) -> bytes:
    limit = settings.ATTACHMENT_MAX_MEGAPIXELS
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data), formats=[IMAGES[kind]]) as image:
                if image.width * image.height > limit * 1_000_000:
                    raise _Refused(TOO_MANY_PIXELS, "too_many_pixels", limit=limit)
                image.seek(0)  # an animation keeps its first picture only
                image.load()
                icc = image.info.get("icc_profile")
                try:
                    # A new picture, turned the way the camera said.
                    picture = ImageOps.exif_transpose(image) or image.copy()
                except Exception:  # a damaged orientation tag: keep the picture as it is
                    picture = image.copy()
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as error:
        raise _Refused(TOO_MANY_PIXELS, "too_many_pixels", limit=limit) from error
    except _Refused:
        raise
    except Exception as error:  # whatever Pillow raises on a damaged picture
        raise _Refused(DAMAGED, "damaged") from error
    if kind == JPEG:
        if picture.mode not in ("RGB", "L", "CMYK"):
            picture = picture.convert("RGB")
    elif picture.mode == "P" or picture.mode not in ("1", "L", "LA", "RGB", "RGBA", "I;16", "I"):
        picture = picture.convert("RGBA" if picture.has_transparency_data else "RGB")
    if kind in (WEBP, GIF) and picture.mode not in ("RGB", "RGBA", "L"):
        picture = picture.convert("RGBA" if picture.has_transparency_data else "RGB")
    # Nothing of the original's information goes with the pixels (EXIF, XMP,
    # IPTC, comments, text chunks); the colour profile only is kept.
    picture.info = {}
    options: dict[str, Any] = {}
    if icc and kind != GIF:
        options["icc_profile"] = icc
    if kind == JPEG:
        options["quality"] = 90
    elif kind == WEBP:
        options.update(quality=90, lossless=False)
    out = io.BytesIO()
    picture.save(out, format=IMAGES[kind], **options)
    return out.getvalue()


def _clean_pdf(data: bytes) -> bytes:
    # Imported here: a web worker loads pikepdf only once somebody sends a PDF.
    import pikepdf

    try:
        pdf = pikepdf.open(io.BytesIO(data))
    except pikepdf.PasswordError as error:
        raise _Refused(PASSWORD, "password") from error
    except Exception as error:  # whatever qpdf raises on a damaged file
        raise _Refused(DAMAGED, "damaged") from error
    try:
        with pdf:
            if pdf.is_encrypted:
                raise _Refused(PASSWORD, "password")
            if len(pdf.pages) == 0:
                raise _Refused(DAMAGED, "damaged")
            if "/Info" in pdf.trailer:
                del pdf.trailer["/Info"]
            root = pdf.Root
            for key in ("/Metadata", "/PieceInfo", "/OpenAction", "/AA", "/SpiderInfo"):
                if key in root:
                    del root[key]
            names = root.get("/Names")
            if isinstance(names, pikepdf.Dictionary):
                for key in ("/EmbeddedFiles", "/JavaScript"):
                    if key in names:
                        del names[key]
            for page in pdf.pages:
                annotations = page.obj.get("/Annots")
                if isinstance(annotations, pikepdf.Array):
                    kept = [a for a in annotations if not (isinstance(a, pikepdf.Dictionary)
                                                         and a.get("/Subtype") == pikepdf.Name.FileAttachment)]
                    page.obj["/Annots"] = pikepdf.Array(kept)
            for obj in pdf.objects:
                if not isinstance(obj, pikepdf.Dictionary | pikepdf.Stream):
                    continue
                for key in ("/Metadata", "/PieceInfo", "/AA"):
                    if key in obj:
                        del obj[key]
                action = obj.get("/A")
                if isinstance(action, pikepdf.Dictionary) and action.get("/S") in (
                        pikepdf.Name.JavaScript, pikepdf.Name.Launch, pikepdf.Name.ImportData):
                    del obj["/A"]
                if obj.get("/S") == pikepdf.Name.JavaScript and "/JS" in obj:
                    del obj["/JS"]
            out = io.BytesIO()
            # Streams are copied as they are: decoding them could unpack a bomb.
            pdf.save(out, stream_decode_level=pikepdf.StreamDecodeLevel.none, fix_metadata_version=False)
            return out.getvalue()
    except _Refused:
        raise
    except Exception as error:  # a damaged file qpdf could open but not write
        raise _Refused(DAMAGED, "damaged") from error


def _check_archive(data: bytes) -> None:
    """Refuse archive bombs and archives inside the document."""
    max_unpacked = settings.ATTACHMENT_MAX_UNPACKED_BYTES
    max_ratio = settings.ATTACHMENT_MAX_COMPRESSION_RATIO
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            entries = archive.infolist()
            if len(entries) > _MAX_ENTRIES:
                raise _Refused(UNPACKS_TOO_MUCH, "unpacks_too_much")
            if len({entry.filename for entry in entries}) != len(entries):
                raise _Refused(DAMAGED, "damaged")
            total = 0
            for entry in entries:
                total += entry.file_size
                if total > max_unpacked:
                    raise _Refused(UNPACKS_TOO_MUCH, "unpacks_too_much")
                if entry.file_size > _RATIO_FROM_BYTES and (
                        entry.compress_size == 0 or entry.file_size / entry.compress_size > max_ratio):
                    raise _Refused(UNPACKS_TOO_MUCH, "unpacks_too_much")
            for entry in entries:
                if entry.is_dir() or entry.file_size == 0:
                    continue
                with archive.open(entry) as part:
                    head = part.read(8)
                if head.startswith(_NESTED):
                    raise _Refused(NESTED, "nested")
    except _Refused:
        raise
    except Exception as error:  # a damaged archive
        raise _Refused(DAMAGED, "damaged") from error


_CP = "{http://schemas.openxmlformats.org/package/2006/metadata/core-properties}"
_DC = "{http://purl.org/dc/elements/1.1/}"
_EP = "{http://schemas.openxmlformats.org/officeDocument/2006/extended-properties}"
_META = "{urn:oasis:names:tc:opendocument:xmlns:meta:1.0}"
# Per part: the elements whose text is emptied, and those removed altogether.
_OFFICE_PARTS: dict[str, tuple[set[str], set[str]]] = {
    "docProps/core.xml": ({f"{_DC}creator", f"{_CP}lastModifiedBy"}, {f"{_CP}lastPrinted"}),
    "docProps/app.xml": ({f"{_EP}Company", f"{_EP}Manager", f"{_EP}HyperlinkBase", f"{_EP}Template"}, set()),
    "meta.xml": ({f"{_META}initial-creator", f"{_DC}creator"}, {f"{_META}printed-by", f"{_META}print-date",
                                                                  f"{_META}user-defined"}),
}


def _clean_xml(content: bytes, emptied: set[str], removed: set[str], *, drop_children: bool = False) -> bytes:
    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False, load_dtd=False)
    root = etree.fromstring(content, parser=parser)  # entities are not resolved
    if drop_children:
        for child in list(root):
            root.remove(child)
    for element in list(root.iter()):
        if element.tag in removed and element.getparent() is not None:
            element.getparent().remove(element)
        elif element.tag in emptied:
            element.text = ""
            for child in list(element):
                element.remove(child)
    return bytes(etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True))


def _clean_office(data: bytes) -> bytes:
    out = io.BytesIO()
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w") as target:
            for entry in source.infolist():
                content = source.read(entry)
                if entry.filename in _OFFICE_PARTS:
                    emptied, removed = _OFFICE_PARTS[entry.filename]
                    content = _clean_xml(content, emptied, removed)
                elif entry.filename == "docProps/custom.xml":
                    content = _clean_xml(content, set(), set(), drop_children=True)
                # The dates inside the archive say when the document was last saved.
                clean = zipfile.ZipInfo(entry.filename, date_time=(1980, 1, 1, 0, 0, 0))
                clean.compress_type = zipfile.ZIP_STORED if entry.filename == "mimetype" else zipfile.ZIP_DEFLATED
                target.writestr(clean, content)
    except Exception as error:  # a damaged archive or part
        raise _Refused(DAMAGED, "damaged") from error
    return out.getvalue()


def clean(data: bytes, kind: Kind) -> bytes:
    """The file without its metadata; raises `_Refused` when it cannot be cleaned."""
    if kind == HEIC:
        raise _Refused(HEIC_REFUSED, "heic")
    if kind == OLE:
        raise _Refused(OLE_REFUSED, "ole")
    if kind in IMAGES:
        return _clean_image(data, kind)
    if kind == PDF:
        return _clean_pdf(data)
    if kind in OFFICE:
        _check_archive(data)
        return _clean_office(data)
    raise _Refused(DAMAGED, "damaged")


# Checking ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Cleaned:
    kind: Kind
    content: bytes


# The cleaned content of each upload checked in this request, so that a file is
# decoded once, when the form is checked, and stored as it was cleaned then.
_cleaned: weakref.WeakKeyDictionary[Any, Cleaned] = weakref.WeakKeyDictionary()


def _read(upload: Any) -> bytes:
    upload.seek(0)
    data = b"".join(upload.chunks()) if hasattr(upload, "chunks") else upload.read()
    upload.seek(0)
    return bytes(data)


def cleaned(upload: Any) -> Cleaned:
    """The upload checked and cleaned; raises ValidationError with a message for
    the person who sent it."""
    found = _cleaned.get(upload)
    if found is not None:
        return found
    name = getattr(upload, "name", None) or "file"
    size = getattr(upload, "size", None)
    if size is not None and size > settings.ATTACHMENT_MAX_BYTES:
        raise ValidationError(
            _("“%(name)s” is too big. Each file can be at most %(limit)s MB."),
            code="too_big",
            params={"name": name, "limit": settings.ATTACHMENT_MAX_BYTES // (1024 * 1024)},
        )
    if not size:
        raise ValidationError(_("“%(name)s” is empty."), code="empty", params={"name": name})
    kind = detect(upload)
    if kind is None:
        raise ValidationError(
            _("“%(name)s” is not a photo, a PDF or an office document. Send a photo, a PDF or a document."),
            code="type",
            params={"name": name},
        )
    try:
        result = Cleaned(kind, clean(_read(upload), kind))
    except _Refused as refused:
        raise ValidationError(refused.message, code=refused.code, params={"name": name, **refused.params}) from None
    _cleaned[upload] = result
    return result


def validate_attachment(upload: Any) -> Kind:
    return cleaned(upload).kind


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
