"""Risk score and the 24/48-hour escalation."""

from __future__ import annotations

import uuid
from datetime import timedelta

import pytest
from django.utils import timezone

from sentinelle.intake import escalation, receipts, referrals
from sentinelle.intake.models import Allegation, Escalation, Partner, Report, RiskRule
from sentinelle.intake.services import submit_report
from sentinelle.lib.anonymity import to_the_hour
from sentinelle.test import create_staff

pytestmark = pytest.mark.django_db


def _report(allegations=(Allegation.WAGES,), **fields):
    base = {"anonymous": True, "employer_name": "Ferme Dubé", "employer_province": "QC",
            "description": "x", "danger_now": "no", "hazard_now": "no", "workers_affected": "1"}
    base.update(fields)
    return submit_report(base, list(allegations), [], idempotency_key=uuid.uuid4().hex,
                         receipt_code=receipts.new_receipt_code()).report


def test_score_is_the_sum_of_the_rules_that_apply_and_says_which():
    report = _report([Allegation.HEALTH_SAFETY, Allegation.HOUSING], workers_affected="21+")
    weights = {(t["kind"], t["key"]): t["weight"] for t in report.risk_explanation}
    assert weights == {("allegation", "health_safety"): 25, ("allegation", "housing"): 15, ("workers", "21+"): 15}
    assert report.risk_score == 55


def test_weights_are_data_that_can_change():
    RiskRule.objects.filter(kind="allegation", key="wages").update(weight=33)
    assert _report([Allegation.WAGES]).risk_score == 33


def test_repeat_employer_adds_weight():
    _report()
    assert _report().risk_score == 10 + 10  # wages + one earlier report


def test_danger_now_opens_an_escalation_24_and_48_hours():
    before = timezone.now()
    report = _report(danger_now="yes")
    esc = report.escalations.get()
    # From the hour the report arrived in (lib.anonymity): never later than the arrival.
    assert esc.opened_at in {to_the_hour(before), to_the_hour(timezone.now())}
    assert esc.opened_at <= timezone.now()
    assert esc.target_at - esc.opened_at == timedelta(hours=24)
    assert esc.deadline_at - esc.opened_at == timedelta(hours=48)
    assert esc.opened_by is None
    assert not esc.is_met
    assert not _report(hazard_now="unsure").escalations.exists()


def test_escalation_is_met_only_with_measures_and_a_referral():
    report = _report(hazard_now="yes")
    esc = report.escalations.get()
    lead = create_staff("team_lead", region_code="QC")
    now = esc.opened_at + timedelta(hours=5)

    esc.measures, esc.measures_recorded_at, esc.measures_recorded_by = "Called the worker", now, lead
    esc.save()
    assert not escalation.update_met(esc)

    referrals.refer(Partner.objects.get(code="cnesst"), means="phone", communicated_at=now + timedelta(hours=2),
                    what="Unsafe pesticides", actor=lead, escalation=esc, now=now + timedelta(hours=2))
    assert escalation.update_met(esc)
    esc.refresh_from_db()
    assert esc.is_met and esc.met_at == now + timedelta(hours=2)
    assert escalation.status_of(esc) == "met"


def test_opening_twice_returns_the_open_escalation():
    report = _report(danger_now="yes")
    again = escalation.open_escalation(report, timezone.now())
    assert Escalation.objects.filter(report=report).count() == 1
    assert again == report.escalations.get()


def test_status_over_time():
    esc = _report(danger_now="yes").escalations.get()
    assert escalation.status_of(esc, esc.opened_at + timedelta(hours=23)) == "open"
    assert escalation.status_of(esc, esc.opened_at + timedelta(hours=25)) == "overdue"
    assert escalation.status_of(esc, esc.opened_at + timedelta(hours=49)) == "breached"


def test_the_score_is_stored_with_the_report_which_does_not_count_itself_as_an_earlier_one():
    first, second = _report(), _report()
    stored = dict(Report.objects.filter(pk__in=[first.pk, second.pk]).values_list("pk", "risk_score"))
    assert stored == {first.pk: 10, second.pk: 10 + 10}  # wages; wages + one earlier report
    explained = Report.objects.get(pk=second.pk).risk_explanation
    assert [t["kind"] for t in explained] == ["allegation", RiskRule.Kind.REPEAT_EMPLOYER]
    assert Report.objects.get(pk=first.pk).risk_explanation == first.risk_explanation
