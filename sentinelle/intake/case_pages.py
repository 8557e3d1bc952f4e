"""How the pages of cases read the tip-line reports (`cases.linked`), registered
in `IntakeConfig.ready()`: cases sits below intake and does not import it."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from django.db.models import Prefetch, Q, QuerySet

from sentinelle.cases.linked import Reports
from sentinelle.cases.models import Case
from sentinelle.intake.models import Allegation, Escalation, Report, ReportAllegation
from sentinelle.intake.referrals import of_case


def _every() -> QuerySet[Report]:
    return Report.objects.all()


def _of_employers(employers: Sequence[int]) -> QuerySet[Report]:
    return (
        Report.objects.filter(employer__in=employers)
        .select_related("case")
        .prefetch_related(Prefetch("allegations", queryset=ReportAllegation.objects.order_by("category")))
        .order_by("-submitted_on", "-id")
    )


def _allegation_labels(case: Case) -> list[Any]:
    """Lazy labels: translated when the summary is rendered."""
    codes = set(ReportAllegation.objects.filter(report__case=case).values_list("category", flat=True).distinct())
    return [Allegation(code).label for code in Allegation.values if code in codes]


def _timeline(case: Case) -> list[tuple[datetime, str, Any]]:
    escalations = (Escalation.objects.filter(Q(report__case=case) | Q(case=case))
                   .select_related("report", "case", "opened_by"))
    referrals = of_case(case).select_related("partner", "escalation", "report", "case")
    return ([(e.opened_at, "escalation", e) for e in escalations]
            + [(r.communicated_at, "referral", r) for r in referrals])


READER = Reports(every=_every, of_employers=_of_employers, allegation_labels=_allegation_labels, timeline=_timeline)
