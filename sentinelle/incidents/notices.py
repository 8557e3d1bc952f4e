"""The notices of a confidentiality incident, printed to PDF with WeasyPrint
(local files only, as every PDF: sentinelle.lib.pdf):

- to the Commission d’accès à l’information, with every field of art. 3;
- to the persons concerned (art. 5): one page per recipient, for one person or
  a batch;
- the public notice (art. 6), with the condition that justifies it.

A notice is refused, with the missing fields named, while the incident lacks a
field its article requires; and refused when the officer has not concluded that
there is a risk of serious harm (art. 63.8 of A-2.1: notices are owed then)."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db import transaction
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext

from sentinelle.audit.services import Action, record
from sentinelle.incidents.grid import FACTORS
from sentinelle.incidents.models import Incident, MeasureKind, Notice, NoticeKind, PublicCondition
from sentinelle.incidents.requirements import BY_NOTICE, missing_labels
from sentinelle.lib.pdf import font_faces, format_date, html_to_pdf


class NoticeError(Exception):
    """A notice that cannot be made; the message is for the officer."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def refusal(incident: Incident, kind: str, *, recipients: list[str] | None = None, condition: str = "") -> str:
    """Why the notice cannot be generated yet, in the active language, or ""."""
    lacking = missing_labels(incident, BY_NOTICE[kind])
    if kind == NoticeKind.PERSONS and not recipients:
        lacking.append(gettext("Recipients (one per line)"))
    if kind == NoticeKind.PUBLIC and condition not in PublicCondition.values:
        lacking.append(gettext("Condition that justifies a public notice (art. 6)"))
    if lacking:
        return gettext(
            "The notice cannot be generated: these required fields are missing: %(fields)s."
        ) % {"fields": "; ".join(lacking)}
    if incident.serious_harm is not True:
        return gettext(
            "The notice cannot be generated: the conclusion on this incident is that there is no risk of "
            "serious harm, so no notice is owed."
        )
    return ""


def _context(incident: Incident, notice: Notice) -> dict[str, Any]:
    language = notice.language
    measures = list(incident.measures.all())  # type: ignore[attr-defined]
    return {
        "incident": incident, "notice": notice, "language": language, "fonts": font_faces(),
        "given_on": format_date(notice.given_on, language),
        "occurred_on": format_date(incident.occurred_on, language),
        "occurred_until": format_date(incident.occurred_until, language),
        "learned_on": format_date(incident.learned_on, language),
        "reduce_measures": [m for m in measures if m.kind == MeasureKind.REDUCE],
        "prevent_measures": [m for m in measures if m.kind == MeasureKind.PREVENT],
        "factors": [(factor.label, getattr(incident, f"get_{factor.field}_display")(),
                     factor.guidance[getattr(incident, factor.field)]) for factor in FACTORS],
        "recipients": notice.recipient_list,
    }


def render_pdf(incident: Incident, notice: Notice) -> bytes:
    with translation.override(notice.language):
        html = render_to_string(f"incidents/pdf/notice_{notice.kind}.html", _context(incident, notice))
    return html_to_pdf(html)


def generate_notice(incident: Incident, kind: str, *, language: str, given_on: date, actor: Any,
                    recipients: list[str] | None = None, condition: str = "", justification: str = "",
                    request: Any = None) -> Notice:
    """Make the notice, print it to PDF, keep it with its date; and bring the
    register up to date (a new entry with the notice's date)."""
    if kind not in NoticeKind.values:
        raise NoticeError(gettext("There is no such notice."))
    recipients = [line.strip() for line in (recipients or []) if line.strip()]
    reason = refusal(incident, kind, recipients=recipients, condition=condition)
    if reason:
        raise NoticeError(reason)
    notice = Notice(
        incident=incident, kind=kind, language=language, given_on=given_on, created_by=actor,
        recipients="\n".join(recipients) if kind == NoticeKind.PERSONS else "",
        public_condition=condition if kind == NoticeKind.PUBLIC else "",
        public_justification=justification.strip() if kind == NoticeKind.PUBLIC else "",
    )
    notice.pdf = render_pdf(incident, notice)
    with transaction.atomic():
        notice.save()
        record(Action.CREATE, actor=actor, obj=incident, request=request, notice=notice.pk, kind=kind,
               language=language, given_on=given_on.isoformat(), recipients=len(recipients))
        from sentinelle.incidents.register import record_entry

        with translation.override(language):
            reason_text = gettext("%(notice)s given on %(date)s.") % {
                "notice": notice.get_kind_display(), "date": given_on.isoformat()}
        record_entry(incident, actor=actor, reason=reason_text, request=request, only_if_changed=True)
    return notice
