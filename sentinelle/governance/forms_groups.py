"""The forms of the working-group pages."""

from __future__ import annotations

import datetime
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sentinelle.accounts.models import User
from sentinelle.dashboard.periods import fiscal_year_label, fiscal_year_of, quarter_of
from sentinelle.governance.forms import EvidenceForm
from sentinelle.governance.models import (
    ActionStatus,
    GroupMember,
    GroupReportKind,
    MemberRole,
    Seat,
    WorkingGroup,
)

DATE = {"type": "date"}


def _date(label: Any, **kwargs: Any) -> forms.DateField:
    return forms.DateField(label=label, widget=forms.DateInput(attrs=DATE, format="%Y-%m-%d"),
                           help_text=_("Format: YYYY-MM-DD."), **kwargs)


class GroupForm(forms.Form):
    name_fr = forms.CharField(label=_("Name (French)"), max_length=200)
    name_en = forms.CharField(label=_("Name (English)"), max_length=200)
    parent_committee_fr = forms.CharField(label=_("Parent committee (French)"), max_length=200)
    parent_committee_en = forms.CharField(label=_("Parent committee (English)"), max_length=200)
    started_on = _date(_("Start date"))
    mandate_fr = forms.CharField(label=_("Mandate (French)"), widget=forms.Textarea(attrs={"rows": 6, "lang": "fr"}))
    mandate_en = forms.CharField(label=_("Mandate (English)"), widget=forms.Textarea(attrs={"rows": 6, "lang": "en"}))
    seats = forms.CharField(
        label=_("Required seats"), required=False, widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("One a line, the English name then the French name separated by “|”: "
                    "Francophone seat | Siège francophone."))

    def clean_seats(self) -> list[tuple[str, str]]:
        seats = []
        for line in self.cleaned_data["seats"].splitlines():
            if not line.strip():
                continue
            parts = [part.strip() for part in line.split("|")]
            if len(parts) != 2 or not all(parts):
                raise forms.ValidationError(_("Write each seat as “English name | French name”."))
            seats.append((parts[0], parts[1]))
        return seats


class MandateForm(forms.Form):
    text_fr = forms.CharField(label=_("Mandate (French)"), widget=forms.Textarea(attrs={"rows": 8, "lang": "fr"}))
    text_en = forms.CharField(label=_("Mandate (English)"), widget=forms.Textarea(attrs={"rows": 8, "lang": "en"}))
    adopted_on = _date(_("Adopted on"))


class MemberForm(forms.Form):
    full_name = forms.CharField(label=_("Full name"), max_length=200)
    organisation = forms.CharField(label=_("Organisation"), max_length=200)
    user = forms.ModelChoiceField(label=_("Staff account"), queryset=User.objects.none(), required=False,
                                  empty_label=_("Not a staff member"),
                                  help_text=_("A staff member sees their action items in “My tasks”."))
    role = forms.ChoiceField(label=_("Role"), choices=MemberRole.choices, initial=MemberRole.MEMBER)
    seat = forms.ModelChoiceField(label=_("Required seat held"), queryset=Seat.objects.none(), required=False,
                                  empty_label=_("None"))
    alternate_for = forms.ModelChoiceField(label=_("Alternate for"), queryset=GroupMember.objects.none(),
                                           required=False, empty_label=_("Not an alternate"))
    term_starts_on = _date(_("Term start"))
    term_ends_on = _date(_("Term end"), required=False)

    def __init__(self, *args: Any, group: WorkingGroup, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {"term_starts_on": timezone.localdate()})
        super().__init__(*args, **kwargs)
        self.fields["seat"].queryset = group.seats.all()  # type: ignore[attr-defined]
        self.fields["user"].queryset = User.objects.filter(is_active=True).order_by("full_name")  # type: ignore[attr-defined]
        self.fields["alternate_for"].queryset = group.members.exclude(role=MemberRole.ALTERNATE)  # type: ignore[attr-defined]
        self.fields["term_ends_on"].help_text = _("Empty: three years after the start.")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("term_starts_on"), data.get("term_ends_on")
        if start and end and end < start:
            self.add_error("term_ends_on", _("The term cannot end before it starts."))
        if data.get("role") == MemberRole.ALTERNATE and not data.get("alternate_for"):
            self.add_error("alternate_for", _("Say whose alternate this member is."))
        return data


class MeetingForm(forms.Form):
    held_on = _date(_("Date"))
    agenda = forms.CharField(label=_("Agenda"), widget=forms.Textarea(attrs={"rows": 6}))


CONFLICT_CHOICES = [("", _("Not recorded")), ("no", _("No conflict of interest")),
                    ("yes", _("Declares a conflict of interest"))]


