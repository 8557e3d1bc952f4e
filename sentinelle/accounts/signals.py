"""Security events to the audit log, and wrong second-factor codes to the lock-out."""

from __future__ import annotations

from typing import Any

from allauth.mfa import signals as mfa_signals
from axes.signals import user_locked_out
from django.contrib.auth import get_user_model
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.db import transaction
from django.dispatch import receiver

from sentinelle.audit.services import Action, record


@receiver(user_logged_in)
def audit_sign_in(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    record(Action.SIGN_IN, actor=user, request=request)


@receiver(user_logged_out)
def audit_sign_out(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    if user is not None:
        record(Action.SIGN_OUT, actor=user, request=request)


@receiver(user_login_failed)
def audit_sign_in_failure(sender: Any, credentials: dict[str, Any], request: Any = None, **kwargs: Any) -> None:
    if credentials.get("second_factor"):
        return  # already recorded as a wrong second-factor code
    attempted = str(credentials.get("email") or credentials.get("username") or "").lower()
    actor = get_user_model().objects.filter(email=attempted).first() if attempted else None
    # The actor is named only through the label: the user is not signed in.
    record(
        Action.SIGN_IN_FAILED,
        actor=None,
        actor_label=attempted[:254],
        request=request,
        known_account=actor is not None,
    )


@receiver(mfa_signals.authentication_failed)
def second_factor_failed(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    record(Action.SECOND_FACTOR_FAILED, actor=None, actor_label=user.email, request=request)
    # Count it against the account exactly like a wrong password.
    user_login_failed.send(
        sender=__name__,
        credentials={"email": user.email, "second_factor": True},
        request=request,
    )


@receiver(user_locked_out)
def audit_lockout(sender: Any, request: Any, username: str, **kwargs: Any) -> None:
    record(Action.LOCKED_OUT, actor=None, actor_label=username, request=request)
    user = get_user_model().objects.filter(email=username).first()
    if user is not None:
        from sentinelle.accounts.tasks import warn_of_lockout

        transaction.on_commit(lambda: warn_of_lockout.enqueue(user.pk))


@receiver(mfa_signals.authenticator_added)
@receiver(mfa_signals.authenticator_removed)
@receiver(mfa_signals.authenticator_reset)
def audit_second_factor_change(sender: Any, request: Any, user: Any, authenticator: Any, **kwargs: Any) -> None:
    record(Action.SECOND_FACTOR_CHANGED, actor=user, request=request, kind=authenticator.type)
