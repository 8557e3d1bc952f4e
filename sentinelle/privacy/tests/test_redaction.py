"""True redaction: what a released PDF still holds, read back with pypdf and PyMuPDF.

Every document here is a real file made in the test (PyMuPDF pages with text, an
image of text, line art, metadata, annotations, attachments and a form field;
LibreOffice conversions; PNG images read by tesseract)."""

from __future__ import annotations

import io
import threading
from dataclasses import dataclass

import pikepdf
import pymupdf
import pypdf
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sentinelle.privacy.redaction import apply, convert, read
from sentinelle.privacy.redaction.apply import Box, LeakError
from sentinelle.privacy.redaction.read import Word
from sentinelle.test import example_count

# The module's PDFs are made once, in one worker
pytestmark = pytest.mark.xdist_group("redaction")

LABEL = "art. 53, 54"
SIN = "130 692 544"  # a valid SIN (checksum and first digit)
PHONE = "514-555-0199"

LINES = [
    "Rapport d'inspection numéro 2024-117, chantier de la rue Principale.",
    f"Le plaignant, Jean Tremblay, NAS {SIN}, joignable au {PHONE}.",
    "Le contremaître a refusé de remettre les talons de paie aux ouvriers.",
]


def _image_of_text(text: str, *, width: float = 300, height: float = 60, fontsize: float = 20) -> bytes:
    """A PNG (150 dpi) of a line of text, as a scanner would give it."""
    doc = pymupdf.open()
    page = doc.new_page(width=width, height=height)
    page.insert_text((10, 40), text, fontsize=fontsize)
    return bytes(page.get_pixmap(dpi=150).tobytes("png"))


def _inspection_pdf() -> bytes:
    """One page with everything a released file must not keep."""
    doc = pymupdf.open()
    page = doc.new_page()
    y = 80.0
    for line in LINES:
        page.insert_text((72, y), line, fontsize=10)
        y += 20
    page.insert_image(pymupdf.Rect(72, 200, 372, 260), stream=_image_of_text("Signé : Paul Lavoie"))
    page.draw_line((72, 300), (300, 300), color=(0, 0, 1), width=2)  # under a box
    page.draw_rect(pymupdf.Rect(400, 320, 440, 360), color=(1, 0, 0), fill=(1, 0, 0))  # away from boxes
    doc.set_metadata({"author": "Jean Tremblay", "title": "Dossier Tremblay", "subject": "Plainte"})
    doc.set_xml_metadata('<x:xmpmeta xmlns:x="adobe:ns:meta/"><dc>Jean Tremblay, auteur</dc></x:xmpmeta>')
    page.add_text_annot((500, 100), "Appeler Jean Tremblay")
    page.insert_link({"kind": pymupdf.LINK_URI, "from": pymupdf.Rect(72, 400, 200, 420),
                      "uri": "https://exemple.ca/tremblay"})
    doc.embfile_add("notes.txt", b"Notes internes sur Jean Tremblay")
    field = pymupdf.Widget()
    field.field_type = pymupdf.PDF_WIDGET_TYPE_TEXT
    field.field_name = "plaignant"
    field.field_value = "Tremblay"
    field.rect = pymupdf.Rect(72, 450, 300, 470)
    page.add_widget(field)
    doc.set_toc([[1, "Témoignage de Jean Tremblay", 1]])
    return bytes(doc.tobytes())


def _word_rect(pdf: bytes, word: str, page: int = 0) -> tuple[float, float, float, float]:
    _text, words = read.page_words(pymupdf.open(stream=pdf, filetype="pdf")[page])
    return next(w.rect for w in words if w.text.rstrip(",.") == word)


def _rect_of(pdf: bytes, phrase: str) -> tuple[float, float, float, float]:
    rects = pymupdf.open(stream=pdf, filetype="pdf")[0].search_for(phrase)
    assert len(rects) == 1, phrase
    return tuple(rects[0])  # type: ignore[return-value]


def _all_text(pdf: bytes) -> tuple[str, str]:
    """Every extractable text, with pypdf and with PyMuPDF, whitespace-normalised."""
    by_pypdf = " ".join(p.extract_text() or "" for p in pypdf.PdfReader(io.BytesIO(pdf)).pages)
    by_mupdf = " ".join(p.get_text() for p in pymupdf.open(stream=pdf, filetype="pdf"))
    return " ".join(by_pypdf.split()), " ".join(by_mupdf.split())


