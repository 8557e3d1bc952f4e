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


class MaterialReturnedForm(forms.Form):
    note = forms.CharField(
        label=_("What was returned"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("For example: laptop, badge, notebooks, paper copies, files on removable media."),
        error_messages={"required": _("Say what was returned before signing off.")})


class AcknowledgeRulesForm(forms.Form):
    rules_version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    read = forms.BooleanField(
        label=_("I have read the post-employment rules above and will respect them for the year after my last day."),
        error_messages={"required": _("Tick the box to say you have read the rules.")})
