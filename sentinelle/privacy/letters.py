"""The documents sent to a requester: the decision letter (French, or English
on request) naming the grounds with the provisions in annex and the recourse,
the schedule of redactions (PDF and CSV), the redirection letter (A-2.1 art. 48),
and the release package that gathers them with the redacted documents.

The wording follows an actual Quebec decision (seed 001). The letters are
written per language in their own templates (privacy/pdf/*_fr.html, *_en.html):
legal letters are not run through the interface's message catalogue. PDFs are
made by the same WeasyPrint set-up as the letters to employers."""

from __future__ import annotations

import datetime
import io
import re
import unicodedata
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.template.loader import render_to_string
from django.utils import timezone, translation

from sentinelle.lib import tabular
from sentinelle.lib.pdf import font_faces, format_date, html_to_pdf
from sentinelle.privacy.models import (
    AccessRequest,
    DecisionKind,
    LegalGround,
    MarkDecision,
    MarkOrigin,
    RedactionMark,
    Regime,
    RequestDocument,
)

LANGUAGES = ("fr", "en")

KIND_NAMES = {
    "fr": {"PERSON": "Nom de personne", "PHONE": "Numéro de téléphone", "EMAIL": "Adresse électronique",
           "ADDRESS": "Adresse postale", "SIN": "Numéro d’assurance sociale", "PASSPORT": "Numéro de passeport",
           "PERMIT": "Numéro de permis de travail", "DATE_OF_BIRTH": "Date de naissance",
           "BANK_ACCOUNT": "Numéro de compte bancaire", "LICENCE_PLATE": "Plaque d’immatriculation",
           "": "Ajout manuel"},
    "en": {"PERSON": "Person name", "PHONE": "Phone number", "EMAIL": "E-mail address", "ADDRESS": "Postal address",
           "SIN": "Social insurance number", "PASSPORT": "Passport number", "PERMIT": "Work permit number",
           "DATE_OF_BIRTH": "Date of birth", "BANK_ACCOUNT": "Bank account number",
           "LICENCE_PLATE": "Licence plate", "": "Added by hand"},
}

FILE_NAMES = {
    "fr": {"letter": "lettre-de-decision.pdf", "schedule_pdf": "bordereau-des-caviardages.pdf",
           "schedule_csv": "bordereau-des-caviardages.csv", "folder": "documents", "redacted": "caviarde",
           "redirection": "lettre-de-reorientation.pdf"},
    "en": {"letter": "decision-letter.pdf", "schedule_pdf": "schedule-of-redactions.pdf",
           "schedule_csv": "schedule-of-redactions.csv", "folder": "documents", "redacted": "redacted",
           "redirection": "redirection-letter.pdf"},
}

SCHEDULE_HEADERS = {
    "fr": ["Document", "Page", "Motif", "Type de renseignement"],
    "en": ["Document", "Page", "Ground", "Kind of information"],
}


def _check_language(language: str) -> str:
    if language not in LANGUAGES:
        raise ValueError(f"unknown language {language!r}")
    return language


def slug(text: str) -> str:
    plain = unicodedata.normalize("NFKD", text.replace("’", " ").replace("'", " ")).encode("ascii", "ignore").decode()
    return re.sub(r"[^A-Za-z0-9]+", "-", plain).strip("-").lower()[:60] or "document"


@dataclass(frozen=True)
class ScheduleRow:
    document: str
    page: int  # 1-based, as printed
    ground: str
    kind: str


def released_marks(access_request: AccessRequest) -> list[RedactionMark]:
    return list(RedactionMark.objects.filter(document__access_request=access_request,
                                             decision=MarkDecision.ACCEPTED)
                .select_related("document", "ground").order_by("document__added_at", "document_id", "page", "y0",
                                                               "x0", "id"))


def schedule_rows(access_request: AccessRequest, language: str) -> list[ScheduleRow]:
    """One row per redaction: document, page, ground, kind; never the text withheld."""
    names = KIND_NAMES[_check_language(language)]
    rows = []
    for mark in released_marks(access_request):
        kind = "" if mark.origin == MarkOrigin.MANUAL and not mark.kind else mark.kind
        rows.append(ScheduleRow(
            document=mark.document.title, page=mark.page + 1,
            ground=f"{mark.ground.short_label} – {mark.ground.label_in(language)}" if mark.ground else "",
            kind=names.get(kind, kind),
        ))
    return rows


