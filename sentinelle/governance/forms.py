"""The forms of the governance pages."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sentinelle.accounts.models import RoleCode, User
from sentinelle.dashboard.periods import fiscal_year_label, fiscal_year_of, quarter_of
from sentinelle.governance.models import Indicator, Measure, MeasureStatus, Priority
from sentinelle.intake.models import Channel, SurveyResponse


def _owners() -> Any:
    return User.objects.filter(is_active=True, roles__code__in=[
        RoleCode.MANAGER, RoleCode.TEAM_LEAD, RoleCode.NATIONAL_ANALYST]).distinct().order_by("full_name")


class BoardFilterForm(forms.Form):
    priority = forms.ModelChoiceField(label=_("Priority"), queryset=Priority.objects.select_related("plan"),
                                      required=False, empty_label=_("All priorities"))
    unit = forms.ChoiceField(label=_("Responsible unit"), required=False)
    owner = forms.ModelChoiceField(label=_("Owner"), queryset=User.objects.none(), required=False,
                                   empty_label=_("All owners"))

    def __init__(self, *args: Any, units: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].choices = [("", _("All units")), *[(unit, unit) for unit in units]]  # type: ignore[attr-defined]
        self.fields["owner"].queryset = User.objects.filter(  # type: ignore[attr-defined]
            pk__in=Measure.objects.exclude(owner=None).values("owner")).order_by("full_name")


class MeasureUpdateForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=MeasureStatus.choices)
    percent_done = forms.IntegerField(label=_("Percentage done"), min_value=0, max_value=100)
    owner = forms.ModelChoiceField(label=_("Owner"), queryset=User.objects.none(), required=False,
                                   empty_label=_("No owner yet"))
    unit = forms.CharField(label=_("Responsible unit"), max_length=120)
    due_on = forms.DateField(label=_("Due date"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
                             help_text=_("Format: YYYY-MM-DD."))
    indicator = forms.ChoiceField(label=_("Dashboard indicator"), required=False,
                                  choices=[("", _("None: progress is declared")), *Indicator.choices],
                                  help_text=_("Linked to an indicator, the measure’s progress is measured from the "
                                              "dashboard’s figures."))
    indicator_target = forms.DecimalField(
        label=_("Indicator target"), required=False, max_digits=10, decimal_places=4, min_value=0,
        help_text=_("Empty: the dashboard’s target for the year. Shares as fractions (0.90 for 90 %)."))
    note = forms.CharField(label=_("Note for the history"), widget=forms.Textarea(attrs={"rows": 3}),
                           max_length=4000, help_text=_("What changed and why: it is kept, dated, with your name."))

    def __init__(self, *args: Any, measure: Measure, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {
            "status": measure.status, "percent_done": measure.percent_done, "owner": measure.owner_id,
            "unit": measure.unit, "due_on": measure.due_on, "indicator": measure.indicator,
            "indicator_target": measure.indicator_target})
        super().__init__(*args, **kwargs)
        self.measure = measure
        self.fields["owner"].queryset = _owners()  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        due = data.get("due_on")
        if due is not None and due < self.measure.starts_on:
            self.add_error("due_on", _("The due date cannot be before the start date (%(start)s).") % {
                "start": self.measure.starts_on.isoformat()})
        if data.get("status") == MeasureStatus.DONE and data.get("percent_done") not in (None, 100):
            data["percent_done"] = 100
        return data


class EvidenceForm(forms.Form):
    label = forms.CharField(label=_("Description"), max_length=200)
    url = forms.CharField(label=_("Link"), max_length=500,
                          help_text=_("An address starting with https:// or a page of Sentinelle starting with /."))

    def clean_url(self) -> str:
        url = self.cleaned_data["url"].strip()
        if url.startswith("/") and not url.startswith("//"):
            return url
        validator = forms.URLField().clean
        try:
            cleaned = validator(url)
        except forms.ValidationError as error:
            raise forms.ValidationError(_("Enter an address starting with https:// or /.")) from error
        if not cleaned.startswith(("https://", "http://")):
            raise forms.ValidationError(_("Enter an address starting with https:// or /."))
        return str(cleaned)


def _fiscal_years() -> list[tuple[int, str]]:
    current = fiscal_year_of(timezone.localdate())
    return [(year, fiscal_year_label(year)) for year in range(current, current - 6, -1)]


class NewReportForm(forms.Form):
    fiscal_year = forms.TypedChoiceField(label=_("Fiscal year"), coerce=int, choices=_fiscal_years)
    quarter = forms.TypedChoiceField(label=_("Quarter"), coerce=int,
                                     choices=[(n, _("Q%(number)s") % {"number": n}) for n in (1, 2, 3, 4)])

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        today = timezone.localdate()
        kwargs.setdefault("initial", {"fiscal_year": fiscal_year_of(today), "quarter": quarter_of(today)})
        super().__init__(*args, **kwargs)


class NarrativeForm(forms.Form):
    highlights_fr = forms.CharField(label=_("Highlights (French)"), required=False, widget=forms.Textarea(
        attrs={"rows": 4, "lang": "fr"}), max_length=10000)
    highlights_en = forms.CharField(label=_("Highlights (English)"), required=False, widget=forms.Textarea(
        attrs={"rows": 4, "lang": "en"}), max_length=10000)
    risks_fr = forms.CharField(label=_("Risks (French)"), required=False, widget=forms.Textarea(
        attrs={"rows": 4, "lang": "fr"}), max_length=10000)
    risks_en = forms.CharField(label=_("Risks (English)"), required=False, widget=forms.Textarea(
        attrs={"rows": 4, "lang": "en"}), max_length=10000)
    decisions_fr = forms.CharField(label=_("Decisions needed (French)"), required=False, widget=forms.Textarea(
        attrs={"rows": 4, "lang": "fr"}), max_length=10000)
    decisions_en = forms.CharField(label=_("Decisions needed (English)"), required=False, widget=forms.Textarea(
        attrs={"rows": 4, "lang": "en"}), max_length=10000)


class SurveyRecordForm(forms.Form):
    """The satisfaction survey as an intake agent records it after a report by
    phone or in person; nothing that would link it to the report."""

    channel = forms.ChoiceField(label=_("How the report was made"), widget=forms.RadioSelect,
                                choices=[(Channel.PHONE, Channel.PHONE.label), (Channel.IN_PERSON, Channel.IN_PERSON.label)])
    rating = forms.TypedChoiceField(label=_("The worker’s answer to “How easy was it to report?”"), coerce=int,
                                    widget=forms.RadioSelect, choices=SurveyResponse.Rating.choices)
    language = forms.ChoiceField(label=_("Language of the conversation"), choices=[
        ("fr", "Français"), ("en", "English"), ("es", "Español"), ("tl", "Tagalog")])
