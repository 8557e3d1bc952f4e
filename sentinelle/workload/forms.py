"""The forms of the workload pages."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from sentinelle.accounts.models import User
from sentinelle.cases.models import Sector
from sentinelle.workload.models import MAX_CAPACITY, MAX_SECTOR_WEIGHT, Heaviness, LivedItem

WEIGHT_ERRORS = {
    "required": _("Enter a weight: a whole number of points from 0 to 100."),
    "invalid": _("Enter a weight: a whole number of points from 0 to 100."),
    "min_value": _("A weight cannot be below %(limit_value)s."),
    "max_value": _("A weight cannot be above %(limit_value)s points."),
}


class SectorWeightsForm(forms.Form):
    """One weight per sector, named by its NAICS code."""

    def __init__(self, *args: Any, sectors: list[Sector], current: dict[int, int], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.sectors = sectors
        for sector in sectors:
            self.fields[self.field_name(sector)] = forms.IntegerField(
                label=str(sector), min_value=0, max_value=MAX_SECTOR_WEIGHT, initial=current.get(sector.pk, 0),
                error_messages=WEIGHT_ERRORS,
                widget=forms.NumberInput(attrs={"inputmode": "numeric", "class": "narrow"}),
            )

    @staticmethod
    def field_name(sector: Sector) -> str:
        return f"weight_{sector.naics_code}"

    def rows(self) -> list[tuple[Sector, forms.BoundField]]:
        return [(sector, self[self.field_name(sector)]) for sector in self.sectors]

    def weights(self) -> dict[Sector, int]:
        return {sector: self.cleaned_data[self.field_name(sector)] for sector in self.sectors}


class CapacityForm(forms.Form):
    capacity = forms.IntegerField(
        label=_("Capacity (open cases)"), min_value=0, max_value=MAX_CAPACITY,
        help_text=_("How many open cases this investigator can carry at once."),
        error_messages={
            "required": _("Enter the capacity: a whole number of open cases from 0 to 500."),
            "invalid": _("Enter the capacity: a whole number of open cases from 0 to 500."),
            "min_value": _("A capacity cannot be below %(limit_value)s."),
            "max_value": _("A capacity cannot be above %(limit_value)s open cases."),
        },
    )


class AssignForm(forms.Form):
    """What to do with the cases ticked in the queue."""

    SUGGESTED = "suggested"
    CHOSEN = "chosen"

    how = forms.ChoiceField(
        label=_("Assign to"), widget=forms.RadioSelect, initial=SUGGESTED,
        choices=[(SUGGESTED, _("The investigator suggested for each case")),
                 (CHOSEN, _("The investigator chosen below"))],
    )
    investigator = forms.ModelChoiceField(
        label=_("Investigator"), queryset=User.objects.none(), required=False,
        empty_label=_("Choose an investigator"),
    )

    def __init__(self, *args: Any, investigators: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["investigator"].queryset = investigators  # type: ignore[attr-defined]
        self.fields["investigator"].label_from_instance = lambda user: (  # type: ignore[attr-defined]
            f"{user.full_name} ({user.region.name})")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("how") == self.CHOSEN and not data.get("investigator"):
            self.add_error("investigator", _("Choose the investigator to assign the cases to."))
        return data


# Inspection plans ---------------------------------------------------------------------------

PLAN_REGION_NATIONAL = "national"


class PlanForm(forms.Form):
    """A plan's settings and, per sector (high-risk sectors first), its inspections.
    The fiscal year and region are chosen when the plan is created only."""

    fiscal_year = forms.IntegerField(label=_("Fiscal year (the year it starts, on April 1)"), min_value=2000,
                                     max_value=2100)
    region = forms.ChoiceField(label=_("Region"))
    random_share = forms.IntegerField(label=_("Share drawn at random (%)"), min_value=0, max_value=100,
                                      help_text=_("Drawn uniformly from the whole eligible register; the rest "
                                                  "goes to the highest risk scores."))
    recent_years = forms.IntegerField(label=_("Not selected by risk if inspected in the last (years)"),
                                      min_value=0, max_value=20)

    def __init__(self, *args: Any, sectors: list[tuple[Sector, int]], regions: list[tuple[str, str]],
                 creating: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.sectors = [sector for sector, _weight in sectors]
        self.weights = {sector.pk: weight for sector, weight in sectors}
        self.fields["region"].choices = regions  # type: ignore[attr-defined]
        if not creating:
            del self.fields["fiscal_year"]
            del self.fields["region"]
        for sector in self.sectors:
            self.fields[self.field_name(sector)] = forms.IntegerField(
                label=str(sector), min_value=0, max_value=100_000, required=False,
                widget=forms.NumberInput(attrs={"inputmode": "numeric", "class": "narrow"}),
            )

    @staticmethod
    def field_name(sector: Sector) -> str:
        return f"sector_{sector.naics_code}"

    def rows(self) -> list[tuple[Sector, int, forms.BoundField]]:
        return [(sector, self.weights[sector.pk], self[self.field_name(sector)]) for sector in self.sectors]

    def quotas(self) -> dict[Sector, int]:
        return {sector: self.cleaned_data.get(self.field_name(sector)) or 0 for sector in self.sectors}

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if not self.errors and not any(self.quotas().values()):
            raise forms.ValidationError(_("Give at least one sector a number of inspections."))
        return cleaned


class CheckInForm(forms.Form):
    """The monthly check-in: three questions, under a minute."""

    heaviness = forms.TypedChoiceField(
        label=_("How heavy did this month feel?"), coerce=int, choices=Heaviness.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose how heavy the month felt, on the scale from 1 to 5."),
                        "invalid_choice": _("Choose how heavy the month felt, on the scale from 1 to 5.")})
    factors = forms.ModelMultipleChoiceField(
        label=_("What made it heavy? (any that apply)"), required=False, widget=forms.CheckboxSelectMultiple,
        queryset=LivedItem.objects.none(),
        error_messages={"invalid_choice": _("One of the factors ticked is no longer offered; tick them again."),
                        "invalid_pk_value": _("One of the factors ticked is no longer offered; tick them again.")})
    tasks = forms.ModelMultipleChoiceField(
        label=_("Which tasks felt of little value? (any that apply)"), required=False,
        widget=forms.CheckboxSelectMultiple, queryset=LivedItem.objects.none(),
        error_messages={"invalid_choice": _("One of the tasks ticked is no longer offered; tick them again."),
                        "invalid_pk_value": _("One of the tasks ticked is no longer offered; tick them again.")})

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        offered = LivedItem.objects.filter(active=True).order_by("position", "code")
        self.fields["factors"].queryset = offered.filter(kind=LivedItem.Kind.FACTOR)  # type: ignore[attr-defined]
        self.fields["tasks"].queryset = offered.filter(kind=LivedItem.Kind.TASK)  # type: ignore[attr-defined]
        self.fields["heaviness"].choices = [  # type: ignore[attr-defined]
            (value, f"{value} – {label}") for value, label in Heaviness.choices]
