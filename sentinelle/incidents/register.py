"""The register of confidentiality incidents (art. 7 of the Regulation): its
entries, their retention, and its exports to CSV and Excel for the Commission.

An entry is a snapshot of the incident's art. 7 fields. The register is
append-only: when an incident's values change (its conclusion, a notice given,
a correction), a new entry is recorded that refers to the one it corrects.
Entries are kept at least five years after the later of the end of the
incident and the date the body learned of it (art. 7, second paragraph); no
entry can be purged before that, and then only all the entries of an incident
together (`purge_expired`)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import date
from typing import Any

from django.db import models, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from sentinelle.audit.services import Action, record
from sentinelle.incidents.models import (
    RETENTION_YEARS,
    Incident,
    MeasureKind,
    NoticeKind,
    RegisterEntry,
    add_years,
)
from sentinelle.incidents.requirements import ARTICLE_7, missing_labels
from sentinelle.lib.tabular import csv_bytes, xlsx_bytes

REGISTER_LANGUAGE = "fr"

# The values an entry copies from its incident, compared to tell whether a new
# entry is needed.
SNAPSHOT_FIELDS = [
    "information_concerned", "circumstances", "occurred_on", "occurred_until", "dates_approximate", "learned_on",
    "persons_concerned", "persons_in_quebec", "persons_approximate", "sensitivity", "malicious_use",
    "consequences", "probability", "serious_harm", "commission_notified_on", "persons_notified_on",
    "public_notice_on", "public_notice_reason", "measures",
]


class RegisterError(Exception):
    """An entry that cannot be recorded; the message is for the officer, and
    `field` names the form field it is about, if any."""

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field


def _measures_text(incident: Incident) -> str:
    lines = []
    for measure in incident.measures.all():  # type: ignore[attr-defined]
        when = ""
        if measure.done_on:
            when = gettext("done on %(date)s") % {"date": f"{measure.done_on:%Y-%m-%d}"}
        elif measure.planned_on:
            when = gettext("planned for %(date)s") % {"date": f"{measure.planned_on:%Y-%m-%d}"}
        purpose = gettext("prevention") if measure.kind == MeasureKind.PREVENT else gettext("risk reduction")
        lines.append(f"{measure.description} ({purpose}; {measure.responsible_unit}{'; ' + when if when else ''})")
    return "\n".join(lines)


def _first_notice(incident: Incident, kind: str) -> Any:
    return incident.notices.filter(kind=kind).order_by("given_on", "id").first()  # type: ignore[attr-defined]


def snapshot(incident: Incident) -> dict[str, Any]:
    """The incident's art. 7 values, as an entry would record them (the words
    of the register are in French, the language of the Commission)."""
    with translation.override(REGISTER_LANGUAGE):
        return _snapshot(incident)


def _snapshot(incident: Incident) -> dict[str, Any]:
    public = _first_notice(incident, NoticeKind.PUBLIC)
    commission = _first_notice(incident, NoticeKind.COMMISSION)
    persons = _first_notice(incident, NoticeKind.PERSONS)
    reason = ""
    if public is not None:
        reason = str(public.get_public_condition_display())
        if public.public_justification:
            reason += f" {public.public_justification}"
    return {
        "information_concerned": incident.information_concerned or incident.information_not_describable,
        "circumstances": incident.circumstances,
        "occurred_on": incident.occurred_on, "occurred_until": incident.occurred_until,
        "dates_approximate": incident.dates_approximate, "learned_on": incident.learned_on,
        "persons_concerned": incident.persons_concerned, "persons_in_quebec": incident.persons_in_quebec,
        "persons_approximate": incident.persons_approximate,
        "sensitivity": incident.sensitivity, "malicious_use": incident.malicious_use,
        "consequences": incident.consequences, "probability": incident.probability,
        "serious_harm": incident.serious_harm,
        "commission_notified_on": commission.given_on if commission else None,
        "persons_notified_on": persons.given_on if persons else None,
        "public_notice_on": public.given_on if public else None,
        "public_notice_reason": reason,
        "measures": _measures_text(incident),
    }


def current_entry(incident: Incident) -> RegisterEntry | None:
    return RegisterEntry.objects.filter(incident=incident).current().first()


def record_entry(incident: Incident, *, actor: Any, reason: str = "", request: Any = None,
                 only_if_changed: bool = False) -> RegisterEntry | None:
    """Append the incident's entry (or its correction) to the register.

    Refused (RegisterError, naming the missing fields) while an art. 7 field is
    missing. With `only_if_changed`, nothing is recorded when the values are
    those of the current entry, or when a field is missing."""
    with transaction.atomic():
        incident = Incident.objects.select_for_update().get(pk=incident.pk)
        lacking = missing_labels(incident, ARTICLE_7)
        if lacking:
            if only_if_changed:
                return None
            raise RegisterError(gettext(
                "The incident cannot be recorded in the register: these required fields (art. 7) are missing: "
                "%(fields)s."
            ) % {"fields": "; ".join(lacking)})
        values = snapshot(incident)
        previous = current_entry(incident)
        if previous is not None and all(getattr(previous, name) == value for name, value in values.items()):
            if only_if_changed:
                return None
            raise RegisterError(gettext("The register already holds these values for this incident."))
        if previous is not None and not reason.strip():
            raise RegisterError(gettext("Say why the register entry is corrected."), field="reason")
        entry = RegisterEntry.objects.create(
            incident=incident, corrects=previous, correction_reason=reason.strip() if previous else "",
            recorded_by=actor, retain_until=incident.retain_until() or add_years(timezone.localdate(), RETENTION_YEARS),
            **values,
        )
    record(Action.CREATE, actor=actor, obj=entry, request=request, incident=incident.reference,
           corrects=previous.pk if previous else None)
    return entry


# Retention -----------------------------------------------------------------------


def purgeable(today: date) -> models.QuerySet[RegisterEntry]:
    """The entries that may be removed on `today`: those of incidents whose every
    entry's retention has ended (never before five years)."""
    still_kept = RegisterEntry.objects.filter(retain_until__gt=today).values("incident_id")
    return RegisterEntry.objects.filter(retain_until__lte=today).exclude(incident_id__in=still_kept)


