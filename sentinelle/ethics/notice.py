"""The notice of designation of the ethics officer for the oversight body, as one
PDF in French then English (seed 001: « le nom de la personne désignée doit être
communiqué avec diligence au Secrétariat du Conseil du trésor par transmission
d’une lettre officielle »): the officer and the substitute designated on the day
of the notice, their dates, how to reach them, and where the officer's own
training stands. Drawn with WeasyPrint from local files only (`lib.pdf`);
generating it is audited."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext

from sentinelle.audit.services import Action, record
from sentinelle.ethics.designations import OnDuty, on_duty
from sentinelle.ethics.models import Designation
from sentinelle.lib.pdf import font_faces, format_date, html_to_pdf
from sentinelle.training import obligations

LANGUAGES = ("fr", "en")


class NoticeError(Exception):
    """A notice that cannot be made; the message is for the administrator."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def _person(designation: Designation | None, language: str, training: dict[int, obligations.Status]) -> Any:
    if designation is None:
        return None
    status = training.get(designation.user_id)
    return {"name": designation.user.full_name, "email": designation.email or designation.user.email,
            "phone": designation.phone, "starts_on": format_date(designation.starts_on, language),
            "ends_on": format_date(designation.ends_on, language),
            "trained_on": format_date(status.last_completed_on, language) if status else "",
            "training_due": format_date(status.due_on, language) if status else "",
            "training_overdue": bool(status and status.overdue)}


def notice_html(day: date, duty: OnDuty, *, actor: Any) -> str:
    """The notice's HTML for the designations on duty on `day`, French section then
    English section; NoticeError when no ethics officer is designated then."""
    if duty.officer is None:
        raise NoticeError(gettext("No ethics officer is designated on %(day)s: designate one before generating "
                                  "the notice.") % {"day": date_format(day, "DATE_FORMAT")})
    training = {s.user.pk: s for s in obligations.statuses(day, users=duty.readers)}
    sections = [{"language": language, "day": format_date(day, language),
                 "officer": _person(duty.officer, language, training),
                 "substitute": _person(duty.substitute, language, training),
                 "made_at": format_date(timezone.now(), language)} for language in LANGUAGES]
    # One document; each section drawn in its own language (the template's {% language %}).
    with translation.override("fr"):
        return render_to_string("ethics/notice/notice_pdf.html", {
            "fonts": font_faces(), "sections": sections, "made_by": actor.full_name})


def designation_notice(day: date, *, actor: Any, request: Any = None) -> bytes:
    """The PDF of the notice on `day`; its generation is in the audit log, naming
    the same designations as the notice."""
    duty = on_duty(day)
    pdf = html_to_pdf(notice_html(day, duty, actor=actor))
    record(Action.EXPORT, actor=actor, obj=duty.officer, request=request, export="ethics_designation_notice",
           day=day.isoformat(), officer=duty.officer.user.email if duty.officer else "",
           substitute=duty.substitute.user.email if duty.substitute else "")
    return pdf


def notice_filename(day: date) -> str:
    return f"ethics-officer-designation-{day:%Y-%m-%d}.pdf"
