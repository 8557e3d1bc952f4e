"""The forms of the employer register's own pages: the figures for risk
selection, their CSV import, and a case opened without a report."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.validators import ProhibitNullCharactersValidator
from django.utils.translation import gettext_lazy as _

from sentinelle.cases.employer_register import MAX_POSITIONS
from sentinelle.cases.models import CaseOrigin
from sentinelle.cases.opening import MAX_SUMMARY, WITHOUT_REPORT
from sentinelle.lib.csv_import import CsvFileField


class RegisterFiguresForm(forms.Form):
    approved_positions = forms.IntegerField(
        label=_("TFW positions approved in the last 24 months"), min_value=0, max_value=MAX_POSITIONS,
    )
    first_approved_on = forms.DateField(
        label=_("Date of the first approval"), required=False,
        help_text=_("Written YYYY-MM-DD. Leave empty if the employer has never been approved."),
        widget=forms.DateInput(attrs={"type": "date"}),
    )


class RegisterImportForm(forms.Form):
    file = CsvFileField(
        help_text=_("One employer per line, with the columns business number, positions and date of the first "
                    "approval (YYYY-MM-DD), named in English or French on the first line."),
    )


class OpenCaseForm(forms.Form):
    origin = forms.ChoiceField(label=_("Origin of the case"),
                               choices=[(o.value, o.label) for o in WITHOUT_REPORT])
    summary = forms.CharField(label=_("Why the case is opened"), required=False, max_length=MAX_SUMMARY,
                              widget=forms.Textarea(attrs={"rows": 4}),
                              validators=[ProhibitNullCharactersValidator()])

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["origin"].initial = CaseOrigin.FOLLOW_UP
