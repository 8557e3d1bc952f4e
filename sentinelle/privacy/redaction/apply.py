"""Applying the redactions: under each box the text, image pixels and vector
drawings are removed from the file itself, the box is filled black with its
legal ground printed in white, and everything the review screen cannot show
(metadata, XMP, annotations, links, attachments, form fields, JavaScript,
bookmarks, the structure tree) is stripped.

The check after applying (`apply` refuses to return a PDF that fails it):

1. inside every box, the released page holds no word but those of the box's label;
2. a covered string (the words under a box, read before applying) that appears
   nowhere else in the document, outside every box, can no longer be extracted
   from the released file anywhere, with pypdf or with PyMuPDF. A covered string
   that also appears legitimately elsewhere (a name redacted on one line and not
   on another) is only checked by rule 1: it may remain outside the boxes."""

from __future__ import annotations

import io
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import pikepdf
import pymupdf
import pypdf

from sentinelle.privacy.redaction import Progress, Rect
from sentinelle.privacy.redaction.convert import ENCRYPT_NONE, open_pdf, page_of
from sentinelle.privacy.redaction.read import Word, covered_words, normal_rect, page_words, read_page

LABEL_FONT = "helv"
LABEL_MAX_SIZE = 10.0
LABEL_MIN_SIZE = 4.0
# What apply_redactions removes: the image pixels under a box; every drawing the box
# touches, even partly (a signature drawn as paths, a chart), at the cost of a table
# border now and then; every character the box overlaps.
REDACT_IMAGE_PIXELS: int = pymupdf.PDF_REDACT_IMAGE_PIXELS  # type: ignore[attr-defined]
REDACT_LINE_ART_IF_TOUCHED: int = pymupdf.PDF_REDACT_LINE_ART_REMOVE_IF_TOUCHED  # type: ignore[attr-defined]
REDACT_TEXT_REMOVE: int = pymupdf.PDF_REDACT_TEXT_REMOVE  # type: ignore[attr-defined]


@dataclass(frozen=True)
class Box:
    page: int
    rect: Rect
    label: str  # printed in the box, e.g. "art. 53, 54"


class LeakError(RuntimeError):
    """The redacted file still holds text that should have been removed; never released."""


def _fontsize(label: str, rect: pymupdf.Rect) -> float:
    """The largest size (within limits) at which the label fits the box on one line."""
    size = min(LABEL_MAX_SIZE, rect.height * 0.7)
    width = pymupdf.get_text_length(label, fontname=LABEL_FONT, fontsize=1) if label else 0.0
    if width:
        size = min(size, (rect.width - 2) / width)
    return max(LABEL_MIN_SIZE, size)


def _normalise(text: str) -> str:
    return " ".join(unicodedata.normalize("NFKC", text).split()).casefold()


def _pypdf_text(pdf: bytes) -> str:
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    return "\n".join(page.extract_text() or "" for page in reader.pages)


def leaked_strings(pdf: bytes, strings: Iterable[str]) -> list[str]:
    """Those of `strings` still extractable from the PDF with pypdf (whitespace and
    case ignored: "Jean  TREMBLAY" counts as "jean tremblay")."""
    text = _normalise(_pypdf_text(pdf))
    return [s for s in strings if _normalise(s) and _normalise(s) in text]


def _strip(pdf: bytes) -> bytes:
    """Remove what pymupdf's scrub leaves: /Info, XMP, page-piece data, forms,
    document JavaScript and open actions, bookmarks and the structure tree (whose
    alternate texts could repeat what a box hides)."""
    with pikepdf.open(io.BytesIO(pdf)) as pdf_file:
        trailer = pdf_file.trailer
        if "/Info" in trailer:
            del trailer["/Info"]
        root = pdf_file.Root
        for key in ("/Info", "/Metadata", "/PieceInfo", "/AcroForm", "/OpenAction", "/AA", "/Outlines", "/PageMode",
                    "/StructTreeRoot", "/MarkInfo", "/Threads", "/SpiderInfo", "/Perms", "/Collection"):
            if key in root:
                del root[key]
        if "/Names" in root:
            names = root["/Names"]
            for key in ("/JavaScript", "/EmbeddedFiles"):
                if key in names:
                    del names[key]
            if not names.keys():
                del root["/Names"]
        for page in pdf_file.pages:
            for key in ("/Metadata", "/PieceInfo", "/AA", "/Annots", "/StructParents", "/Thumb", "/B"):
                if key in page.obj:
                    del page.obj[key]
        out = io.BytesIO()
        pdf_file.remove_unreferenced_resources()
        pdf_file.save(out, compress_streams=True, encryption=False, object_stream_mode=pikepdf.ObjectStreamMode.generate,
                      fix_metadata_version=False, deterministic_id=True)
        return out.getvalue()


