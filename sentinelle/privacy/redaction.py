"""True redaction of documents released under access-to-information law.

Pure functions on bytes (no models, no database): the request workflow converts
each gathered document to PDF (`to_pdf`), asks for proposals (`propose`: the text
of every page, read by OCR where a page is only an image, run through
`sentinelle.privacy.pii.find_personal_information` and mapped back to the
rectangles of the words), lets the privacy officer accept, reject and draw boxes,
and then `apply` removes what lies under each box from the file itself (text,
image pixels, vector drawings), prints the legal ground in the black box, strips
everything the review screen cannot show (metadata, XMP, annotations, links,
attachments, form fields, JavaScript, bookmarks, the structure tree) and checks
the result before handing it back.

The check after applying (`apply` refuses to return a PDF that fails it):

1. inside every box, the released page holds no word but those of the box's label;
2. a covered string (the words under a box, read before applying) that appears
   nowhere else in the document, outside every box, can no longer be extracted
   from the released file anywhere, with pypdf or with PyMuPDF. A covered string
   that also appears legitimately elsewhere (a name redacted on one line and not
   on another) is only checked by rule 1: it may remain outside the boxes.

Coordinates are PDF points in PyMuPDF's convention (origin top left of the visible
page, y downwards), those of its text extraction and of `render_page` divided by the
zoom; `to_pdf` turns rotated pages upright (same appearance) so that both agree.
"""

from __future__ import annotations

import io
import os
import shutil
import signal
import subprocess
import tempfile
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path, PurePath
from typing import TYPE_CHECKING

import pikepdf
import pymupdf
import pypdf
from django.utils.translation import gettext as _

if TYPE_CHECKING:
    from sentinelle.privacy.pii import Finding

Rect = tuple[float, float, float, float]
Progress = Callable[[int, int], None]

OCR_LANGUAGE = "fra+eng"
OCR_DPI = 200
# A page with images and fewer non-blank characters than this is read by OCR.
OCR_TEXT_THRESHOLD = 20
OFFICE_EXTENSIONS = frozenset({".docx", ".odt", ".doc", ".rtf", ".txt"})
OFFICE_TIMEOUT = 180  # seconds for one soffice conversion
LABEL_FONT = "helv"
LABEL_MAX_SIZE = 10.0
LABEL_MIN_SIZE = 4.0
# What apply_redactions removes: the image pixels under a box; every drawing the box
# touches, even partly (a signature drawn as paths, a chart), at the cost of a table
# border now and then; every character the box overlaps.
REDACT_IMAGE_PIXELS: int = pymupdf.PDF_REDACT_IMAGE_PIXELS  # type: ignore[attr-defined]
REDACT_LINE_ART_IF_TOUCHED: int = pymupdf.PDF_REDACT_LINE_ART_REMOVE_IF_TOUCHED  # type: ignore[attr-defined]
REDACT_TEXT_REMOVE: int = pymupdf.PDF_REDACT_TEXT_REMOVE  # type: ignore[attr-defined]
ENCRYPT_NONE: int = pymupdf.PDF_ENCRYPT_NONE  # type: ignore[attr-defined]
# A word counts as under a box when this share of its area (or more) is covered.
UNDER_SHARE = 0.25


@dataclass(frozen=True)
class Proposal:
    page: int  # 0-based
    rect: Rect  # x0, y0, x1, y1 in points, page coordinates
    text: str  # the words covered
    kind: str  # a pii KIND
    score: float


@dataclass(frozen=True)
class Box:
    page: int
    rect: Rect
    label: str  # printed in the box, e.g. "art. 53, 54"


class LeakError(RuntimeError):
    """The redacted file still holds text that should have been removed; never released."""


@dataclass(frozen=True)
class Word:
    start: int  # offsets of the word in the page text
    end: int
    rect: Rect
    line: tuple[int, int]  # (block, line) as PyMuPDF numbers them
    text: str


# ---------------------------------------------------------------------------
# Opening and converting


def _tessdata() -> str:
    return os.environ.get("TESSDATA_PREFIX") or "/usr/share/tesseract-ocr/5/tessdata"


