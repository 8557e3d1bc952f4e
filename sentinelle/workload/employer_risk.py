"""The employer risk score (seed 000, priority 2: "cibler les secteurs à risque
élevé"): a sum of the configurable rules (`EmployerRiskRule`) that hold for the
employer, with the list of those rules, so that anyone can see why an employer
ranks where it does.

    score = Σ, for each kind of rule, the strongest rule of that kind that holds:
      sector_weight   weight % of the sector's risk weight (rounded down)
      non_compliance  a decision of non-compliance approved in the last N years
      reports         at least N reports received in the last 12 months
      positions       at least N TFW positions approved in the last 24 months
      not_inspected   no inspection started in the last N years (or never)
      first_time      first approved in the last N months

One rule (`score_of`), one place that gathers its facts: `facts_of` reads the
facts of many employers with four grouped queries (employers, decisions,
reports, inspections), so that a national register of 50,000 employers is
scored in one pass, not one query per employer."""

from __future__ import annotations

import calendar
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.db.models import Count, Max, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from sentinelle.cases.employer_panels import Panel
from sentinelle.cases.models import Case, Decision, DecisionStatus, Employer, Outcome
from sentinelle.intake.models import Report
from sentinelle.workload.models import EmployerRiskRule, SectorWeight, Selection

Kind = EmployerRiskRule.Kind
NON_COMPLIANT = [Outcome.WARNING, Outcome.PENALTY, Outcome.BAN]
REPORT_WINDOW_MONTHS = 12


@dataclass(frozen=True)
class Facts:
    """What the score of one employer is computed from."""

    employer_id: int
    sector_id: int
    sector_weight: int
    positions: int
    first_approved_on: date | None
    last_non_compliance: datetime | None
    reports_12_months: int
    last_inspection: datetime | None


@dataclass(frozen=True)
class Rule:
    """A rule as the score reads it (a row of `EmployerRiskRule`, detached)."""

    pk: int
    kind: str
    threshold: int
    weight: int


@dataclass(frozen=True)
class Term:
    rule: int
    kind: str
    threshold: int
    points: int

    def as_dict(self) -> dict[str, Any]:
        return {"rule": self.rule, "kind": self.kind, "threshold": self.threshold, "points": self.points}


def active_rules() -> list[Rule]:
    return [Rule(r.pk, r.kind, r.threshold, r.weight) for r in EmployerRiskRule.objects.filter(active=True)]


def months_before(day: date, months: int) -> date:
    """The same day `months` months earlier (the last day of that month when it is shorter)."""
    year, month = divmod(day.year * 12 + day.month - 1 - months, 12)
    return date(year, month + 1, min(day.day, calendar.monthrange(year, month + 1)[1]))


def _years_ago(today: date, years: int) -> date:
    return months_before(today, 12 * years)


def _holds(rule: Rule, facts: Facts, today: date) -> int | None:
    """The points `rule` gives to `facts`, or None when it does not hold."""
    kind, n = rule.kind, rule.threshold
    if kind == Kind.SECTOR_WEIGHT:
        points = facts.sector_weight * rule.weight // 100
        return points if points > 0 else None
    holds = (
        (kind == Kind.NON_COMPLIANCE and facts.last_non_compliance is not None
         and timezone.localdate(facts.last_non_compliance) > _years_ago(today, n))
        or (kind == Kind.REPORTS and facts.reports_12_months >= max(n, 1))
        or (kind == Kind.POSITIONS and facts.positions >= max(n, 1))
        or (kind == Kind.NOT_INSPECTED and (facts.last_inspection is None
                                            or timezone.localdate(facts.last_inspection) <= _years_ago(today, n)))
        or (kind == Kind.FIRST_TIME and facts.first_approved_on is not None
            and facts.first_approved_on > months_before(today, n))
    )
    return rule.weight if holds else None


def score_of(facts: Facts, rules: Sequence[Rule], today: date) -> tuple[int, list[Term]]:
    """THE score (see the module's docstring) and the terms that produced it."""
    strongest: dict[str, Term] = {}
    for rule in rules:
        points = _holds(rule, facts, today)
        if points is None:
            continue
        kept = strongest.get(rule.kind)
        if kept is None or points > kept.points:
            strongest[rule.kind] = Term(rule.pk, rule.kind, rule.threshold, points)
    terms = [strongest[kind] for kind in Kind.values if kind in strongest]
    return sum(term.points for term in terms), terms


# The facts of many employers --------------------------------------------------------------


def _longest(rules: Iterable[Rule], kind: str, default: int) -> int:
    return max((rule.threshold for rule in rules if rule.kind == kind), default=default)


