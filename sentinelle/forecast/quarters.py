"""Fiscal quarters (fiscal year April to March: Q1 is April to June).

A quarter is stored as one integer, its index: fiscal year × 4 + (quarter − 1),
where the fiscal year is named by the calendar year it starts in (2025 for
2025-26). Consecutive quarters have consecutive indexes."""

from __future__ import annotations

import datetime

from django.utils.translation import gettext as _


def index_of(fiscal_year: int, quarter: int) -> int:
    return fiscal_year * 4 + quarter - 1


def of_date(day: datetime.date) -> int:
    """The index of the fiscal quarter a day falls in."""
    if day.month >= 4:
        return index_of(day.year, (day.month - 4) // 3 + 1)
    return index_of(day.year - 1, 4)


def of_calendar_quarter(year: int, calendar_quarter: int) -> int:
    """Calendar Q2 (April–June) is fiscal Q1 of the same year; calendar Q1
    (January–March) is fiscal Q4 of the fiscal year that began the year before."""
    if calendar_quarter == 1:
        return index_of(year - 1, 4)
    return index_of(year, calendar_quarter - 1)


def split(index: int) -> tuple[int, int]:
    return index // 4, index % 4 + 1


def label(index: int) -> str:
    """Such as "2025-26 Q1"."""
    year, quarter = split(index)
    return _("%(start)s-%(end)s Q%(quarter)s") % {
        "start": year, "end": f"{(year + 1) % 100:02d}", "quarter": quarter,
    }


def first_day(index: int) -> datetime.date:
    year, quarter = split(index)
    month = 4 + 3 * (quarter - 1)
    return datetime.date(year + (month - 1) // 12, (month - 1) % 12 + 1, 1)


def last_complete(today: datetime.date) -> int:
    """The last fiscal quarter that has ended by `today`."""
    return of_date(today) - 1
