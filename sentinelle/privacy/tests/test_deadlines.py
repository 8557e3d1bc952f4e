"""The legal limits of access requests against dates worked out by hand.

Calendar used for the hand computations (2026): 1 January is a Thursday; Easter
Sunday is 5 April (Good Friday 3 April, Easter Monday 6 April); Fête nationale
24 June and Canada Day 1 July are Wednesdays; Labour Day is Monday 7 September,
Thanksgiving Monday 12 October; 30 September, 11 November, 25 December are
Wednesday, Wednesday, Friday; 26 December is a Saturday (observed federally on
Monday 28 December). 2 January 2025 is a Thursday."""

from __future__ import annotations

import datetime

import holidays
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sentinelle.privacy.deadlines import (
    FederalExtensionReason,
    access_request_due,
    federal_extension,
    is_working_day,
    quebec_extension_possible,
    working_days_until,
)
from sentinelle.test import example_count

D = datetime.date

# (received, regime, extended, expected due, how it was worked out)
TABLE = [
    # 2 March + 20 = Sunday 22 March -> Monday 23 March.
    (D(2026, 3, 2), "quebec", False, D(2026, 3, 23), "weekend"),
    # 6 June (Saturday) + 20 = Friday 26 June: a working day, the Saturday receipt changes nothing.
    (D(2026, 6, 6), "quebec", False, D(2026, 6, 26), "plain"),
    # 4 June + 20 = Wednesday 24 June, Fête nationale -> Thursday 25 June.
    (D(2026, 6, 4), "quebec", False, D(2026, 6, 25), "Saint-Jean-Baptiste"),
    # Federal: 25 May + 30 = Wednesday 24 June; not a federal holiday -> 24 June.
    (D(2026, 5, 25), "federal", False, D(2026, 6, 24), "24 June is not federal"),
    # 11 June + 20 = Wednesday 1 July, Canada Day -> Thursday 2 July.
    (D(2026, 6, 11), "quebec", False, D(2026, 7, 2), "Canada Day"),
    # Federal 1 June + 30 = 1 July -> 2 July.
    (D(2026, 6, 1), "federal", False, D(2026, 7, 2), "Canada Day"),
    # 18 August + 20 = Monday 7 September, Labour Day -> Tuesday 8 September.
    (D(2026, 8, 18), "quebec", False, D(2026, 9, 8), "Labour Day"),
    # 22 September + 20 = Monday 12 October, Thanksgiving -> Tuesday 13 October.
    (D(2026, 9, 22), "quebec", False, D(2026, 10, 13), "Thanksgiving"),
    # Federal 31 August + 30 = Wednesday 30 September (Truth and Reconciliation) -> 1 October.
    (D(2026, 8, 31), "federal", False, D(2026, 10, 1), "Truth and Reconciliation"),
    # Federal 12 October + 30 = Wednesday 11 November (Remembrance Day) -> 12 November.
    (D(2026, 10, 12), "federal", False, D(2026, 11, 12), "Remembrance Day"),
    # Quebec 22 October + 20 = 11 November: not a Quebec holiday -> 11 November.
    (D(2026, 10, 22), "quebec", False, D(2026, 11, 11), "11 November is not a Quebec holiday"),
    # Quebec 5 December + 20 = Friday 25 December; Saturday 26 (holiday), Sunday 27 -> Monday 28 December.
    (D(2026, 12, 5), "quebec", False, D(2026, 12, 28), "Christmas"),
    # Federal 25 November + 30 = Friday 25 December; 26, 27 weekend; Monday 28 Boxing Day observed -> Tuesday 29.
    (D(2026, 11, 25), "federal", False, D(2026, 12, 29), "Christmas and Boxing Day"),
    # Quebec 14 March + 20 = Good Friday 3 April; 4, 5 weekend; Easter Monday 6 April -> Tuesday 7 April.
    (D(2026, 3, 14), "quebec", False, D(2026, 4, 7), "Good Friday and Easter Monday"),
    # Federal 4 March + 30 = Good Friday 3 April -> Tuesday 7 April.
    (D(2026, 3, 4), "federal", False, D(2026, 4, 7), "Good Friday and Easter Monday"),
    # Quebec 13 December 2024 + 20 = Thursday 2 January 2025 (a Quebec holiday) -> Friday 3 January.
    (D(2024, 12, 13), "quebec", False, D(2025, 1, 3), "2 January"),
    # Federal 3 December 2024 + 30 = Thursday 2 January 2025: a federal working day.
    (D(2024, 12, 3), "federal", False, D(2025, 1, 2), "2 January is federal working day"),
    # Federal 2 February + 30 = Wednesday 4 March.
    (D(2026, 2, 2), "federal", False, D(2026, 3, 4), "plain"),
    # Quebec extended: 2 March + 30 = Wednesday 1 April.
    (D(2026, 3, 2), "quebec", True, D(2026, 4, 1), "extended by 10 days"),
    # Quebec extended: 25 May + 30 = Wednesday 24 June (Fête nationale) -> 25 June.
    (D(2026, 5, 25), "quebec", True, D(2026, 6, 25), "extended, Saint-Jean-Baptiste"),
    # Federal extended by the default 30: 2 February + 60 = Saturday 4 April; Sunday 5, Easter Monday 6 -> Tuesday 7.
    (D(2026, 2, 2), "federal", True, D(2026, 4, 7), "extended by 30 days, Easter"),
]


