from __future__ import annotations

from django.http import HttpRequest
from ninja import Router, Schema
from ninja.pagination import paginate

from sentinelle.audit.services import Action, record
from sentinelle.cases.models import Employer
from sentinelle.lib.access import get_object_for_user, require_api_perm, visible_to

router = Router(tags=["employers"])


class EmployerOut(Schema):
    id: int
    legal_name: str
    operating_name: str
    business_number: str
    naics_code: str
    region: str
    city: str
    province: str

    @staticmethod
    def resolve_naics_code(obj: Employer) -> str:
        return obj.sector.naics_code

    @staticmethod
    def resolve_region(obj: Employer) -> str:
        return obj.region.code


@router.get("/employers", response=list[EmployerOut], summary="Employers you may see")
@paginate
def list_employers(request: HttpRequest):  # type: ignore[no-untyped-def]
    require_api_perm(request, "cases.view_employer")
    return visible_to(request.user, Employer.objects.select_related("sector", "region"))


@router.get("/employers/{employer_id}", response=EmployerOut, summary="One employer")
def get_employer(request: HttpRequest, employer_id: int) -> Employer:
    require_api_perm(request, "cases.view_employer")
    employer = get_object_for_user(
        request.user,
        "cases.view_employer",
        Employer.objects.select_related("sector", "region"),
        request=request,
        pk=employer_id,
    )
    record(Action.VIEW, obj=employer, request=request, via="api")
    return employer
