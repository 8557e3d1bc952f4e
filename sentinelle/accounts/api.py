from __future__ import annotations

from django.http import HttpRequest
from ninja import Router, Schema

router = Router(tags=["accounts"])


class MeOut(Schema):
    email: str
    full_name: str
    region: str | None
    roles: list[str]


@router.get("/me", response=MeOut, summary="The staff member the token belongs to")
def me(request: HttpRequest) -> MeOut:
    user = request.user
    return MeOut(
        email=user.email,  # type: ignore[union-attr]
        full_name=user.full_name,  # type: ignore[union-attr]
        region=user.region.code if user.region else None,  # type: ignore[union-attr]
        roles=sorted(user.role_codes),  # type: ignore[union-attr]
    )
