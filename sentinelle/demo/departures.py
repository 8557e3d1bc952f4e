"""Demo data of departures, through the real services (called by seed_demo after
the download watch and the ethics officer are in place):

- Harpreet Gill, an investigator of the West leaving in two weeks (the watch's
  "leaving" alert is about her): her team lead signed off the return of her
  material; she has yet to acknowledge the post-employment rules;
- Étienne Gravel, who left the Quebec team four months ago with his checklist
  complete, and who then called an intake agent about a file: the contact is
  flagged to the ethics officer.

Running it again adds nothing."""

from __future__ import annotations

from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from sentinelle.accounts import departures
from sentinelle.accounts.models import Departure, PostEmploymentRules, Region, Role, RoleCode, User
from sentinelle.ethics import former_staff
from sentinelle.ethics.models import FormerStaffContact

LEAVING, LEAD = "Harpreet Gill", "Sarah Thompson"
FORMER, FORMER_LEAD, RECEIVED_BY = "Étienne Gravel", "Nathalie Roy", "Sylvie Côté"


def _staff(full_name: str) -> User | None:
    return User.objects.filter(full_name=full_name, is_active=True).select_related("region").first()


def _material_returned(person: User, lead: User, note: str) -> Departure:
    departure = departures.end_date_set(person) or Departure.objects.get(user=person)
    if not departure.material_returned:
        departures.sign_off_material(departure, note=note, actor=lead, expected_version=departure.version)
    return Departure.objects.get(pk=departure.pk)


@transaction.atomic
def seed_departures() -> tuple[int, int]:
    """Returns (departures in progress, contacts by former staff) added."""
    from sentinelle.demo.base import _email_for

    today = timezone.localdate()
    leaving, lead = _staff(LEAVING), _staff(LEAD)
    in_progress = 0
    if leaving is not None and lead is not None and not Departure.objects.filter(user=leaving).exists():
        if leaving.leaves_on is None:
            leaving.leaves_on = today + timedelta(days=14)
            leaving.save(update_fields=["leaves_on"])
        _material_returned(leaving, lead, "Ordinateur portable, carte d’accès et deux carnets de notes.")
        in_progress = 1

    former_lead, receiver = _staff(FORMER_LEAD), _staff(RECEIVED_BY)
    if former_lead is None or receiver is None or FormerStaffContact.objects.exists():
        return in_progress, 0
    former, _created = User.objects.get_or_create(
        email=_email_for(FORMER), defaults={"full_name": FORMER, "region": Region.objects.get(code="QC"),
                                            "leaves_on": today - timedelta(days=120)})
    former.roles.add(Role.objects.get(code=RoleCode.INVESTIGATOR))
    departure = _material_returned(former, former_lead, "Ordinateur portable, carte d’accès, dossiers papier.")
    rules = PostEmploymentRules.current()
    if not departure.rules_acknowledged and rules is not None:
        departures.acknowledge_rules(departure, rules_version=rules.version, actor=former,
                                     expected_version=departure.version)
    former_staff.record_contact(
        former, file_reference="C-2026-000045", contacted_on=today - timedelta(days=3), actor=receiver,
        about="Appel au sujet de l’avancement du dossier de la Ferme Bellerive, pour le compte de l’employeur "
              "qu’il conseille maintenant. Je n’ai donné aucune information et lui ai rappelé les règles "
              "d’après-mandat.")
    return in_progress, 1


__all__ = ["seed_departures"]