@pytest.fixture(scope="module")
def source() -> bytes:
    return _inspection_pdf()


@pytest.fixture(scope="module")
def boxes(source: bytes) -> list[Box]:
    return [
        Box(0, _rect_of(source, "Jean Tremblay"), LABEL),
        Box(0, _rect_of(source, SIN), LABEL),
        Box(0, _rect_of(source, PHONE), LABEL),
        Box(0, (72, 200, 200, 260), LABEL),  # "Signé : Pa" of the image
        Box(0, (100, 290, 200, 310), "art. 37"),  # across the blue line
        Box(0, (72, 448, 300, 472), LABEL),  # the form field, once baked
    ]


@pytest.fixture(scope="module")
def released(source: bytes, boxes: list[Box]) -> bytes:
    return apply.apply(source, boxes)


def test_redacted_strings_cannot_be_extracted_and_the_rest_can(released: bytes) -> None:
    for text in _all_text(released):
        for secret in ("Jean Tremblay", "Tremblay", SIN, "692 544", PHONE, "555-0199"):
            assert secret not in text
        assert "Rapport d'inspection numéro 2024-117" in text
        assert "Le contremaître a refusé de remettre les talons de paie aux ouvriers." in text
        assert "Le plaignant, " in text
    assert apply.leaked_strings(released, ["Jean Tremblay", SIN, PHONE, "talons de paie"]) == [
        "talons de paie"]


def test_the_box_shows_its_legal_ground(source: bytes, released: bytes) -> None:
    page = pymupdf.open(stream=released, filetype="pdf")[0]
    for phrase in ("Jean Tremblay", SIN):
        rect = pymupdf.Rect(_rect_of(source, phrase))
        assert " ".join(page.get_text("text", clip=rect).split()) == LABEL
    assert " ".join(page.get_text("text", clip=pymupdf.Rect(100, 290, 200, 310)).split()) == "art. 37"


def test_metadata_annotations_attachments_forms_and_bookmarks_are_gone(released: bytes) -> None:
    with pikepdf.open(io.BytesIO(released)) as pdf:
        assert "/Info" not in pdf.trailer
        for key in ("/Metadata", "/AcroForm", "/Outlines", "/OpenAction", "/Names", "/Info"):
            assert key not in pdf.Root
        assert all("/Annots" not in page.obj for page in pdf.pages)
    doc = pymupdf.open(stream=released, filetype="pdf")
    assert not any(doc.metadata[key] for key in ("author", "title", "subject", "producer", "creator"))
    assert doc.get_xml_metadata() == ""
    assert doc.embfile_names() == []
    assert doc.get_toc() == []
    page = doc[0]
    assert list(page.annots()) == [] and list(page.widgets()) == [] and page.get_links() == []
    assert b"Tremblay" not in released and b"tremblay" not in released


def test_image_pixels_under_a_box_are_removed_and_black_on_the_page(source: bytes, released: bytes) -> None:
    zoom = 2
    before = pymupdf.open(stream=source, filetype="pdf")[0].get_pixmap(matrix=pymupdf.Matrix(zoom, zoom))
    after = pymupdf.open(stream=released, filetype="pdf")[0].get_pixmap(matrix=pymupdf.Matrix(zoom, zoom))
    # The image's left part (x 72–200 of 72–372) is under the box, away from the label in its middle.
    samples = [(x, y) for x in range(76, 106, 2) for y in range(204, 256, 2)]
    assert any(before.pixel(x * zoom, y * zoom) != (255, 255, 255) for x, y in samples)  # text was there
    assert all(after.pixel(x * zoom, y * zoom) == (0, 0, 0) for x, y in samples)
    # Outside the box the image is still visible.
    assert any(after.pixel(x * zoom, y * zoom) != (255, 255, 255) for x in range(205, 370, 2)
               for y in range(210, 250, 2))
    # And the image data itself no longer holds the covered part: uniform where the text was.
    doc = pymupdf.open(stream=released, filetype="pdf")
    info = doc[0].get_image_info(xrefs=True)[0]
    pix = pymupdf.Pixmap(doc, info["xref"])
    scale = pix.width / (info["bbox"][2] - info["bbox"][0])
    covered = {pix.pixel(int(x * scale), int(y * scale)) for x in range(0, 126, 2) for y in range(0, 58, 2)}
    assert len(covered) == 1


