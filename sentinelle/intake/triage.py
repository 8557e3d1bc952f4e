"""What staff do with a report once it is in: match it to an employer of the
register, then open a case, join an open case or close it; escalate a danger,
record the measures taken and the referrals to partner authorities.

Every action is one function, one transaction and one audit event. An action that
cannot be done raises `TriageError` with a message for the staff member, and
changes nothing."""

from __future__ import annotations

import difflib
import re
import unicodedata
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from sentinelle.audit.services import Action, record
from sentinelle.cases.models import OPEN_CASE_STATUSES, Case, CaseStatus, Employer, Sector
from sentinelle.intake import escalation as escalations
from sentinelle.intake import referrals
from sentinelle.intake.models import (
    Allegation,
    ClosingReason,
    Escalation,
    ExclusionRule,
    Partner,
    Referral,
    ReferralOrigin,
    Report,
    ReportStatus,
    RiskRule,
    WorkersAffected,
)
from sentinelle.intake.services import region_for
from sentinelle.lib.access import visible_to
from sentinelle.lib.references import new_reference

# Reports still waiting for a decision; the others are triaged.
UNDECIDED = (ReportStatus.RECEIVED, ReportStatus.IN_REVIEW)


class TriageError(Exception):
    """An action that cannot be done as asked; the message is for the staff member."""

    def __init__(self, message: str | Promise) -> None:
        super().__init__(str(message))
        self.message = str(message)


def _locked(report: Report) -> Report:
    """The report, locked for the rest of the transaction, so that two people
    triaging at the same moment cannot both decide."""
    return Report.objects.select_for_update().get(pk=report.pk)


def _undecided(report: Report) -> Report:
    current = _locked(report)
    if current.status not in UNDECIDED:
        raise TriageError(gettext_lazy("This report has already been triaged."))
    return current


# Matching to the employer register ----------------------------------------------

# Words that say what kind of company it is, not which one.
_LEGAL_WORDS = frozenset([
    "inc", "incorporated", "ltd", "ltee", "limited", "limitee", "corp", "corporation", "co", "cie",
    "compagnie", "company", "enr", "senc", "sec", "llc", "llp", "the", "les", "la", "le", "l", "de",
    "du", "des", "et", "and",
])
_NOT_WORD = re.compile(r"[^\w]+")
_NOT_DIGIT = re.compile(r"\D")
SUGGESTIONS = 5
_CANDIDATES = 1000


