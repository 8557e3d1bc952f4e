"""Every document to release as a PDF whose pages read: a PDF as is (once checked
that it opens, its rotated pages turned upright), an image as a page with an OCR
text layer, an office document through LibreOffice; and what the review screen
needs of a page (its size, its picture)."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import tempfile
from pathlib import Path, PurePath

import pymupdf
from django.utils.translation import gettext as _

OCR_LANGUAGE = "fra+eng"
OCR_DPI = 200
OFFICE_EXTENSIONS = frozenset({".docx", ".odt", ".doc", ".rtf", ".txt"})
OFFICE_TIMEOUT = 180  # seconds for one soffice conversion
ENCRYPT_NONE: int = pymupdf.PDF_ENCRYPT_NONE  # type: ignore[attr-defined]


def tessdata() -> str:
    return os.environ.get("TESSDATA_PREFIX") or "/usr/share/tesseract-ocr/5/tessdata"


def open_pdf(pdf: bytes) -> pymupdf.Document:
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
    doc = open_pdf(pdf)
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
            page_pdf = pymupdf.open(stream=pix.pdfocr_tobytes(language=OCR_LANGUAGE, tessdata=tessdata()),
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
    doc = open_pdf(pdf)
    try:
        return int(doc.page_count)
    finally:
        doc.close()


def page_of(doc: pymupdf.Document, page: int) -> pymupdf.Page:
    if not 0 <= page < doc.page_count:
        raise ValueError(_("This page does not exist in the document."))
    return doc[page]


def render_page(pdf: bytes, page: int, *, zoom: float = 1.5) -> bytes:
    """A PNG of one page, for the review screen."""
    doc = open_pdf(pdf)
    try:
        pix = page_of(doc, page).get_pixmap(matrix=pymupdf.Matrix(zoom, zoom), alpha=False)
        return bytes(pix.tobytes("png"))
    finally:
        doc.close()


def page_size(pdf: bytes, page: int) -> tuple[float, float]:
    doc = open_pdf(pdf)
    try:
        rect = page_of(doc, page).rect
        return float(rect.width), float(rect.height)
    finally:
        doc.close()
