"""HTML to PDF with WeasyPrint, reading our own static files and nothing else.

Imported only when a PDF is drawn (through `lib.pdf.html_to_pdf`): WeasyPrint and
what it loads weigh some 45 MB in a process."""

from __future__ import annotations

from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from django.conf import settings
from weasyprint import HTML
from weasyprint.urls import URLFetcher, URLFetcherResponse


class LocalFilesOnly(URLFetcher):
    """WeasyPrint may read our own static files (fonts) and data: URLs, and
    nothing else: no request ever leaves the server while a PDF is made."""

    def fetch(self, url: str, headers: Any = None) -> URLFetcherResponse:
        parts = urlsplit(url)
        if parts.scheme == "data":
            return super().fetch(url, headers)
        if parts.scheme == "file":
            path = Path(unquote(parts.path)).resolve()
            if any(path.is_relative_to(root) for root in _static_roots()):
                return super().fetch(url, headers)
        raise ValueError(f"refused to fetch {url}: PDFs use local files only")


def _static_roots() -> list[Path]:
    roots = [Path(str(settings.BASE_DIR)) / "static"]
    if getattr(settings, "STATIC_ROOT", None):
        roots.append(Path(str(settings.STATIC_ROOT)))
    return [root.resolve() for root in roots]


def html_to_pdf(html: str) -> bytes:
    base = (Path(str(settings.BASE_DIR)) / "static").resolve().as_uri() + "/"
    pdf = HTML(string=html, base_url=base, url_fetcher=LocalFilesOnly(allowed_protocols=["file", "data"])).write_pdf()
    if pdf is None:  # only when given a target to write to
        raise RuntimeError("WeasyPrint returned no PDF")
    return bytes(pdf)
