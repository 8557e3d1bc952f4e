"""Forms of the case page: the case's own fields, each step of the life cycle,
each kind of activity, and sharing. Each form that changes a saved object
carries the version it was opened at (optimistic locking, see cases.workflow)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sentinelle.accounts.models import Region, RoleCode, User
from sentinelle.cases.models import Activity, ActivityKind, Case, CaseStatus, Outcome, exclusion_rules
from sentinelle.cases.workflow import ACTIVITY_FIELDS, MOVES, REQUIRED_FIELDS, case_staff, investigators_for
from sentinelle.lib.uploads.clean import AttachmentField

RECORDABLE_KINDS = [kind for kind in ActivityKind if kind in ACTIVITY_FIELDS]


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs, format="%Y-%m-%d")


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs, format="%Y-%m-%dT%H:%M")


class VersionedForm(forms.Form):
    """Carries the version of the object the staff member is editing."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)


class CaseForm(forms.ModelForm):  # type: ignore[type-arg]
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)

    class Meta:
        model = Case
        fields = ["summary", "work_permit_valid_until", "permanent_residence_on"]
        widgets = {
            "summary": forms.Textarea(attrs={"rows": 5}),
            "work_permit_valid_until": DateInput,
            "permanent_residence_on": DateInput,
        }
        help_texts = {
            "summary": _("What the reports allege, in a few sentences."),
            "work_permit_valid_until": _("Where known. Format: YYYY-MM-DD."),
            "permanent_residence_on": _("Where known. Format: YYYY-MM-DD."),
        }