@pytest.mark.parametrize(("received", "regime", "extended", "expected", "why"), TABLE,
                         ids=[row[4] + f" {row[0]} {row[1]}" for row in TABLE])
def test_due_dates_match_the_hand_computed_table(received, regime, extended, expected, why):
    assert access_request_due(received, regime=regime, extended=extended) == expected


def test_federal_extension_carries_its_length_reason_and_the_commissioner_notice():
    # 2 February + 30 + 45 = 75 days: 28 to 2 March, 29 more to 31 March, 18 more -> Saturday 18 April -> Monday 20.
    extension = federal_extension(D(2026, 2, 2), days=45, reason=FederalExtensionReason.VOLUME,
                                  notified_on=D(2026, 2, 20))
    assert extension.due == D(2026, 4, 20)
    assert extension.notify_commissioner  # more than 30 days: s. 9(2)
    short = federal_extension(D(2026, 2, 2), days=10, reason=FederalExtensionReason.THIRD_PARTY)
    # 2 February + 40 = Saturday 14 March -> Monday 16 March.
    assert short.due == D(2026, 3, 16) and not short.notify_commissioner


def test_a_federal_extension_must_be_notified_within_the_30_days_and_have_a_known_reason():
    with pytest.raises(ValueError, match="within the initial 30 days"):
        federal_extension(D(2026, 2, 2), days=10, reason="volume", notified_on=D(2026, 3, 5))
    with pytest.raises(ValueError, match="unknown reason"):
        federal_extension(D(2026, 2, 2), days=10, reason="holidays")
    with pytest.raises(ValueError):
        federal_extension(D(2026, 2, 2), days=0, reason="volume")


def test_a_quebec_extension_is_possible_only_until_the_20th_day():
    # Received 2 March: 20-day limit Monday 23 March.
    assert quebec_extension_possible(D(2026, 3, 2), notified_on=D(2026, 3, 23))
    assert not quebec_extension_possible(D(2026, 3, 2), notified_on=D(2026, 3, 24))
    with pytest.raises(ValueError):
        access_request_due(D(2026, 3, 2), regime="quebec", extended=True, extension_days=11)


def test_unknown_regime_is_refused():
    with pytest.raises(ValueError, match="unknown regime"):
        access_request_due(D(2026, 3, 2), regime="ontario")


def test_working_days_until_counts_working_days_and_goes_negative_once_late():
    # From Friday 19 June to Thursday 25 June (Quebec): Mon 22, Tue 23, (24 holiday), Thu 25 -> 3.
    assert working_days_until(D(2026, 6, 19), D(2026, 6, 25), regime="quebec") == 3
    assert working_days_until(D(2026, 6, 25), D(2026, 6, 25), regime="quebec") == 0
    assert working_days_until(D(2026, 6, 27), D(2026, 6, 25), regime="quebec") == -2


@settings(max_examples=example_count(300), deadline=None)
@given(received=st.dates(min_value=D(2000, 1, 1), max_value=D(2060, 12, 31)),
       regime=st.sampled_from(["quebec", "federal"]), extended=st.booleans())
def test_the_due_date_is_a_working_day_no_earlier_than_the_legal_number_of_days(received, regime, extended):
    due = access_request_due(received, regime=regime, extended=extended)
    days = {"quebec": 20, "federal": 30}[regime] + ({"quebec": 10, "federal": 30}[regime] if extended else 0)
    assert due >= received + datetime.timedelta(days=days)
    assert due.weekday() < 5
    assert is_working_day(due, regime=regime)
    calendar = holidays.Canada(subdiv="QC") if regime == "quebec" else holidays.Canada(categories=("public", "government"))
    assert due not in calendar
    # Every day between the plain limit and the due date was a day off.
    day = received + datetime.timedelta(days=days)
    while day < due:
        assert not is_working_day(day, regime=regime)
        day += datetime.timedelta(days=1)
