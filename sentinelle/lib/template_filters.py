"""Filters and tags every template has without loading them (TEMPLATES' `builtins`)."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.html import format_html, json_script
from django.utils.safestring import SafeString

from sentinelle.lib import formats
from sentinelle.lib.palette import PALETTE

register = template.Library()

# Numbers, amounts and percentages in the page's language (lib/formats.py).
register.filter("number", formats.number)
register.filter("money", formats.money)
register.filter("percent", formats.percent)


@register.filter
def ref(value: Any) -> SafeString:
    """A reference (C-2026-4KQ7XW3M) that never breaks across lines at its
    hyphens: in a heading, a reference cut in two is misread."""
    return format_html('<span class="ref">{}</span>', value)


@register.simple_tag
def chart_palette() -> str:
    """The charts' colours (`lib.palette.PALETTE`) as a JSON data block that the
    pages' chart scripts read: one palette for every chart, in pages and PDFs."""
    return json_script(list(PALETTE), "chart-palette")
