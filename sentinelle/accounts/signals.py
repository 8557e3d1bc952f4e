"""Security events to the audit log, wrong second-factor codes to the lock-out, and
the record of open staff sessions (see StaffSession)."""

from __future__ import annotations

import time
from datetime import UTC, datetime, timedelta
from typing import Any

from allauth.account import signals as account_signals
from allauth.mfa import signals as mfa_signals
from allauth.mfa.models import Authenticator
from axes.signals import user_locked_out
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models.signals import post_save
from django.dispatch import receiver
from django.utils import timezone

from sentinelle.accounts import departures
from sentinelle.accounts.adapter import CODE_REUSED, totp_step_of
from sentinelle.accounts.models import SIGNED_IN_AT, StaffSession, TotpStepUsed
from sentinelle.audit.services import Action, record


@receiver(user_logged_in)
def audit_sign_in(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    record(Action.SIGN_IN, actor=user, request=request)


@receiver(user_logged_in)
def remember_the_session(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    """Django's login() has just given the session a new key (the one used before
    the password and the code is deleted): note when and for whom it was opened,
    for the absolute lifetime and for ending every session of an account."""
    session = request.session
    session[SIGNED_IN_AT] = time.time()
    if session.session_key is None:
        session.save()
    now = timezone.now()
    StaffSession.objects.update_or_create(
        session_key=session.session_key, defaults={"user": user, "signed_in_at": now}
    )
    # Sessions past the absolute lifetime cannot be used any more: forget them.
    StaffSession.objects.filter(
        user=user, signed_in_at__lt=now - timedelta(hours=settings.SESSION_ABSOLUTE_HOURS)
    ).delete()


@receiver(account_signals.password_changed)
@receiver(account_signals.password_set)
def follow_the_new_session_key(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    """Changing one's password gives the session a new key (and ends the account's
    other sessions, whose password hash no longer matches): record the new key."""
    if request is None or not request.user.is_authenticated or request.session.session_key is None:
        return
    started = request.session.get(SIGNED_IN_AT)
    StaffSession.objects.update_or_create(
        session_key=request.session.session_key,
        defaults={
            "user": user,
            "signed_in_at": datetime.fromtimestamp(started, tz=UTC) if started else timezone.now(),
        },
    )


@receiver(user_logged_out)
def audit_sign_out(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    if user is not None:
        # Why the session ended, when it is not the person's own choice
        # (set by the staff middleware).
        reason = getattr(request, "session_end_reason", None)
        detail = {"reason": reason} if reason else {}
        record(Action.SIGN_OUT, actor=user, request=request, **detail)
    if request is not None and request.session.session_key:
        # logout() deletes the session row itself, right after this signal.
        StaffSession.objects.filter(session_key=request.session.session_key).delete()


@receiver(post_save, sender=settings.AUTH_USER_MODEL)
def end_sessions_of_departed_accounts(sender: Any, instance: Any, **kwargs: Any) -> None:
    """Deactivating an account, or giving it an end date already past, ends every
    session it has open, on the server: a stolen cookie dies with the account."""
    if not instance.is_active or instance.has_left:
        StaffSession.end_all_of(instance)


@receiver(post_save, sender=settings.AUTH_USER_MODEL)
def open_the_departure(sender: Any, instance: Any, **kwargs: Any) -> None:
    """An end date set, wherever it is set (the admin site, a script), opens the
    departure checklist; the admin site's save is audited with who set it."""
    if instance.leaves_on is not None:
        departures.end_date_set(instance)


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
    authenticator = kwargs.get("authenticator")
    if (
        request is not None
        and authenticator is not None
        and authenticator.type == Authenticator.Type.TOTP
        and totp_step_of(authenticator, request.POST.get("code", "")) is not None
    ):
        # Right for the current time step yet refused: the code was used already.
        setattr(request, CODE_REUSED, True)
    record(Action.SECOND_FACTOR_FAILED, actor=None, actor_label=user.email, request=request)
    # Count it against the account exactly like a wrong password.
    user_login_failed.send(
        sender=__name__,
        credentials={"email": user.email, "second_factor": True},
        request=request,
    )


@receiver(mfa_signals.authenticator_used)
def refuse_a_used_time_step(sender: Any, request: Any, user: Any, authenticator: Any, **kwargs: Any) -> None:
    """A TOTP code opens at most one session. allauth marks each accepted code in
    the cache for one time step; this keeps the latest accepted step in the database
    too, so that a code replayed within its step is refused even if the cache lost
    the mark (emptied, culled, restarted). The sign-in is not completed: this runs
    before allauth signs the person in."""
    if authenticator.type != Authenticator.Type.TOTP or request is None:
        return
    step = totp_step_of(authenticator, request.POST.get("code", ""))
    if step is None:
        return
    if TotpStepUsed.objects.filter(authenticator=authenticator, step__lt=step).update(step=step):
        return
    _used, created = TotpStepUsed.objects.get_or_create(authenticator=authenticator, defaults={"step": step})
    if not created:
        record(Action.SECOND_FACTOR_FAILED, actor=None, actor_label=user.email, request=request, reused=True)
        raise PermissionDenied("This second-factor code has already been used.")


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
