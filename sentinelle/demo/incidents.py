"""Demo data: two confidentiality incidents, through the real services.

- a misdirected e-mail (a spreadsheet of 42 workers' names and work-permit
  numbers sent to the wrong employer): risk of serious harm, the Commission and
  the persons notified, in the register;
- a lost paper file, recovered sealed the next day: no risk of serious harm,
  in the register.

Running it again adds nothing (the incidents are found by their title)."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.db import transaction
from django.utils import timezone

from sentinelle.incidents.grid import Rating
from sentinelle.incidents.models import Incident, Measure, MeasureKind, NoticeKind
from sentinelle.incidents.notices import generate_notice
from sentinelle.incidents.register import record_entry
from sentinelle.lib.references import new_reference

CONTACT = {
    "contact_name": "Geneviève Tremblay", "contact_title": "Responsable de la protection des renseignements personnels",
    "contact_phone": "418 555-0142", "contact_email": "prp@sentinelle.example",
}


def _officer() -> Any:
    from sentinelle.accounts.models import RoleCode, User

    return User.objects.filter(roles__code=RoleCode.PRIVACY_OFFICER, is_active=True).order_by("pk").first()


@transaction.atomic
def seed_incidents(officer: Any = None, *, today: date | None = None) -> int:
    """The two demo incidents, with their notices and register entries; how many were added."""
    officer = officer or _officer()
    if officer is None:
        return 0
    today = today or timezone.localdate()
    added = 0
    title = "Courriel transmis au mauvais employeur"
    if not Incident.objects.filter(title=title).exists():
        incident = Incident.objects.create(
            reference=new_reference("I"), title=title, created_by=officer, **CONTACT,
            circumstances=("Un enquêteur a transmis par courriel le tableau des travailleurs rencontrés lors d’une "
                           "inspection à un autre employeur du même secteur, dont l’adresse était semblable."),
            information_concerned="Noms, numéros de permis de travail et dates de naissance des travailleurs.",
            occurred_on=today - timedelta(days=12), learned_on=today - timedelta(days=11),
            persons_concerned=42, persons_in_quebec=40,
            discovered_how="L’employeur destinataire a signalé l’erreur par téléphone le lendemain.",
            notification_measures="Lettre à chaque travailleur, en français et en anglais, par la poste.",
            suggested_measures=("Signaler à l’équipe tout contact inhabituel d’un employeur au sujet de votre "
                                "permis de travail."),
            other_bodies="Aucun.",
            sensitivity=Rating.HIGH, malicious_use=Rating.HIGH, consequences=Rating.HIGH, probability=Rating.MEDIUM,
            serious_harm=True, concluded_by=officer, concluded_at=timezone.now(),
            harm_explanation=("Les travailleurs concernés ont déposé des signalements contre leur employeur; un "
                              "employeur qui connaît leur identité et leur permis pourrait exercer des représailles."),
        )
        Measure.objects.create(incident=incident, kind=MeasureKind.REDUCE,
                               description="Demande écrite de destruction du courriel et confirmation reçue.",
                               responsible_unit="Direction régionale du Québec",
                               planned_on=today - timedelta(days=11), done_on=today - timedelta(days=10))
        Measure.objects.create(incident=incident, kind=MeasureKind.PREVENT,
                               description="Désactivation de la saisie automatique des adresses dans la messagerie.",
                               responsible_unit="Service de la cybersécurité",
                               planned_on=today + timedelta(days=20))
        record_entry(incident, actor=officer)
        generate_notice(incident, NoticeKind.COMMISSION, language="fr", given_on=today - timedelta(days=9),
                        actor=officer)
        generate_notice(incident, NoticeKind.PERSONS, language="fr", given_on=today - timedelta(days=8),
                        actor=officer, recipients=["Travailleur A, 12 rue des Érables, Saint-Rémi (Québec)",
                                                   "Travailleuse B, 3 rang Sud, Sherrington (Québec)"])
        added += 1
    title = "Dossier papier oublié dans un taxi"
    if not Incident.objects.filter(title=title).exists():
        incident = Incident.objects.create(
            reference=new_reference("I"), title=title, created_by=officer, **CONTACT,
            circumstances="Un dossier d’inspection papier a été oublié dans un taxi, puis rapporté scellé le lendemain.",
            information_concerned="Nom et coordonnées professionnelles d’un employeur et de deux témoins.",
            occurred_on=today - timedelta(days=40), learned_on=today - timedelta(days=40),
            persons_concerned=3, persons_in_quebec=3,
            discovered_how="L’enquêteur a constaté l’oubli à son arrivée au bureau.",
            sensitivity=Rating.MEDIUM, malicious_use=Rating.LOW, consequences=Rating.LOW, probability=Rating.LOW,
            serious_harm=False, concluded_by=officer, concluded_at=timezone.now(),
        )
        Measure.objects.create(incident=incident, kind=MeasureKind.PREVENT,
                               description="Rappel des règles de transport des dossiers papier.",
                               responsible_unit="Direction régionale du Québec",
                               planned_on=today - timedelta(days=35), done_on=today - timedelta(days=30))
        record_entry(incident, actor=officer)
        added += 1
    return added
