"""Demo data of governance, through the real services: seed 000's action plan with
progress (owners, dated status updates, evidence), the quarterly reports to
governance of the last two quarters approved (their PDFs made by the task
worker) and the current quarter's in draft.

Running it again adds nothing (the plan's history and the reports are found)."""

from __future__ import annotations

import datetime
from typing import Any

from django.db import transaction
from django.utils import timezone

from sentinelle.accounts.models import RoleCode, User
from sentinelle.dashboard.periods import fiscal_year_of, quarter_of
from sentinelle.governance import services
from sentinelle.governance.models import Measure, QuarterlyReport, StatusUpdate
from sentinelle.governance.report import last_quarters

# code, status, percent, note (the plan's progress after it became residual)
PROGRESS = [
    ("2.1", "at_risk", 92, "Inventaire national sous 2 000 cas, mais l’arriéré des dossiers de plus de 365 jours "
                           "remonte dans l’Ouest."),
    ("3.1", "late", 85, "Taux sans erreur substantielle à 87 % ce trimestre : la cible de 90 % n’est pas atteinte."),
    ("3.3", "on_track", 95, "Champs de contrôle de la qualité livrés; rapports de suivi en essai."),
    ("4.1", "residual", 95, "Formation sur les inspections sur place non annoncées donnée dans trois régions sur quatre."),
]
NARRATIVE = {
    "highlights_fr": "L’inventaire national reste sous le niveau sain de 2 000 cas. Les recours hiérarchiques sont "
                     "traités dans les 24 heures dans la grande majorité des cas.",
    "highlights_en": "The national inventory stays below the healthy level of 2,000 cases. Escalations are dealt "
                     "with within 24 hours in the great majority of cases.",
    "risks_fr": "Le taux de dossiers sans erreur substantielle reste sous la cible de 90 %.",
    "risks_en": "The rate of files without substantial error stays below the 90% target.",
    "decisions_fr": "Approuver le renfort de deux réviseurs du contrôle de la qualité dans l’Ouest.",
    "decisions_en": "Approve two additional quality control reviewers for the Western region.",
}


def _managers() -> list[Any]:
    return list(User.objects.filter(roles__code=RoleCode.MANAGER, is_active=True).order_by("pk")[:3])


@transaction.atomic
def seed_governance(today: datetime.date | None = None) -> int:
    """The plan's progress and three reports; how many reports were added."""
    managers = _managers()
    if len(managers) < 3:
        return 0
    author, reviewer, approver = managers
    if not StatusUpdate.objects.exists():
        for code, status, percent, note in PROGRESS:
            measure = Measure.objects.filter(code=code, priority__plan__fiscal_year=2021).first()
            if measure is None:
                continue
            services.update_measure(measure, {"status": status, "percent_done": percent, "owner": author},
                                    note=note, actor=author, expected_version=None)
            services.add_evidence(measure, label="Tableau de bord national", url="/fr/staff/dashboard/", actor=author)
    today = today or timezone.localdate()
    current = (fiscal_year_of(today), quarter_of(today))
    added = 0
    for fiscal_year, quarter in last_quarters(*current, count=3):
        if QuarterlyReport.objects.filter(fiscal_year=fiscal_year, quarter=quarter).exists():
            continue
        report = services.start_report(fiscal_year, quarter, actor=author)
        services.save_narrative(report, NARRATIVE, actor=author, expected_version=None)
        if (fiscal_year, quarter) != current:
            report = services.review_report(report, actor=reviewer, expected_version=None)
            services.approve_report(report, actor=approver, expected_version=None)
        added += 1
    return added


# A working group with a year of meetings (seed 003) ------------------------------------------------

MEMBERS = [
    ("Hélène Gagnon", "Centre d’accueil des travailleurs agricoles", "co_chair", True),
    ("David Mensah", "Ontario Farmworker Support Network", "co_chair", False),
    ("Lucía Hernández", "Red de apoyo a trabajadores migrantes", "member", False),
    ("Mark Sutherland", "Atlantic Seafood Employers Association", "member", False),
    ("Joy Santos", "Migrant Workers Centre – Western Canada", "member", False),
    ("Pierre-Luc Côté", "Direction régionale du Québec", "member", False),
]
AREAS = [
    ("Recruitment, retention and professional development of front-line staff",
     "Recrutement, maintien en poste et perfectionnement professionnel du personnel de première ligne"),
    ("Workload and mental health of staff", "Gestion de la charge de travail et santé mentale du personnel"),
    ("Professionalisation of services to workers", "Professionnalisation des services aux travailleurs"),
]