def test_line_art_under_a_box_is_removed_and_the_rest_kept(released: bytes) -> None:
    drawings = pymupdf.open(stream=released, filetype="pdf")[0].get_drawings()
    colours = {d.get("color") for d in drawings} | {d.get("fill") for d in drawings}
    assert (0.0, 0.0, 1.0) not in colours  # the blue line touched by a box
    assert (1.0, 0.0, 0.0) in colours  # the red square away from every box


def test_a_string_covered_once_may_remain_where_it_is_not_covered() -> None:
    doc = pymupdf.open()
    page = doc.new_page()
    page.insert_text((72, 80), "Témoin : Luc Bergeron, voisin.", fontsize=11)
    page.insert_text((72, 100), "Le rapport cite Luc Bergeron sans réserve.", fontsize=11)
    pdf = bytes(doc.tobytes())
    first = pymupdf.open(stream=pdf, filetype="pdf")[0].search_for("Luc Bergeron")[0]
    released = apply.apply(pdf, [Box(0, tuple(first), LABEL)])
    page = pymupdf.open(stream=released, filetype="pdf")[0]
    assert "Bergeron" not in page.get_text("text", clip=first)
    assert "Le rapport cite Luc Bergeron sans réserve." in " ".join(page.get_text().split())


def test_verification_refuses_a_file_that_still_holds_covered_text(source: bytes) -> None:
    box = Box(0, _rect_of(source, SIN), LABEL)
    with pytest.raises(LeakError):
        apply.verify(source, [box], [SIN], remainder="")


def test_text_under_a_hand_drawn_box(source: bytes) -> None:
    x0, y0, _x1, y1 = _rect_of(source, "Jean Tremblay")
    _a, _b, x1, _c = _rect_of(source, SIN)
    assert read.text_under(source, 0, (x0, y0, x1, y1)) == f"Jean Tremblay, NAS {SIN},"


def test_proposals_cover_the_personal_information(source: bytes) -> None:
    progress: list[tuple[int, int]] = []
    proposals = read.propose(source, "fr", progress=lambda done, total: progress.append((done, total)))
    assert progress == [(1, 1)]
    found = {(p.kind, p.text.rstrip(",.")): p for p in proposals}
    assert {("PERSON", "Jean Tremblay"), ("SIN", SIN), ("PHONE", PHONE)} <= set(found)
    for kind, phrase in (("PERSON", "Jean Tremblay"), ("SIN", SIN), ("PHONE", PHONE)):
        expected = pymupdf.Rect(_rect_of(source, phrase))
        got = pymupdf.Rect(found[kind, phrase].rect)
        assert got.intersect(expected).get_area() >= 0.9 * expected.get_area()
    released = apply.apply(source, [Box(p.page, p.rect, LABEL) for p in proposals])
    for text in _all_text(released):
        assert "Jean Tremblay" not in text and SIN not in text and PHONE not in text


@dataclass(frozen=True)
class _Span:
    start: int
    end: int
    kind: str = "PERSON"
    score: float = 0.9


def test_a_finding_over_two_lines_gives_one_rectangle_per_line() -> None:
    doc = pymupdf.open()
    page = doc.new_page()
    page.insert_textbox(pymupdf.Rect(72, 72, 300, 200),
                        "La plainte a été déposée par madame Marie-Claude\nGagnon-Ouellet le 3 mars.", fontsize=11)
    text, words = read.page_words(page)
    assert "madame Marie-Claude Gagnon-Ouellet le" in text  # the two lines of the paragraph read as one
    start = text.index("Marie-Claude")
    end = text.index("Gagnon-Ouellet") + len("Gagnon-Ouellet")
    proposals = read.map_findings(0, words, [_Span(start, end)])
    assert [p.text for p in proposals] == ["Marie-Claude", "Gagnon-Ouellet"]
    first = next(w for w in words if w.text == "Marie-Claude").rect
    second = next(w for w in words if w.text == "Gagnon-Ouellet").rect
    assert [p.rect for p in proposals] == [tuple(round(v, 2) for v in r) for r in (first, second)]
    assert first[1] < second[1]  # really two lines


