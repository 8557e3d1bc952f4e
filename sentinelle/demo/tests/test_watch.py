from __future__ import annotations

from datetime import date

import pytest

from sentinelle.demo.base import _email_for
from sentinelle.demo.watch import seed_watch
from sentinelle.test import create_staff
from sentinelle.watch.models import Alert

pytestmark = pytest.mark.django_db


def test_the_demo_raises_a_few_alerts_once():
    for name, code in [("Olivier Tremblay", "QC"), ("Harpreet Gill", "WST"), ("Amélie Gagnon", "QC")]:
        create_staff("investigator", region_code=code, full_name=name, email=_email_for(name), with_totp=False)
    create_staff("privacy_officer", region_code="HQ", full_name="Isabelle Fortin", with_totp=False)
    assert seed_watch(date(2026, 2, 11)) == 3
    assert sorted((a.user.full_name, a.rule.kind, a.count) for a in Alert.objects.all()) == [
        ("Harpreet Gill", "leaving", 3),
        ("Olivier Tremblay", "off_hours", 36),
        ("Olivier Tremblay", "volume_hour", 36),
    ]
    assert seed_watch(date(2026, 2, 11)) == 0
    assert Alert.objects.count() == 3
