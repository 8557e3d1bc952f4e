"""The triage score: a sum of configurable rule weights, with the list of rules
that produced it, so staff can see why a report is where it is in the queue."""

from __future__ import annotations

from dataclasses import dataclass

from sentinelle.intake.models import Answer, Report, RiskRule


@dataclass(frozen=True)
class Term:
    rule_id: int
    kind: str
    key: str
    weight: int


def score(report: Report, allegations: list[str], *, earlier_reports: int = 0) -> tuple[int, list[dict[str, object]]]:
    rules = list(RiskRule.objects.filter(active=True))
    naics = report.sector.naics_code if report.sector_id and report.sector else ""
    terms: list[Term] = []
    for rule in rules:
        kind = rule.kind
        applies = (
            (kind == RiskRule.Kind.ALLEGATION and rule.key in allegations)
            or (kind == RiskRule.Kind.SECTOR and bool(naics) and naics.startswith(rule.key))
            or (kind == RiskRule.Kind.DANGER_NOW and report.danger_now == Answer.YES)
            or (kind == RiskRule.Kind.HAZARD_NOW and report.hazard_now == Answer.YES)
            or (kind == RiskRule.Kind.WORKERS and report.workers_affected == rule.key)
            or (kind == RiskRule.Kind.REPEAT_EMPLOYER and earlier_reports >= int(rule.key or 1))
        )
        if applies:
            terms.append(Term(rule.pk, kind, rule.key, rule.weight))
    # Only the strongest repeat-employer threshold counts.
    repeat = [t for t in terms if t.kind == RiskRule.Kind.REPEAT_EMPLOYER]
    if len(repeat) > 1:
        keep = max(repeat, key=lambda t: t.weight)
        terms = [t for t in terms if t.kind != RiskRule.Kind.REPEAT_EMPLOYER or t == keep]
    explanation = [{"rule": t.rule_id, "kind": t.kind, "key": t.key, "weight": t.weight} for t in terms]
    return min(sum(t.weight for t in terms), 999), explanation