def seed_working_group(today: datetime.date | None = None) -> int:
    """One working group with its members, a meeting a month for a year (each with
    attendance, declarations before the agenda, minutes and an action item), its
    work plan and practices; the number of meetings added."""
    from sentinelle.governance import groups
    from sentinelle.governance.models import WorkingGroup

    if WorkingGroup.objects.exists():
        return 0
    secretariat = User.objects.filter(roles__code=RoleCode.SECRETARIAT, is_active=True).order_by("pk").first()
    today = today or timezone.localdate()
    start = today.replace(day=1) - datetime.timedelta(days=365)
    with transaction.atomic():
        group = groups.create_group(
            {"name_en": "Working group on the health of the sector", "name_fr": "Groupe de travail sur la santé du secteur",
             "parent_committee_en": "National steering committee", "parent_committee_fr": "Comité directeur national",
             "started_on": start},
            mandate_en="Understand and improve the overall health of the sector: recruitment, retention and "
                       "professional development, workload and mental health, professionalisation. The group is not "
                       "a decision-making body; it reports to the national steering committee.",
            mandate_fr="Comprendre et améliorer la santé globale du secteur : recrutement, maintien en poste et "
                       "perfectionnement professionnel, charge de travail et santé mentale, professionnalisation. Le "
                       "groupe n’est pas un organe de décision; il relève du comité directeur national.",
            seats=[("Francophone seat", "Siège francophone")], actor=secretariat)
        seat = group.seats.get()  # type: ignore[attr-defined]
        members = [groups.add_member(group, {"full_name": name, "organisation": org, "role": role,
                                             "seat": seat if francophone else None, "term_starts_on": start},
                                     actor=secretariat) for name, org, role, francophone in MEMBERS]
        for position, (title_en, title_fr) in enumerate(AREAS):
            area = groups.propose_area(group, title_en=title_en, title_fr=title_fr,
                                       proposed_on=start + datetime.timedelta(days=30), actor=secretariat)
            groups.validate_area(area, validated_by="Coprésidence du comité directeur national",
                                 validated_on=start + datetime.timedelta(days=60 + 10 * position), actor=secretariat)
            groups.add_area_update(area, text="Analyse des résultats du sondage de 2021 terminée.",
                                   risk_flag=position == 1, actor=secretariat)
        meetings = 0
        for month in range(12):
            held_on = (start + datetime.timedelta(days=31 * month)).replace(day=15)
            if held_on > today:
                break
            meeting = groups.plan_meeting(group, held_on=held_on, agenda="1. Suivi des mesures\n2. Plan de travail\n"
                                          "3. Référentiel de pratiques", actor=secretariat)
            entries = [{"member": m, "present": (i + month) % 5 != 0, "has_conflict": m == members[3] and month == 4,
                        "details": "Siège au conseil d’un employeur inspecté." if m == members[3] and month == 4 else ""}
                       for i, m in enumerate(members)]
            groups.record_declarations(meeting, entries, actor=secretariat)
            groups.open_agenda(meeting, actor=secretariat)
            groups.record_minutes(meeting, minutes="Tour de table et suivi du plan de travail.",
                                  decisions="Adopter le procès-verbal de la réunion précédente.", actor=secretariat)
            item = groups.add_action_item(meeting, description="Compiler les pratiques reçues des membres.",
                                          owner=members[month % len(members)],
                                          due_on=held_on + datetime.timedelta(days=30), actor=secretariat)
            if held_on + datetime.timedelta(days=30) < today:
                groups.set_action_status(item, "done", actor=secretariat)
            meetings += 1
        groups.add_practice(group, {"title": "Guide d’accueil des nouveaux employés", "url": "https://example.org/accueil",
                                    "description": "", "tags": "recrutement, maintien en poste"}, actor=secretariat)
    return meetings
