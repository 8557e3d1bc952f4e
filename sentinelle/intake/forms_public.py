"""The forms a worker fills in: the report in steps, the survey, the follow-up.

Each step of the report is its own form. A step's answers travel to the next
steps as hidden fields (no session, no cookie), and every step's form checks
them again before the report is filed, so a changed hidden field is caught."""

from __future__ import annotations

import re
from typing import Any, cast

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from sentinelle.cases.models import Sector
from sentinelle.intake import receipts
from sentinelle.intake.models import (
    Allegation,
    Answer,
    ContactMethod,
    Since,
    SurveyResponse,
    WorkersAffected,
)
from sentinelle.lib.geo import Province
from sentinelle.lib.uploads.clean import validate_attachment

CHOICES_TEMPLATE = "intake/public/widgets/choices.html"
_PHONE = re.compile(r"^[0-9+()\-.\s]{7,40}$")
# What the file picker offers first; the content is checked on the server anyway
# (sentinelle/lib/uploads/). HEIC photos and older .doc/.xls/.ppt files are not
# offered: they cannot be cleaned of their metadata, so they are refused.
ACCEPTED_FILES = (
    "image/jpeg,image/png,image/gif,image/webp,application/pdf,.pdf,.docx,.xlsx,.pptx,.odt,.ods,.jpg,.jpeg,.png"
)