def _redact(doc: pymupdf.Document, boxes: Sequence[Box], progress: Progress | None) -> None:
    by_page: dict[int, list[Box]] = {}
    for box in boxes:
        page_of(doc, box.page)
        by_page.setdefault(box.page, []).append(box)
    total = doc.page_count
    for number in range(total):
        page = doc[number]
        for box in by_page.get(number, []):
            rect = pymupdf.Rect(normal_rect(box.rect)) & page.rect
            if rect.is_empty:
                continue
            page.add_redact_annot(rect, text=box.label or None, fontname=LABEL_FONT,
                                  fontsize=_fontsize(box.label, rect), align=pymupdf.TEXT_ALIGN_CENTER,
                                  fill=(0, 0, 0), text_color=(1, 1, 1), cross_out=False)
        if number in by_page:
            page.apply_redactions(images=REDACT_IMAGE_PIXELS, graphics=REDACT_LINE_ART_IF_TOUCHED,
                                  text=REDACT_TEXT_REMOVE)
        if progress:
            progress(number + 1, total)


def _scrub(doc: pymupdf.Document) -> None:
    # Hidden text stays: it is the OCR layer that keeps scanned pages searchable
    # (what a box covers of it is gone already).
    doc.scrub(attached_files=True, clean_pages=True, embedded_files=True, hidden_text=False, javascript=True,
              metadata=True, redactions=False, redact_images=0, remove_links=True, reset_fields=False,
              reset_responses=True, thumbnails=True, xml_metadata=True)
    doc.set_metadata({})
    doc.del_xml_metadata()
    doc.set_toc([])
    for number in range(doc.page_count):
        page = doc[number]
        for annot in list(page.annots()):
            page.delete_annot(annot)
        for link in page.get_links():
            page.delete_link(link)
    for name in doc.embfile_names():
        doc.embfile_del(name)


def _remainder(words_by_page: dict[int, list[Word]], rects: dict[int, list[Rect]]) -> str:
    """The normalised text of the document outside every box, as the released file should read."""
    parts = []
    for number in sorted(words_by_page):
        words = words_by_page[number]
        under = {id(w) for rect in rects.get(number, []) for w in covered_words(words, rect)}
        parts.append(" ".join(w.text for w in words if id(w) not in under))
    return _normalise("\n".join(parts))


def verify(released: bytes, boxes: Sequence[Box], covered: Sequence[str], remainder: str) -> None:
    """Raise LeakError unless the released file passes both rules of the module docstring."""
    problems: list[str] = []
    doc = pymupdf.open(stream=released, filetype="pdf")
    try:
        labels = {_normalise(box.label) for box in boxes if box.label}
        label_words = {word for label in labels for word in label.split()}
        pages_text = []
        for number in range(doc.page_count):
            text, words = page_words(doc[number])
            pages_text.append(text)
            for box in (b for b in boxes if b.page == number):
                rect = normal_rect(box.rect)
                inside = [w.text for w in covered_words(words, rect)]
                if any(_normalise(w) not in label_words for w in inside):
                    problems.append(f"page {number + 1}: {' '.join(inside)!r} left inside a box")
        mupdf_text = _normalise("\n".join(pages_text))
    finally:
        doc.close()
    pypdf_text = _normalise(_pypdf_text(released))
    for label in labels:
        mupdf_text = mupdf_text.replace(label, " ")
        pypdf_text = pypdf_text.replace(label, " ")
    for string in {_normalise(s) for s in covered}:
        if not string or string in remainder:
            continue
        if string in mupdf_text or string in pypdf_text:
            problems.append(f"{string!r} still extractable")
    if problems:
        raise LeakError("Redaction failed, the file is not released: " + "; ".join(problems))


def apply(pdf: bytes, boxes: list[Box], *, progress: Progress | None = None) -> bytes:
    """The released PDF: under each box the text, image pixels and vector drawings are
    removed from the file and the box is filled black with its label in white; the
    metadata, XMP, annotations, links, attachments, form fields and JavaScript are
    stripped. Verified before it is returned (see the module docstring): LeakError
    rather than a file that still holds a covered string."""
    doc = open_pdf(pdf)
    try:
        # Form fields and annotations become page content first, so what they show is
        # redacted like the rest and what they don't show is dropped.
        doc.bake(annots=True, widgets=True)
        rects: dict[int, list[Rect]] = {}
        for box in boxes:
            page_of(doc, box.page)
            rects.setdefault(box.page, []).append(normal_rect(box.rect))
        covered: list[str] = []
        words_by_page: dict[int, list[Word]] = {}
        for number in range(doc.page_count):
            page = doc[number]
            # Pages with a box are read as the officer saw them (OCR for a scan).
            _text, words = read_page(page) if number in rects else page_words(page)
            words_by_page[number] = words
            for rect in rects.get(number, []):
                under = covered_words(words, rect)
                covered.append(" ".join(w.text for w in under))
                covered.extend(w.text for w in under if len(w.text) >= 4)
        remainder = _remainder(words_by_page, rects)
        _redact(doc, boxes, progress)
        _scrub(doc)
        cleaned = bytes(doc.tobytes(garbage=4, deflate=True, clean=True, encryption=ENCRYPT_NONE))
    finally:
        doc.close()
    released = _strip(cleaned)
    verify(released, boxes, covered, remainder)
    return released