def _layout(draw: st.DrawFn) -> tuple[list[Word], str]:
    lines = draw(st.lists(st.lists(st.text("abcdéXYZ019", min_size=1, max_size=8), min_size=1, max_size=6),
                          min_size=1, max_size=5))
    words: list[Word] = []
    parts: list[str] = []
    offset = 0
    for row, line in enumerate(lines):
        x = 72.0
        for text in line:
            if parts:
                parts.append(" ")
                offset += 1
            width = 6.0 * len(text)
            words.append(Word(offset, offset + len(text), (x, 72.0 + 14 * row, x + width, 84.0 + 14 * row),
                              (0, row), text))
            parts.append(text)
            offset += len(text)
            x += width + 3
    return words, "".join(parts)


@settings(max_examples=example_count(150), deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_mapping_covers_exactly_the_words_of_the_finding(data: st.DataObject) -> None:
    words, text = data.draw(st.composite(_layout)())
    start = data.draw(st.integers(0, len(text) - 1))
    end = data.draw(st.integers(start + 1, len(text)))
    proposals = read.map_findings(2, words, [_Span(start, end, "PHONE", 0.7)])
    touched = [w for w in words if w.start < end and w.end > start]
    # one rectangle per line touched, each the union of that line's touched words
    assert len(proposals) == len({w.line for w in touched})
    for proposal in proposals:
        assert proposal.page == 2 and proposal.kind == "PHONE"
        line_words = [w for w in touched if w.text in proposal.text.split(" ") and
                      abs(w.rect[1] - proposal.rect[1]) < 0.01]
        assert proposal.rect[0] == pytest.approx(min(w.rect[0] for w in line_words), abs=0.01)
        assert proposal.rect[2] == pytest.approx(max(w.rect[2] for w in line_words), abs=0.01)
    assert " ".join(p.text for p in proposals) == " ".join(w.text for w in touched)


@given(st.lists(st.sampled_from(["Jean", "Tremblay", "514-555-0199", "\n", "  ", "\t"]), min_size=1, max_size=8))
@settings(max_examples=example_count(30), deadline=None)
def test_leaked_strings_ignore_whitespace_and_case(pieces: list[str]) -> None:
    doc = pymupdf.open()
    doc.new_page().insert_text((72, 72), "Dossier de JEAN   Tremblay, tél. 514-555-0199", fontsize=11)
    pdf = bytes(doc.tobytes())
    needle = "".join(pieces)
    expected = " ".join(needle.split()).casefold() in "dossier de jean tremblay, tél. 514-555-0199"
    assert apply.leaked_strings(pdf, [needle]) == ([needle] if expected and needle.split() else [])


# ---------------------------------------------------------------------------
# OCR


@pytest.mark.system
def test_an_image_becomes_a_page_with_an_ocr_text_layer_and_proposals_over_its_words() -> None:
    png = _image_of_text(f"Téléphone : {PHONE}", width=400, fontsize=22)
    pdf = convert.to_pdf(png, "photo.png")
    assert convert.page_count(pdf) == 1
    text = pymupdf.open(stream=pdf, filetype="pdf")[0].get_text()
    assert PHONE in text
    proposals = [p for p in read.propose(pdf, "fr") if p.kind == "PHONE"]
    assert len(proposals) == 1
    _check_over_the_phone(pdf, proposals[0].rect)
    released = apply.apply(pdf, [Box(0, proposals[0].rect, LABEL)])
    for text in _all_text(released):
        assert PHONE not in text and "555" not in text
        assert "Téléphone" in text  # the OCR layer outside the box stays searchable
    x0, y0, x1, y1 = proposals[0].rect
    pix = pymupdf.open(stream=released, filetype="pdf")[0].get_pixmap(dpi=72)
    assert pix.pixel(int(x0) + 2, int(y0) + 2) == (0, 0, 0) and pix.pixel(int(x1) - 2, int(y1) - 2) == (0, 0, 0)


def _check_over_the_phone(pdf: bytes, rect: tuple[float, float, float, float]) -> None:
    """The rectangle sits where the phone number is drawn: dark pixels inside, none of
    the number's ink left outside it on that line."""
    width, height = convert.page_size(pdf, 0)
    pix = pymupdf.Pixmap(convert.render_page(pdf, 0, zoom=2))
    assert (pix.width, pix.height) == (round(width * 2), round(height * 2))
    x0, y0, x1, y1 = rect
    inside = [pix.pixel(int(x * 2), int(y * 2)) for x in range(int(x0), int(x1)) for y in range(int(y0), int(y1))]
    assert sum(1 for p in inside if p[0] < 128) > 50
    # the label part "Téléphone :" lies left of the rectangle
    assert x0 > width * 0.3


@pytest.mark.system
def test_an_image_only_pdf_page_is_read_by_ocr() -> None:
    png = _image_of_text(f"Téléphone : {PHONE}", width=400, fontsize=22)
    doc = pymupdf.open()
    page = doc.new_page(width=400, height=60)
    page.insert_image(page.rect, stream=png)
    pdf = bytes(doc.tobytes())
    assert pymupdf.open(stream=pdf, filetype="pdf")[0].get_text().strip() == ""
    proposals = [p for p in read.propose(pdf, "fr") if p.kind == "PHONE"]
    assert len(proposals) == 1
    _check_over_the_phone(pdf, proposals[0].rect)
    assert read.text_under(pdf, 0, proposals[0].rect) == PHONE
    released = apply.apply(pdf, [Box(0, proposals[0].rect, LABEL)])
    page = pymupdf.open(stream=released, filetype="pdf")[0]
    ocr = page.get_textpage_ocr(language="fra+eng", dpi=200, full=True, tessdata=convert.tessdata())
    assert "555" not in page.get_text(textpage=ocr)


# ---------------------------------------------------------------------------
# Conversion and bad uploads


def _soffice(tmp_path, text: str, target: str) -> bytes:  # type: ignore[no-untyped-def]
    """An office document made by LibreOffice from plain text."""
    import shutil
    import subprocess

    source = tmp_path / "source.txt"
    source.write_text(text, encoding="utf-8-sig")
    profile = (tmp_path / "profile").as_uri()
    subprocess.run(  # noqa: S603 - a fixed program on files the test made
        [shutil.which("soffice") or "soffice", f"-env:UserInstallation={profile}", "--headless",
         "--convert-to", target, "--outdir", str(tmp_path), str(source)],
        check=True, capture_output=True, timeout=180)
    return (tmp_path / f"source.{target}").read_bytes()


@pytest.mark.system
def test_office_documents_are_converted_side_by_side(tmp_path) -> None:  # type: ignore[no-untyped-def]
    docx = _soffice(tmp_path, "Plainte de Josée Côté contre l'employeur.\nDeuxième ligne.", "docx")
    assert docx.startswith(b"PK")
    results: dict[str, bytes] = {}

    def convert_one(name: str, data: bytes) -> None:
        results[name] = convert.to_pdf(data, name)

    threads = [threading.Thread(target=convert_one, args=("plainte.docx", docx)),
               threading.Thread(target=convert_one, args=("notes.txt", "Notes sur Rémi Lévesque.\n".encode()))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert "Plainte de Josée Côté contre l'employeur." in pymupdf.open(stream=results["plainte.docx"])[0].get_text()
    assert "Notes sur Rémi Lévesque." in pymupdf.open(stream=results["notes.txt"])[0].get_text()


def test_a_conversion_that_takes_too_long_is_stopped_with_a_message(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(convert, "OFFICE_TIMEOUT", 0.2)
    with pytest.raises(ValueError, match="took too long"):
        convert.to_pdf("Notes sur Rémi Lévesque.\n".encode(), "notes.txt")


def test_a_pdf_passes_through_unchanged(source: bytes) -> None:
    assert convert.to_pdf(source, "dossier.pdf") == source


@pytest.mark.parametrize(("data", "name", "words"), [
    (b"%PDF-1.7\n1 0 obj << /Type /Catalog >> garbage", "dossier.pdf", "not a readable PDF"),
    (b"not a pdf at all", "dossier.pdf", "not a readable PDF"),
    (b"", "vide.pdf", "empty"),
    (b"PK\x03\x04 this is not a real archive", "lettre.docx", "cannot be converted"),
    (b"\x89PNG\r\n\x1a\n truncated", "photo.png", "image cannot be read"),
    (b"MZ\x90\x00", "programme.exe", "cannot be redacted"),
])
def test_a_bad_upload_gets_a_clear_message(data: bytes, name: str, words: str) -> None:
    with pytest.raises(ValueError, match=words):
        convert.to_pdf(data, name)


def test_a_password_protected_pdf_is_refused(source: bytes) -> None:
    doc = pymupdf.open(stream=source, filetype="pdf")
    locked = doc.tobytes(encryption=pymupdf.PDF_ENCRYPT_AES_256, owner_pw="owner", user_pw="secret")
    with pytest.raises(ValueError, match="password"):
        convert.to_pdf(locked, "dossier.pdf")
    with pytest.raises(ValueError, match="password"):
        convert.page_count(locked)


def test_a_pdf_protected_by_an_owner_password_only_is_accepted_and_released_unprotected(source: bytes) -> None:
    doc = pymupdf.open(stream=source, filetype="pdf")
    locked = doc.tobytes(encryption=pymupdf.PDF_ENCRYPT_AES_256, owner_pw="owner", user_pw="", permissions=0)
    pdf = convert.to_pdf(locked, "dossier.pdf")
    assert pymupdf.open(stream=pdf, filetype="pdf").metadata["encryption"] is None
    released = apply.apply(locked, [Box(0, _rect_of(source, SIN), LABEL)])
    assert pymupdf.open(stream=released, filetype="pdf").metadata["encryption"] is None
    assert all(SIN not in text for text in _all_text(released))


def test_pages_render_and_have_their_size(source: bytes) -> None:
    png = convert.render_page(source, 0, zoom=1.5)
    assert png.startswith(b"\x89PNG")
    assert convert.page_size(source, 0) == (595.0, 842.0)
    with pytest.raises(ValueError, match="page does not exist"):
        convert.render_page(source, 3)


def test_apply_reports_progress_page_by_page() -> None:
    doc = pymupdf.open()
    for n in range(3):
        doc.new_page().insert_text((72, 72), f"Page {n} : Hélène Roy", fontsize=11)
    pdf = bytes(doc.tobytes())
    seen: list[tuple[int, int]] = []
    box = Box(1, tuple(pymupdf.open(stream=pdf)[1].search_for("Hélène Roy")[0]), LABEL)
    released = apply.apply(pdf, [box], progress=lambda d, t: seen.append((d, t)))
    assert seen == [(1, 3), (2, 3), (3, 3)]
    texts = [" ".join(p.get_text().split()) for p in pymupdf.open(stream=released)]
    assert texts == ["Page 0 : Hélène Roy", f"Page 1 : {LABEL}", "Page 2 : Hélène Roy"]


def test_a_rotated_page_is_turned_upright_so_boxes_match_the_rendered_page() -> None:
    doc = pymupdf.open()
    page = doc.new_page()
    page.insert_text((72, 100), "Le témoin Hélène Roy habite ici.", fontsize=12)
    page.set_rotation(90)
    pdf = convert.to_pdf(bytes(doc.tobytes()), "tourne.pdf")
    upright = pymupdf.open(stream=pdf, filetype="pdf")[0]
    assert upright.rotation == 0
    rect = upright.search_for("Hélène Roy")[0]
    width, height = convert.page_size(pdf, 0)
    assert (width, height) == (842.0, 595.0)
    # where the words are drawn on the rendered page, the pixels are dark
    pix = pymupdf.Pixmap(convert.render_page(pdf, 0, zoom=1))
    dark = [pix.pixel(int(x), int(y)) for x in range(int(rect.x0), int(rect.x1))
            for y in range(int(rect.y0), int(rect.y1))]
    assert sum(1 for p in dark if p[0] < 128) > 20
    released = apply.apply(pdf, [Box(0, tuple(rect), LABEL)])
    assert " ".join(pymupdf.open(stream=released)[0].get_text().split()) == f"Le témoin habite ici. {LABEL}"
