"""The client service declaration measured from the data, for a period:

- a report is acknowledged immediately: the share of the period's reports that
  received their receipt code when submitted (every report submitted through
  the service does);
- an urgent report is acted on within 24 hours: the share of the escalations
  opened in the period whose measures were recorded by their 24-hour target
  (the dashboard's own count, escalations still open before it left aside);
- a worker's follow-up message is answered within N working days: for each
  message a worker sent in the period, the first staff message after it on the
  same report, counted in working days (Monday to Friday, federal holidays
  aside); one still unanswered counts once its time is up.

Each figure comes with its target (`ServiceStandard`)."""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import holidays
from django.db.models import Avg, Count

from sentinelle.dashboard.periods import Period
from sentinelle.dashboard.stats import Figures, Scope, share
from sentinelle.governance.models import ServiceStandard, StandardCode
from sentinelle.intake.models import Channel, Message, Report, SurveyResponse


@dataclass(frozen=True)
class Measured:
    standard: ServiceStandard
    met: int
    counted: int

    @property
    def value(self) -> float | None:
        return share(self.met, self.counted)

    @property
    def target(self) -> Decimal:
        return self.standard.target

    @property
    def on_target(self) -> bool | None:
        return None if self.value is None else self.value >= float(self.standard.target)


def working_days_between(start: datetime.date, end: datetime.date) -> int:
    """Working days after `start` up to and including `end` (0 the same day)."""
    if end <= start:
        return 0
    closed = holidays.Canada(years=range(start.year, end.year + 1))
    days, day = 0, start
    while day < end:
        day += datetime.timedelta(days=1)
        if day.weekday() < 5 and day not in closed:
            days += 1
    return days


def acknowledged(period: Period) -> tuple[int, int]:
    """The period's reports, and those without a receipt code: two counts each
    read from an index alone (the day's, then the receipt's)."""
    reports = Report.objects.order_by().filter(submitted_on__gte=period.start, submitted_on__lte=period.end)
    total = reports.count()
    return total - reports.filter(receipt_lookup="").count(), total


def urgent(period: Period) -> tuple[int, int]:
    totals = Figures(period, Scope()).escalation_totals
    return totals["met_24"], totals["total"] - totals["pending_24"]


def follow_up(period: Period, allowed: int, today: datetime.date) -> tuple[int, int]:
    """Worker messages of the period answered within `allowed` working days: one
    query for the period's reports' messages, in order."""
    reports = Message.objects.filter(from_worker=True, sent_on__gte=period.start, sent_on__lte=period.end
                                     ).values("report_id")
    messages = Message.objects.order_by("report_id", "sent_on", "id").filter(report_id__in=reports).values_list(
        "report_id", "from_worker", "sent_on")
    by_report: dict[int, list[tuple[bool, datetime.date]]] = defaultdict(list)
    for report_id, from_worker, sent_on in messages:
        by_report[report_id].append((from_worker, sent_on))
    met = counted = 0
    for thread in by_report.values():
        for index, (from_worker, sent_on) in enumerate(thread):
            if not from_worker or not period.start <= sent_on <= period.end:
                continue
            answer = next((day for worker, day in thread[index + 1:] if not worker), None)
            if answer is None:
                if working_days_between(sent_on, today) > allowed:
                    counted += 1
                continue
            counted += 1
            met += working_days_between(sent_on, answer) <= allowed
    return met, counted


def measure_standards(period: Period, today: datetime.date | None = None) -> list[Measured]:
    today = today or period.end
    result = []
    for standard in ServiceStandard.objects.all():
        if standard.code == StandardCode.ACKNOWLEDGED:
            met, counted = acknowledged(period)
        elif standard.code == StandardCode.URGENT:
            met, counted = urgent(period)
        else:
            met, counted = follow_up(period, standard.working_days or 0, today)
        result.append(Measured(standard, met, counted))
    return result


def dashboard_panel(period: Period, scope: Scope) -> dict[str, Any]:
    """The dashboard's panel: each standard in the period shown, and the survey's
    answers by channel, national whatever the scope (registered with `dashboard.panels` in the app's ready())."""
    answers: dict[str, int] = {}
    means: dict[str, Any] = {}
    for channel, n, mean in SurveyResponse.objects.order_by().filter(  # the number and the mean in one query
            answered_on__gte=period.start, answered_on__lte=period.end).values_list("channel").annotate(
            n=Count("pk"), mean=Avg("rating")).values_list("channel", "n", "mean"):
        answers[channel], means[channel] = n, mean
    return {"template": "governance/_dashboard_panel.html", "standards": measure_standards(period),
            "survey": [(label, answers.get(code, 0), means.get(code)) for code, label in Channel.choices]}
