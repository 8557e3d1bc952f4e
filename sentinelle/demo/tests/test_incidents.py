"""The demo incidents: two, through the real services, once."""

from __future__ import annotations

from datetime import date

import pytest

from sentinelle.demo.incidents import seed_incidents
from sentinelle.incidents.models import Incident, Notice, RegisterEntry

pytestmark = pytest.mark.django_db


def test_the_demo_incidents(personas):
    assert seed_incidents(personas.privacy_officer, today=date(2026, 11, 20)) == 2
    assert seed_incidents(personas.privacy_officer, today=date(2026, 11, 20)) == 0
    serious, minor = Incident.objects.order_by("id")
    assert (serious.serious_harm, serious.grid_conclusion, minor.serious_harm, minor.grid_conclusion) == (
        True, True, False, False)
    assert sorted(Notice.objects.filter(incident=serious).values_list("kind", flat=True)) == ["commission", "persons"]
    current = RegisterEntry.objects.current().get(incident=serious)
    assert (current.commission_notified_on, current.persons_notified_on) == (date(2026, 11, 11), date(2026, 11, 12))
    assert RegisterEntry.objects.filter(incident=minor).count() == 1
