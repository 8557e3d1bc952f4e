"""The forms of the quality pages."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from sentinelle.accounts.models import Region, User
from sentinelle.cases.models import Sector
from sentinelle.quality.models import (
    Answer,
    ChecklistItem,
    ItemGroup,
    RuleKind,
    SelectionStatus,
    TargetRule,
    fiscal_year_label,
)
from sentinelle.quality.review import Response, reviewers


class ReviewerChoiceField(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.full_name} ({obj.region.name})" if obj.region else obj.full_name


class AssignForm(forms.Form):
    reviewer = ReviewerChoiceField(label=_("Reviewer"), queryset=User.objects.none(),
                                   empty_label=_("Choose a reviewer"))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["reviewer"].queryset = reviewers().select_related(  # type: ignore[attr-defined]
            "region").order_by("full_name")


class ReviewForm(forms.Form):
    """One answer (met, error, not applicable) and one comment per checklist item."""

    def __init__(self, *args: Any, items: list[ChecklistItem], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.items = items
        for item in items:
            self.fields[f"answer_{item.pk}"] = forms.ChoiceField(
                label=item.text, choices=Answer.choices, widget=forms.RadioSelect,
                error_messages={"required": _("Choose an answer.")},
            )
            self.fields[f"comment_{item.pk}"] = forms.CharField(
                label=_("Comment on this item"), required=False, max_length=2000,
                widget=forms.Textarea(attrs={"rows": 2}),
            )
        self.fields["note"] = forms.CharField(
            label=_("Note to the investigator (optional)"), required=False, max_length=4000,
            widget=forms.Textarea(attrs={"rows": 3}),
        )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for item in self.items:
            if data.get(f"answer_{item.pk}") == Answer.ERROR and not (data.get(f"comment_{item.pk}") or "").strip():
                self.add_error(f"comment_{item.pk}", _("Describe the error."))
        return data

    def groups(self) -> list[dict[str, Any]]:
        """The items by group, each with its two fields, for the template."""
        result = []
        for value, label in ItemGroup.choices:
            rows = [{"item": item, "answer": self[f"answer_{item.pk}"], "comment": self[f"comment_{item.pk}"]}
                    for item in self.items if item.group == value]
            if rows:
                result.append({"label": label, "rows": rows})
        return result

    def responses(self) -> dict[int, Response]:
        return {item.pk: Response(self.cleaned_data[f"answer_{item.pk}"], self.cleaned_data[f"comment_{item.pk}"])
                for item in self.items}


class RecheckForm(forms.Form):
    verdict = forms.ChoiceField(
        label=_("Is the file now correct?"), widget=forms.RadioSelect,
        choices=[("confirm", _("Yes: confirm the correction")), ("return", _("No: return it again"))],
        error_messages={"required": _("Choose whether the correction is confirmed.")},
    )
    recheck_note = forms.CharField(label=_("Note (required to return the file again)"), required=False,
                                   max_length=4000, widget=forms.Textarea(attrs={"rows": 3}))

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("verdict") == "return" and not (data.get("recheck_note") or "").strip():
            self.add_error("recheck_note", _("Say what is still wrong."))
        return data


class ReviewListFilter(forms.Form):
    status = forms.ChoiceField(label=_("Status"), required=False,
                               choices=[("", _("Open reviews")), *SelectionStatus.choices, ("all", _("All"))])


# The plan ----------------------------------------------------------------------------


def fiscal_year_choices(around: int) -> list[tuple[int, str]]:
    return [(year, fiscal_year_label(year)) for year in range(around - 2, around + 2)]


class RateForm(forms.Form):
    fiscal_year = forms.TypedChoiceField(label=_("Fiscal year"), coerce=int, choices=[])
    quarter = forms.TypedChoiceField(label=_("Quarter"), coerce=int, choices=[
        (1, _("Q1 (April to June)")), (2, _("Q2 (July to September)")),
        (3, _("Q3 (October to December)")), (4, _("Q4 (January to March)"))])
    percent = forms.DecimalField(
        label=_("Sampling rate (%)"), min_value=Decimal(0), max_value=Decimal(100), decimal_places=2,
        max_digits=5, help_text=_("The share of closed files drawn for review, for example 3 for 3 %."),
    )

    def __init__(self, *args: Any, current_year: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["fiscal_year"].choices = fiscal_year_choices(current_year)  # type: ignore[attr-defined]
        self.initial.setdefault("fiscal_year", current_year)


class SuspendForm(forms.Form):
    reason = forms.CharField(label=_("Why is sampling suspended?"), max_length=2000,
                             widget=forms.Textarea(attrs={"rows": 2}))


class ResumeForm(forms.Form):
    reason = forms.CharField(label=_("Why does sampling resume?"), max_length=2000,
                             widget=forms.Textarea(attrs={"rows": 2}))


class RuleForm(forms.ModelForm):  # type: ignore[type-arg]
    NEEDS: dict[str, str] = {
        RuleKind.REGION: "region", RuleKind.SECTOR: "sector", RuleKind.INVESTIGATOR: "investigator",
        RuleKind.OUTCOME: "outcome", RuleKind.FIRST_FILES: "first_files",
    }

    class Meta:
        model = TargetRule
        fields = ["kind", "region", "sector", "investigator", "outcome", "first_files", "reason"]
        widgets = {"reason": forms.Textarea(attrs={"rows": 2})}
        help_texts = {
            "first_files": _("For the first files of investigators: how many of each investigator's first closed "
                             "files are reviewed (leave the investigator empty for every investigator)."),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["region"].queryset = Region.objects.exclude(code=Region.NATIONAL)  # type: ignore[attr-defined]
        self.fields["sector"].queryset = Sector.objects.all()  # type: ignore[attr-defined]
        self.fields["investigator"].queryset = User.objects.filter(  # type: ignore[attr-defined]
            is_active=True, roles__code="investigator").distinct().order_by("full_name")
        self.fields["first_files"].min_value = 1  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        needed = self.NEEDS.get(data.get("kind") or "")
        if needed and not data.get(needed):
            self.add_error(needed, _("This kind of rule needs this field."))
        # Keep only what the kind of rule uses.
        for kind, name in self.NEEDS.items():
            if name != needed and not (kind == RuleKind.INVESTIGATOR and needed == "first_files"):
                data[name] = "" if name == "outcome" else None
        return data


class ChecklistItemForm(forms.ModelForm):  # type: ignore[type-arg]
    class Meta:
        model = ChecklistItem
        fields = ["group", "text_en", "text_fr", "substantial", "course_code", "position", "active"]
        help_texts = {
            "substantial": _("An error on a substantial item returns the file to its investigator for correction."),
            "course_code": _("The training course that addresses this error."),
        }


class RatesFilter(forms.Form):
    fiscal_year = forms.TypedChoiceField(label=_("Fiscal year"), coerce=int, choices=[], required=False)
    region = forms.ModelChoiceField(label=_("Region"), required=False, queryset=Region.objects.none(),
                                    empty_label=_("All regions"), to_field_name="code")

    def __init__(self, *args: Any, current_year: int, regions: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["fiscal_year"].choices = fiscal_year_choices(current_year)  # type: ignore[attr-defined]
        self.fields["region"].queryset = regions  # type: ignore[attr-defined]
        # The selector shows the year the page shows: the current one unless another is chosen.
        self.initial["fiscal_year"] = current_year
        if self.is_bound and not self.data.get("fiscal_year"):
            self.data = {**self.data, "fiscal_year": str(current_year)}


class DisagreeForm(forms.Form):
    reason = forms.CharField(label=_("Why you disagree with the review"), widget=forms.Textarea(attrs={"rows": 4}),
                             max_length=4000,
                             help_text=_("Your disagreement goes to the quality lead, who answers it."))


class AnswerForm(forms.Form):
    answer = forms.CharField(label=_("Answer to the investigator"), widget=forms.Textarea(attrs={"rows": 4}),
                             max_length=4000)
