"""Factories shared by the staff-side tests (no test here)."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from sentinelle.accounts.models import User
from sentinelle.intake import receipts, referrals
from sentinelle.intake.models import Allegation, Escalation, Partner, Referral, Report
from sentinelle.intake.services import submit_report

PROVINCE_OF_REGION = {"QC": "QC", "ON": "ON", "ATL": "NS", "WST": "AB", "HQ": ""}


def make_report(region_code: str = "QC", allegations: tuple[str, ...] = (Allegation.WAGES,), **fields: Any) -> Report:
    values: dict[str, Any] = {
        "anonymous": True,
        "employer_name": "Serres Lachance inc.",
        "employer_city": "Saint-Rémi",
        "employer_province": PROVINCE_OF_REGION[region_code],
        "description": "On ne nous paie pas les heures supplémentaires.",
        "since": "months",
        "workers_affected": "1",
        "danger_now": "no",
        "hazard_now": "no",
    }
    values.update(fields)
    return submit_report(values, list(allegations), [], idempotency_key=uuid.uuid4().hex,
                         receipt_code=receipts.new_receipt_code()).report


def make_referral(escalation: Escalation, by: User, when: datetime, partner_code: str = "cnesst") -> Referral:
    # Recorded as of `when`: some tests date it hours after the escalation opened.
    return referrals.refer(Partner.objects.get(code=partner_code), means="phone", communicated_at=when,
                           what="Unsafe pesticide spraying", actor=by, escalation=escalation, now=when)
