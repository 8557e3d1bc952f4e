"""Demo data of departures, through the real services (called by seed_demo after
the download watch has given Harpreet Gill, an investigator of the West, her end
date two weeks ahead, which opened her departure checklist): her team lead signed
off the return of her material; she has yet to acknowledge the post-employment
rules, and her access ends by itself after her last day. The watch's "leaving"
alert about her links to this checklist.

Running it again adds nothing."""

from __future__ import annotations

from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from sentinelle.accounts import departures
from sentinelle.accounts.models import Departure, User

LEAVING, LEAD = "Harpreet Gill", "Sarah Thompson"
RETURNED = "Ordinateur portable, carte d’accès et deux carnets de notes."


def _staff(full_name: str) -> User | None:
    return User.objects.filter(full_name=full_name, is_active=True).select_related("region").first()


@transaction.atomic
def seed_departures() -> int:
    """Returns the number of departures signed off in part now (0 or 1)."""
    leaving, lead = _staff(LEAVING), _staff(LEAD)
    if leaving is None or lead is None:
        return 0
    if leaving.leaves_on is None:
        leaving.leaves_on = timezone.localdate() + timedelta(days=14)
        leaving.save(update_fields=["leaves_on"])  # opens the checklist
    departure = departures.end_date_set(leaving) or Departure.objects.get(user=leaving)
    if departure.material_returned:
        return 0
    departures.sign_off_material(departure, note=RETURNED, actor=lead, expected_version=departure.version)
    return 1


__all__ = ["seed_departures"]
