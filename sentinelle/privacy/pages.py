"""Small PDF helpers of the review screen (PyMuPDF, no detection engine).

PyMuPDF is imported on first use: a web worker that never shows a page to
review never loads it."""

from __future__ import annotations

Rect = tuple[float, float, float, float]


def find_text(pdf: bytes, page: int, text: str) -> list[Rect]:
    """The rectangles where `text` appears on page `page` (0-based), for the
    no-JavaScript way of adding a redaction: type the words to hide."""
    needle = " ".join(text.split())
    if not needle:
        return []
    import pymupdf

    with pymupdf.open(stream=pdf, filetype="pdf") as document:
        if not 0 <= page < document.page_count:
            return []
        found = document[page].search_for(needle)
    return [(r.x0, r.y0, r.x1, r.y1) for r in found]


def page_geometry(pdf: bytes, page: int) -> tuple[float, float]:
    import pymupdf

    with pymupdf.open(stream=pdf, filetype="pdf") as document:
        rect = document[page].rect
    return rect.width, rect.height
