"""Photos and documents lose what they hide before staff ever see them, and files
built to exhaust the server are refused with a clear message, never a 500.

Files go through the real report form and come back through the staff download
view, as an investigator would open them."""

from __future__ import annotations

import hashlib
import io
import os
import struct
import uuid
import zipfile
import zlib
from typing import Any

import pikepdf
import pymupdf
import pytest
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from PIL import ExifTags, Image

from sentinelle.intake import receipts
from sentinelle.intake.models import Allegation, Attachment, Report
from sentinelle.intake.services import add_worker_message, submit_report
from sentinelle.intake.tests.test_public_helpers import file_report, says, send_data, walk_to_review
from sentinelle.lib.uploads.clean import (
    DAMAGED,
    HEIC_REFUSED,
    NESTED,
    OLE_REFUSED,
    PASSWORD,
    TOO_MANY_PIXELS,
    UNPACKS_TOO_MUCH,
    validate_attachment,
)
from sentinelle.lib.uploads.detect import ODT
from sentinelle.test import sign_in

pytestmark = pytest.mark.django_db
WORKER = "Juan Pérez Hernández"
COMPANY = "Serres Lachance inc."
PDF_TEXT = "Heures non payees en octobre"


# Files as a worker's telephone or computer makes them ------------------------------------------