class ActivityForm(forms.ModelForm):  # type: ignore[type-arg]
    """One kind of activity: the fields of ACTIVITY_FIELDS[kind], and files."""

    done = forms.BooleanField(label=_("Done"), required=False)
    attachment = AttachmentField(
        label=_("Attach a file (optional)"), required=False,
        help_text=_("Image, PDF or office document. You can add more files from the documents section."),
    )

    class Meta:
        model = Activity
        fields = ["occurred_at", "interviewee", "announced", "place", "participants", "findings",
                  "due_on", "received_on", "owner", "review_kind", "notes"]
        widgets = {
            "occurred_at": DateTimeInput,
            "due_on": DateInput,
            "received_on": DateInput,
            "notes": forms.Textarea(attrs={"rows": 5}),
            "findings": forms.Textarea(attrs={"rows": 5}),
            "participants": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args: Any, kind: str, case: Case, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.kind = kind
        wanted = ACTIVITY_FIELDS[kind]
        for name in list(self.fields):
            if name not in wanted and name != "attachment":
                del self.fields[name]
        for name, field in self.fields.items():
            field.required = name in REQUIRED_FIELDS[kind] or name == "occurred_at"
        if "announced" in self.fields:
            self.fields["announced"] = forms.TypedChoiceField(
                label=_("Announced to the employer?"), widget=forms.RadioSelect,
                choices=[("true", _("Announced")), ("false", _("Unannounced"))],
                coerce=lambda value: value == "true",
            )
            if self.instance.pk and self.instance.announced is not None:
                self.initial["announced"] = "true" if self.instance.announced else "false"
        if "owner" in self.fields:
            self.fields["owner"].queryset = case_staff(case)  # type: ignore[attr-defined]
        if "done" in self.fields:
            self.initial.setdefault("done", self.instance.done_at is not None)
        if "notes" in self.fields and kind == ActivityKind.INTERVIEW:
            self.fields["notes"].label = _("Interview notes")
        if not self.instance.pk:
            if not self.initial.get("occurred_at"):
                self.initial["occurred_at"] = timezone.localtime().replace(second=0, microsecond=0)
        else:
            self.fields["version"] = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
            self.initial["version"] = self.instance.version

    def values(self) -> dict[str, Any]:
        """What to write on the activity."""
        values = {name: self.cleaned_data[name] for name in ACTIVITY_FIELDS[self.kind] if name != "done"}
        if "done" in ACTIVITY_FIELDS[self.kind]:
            done = self.cleaned_data.get("done")
            if not done:
                values["done_at"] = None
            else:
                values["done_at"] = self.instance.done_at or timezone.now()
        return values


class MoveForm(VersionedForm):
    """The fields one step of the life cycle needs (workflow.MOVES[name].needs)."""

    assessment = forms.CharField(label=_("Assessment"), widget=forms.Textarea(attrs={"rows": 6}),
                                 help_text=_("The allegations, the risk, and whether to inspect."))
    investigator = forms.ModelChoiceField(label=_("Investigator"), queryset=User.objects.none())
    outcome = forms.ChoiceField(label=_("Outcome"), choices=Outcome.choices, widget=forms.RadioSelect)
    grounds = forms.CharField(label=_("Grounds"), widget=forms.Textarea(attrs={"rows": 6}))
    penalty_amount = forms.DecimalField(label=_("Penalty amount ($)"), required=False, min_value=1,
                                        max_digits=10, decimal_places=2,
                                        help_text=_("Only for an administrative monetary penalty."))
    ban_years = forms.IntegerField(label=_("Ban period (years)"), required=False, min_value=1, max_value=10,
                                   help_text=_("Only for a ban."))
    exclusion_rule = forms.ModelChoiceField(label=_("Exclusion rule"), queryset=exclusion_rules().none())
    region = forms.ModelChoiceField(label=_("Region"), queryset=Region.objects.none())
    note = forms.CharField(label=_("Note"), widget=forms.Textarea(attrs={"rows": 4}), required=False)

    def __init__(self, *args: Any, case: Case, name: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.move = MOVES[name]
        for field in list(self.fields):
            if field != "version" and field not in self.move.needs:
                del self.fields[field]
        if "investigator" in self.fields:
            self.fields["investigator"].queryset = investigators_for(case)  # type: ignore[attr-defined]
            self.initial.setdefault("investigator", case.assigned_to_id)
        if "exclusion_rule" in self.fields:
            self.fields["exclusion_rule"].queryset = exclusion_rules().filter(active=True)  # type: ignore[attr-defined]
        if "region" in self.fields:
            self.fields["region"].queryset = Region.objects.exclude(pk=case.region_id).exclude(code="HQ")  # type: ignore[attr-defined]
        if "assessment" in self.fields:
            self.initial.setdefault("assessment", case.assessment)
        if "note" in self.fields and name in {"return_decision", "exclude", "transfer"}:
            self.fields["note"].required = True
            self.fields["note"].label = _("Why")
        self.initial.setdefault("version", case.version)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        outcome = data.get("outcome")
        if "outcome" in self.fields:
            if outcome == Outcome.PENALTY and not data.get("penalty_amount"):
                self.add_error("penalty_amount", _("Give the amount of the administrative monetary penalty."))
            if outcome == Outcome.BAN and not data.get("ban_years"):
                self.add_error("ban_years", _("Give the period of the ban, in years."))
        return data


class ShareForm(forms.Form):
    WITH_USER = "user"
    WITH_REGION = "region"

    with_whom = forms.ChoiceField(
        label=_("Share with"), widget=forms.RadioSelect,
        choices=[(WITH_USER, _("One investigator or team lead")), (WITH_REGION, _("A whole region"))],
    )
    user = forms.ModelChoiceField(label=_("Investigator or team lead"), queryset=User.objects.none(), required=False)
    region = forms.ModelChoiceField(label=_("Region"), queryset=Region.objects.none(), required=False)
    reason = forms.CharField(label=_("Why"), widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args: Any, case: Case, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = User.objects.filter(  # type: ignore[attr-defined]
            Q(roles__code__in=[RoleCode.INVESTIGATOR, RoleCode.TEAM_LEAD]), is_active=True,
        ).exclude(pk=case.assigned_to_id or 0).distinct().select_related("region").order_by("full_name")
        self.fields["region"].queryset = Region.objects.exclude(pk=case.region_id).exclude(code="HQ")  # type: ignore[attr-defined]
        self.fields["user"].label_from_instance = (  # type: ignore[attr-defined]
            lambda user: f"{user.full_name} ({user.region.name if user.region else '–'})"
        )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        choice = data.get("with_whom")
        if choice == self.WITH_USER and not data.get("user"):
            self.add_error("user", _("Choose the investigator or team lead."))
        if choice == self.WITH_REGION and not data.get("region"):
            self.add_error("region", _("Choose the region."))
        if choice == self.WITH_USER:
            data["region"] = None
        elif choice == self.WITH_REGION:
            data["user"] = None
        return data


class CaseFilterForm(forms.Form):
    """The filters of the case list. Every value is optional; a wrong one is
    reported and ignored."""

    MINE = "mine"
    REGION = "region"
    SHARED = "shared"

    scope = forms.ChoiceField(
        label=_("Cases"), required=False,
        choices=[(MINE, _("Assigned to me")), (REGION, _("All of my region")), (SHARED, _("Shared with me"))],
    )
    status = forms.ChoiceField(
        label=_("Status"), required=False,
        choices=[("", _("Open cases")), ("all", _("All statuses")), *CaseStatus.choices],
    )
    q = forms.CharField(label=_("Case number or employer"), required=False, max_length=100)

