"""The priority of a case in the work queue: one formula, written twice only in
form — once in Python (`breakdown`), for the rules shown on each case, and once
as database expressions (`with_priority`), to order 200,000 cases without
loading them. The tests hold the two to the same figures.

    priority = risk score × RISK_POINTS_PER_SCORE_POINT
             + OPEN_ESCALATION_POINTS   if the case or a report of it has an escalation
                                        whose measures are not taken yet (met_at empty)
             + the sector's risk weight (0 to 100, set by national analysts;
                                        0 for a sector without one)
             + AGE_POINTS_PER_DAY × full days since the case was opened

Example: risk score 60 + open escalation 50 + sector weight 20 + age 12 days → 142.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db import models
from django.db.models import Case as CaseExpr
from django.db.models import Exists, ExpressionWrapper, F, OuterRef, Q, Value, When
from django.db.models.functions import Coalesce
from django.utils import timezone

from sentinelle.cases.models import Case, CaseStatus
from sentinelle.intake.models import Escalation

# Each point of the case's risk score (0–100, from triage) is one point of priority.
RISK_POINTS_PER_SCORE_POINT = 1
# An escalation not yet met (health or safety at risk now) outweighs most differences of score.
OPEN_ESCALATION_POINTS = 50
# A case waiting gains a point a day, so that nothing waits for ever behind newer, riskier cases.
AGE_POINTS_PER_DAY = 1

SECONDS_PER_DAY = 86_400

# The statuses of a case waiting for an investigator.
UNASSIGNED_STATUSES = [CaseStatus.NEW, CaseStatus.ASSESSED]


@dataclass(frozen=True)
class Breakdown:
    """The figures of a case's priority, term by term."""

    risk_score: int
    open_escalation: bool
    sector_weight: int
    age_days: int

    @property
    def risk_points(self) -> int:
        return self.risk_score * RISK_POINTS_PER_SCORE_POINT

    @property
    def escalation_points(self) -> int:
        return OPEN_ESCALATION_POINTS if self.open_escalation else 0

    @property
    def age_points(self) -> int:
        return self.age_days * AGE_POINTS_PER_DAY

    @property
    def total(self) -> int:
        return self.risk_points + self.escalation_points + self.sector_weight + self.age_points


def age_in_days(opened_at: datetime, now: datetime) -> int:
    """Full days between opening and `now`, counted on whole seconds as the database
    does (never negative)."""
    return max(0, (int(now.timestamp()) - int(opened_at.timestamp())) // SECONDS_PER_DAY)


def breakdown(*, risk_score: int, open_escalation: bool, sector_weight: int | None,
              opened_at: datetime, now: datetime) -> Breakdown:
    """THE priority rule (see the module's docstring)."""
    return Breakdown(risk_score=risk_score, open_escalation=open_escalation,
                     sector_weight=sector_weight or 0, age_days=age_in_days(opened_at, now))


def breakdown_of(case: Any, now: datetime | None = None) -> Breakdown:
    """The breakdown of one case: from the annotations of `with_priority` when the
    case comes from it, else read from the database (two small queries)."""
    now = now or timezone.now()
    if hasattr(case, "has_open_escalation"):
        escalation, weight = case.has_open_escalation, case.sector_points
    else:
        escalation = (open_escalations().filter(report__case=case).exists()
                      or open_escalations().filter(case=case).exists())
        from sentinelle.workload.models import SectorWeight

        weight = SectorWeight.objects.filter(sector__employers=case.employer_id).values_list(
            "weight", flat=True).first()
    return breakdown(risk_score=case.risk_score, open_escalation=bool(escalation), sector_weight=weight,
                     opened_at=case.opened_at, now=now)


# The same rule in the database -----------------------------------------------------


def open_escalations() -> models.QuerySet[Escalation]:
    """Escalations whose measures are not taken yet. Written as "not met" on purpose:
    a plain `met_at IS NULL` lets SQLite, without statistics, walk every open
    escalation for each case (through the index on met_at) instead of the case's
    reports: seconds instead of milliseconds for a region's queue."""
    return Escalation.objects.exclude(met_at__isnull=False)


class DaysSince(models.Func):
    """Full days from a datetime column to `now`, on whole seconds, never negative
    (`age_in_days` in SQL)."""

    output_field = models.IntegerField()

    def __init__(self, expression: Any, now: datetime) -> None:
        super().__init__(expression, Value(now, output_field=models.DateTimeField()))

    def as_sqlite(self, compiler: Any, connection: Any, **extra: Any) -> Any:
        (column, column_params), (now, now_params) = (compiler.compile(e) for e in self.get_source_expressions())
        sql = (f"MAX(0, (CAST(strftime('%%s', {now}) AS INTEGER)"
               f" - CAST(strftime('%%s', {column}) AS INTEGER)) / {SECONDS_PER_DAY})")
        return sql, (*now_params, *column_params)

    def as_postgresql(self, compiler: Any, connection: Any, **extra: Any) -> Any:
        (column, column_params), (now, now_params) = (compiler.compile(e) for e in self.get_source_expressions())
        sql = (f"GREATEST(0, (FLOOR(EXTRACT(EPOCH FROM {now}))::bigint"
               f" - FLOOR(EXTRACT(EPOCH FROM {column}))::bigint) / {SECONDS_PER_DAY})::integer")
        return sql, (*now_params, *column_params)


def with_priority[Q_: models.QuerySet[Case]](cases: Q_, now: datetime) -> Q_:
    """Annotate each case with the terms of its priority (`has_open_escalation`,
    `sector_points`, `age_days`) and the total (`priority`)."""
    # A report of the case escalated, or the case itself (a danger found during the inspection).
    escalation = (Exists(open_escalations().filter(report__case=OuterRef("pk")))
                  | Exists(open_escalations().filter(case=OuterRef("pk"))))
    return cases.annotate(  # type: ignore[no-any-return]
        has_open_escalation=escalation,
        sector_points=Coalesce(F("employer__sector__risk_weight__weight"), Value(0)),
        age_days=DaysSince("opened_at", now),
    ).annotate(
        priority=ExpressionWrapper(
            F("risk_score") * RISK_POINTS_PER_SCORE_POINT
            + CaseExpr(When(has_open_escalation=True, then=Value(OPEN_ESCALATION_POINTS)), default=Value(0))
            + F("sector_points")
            + F("age_days") * AGE_POINTS_PER_DAY,
            output_field=models.IntegerField(),
        ),
    )


# Highest priority first; at equal priority, the oldest first.
QUEUE_ORDER = (F("priority").desc(), F("opened_at").asc(), F("id").asc())


def unassigned(cases: models.QuerySet[Case]) -> models.QuerySet[Case]:
    return cases.filter(Q(status__in=UNASSIGNED_STATUSES) & Q(assigned_to__isnull=True))


def queue(cases: models.QuerySet[Case], now: datetime) -> models.QuerySet[Case]:
    """The unassigned cases among `cases`, highest priority first; at equal priority,
    the oldest first."""
    return with_priority(unassigned(cases), now).order_by(*QUEUE_ORDER)