def facts_of(employers: QuerySet[Employer], *, rules: Sequence[Rule], today: date) -> list[Facts]:
    """The facts of every employer of `employers`, in four grouped queries."""
    rows = list(employers.values_list("pk", "sector_id", "approved_positions", "first_approved_on"))
    weights = dict(SectorWeight.objects.values_list("sector_id", "weight"))
    ids = employers.values("pk")
    decided_since = timezone.make_aware(datetime.combine(
        _years_ago(today, _longest(rules, Kind.NON_COMPLIANCE, 5)), datetime.min.time()))
    non_compliance = dict(
        Decision.objects.filter(status=DecisionStatus.APPROVED, outcome__in=NON_COMPLIANT,
                                approved_at__gte=decided_since, case__employer__in=ids)
        .values("case__employer_id").annotate(last=Max("approved_at")).values_list("case__employer_id", "last")
    )
    reports = dict(
        Report.objects.filter(employer__in=ids,
                              submitted_on__gt=months_before(today, REPORT_WINDOW_MONTHS))
        .values("employer_id").annotate(n=Count("pk")).values_list("employer_id", "n")
    )
    inspections = dict(
        Case.objects.filter(employer__in=ids, inspection_started_at__isnull=False)
        .values("employer_id").annotate(last=Max("inspection_started_at")).values_list("employer_id", "last")
    )
    return [Facts(pk, sector_id, weights.get(sector_id, 0), positions, first, non_compliance.get(pk),
                  reports.get(pk, 0), inspections.get(pk)) for pk, sector_id, positions, first in rows]


@dataclass(frozen=True)
class Scored:
    facts: Facts
    score: int
    terms: list[Term]


def score_employers(employers: QuerySet[Employer], *, today: date | None = None,
                    rules: Sequence[Rule] | None = None) -> list[Scored]:
    """The score of each employer of `employers`, with its terms."""
    today = today or timezone.localdate()
    rules = active_rules() if rules is None else rules
    scored = []
    for facts in facts_of(employers, rules=rules, today=today):
        score, terms = score_of(facts, rules, today)
        scored.append(Scored(facts, score, terms))
    return scored


def score_employer(employer: Employer, *, today: date | None = None) -> Scored:
    """The score of one employer (the same rule, the same queries, for one row)."""
    return score_employers(Employer.objects.filter(pk=employer.pk), today=today)[0]


def inspected_since(facts: Facts, today: date, years: int) -> bool:
    """Whether an inspection started within the last `years` years."""
    return facts.last_inspection is not None and (
        timezone.localdate(facts.last_inspection) > _years_ago(today, years))


# Reading aids ------------------------------------------------------------------------------


def describe_term(term: dict[str, Any]) -> str:
    """One line of the score's explanation, in the reader's language."""
    kind, n = term.get("kind", ""), int(term.get("threshold") or 0)
    if kind == Kind.SECTOR_WEIGHT:
        return _("The sector's risk weight")
    if kind == Kind.NON_COMPLIANCE:
        return ngettext("Non-compliance found in the last %(n)d year", "Non-compliance found in the last %(n)d years",
                        n) % {"n": n}
    if kind == Kind.REPORTS:
        return ngettext("At least %(n)d report received in the last 12 months",
                        "At least %(n)d reports received in the last 12 months", n) % {"n": n}
    if kind == Kind.POSITIONS:
        return ngettext("At least %(n)d TFW position approved in the last 24 months",
                        "At least %(n)d TFW positions approved in the last 24 months", n) % {"n": n}
    if kind == Kind.NOT_INSPECTED:
        return ngettext("No inspection in the last %(n)d year", "No inspection in the last %(n)d years",
                        n) % {"n": n}
    if kind == Kind.FIRST_TIME:
        return ngettext("First-time employer: first approved in the last %(n)d month",
                        "First-time employer: first approved in the last %(n)d months", n) % {"n": n}
    return str(kind)


def explanation(terms: Iterable[dict[str, Any]]) -> list[tuple[str, int]]:
    return [(describe_term(term), int(term.get("points") or 0)) for term in terms]



def employer_panel(employer: Employer, user: Any) -> Panel | None:
    """The employer page's section: the score, the rules that produced it, and the
    plans that selected the employer (`cases.employer_panels`)."""
    if not user.has_perm("cases.view_employer", employer):
        return None
    scored = score_employer(employer)
    selections = list(Selection.objects.filter(employer=employer).select_related("plan", "plan__region", "case")
                      .order_by("-plan__fiscal_year", "-pk")[:20])
    return Panel("workload/includes/employer_risk.html", {
        "score": scored.score,
        "why": explanation(t.as_dict() for t in scored.terms),
        "selections": selections,
    })
