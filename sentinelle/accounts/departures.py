"""Departures: the checklist a staff member's end date opens, and its sign-offs.

Each function is one transaction with its audit event; a sign-off checks the
checklist's version (`lib.locking`), so that two people signing off at once do
not overwrite each other. Who signs off which item is decided in `rules.py`
(`accounts.sign_off_material`, `accounts.acknowledge_post_employment`) and
explained on `models.Departure`; the access removed at the end date is done by
the account itself (`User.has_left`) and needs no one."""

from __future__ import annotations

from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from sentinelle.accounts import notifications
from sentinelle.accounts.models import Departure, PostEmploymentRules, RoleCode, User
from sentinelle.audit.services import Action, record
from sentinelle.lib.locking import save_versioned


class DepartureError(Exception):
    """A sign-off refused; the message is for the staff member."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def in_progress() -> QuerySet[Departure]:
    """Departures whose person has an end date and whose checklist is not complete
    in what people sign (the access removed follows the date by itself)."""
    return (Departure.objects.filter(user__leaves_on__isnull=False)
            .filter(Q(material_returned_at__isnull=True) | Q(rules_acknowledged_at__isnull=True))
            .select_related("user", "user__region").order_by("user__leaves_on", "pk"))


def end_date_set(user: User, *, actor: Any = None, request: Any = None) -> Departure | None:
    """The end date of `user` was set or changed: their departure checklist opens
    (once; a changed date keeps the checklist and what was signed). The person and
    the team leads of their region are told."""
    if user.leaves_on is None or user.pk is None:
        return None
    existing = Departure.objects.filter(user=user).first()
    if existing is not None:
        return existing
    try:
        with transaction.atomic():
            departure = Departure.objects.create(user=user)
            record(Action.CREATE, actor=actor, obj=departure, request=request, leaves_on=str(user.leaves_on))
            params = {"name": user.full_name, "day": user.leaves_on.isoformat()}
            notifications.notify([user], "departure_opened", params,
                                 url_name="staff:my_departure")
            leads = User.objects.filter(is_active=True, region=user.region,
                                        roles__code=RoleCode.TEAM_LEAD).exclude(pk=user.pk).distinct()
            notifications.notify(leads, "departure_to_sign_off", params,
                                 url_name="staff:departure", url_args=[user.pk])
    except IntegrityError:  # opened at the same moment by another save: that one stands
        return Departure.objects.get(user=user)
    return departure


@transaction.atomic
def sign_off_material(departure: Departure, *, note: str, actor: User, expected_version: int | None,
                      request: Any = None) -> Departure:
    """A team lead of the person's region or an administrator signs off that the
    material and documents were returned (the permission is checked by the caller)."""
    if departure.user_id == actor.pk:
        raise DepartureError(_("You cannot sign off the return of your own material: a team lead of your "
                               "region or an administrator does."))
    if departure.material_returned:
        raise DepartureError(_("The return of material was already signed off by %(name)s.")
                             % {"name": departure.material_returned_by})
    departure.material_returned_at = timezone.now()
    departure.material_returned_by = actor
    departure.material_note = note
    save_versioned(departure, ["material_returned_at", "material_returned_by", "material_note"],
                   expected_version=expected_version)
    record(Action.UPDATE, actor=actor, obj=departure, request=request, fields=["material_returned"])
    return departure


@transaction.atomic
def acknowledge_rules(departure: Departure, *, rules_version: int, actor: User, expected_version: int | None,
                      request: Any = None) -> Departure:
    """The departing person acknowledges the post-employment rules in force, of
    which they read `rules_version`; that version is kept with the acknowledgement.
    Rules changed since the page was shown are not acknowledged unread."""
    if departure.user_id != actor.pk:
        raise DepartureError(_("Only the person who is leaving can acknowledge the post-employment rules."))
    if departure.rules_acknowledged:
        raise DepartureError(_("You already acknowledged the post-employment rules (version %(version)s).")
                             % {"version": departure.rules_text.version if departure.rules_text else "?"})
    text = PostEmploymentRules.current()
    if text is None:
        raise DepartureError(_("No post-employment rules are in force; an administrator must add them."))
    if text.version != rules_version:
        raise DepartureError(_("The post-employment rules changed since you opened the page: read version "
                               "%(version)s below, then acknowledge it.") % {"version": text.version})
    departure.rules_acknowledged_at = timezone.now()
    departure.rules_text = text
    save_versioned(departure, ["rules_acknowledged_at", "rules_text"], expected_version=expected_version)
    record(Action.UPDATE, actor=actor, obj=departure, request=request, fields=["rules_acknowledged"],
           rules_version=text.version)
    return departure
