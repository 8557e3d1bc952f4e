"""The demo's departures: one in progress (material returned, rules still to
acknowledge) that the watch's leaving alert points at, and a former staff member's
contact within the year, flagged to the ethics officer; once."""

from __future__ import annotations

import pytest

from sentinelle.accounts import departures
from sentinelle.accounts.models import Departure
from sentinelle.demo.departures import FORMER, FORMER_LEAD, LEAD, LEAVING, RECEIVED_BY, seed_departures
from sentinelle.ethics.models import FormerStaffContact
from sentinelle.ethics.tests.factories import designate
from sentinelle.test import create_staff

pytestmark = pytest.mark.django_db


def test_the_demo_departures():
    create_staff("investigator", region_code="WST", full_name=LEAVING)
    create_staff("team_lead", region_code="WST", full_name=LEAD)
    create_staff("team_lead", region_code="QC", full_name=FORMER_LEAD)
    create_staff("intake_agent", region_code="QC", full_name=RECEIVED_BY)
    officer = create_staff("qc_reviewer", region_code="HQ")
    designate(officer)
    assert seed_departures() == (1, 1)
    assert seed_departures() == (0, 0)
    [in_progress] = departures.in_progress()
    assert in_progress.user.full_name == LEAVING and in_progress.material_returned
    assert not in_progress.rules_acknowledged and in_progress.material_returned_by.full_name == LEAD  # type: ignore[union-attr]
    former = Departure.objects.get(user__full_name=FORMER)
    assert former.complete and former.rules_text is not None
    contact = FormerStaffContact.objects.get()
    assert contact.within_year and contact.former == former.user and contact.recorded_by.full_name == RECEIVED_BY
    assert officer.notifications.filter(kind="ethics_former_staff_contact").count() == 1
