"""The demo's referrals: every outcome, every way a referral is made that the
demo's reports allow, and nothing added the second time."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.utils import timezone

from sentinelle.intake.models import Channel, Referral, ReferralOrigin, ReferralOutcome, Report
from sentinelle.intake.referral_register import by_partner_and_outcome

pytestmark = pytest.mark.django_db


@pytest.fixture
def var_dir(tmp_path, settings):
    settings.VAR_DIR = tmp_path
    return tmp_path


def test_the_demo_has_referrals_of_every_outcome_and_an_inbound_referral(var_dir):
    call_command("seed_demo", employers=20, once=True)
    referrals = Referral.objects.all()
    assert set(referrals.values_list("outcome", flat=True)) == set(ReferralOutcome.values)
    origins = set(referrals.values_list("origin", flat=True))
    assert {ReferralOrigin.REPORT, ReferralOrigin.NO_JURISDICTION} <= origins
    assert referrals.filter(partner__code="gac").exists()
    inbound = Report.objects.filter(channel=Channel.PARTNER)
    assert inbound.exists() and not inbound.filter(referred_by__isnull=True).exists()
    # The dashboard's figure counts them all, by outcome.
    days = [timezone.localtime(r.communicated_at) for r in referrals]
    counted = sum(by_partner_and_outcome(year).total for year in {d.year - (d.month < 4) for d in days})
    assert counted == referrals.count()
    count = referrals.count()
    call_command("seed_demo", employers=20, once=True)
    assert Referral.objects.count() == count