def _open(pdf: bytes) -> pymupdf.Document:
    """The PDF, opened; ValueError with a message for the officer when it cannot be read."""
    try:
        doc = pymupdf.open(stream=pdf, filetype="pdf")
    except Exception as error:  # MuPDF raises many kinds for a broken file
        raise ValueError(_("The file is not a readable PDF: it is damaged or not a PDF at all.")) from error
    if doc.needs_pass or doc.is_encrypted:
        doc.close()
        raise ValueError(_("The PDF is protected by a password. Ask for an unprotected copy and upload it again."))
    if doc.page_count == 0:
        doc.close()
        raise ValueError(_("The file is not a readable PDF: it is damaged or not a PDF at all."))
    return doc


def _validate_pdf(pdf: bytes) -> bytes:
    """The PDF if every page reads; with rotated pages turned upright (same look), so
    that word rectangles, boxes and the rendered page share one coordinate system."""
    doc = _open(pdf)
    try:
        # Protected by an owner password only (it opens, but "printing not allowed"):
        # the copy we work on is stored without that protection.
        rewrite = bool(doc.metadata and doc.metadata.get("encryption"))
        for number in range(doc.page_count):
            page = doc[number]
            # Reading every page's text surfaces broken content streams now, not in the worker.
            page.get_text("text")
            if page.rotation:
                page.remove_rotation()
                rewrite = True
        if rewrite:
            return bytes(doc.tobytes(garbage=1, deflate=True, encryption=ENCRYPT_NONE))
        return pdf
    except Exception as error:  # MuPDF raises many kinds for a broken file
        raise ValueError(_("The file is not a readable PDF: it is damaged or not a PDF at all.")) from error
    finally:
        doc.close()


def _image_kind(data: bytes) -> str | None:
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if data.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if data[:4] in (b"II*\x00", b"MM\x00*"):
        return "tiff"
    return None


def _image_to_pdf(data: bytes, kind: str) -> bytes:
    """Each image (each frame of a TIFF) as a PDF page with its OCR text layer."""
    try:
        images = pymupdf.open(stream=data, filetype=kind)
        out = pymupdf.open()
        for number in range(images.page_count):
            # A single image keeps its own pixels; the frames of a TIFF are rendered.
            pix = pymupdf.Pixmap(data) if images.page_count == 1 else images[number].get_pixmap(dpi=OCR_DPI)
            if pix.colorspace is None or pix.colorspace.n not in (1, 3) or pix.alpha:
                pix = pymupdf.Pixmap(pymupdf.csRGB, pix, 0)
            if pix.xres < 72 or pix.yres < 72 or (pix.xres == 96 and pix.width > 1600):
                # No usable resolution in the file: assume a page 8.5 inches wide.
                dpi = max(72, round(pix.width / 8.5))
                pix.set_dpi(dpi, dpi)
            page_pdf = pymupdf.open(stream=pix.pdfocr_tobytes(language=OCR_LANGUAGE, tessdata=_tessdata()),
                                    filetype="pdf")
            out.insert_pdf(page_pdf)
        return bytes(out.tobytes(garbage=3, deflate=True))
    except Exception as error:  # MuPDF raises many kinds for a broken file
        raise ValueError(_("The image cannot be read: it is damaged or in a format we do not accept.")) from error


def _office_to_pdf(data: bytes, suffix: str) -> bytes:
    """Converted by LibreOffice, with a profile of its own so conversions can run side by side."""
    with tempfile.TemporaryDirectory(prefix="sentinelle-soffice-") as tmp:
        work = Path(tmp)
        source = work / f"document{suffix}"
        if suffix == ".txt":
            try:
                text = data.decode("utf-8-sig")
            except UnicodeDecodeError:
                text = data.decode("cp1252", errors="replace")
            # A byte-order mark tells LibreOffice the encoding.
            data = text.encode("utf-8-sig")
        source.write_bytes(data)
        profile = (work / "profile").as_uri()
        outdir = work / "out"
        command = [shutil.which("soffice") or "/usr/bin/soffice", f"-env:UserInstallation={profile}",
                   "--headless", "--norestore", "--nologo", "--nolockcheck", "--convert-to", "pdf",
                   "--outdir", str(outdir), str(source)]
        try:
            # A session of its own, so that on a timeout the whole LibreOffice
            # process group goes (soffice is a wrapper around soffice.bin).
            process = subprocess.Popen(  # noqa: S603 - fixed program, arguments are paths we made
                command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=tmp,
                env={**os.environ, "HOME": tmp}, start_new_session=True,
            )
        except FileNotFoundError as error:
            raise ValueError(_("Office documents cannot be converted on this server.")) from error
        try:
            process.wait(timeout=OFFICE_TIMEOUT)
        except subprocess.TimeoutExpired as error:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
            raise ValueError(_("The document took too long to convert to PDF.")) from error
        result = outdir / "document.pdf"
        if not result.exists() or result.stat().st_size == 0:
            raise ValueError(_("The document cannot be converted to PDF: it is damaged or not what its name says."))
        return _validate_pdf(result.read_bytes())