def schedule_csv(access_request: AccessRequest, language: str) -> bytes:
    out = io.StringIO()
    writer = tabular.writer(out)
    writer.writerow(SCHEDULE_HEADERS[_check_language(language)])
    for row in schedule_rows(access_request, language):
        writer.writerow([row.document, row.page, row.ground, row.kind])
    # With a byte-order mark, so that spreadsheet programs read the accents right.
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def _context(access_request: AccessRequest, language: str, *, actor: Any, today: datetime.date | None = None
             ) -> dict[str, Any]:
    today = today or timezone.localdate()
    return {
        "request": access_request, "requester": access_request.requester, "language": language,
        "fonts": font_faces(), "letter_date": format_date(today, language),
        "received_on": format_date(access_request.received_on, language),
        "officer": getattr(actor, "full_name", "") or (access_request.assigned_to.full_name
                                                       if access_request.assigned_to else ""),
        "quebec": access_request.regime == Regime.QUEBEC,
    }


def schedule_pdf(access_request: AccessRequest, language: str, *, actor: Any) -> bytes:
    context = _context(access_request, language, actor=actor)
    context["rows"] = schedule_rows(access_request, language)
    context["headers"] = SCHEDULE_HEADERS[language]
    with translation.override(language):
        return html_to_pdf(render_to_string(f"privacy/pdf/schedule_{language}.html", context))


def cited_grounds(access_request: AccessRequest) -> list[LegalGround]:
    """The grounds the letter names: those of the accepted redactions, and, in
    Quebec, art. 14 (partial access) whenever anything is withheld (as in the
    Ministry's decision of seed 001)."""
    grounds = access_request.grounds_used()
    if grounds and access_request.regime == Regime.QUEBEC:
        severance = LegalGround.objects.filter(code="qc-14").first()
        if severance is not None and severance not in grounds:
            grounds.insert(0, severance)
    return grounds


def _articles(grounds: list[LegalGround], language: str) -> str:
    """"14, 53 et 54" / "14, 53 and 54" — the numbers of the provisions cited."""
    numbers: list[str] = []
    for ground in grounds:
        for number in re.findall(r"\d+(?:\.\d+)?", ground.short_label):
            if number not in numbers:
                numbers.append(number)
    if len(numbers) <= 1:
        return "".join(numbers)
    joiner = " et " if language == "fr" else " and "
    return ", ".join(numbers[:-1]) + joiner + numbers[-1]


def decision_letter_pdf(access_request: AccessRequest, language: str, *, actor: Any,
                        decision: str | None = None) -> bytes:
    grounds = cited_grounds(access_request)
    context = _context(access_request, _check_language(language), actor=actor)
    context.update({
        "grounds": grounds,
        "redaction_grounds": [g for g in grounds if g.code != "qc-14"],
        "articles": _articles(grounds, language),
        "decision": decision or access_request.decision or (DecisionKind.PARTIAL if grounds else DecisionKind.FULL),
        "documents": list(access_request.documents.all()),  # type: ignore[attr-defined]
        "annex": [(g.short_label, g.text_in(language)) for g in grounds],
    })
    with translation.override(language):
        return html_to_pdf(render_to_string(f"privacy/pdf/decision_letter_{language}.html", context))


def redirection_letter_pdf(access_request: AccessRequest, language: str, *, body: str, contact: str, actor: Any
                           ) -> bytes:
    ground = LegalGround.objects.filter(code="qc-48").first()
    context = _context(access_request, _check_language(language), actor=actor)
    context.update({"body": body, "contact": contact,
                    "annex": [(ground.short_label, ground.text_in(language))] if ground and context["quebec"] else []})
    with translation.override(language):
        return html_to_pdf(render_to_string(f"privacy/pdf/redirection_letter_{language}.html", context))


def build_package(access_request: AccessRequest, language: str, *, actor: Any,
                  redact: Callable[[RequestDocument], bytes]) -> bytes:
    """The zip sent to the requester: each document redacted (by `redact`), the
    schedule (PDF and CSV) and the decision letter."""
    names = FILE_NAMES[_check_language(language)]
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        documents = list(access_request.documents.order_by("added_at", "id"))  # type: ignore[attr-defined]
        for number, document in enumerate(documents, start=1):
            name = f"{names['folder']}/{number:02d}-{slug(document.title)}-{names['redacted']}.pdf"
            archive.writestr(name, redact(document))
        archive.writestr(names["schedule_pdf"], schedule_pdf(access_request, language, actor=actor))
        archive.writestr(names["schedule_csv"], schedule_csv(access_request, language))
        archive.writestr(names["letter"], decision_letter_pdf(access_request, language, actor=actor))
    return buffer.getvalue()
