"""Demo data of the referral strategy, through the real services: referrals of
every outcome (sent, acknowledged, action taken, no action, no reply) from a
report, a case and a report closed as outside the program's jurisdiction, over
the last three quarters, made from the demo's own reports and cases; the
partner-channel reports name their sender (the Canada Border Services Agency);
and, where there are cases, an escalation opened from one (a danger found
during an inspection).

Running it again adds nothing (the demo referrals are found by their text)."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.db import transaction
from django.db.models import Count
from django.utils import timezone

from sentinelle.accounts.models import Region, RoleCode, User
from sentinelle.cases.models import OPEN_CASE_STATUSES, Case
from sentinelle.intake import referrals, triage
from sentinelle.intake.models import (
    Channel,
    ClosingReason,
    Partner,
    Referral,
    ReferralOutcome,
    Report,
    ReportStatus,
)

MARK = "[démo] "

# (partner code, from: "report" / "case", days ago, outcome, what, what the partner said or did)
PLANNED: list[tuple[str, str, int, str, str, str]] = [
    ("cnesst", "case", 200, ReferralOutcome.ACTION_TAKEN,
     "Échafaudage sans garde-corps dans la serre no 3.", "Inspection de la CNESST le lendemain; avis de correction."),
    ("cnesst-ns", "report", 170, ReferralOutcome.NO_ACTION,
     "Heures supplémentaires non payées signalées par un travailleur.",
     "Aucune plainte déposée par le travailleur auprès de la CNESST; dossier non ouvert."),
    ("gac", "case", 140, ReferralOutcome.ACTION_TAKEN,
     "Recruteur à l'étranger exigeant des frais aux travailleurs.",
     "Affaires mondiales Canada a informé l'ambassade et le pays d'origine."),
    ("ircc", "case", 120, ReferralOutcome.ACKNOWLEDGED,
     "Passeports retenus par l'employeur.", ""),
    ("rcmp", "report", 95, ReferralOutcome.NO_REPLY,
     "Menaces de renvoi et de violence rapportées par deux travailleurs.", ""),
    ("on-mol-ohs", "case", 60, ReferralOutcome.ACTION_TAKEN,
     "Exposure to pesticides without protective equipment.", "Order issued under the OHSA."),
    ("hc", "report", 40, ReferralOutcome.SENT,
     "Eau potable du logement douteuse.", ""),
    ("worksafebc", "case", 20, ReferralOutcome.ACKNOWLEDGED,
     "Unsafe ladder use in the orchard.", ""),
    ("aafc", "case", 5, ReferralOutcome.SENT,
     "Pratiques de l'employeur dans le secteur agricole à signaler.", ""),
]


def _lead(region: Region | None = None) -> User | None:
    users = User.objects.filter(roles__code=RoleCode.TEAM_LEAD, is_active=True)
    if region is not None:
        users = users.filter(region=region)
    return users.order_by("pk").first()


@transaction.atomic
def seed_demo_referrals(now: datetime | None = None) -> int:
    """The demo referrals; how many were added (0 when they are there already)."""
    if Referral.objects.filter(what__startswith=MARK).exists():
        return 0
    now = now or timezone.now()
    lead = _lead(Region.objects.filter(code="QC").first()) or _lead()
    if lead is None or not Partner.objects.exists():
        return 0
    cases = list(Case.objects.filter(status__in=OPEN_CASE_STATUSES).select_related("region", "employer")
                 .order_by("pk")[:20])
    # The demo's own reports (no new one): those without an escalation, oldest first.
    reports = list(Report.objects.filter(escalations__isnull=True).select_related("region")
                   .order_by("submitted_on", "pk")[:40])
    if not reports and not cases:
        return 0
    added = 0
    for number, (code, origin, days, outcome, what, note) in enumerate(PLANNED):
        partner = Partner.objects.filter(code=code, active=True).first()
        if partner is None:
            continue
        case = cases[number % len(cases)] if (origin == "case" or not reports) and cases else None
        report = None if case is not None else reports[number % len(reports)]
        region = case.region if case is not None else report.region  # type: ignore[union-attr]
        actor = _lead(region) or lead
        # No earlier than the report itself was received.
        earliest = timezone.make_aware(datetime.combine(report.submitted_on, datetime.min.time())) if report else None
        sent_at = now - timedelta(days=days, hours=number)
        if earliest is not None and sent_at < earliest:
            sent_at = min(earliest + timedelta(hours=10), now - timedelta(hours=1))
        referral = referrals.refer(partner, means=Referral.Means.EMAIL, communicated_at=sent_at, what=MARK + what,
                                   actor=actor, report=report, case=case, now=now)
        if outcome != ReferralOutcome.SENT:
            if outcome != ReferralOutcome.NO_REPLY:
                referrals.record_outcome(referral, ReferralOutcome.ACKNOWLEDGED, actor=actor,
                                         at=min(sent_at + timedelta(days=2), now), note="Accusé de réception.",
                                         now=now)
            if outcome != ReferralOutcome.ACKNOWLEDGED:
                referrals.record_outcome(referral, outcome, actor=actor, note=note,
                                         at=min(sent_at + timedelta(days=21), now), now=now)
        added += 1
    # A report outside the program's jurisdiction, closed and referred in one step:
    # the last undecided one of the region with the most of them.
    undecided = Report.objects.filter(status=ReportStatus.RECEIVED, escalations__isnull=True, referrals__isnull=True)
    busiest = (undecided.values("region").annotate(n=Count("pk")).order_by("-n", "region").first())
    outside = (undecided.filter(region=busiest["region"]).order_by("-submitted_on", "-pk").first()
               if busiest is not None else None)
    if outside is not None:
        triage.close_report(outside, ClosingReason.NO_JURISDICTION, actor=_lead(outside.region) or lead,
                            partner=Partner.objects.filter(code="cnesst-ns").first()
                            if outside.employer_province == "QC" else Partner.objects.get(code="esdc"),
                            means=Referral.Means.PORTAL,
                            what=MARK + "Plainte relevant d'une autre autorité que le programme.", now=now)
        added += 1
    # Inbound referrals: the reports the demo received from a partner name it (the
    # Canada Border Services Agency), as the staff form asks.
    cbsa = Partner.objects.filter(code="cbsa").first()
    if cbsa is not None:
        Report.objects.filter(channel=Channel.PARTNER, referred_by__isnull=True).update(
            referred_by=cbsa, referred_by_contact="Agente de liaison régionale")
    # A danger found during an inspection: an escalation opened from a case.
    in_inspection = next((c for c in cases if not c.escalations.exists()), None)  # type: ignore[attr-defined]
    if in_inspection is not None:
        referrals.escalate_case(in_inspection, "Logement des travailleurs sans détecteur de fumée, chauffage "
                                "d'appoint au propane dans les chambres.", actor=_lead(in_inspection.region) or lead,
                                now=now - timedelta(hours=3))
    return added
