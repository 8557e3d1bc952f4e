"""The referral register in the JSON API: the same filters, permissions and
regions as the register page (`intake.referral_register`)."""

from __future__ import annotations

from datetime import datetime

from django.http import HttpRequest
from ninja import Router, Schema
from ninja.errors import HttpError
from ninja.pagination import paginate

from sentinelle.audit.services import Action, record
from sentinelle.intake import referral_register
from sentinelle.intake.models import Referral
from sentinelle.lib.access import require_api_perm

router = Router(tags=["referrals"])


class ReferralOut(Schema):
    id: int
    origin: str
    partner: str
    partner_name_en: str
    partner_name_fr: str
    province: str
    report: str | None
    case: str | None
    escalation_id: int | None
    region: str | None
    means: str
    communicated_at: datetime
    communicated_by: str
    outcome: str
    acknowledged_at: datetime | None
    outcome_at: datetime | None

    @staticmethod
    def resolve_partner(obj: Referral) -> str:
        return obj.partner.code

    @staticmethod
    def resolve_partner_name_en(obj: Referral) -> str:
        return obj.partner.name_en

    @staticmethod
    def resolve_partner_name_fr(obj: Referral) -> str:
        return obj.partner.name_fr

    @staticmethod
    def resolve_province(obj: Referral) -> str:
        return obj.partner.province

    @staticmethod
    def resolve_report(obj: Referral) -> str | None:
        return obj.report.reference if obj.report else None

    @staticmethod
    def resolve_case(obj: Referral) -> str | None:
        return obj.case.reference if obj.case else None

    @staticmethod
    def resolve_region(obj: Referral) -> str | None:
        return obj.region.code if obj.region else None

    @staticmethod
    def resolve_communicated_by(obj: Referral) -> str:
        return obj.communicated_by.full_name


@router.get("/referrals", response=list[ReferralOut], summary="The referral register")
@paginate
def list_referrals(request: HttpRequest,  # type: ignore[no-untyped-def]
                   partner: str = "", province: str = "", outcome: str = "", origin: str = "",
                   since: str = "", until: str = ""):
    """The same filters as the register page: partner (code), province (two
    letters), outcome (sent, acknowledged, action_taken, no_action, no_reply),
    origin (report, case, escalation, no_jurisdiction), since and until
    (YYYY-MM-DD, the day the referral was sent)."""
    require_api_perm(request, "intake.view_referral_register")
    data = {name: value for name, value in {
        "partner": partner, "province": province, "outcome": outcome, "origin": origin,
        "since": since, "until": until,
    }.items() if value}
    form = referral_register.ReferralFilterForm(data)
    if not form.is_valid():
        raise HttpError(400, "; ".join(f"{name}: {' '.join(str(m) for m in errors)}"
                                       for name, errors in form.errors.items()))
    record(Action.VIEW, request=request, via="api", what="referral_register", filters=form.applied())
    return referral_register.filtered(request.user, form)
