"""Formatting of the dashboard's figures: `cell` for people, `raw` for charts."""

from __future__ import annotations

from typing import Any

from django import template
from django.http import QueryDict
from django.utils import formats, translation
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext

register = template.Library()


def _number(value: float, places: int) -> str:
    return formats.number_format(round(value, places), places, use_l10n=True, force_grouping=True)


def format_cell(value: Any, kind: str) -> str:
    if value is None:
        return "—"
    if kind in ("label", "text") or isinstance(value, str):
        return str(value)
    if kind == "share":
        number = _number(float(value) * 100, 1)
        return f"{number}\u00a0%" if translation.get_language() == "fr" else f"{number}%"
    if kind == "days":
        return _number(float(value), 1)
    if kind == "rating":
        return _number(float(value), 2)
    return _number(float(value), 0)


@register.simple_tag
def cell(table: Any, row_index: int, column_index: int, value: Any) -> str:
    return format_cell(value, table.kind(row_index, column_index))


@register.filter
def raw(value: Any) -> str:
    """The number as JavaScript reads it (a dot, no grouping); empty for none."""
    if value is None or isinstance(value, str):
        return ""
    return repr(round(float(value), 4))


@register.simple_tag
def fmt(value: Any, kind: str = "count") -> str:
    return format_cell(value, kind)


@register.simple_tag
def signed(value: Any, kind: str = "count") -> str:
    """A change, with its sign: "+120", "−2.0", "+3.2 pts" (percentage points)."""
    if value is None:
        return "—"
    number = float(value)
    sign = "+" if number > 0 else ("\u2212" if number < 0 else "")
    if kind == "share":
        return gettext("%(number)s pts") % {"number": sign + _number(abs(number) * 100, 1)}
    return sign + format_cell(abs(number), kind)


@register.simple_tag
def narrow(query: str, table: Any, row: int) -> str:
    """The dashboard's query string narrowed to a row of `table` (its region,
    sector or month), the other filters kept; empty when the row has none."""
    wanted = table.row_filter(row) if hasattr(table, "row_filter") else None
    if not wanted:
        return ""
    params = QueryDict(query, mutable=True)
    for name, value in wanted.items():
        params[name] = value
        if name == "quarter" and value == "":
            del params[name]
    return "?" + params.urlencode()



@register.simple_tag
def table_rows(query: str, table: Any) -> SafeString:
    """The body rows of a dashboard table: each row's heading (a link narrowing
    the dashboard to it, when it has one) and its cells, formatted for people
    with the raw number for the chart. Built here in one pass rather than by
    template nodes per cell (a page has hundreds of cells)."""
    html: list[str] = []
    for index, row in enumerate(table.rows):
        link = narrow(query, table, index)
        html.append(format_html('<tr><th scope="row"><a href="{}" data-narrow>{}</a></th>', link, row[0]) if link
                    else format_html('<tr><th scope="row">{}</th>', row[0]))
        html.extend(format_html('<td data-value="{}">{}</td>', raw(value), cell(table, index, column, value))
                    for column, value in enumerate(row[1:], start=1))
        html.append("</tr>\n  ")
    return mark_safe("".join(html))  # noqa: S308 (every value escaped by format_html)
