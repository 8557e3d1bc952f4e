"""A privacy officer takes an access request from receipt to its release
package in the browser: a document uploaded, the detection run (by the task
function, as the worker would), one proposal accepted, one rejected, one
redaction drawn with the mouse; then axe-core finds no violation on the list,
the request, the review and the release pages, in French and in English."""

from __future__ import annotations

import io
import re
import zipfile

import pymupdf
import pytest
from playwright.sync_api import Page, expect
from pypdf import PdfReader

from sentinelle.privacy import tasks
from sentinelle.privacy.models import AccessRequest, JobKind, RedactionJob
from sentinelle.test import create_staff

from .conftest import assert_accessible, sign_in_through_pages, submit
from .test_accessibility import OFFICIAL_LANGUAGES, open_page

pytestmark = pytest.mark.browser

LINES = [
    "Rapport d'inspection",
    "Téléphone : 514-555-0199",
    "Courriel : bureau.nord@example.com",
    "Référence interne : dossier 4471-B",
    "Conclusions : heures supplémentaires non payées.",
]


def report_pdf() -> bytes:
    document = pymupdf.open()
    page = document.new_page()
    for number, line in enumerate(LINES):
        page.insert_text((72, 100 + 20 * number), line, fontsize=12)
    content = bytes(document.tobytes())
    document.close()
    return content


def test_a_request_from_receipt_to_release_package(page: Page) -> None:
    officer = create_staff("privacy_officer", region_code="QC", full_name="Paule Responsable")
    sign_in_through_pages(page, officer, language="en")

    # Receipt.
    open_page(page, "/en/staff/access-requests/new/")
    page.fill('input[name="name"]', "Jeanne Demandeuse")
    page.fill('textarea[name="address"]', "12 rue des Érables, Québec")
    page.fill('input[name="received_on"]', "2026-03-02")
    page.fill('textarea[name="scope"]', "Le rapport d'inspection de mars 2026.")
    page.check('input[name="regime"][value="quebec"]')
    page.select_option('select[name="language"]', "fr")
    submit(page, "name")
    access_request = AccessRequest.objects.get()
    ref = access_request.reference
    expect(page.locator("h1")).to_contain_text(ref)

    # A document.
    page.get_by_role("link", name="Upload a document").click()
    page.fill('input[name="title"]', "Rapport d'inspection")
    page.set_input_files('input[name="file"]', files=[{"name": "rapport.pdf", "mimeType": "application/pdf",
                                                      "buffer": report_pdf()}])
    submit(page, "file")
    page.get_by_role("link", name="Rapport d'inspection").click()

    # Detection: the worker's part is played by the test.
    submit(page)
    expect(page.get_by_role("status")).to_contain_text("Waiting")
    job = RedactionJob.objects.get(kind=JobKind.DETECT)
    tasks.detect_personal_information.call(job.pk)
    page.get_by_role("link", name="Page 1", exact=True).wait_for(timeout=30_000)  # the poller reloaded the page
    page.get_by_role("link", name="Page 1", exact=True).click()

    # Review: accept the e-mail address, reject everything else proposed.
    document = access_request.documents.get()
    marks = list(document.marks.order_by("page", "y0", "x0", "id"))
    kinds = [m.kind for m in marks]
    assert "EMAIL" in kinds and "PHONE" in kinds, kinds
    for mark in marks:
        row = page.locator(f"#mark-{mark.pk}")
        if mark.kind == "EMAIL":
            row.locator("select").select_option(label="art. 53, 54 – Personal information")
            with page.expect_navigation():
                row.get_by_role("button", name=re.compile("^Accept")).click()
        else:
            with page.expect_navigation():
                row.get_by_role("button", name=re.compile("^Reject")).click()

    # Draw a box with the mouse over "4471-B".
    with pymupdf.open(stream=report_pdf(), filetype="pdf") as pdf:
        target = pdf[0].search_for("4471-B")[0]
        width = pdf[0].rect.width
    overlay = page.locator("svg.marks-overlay")
    box = overlay.bounding_box()
    assert box is not None
    scale = box["width"] / width
    page.mouse.move(box["x"] + (target.x0 - 2) * scale, box["y"] + (target.y0 - 2) * scale)
    page.mouse.down()
    page.mouse.move(box["x"] + (target.x0 + 20) * scale, box["y"] + (target.y1) * scale, steps=5)
    page.mouse.move(box["x"] + (target.x1 + 2) * scale, box["y"] + (target.y1 + 2) * scale, steps=5)
    page.mouse.up()
    assert float(page.input_value('input[name="x0"]')) == pytest.approx(target.x0 - 2, abs=1.5)
    assert float(page.input_value('input[name="y1"]')) == pytest.approx(target.y1 + 2, abs=1.5)
    submit(page, "x0")
    expect(page.locator("#marks-caption + thead + tbody, table.data tbody").first).to_contain_text("4471-B")

    # Release.
    page.get_by_role("link", name="Release package").first.click()
    expect(page.locator("table.data tbody tr")).to_have_count(2)
    page.select_option('select[name="language"]', "fr")
    submit(page, "language")
    release = RedactionJob.objects.get(kind=JobKind.RELEASE)
    tasks.release_request.call(release.pk)
    link = page.get_by_role("link", name=re.compile("^Package of"))
    link.wait_for(timeout=30_000)
    with page.expect_download() as waiting:
        link.click()
    archive = zipfile.ZipFile(io.BytesIO(open(waiting.value.path(), "rb").read()))  # noqa: SIM115
    released = archive.read("documents/01-rapport-d-inspection-caviarde.pdf")
    text = " ".join(" ".join(p.extract_text() or "" for p in PdfReader(io.BytesIO(released)).pages).split())
    assert "bureau.nord@example.com" not in text and "4471-B" not in text and "514-555-0199" in text

    # Accessibility of the four pages, in both languages.
    for language in OFFICIAL_LANGUAGES:
        for path in ["", f"{ref}/", f"{ref}/documents/{document.pk}/pages/1/", f"{ref}/release/"]:
            open_page(page, f"/{language}/staff/access-requests/{path}")
            assert_accessible(page)
