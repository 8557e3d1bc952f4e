from __future__ import annotations

from typing import Any

from allauth.core import context
from allauth.mfa.base.forms import AuthenticateForm
from axes.handlers.proxy import AxesProxyHandler
from django import forms
from django.utils.translation import gettext_lazy as _


class StaffAuthenticateForm(AuthenticateForm):
    """The second-factor step. A locked account is refused before the code is
    even looked at, so that guessing cannot go on after the lock-out."""

    def clean_code(self) -> str:
        request = context.request
        if AxesProxyHandler.is_locked(request, credentials={"email": self.user.email}):
            raise forms.ValidationError(
                _(
                    "Too many failed attempts. This account is locked for a while; "
                    "try again later or contact your administrator."
                ),
                code="locked",
            )
        code: str = super().clean_code()
        return code


class ApiTokenForm(forms.Form):
    name = forms.CharField(
        label=_("Name of the token"),
        help_text=_("For example, the name of the program or report that will use it."),
        max_length=100,
    )

    def clean_name(self) -> Any:
        return self.cleaned_data["name"].strip()