def to_pdf(data: bytes, filename: str) -> bytes:
    """The document as a PDF: a PDF as is (once checked it opens), an image as a page
    with an OCR text layer, an office document through LibreOffice. ValueError with a
    message for the officer otherwise."""
    if not data:
        raise ValueError(_("The file is empty."))
    suffix = PurePath(filename).suffix.lower()
    if data[:1024].find(b"%PDF-") != -1:
        return _validate_pdf(data)
    kind = _image_kind(data)
    if kind:
        return _image_to_pdf(data, kind)
    if suffix in OFFICE_EXTENSIONS:
        return _office_to_pdf(data, suffix)
    if suffix == ".pdf":
        raise ValueError(_("The file is not a readable PDF: it is damaged or not a PDF at all."))
    raise ValueError(_("This kind of file cannot be redacted. Accepted: PDF, PNG, JPEG, TIFF, DOCX, ODT, DOC, "
                       "RTF and plain text."))


def page_count(pdf: bytes) -> int:
    doc = _open(pdf)
    try:
        return int(doc.page_count)
    finally:
        doc.close()


def _page(doc: pymupdf.Document, page: int) -> pymupdf.Page:
    if not 0 <= page < doc.page_count:
        raise ValueError(_("This page does not exist in the document."))
    return doc[page]


def render_page(pdf: bytes, page: int, *, zoom: float = 1.5) -> bytes:
    """A PNG of one page, for the review screen."""
    doc = _open(pdf)
    try:
        pix = _page(doc, page).get_pixmap(matrix=pymupdf.Matrix(zoom, zoom), alpha=False)
        return bytes(pix.tobytes("png"))
    finally:
        doc.close()


def page_size(pdf: bytes, page: int) -> tuple[float, float]:
    doc = _open(pdf)
    try:
        rect = _page(doc, page).rect
        return float(rect.width), float(rect.height)
    finally:
        doc.close()


# ---------------------------------------------------------------------------
# Reading pages: words, their offsets in the page text, OCR


def _needs_ocr(page: pymupdf.Page, text: str) -> bool:
    return len("".join(text.split())) < OCR_TEXT_THRESHOLD and bool(page.get_images(full=False))


def page_words(page: pymupdf.Page, *, textpage: pymupdf.TextPage | None = None) -> tuple[str, list[Word]]:
    """The page text built from its words, so that the offsets of every word in that
    text are exact: one space between the words of a line and between the lines of a
    block (a paragraph reads as one, so a name wrapped over two lines is still found),
    a blank line between blocks."""
    raw = page.get_text("words", textpage=textpage) if textpage else page.get_text("words")
    raw.sort(key=lambda w: (w[5], w[6], w[7]))
    parts: list[str] = []
    words: list[Word] = []
    offset = 0
    previous: tuple[int, int] | None = None
    for x0, y0, x1, y1, text, block, line, _number in raw:
        if previous is not None:
            separator = " " if block == previous[0] else "\n\n"
            parts.append(separator)
            offset += len(separator)
        parts.append(text)
        words.append(Word(offset, offset + len(text), (x0, y0, x1, y1), (block, line), text))
        offset += len(text)
        previous = (block, line)
    return "".join(parts), words


def read_page(page: pymupdf.Page) -> tuple[str, list[Word]]:
    """Words of a page, by OCR when the page is an image with (almost) no text."""
    text, words = page_words(page)
    if _needs_ocr(page, text):
        textpage = page.get_textpage_ocr(language=OCR_LANGUAGE, dpi=OCR_DPI, full=True, tessdata=_tessdata())
        text, words = page_words(page, textpage=textpage)
    return text, words


def _same_row(a: Rect, b: Rect) -> bool:
    """Two rectangles sit on the same printed line when they overlap by most of their height."""
    overlap = min(a[3], b[3]) - max(a[1], b[1])
    return overlap > 0.5 * min(a[3] - a[1], b[3] - b[1])


def _union(a: Rect, b: Rect) -> Rect:
    return (min(a[0], b[0]), min(a[1], b[1]), max(a[2], b[2]), max(a[3], b[3]))


