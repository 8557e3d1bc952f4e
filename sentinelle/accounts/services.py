"""Every change to staff accounts: one function, one transaction, one audit event."""

from __future__ import annotations

from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from sentinelle.accounts.models import ApiToken, User
from sentinelle.audit.services import Action, record


@transaction.atomic
def create_api_token(user: User, name: str, *, actor: User) -> tuple[ApiToken, str]:
    """Returns the token and its secret value, which is never shown again."""
    raw = ApiToken.new_raw_token()
    token = ApiToken.objects.create(
        user=user, name=name, digest=ApiToken.digest_of(raw), prefix=raw[4:12]
    )
    record(Action.API_TOKEN_CREATED, actor=actor, obj=token)
    return token, raw


@transaction.atomic
def revoke_api_token(token: ApiToken, *, actor: User) -> None:
    if token.revoked_at is not None:
        return
    ApiToken.objects.filter(pk=token.pk).update(revoked_at=timezone.now())
    token.refresh_from_db()
    record(Action.API_TOKEN_REVOKED, actor=actor, obj=token)


def authenticate_api_token(raw: str) -> User | None:
    """The active staff member a bearer token belongs to, or None; the token's
    last use is noted (at most every five minutes, to spare a write per call)."""
    found = (
        ApiToken.objects.select_related("user", "user__region")
        .filter(digest=ApiToken.digest_of(raw), revoked_at__isnull=True, user__is_active=True)
        .first()
    )
    if found is None or found.user.has_left:
        # An account past its end date signs in nowhere, the API included.
        return None
    now = timezone.now()
    if found.last_used_at is None or now - found.last_used_at > timedelta(minutes=5):
        ApiToken.objects.filter(pk=found.pk).update(last_used_at=now)
    return found.user
