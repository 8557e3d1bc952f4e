"""The demo's ethics data: an officer and a substitute covering every day ahead,
two disclosures (one anonymous, answered; one named, with a reprisal complaint),
once; and outreach visits ahead in the provinces where seasonal workers are."""

from __future__ import annotations

import pytest
from django.utils import timezone

from sentinelle.demo.ethics import (
    ANONYMOUS_AUTHOR,
    NAMED_AUTHOR,
    OFFICER,
    SUBSTITUTE,
    seed_ethics,
    seed_service_points,
)
from sentinelle.ethics.designations import coverage_gaps, on_duty
from sentinelle.ethics.models import Consultation, Disclosure
from sentinelle.intake.models import OutreachVisit
from sentinelle.test import create_staff

pytestmark = pytest.mark.django_db


def test_the_demo_ethics_data(personas):
    for name in (OFFICER, SUBSTITUTE, ANONYMOUS_AUTHOR, NAMED_AUTHOR):
        create_staff(region_code="HQ", full_name=name)
    assert seed_ethics() == 2
    assert seed_ethics() == 0
    duty = on_duty()
    assert (duty.officer.user.full_name, duty.substitute.user.full_name) == (OFFICER, SUBSTITUTE)  # type: ignore[union-attr]
    assert Consultation.objects.count() == 2 and Consultation.objects.filter(person=None).count() == 1
    assert coverage_gaps() == []  # the officer's absence is covered by the substitute
    anonymous, named = Disclosure.objects.order_by("received_at", "pk")
    assert anonymous.anonymous and anonymous.discloser is None and anonymous.messages.filter(from_officer=True)
    assert named.discloser.full_name == NAMED_AUTHOR and named.reprisal_complaint  # type: ignore[union-attr]


def test_the_demo_has_outreach_visits_ahead():
    seed_service_points()
    ahead = OutreachVisit.objects.filter(day__gte=timezone.localdate())
    assert set(ahead.values_list("service_point__province", flat=True)) >= {"QC", "ON", "BC", "MB", "NS", "NB", "PE"}
