"""Numbers, money and percentages written the way the page's language writes them:
"$15,000.00" and "1,234" in English, « 15 000,00 $ » and « 1 234 » in French.
Every page, letter and PDF formats through these functions or their template
filters (`number`, `money`, `percent`, lib/template_filters.py); CSV and JSON
keep raw, machine-readable values. The separators are Django's, from its locale
formats (`django.utils.formats.number_format`); a language Django has none for
(Tagalog) takes settings' DECIMAL_SEPARATOR, THOUSAND_SEPARATOR and NUMBER_GROUPING."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.utils import formats, translation

from sentinelle.lib.i18n import active_language

# Languages whose amounts are written "15 000,00 $"; the others "$15,000.00".
_AMOUNT_AFTER = {"fr", "es"}
NBSP = "\u00a0"


def number(value: Any, places: int = 0, language: str | None = None) -> str:
    """`value` grouped by thousands, with `places` decimals, in `language` (the
    page's by default). An empty value reads as a dash."""
    if value is None or value == "":
        return "–"
    # Rounded first: Django's number_format cuts the decimals it does not show.
    rounded = round(Decimal(str(value)), places)
    with translation.override(language or active_language()):
        return formats.number_format(rounded, places, force_grouping=True)


def money(amount: Any, language: str | None = None) -> str:
    """An amount in Canadian dollars: "$15,000.00" or « 15 000,00 $ »."""
    if amount is None or amount == "":
        return "–"
    language = language or active_language()
    written = number(amount, 2, language)
    return f"{written}{NBSP}$" if language in _AMOUNT_AFTER else f"${written}"


def percent(fraction: Any, places: int = 0, language: str | None = None) -> str:
    """A fraction (0.803) as a percentage: "80.3%" or « 80,3 % »."""
    if fraction is None or fraction == "":
        return "–"
    language = language or active_language()
    written = number(Decimal(str(fraction)) * 100, places, language)
    return f"{written}{NBSP}%" if language in _AMOUNT_AFTER else f"{written}%"