def map_findings(page: int, words: Sequence[Word], findings: Iterable[Finding]) -> list[Proposal]:
    """Each finding (character offsets into the page text) as rectangles over its
    words: consecutive words of one line merge into one rectangle; a finding that runs
    over two lines gives one proposal per line. A word partly inside a finding is
    covered whole (better a few characters too many than one too few)."""
    proposals: list[Proposal] = []
    for finding in findings:
        covered = [w for w in words if w.start < finding.end and w.end > finding.start]
        groups: list[list[Word]] = []
        for word in covered:
            if groups and (groups[-1][-1].line == word.line or _same_row(groups[-1][-1].rect, word.rect)):
                groups[-1].append(word)
            else:
                groups.append([word])
        for group in groups:
            rect = group[0].rect
            for word in group[1:]:
                rect = _union(rect, word.rect)
            proposals.append(Proposal(page=page, rect=tuple(round(v, 2) for v in rect),  # type: ignore[arg-type]
                                      text=" ".join(w.text for w in group), kind=finding.kind,
                                      score=float(finding.score)))
    return proposals


def propose(pdf: bytes, language: str, *, progress: Progress | None = None) -> list[Proposal]:
    """Proposed redactions of personal information on every page, in page order."""
    from sentinelle.privacy.pii import find_personal_information

    doc = _open(pdf)
    proposals: list[Proposal] = []
    try:
        total = doc.page_count
        for number in range(total):
            text, words = read_page(doc[number])
            if text.strip():
                proposals.extend(map_findings(number, words, find_personal_information(text, language)))
            if progress:
                progress(number + 1, total)
    finally:
        doc.close()
    return proposals


def _normal_rect(rect: Rect | Sequence[float]) -> Rect:
    x0, y0, x1, y1 = (float(v) for v in rect)
    return (min(x0, x1), min(y0, y1), max(x0, x1), max(y0, y1))


def _covered_words(words: Iterable[Word], rect: Rect) -> list[Word]:
    """The words a quarter or more of whose area lies in `rect` (plain arithmetic:
    this runs for every box against every word of its page)."""
    bx0, by0, bx1, by1 = rect
    under = []
    for word in words:
        x0, y0, x1, y1 = word.rect
        if x1 <= bx0 or x0 >= bx1 or y1 <= by0 or y0 >= by1:
            if not (x0 == x1 or y0 == y1) or not (bx0 <= x0 <= bx1 and by0 <= y0 <= by1):
                continue
            under.append(word)  # an empty rectangle inside the box
            continue
        area = (x1 - x0) * (y1 - y0)
        overlap = (min(x1, bx1) - max(x0, bx0)) * (min(y1, by1) - max(y0, by0))
        if area <= 0 or overlap >= UNDER_SHARE * area:
            under.append(word)
    return under


def text_under(pdf: bytes, page: int, rect: Rect | Sequence[float]) -> str:
    """The words a box covers (for the schedule of redactions), in reading order."""
    doc = _open(pdf)
    try:
        _text, words = read_page(_page(doc, page))
        return " ".join(w.text for w in _covered_words(words, _normal_rect(rect)))
    finally:
        doc.close()


# ---------------------------------------------------------------------------
# Applying


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
        _page(doc, box.page)
        by_page.setdefault(box.page, []).append(box)
    total = doc.page_count
    for number in range(total):
        page = doc[number]
        for box in by_page.get(number, []):
            rect = pymupdf.Rect(_normal_rect(box.rect)) & page.rect
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
        under = {id(w) for rect in rects.get(number, []) for w in _covered_words(words, rect)}
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
                rect = _normal_rect(box.rect)
                inside = [w.text for w in _covered_words(words, rect)]
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
    doc = _open(pdf)
    try:
        # Form fields and annotations become page content first, so what they show is
        # redacted like the rest and what they don't show is dropped.
        doc.bake(annots=True, widgets=True)
        rects: dict[int, list[Rect]] = {}
        for box in boxes:
            _page(doc, box.page)
            rects.setdefault(box.page, []).append(_normal_rect(box.rect))
        covered: list[str] = []
        words_by_page: dict[int, list[Word]] = {}
        for number in range(doc.page_count):
            page = doc[number]
            # Pages with a box are read as the officer saw them (OCR for a scan).
            _text, words = read_page(page) if number in rects else page_words(page)
            words_by_page[number] = words
            for rect in rects.get(number, []):
                under = _covered_words(words, rect)
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

