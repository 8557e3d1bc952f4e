"""The demo attests each staff member's completed courses once: two completions
of one course give one attestation, and running it again adds nothing."""

from __future__ import annotations

import datetime

import pytest

from sentinelle.demo.people import seed_attestations
from sentinelle.test import create_staff
from sentinelle.training.models import Attestation, Completion, Course

pytestmark = pytest.mark.django_db


def test_every_completed_course_is_attested_once():
    ines, marc = create_staff("investigator", region_code="QC"), create_staff("team_lead", region_code="QC")
    escalation, summary = Course.objects.get(code="escalation"), Course.objects.get(code="case_summary")
    for member, course, day in ((ines, escalation, 1), (ines, escalation, 2), (ines, summary, 1), (marc, summary, 3)):
        Completion.objects.create(user=member, course=course, completed_on=datetime.date(2026, 5, day))

    assert seed_attestations() == 3
    assert set(Attestation.objects.values_list("user_id", "course__code")) == {
        (ines.pk, "escalation"), (ines.pk, "case_summary"), (marc.pk, "case_summary")}
    assert seed_attestations() == 0
