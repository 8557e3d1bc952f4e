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


def _previous(fiscal_year: int, quarter: int) -> tuple[int, int]:
    return (fiscal_year, quarter - 1) if quarter > 1 else (fiscal_year - 1, 4)


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
    last = _previous(*current)
    before = _previous(*last)
    added = 0
    for fiscal_year, quarter in (before, last, current):
        if QuarterlyReport.objects.filter(fiscal_year=fiscal_year, quarter=quarter).exists():
            continue
        report = services.start_report(fiscal_year, quarter, actor=author)
        services.save_narrative(report, NARRATIVE, actor=author, expected_version=None)
        if (fiscal_year, quarter) != current:
            report = services.review_report(report, actor=reviewer, expected_version=None)
            services.approve_report(report, actor=approver, expected_version=None)
        added += 1
    return added
