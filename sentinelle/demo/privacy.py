"""Demo data: three access requests, through the real services.

- a Quebec request received 3 days ago, acknowledged, with a short inspection
  report uploaded (ready for the detection);
- a Quebec request received 25 days ago and extended by 10 days (approaching or
  past its limit, so that the list flags it);
- a federal request redirected to another public body, with its letter.

Running it again adds nothing (the requests are found by their scope)."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pymupdf
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone

from sentinelle.privacy import letters, services
from sentinelle.privacy.models import AccessRequest, Regime

SCOPES = [
    "Le rapport d'inspection de la ferme Les Jardins du Nord (2025), sans les renseignements personnels des "
    "travailleurs.",
    "Les notes de service sur le programme d'inspection des serres, janvier à juin 2025.",
    "Records of the federal-provincial working group on seasonal worker housing, 2024.",
]


def _officer() -> Any:
    from sentinelle.accounts.models import RoleCode, User

    return User.objects.filter(roles__code=RoleCode.PRIVACY_OFFICER, is_active=True).order_by("pk").first()


def _report() -> bytes:
    document = pymupdf.open()
    page = document.new_page()
    lines = [
        "Rapport d'inspection – Les Jardins du Nord inc.",
        "Travailleur rencontré : Jean Tremblay, permis de travail U123456789.",
        "Téléphone : 514-555-0199 – Courriel : jean.tremblay@example.com",
        "Constat : heures supplémentaires non payées en juillet 2025.",
    ]
    for number, line in enumerate(lines):
        page.insert_text((72, 100 + 20 * number), line, fontsize=11)
    content = bytes(document.tobytes())
    document.close()
    return content


@transaction.atomic
def seed_privacy(officer: Any = None, *, today: date | None = None) -> int:
    """The three demo requests; how many were added."""
    officer = officer or _officer()
    if officer is None:
        return 0
    today = today or timezone.localdate()
    added = 0

    if not AccessRequest.objects.filter(scope=SCOPES[0]).exists():
        first = services.create_request(
            requester={"name": "Sophie Gagnon", "address": "450, rue Principale\nSaint-Rémi (Québec) J0L 2L0",
                       "email": "sophie.gagnon@example.org", "phone": "450 555-0123"},
            received_on=today - timedelta(days=3), scope=SCOPES[0], regime=Regime.QUEBEC, language="fr",
            assigned_to=officer, actor=officer)
        services.acknowledge(first, on=today - timedelta(days=2), actor=officer)
        services.upload_document(first, SimpleUploadedFile("rapport.pdf", _report(), content_type="application/pdf"),
                                 title="Rapport d'inspection – Les Jardins du Nord", language="fr", actor=officer)
        added += 1

    if not AccessRequest.objects.filter(scope=SCOPES[1]).exists():
        received = today - timedelta(days=25)
        second = services.create_request(
            requester={"name": "Le Devoir – Marc Lévesque", "address": "", "email": "mlevesque@example.org",
                       "phone": ""},
            received_on=received, scope=SCOPES[1], regime=Regime.QUEBEC, language="fr", assigned_to=officer,
            actor=officer)
        services.acknowledge(second, on=received + timedelta(days=1), actor=officer)
        services.extend(second, on=min(second.initial_due_on, today), days=10,
                        reason="Le volume des documents visés demande plus de temps pour leur analyse.",
                        actor=officer)
        added += 1

    if not AccessRequest.objects.filter(scope=SCOPES[2]).exists():
        third = services.create_request(
            requester={"name": "Daniel Roy", "address": "88 Elgin Street\nOttawa ON K1P 5K7", "email": "",
                       "phone": ""},
            received_on=today - timedelta(days=6), scope=SCOPES[2], regime=Regime.FEDERAL, language="en",
            assigned_to=officer, actor=officer)
        body = "Employment and Social Development Canada"
        contact = "Access to Information and Privacy Office, ESDC"
        pdf = letters.redirection_letter_pdf(third, "en", body=body, contact=contact, actor=officer)
        services.redirect(third, body=body, contact=contact, on=today - timedelta(days=2), letter_pdf=pdf,
                          actor=officer)
        added += 1
    return added
