"""Reading the pages of a PDF: its words with their offsets in the page text and
their rectangles (by OCR where a page is only an image), the personal
information the detector finds in that text as proposed boxes, and the words a
box covers."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

import pymupdf

from sentinelle.privacy.redaction import Progress, Rect
from sentinelle.privacy.redaction.convert import OCR_DPI, OCR_LANGUAGE, open_pdf, page_of, tessdata

if TYPE_CHECKING:
    from sentinelle.privacy.pii import Finding

# A page with images and fewer non-blank characters than this is read by OCR.
OCR_TEXT_THRESHOLD = 20
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
class Word:
    start: int  # offsets of the word in the page text
    end: int
    rect: Rect
    line: tuple[int, int]  # (block, line) as PyMuPDF numbers them
    text: str


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
        textpage = page.get_textpage_ocr(language=OCR_LANGUAGE, dpi=OCR_DPI, full=True, tessdata=tessdata())
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

    doc = open_pdf(pdf)
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


def normal_rect(rect: Rect | Sequence[float]) -> Rect:
    x0, y0, x1, y1 = (float(v) for v in rect)
    return (min(x0, x1), min(y0, y1), max(x0, x1), max(y0, y1))


def covered_words(words: Iterable[Word], rect: Rect) -> list[Word]:
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
    doc = open_pdf(pdf)
    try:
        _text, words = read_page(page_of(doc, page))
        return " ".join(w.text for w in covered_words(words, normal_rect(rect)))
    finally:
        doc.close()