class PublicForm(forms.Form):
    """No colon after labels: most are questions, and French puts a space before it."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)


class Radios(forms.RadioSelect):
    template_name = CHOICES_TEMPLATE


class Checkboxes(forms.CheckboxSelectMultiple):
    template_name = CHOICES_TEMPLATE


class MultipleFileInput(forms.FileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one field; the list may be empty."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": ACCEPTED_FILES}))
        kwargs.setdefault("required", False)
        super().__init__(*args, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> list[UploadedFile]:
        items = data if isinstance(data, list | tuple) else [data]
        return [super(MultipleFileField, self).clean(item, initial) for item in items if item]


def _files_help() -> str:
    count = settings.ATTACHMENTS_PER_REPORT
    size = settings.ATTACHMENT_MAX_BYTES // (1024 * 1024)
    return " ".join(
        [
            str(_("Photos, PDF files or office documents.")),
            ngettext(
                "You can add up to %(count)d file.", "You can add up to %(count)d files.", count
            ) % {"count": count},
            ngettext(
                "Each file can be at most %(size)d MB.", "Each file can be at most %(size)d MB.", size
            ) % {"size": size},
        ]
    )


def check_files(files: list[UploadedFile]) -> list[UploadedFile]:
    """Every file checked by its content; all problems at once, each naming its file."""
    limit = settings.ATTACHMENTS_PER_REPORT
    if len(files) > limit:
        raise ValidationError(
            ngettext(
                "You chose %(chosen)d files. You can send at most %(count)d file.",
                "You chose %(chosen)d files. You can send at most %(count)d files.",
                limit,
            ),
            code="too_many",
            params={"chosen": len(files), "count": limit},
        )
    problems: list[ValidationError] = []
    for upload in files:
        try:
            validate_attachment(upload)
        except ValidationError as error:
            problems.append(error)
    if problems:
        raise ValidationError(problems)
    return files


class FilesMixin(PublicForm):
    attachments = MultipleFileField(label=_("Photos or documents (you can skip this)"))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["attachments"].help_text = _files_help()

    def clean_attachments(self) -> list[UploadedFile]:
        return check_files(self.cleaned_data.get("attachments") or [])


# The steps of the report ------------------------------------------------------------


class AboutYouForm(PublicForm):
    anonymous = forms.TypedChoiceField(
        label=_("Do you want to give your name?"),
        choices=[
            ("yes", _("No. I stay anonymous. I do not give my name.")),
            ("no", _("Yes. I give my name and a way to contact me.")),
        ],
        coerce=lambda value: value == "yes",
        initial="yes",
        widget=Radios,
        error_messages={"required": _("Choose if you want to give your name.")},
    )
    contact_name = forms.CharField(label=_("Your name"), max_length=200, required=False)
    contact_method = forms.ChoiceField(
        label=_("How can we contact you?"), choices=ContactMethod.choices, required=False, widget=Radios
    )
    contact_phone = forms.CharField(
        label=_("Your telephone number"),
        help_text=_("For a call, a text message or WhatsApp."),
        max_length=40,
        required=False,
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "tel"}),
    )
    contact_email = forms.EmailField(
        label=_("Your e-mail address"), max_length=254, required=False, widget=forms.EmailInput(attrs={"autocomplete": "email"})
    )
    contact_safe_times = forms.CharField(
        label=_("When is it safe to contact you?"),
        help_text=_("For example: after 6 p.m., or on Sunday."),
        max_length=200,
        required=False,
    )

    CONTACT_FIELDS = ("contact_name", "contact_method", "contact_phone", "contact_email", "contact_safe_times")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("anonymous", True):
            # Nothing of what was typed is kept for an anonymous report.
            for name in self.CONTACT_FIELDS:
                data[name] = ""
                self.errors.pop(name, None)
            return data
        if not data.get("contact_name", "").strip() and "contact_name" not in self.errors:
            self.add_error("contact_name", _("Write your name, or choose to stay anonymous."))
        method = data.get("contact_method")
        if not method and "contact_method" not in self.errors:
            self.add_error("contact_method", _("Choose how we can contact you."))
        if method == ContactMethod.EMAIL:
            if not data.get("contact_email") and "contact_email" not in self.errors:
                self.add_error("contact_email", _("Write your e-mail address."))
        elif method and "contact_phone" not in self.errors:
            phone = data.get("contact_phone", "").strip()
            if not phone:
                self.add_error("contact_phone", _("Write your telephone number."))
            elif not _PHONE.match(phone) or sum(ch.isdigit() for ch in phone) < 7:
                self.add_error("contact_phone", _("Write a telephone number, for example 514-555-0123."))
        return data


class SectorChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.name)


class EmployerForm(PublicForm):
    employer_name = forms.CharField(
        label=_("Name of the employer"),
        help_text=_("The name of the company, the farm or the boss. Write what you know."),
        max_length=200,
        error_messages={"required": _("Write the name of the employer. If you do not know it, write the name of the boss or of the place.")},
    )
    employer_address = forms.CharField(label=_("Address of the employer"), max_length=300, required=False)
    employer_city = forms.CharField(label=_("City or town"), max_length=100, required=False)
    employer_province = forms.ChoiceField(
        label=_("Province or territory"),
        choices=[("", _("I don't know")), *Province.choices],
        required=False,
    )
    employer_phone = forms.CharField(
        label=_("Telephone of the employer"),
        max_length=40,
        required=False,
        widget=forms.TextInput(attrs={"type": "tel"}),
    )
    workplace = forms.CharField(
        label=_("Where do you work, if it is not at this address?"),
        help_text=_("For example: the name of the farm, the field, or the house."),
        max_length=300,
        required=False,
    )
    sector = SectorChoiceField(
        label=_("What kind of work is it?"),
        queryset=Sector.objects.all(),
        empty_label=_("I don't know"),
        required=False,
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = cast(SectorChoiceField, self.fields["sector"])
        field.queryset = Sector.objects.order_by(Sector.name_field())


class WhatHappenedForm(PublicForm):
    allegations = forms.MultipleChoiceField(
        label=_("What is the problem? Choose all that are true."),
        choices=Allegation.choices,
        widget=Checkboxes,
        error_messages={"required": _("Choose at least one problem. If none fits, choose “Something else”.")},
    )
    description = forms.CharField(
        label=_("Tell us what happened (you can skip this)"),
        help_text=_("Use your own words, in any language. Who did what? Where? When? Spelling does not matter."),
        max_length=10000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
    )
    since = forms.ChoiceField(
        label=_("Since when is this happening?"), choices=Since.choices, required=False, widget=Radios
    )
    workers_affected = forms.ChoiceField(
        label=_("How many workers does this happen to?"),
        choices=WorkersAffected.choices,
        required=False,
        widget=Radios,
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for name, unknown in (("since", Since.UNSURE), ("workers_affected", WorkersAffected.UNSURE)):
            if name in data and not data[name]:
                data[name] = unknown
        return data


class UrgencyForm(PublicForm):
    danger_now = forms.ChoiceField(
        label=_("Is someone in danger now?"),
        help_text=_("For example: someone is hurt, threatened, or cannot leave."),
        choices=Answer.choices,
        widget=Radios,
        error_messages={"required": _("Answer this question: choose Yes, No or I don't know.")},
    )
    hazard_now = forms.ChoiceField(
        label=_("Is a health or safety risk happening now?"),
        help_text=_("For example: dangerous machines, chemicals without protection, no drinking water, or unsafe housing."),
        choices=Answer.choices,
        widget=Radios,
        error_messages={"required": _("Answer this question: choose Yes, No or I don't know.")},
    )


class SendForm(FilesMixin):
    """The last step: the files, chosen on the same page as the Send button."""


# After the report ---------------------------------------------------------------------


class SurveyForm(PublicForm):
    rating = forms.TypedChoiceField(
        label=_("How easy was it to report?"),
        choices=SurveyResponse.Rating.choices,
        coerce=int,
        widget=Radios,
        error_messages={"required": _("Choose an answer.")},
    )


class ReceiptCodeForm(PublicForm):
    code = forms.CharField(
        label=_("Your receipt code"),
        help_text=_("The 20 digits you received when you sent your report. Spaces and dashes do not matter."),
        max_length=60,
        widget=forms.TextInput(
            attrs={"inputmode": "numeric", "autocomplete": "off", "spellcheck": "false", "autocapitalize": "off"}
        ),
        error_messages={"required": _("Write your receipt code.")},
    )

    def clean_code(self) -> str:
        digits = receipts.normalize(self.cleaned_data["code"])
        if digits is None:
            raise ValidationError(
                _("A receipt code has 20 digits. Check the code and try again."), code="format"
            )
        return digits


class ReplyForm(FilesMixin):
    body = forms.CharField(
        label=_("Your message"),
        help_text=_("Answer our questions, or tell us something new."),
        max_length=10000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
    )

    field_order = ["body", "attachments"]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not self.errors and not (data.get("body") or "").strip() and not data.get("attachments"):
            self.add_error("body", _("Write a message or add a file."))
        return data