class DeclarationsForm(forms.Form):
    """For each member: present, and if so their declaration of conflicts of interest."""

    def __init__(self, *args: Any, members: list[GroupMember], recorded: dict[int, Any], present: dict[int, bool],
                 **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.members = members
        for member in members:
            declaration = recorded.get(member.pk)
            self.fields[f"present_{member.pk}"] = forms.BooleanField(
                label=_("%(name)s is present") % {"name": member.full_name}, required=False,
                initial=present.get(member.pk, False))
            self.fields[f"conflict_{member.pk}"] = forms.ChoiceField(
                label=_("Declaration of %(name)s") % {"name": member.full_name}, choices=CONFLICT_CHOICES,
                required=False, initial="" if declaration is None else ("yes" if declaration.has_conflict else "no"))
            self.fields[f"details_{member.pk}"] = forms.CharField(
                label=_("Conflict of interest of %(name)s: details") % {"name": member.full_name}, required=False,
                widget=forms.Textarea(attrs={"rows": 2}), initial=declaration.details if declaration else "")

    def rows(self) -> list[tuple[GroupMember, Any, Any, Any]]:
        return [(m, self[f"present_{m.pk}"], self[f"conflict_{m.pk}"], self[f"details_{m.pk}"]) for m in self.members]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for member in self.members:
            present = data.get(f"present_{member.pk}")
            conflict = data.get(f"conflict_{member.pk}")
            if present and not conflict:
                self.add_error(f"conflict_{member.pk}", _("A member present must declare, conflict or not."))
            if conflict == "yes" and not (data.get(f"details_{member.pk}") or "").strip():
                self.add_error(f"details_{member.pk}", _("Describe the conflict of interest."))
        return data

    def entries(self) -> list[dict[str, Any]]:
        data = self.cleaned_data
        return [{"member": m, "present": bool(data.get(f"present_{m.pk}")),
                 "has_conflict": {"yes": True, "no": False}.get(data.get(f"conflict_{m.pk}") or ""),
                 "details": data.get(f"details_{m.pk}", "")} for m in self.members]


class MinutesForm(forms.Form):
    minutes = forms.CharField(label=_("Minutes"), widget=forms.Textarea(attrs={"rows": 8}))
    decisions = forms.CharField(label=_("Decisions"), required=False, widget=forms.Textarea(attrs={"rows": 4}))


class ActionItemForm(forms.Form):
    description = forms.CharField(label=_("Action"), widget=forms.Textarea(attrs={"rows": 2}), max_length=2000)
    owner = forms.ModelChoiceField(label=_("Owner"), queryset=GroupMember.objects.none())
    due_on = _date(_("Due date"))

    def __init__(self, *args: Any, group: WorkingGroup, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = group.members.filter(left_on=None)  # type: ignore[attr-defined]


class ActionStatusForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=ActionStatus.choices)


class AreaForm(forms.Form):
    title_fr = forms.CharField(label=_("Priority area (French)"), max_length=300)
    title_en = forms.CharField(label=_("Priority area (English)"), max_length=300)
    proposed_on = _date(_("Proposed by the group on"))


class ValidateAreaForm(forms.Form):
    validated_by = forms.CharField(label=_("Validated by (parent committee)"), max_length=200)
    validated_on = _date(_("Validated on"))

    def clean_validated_on(self) -> datetime.date:
        day: datetime.date = self.cleaned_data["validated_on"]
        if day > timezone.localdate():
            raise forms.ValidationError(_("The validation cannot be in the future."))
        return day


class AreaUpdateForm(forms.Form):
    text = forms.CharField(label=_("Progress"), widget=forms.Textarea(attrs={"rows": 3}), max_length=4000)
    risk_flag = forms.BooleanField(label=_("Raise a risk to the secretariat"), required=False)


class PracticeForm(EvidenceForm):
    """A document or a link for the repository of practices."""

    description = forms.CharField(label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    tags = forms.CharField(label=_("Tags"), required=False, max_length=300, help_text=_("Separated by commas."))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["label"].label = _("Title")


def _text(label: Any, language: str) -> forms.CharField:
    return forms.CharField(label=label, required=False, max_length=10000,
                           widget=forms.Textarea(attrs={"rows": 5, "lang": language}))


class GroupReportForm(forms.Form):
    """A new quarterly written update (a quarter of the fiscal year) or annual report (a year of the group)."""

    kind = forms.ChoiceField(label=_("Kind of report"), choices=GroupReportKind.choices, widget=forms.RadioSelect)
    fiscal_year = forms.TypedChoiceField(label=_("Fiscal year"), coerce=int, required=False)
    quarter = forms.TypedChoiceField(label=_("Quarter"), coerce=int, required=False,
                                     choices=[(n, _("Quarter %(number)s") % {"number": n}) for n in range(1, 5)])
    year = forms.IntegerField(label=_("Year of the group (annual report)"), min_value=1, max_value=50,
                              required=False, initial=1, help_text=_("1: the group's first year."))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        today = timezone.localdate()
        current = fiscal_year_of(today)
        self.fields["fiscal_year"].choices = [(y, fiscal_year_label(y)) for y in range(current, current - 6, -1)]  # type: ignore[attr-defined]
        self.fields["fiscal_year"].initial = current
        self.fields["quarter"].initial = quarter_of(today)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("kind") == GroupReportKind.QUARTERLY:
            for name in ("fiscal_year", "quarter"):
                if data.get(name) in (None, ""):
                    self.add_error(name, _("Choose the quarter of the update."))
        return data


class GroupNarrativeForm(forms.Form):
    summary_fr = _text(_("Summary (French)"), "fr")
    summary_en = _text(_("Summary (English)"), "en")
    next_steps_fr = _text(_("Next steps (French)"), "fr")
    next_steps_en = _text(_("Next steps (English)"), "en")