def purge_expired(today: date, *, actor: Any = None) -> int:
    """Remove the entries whose retention has ended; how many were removed."""
    entries = list(purgeable(today).order_by("-id"))
    with transaction.atomic():
        for entry in entries:  # corrections first: an entry is protected by the one that corrects it
            models.QuerySet(RegisterEntry).filter(pk=entry.pk)._raw_delete(using="default")
    if entries:
        record(Action.UPDATE, actor=actor, purged_register_entries=[entry.pk for entry in entries],
               retention_years=RETENTION_YEARS)
    return len(entries)


# Exports -------------------------------------------------------------------------

HEADERS = [
    _("Entry"), _("Corrects entry"), _("Reason for the correction"), _("Incident"), _("Recorded on"),
    _("Personal information concerned"), _("Circumstances"), _("Date of the incident (or start of the period)"),
    _("End of the period"), _("Dates approximate"), _("Date the body learned of the incident"),
    _("Number of persons concerned"), _("Persons concerned in Quebec"), _("Numbers approximate"),
    _("Sensitivity of the information"), _("Possible malicious uses"), _("Anticipated consequences"),
    _("Probability of harmful use"), _("Risk of serious harm"), _("Notice to the Commission given on"),
    _("Notice to the persons concerned given on"), _("Public notice given on"), _("Why a public notice"),
    _("Measures taken"), _("Kept at least until"),
]


def headers() -> list[str]:
    return [str(header) for header in HEADERS]


def _yes_no(value: bool | None) -> str:
    if value is None:
        return ""
    return gettext("Yes") if value else gettext("No")


def rows(entries: Iterable[RegisterEntry]) -> Iterator[list[Any]]:
    for entry in entries:
        yield [
            entry.pk, entry.corrects_id, entry.correction_reason, entry.incident.reference,
            timezone.localtime(entry.recorded_at).replace(tzinfo=None),
            entry.information_concerned, entry.circumstances, entry.occurred_on, entry.occurred_until,
            _yes_no(entry.dates_approximate), entry.learned_on, entry.persons_concerned, entry.persons_in_quebec,
            _yes_no(entry.persons_approximate),
            str(entry.get_sensitivity_display()), str(entry.get_malicious_use_display()),
            str(entry.get_consequences_display()), str(entry.get_probability_display()),
            _yes_no(entry.serious_harm), entry.commission_notified_on, entry.persons_notified_on,
            entry.public_notice_on, entry.public_notice_reason, entry.measures, entry.retain_until,
        ]


def ordered(entries: models.QuerySet[RegisterEntry]) -> models.QuerySet[RegisterEntry]:
    return entries.select_related("incident").order_by("id")


def to_csv(entries: Iterable[RegisterEntry]) -> tuple[bytes, int]:
    return csv_bytes(headers(), rows(entries))


def to_xlsx(entries: Iterable[RegisterEntry]) -> tuple[bytes, int]:
    return xlsx_bytes(gettext("Register"), headers(), rows(entries))
