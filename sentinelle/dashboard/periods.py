"""Fiscal years (April to March), their quarters, and the periods the dashboard shows."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.utils import timezone
from django.utils.translation import gettext


def fiscal_year_of(day: datetime.date) -> int:
    """The calendar year in which the fiscal year of `day` begins (April 1)."""
    return day.year if day.month >= 4 else day.year - 1


def quarter_of(day: datetime.date) -> int:
    """1 (April–June) to 4 (January–March)."""
    return (day.month - 4) % 12 // 3 + 1


def fiscal_year_bounds(fiscal_year: int) -> tuple[datetime.date, datetime.date]:
    return datetime.date(fiscal_year, 4, 1), datetime.date(fiscal_year + 1, 3, 31)


def quarter_bounds(fiscal_year: int, quarter: int) -> tuple[datetime.date, datetime.date]:
    """The first and last day (inclusive) of a quarter of the fiscal year."""
    first_month = 4 + 3 * (quarter - 1)
    year = fiscal_year + (first_month - 1) // 12
    month = (first_month - 1) % 12 + 1
    start = datetime.date(year, month, 1)
    after = datetime.date(year + (month + 2) // 12, (month + 2) % 12 + 1, 1)
    return start, after - datetime.timedelta(days=1)


def fiscal_year_label(fiscal_year: int) -> str:
    return f"{fiscal_year}-{fiscal_year + 1}"


def current_fiscal_year() -> int:
    return fiscal_year_of(timezone.localdate())


def a_year_before[D: datetime.date](moment: D) -> D:
    """The same day (and time) a year earlier; 28 February for a 29th."""
    try:
        return moment.replace(year=moment.year - 1)
    except ValueError:
        return moment.replace(year=moment.year - 1, day=28)


def start_of_day(day: datetime.date) -> datetime.datetime:
    """Local midnight of `day`, as an aware datetime."""
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


@dataclass(frozen=True)
class Period:
    """Days `start` to `end` inclusive, within one fiscal year. `end` is today
    for a period that is not over yet."""

    fiscal_year: int
    quarter: int | None
    start: datetime.date
    end: datetime.date
    month: int | None = None  # one calendar month of the fiscal year (1 to 12)

    @classmethod
    def of(cls, fiscal_year: int, quarter: int | None = None, *, month: int | None = None,
           today: datetime.date | None = None) -> Period:
        today = today or timezone.localdate()
        if month:
            start = datetime.date(fiscal_year if month >= 4 else fiscal_year + 1, month, 1)
            end = (start + datetime.timedelta(days=32)).replace(day=1) - datetime.timedelta(days=1)
            return cls(fiscal_year, quarter_of(start), start, max(start, min(end, today)), month)
        start, end = quarter_bounds(fiscal_year, quarter) if quarter else fiscal_year_bounds(fiscal_year)
        return cls(fiscal_year, quarter, start, max(start, min(end, today)))

    @property
    def label(self) -> str:
        year = fiscal_year_label(self.fiscal_year)
        if self.month:
            return gettext("%(year)s, month %(month)s") % {"year": year, "month": self.start.strftime("%Y-%m")}
        if not self.quarter:
            return year
        return gettext("%(year)s Q%(quarter)s") % {"year": year, "quarter": self.quarter}

    @property
    def since(self) -> datetime.datetime:
        """The first moment of the period (aware)."""
        return start_of_day(self.start)

    @property
    def until(self) -> datetime.datetime:
        """The first moment after the period (aware)."""
        return start_of_day(self.end + datetime.timedelta(days=1))

    @property
    def same_period_last_year(self) -> Period:
        """The same days one fiscal year earlier (28 February for a 29th)."""
        return Period(self.fiscal_year - 1, self.quarter, a_year_before(self.start), a_year_before(self.end),
                      self.month)

    @property
    def year_to_date(self) -> Period:
        """The fiscal year of this period, up to its end (or today)."""
        return Period.of(self.fiscal_year, None, today=self.end)
