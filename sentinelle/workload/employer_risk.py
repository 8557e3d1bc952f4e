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
scored in one pass, not one query per employer. Each rule's limit (a day N
years or months ago) is worked out once for the day of the score."""

from __future__ import annotations

import calendar
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from typing import Any

from django.db import models
from django.db.models import Count, Max, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce
from django.http import HttpRequest
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from sentinelle.cases.models import Case, Decision, DecisionStatus, Employer, Outcome
from sentinelle.intake.models import Report
from sentinelle.workload.models import EmployerRiskRule, SectorWeight

Kind = EmployerRiskRule.Kind
NON_COMPLIANT = [Outcome.WARNING, Outcome.PENALTY, Outcome.BAN]
REPORT_WINDOW_MONTHS = 12
KINDS = list(Kind.values)


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


def _day_after(day: date) -> datetime:
    """The first moment of the day after `day`, in the current time zone: a moment
    falls on `day` or before it exactly when it is earlier. In UTC, as the database
    gives its moments: comparing two moments of one time zone is much quicker."""
    return timezone.make_aware(datetime.combine(date.fromordinal(day.toordinal() + 1), time.min)).astimezone(UTC)


# A rule worked out once for `today`: (its kind, the rule, the points it gives to
# an employer's facts, 0 when it does not hold).
type _Check = tuple[str, Rule, Callable[[Facts], int]]


def _check(rule: Rule, today: date) -> _Check:
    kind, weight = rule.kind, rule.weight
    test: Callable[[Facts], int]
    if kind == Kind.SECTOR_WEIGHT:
        def test(f: Facts) -> int:
            return f.sector_weight * weight // 100
    elif kind == Kind.NON_COMPLIANCE:
        # A decision of non-compliance approved after the day N years ago.
        since = _day_after(_years_ago(today, rule.threshold))

        def test(f: Facts) -> int:
            return weight if f.last_non_compliance is not None and f.last_non_compliance >= since else 0
    elif kind == Kind.REPORTS:
        reports = max(rule.threshold, 1)

        def test(f: Facts) -> int:
            return weight if f.reports_12_months >= reports else 0
    elif kind == Kind.POSITIONS:
        positions = max(rule.threshold, 1)

        def test(f: Facts) -> int:
            return weight if f.positions >= positions else 0
    elif kind == Kind.NOT_INSPECTED:
        # No inspection started after the day N years ago.
        since = _day_after(_years_ago(today, rule.threshold))

        def test(f: Facts) -> int:
            return weight if f.last_inspection is None or f.last_inspection < since else 0
    elif kind == Kind.FIRST_TIME:
        after = months_before(today, rule.threshold)

        def test(f: Facts) -> int:
            return weight if f.first_approved_on is not None and f.first_approved_on > after else 0
    else:
        def test(f: Facts) -> int:
            return 0
    return str(kind), rule, test


def _checks(rules: Sequence[Rule], today: date) -> list[_Check]:
    order = {kind: n for n, kind in enumerate(KINDS)}
    return sorted((_check(rule, today) for rule in rules), key=lambda c: (order.get(c[0], 99), c[1].pk))


def _score(facts: Facts, checks: Sequence[_Check]) -> tuple[int, list[Term]]:
    """Of each kind, the strongest rule that holds (at equal points, the first)."""
    strongest: dict[str, tuple[int, Rule]] = {}
    for kind, rule, test in checks:
        points = test(facts)
        if points > 0 and (kind not in strongest or points > strongest[kind][0]):
            strongest[kind] = (points, rule)
    terms = [Term(rule.pk, kind, rule.threshold, points) for kind, (points, rule) in strongest.items()]
    return sum(term.points for term in terms), terms


def score_of(facts: Facts, rules: Sequence[Rule], today: date) -> tuple[int, list[Term]]:
    """THE score (see the module's docstring) and the terms that produced it."""
    return _score(facts, _checks(rules, today))


# The facts of many employers --------------------------------------------------------------


def _longest(rules: Iterable[Rule], kind: str, default: int) -> int:
    return max((rule.threshold for rule in rules if rule.kind == kind), default=default)


FEW = 1000


def _of[M: models.Model](rows: QuerySet[M], field: str, ids: list[int] | None) -> QuerySet[M]:
    return rows if ids is None else rows.filter(**{f"{field}__in": ids})


def facts_of(employers: QuerySet[Employer], *, rules: Sequence[Rule], today: date) -> list[Facts]:
    """The facts of every employer of `employers`, in four grouped queries."""
    rows = list(employers.values_list("pk", "sector_id", "approved_positions", "first_approved_on"))
    weights = dict(SectorWeight.objects.values_list("sector_id", "weight"))
    # A few employers (a page): their own rows. Many (a plan): every employer's, in one
    # pass each, cheaper than asking the database to match tens of thousands of ids.
    ids: Any = [row[0] for row in rows] if len(rows) <= FEW else None
    decided_since = timezone.make_aware(datetime.combine(
        _years_ago(today, _longest(rules, Kind.NON_COMPLIANCE, 5)), datetime.min.time()))
    non_compliance = dict(
        _of(Decision.objects.filter(status=DecisionStatus.APPROVED, outcome__in=NON_COMPLIANT,
                                    approved_at__gte=decided_since), "case__employer_id", ids)
        .values("case__employer_id").annotate(last=Max("approved_at")).values_list("case__employer_id", "last")
    )
    reports = dict(
        _of(Report.objects.filter(submitted_on__gt=months_before(today, REPORT_WINDOW_MONTHS),
                                  employer_id__isnull=False), "employer_id", ids)
        .values("employer_id").annotate(n=Count("pk")).values_list("employer_id", "n")
    )
    inspections = dict(
        _of(Case.objects.filter(inspection_started_at__isnull=False), "employer_id", ids)
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
    checks = _checks(rules, today)
    scored = []
    for facts in facts_of(employers, rules=rules, today=today):
        score, terms = _score(facts, checks)
        scored.append(Scored(facts, score, terms))
    return scored


def score_employer(employer: Employer, *, today: date | None = None) -> Scored:
    """The score of one employer (the employer page), in one query: each active rule
    comes with the employer's facts that the grouped queries of `facts_of` read for
    many employers; the rule itself is the same (`score_of`)."""
    today = today or timezone.localdate()
    pk = employer.pk
    reports = (Report.objects.filter(employer_id=pk, submitted_on__gt=months_before(today, REPORT_WINDOW_MONTHS))
               .values("employer_id").annotate(n=Count("pk")).values("n")[:1])
    rows = list(EmployerRiskRule.objects.filter(active=True).annotate(
        f_weight=Subquery(SectorWeight.objects.filter(sector_id=employer.sector_id).values("weight")[:1]),
        f_non_compliance=Subquery(
            Decision.objects.filter(status=DecisionStatus.APPROVED, outcome__in=NON_COMPLIANT, case__employer_id=pk)
            .order_by("-approved_at").values("approved_at")[:1]),
        f_reports=Coalesce(Subquery(reports), Value(0)),
        f_inspection=Subquery(Case.objects.filter(employer_id=pk, inspection_started_at__isnull=False)
                              .order_by("-inspection_started_at").values("inspection_started_at")[:1]),
    ))
    first = rows[0] if rows else None
    facts = Facts(pk, employer.sector_id, getattr(first, "f_weight", None) or 0, employer.approved_positions,
                  employer.first_approved_on, getattr(first, "f_non_compliance", None),
                  getattr(first, "f_reports", 0), getattr(first, "f_inspection", None))
    score, terms = score_of(facts, [Rule(r.pk, r.kind, r.threshold, r.weight) for r in rows], today)
    return Scored(facts, score, terms)


def inspected_since(today: date, years: int) -> Callable[[Facts], bool]:
    """Whether an inspection started within the last `years` years (after the day
    `years` years before `today`), as a test of an employer's facts."""
    limit = _day_after(_years_ago(today, years))
    return lambda facts: facts.last_inspection is not None and facts.last_inspection >= limit


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



def employer_panel(employer: Employer, request: HttpRequest) -> SafeString | None:
    """The employer page's section: the score and the rules that produced it
    (a `cases.panels` panel), in one query."""
    if not request.user.has_perm("cases.view_employer", employer):
        return None
    scored = score_employer(employer)
    return render_to_string("workload/includes/employer_risk.html", {
        "score": scored.score,
        "why": explanation(t.as_dict() for t in scored.terms),
    }, request=request)
