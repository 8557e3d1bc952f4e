"""Forms of the training register."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sentinelle.accounts.models import Region
from sentinelle.lib.csv_import import CsvFileField
from sentinelle.training.completions import is_national_manager, staff_in_reach
from sentinelle.training.models import Course, Equipment, Session


class StaffChoiceField(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        region = f" ({obj.region.name})" if obj.region else ""
        return f"{obj.full_name} – {obj.email}{region}"


class CompletionForm(forms.Form):
    member = StaffChoiceField(label=_("Staff member"), queryset=None, empty_label=_("Choose a staff member"))
    course = forms.ModelChoiceField(label=_("Course"), queryset=Course.objects.all(), to_field_name="code",
                                    empty_label=_("Choose a course"))
    completed_on = forms.DateField(label=_("Completed on"), widget=forms.DateInput(attrs={"type": "date"}),
                                   help_text=_("Written YYYY-MM-DD."))
    session = forms.ModelChoiceField(label=_("Session (optional)"), required=False,
                                     queryset=Session.objects.select_related("course"),
                                     empty_label=_("No session"))

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["member"].queryset = staff_in_reach(user).order_by("full_name")  # type: ignore[attr-defined]

    def clean_completed_on(self) -> Any:
        value = self.cleaned_data["completed_on"]
        if value > timezone.localdate():
            raise forms.ValidationError(_("The completion date cannot be in the future."))
        return value

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        session, course = data.get("session"), data.get("course")
        if session and course and session.course_id != course.pk:
            self.add_error("session", _("This session is of another course."))
        return data


class ImportForm(forms.Form):
    file = CsvFileField(
        help_text=_("One completion per line, with the columns e-mail address, course code and completion date "
                    "(YYYY-MM-DD), named in English or French on the first line."),
    )


class UntrainedFilterForm(forms.Form):
    region = forms.ModelChoiceField(label=_("Region"), required=False, queryset=Region.objects.none(),
                                    empty_label=_("All regions"), to_field_name="code")
    course = forms.ModelChoiceField(label=_("Course"), required=False, queryset=Course.objects.all(),
                                    empty_label=_("All courses"), to_field_name="code")

    def __init__(self, data: Any = None, *, user: Any) -> None:
        super().__init__(data)
        if is_national_manager(user):
            self.fields["region"].queryset = Region.objects.all()  # type: ignore[attr-defined]
        else:
            del self.fields["region"]


class EquipmentChoiceField(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.kind.name} – {obj.asset_tag}"


class LoanForm(forms.Form):
    """A staff member checks out a piece of equipment (their own use, or, for a
    team lead or national manager, that of a staff member within their reach)."""

    equipment = EquipmentChoiceField(label=_("Equipment"), queryset=None, empty_label=_("Choose a piece of equipment"),
                                     error_messages={"required": _("Choose the equipment."),
                                                     "invalid_choice": _("Choose the equipment from the list.")})
    member = StaffChoiceField(label=_("Used by"), queryset=None, empty_label=_("Choose a staff member"),
                              error_messages={"required": _("Choose who uses the equipment."),
                                              "invalid_choice": _("Choose a staff member from the list.")})
    starts_on = forms.DateField(label=_("From"), widget=forms.DateInput(attrs={"type": "date"}),
                                help_text=_("Written YYYY-MM-DD."),
                                error_messages={"required": _("Give the first day of use."),
                                                "invalid": _("Write the date as YYYY-MM-DD.")})
    ends_on = forms.DateField(label=_("Until"), widget=forms.DateInput(attrs={"type": "date"}),
                              help_text=_("The day it is returned, written YYYY-MM-DD."),
                              error_messages={"required": _("Give the day the equipment is returned."),
                                              "invalid": _("Write the date as YYYY-MM-DD.")})

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["equipment"].queryset = Equipment.objects.filter(active=True).select_related("kind")  # type: ignore[attr-defined]
        self.fields["member"].queryset = staff_in_reach(user).order_by("full_name")  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        starts_on, ends_on = data.get("starts_on"), data.get("ends_on")
        if starts_on and ends_on and ends_on < starts_on:
            self.add_error("ends_on", _("The end date comes before the start date."))
        return data
