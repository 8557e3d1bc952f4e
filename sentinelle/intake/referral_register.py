"""The referral register: which referrals a staff member may see, the filters of
the register page (shared with the API: partner, province, outcome, origin,
dates), its exports to CSV and Excel (through `lib.tabular`, which keeps any
cell a spreadsheet would run as a formula as plain text), and the dashboard's
figure of referrals by partner and outcome per quarter."""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from django import forms
from django.db.models import Count, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from sentinelle.intake.models import Partner, Referral, ReferralOrigin, ReferralOutcome
from sentinelle.lib.access import visible_to
from sentinelle.lib.geo import Province
from sentinelle.lib.tabular import csv_bytes, xlsx_bytes


class PartnerField(forms.ModelChoiceField):  # type: ignore[type-arg]
    """A partner by its number (the page's list) or its code (links, the API)."""

    def to_python(self, value: Any) -> Any:
        if isinstance(value, str) and value and not value.isdigit():
            value = Partner.objects.filter(code=value).values_list("pk", flat=True).first() or value
        return super().to_python(value)


class ReferralFilterForm(forms.Form):
    partner = PartnerField(label=_("Partner"), queryset=Partner.objects.order_by("province", "kind", "name_en"),
                           required=False, empty_label=_("All partners"))
    province = forms.ChoiceField(label=_("Province or territory"), required=False,
                                 choices=[("", _("All provinces and territories")), *Province.choices])
    outcome = forms.ChoiceField(label=_("Outcome"), required=False,
                                choices=[("", _("All outcomes")), *ReferralOutcome.choices])
    origin = forms.ChoiceField(label=_("Referred from"), required=False,
                               choices=[("", _("Everywhere")), *ReferralOrigin.choices])
    since = forms.DateField(label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    until = forms.DateField(label=_("To"), required=False, widget=forms.DateInput(attrs={"type": "date"}))

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("since"), data.get("until")
        if start and end and start > end:
            self.add_error("until", _("This date is before the “From” date."))
        return data

    def applied(self) -> dict[str, str]:
        """The filters in force, as written in the audit log."""
        return {name: str(value.code if isinstance(value, Partner) else value)
                for name, value in self.cleaned_data.items() if value not in (None, "")}


def visible_referrals(user: Any) -> QuerySet[Referral]:
    return visible_to(user, Referral.objects.select_related(
        "partner", "region", "communicated_by", "report", "case", "case__employer", "escalation",
        "escalation__report", "escalation__case",
    ))


def filtered(user: Any, form: ReferralFilterForm) -> QuerySet[Referral]:
    """The referrals matching a valid filter form, newest first."""
    data = form.cleaned_data
    referrals = visible_referrals(user)
    if data.get("partner"):
        referrals = referrals.filter(partner=data["partner"])
    if data.get("province"):
        province = data["province"]
        # The partner's province, or the province of the employer of what was referred.
        referrals = referrals.filter(
            Q(partner__province=province) | Q(report__employer_province=province)
            | Q(case__employer__province=province) | Q(escalation__case__employer__province=province)
        )
    if data.get("outcome"):
        referrals = referrals.filter(outcome=data["outcome"])
    if data.get("origin"):
        referrals = referrals.filter(origin=data["origin"])
    if data.get("since"):
        referrals = referrals.filter(communicated_at__date__gte=data["since"])
    if data.get("until"):
        referrals = referrals.filter(communicated_at__date__lte=data["until"])
    return referrals.order_by("-communicated_at", "-id")


# Exports -------------------------------------------------------------------------


def headers() -> list[str]:
    """Column titles in the active language."""
    return [
        gettext("Sent on"), gettext("Partner"), gettext("Province or territory"), gettext("Referred from"),
        gettext("Report or case"), gettext("Region"), gettext("How"), gettext("By"),
        gettext("What was communicated"), gettext("Outcome"), gettext("Acknowledged on"),
        gettext("Outcome recorded on"), gettext("What the partner did"),
    ]


def _local(moment: datetime.datetime | None) -> datetime.datetime | None:
    return timezone.localtime(moment).replace(tzinfo=None) if moment else None


def rows(referrals: Iterable[Referral]) -> Iterator[list[Any]]:
    """One list of typed values per referral (dates, text)."""
    for referral in referrals:
        yield [
            _local(referral.communicated_at), referral.partner.name, referral.partner.get_province_display(),
            referral.get_origin_display(), referral.subject_reference,
            referral.region.name if referral.region else "", referral.get_means_display(),
            referral.communicated_by.full_name, referral.what, referral.get_outcome_display(),
            _local(referral.acknowledged_at), _local(referral.outcome_at), referral.outcome_note or referral.reply,
        ]


def to_csv(referrals: Iterable[Referral]) -> tuple[bytes, int]:
    return csv_bytes(headers(), rows(referrals))


def to_xlsx(referrals: Iterable[Referral]) -> tuple[bytes, int]:
    return xlsx_bytes(gettext("Referrals"), headers(), rows(referrals))


# The dashboard's figure ----------------------------------------------------------------


@dataclass(frozen=True)
class FigureRow:
    quarter: str
    partner: str
    counts: list[int]  # one per outcome, in ReferralOutcome's order
    total: int


@dataclass(frozen=True)
class Figure:
    """Referrals sent in each quarter of a fiscal year, by partner and by outcome."""

    fiscal_year: int
    outcomes: list[str]
    rows: list[FigureRow]
    totals: list[int]
    total: int


def _quarter_of(day: datetime.date) -> int:
    """1 (April–June) to 4 (January–March) of the fiscal year."""
    return (day.month - 4) % 12 // 3 + 1


def by_partner_and_outcome(fiscal_year: int, *, region_id: int | None = None) -> Figure:
    """Referrals sent from April 1 of `fiscal_year` to March 31 after, in one
    region or all of them, counted by quarter, partner and outcome (the outcome
    each has today)."""
    start = timezone.make_aware(datetime.datetime.combine(datetime.date(fiscal_year, 4, 1), datetime.time.min))
    end = timezone.make_aware(datetime.datetime.combine(datetime.date(fiscal_year + 1, 4, 1), datetime.time.min))
    referrals = Referral.objects.filter(communicated_at__gte=start, communicated_at__lt=end)
    if region_id is not None:
        referrals = referrals.filter(region_id=region_id)
    outcomes = list(ReferralOutcome.values)
    cells: dict[tuple[int, int], dict[str, int]] = {}
    # Grouped in the database by day, partner and outcome; the day gives the quarter (local time).
    grouped = (referrals.values("communicated_at__date", "partner_id", "outcome")
               .annotate(n=Count("id")).order_by())
    for row in grouped:
        quarter = _quarter_of(row["communicated_at__date"])
        per = cells.setdefault((quarter, row["partner_id"]), dict.fromkeys(outcomes, 0))
        per[row["outcome"]] += row["n"]
    partners = {p.pk: p for p in Partner.objects.filter(pk__in={key[1] for key in cells})}
    figure_rows = []
    for (quarter, partner_id), per in sorted(cells.items(), key=lambda item: (item[0][0], partners[item[0][1]].name)):
        counts = [per[o] for o in outcomes]
        figure_rows.append(FigureRow(gettext("Q%(quarter)s") % {"quarter": quarter}, partners[partner_id].name,
                                     counts, sum(counts)))
    totals = [sum(row.counts[i] for row in figure_rows) for i in range(len(outcomes))]
    return Figure(fiscal_year, [str(ReferralOutcome(o).label) for o in outcomes], figure_rows, totals, sum(totals))
