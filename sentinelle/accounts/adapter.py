from __future__ import annotations

from typing import Any

from allauth.account.adapter import DefaultAccountAdapter
from allauth.core import context
from allauth.mfa.adapter import DefaultMFAAdapter
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value, yield_hotp_counters_from_time
from allauth.mfa.utils import decrypt
from django.contrib.auth.base_user import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.utils.crypto import constant_time_compare
from django.utils.translation import gettext_lazy as _

# Set on the request when the code typed is right for the current time step but was
# refused because it has been used already (see signals.second_factor_failed).
CODE_REUSED = "sentinelle_totp_code_reused"


class StaffAccountAdapter(DefaultAccountAdapter):
    """Staff accounts are created by an administrator; nobody signs up. An account
    whose end date has passed signs in no more than a deactivated one."""

    def is_open_for_signup(self, request: HttpRequest) -> bool:
        return False

    def pre_login(self, request: HttpRequest, user: AbstractBaseUser, **kwargs: Any) -> HttpResponse | None:
        if getattr(user, "has_left", False):
            from allauth.account.internal.stagekit import clear_login

            clear_login(request)
            return self.respond_user_inactive(request, user)
        return super().pre_login(request, user, **kwargs)


class StaffMFAAdapter(DefaultMFAAdapter):
    """Says plainly when a second-factor code is refused because it was used
    already (allauth accepts each code once; Sentinelle also remembers the time step,
    see TotpStepUsed), rather than "Incorrect code"."""

    def validation_error(self, code: str, *args: Any) -> ValidationError:
        request = context.request
        if code == "incorrect_code" and getattr(request, CODE_REUSED, False):
            return ValidationError(
                _("This code has already been used. Wait for the next code in your app, then enter it."),
                code="code_reused",
            )
        return super().validation_error(code, *args)


def totp_step_of(authenticator: Authenticator, code: str) -> int | None:
    """The time step, among those accepted now, whose code is `code`; None if none."""
    code = "".join(code.split())
    if not code:
        return None
    secret = decrypt(authenticator.data["secret"])
    for counter in yield_hotp_counters_from_time():
        if constant_time_compare(format_hotp_value(hotp_value(secret, counter)), code):
            return counter
    return None
