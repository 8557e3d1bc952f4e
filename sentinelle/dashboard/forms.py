"""The filters of the dashboard and the targets form."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.utils.dates import MONTHS
from django.utils.translation import gettext_lazy as _

from sentinelle.accounts.models import Region
from sentinelle.cases.models import Sector
from sentinelle.dashboard.models import COUNT_METRICS, SHARE_METRICS, Metric
from sentinelle.dashboard.periods import current_fiscal_year, fiscal_year_label

YEARS_BACK = 10


def fiscal_year_choices() -> list[tuple[str, str]]:
    current = current_fiscal_year()
    return [(str(year), fiscal_year_label(year)) for year in range(current + 1, current - YEARS_BACK - 1, -1)]


class DashboardFilterForm(forms.Form):
    fiscal_year = forms.TypedChoiceField(label=_("Fiscal year"), coerce=int, required=False)
    quarter = forms.TypedChoiceField(
        label=_("Quarter"), coerce=int, required=False, empty_value=None,
        choices=[("", _("Whole year (to date)")), ("1", _("Q1 (April to June)")), ("2", _("Q2 (July to September)")),
                 ("3", _("Q3 (October to December)")), ("4", _("Q4 (January to March)"))],
    )
    month = forms.TypedChoiceField(
        label=_("Month"), coerce=int, required=False, empty_value=None,
        choices=[("", _("Every month of the period"))] + [
            (str(month), MONTHS[month]) for month in (4, 5, 6, 7, 8, 9, 10, 11, 12, 1, 2, 3)],
    )
    region = forms.ModelChoiceField(label=_("Region"), queryset=Region.objects.order_by("code"), required=False,
                                    empty_label=_("All of Canada"))
    sector = forms.ModelChoiceField(label=_("Sector"), queryset=Sector.objects.order_by("naics_code"),
                                    required=False, empty_label=_("All sectors"))

    def __init__(self, *args: Any, own_region: Region | None = None, regional: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if regional:
            # Regional people are shown their own region only (another is ignored, see the view).
            region_field = self.fields["region"]
            region_field.widget.choices = [(own_region.pk, own_region.name)] if own_region else []  # type: ignore[attr-defined]
            region_field.label = _("Region (yours)")
        self.fields["fiscal_year"].choices = fiscal_year_choices()  # type: ignore[attr-defined]
        self.fields["fiscal_year"].initial = str(current_fiscal_year())
        # The selector shows the year the page shows: the current one unless another is chosen.
        if self.is_bound and not self.data.get("fiscal_year"):
            self.data = {**self.data, "fiscal_year": str(current_fiscal_year())}

    def clean_fiscal_year(self) -> int:
        return self.cleaned_data.get("fiscal_year") or current_fiscal_year()


def plain(value: Decimal) -> Decimal:
    """90 rather than 90.0000 or 9E+1."""
    return value.quantize(Decimal(1)) if value == value.to_integral_value() else value.normalize()


def scopes() -> list[Region | None]:
    """National first, then every region but National HQ."""
    return [None, *Region.objects.exclude(code=Region.NATIONAL).order_by("code")]


def field_name(region: Region | None, metric: str) -> str:
    return f"{region.code if region else 'national'}-{metric}"


UNITS = {
    Metric.CASES_COMPLETED: _("cases"), Metric.INVENTORY: _("cases"), Metric.DAYS_TO_DECISION: _("days"),
    Metric.ESCALATIONS_24H: "%", Metric.ESCALATIONS_48H: "%", Metric.QUALITY_RATE: "%",
}


class TargetsForm(forms.Form):
    """Every target of one fiscal year: national and regional, one field each.
    Shares are entered as percentages; an empty field means no target."""

    def __init__(self, *args: Any, fiscal_year: int, current: dict[tuple[int | None, str], Decimal], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fiscal_year = fiscal_year
        self.scopes = scopes()
        for region in self.scopes:
            scope = region.name if region else _("National")
            for metric in Metric:
                value = current.get((region.pk if region else None, metric))
                label = _("%(measure)s, %(scope)s (%(unit)s)") % {
                    "measure": metric.label, "scope": scope, "unit": UNITS[metric]}
                if metric in COUNT_METRICS:
                    field: forms.Field = forms.IntegerField(
                        label=label, required=False, min_value=0, max_value=1_000_000,
                        error_messages={"invalid": _("Enter a whole number of cases, such as 3000.")})
                    initial: Any = int(value) if value is not None else None
                elif metric in SHARE_METRICS:
                    field = forms.DecimalField(
                        label=label, required=False, min_value=0, max_value=100, decimal_places=1,
                        error_messages={"invalid": _("Enter a percentage from 0 to 100, such as 90."),
                                        "max_value": _("A percentage cannot be more than 100."),
                                        "min_value": _("A percentage cannot be negative.")})
                    initial = plain(value * 100) if value is not None else None
                else:
                    field = forms.DecimalField(
                        label=label, required=False, min_value=1, max_value=3650, decimal_places=1,
                        error_messages={"invalid": _("Enter a number of days, such as 120.")})
                    initial = plain(value) if value is not None else None
                field.widget.attrs["inputmode"] = "numeric" if metric in COUNT_METRICS else "decimal"
                field.initial = initial
                self.fields[field_name(region, metric)] = field

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        for region in self.scopes:
            within_24 = cleaned.get(field_name(region, Metric.ESCALATIONS_24H))
            within_48 = cleaned.get(field_name(region, Metric.ESCALATIONS_48H))
            if within_24 is not None and within_48 is not None and within_48 < within_24:
                self.add_error(field_name(region, Metric.ESCALATIONS_48H), _(
                    "The share met within 48 hours cannot be lower than the share met within 24 hours "
                    "(those met within 24 hours are also met within 48)."))
        return cleaned

    def grid(self) -> list[tuple[str, list[forms.BoundField]]]:
        """One row per scope (national, then each region), one field per measure."""
        return [(str(region.name if region else _("National")), [self[field_name(region, metric)] for metric in Metric])
                for region in self.scopes]

    def values(self) -> dict[tuple[int | None, str], Decimal | None]:
        """The targets entered, as stored (shares as fractions)."""
        result: dict[tuple[int | None, str], Decimal | None] = {}
        for region in self.scopes:
            for metric in Metric:
                value = self.cleaned_data.get(field_name(region, metric))
                if value is not None:
                    value = Decimal(value)
                    if metric in SHARE_METRICS:
                        value = value / 100
                result[(region.pk if region else None, metric)] = value
        return result
