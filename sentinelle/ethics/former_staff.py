"""Contacts by former staff: a staff member records that someone who left the
program contacted it about a file. Within the year after their end date the
post-employment rules still bind them (`accounts.models.within_post_employment`),
so the contact is flagged to the ethics officer and substitute on duty, who are
notified; a contact after that year is recorded without the flag, and nobody is
notified (the person who recorded it is told so).

Only the officer and substitute read these records (`ethics.view_former_staff_contacts`);
the audit event names the record by its number, never the person or the flag."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from sentinelle.accounts import notifications
from sentinelle.accounts.models import User, within_post_employment
from sentinelle.audit.services import Action, record
from sentinelle.ethics.designations import on_duty
from sentinelle.ethics.models import FormerStaffContact


class ContactError(Exception):
    """A contact that cannot be recorded; the message is for the staff member."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def former_staff(today: date | None = None) -> QuerySet[User]:
    """Everyone whose last day of employment is past."""
    return User.objects.filter(leaves_on__lt=today or timezone.localdate()).order_by("full_name")


def check_contact(former: User, contacted_on: date, today: date | None = None) -> date:
    """Refuse a contact that is not one by former staff: no end date, a contact
    before it (they were on staff), or a date still to come. The end date checked
    against, otherwise."""
    today = today or timezone.localdate()
    if contacted_on > today:
        raise ContactError(_("The date of the contact is in the future."))
    if former.leaves_on is None:
        raise ContactError(_("%(name)s has no end date: they are not former staff.") % {"name": former.full_name})
    if contacted_on <= former.leaves_on:
        raise ContactError(_("%(name)s was still on staff on that day (last day %(day)s): this is not a contact "
                             "by former staff.") % {"name": former.full_name, "day": former.leaves_on.isoformat()})
    return former.leaves_on


def record_contact(former: User, *, file_reference: str, contacted_on: date, about: str, actor: Any,
                   request: Any = None) -> FormerStaffContact:
    """Record the contact; within the year after `former`'s end date it is flagged
    and the ethics officer and substitute on duty are notified. The end date is the
    one recorded now (read again and held until the contact is written), not the
    one the form was checked against."""
    with transaction.atomic():
        former = User.objects.select_for_update().get(pk=former.pk)
        left_on = check_contact(former, contacted_on)
        within = within_post_employment(left_on, contacted_on)
        contact = FormerStaffContact.objects.create(
            former=former, file_reference=file_reference, contacted_on=contacted_on, about=about,
            left_on=left_on, within_year=within, recorded_by=actor)
        record(Action.CREATE, actor=actor, obj=contact, request=request)
        if within:
            notifications.notify(on_duty().readers - {actor}, "ethics_former_staff_contact",
                                 {"day": contacted_on.isoformat()}, url_name="ethics:former_staff_contacts")
    return contact


def read_contacts(*, actor: Any, request: Any = None) -> QuerySet[FormerStaffContact]:
    """The register, as the officer opens it (audited: it names people)."""
    record(Action.VIEW, actor=actor, request=request, register="former_staff_contacts")
    return FormerStaffContact.objects.select_related("former", "former__region", "recorded_by")
