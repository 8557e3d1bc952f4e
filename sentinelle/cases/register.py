"""The national decision register: which decisions a staff member may see, the
filters of the register page (shared with the API), and its exports to CSV and
Excel.

An export is opened in a spreadsheet, where a cell starting with = + - or @ is
taken for a formula: such text is written with a leading apostrophe so that
it stays text (CSV injection)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import datetime
from typing import Any

from django import forms
from django.db.models import F, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from sentinelle.accounts.models import Region
from sentinelle.cases.models import Decision, DecisionStatus, Employer, Outcome
from sentinelle.lib.access import visible_to
from sentinelle.lib.tabular import csv_bytes, xlsx_bytes

ALL_STATUSES = "all"


class DecisionFilterForm(forms.Form):
    """The register's filters. Without a status, approved decisions are shown."""

    outcome = forms.ChoiceField(
        label=_("Outcome"), required=False,
        choices=[("", _("All outcomes")), *Outcome.choices],
    )
    region = forms.ModelChoiceField(
        label=_("Region"), required=False, queryset=Region.objects.none(), empty_label=_("All regions"),
        to_field_name="code",
    )
    status = forms.ChoiceField(
        label=_("Status"), required=False,
        # Approved first: the register's default, and what an empty choice shows.
        choices=[(DecisionStatus.APPROVED, DecisionStatus.APPROVED.label),
                 (DecisionStatus.PROPOSED, DecisionStatus.PROPOSED.label),
                 (DecisionStatus.RETURNED, DecisionStatus.RETURNED.label),
                 (ALL_STATUSES, _("All statuses"))],
    )
    approved_from = forms.DateField(
        label=_("Approved from"), required=False, widget=forms.DateInput(attrs={"type": "date"}),
    )
    approved_until = forms.DateField(
        label=_("Approved until"), required=False, widget=forms.DateInput(attrs={"type": "date"}),
    )
    employer = forms.CharField(label=_("Employer"), required=False, max_length=100)
    order = forms.ChoiceField(
        label=_("Order"), required=False,
        choices=[("newest", _("Newest first")), ("oldest", _("Oldest first"))],
    )

    def __init__(self, data: Any = None, *, user: Any) -> None:
        super().__init__(data)
        self.fields["region"].queryset = regions_for(user)  # type: ignore[attr-defined]
        self.initial.setdefault("status", DecisionStatus.APPROVED)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("approved_from"), data.get("approved_until")
        if start and end and start > end:
            self.add_error("approved_until", _("This date is before the “Approved from” date."))
        return data

    def applied(self) -> dict[str, str]:
        """The filters in force, as written in the audit log."""
        return {name: str(value.code if isinstance(value, Region) else value)
                for name, value in self.cleaned_data.items() if value not in (None, "")}


def regions_for(user: Any) -> QuerySet[Region]:
    """The regions a user may choose in the filter: all of them for national
    staff; for regional staff, their own and those of decisions shared with them."""
    if getattr(user, "is_national", False):
        return Region.objects.all()
    seen = visible_to(user, Decision.objects.all()).values("region_id")
    return Region.objects.filter(Q(pk=getattr(user, "region_id", None)) | Q(pk__in=seen))


def visible_decisions(user: Any) -> QuerySet[Decision]:
    return visible_to(user, Decision.objects.select_related(
        "case", "case__employer", "region", "proposed_by", "approved_by",
    ))


def filtered(user: Any, form: DecisionFilterForm) -> QuerySet[Decision]:
    """The decisions matching a valid filter form, in the order it asks."""
    data = form.cleaned_data
    decisions = visible_decisions(user)
    status = data.get("status") or DecisionStatus.APPROVED
    if status != ALL_STATUSES:
        decisions = decisions.filter(status=status)
    if data.get("outcome"):
        decisions = decisions.filter(outcome=data["outcome"])
    if data.get("region"):
        decisions = decisions.filter(region=data["region"])
    if data.get("approved_from"):
        decisions = decisions.filter(approved_at__date__gte=data["approved_from"])
    if data.get("approved_until"):
        decisions = decisions.filter(approved_at__date__lte=data["approved_until"])
    if data.get("employer"):
        decisions = decisions.filter(case__employer__in=Employer.objects.search(data["employer"]))
    when = F("approved_at")
    if data.get("order") == "oldest":
        return decisions.order_by(when.asc(nulls_last=True), "proposed_at", "id")
    return decisions.order_by(when.desc(nulls_last=True), "-proposed_at", "-id")


# Exports -------------------------------------------------------------------------


def headers() -> list[str]:
    """Column titles in the active language."""
    return [
        gettext("Case"), gettext("Employer"), gettext("Business number"), gettext("Region"),
        gettext("Outcome"), gettext("Penalty amount ($)"), gettext("Ban period (years)"), gettext("Grounds"),
        gettext("Status"), gettext("Proposed by"), gettext("Proposed on"), gettext("Approved by"),
        gettext("Approved on"),
    ]


def _local(moment: datetime | None) -> datetime | None:
    return timezone.localtime(moment).replace(tzinfo=None) if moment else None


def rows(decisions: Iterable[Decision]) -> Iterator[list[Any]]:
    """One list of typed values per decision (numbers, dates, text)."""
    for decision in decisions:
        employer = decision.case.employer
        yield [
            decision.case.reference, employer.legal_name, employer.business_number, decision.region.name,
            decision.get_outcome_display(), decision.penalty_amount, decision.ban_years, decision.grounds,
            decision.get_status_display(),
            decision.proposed_by.full_name, _local(decision.proposed_at),
            decision.approved_by.full_name if decision.approved_by else "", _local(decision.approved_at),
        ]


def to_csv(decisions: Iterable[Decision]) -> tuple[bytes, int]:
    return csv_bytes(headers(), rows(decisions))


def to_xlsx(decisions: Iterable[Decision]) -> tuple[bytes, int]:
    return xlsx_bytes(gettext("Decisions"), headers(), rows(decisions))
