"""Shares shown as percentages, the way each language writes them."""

from __future__ import annotations

from decimal import Decimal

from django import template
from django.utils.formats import number_format

from sentinelle.lib.i18n import active_language

register = template.Library()


@register.filter
def percent(value: float | Decimal | None, digits: int = 1) -> str:
    """0.875 → "87.5%" in English, "87,5 %" in French; "—" for no value."""
    if value is None or value == "":
        return "—"
    number = number_format(round(Decimal(str(value)) * 100, digits), digits)
    return f"{number}\u00a0%" if active_language() == "fr" else f"{number}%"