def gps_jpeg(width: int = 64, height: int = 48, orientation: int | None = None) -> bytes:
    """A photo with the place it was taken, the telephone's make and model, a date, a comment."""
    image = Image.new("RGB", (width, height), (200, 30, 30))
    image.paste((20, 20, 220), (0, 0, width // 2, height // 2))  # a blue corner, to see the turn
    exif = Image.Exif()
    exif[ExifTags.Base.Make] = "Apple"
    exif[ExifTags.Base.Model] = "iPhone 15 Pro"
    exif[ExifTags.Base.DateTime] = "2026:10:14 07:31:02"
    exif[ExifTags.Base.Artist] = WORKER
    if orientation:
        exif[ExifTags.Base.Orientation] = orientation
    exif[ExifTags.IFD.GPSInfo] = {
        ExifTags.GPS.GPSLatitudeRef: "N", ExifTags.GPS.GPSLatitude: (45.0, 14.0, 31.5),
        ExifTags.GPS.GPSLongitudeRef: "W", ExifTags.GPS.GPSLongitude: (73.0, 35.0, 12.25),
    }
    out = io.BytesIO()
    image.save(out, "JPEG", exif=exif, comment=f"Photo de {WORKER}".encode())
    return out.getvalue()


def authored_pdf() -> bytes:
    """A PDF with text, its author and creator in the document information and in XMP."""
    document = pymupdf.open()
    page = document.new_page()
    page.insert_text((72, 72), PDF_TEXT)
    made = document.tobytes()
    with pikepdf.open(io.BytesIO(made)) as pdf:
        pdf.docinfo["/Author"] = WORKER
        pdf.docinfo["/Creator"] = "Microsoft Word for Juan's laptop"
        pdf.docinfo["/Producer"] = "Acrobat Distiller 11 (JUAN-PC)"
        pdf.docinfo["/Title"] = f"Plainte de {WORKER}"
        with pdf.open_metadata(set_pikepdf_as_editor=False) as meta:
            meta["dc:creator"] = [WORKER]
            meta["xmp:CreatorTool"] = "JUAN-PC"
        out = io.BytesIO()
        pdf.save(out)
    return out.getvalue()


def office_zip(parts: dict[str, bytes], *, compress: int = zipfile.ZIP_DEFLATED) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=compress) as archive:
        for name, content in parts.items():
            archive.writestr(name, content)
    return out.getvalue()


CORE = f"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties"
 xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/"
 xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><dc:title>Horaire</dc:title>
<dc:creator>{WORKER}</dc:creator><cp:lastModifiedBy>{WORKER}</cp:lastModifiedBy>
<cp:lastPrinted>2026-10-01T08:00:00Z</cp:lastPrinted></cp:coreProperties>""".encode()
APP = f"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties">
<Application>Microsoft Office Word</Application><Company>{COMPANY}</Company><Manager>Marc Lachance</Manager>
</Properties>""".encode()
DOCUMENT = b"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r>
<w:t>On travaille 70 heures par semaine.</w:t></w:r></w:p></w:body></w:document>"""


def authored_docx(**extra: bytes) -> bytes:
    return office_zip({
        "[Content_Types].xml": b'<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>',
        "word/document.xml": DOCUMENT, "docProps/core.xml": CORE, "docProps/app.xml": APP, **extra,
    })


def authored_odt() -> bytes:
    meta = f"""<?xml version="1.0" encoding="UTF-8"?>
<office:document-meta xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"
 xmlns:meta="urn:oasis:names:tc:opendocument:xmlns:meta:1.0" xmlns:dc="http://purl.org/dc/elements/1.1/">
<office:meta><meta:initial-creator>{WORKER}</meta:initial-creator><dc:creator>{WORKER}</dc:creator>
<meta:generator>LibreOffice</meta:generator></office:meta></office:document-meta>""".encode()
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr(zipfile.ZipInfo("mimetype"), b"application/vnd.oasis.opendocument.text")
        archive.writestr("content.xml", b"<office:document-content/>", compress_type=zipfile.ZIP_DEFLATED)
        archive.writestr("meta.xml", meta, compress_type=zipfile.ZIP_DEFLATED)
    return out.getvalue()


def _png_chunk(tag: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + tag + data + struct.pack(">I", zlib.crc32(tag + data) & 0xFFFFFFFF)


def bomb_png(side: int) -> bytes:
    """A grey PNG of side × side pixels whose pixel data really unpacks to side² bytes
    (zeros: a few hundred kilobytes sent, hundreds of megabytes once decoded)."""
    packer = zlib.compressobj(9)
    row = b"\x00" * (side + 1)
    data = b"".join(packer.compress(row) for _ in range(side)) + packer.flush()
    return (b"\x89PNG\r\n\x1a\n" + _png_chunk(b"IHDR", struct.pack(">IIBBBBB", side, side, 8, 0, 0, 0, 0))
            + _png_chunk(b"IDAT", data) + _png_chunk(b"IEND", b""))


def zip_bomb_docx() -> bytes:
    """A real DOCX carrying a part of 64 MB of zeros, compressed about a thousand times."""
    return authored_docx(**{"word/media/image1.bin": b"\x00" * (64 * 1024 * 1024)})


# Helpers ---------------------------------------------------------------------------------


@pytest.fixture
def staff(personas) -> Client:
    """An investigator of the report's region, signed in once (a TOTP code serves once)."""
    client = Client()
    sign_in(client, personas.investigator_qc)
    return client


def _staff_download(client: Client, attachment: Attachment) -> bytes:
    response = client.get(f"/en/staff/reports/{attachment.report_id}/attachments/{attachment.pk}/")
    assert response.status_code == 200
    return b"".join(response.streaming_content)  # type: ignore[attr-defined]


def _rgb(picture: Image.Image, x: int, y: int) -> tuple[int, ...]:
    pixel = picture.getpixel((x, y))
    assert isinstance(pixel, tuple)
    return pixel


def _submit(*files: tuple[str, bytes]) -> Report:
    uploaded = [SimpleUploadedFile(name, content) for name, content in files]
    fields = {"anonymous": True, "employer_name": "Ferme Dubé", "employer_province": "QC", "description": "x"}
    return submit_report(fields, [Allegation.WAGES], uploaded, idempotency_key=uuid.uuid4().hex,
                         receipt_code=receipts.new_receipt_code()).report


# Metadata --------------------------------------------------------------------------------------


def test_a_gps_tagged_photo_and_an_authored_pdf_reach_staff_without_their_metadata(staff):
    photo, pdf = gps_jpeg(), authored_pdf()
    # What the test files carry to begin with.
    assert Image.open(io.BytesIO(photo)).getexif().get_ifd(ExifTags.IFD.GPSInfo)
    assert WORKER.encode() in photo and b"iPhone" in photo
    with pikepdf.open(io.BytesIO(pdf)) as original:
        assert str(original.docinfo["/Author"]) == WORKER and "/Metadata" in original.Root

    file_report(Client(), files=[SimpleUploadedFile("IMG_0042.JPG", photo),
                                 SimpleUploadedFile("plainte.pdf", pdf)])
    photo_row, pdf_row = Attachment.objects.order_by("pk")

    seen = _staff_download(staff, photo_row)
    picture = Image.open(io.BytesIO(seen))
    assert picture.format == "JPEG" and picture.size == (64, 48)
    picture.load()
    assert _rgb(picture, 48, 36)[0] > 150 and _rgb(picture, 8, 8)[2] > 150  # still the same picture
    exif = picture.getexif()
    assert not exif.get_ifd(ExifTags.IFD.GPSInfo)
    assert ExifTags.Base.Make not in exif and ExifTags.Base.Model not in exif and ExifTags.Base.DateTime not in exif
    assert "comment" not in picture.info and "xmp" not in picture.info
    for hidden in (b"Exif", b"iPhone", b"Apple", b"2026:10:14", "Pérez".encode(), b"Juan"):
        assert hidden not in seen
    assert photo_row.sha256 == hashlib.sha256(seen).hexdigest() and photo_row.size == len(seen)

    seen = _staff_download(staff, pdf_row)
    with pikepdf.open(io.BytesIO(seen)) as cleaned:
        assert "/Info" not in cleaned.trailer
        assert "/Metadata" not in cleaned.Root
        assert not cleaned.open_metadata().get("dc:creator")
    for hidden in ("Pérez".encode(), b"Juan", b"JUAN-PC", b"Acrobat", b"Microsoft", b"x:xmpmeta"):
        assert hidden not in seen
    assert PDF_TEXT in pymupdf.open(stream=seen, filetype="pdf")[0].get_text()
    assert pdf_row.sha256 == hashlib.sha256(seen).hexdigest()


def test_a_photo_is_turned_the_way_the_camera_said_before_its_exif_goes(staff):
    # Orientation 6: the camera was held sideways; shown turned 90° clockwise.
    report = _submit(("turned.jpg", gps_jpeg(60, 20, orientation=6)))
    picture = Image.open(io.BytesIO(_staff_download(staff, report.attachments.get())))
    assert picture.size == (20, 60)
    assert _rgb(picture, 15, 5)[2] > 150  # the blue corner went from top left to top right
    assert ExifTags.Base.Orientation not in picture.getexif()


def test_png_webp_and_gif_lose_their_text_and_exif():
    exif = Image.Exif()
    exif[ExifTags.Base.Model] = "Pixel 9"
    files = []
    choices: tuple[tuple[str, dict[str, Any]], ...] = (("PNG", {"exif": exif}), ("WEBP", {"exif": exif, "xmp": b"<x:xmpmeta>Juan</x:xmpmeta>"}),
                                                        ("GIF", {"comment": b"Juan"}))
    for kind, options in choices:
        out = io.BytesIO()
        image = Image.new("RGB", (30, 10), (0, 128, 0))
        if kind == "PNG":
            from PIL import PngImagePlugin

            info = PngImagePlugin.PngInfo()
            info.add_text("Author", WORKER)
            options["pnginfo"] = info
        image.save(out, kind, **options)
        files.append((f"picture.{kind.lower()}", out.getvalue()))
    report = _submit(*files)
    for attachment in report.attachments.all():
        with default_storage.open(str(attachment.file.name), "rb") as handle:
            seen = handle.read()
        assert b"Pixel 9" not in seen and b"Juan" not in seen and b"Author" not in seen, attachment.content_type
        assert Image.open(io.BytesIO(seen)).size == (30, 10)


def test_office_documents_lose_their_author_company_and_last_editor(staff):
    report = _submit(("horaire.docx", authored_docx()), ("horaire.odt", authored_odt()))
    docx_row, odt_row = report.attachments.all()
    with zipfile.ZipFile(io.BytesIO(_staff_download(staff, docx_row))) as docx:
        everything = b"".join(docx.read(name) for name in docx.namelist())
        assert docx.read("word/document.xml") == DOCUMENT  # the text is untouched
        assert b"Horaire" in docx.read("docProps/core.xml")
        assert b"Microsoft Office Word" in docx.read("docProps/app.xml")
    for hidden in ("Pérez".encode(), COMPANY.encode(), b"Marc Lachance", b"2026-10-01"):
        assert hidden not in everything
    with zipfile.ZipFile(io.BytesIO(_staff_download(staff, odt_row))) as odt:
        assert odt.namelist()[0] == "mimetype" and odt.getinfo("mimetype").compress_type == zipfile.ZIP_STORED
        assert "Pérez".encode() not in odt.read("meta.xml") and b"LibreOffice" in odt.read("meta.xml")
    assert odt_row.content_type == ODT.content_type


def test_a_follow_up_file_is_cleaned_too(staff):
    report = _submit()
    add_worker_message(report, "Une autre photo", [SimpleUploadedFile("encore.jpg", gps_jpeg())])
    seen = _staff_download(staff, report.attachments.get())
    assert b"iPhone" not in seen and not Image.open(io.BytesIO(seen)).getexif()


# What is refused, and how it is said -----------------------------------------------------------


def _heic() -> bytes:
    return b"\x00\x00\x00\x18ftypheic\x00\x00\x00\x00mif1heic" + b"\x00" * 200


def _ole() -> bytes:
    return b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600


def test_files_that_cannot_be_cleaned_or_would_exhaust_the_server_are_refused_in_the_workers_language():
    client = Client()
    review = walk_to_review(client, language="es")
    files = [
        SimpleUploadedFile("bombe.png", bomb_png(14_000)),  # 196 million pixels: Pillow's own bomb error
        SimpleUploadedFile("horaire.docx", zip_bomb_docx()),
        SimpleUploadedFile("IMG_0001.HEIC", _heic()),
        SimpleUploadedFile("talon.doc", _ole()),
        SimpleUploadedFile("abimee.jpg", b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"\x00" * 200),
    ]
    response = client.post("/es/report/", send_data(review, files))
    assert response.status_code == 200
    page = response.content.decode()
    assert says(str(TOO_MANY_PIXELS), "es", name="bombe.png", limit=40) in page
    assert says(str(UNPACKS_TOO_MUCH), "es", name="horaire.docx") in page
    assert says(str(HEIC_REFUSED), "es", name="IMG_0001.HEIC") in page
    assert says(str(OLE_REFUSED), "es", name="talon.doc") in page
    assert says(str(DAMAGED), "es", name="abimee.jpg") in page
    assert not Report.objects.exists()
    assert not default_storage.exists("quarantine") or default_storage.listdir("quarantine") == ([], [])


def test_more_refusals_each_with_its_reason(settings):
    settings.ATTACHMENT_MAX_MEGAPIXELS = 20
    client = Client()
    review = walk_to_review(client)
    out = io.BytesIO()
    with pikepdf.open(io.BytesIO(authored_pdf())) as pdf:
        pdf.save(out, encryption=pikepdf.Encryption(owner="o", user="secret"))
    files = [
        SimpleUploadedFile("grande.png", bomb_png(5_000)),  # 25 million pixels, above the limit of 20
        SimpleUploadedFile("rapport.docx", authored_docx(**{"word/embeddings/feuille.xlsx": authored_docx()})),
        SimpleUploadedFile("protege.pdf", out.getvalue()),
        SimpleUploadedFile("photos.zip", office_zip({"a.jpg": gps_jpeg()})),
    ]
    page = client.post("/en/report/", send_data(review, files)).content.decode()
    assert says(str(TOO_MANY_PIXELS), name="grande.png", limit=20) in page
    assert says(str(NESTED), name="rapport.docx") in page
    assert says(str(PASSWORD), name="protege.pdf") in page
    assert says("“%(name)s” is not a photo, a PDF or an office document. Send a photo, a PDF or a document.",
                name="photos.zip") in page
    assert not Report.objects.exists()


def test_an_office_document_that_unpacks_to_too_much_in_all_is_refused(settings):
    settings.ATTACHMENT_MAX_UNPACKED_BYTES = 1024 * 1024
    # Each part is only a little compressed (random text), but together they pass the limit.
    parts = {f"word/media/part{i}.txt": os.urandom(256 * 1024).hex().encode() for i in range(3)}
    with pytest.raises(ValidationError) as refused:
        validate_attachment(SimpleUploadedFile("long.docx", authored_docx(**parts)))
    assert refused.value.code == "unpacks_too_much"
    validate_attachment(SimpleUploadedFile("short.docx", authored_docx()))


def _odt_with_damaged_mimetype(damage: str) -> bytes:
    """An ODF text whose `mimetype` part cannot be read: its deflate data broken,
    a compression method no reader knows, or marked as encrypted."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        method = zipfile.ZIP_DEFLATED if damage == "deflate" else zipfile.ZIP_STORED
        archive.writestr(zipfile.ZipInfo("mimetype"), b"application/vnd.oasis.opendocument.text" * 20,
                         compress_type=method)
        archive.writestr("content.xml", b"<office:document-content/>")
    data = bytearray(out.getvalue())
    local = data.index(b"PK\x03\x04")
    central = data.index(b"PK\x01\x02")
    if damage == "deflate":
        start = local + 30 + len("mimetype")
        data[start:start + 12] = b"\xff" * 12
    elif damage == "method":
        data[local + 8:local + 10] = data[central + 10:central + 12] = struct.pack("<H", 99)
    else:  # encrypted
        data[central + 8] |= 1
        data[local + 6] |= 1
    return bytes(data)


@pytest.mark.parametrize("damage", ["deflate", "method", "encrypted"])
def test_an_office_document_whose_parts_cannot_be_read_is_refused_not_a_server_error(damage):
    upload = SimpleUploadedFile("lettre.odt", _odt_with_damaged_mimetype(damage))
    with pytest.raises(ValidationError) as refused:
        validate_attachment(upload)
    assert refused.value.code == "type"

    client = Client()
    review = walk_to_review(client, language="es")
    response = client.post("/es/report/", send_data(review, [SimpleUploadedFile("lettre.odt",
                                                                                  _odt_with_damaged_mimetype(damage))]))
    assert response.status_code == 200
    assert not Report.objects.exists()
