"""Forms of service-quality observation: a quarter of the rollout, and the checklist an observer fills."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sentinelle.accounts.models import Region
from sentinelle.intake.models import Channel
from sentinelle.quality.models import Answer, ObservationItem, ObservationMode


class RolloutForm(forms.Form):
    fiscal_year = forms.IntegerField(label=_("Fiscal year (year it begins)"), min_value=2000, max_value=2100)
    quarter = forms.TypedChoiceField(label=_("Quarter"), coerce=int,
                                     choices=[(q, f"Q{q}") for q in range(1, 5)])
    regions = forms.ModelMultipleChoiceField(label=_("Regions observed"), queryset=Region.objects.none(),
                                             widget=forms.CheckboxSelectMultiple)
    channels = forms.MultipleChoiceField(label=_("Intake channels observed"), choices=Channel.choices,
                                         widget=forms.CheckboxSelectMultiple)
    share = forms.DecimalField(label=_("Share of each region's intake agents (%)"), min_value=1, max_value=100,
                               decimal_places=2)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["regions"].queryset = Region.objects.exclude(code=Region.NATIONAL)  # type: ignore[attr-defined]


class ApproveForm(forms.Form):
    rollout = forms.IntegerField(widget=forms.HiddenInput)


class ObservationForm(forms.Form):
    """The agent (among those the observer may observe this quarter), how, and one answer per item."""

    agent = forms.TypedChoiceField(label=_("Intake agent observed"), coerce=int)
    channel = forms.ChoiceField(label=_("Channel"), choices=Channel.choices)
    mode = forms.ChoiceField(label=_("How observed"), choices=ObservationMode.choices,
                             widget=forms.RadioSelect)
    observed_on = forms.DateField(label=_("Observed on"), widget=forms.DateInput(attrs={"type": "date"}))
    comments = forms.CharField(label=_("Comments"), required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args: Any, agents: list[tuple[int, str]], items: list[ObservationItem],
                 **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.items = items
        self.fields["agent"].choices = [("", "—"), *agents]  # type: ignore[attr-defined]
        self.fields["observed_on"].initial = timezone.localdate()
        for item in items:
            self.fields[f"item_{item.pk}"] = forms.ChoiceField(label=item.text, choices=Answer.choices,
                                                               widget=forms.RadioSelect)

    def answers(self) -> dict[int, str]:
        return {item.pk: self.cleaned_data[f"item_{item.pk}"] for item in self.items}

    def item_fields(self) -> list[forms.BoundField]:
        return [self[f"item_{item.pk}"] for item in self.items]


class ResultsFilter(forms.Form):
    year = forms.IntegerField(label=_("Fiscal year (year it begins)"), required=False, min_value=2000,
                              max_value=2100)
