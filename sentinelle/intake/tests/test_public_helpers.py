"""Helpers for the tests of the worker's pages: walking the report's steps the way a
browser without JavaScript does (each page's hidden fields posted back), small
valid files, and reading the receipt code off the confirmation page.

No test lives here; the test modules import these."""

from __future__ import annotations

import html
import re
import struct
import zlib
from html.parser import HTMLParser
from typing import Any

import pytest
from django.http import HttpResponse
from django.test import Client
from django.utils import translation

from sentinelle.cases.models import Sector
from sentinelle.intake.views_public import STEPS

REPORT_STEPS = tuple(step.slug for step in STEPS)


def png_bytes(width: int = 4, height: int = 4) -> bytes:
    """A small, valid PNG (red pixels)."""

    def chunk(tag: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + tag + data + struct.pack(">I", zlib.crc32(tag + data) & 0xFFFFFFFF)

    rows = b"".join(b"\x00" + b"\xff\x00\x00" * width for _row in range(height))
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
        + chunk(b"IDAT", zlib.compress(rows))
        + chunk(b"IEND", b"")
    )


JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00" + b"\x00" * 200 + b"\xff\xd9"


def says(message: str, language: str = "en", **params: Any) -> str:
    """A sentence as the page shows it: translated into the page's language (the
    catalogue may reword even the English) and escaped as in HTML."""
    with translation.override(language):
        text = translation.gettext(message)
    return html.escape(text % params if params else text)


def says_plural(singular: str, plural: str, number: int, language: str = "en", **params: Any) -> str:
    with translation.override(language):
        text = translation.ngettext(singular, plural, number)
    return html.escape(text % params)


def answers(**overrides: Any) -> dict[str, dict[str, Any]]:
    """What a worker answers at each step; `overrides` replace single fields."""
    sector = Sector.objects.get(naics_code="1114")
    steps: dict[str, dict[str, Any]] = {
        "about-you": {"anonymous": "yes"},
        "employer": {
            "employer_name": "Serres Lachance inc.",
            "employer_address": "123, rang Saint-Paul",
            "employer_city": "Saint-Rémi",
            "employer_province": "QC",
            "employer_phone": "450-555-0199",
            "workplace": "Serre numéro 4",
            "sector": str(sector.pk),
        },
        "what-happened": {
            "allegations": ["wages", "documents"],
            "description": "Le patron garde nos passeports.\nOn ne nous paie pas les heures supplémentaires.",
            "since": "months",
            "workers_affected": "6-20",
        },
        "urgency": {"danger_now": "no", "hazard_now": "unsure"},
    }
    for name, value in overrides.items():
        step = next(step for step in STEPS if name in step.field_names)
        steps[step.slug][name] = value
    return steps


class _HiddenInputs(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.fields: list[tuple[str, str]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag == "input" and values.get("type") == "hidden" and values.get("name") != "csrfmiddlewaretoken":
            self.fields.append((values["name"] or "", values.get("value") or ""))


def hidden_fields(response: HttpResponse) -> dict[str, Any]:
    """The hidden fields of the page, as a test client POST expects them (a list
    for a name given several times)."""
    parser = _HiddenInputs()
    parser.feed(response.content.decode())
    data: dict[str, Any] = {}
    for name, value in parser.fields:
        if name in data:
            data[name] = [*(data[name] if isinstance(data[name], list) else [data[name]]), value]
        else:
            data[name] = value
    return data


def current_step(response: HttpResponse) -> str:
    found = re.search(r'<input type="hidden" name="step" value="([^"]+)">', response.content.decode())
    return found.group(1) if found else ""


def walk_to_review(
    client: Client, *, language: str = "en", given: dict[str, dict[str, Any]] | None = None
) -> HttpResponse:
    """Fill in every step, one page after the other, up to the check-and-send page."""
    given = given or answers()
    url = f"/{language}/report/"
    response = client.get(url)
    assert response.status_code == 200
    for slug in REPORT_STEPS:
        assert current_step(response) == slug, response.content.decode()[:3000]
        response = client.post(url, {**hidden_fields(response), **given[slug], "next": "1"})
        assert response.status_code == 200
    assert current_step(response) == "review", response.content.decode()[:5000]
    return response


def send_data(review: HttpResponse, files: list[Any] | None = None) -> dict[str, Any]:
    data = {**hidden_fields(review), "send": "1"}
    if files:
        data["attachments"] = files
    return data


def file_report(
    client: Client,
    *,
    language: str = "en",
    given: dict[str, dict[str, Any]] | None = None,
    files: list[Any] | None = None,
) -> HttpResponse:
    review = walk_to_review(client, language=language, given=given)
    response = client.post(f"/{language}/report/", send_data(review, files))
    assert response.status_code == 200
    return response


def receipt_code_of(response: HttpResponse) -> str:
    found = re.search(r'id="receipt-code"[^>]*>(.*?)</p>', response.content.decode(), re.S)
    if found is None:
        pytest.fail("no receipt code on the page:\n" + response.content.decode()[:3000])
    return html.unescape(re.sub(r"<[^>]+>", "", found.group(1))).strip()
