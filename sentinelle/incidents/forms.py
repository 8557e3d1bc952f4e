"""The forms of the incident pages: the three-section incident form with the
grid, its measures (a formset), the conclusion, the notices and the register."""

from __future__ import annotations

from typing import Any

from django import forms
from django.forms import inlineformset_factory
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sentinelle.incidents.grid import FACTORS, conclusion
from sentinelle.incidents.models import Incident, Measure, NoticeKind, PublicCondition


def _date_input() -> forms.DateInput:
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _text(rows: int = 4) -> forms.Textarea:
    return forms.Textarea(attrs={"rows": rows})


SECTION_1 = ["title", "circumstances", "information_concerned", "information_not_describable", "occurred_on",
             "occurred_until", "dates_approximate", "learned_on", "persons_concerned", "persons_in_quebec",
             "persons_approximate", "discovered_how"]
SECTION_2 = ["notification_measures", "suggested_measures", "other_bodies"]
GRID = [factor.field for factor in FACTORS]
SECTION_3 = ["harm_explanation"]
CONTACT = ["body_name", "body_neq", "contact_name", "contact_title", "contact_phone", "contact_email"]


class IncidentForm(forms.ModelForm):
    """Section 1 is needed to record an incident at all (a title, what happened,
    the date the body learned of it); the rest may follow. The articles'
    requirements are checked when a notice is generated or the register written."""

    class Meta:
        model = Incident
        fields = [*SECTION_1, *SECTION_2, *GRID, *SECTION_3, *CONTACT]
        widgets = {
            "circumstances": _text(), "information_concerned": _text(3), "information_not_describable": _text(2),
            "discovered_how": _text(2), "notification_measures": _text(3), "suggested_measures": _text(3),
            "other_bodies": _text(2), "harm_explanation": _text(5),
            "occurred_on": _date_input(), "occurred_until": _date_input(), "learned_on": _date_input(),
        }
        help_texts = {
            "circumstances": _("A brief description of the circumstances: what happened, where, who was involved."),
            "information_concerned": _("Which kinds of personal information (names, social insurance numbers, "
                                       "addresses…), not the information itself."),
            "information_not_describable": _("Only when the information concerned cannot be described."),
            "occurred_on": _("If the exact date is not known, an approximation (and tick the box below)."),
            "persons_concerned": _("If the exact number is not known, an approximation (and tick the box below)."),
            "notification_measures": _("How and when the persons concerned are or will be notified."),
            "suggested_measures": _("What the persons concerned can do themselves, for instance watch their bank "
                                    "statements or change a password."),
            "harm_explanation": _("Why the incident may harm the persons concerned seriously: who could use the "
                                  "information, how, and what it would cause them. Required when there is a risk "
                                  "of serious harm."),
            "body_neq": _("Leave blank if the body has none."),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in ("body_name", "body_neq"):  # defaults from the settings: no hidden "initial" copy
            self.fields[name].show_hidden_initial = False
        for name in ("title", "circumstances", "learned_on"):
            self.fields[name].required = True
        for factor in FACTORS:
            self.fields[factor.field] = forms.TypedChoiceField(
                label=factor.label, help_text=factor.question, choices=factor.choices(), coerce=int,
                empty_value=None, required=False, widget=forms.RadioSelect,
            )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        today = timezone.localdate()
        start, end, learned = data.get("occurred_on"), data.get("occurred_until"), data.get("learned_on")
        for name in ("occurred_on", "occurred_until", "learned_on"):
            if data.get(name) and data[name] > today:
                self.add_error(name, _("This date is in the future."))
        if start and end and end < start:
            self.add_error("occurred_until", _("The end of the period is before its start."))
        if start and learned and learned < start:
            self.add_error("learned_on", _("The body cannot have learned of the incident before it happened."))
        total, quebec = data.get("persons_concerned"), data.get("persons_in_quebec")
        if total is not None and quebec is not None and quebec > total:
            self.add_error("persons_in_quebec", _("There cannot be more persons in Quebec than persons concerned."))
        return data

    def section(self, names: list[str]) -> list[forms.BoundField]:
        return [self[name] for name in names]

    def section_1(self) -> list[forms.BoundField]:
        return self.section(SECTION_1)

    def section_2(self) -> list[forms.BoundField]:
        return self.section(SECTION_2)

    def grid(self) -> list[forms.BoundField]:
        return self.section(GRID)

    def section_3(self) -> list[forms.BoundField]:
        return self.section(SECTION_3)

    def contact(self) -> list[forms.BoundField]:
        return self.section(CONTACT)


class MeasureForm(forms.ModelForm):
    class Meta:
        model = Measure
        fields = ["kind", "description", "responsible_unit", "planned_on", "done_on"]
        widgets = {"description": _text(2), "planned_on": _date_input(), "done_on": _date_input()}

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("done_on") and data["done_on"] > timezone.localdate():
            self.add_error("done_on", _("This date is in the future."))
        return data


MeasureFormSet = inlineformset_factory(Incident, Measure, form=MeasureForm, extra=2, can_delete=True)


YES, NO = "yes", "no"


class ConclusionForm(forms.Form):
    serious_harm = forms.ChoiceField(
        label=_("Is there a risk of serious harm?"), widget=forms.RadioSelect,
        choices=[(YES, _("Yes: there is a risk of serious harm")), (NO, _("No: there is no risk of serious harm"))],
    )
    reason = forms.CharField(
        label=_("Reason for departing from the grid’s conclusion"), required=False, widget=_text(3),
        help_text=_("Required when your conclusion is not the grid’s."),
    )

    def __init__(self, *args: Any, incident: Incident, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.incident = incident
        self.grid = conclusion(**incident.ratings)
        if self.grid is not None:
            self.fields["serious_harm"].initial = YES if self.grid else NO
        if incident.serious_harm is not None:
            self.fields["serious_harm"].initial = YES if incident.serious_harm else NO
            self.fields["reason"].initial = incident.override_reason

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if self.grid is None:
            raise forms.ValidationError(_("Rate the four factors of the grid before concluding."))
        if "serious_harm" in data:
            data["serious_harm"] = data["serious_harm"] == YES
            data["overridden"] = data["serious_harm"] != self.grid
            if data["overridden"] and not (data.get("reason") or "").strip():
                self.add_error("reason", _("Say why your conclusion departs from the grid’s."))
        return data


class NoticeForm(forms.Form):
    language = forms.ChoiceField(label=_("Language of the notice"),
                                 choices=[("fr", "Français"), ("en", "English")])
    given_on = forms.DateField(label=_("Date the notice is given"), widget=_date_input())
    recipients = forms.CharField(
        label=_("Recipients"), required=False, widget=_text(5),
        help_text=_("One person per line: name and address. Each person gets their own page."),
    )
    public_condition = forms.ChoiceField(
        label=_("Why a public notice (art. 6)"), required=False, widget=forms.RadioSelect,
        choices=PublicCondition.choices,
    )
    public_justification = forms.CharField(
        label=_("Justification of the public notice"), required=False, widget=_text(3),
        help_text=_("The facts that meet the condition, for instance the number of persons without contact details."),
    )

    def __init__(self, *args: Any, kind: str, language: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.kind = kind
        self.fields["language"].initial = language if language in ("fr", "en") else "fr"
        self.fields["given_on"].initial = timezone.localdate()
        if kind != NoticeKind.PERSONS:
            del self.fields["recipients"]
        if kind != NoticeKind.PUBLIC:
            del self.fields["public_condition"]
            del self.fields["public_justification"]

    def clean_given_on(self) -> Any:
        given_on = self.cleaned_data["given_on"]
        if given_on > timezone.localdate():
            raise forms.ValidationError(_("This date is in the future."))
        return given_on


class CorrectionForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for the new entry"), required=False, widget=_text(2),
        help_text=_("Required when the incident already has an entry: the new entry corrects it."),
    )
