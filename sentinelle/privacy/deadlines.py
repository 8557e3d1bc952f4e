"""The legal time limits of an access-to-information request, from the date it
was received. One function decides them all: `access_request_due`.

How days are counted (both laws count calendar days, not working days):

- The day the request is received is not counted (Quebec Interpretation Act,
  CQLR c. I-16, s. 52; federal Interpretation Act, R.S.C. 1985 c. I-21, s. 27):
  a request received on 1 March is due 20 days later, on 21 March.
- Quebec, Act respecting access to documents held by public bodies (A-2.1),
  s. 47: the decision within 20 days; the officer may extend it once, by at most
  10 days, provided the requester is notified before the 20 days expire. The
  extended limit is counted from the receipt (20 + 10 = 30 days).
- Federal, Access to Information Act, s. 7: 30 days; s. 9(1): the head may
  extend it for a reasonable period, with the reason (a large number of records,
  consultations, notice to a third party), if notice is given within the 30 days;
  an extension of more than 30 days is also notified to the Information
  Commissioner (s. 9(2)).
- A limit that falls on a Saturday, a Sunday or a holiday moves to the next day
  that is none of them (Quebec Interpretation Act s. 52 and Code of Civil
  Procedure art. 82–83; federal Interpretation Act s. 26).

Which holidays (decided here, documented in docs/privacy.md by the lead):

- Quebec: `holidays.Canada(subdiv="QC")` (New Year's Day, Good Friday, National
  Patriots' Day, Fête nationale 24 June, Canada Day, Labour Day, Thanksgiving,
  Christmas) plus the days the Quebec Interpretation Act (s. 61(23)) and the
  Code of Civil Procedure (art. 82) add and the package does not have:
  2 January, Easter Monday and 26 December.
- Federal: the holidays of the federal public service, `holidays.Canada(
  categories=("public", "government"))` (adds Victoria Day, the National Day for
  Truth and Reconciliation, Remembrance Day, Thanksgiving, Boxing Day), plus
  Easter Monday, a holiday under the federal Interpretation Act (s. 35).
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

import holidays
from dateutil.easter import easter

QUEBEC = "quebec"
FEDERAL = "federal"
REGIMES = (QUEBEC, FEDERAL)

INITIAL_DAYS = {QUEBEC: 20, FEDERAL: 30}
QUEBEC_EXTENSION_DAYS = 10
# The extension a federal request gets when none is given: another 30 days.
FEDERAL_DEFAULT_EXTENSION_DAYS = 30
# An extension longer than this must also be notified to the Information Commissioner (s. 9(2)).
FEDERAL_COMMISSIONER_NOTICE_OVER = 30
# Days before its due date from which a request "approaches" its limit.
APPROACHING_WORKING_DAYS = 5


class FederalExtensionReason:
    """The three reasons of s. 9(1) of the Access to Information Act."""

    VOLUME = "volume"  # 9(1)(a): a large number of records, or a search through many
    CONSULTATION = "consultation"  # 9(1)(b): consultations that cannot be completed in time
    THIRD_PARTY = "third_party"  # 9(1)(c): notice to a third party under s. 27
    ALL = (VOLUME, CONSULTATION, THIRD_PARTY)


def _check_regime(regime: str) -> None:
    if regime not in REGIMES:
        raise ValueError(f"unknown regime {regime!r}: use 'quebec' or 'federal'")


@lru_cache(maxsize=64)
def _holidays_of(regime: str, year: int) -> frozenset[datetime.date]:
    if regime == QUEBEC:
        days = set(holidays.Canada(subdiv="QC", years=year))
        days |= {datetime.date(year, 1, 2), easter(year) + datetime.timedelta(days=1), datetime.date(year, 12, 26)}
    else:
        days = set(holidays.Canada(categories=("public", "government"), years=year))
        days.add(easter(year) + datetime.timedelta(days=1))
    return frozenset(days)


def is_working_day(day: datetime.date, *, regime: str) -> bool:
    _check_regime(regime)
    return day.weekday() < 5 and day not in _holidays_of(regime, day.year)


def next_working_day(day: datetime.date, *, regime: str) -> datetime.date:
    """`day` itself when it is a working day, otherwise the next one."""
    while not is_working_day(day, regime=regime):
        day += datetime.timedelta(days=1)
    return day


def holidays_between(start: datetime.date, end: datetime.date, *, regime: str) -> list[datetime.date]:
    """The holidays of the regime from `start` to `end` (both included), for the pages."""
    _check_regime(regime)
    found: Iterable[datetime.date] = (
        day for year in range(start.year, end.year + 1) for day in _holidays_of(regime, year))
    return sorted(day for day in found if start <= day <= end)


def _limit(received: datetime.date, days: int, regime: str) -> datetime.date:
    return next_working_day(received + datetime.timedelta(days=days), regime=regime)


def access_request_due(received: datetime.date, *, regime: str, extended: bool = False,
                       extension_days: int | None = None) -> datetime.date:
    """The date by which the decision must be sent.

    Quebec: received + 20 days (+ 10 when extended). Federal: received + 30 days
    (+ `extension_days`, 30 unless given, when extended). Moved to the next
    working day of the regime's calendar."""
    _check_regime(regime)
    if isinstance(received, datetime.datetime):
        received = received.date()
    days = INITIAL_DAYS[regime]
    if extended:
        if regime == QUEBEC:
            if extension_days is not None and not 1 <= extension_days <= QUEBEC_EXTENSION_DAYS:
                raise ValueError("a Quebec extension is of 1 to 10 days")
            days += extension_days or QUEBEC_EXTENSION_DAYS
        else:
            if extension_days is not None and extension_days < 1:
                raise ValueError("an extension is of at least one day")
            days += extension_days or FEDERAL_DEFAULT_EXTENSION_DAYS
    return _limit(received, days, regime)


def quebec_extension_possible(received: datetime.date, *, notified_on: datetime.date) -> bool:
    """A Quebec request may be extended only if the requester is notified
    before the 20-day limit expires (s. 47): on or before its due date."""
    return notified_on <= access_request_due(received, regime=QUEBEC)


@dataclass(frozen=True)
class FederalExtension:
    days: int
    reason: str
    due: datetime.date
    # An extension of more than 30 days is notified to the Information Commissioner too (s. 9(2)).
    notify_commissioner: bool


def federal_extension(received: datetime.date, *, days: int, reason: str,
                      notified_on: datetime.date | None = None) -> FederalExtension:
    """The new limit of a federal request extended under s. 9(1) by `days`, for
    `reason` (one of `FederalExtensionReason.ALL`). The notice must be given
    within the initial 30 days: ValueError otherwise, or for a bad length/reason."""
    if reason not in FederalExtensionReason.ALL:
        raise ValueError(f"unknown reason {reason!r} for a federal extension")
    if days < 1:
        raise ValueError("an extension is of at least one day")
    if notified_on is not None and notified_on > access_request_due(received, regime=FEDERAL):
        raise ValueError("the extension must be notified within the initial 30 days")
    return FederalExtension(
        days=days, reason=reason,
        due=access_request_due(received, regime=FEDERAL, extended=True, extension_days=days),
        notify_commissioner=days > FEDERAL_COMMISSIONER_NOTICE_OVER,
    )


def working_days_until(today: datetime.date, due: datetime.date, *, regime: str) -> int:
    """Working days from `today` (excluded) to `due` (included); negative
    (calendar days late, as a negative number) once the date has passed."""
    if due < today:
        return -(today - due).days
    count = 0
    day = today
    while day < due:
        day += datetime.timedelta(days=1)
        if is_working_day(day, regime=regime):
            count += 1
    return count
