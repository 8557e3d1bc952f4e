"""A small world with known figures, for the dashboard's tests (no test here)."""

from __future__ import annotations

import uuid
from datetime import date, datetime, timedelta
from typing import Any

from django.utils import timezone

from sentinelle.cases.models import Case, CaseStatus, Employer, Sector
from sentinelle.intake.facts import first_reports
from sentinelle.intake.models import Escalation, Report
from sentinelle.lib.references import new_reference
from sentinelle.test import create_case, create_employer, region


def at(day: date, hour: int = 12) -> datetime:
    """Noon (local) of a day, as an aware datetime."""
    return timezone.make_aware(datetime(day.year, day.month, day.day, hour))  # noqa: DTZ001 (local time)


def sectors() -> tuple[Sector, Sector]:
    first, second = Sector.objects.order_by("naics_code")[:2]
    return first, second


def employer(region_code: str, sector: Sector) -> Employer:
    return create_employer(region_code, sector=sector)


def report(region_code: str, submitted_on: date, *, case: Case | None = None, channel: str = "web",
           language: str = "fr", sector: Sector | None = None, employer: Employer | None = None) -> Report:
    made = Report.objects.create(
        reference=new_reference("S"), idempotency_key=uuid.uuid4().hex, receipt_lookup=uuid.uuid4().hex,
        receipt_verifier="-", employer_name="Ferme Test", description="Heures non payées.",
        region=region(region_code), submitted_on=submitted_on, channel=channel, language=language, case=case,
        sector=sector, employer=employer or (case.employer if case else None),
    )
    if case is not None:  # linked without the triage steps: the case's facts recomputed, as after a bulk load
        first_reports([case.pk])
    return made


def case(region_code: str, sector: Sector, **fields: Any) -> Case:
    return create_case(region_code, employer=employer(region_code, sector), **fields)


def open_case(region_code: str, sector: Sector, age_days: int, status: str = CaseStatus.NEW,
              now: datetime | None = None) -> Case:
    """Opened `age_days` whole days (and one hour) ago."""
    now = now or timezone.now()
    return case(region_code, sector, status=status, opened_at=now - timedelta(days=age_days, hours=1))


def escalation(region_code: str, opened: datetime, *, met_after: timedelta | None,
               report_: Report | None = None) -> Escalation:
    return Escalation.objects.create(
        report=report_ or report(region_code, timezone.localdate(opened)), region=region(region_code),
        opened_at=opened, reason="Pesticides sprayed near workers.", target_at=opened + Escalation.TARGET,
        deadline_at=opened + Escalation.DEADLINE, met_at=opened + met_after if met_after is not None else None,
    )
