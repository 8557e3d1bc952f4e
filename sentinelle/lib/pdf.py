"""What every PDF of the application (case letters, access-to-information letters,
incident notices, dashboard reports) shares: the fonts, dates as letters write
them, and the drawing itself (`html_to_pdf`)."""

from __future__ import annotations

import datetime
from pathlib import Path

from django.contrib.staticfiles import finders
from django.utils import formats, timezone, translation


def font_faces() -> list[dict[str, str]]:
    """The Noto Sans files of the design system, where they are installed;
    otherwise the PDF uses the system's fonts (DejaVu Sans)."""
    faces = []
    for weight, style, name in [("400", "normal", "regular"), ("700", "normal", "bold")]:
        found = finders.find(f"vendor/gcds/fonts/noto-sans/gcds-noto-sans-{name}.woff")
        if isinstance(found, str):
            faces.append({"weight": weight, "style": style, "url": Path(found).resolve().as_uri()})
    return faces


def format_date(value: datetime.date | datetime.datetime | None, language: str) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        value = timezone.localtime(value).date()
    with translation.override(language):
        return formats.date_format(value, "j F Y" if language == "fr" else "F j, Y")


def html_to_pdf(html: str) -> bytes:
    """The PDF of an HTML page, drawn with WeasyPrint from local files only.
    WeasyPrint (45 MB once loaded) is imported on first use, so that the web
    workers that never make a PDF never carry it."""
    from sentinelle.lib.pdf_render import html_to_pdf as draw

    return draw(html)
