"""The forms of the ethics pages: designations and absences (administrators), the
disclosure and its follow-up by receipt code (any staff member), the officer's
handling and messages."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from sentinelle.accounts.models import User
from sentinelle.ethics.former_staff import ContactError, check_contact, former_staff
from sentinelle.ethics.models import Absence, Consultation, Designation, Disclosure
from sentinelle.intake import receipts


def _date_input() -> forms.DateInput:
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _check_dates(cleaned: dict[str, Any]) -> None:
    starts_on, ends_on = cleaned.get("starts_on"), cleaned.get("ends_on")
    if starts_on and ends_on and ends_on < starts_on:
        raise ValidationError({"ends_on": _("The end date comes before the start date.")})


class DesignationForm(forms.ModelForm):
    class Meta:
        model = Designation
        fields = ["post", "user", "starts_on", "ends_on", "phone", "email"]
        widgets = {"starts_on": _date_input(), "ends_on": _date_input()}
        help_texts = {
            "ends_on": _("Leave empty for a designation until further notice."),
            "phone": _("How staff reach them; shown on the ethics page."),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = User.objects.filter(is_active=True).order_by("full_name")  # type: ignore[attr-defined]
        self.fields["user"].label_from_instance = lambda user: user.full_name  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        _check_dates(cleaned)
        return cleaned


class AbsenceForm(forms.ModelForm):
    class Meta:
        model = Absence
        fields = ["starts_on", "ends_on"]
        widgets = {"starts_on": _date_input(), "ends_on": _date_input()}

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        _check_dates(cleaned)
        return cleaned


class DisclosureForm(forms.ModelForm):
    anonymous = forms.TypedChoiceField(
        label=_("May the ethics officer know who you are?"),
        choices=[("yes", _("No, I stay anonymous: I will follow up with my receipt code")),
                 ("no", _("Yes, my name goes with my disclosure"))],
        coerce=lambda value: value == "yes", widget=forms.RadioSelect, initial="yes",
        error_messages={"required": _("Say whether the ethics officer may know who you are.")})

    class Meta:
        model = Disclosure
        fields = ["wrongdoing", "when_where"]
        widgets = {"wrongdoing": forms.Textarea(attrs={"rows": 8}), "when_where": forms.Textarea(attrs={"rows": 3})}
        labels = {"wrongdoing": _("What wrongdoing do you disclose?"), "when_where": _("When and where (if you know)")}
        help_texts = {"wrongdoing": _("What happened, who was involved and how you know it. Do not name a worker "
                                      "unless it is needed.")}
        error_messages = {"wrongdoing": {"required": _("Describe the wrongdoing you disclose.")}}


class ReceiptCodeForm(forms.Form):
    code = forms.CharField(
        label=_("Your receipt code"), max_length=60,
        help_text=_("The 20 digits you received when you made your disclosure. Spaces and dashes do not matter."),
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off", "spellcheck": "false"}),
        error_messages={"required": _("Write your receipt code.")})

    def clean_code(self) -> str:
        digits = receipts.normalize(self.cleaned_data["code"])
        if digits is None:
            raise ValidationError(_("A receipt code has 20 digits. Check the code and try again."), code="format")
        return digits


class MessageForm(forms.Form):
    text = forms.CharField(label=_("Your message"), max_length=5000, widget=forms.Textarea(attrs={"rows": 4}),
                           error_messages={"required": _("Write your message.")})


class FollowUpReplyForm(ReceiptCodeForm, MessageForm):
    """The author's reply carries the code again: nothing keeps it between pages."""


class HandlingForm(forms.ModelForm):
    class Meta:
        model = Disclosure
        fields = ["status", "handling", "outcome", "reprisal_complaint", "reprisal_received_on"]
        widgets = {"handling": forms.Textarea(attrs={"rows": 5}), "reprisal_complaint": forms.Textarea(attrs={"rows": 3}),
                   "reprisal_received_on": _date_input()}
        help_texts = {"handling": _("What was done: verifications, meetings, referrals, with dates."),
                      "reprisal_complaint": _("A complaint of reprisal by the author of the disclosure or by "
                                              "someone who cooperated in its examination.")}


class ConsultationForm(forms.ModelForm):
    class Meta:
        model = Consultation
        fields = ["asked_on", "topic", "question", "advice", "person"]
        widgets = {"asked_on": _date_input(), "question": forms.Textarea(attrs={"rows": 4}),
                   "advice": forms.Textarea(attrs={"rows": 4})}
        help_texts = {"person": _("Only if the person agreed to be named; otherwise leave empty."),
                      "question": _("Without names, unless the person agreed.")}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = User.objects.filter(is_active=True).order_by("full_name")  # type: ignore[attr-defined]
        self.fields["person"].label_from_instance = lambda user: user.full_name  # type: ignore[attr-defined]


class FormerStaffContactForm(forms.Form):
    former = forms.ModelChoiceField(
        label=_("Former staff member"), queryset=User.objects.none(),
        help_text=_("Only people whose last day of employment is past are listed."),
        error_messages={"required": _("Choose the former staff member who made contact."),
                        "invalid_choice": _("Choose a former staff member from the list.")})
    file_reference = forms.CharField(
        label=_("File or case reference"), max_length=40,
        help_text=_("The reference of the report or case they asked about, for example C-2026-000045."),
        error_messages={"required": _("Write the reference of the file they asked about.")})
    contacted_on = forms.DateField(label=_("Date of the contact"), widget=_date_input(),
                                   error_messages={"required": _("Write the date of the contact."),
                                                   "invalid": _("Write the date as YYYY-MM-DD.")})
    about = forms.CharField(
        label=_("What the contact was about"), max_length=5000, widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("What they asked or offered, how (phone, e-mail, in person) and what you answered."),
        error_messages={"required": _("Say what the contact was about.")})

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["former"].queryset = former_staff()  # type: ignore[attr-defined]
        self.fields["former"].label_from_instance = (  # type: ignore[attr-defined]
            lambda user: f"{user.full_name} ({user.leaves_on:%Y-%m-%d})")

    def clean_file_reference(self) -> str:
        return str(self.cleaned_data["file_reference"]).strip()

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        former, day = cleaned.get("former"), cleaned.get("contacted_on")
        if former is not None and day is not None:
            try:
                check_contact(former, day)
            except ContactError as error:
                raise ValidationError({"contacted_on": error.message}) from error
        return cleaned


class NoticeForm(forms.Form):
    """The day of the designation notice for the oversight body (today unless said)."""

    on = forms.DateField(label=_("Designations in force on"), widget=_date_input(),
                         help_text=_("Written YYYY-MM-DD. The notice names the officer and substitute designated that day."),
                         error_messages={"required": _("Give the date of the notice."),
                                         "invalid": _("Write the date as YYYY-MM-DD.")})