def _plain(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def name_tokens(name: str) -> list[str]:
    """The words of a business name that tell it apart, without accents."""
    return [t for t in _NOT_WORD.sub(" ", _plain(name)).split() if t and t not in _LEGAL_WORDS]


def _phone_digits(phone: str) -> str:
    digits = _NOT_DIGIT.sub("", phone or "")
    return digits[-10:] if len(digits) >= 7 else ""


def name_similarity(a: str, b: str) -> float:
    """0 to 1; word order and legal forms ("inc.", "Ltée") do not count."""
    left, right = name_tokens(a), name_tokens(b)
    if not left or not right:
        return 0.0
    as_written = difflib.SequenceMatcher(None, " ".join(left), " ".join(right)).ratio()
    sorted_words = difflib.SequenceMatcher(None, " ".join(sorted(left)), " ".join(sorted(right))).ratio()
    # One name inside the other ("Serres Lachance" and "Les Serres Lachance et fils").
    shorter, longer = sorted((set(left), set(right)), key=len)
    contained = 0.9 if shorter <= longer else 0.0
    return max(as_written, sorted_words, contained)


@dataclass(frozen=True)
class Suggestion:
    employer: Employer
    score: float
    reasons: list[str]


def _candidates(report: Report, query: str) -> list[Employer]:
    # A duplicate merged into another employer is never offered: its history is on the one kept.
    employers = Employer.objects.filter(merged_into__isnull=True).select_related("sector", "region")
    if report.employer_province:
        employers = employers.filter(province=report.employer_province)
    elif not report.region.is_national:
        employers = employers.filter(region=report.region)
    wanted = Q()
    raw_words = [w for w in _NOT_WORD.sub(" ", query.casefold()).split() if len(w) >= 3]
    for word in dict.fromkeys([*raw_words, *name_tokens(query)]):
        if len(word) >= 3 and word not in _LEGAL_WORDS:
            wanted |= Q(legal_name__icontains=word) | Q(operating_name__icontains=word)
    if report.employer_city.strip():
        wanted |= Q(city__iexact=report.employer_city.strip())
    phone = _phone_digits(report.employer_phone)
    if phone:
        wanted |= Q(phone__contains=phone[-4:])
    if not wanted:
        return []
    return list(employers.filter(wanted)[:_CANDIDATES])


def suggest_employers(report: Report, *, query: str = "", user: Any = None) -> list[Suggestion]:
    """The employers of the register that the report most likely names, best
    first, each with why. Candidates come from the report's province (or region)
    and share a word of the name, the city or the end of the telephone number;
    they are then scored here, so the database needs no fuzzy-search extension."""
    name = query.strip() or report.employer_name
    candidates = _candidates(report, name)
    if user is not None:
        allowed = set(visible_to(user, Employer.objects.filter(pk__in=[e.pk for e in candidates]))
                      .values_list("pk", flat=True))
        candidates = [e for e in candidates if e.pk in allowed]
    city = _plain(report.employer_city.strip())
    phone = _phone_digits(report.employer_phone)
    suggestions = []
    for employer in candidates:
        similarity = max(name_similarity(name, employer.legal_name),
                         name_similarity(name, employer.operating_name))
        same_city = bool(city) and _plain(employer.city.strip()) == city
        same_phone = bool(phone) and _phone_digits(employer.phone) == phone
        score = 0.6 * similarity + 0.15 * same_city + 0.25 * same_phone
        if score < 0.25:
            continue
        reasons = [_("Name %(percent)s %% similar") % {"percent": round(similarity * 100)}]
        if same_city:
            reasons.append(_("Same city"))
        if same_phone:
            reasons.append(_("Same telephone number"))
        suggestions.append(Suggestion(employer, score, reasons))
    suggestions.sort(key=lambda s: (-s.score, s.employer.legal_name, s.employer.pk))
    return suggestions[:SUGGESTIONS]


@transaction.atomic
def match_employer(report: Report, employer: Employer, *, actor: Any) -> Report:
    """The report is about this employer of the register (the one kept, if it
    was merged as a duplicate)."""
    from sentinelle.cases.merge import survivor

    employer = survivor(employer)
    current = _undecided(report)
    previous = current.employer_id
    current.employer = employer
    current.status = ReportStatus.IN_REVIEW
    current.triaged_at = timezone.now()
    current.save(update_fields=["employer", "status", "triaged_at"])
    record(Action.UPDATE, actor=actor, obj=current, triage="match_employer",
           employer=employer.pk, previous_employer=previous)
    return current


@transaction.atomic
def create_employer_from_report(report: Report, fields: dict[str, Any], *, actor: Any) -> Employer:
    """None of the register's employers is the one reported: add it to the
    register from what the worker said (corrected by the staff member), and match."""
    current = _undecided(report)
    region = region_for(fields.get("province", ""))
    if not (actor.is_national or region.pk == actor.region_id):
        raise TriageError(gettext_lazy("You can only add employers of your own region to the register."))
    sector: Sector = fields["sector"]
    employer = Employer.objects.create(
        legal_name=fields["legal_name"],
        operating_name=fields.get("operating_name", ""),
        business_number=fields.get("business_number", ""),
        sector=sector,
        region=region,
        street_address=fields.get("street_address", ""),
        city=fields["city"],
        province=fields["province"],
        phone=fields.get("phone", ""),
    )
    current.employer = employer
    current.status = ReportStatus.IN_REVIEW
    current.triaged_at = timezone.now()
    current.save(update_fields=["employer", "status", "triaged_at"])
    record(Action.CREATE, actor=actor, obj=employer, triage="create_employer", report=current.reference)
    return employer


# Deciding ------------------------------------------------------------------------


def _needs_employer(report: Report) -> Employer:
    if report.employer_id is None:
        raise TriageError(gettext_lazy("Match the report to an employer of the register first."))
    return Employer.objects.select_related("region").get(pk=report.employer_id)


@transaction.atomic
def open_case(report: Report, *, actor: Any, now: datetime | None = None) -> Case:
    """A new inspection case on the report's employer."""
    current = _undecided(report)
    employer = _needs_employer(current)
    now = now or timezone.now()
    case = Case.objects.create(
        reference=new_reference("C"),
        employer=employer,
        region=employer.region,
        status=CaseStatus.NEW,
        opened_at=now,
        opened_by=actor,
        risk_score=current.risk_score,
        first_report_on=current.submitted_on,  # where the dashboard's timeliness clock starts
    )
    current.case = case
    current.status = ReportStatus.CASE_OPENED
    current.triaged_at = now
    current.save(update_fields=["case", "status", "triaged_at"])
    record(Action.CREATE, actor=actor, obj=case, triage="open_case", report=current.reference)
    return case


def open_cases_of(employer_id: int | None) -> Any:
    if employer_id is None:
        return Case.objects.none()
    return Case.objects.filter(employer_id=employer_id, status__in=OPEN_CASE_STATUSES).order_by("-opened_at")


@transaction.atomic
def join_case(report: Report, case: Case, *, actor: Any, now: datetime | None = None) -> Report:
    """Add the report to an open case of the same employer."""
    current = _undecided(report)
    _needs_employer(current)
    case = Case.objects.select_for_update().get(pk=case.pk)
    if case.employer_id != current.employer_id:
        raise TriageError(gettext_lazy("That case is about another employer."))
    if case.status not in OPEN_CASE_STATUSES:
        raise TriageError(gettext_lazy("That case is no longer open."))
    now = now or timezone.now()
    # A graver report raises the case in the risk-based work queue.
    if current.risk_score > case.risk_score:
        Case.objects.filter(pk=case.pk).update(risk_score=current.risk_score)
    # An earlier report moves the case's first report day, where the dashboard's timeliness clock starts.
    if case.first_report_on is None or current.submitted_on < case.first_report_on:
        Case.objects.filter(pk=case.pk).update(first_report_on=current.submitted_on)
    current.case = case
    current.status = ReportStatus.JOINED_CASE
    current.triaged_at = now
    current.save(update_fields=["case", "status", "triaged_at"])
    record(Action.UPDATE, actor=actor, obj=current, triage="join_case", case=case.reference)
    return current


@transaction.atomic
def close_report(
    report: Report, reason: str, *, actor: Any, exclusion_rule: ExclusionRule | None = None,
    now: datetime | None = None, partner: Partner | None = None, means: str = "", what: str = "",
) -> Report:
    """Close without an inspection, for one of the program's reasons. Outside the
    program's jurisdiction, the report goes to the partner authority named, and
    the referral is recorded with the closing, in the same transaction."""
    if reason == ClosingReason.NO_JURISDICTION and partner is None:
        raise TriageError(gettext_lazy("Choose the authority the report goes to."))
    if reason not in ClosingReason.values:
        raise TriageError(gettext_lazy("Choose a reason for closing the report."))
    if reason == ClosingReason.EXCLUSION:
        if exclusion_rule is None:
            raise TriageError(gettext_lazy("Choose the exclusion rule that applies."))
        if not ExclusionRule.objects.filter(pk=exclusion_rule.pk, active=True).exists():
            raise TriageError(gettext_lazy("That exclusion rule is no longer in force."))
    else:
        exclusion_rule = None
    current = _undecided(report)
    current.status = ReportStatus.CLOSED
    current.closing_reason = reason
    current.exclusion_rule = exclusion_rule
    current.triaged_at = now or timezone.now()
    current.save(update_fields=["status", "closing_reason", "exclusion_rule", "triaged_at"])
    record(Action.UPDATE, actor=actor, obj=current, triage="close", reason=reason,
           exclusion_rule=exclusion_rule.code if exclusion_rule else "",
           partner=partner.code if partner is not None and reason == ClosingReason.NO_JURISDICTION else "")
    if reason == ClosingReason.NO_JURISDICTION and partner is not None:
        moment = now or timezone.now()
        try:
            referrals.refer(
                partner, means=means or Referral.Means.EMAIL, communicated_at=min(moment, timezone.now()),
                what=what or _("Report %(reference)s, outside the program's jurisdiction.") % {
                    "reference": current.reference},
                actor=actor, report=current, origin=ReferralOrigin.NO_JURISDICTION, now=moment,
            )
        except referrals.ReferralError as error:
            raise TriageError(error.message) from error
    return current


# Escalation and referral -----------------------------------------------------------


def escalate(report: Report, reason: str, *, actor: Any, now: datetime | None = None) -> Escalation:
    """Start the 24/48-hour clock by hand. Audited by `open_escalation`."""
    if report.escalations.filter(met_at__isnull=True).exists():
        raise TriageError(gettext_lazy("An escalation is already open for this report."))
    return escalations.open_escalation(report, now or timezone.now(), reason=reason, opened_by=actor)


@transaction.atomic
def record_measures(escalation: Escalation, measures: str, *, actor: Any, now: datetime | None = None) -> bool:
    """Record the measures taken; True when the escalation is now met.

    Until the escalation is met, the time of the latest recording counts; after,
    a correction keeps the times that made it met."""
    now = now or timezone.now()
    current = Escalation.objects.select_for_update().get(pk=escalation.pk)
    current.measures = measures
    if current.met_at is None:
        current.measures_recorded_at = now
        current.measures_recorded_by = actor
    current.save(update_fields=["measures", "measures_recorded_at", "measures_recorded_by"])
    met = escalations.update_met(current, now=now)
    record(Action.UPDATE, actor=actor, obj=current, escalation="measures", met=met)
    escalation.refresh_from_db()
    return met


# Reading aids for the pages --------------------------------------------------------


def describe_rule(term: dict[str, Any]) -> str:
    """One line of the score's explanation, in the reader's language."""
    kind, key = term.get("kind", ""), str(term.get("key", ""))
    if kind == RiskRule.Kind.ALLEGATION:
        label = Allegation(key).label if key in Allegation.values else key
        return _("Allegation: %(category)s") % {"category": label}
    if kind == RiskRule.Kind.SECTOR:
        return _("Sector with NAICS code starting with %(prefix)s") % {"prefix": key}
    if kind == RiskRule.Kind.DANGER_NOW:
        return _("Someone is in danger now")
    if kind == RiskRule.Kind.HAZARD_NOW:
        return _("A health or safety risk is happening now")
    if kind == RiskRule.Kind.WORKERS:
        label = WorkersAffected(key).label if key in WorkersAffected.values else key
        return _("Workers affected: %(band)s") % {"band": label}
    if kind == RiskRule.Kind.REPEAT_EMPLOYER:
        count = int(key or 1)
        return ngettext(
            "Employer already reported at least %(count)s time",
            "Employer already reported at least %(count)s times",
            count,
        ) % {"count": count}
    return str(kind)


def describe_time(delta: timedelta) -> str:
    """'3 h 20 min left' or '5 h 10 min past the target', for the board."""
    minutes = int(abs(delta).total_seconds() // 60)
    values = {"hours": minutes // 60, "minutes": minutes % 60}
    if delta >= timedelta(0):
        return _("%(hours)s h %(minutes)02d min left") % values
    return _("%(hours)s h %(minutes)02d min past the target") % values


def overdue_escalations(user: Any, now: datetime | None = None) -> int:
    return visible_to(
        user, Escalation.objects.filter(met_at__isnull=True, target_at__lt=now or timezone.now())
    ).count()


def escalations_navigation_label(user: Any) -> str | None:
    """The navigation says how many escalations are past their 24-hour target."""
    count = overdue_escalations(user)
    if not count:
        return None
    return ngettext(
        "Escalations (%(count)s overdue)", "Escalations (%(count)s overdue)", count
    ) % {"count": count}
