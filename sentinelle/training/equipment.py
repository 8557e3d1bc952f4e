"""Equipment staff check out (a mobile outreach kit, a field laptop, a portable
recorder): a loan is recorded only for a staff member who has completed the course
the kind of equipment requires and signed its attestation (seed 004: « Avant
d’utiliser le nouvel équipement […] il faut suivre la formation […] Les employés
devront également remplir une attestation »), the same gate as the activities
that require a course (`training.gate`), and only while the piece is free."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db import transaction
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext as _

from sentinelle.audit.services import Action, record
from sentinelle.training.completions import is_national_manager
from sentinelle.training.gate import missing_courses_message
from sentinelle.training.models import Equipment, EquipmentLoan


class LoanRefused(Exception):
    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def refusal(member: Any, equipment: Equipment) -> str | None:
    """Why `member` may not use `equipment` (the course of its kind not completed,
    or its attestation not signed), in words; None when they may."""
    what = _("Using the equipment “%(kind)s” requires") % {"kind": equipment.kind.name}
    return missing_courses_message(member, what, [equipment.kind.course])


def loans_visible_to(user: Any) -> QuerySet[EquipmentLoan]:
    """National managers see every loan; team leads, their region's; anyone else, their own."""
    from sentinelle.accounts.models import RoleCode

    loans = EquipmentLoan.objects.select_related("equipment__kind", "user", "recorded_by")
    if is_national_manager(user):
        return loans
    if user.has_role(RoleCode.TEAM_LEAD) and user.region_id is not None:
        return loans.filter(user__region_id=user.region_id)
    return loans.filter(user_id=user.pk)


def lend(equipment: Equipment, member: Any, starts_on: date, ends_on: date, *, actor: Any,
         request: HttpRequest | None = None) -> EquipmentLoan:
    """Record that `member` uses `equipment` from `starts_on` to `ends_on`;
    refused (LoanRefused, naming the course) without the course and its signed
    attestation, or while another loan holds the piece on one of those days. The
    piece is locked while it is checked: of two loans at once, one waits."""
    with transaction.atomic():
        equipment = Equipment.objects.select_for_update().select_related("kind__course").get(pk=equipment.pk)
        if not equipment.active:
            raise LoanRefused(_("The equipment %(tag)s is out of service. Nothing was saved.")
                              % {"tag": equipment.asset_tag})
        if (reason := refusal(member, equipment)) is not None:
            raise LoanRefused(reason)
        taken = EquipmentLoan.objects.filter(equipment=equipment, starts_on__lte=ends_on,
                                             ends_on__gte=starts_on).order_by("starts_on").first()
        if taken is not None:
            raise LoanRefused(_("The equipment %(tag)s is already in use from %(start)s to %(end)s. Choose other "
                                "dates or another piece. Nothing was saved.")
                              % {"tag": equipment.asset_tag, "start": taken.starts_on.isoformat(),
                                 "end": taken.ends_on.isoformat()})
        loan = EquipmentLoan.objects.create(equipment=equipment, user=member, starts_on=starts_on, ends_on=ends_on,
                                            recorded_by=actor)
        record(Action.CREATE, actor=actor, obj=member, request=request, equipment_loan=loan.pk,
               equipment=equipment.asset_tag, kind=equipment.kind.code, starts_on=starts_on.isoformat(),
               ends_on=ends_on.isoformat())
    return loan
