"""The demo's departure in progress: material returned, rules still to
acknowledge, access ending at the end date; once."""

from __future__ import annotations

import pytest

from sentinelle.accounts import departures
from sentinelle.demo.departures import LEAD, LEAVING, seed_departures
from sentinelle.test import create_staff

pytestmark = pytest.mark.django_db


def test_the_demo_departure_in_progress():
    create_staff("investigator", region_code="WST", full_name=LEAVING)
    create_staff("team_lead", region_code="WST", full_name=LEAD)
    assert seed_departures() == 1
    assert seed_departures() == 0
    [in_progress] = departures.in_progress()
    assert in_progress.user.full_name == LEAVING and in_progress.material_returned
    assert in_progress.material_returned_by.full_name == LEAD  # type: ignore[union-attr]
    assert not in_progress.rules_acknowledged and not in_progress.access_removed
