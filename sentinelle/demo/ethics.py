"""Demo data of ethics and help in person, through the real services:

- the ethics officer (Marc-André Bouchard) and substitute (Fatima El Amrani), an
  absence of the officer covered by the substitute, two consultations (one named
  with the person's consent);
- two disclosures: an anonymous one the officer answered through its receipt code,
  and a named one with a reprisal complaint;
- besides the Service Canada centre of every province and territory (reference
  data), partner organisations, outreach sites and mobile clinics where seasonal
  workers are, with outreach visits over the coming weeks.

Running it again adds nothing."""

from __future__ import annotations

from datetime import date, time, timedelta
from typing import Any

from django.db import transaction
from django.utils import timezone

from sentinelle.intake.models import OutreachVisit, ServicePoint

OFFICER, SUBSTITUTE = "Marc-André Bouchard", "Fatima El Amrani"
ANONYMOUS_AUTHOR, NAMED_AUTHOR = "Olivier Tremblay", "Grace Mensah"

# province: [(kind, code, city, place in the name, address, languages)]
OTHERS: dict[str, list[tuple[str, str, str, str, str, str]]] = {
    "QC": [("outreach_site", "outreach-saint-remi", "Saint-Rémi", "Saint-Rémi", "Église de Saint-Rémi, 25, rue Saint-Paul",
            "fr,es"),
           ("mobile_clinic", "clinic-monteregie", "Sherrington", "Montérégie", "Stationnement de l'hôtel de ville",
            "fr,es,en"),
           ("partner", "partner-montreal", "Montréal", "Montréal", "3600, rue Saint-Denis", "fr,en,es,tl")],
    "ON": [("outreach_site", "outreach-leamington", "Leamington", "Leamington", "Leamington Community Centre",
            "en,es"),
           ("mobile_clinic", "clinic-niagara", "Virgil", "Niagara", "Virgil Arena parking lot", "en,es,tl"),
           ("partner", "partner-simcoe", "Simcoe", "Simcoe", "45 Robinson Street", "en,es,pa")],
    "BC": [("outreach_site", "outreach-abbotsford", "Abbotsford", "Abbotsford", "Gurdwara Kalgidhar Darbar", "en,pa,hi"),
           ("mobile_clinic", "clinic-okanagan", "Kelowna", "Okanagan", "Rutland Centennial Park", "en,es,tl")],
    "AB": [("partner", "partner-brooks", "Brooks", "Brooks", "403 2nd Avenue West", "en,tl,vi")],
    "MB": [("outreach_site", "outreach-portage", "Portage la Prairie", "Portage la Prairie", "Stride Place",
            "en,es")],
    "SK": [("partner", "partner-saskatoon", "Saskatoon", "Saskatoon", "201 21st Street East", "en,tl")],
    "NS": [("mobile_clinic", "clinic-annapolis", "Kentville", "Annapolis Valley", "Kentville Farmers' Market",
            "en,es")],
    "NB": [("outreach_site", "outreach-grand-falls", "Grand-Sault", "Grand-Sault", "Centre communautaire",
            "fr,en,es")],
    "PE": [("outreach_site", "outreach-summerside", "Summerside", "Summerside", "Credit Union Place", "en,es,tl")],
}
NAMES = {
    "service_canada": ("Centre Service Canada – {}", "Service Canada Centre – {}", "Centro de Service Canada – {}",
                       "Sentro ng Service Canada – {}"),
    "outreach_site": ("Point de rencontre – {}", "Outreach site – {}", "Punto de atención – {}",
                      "Lugar ng pagtulong – {}"),
    "mobile_clinic": ("Clinique mobile des travailleurs agricoles – {}", "Mobile clinic for farm workers – {}",
                      "Clínica móvil para trabajadores agrícolas – {}",
                      "Mobile na klinika para sa mga manggagawang bukid – {}"),
    "partner": ("Centre d'appui aux travailleurs migrants – {}", "Migrant workers support centre – {}",
                "Centro de apoyo a trabajadores migrantes – {}", "Sentro ng suporta sa mga migranteng manggagawa – {}"),
}


def _point(code: str, kind: str, place: str, **fields: Any) -> ServicePoint:
    fr, en, es, tl = (pattern.format(place) for pattern in NAMES[kind])
    point, _created = ServicePoint.objects.get_or_create(code=code, defaults={
        "kind": kind, "name_fr": fr, "name_en": en, "name_es": es, "name_tl": tl, **fields})
    return point


@transaction.atomic
def seed_service_points(today: date | None = None) -> int:
    """Outreach sites, mobile clinics and partner organisations, and visits of the
    outreach sites and mobile clinics over the next eight weeks; how many points were added."""
    today = today or timezone.localdate()
    before = ServicePoint.objects.count()
    for province, others in OTHERS.items():
        for index, (kind, code, city, place, address, languages) in enumerate(others):
            open_days = {"opening_days": "0123", "opens_at": time(9), "closes_at": time(17)} if kind == "partner" else {}
            point = _point(code, kind, place, address=address, city=city, province=province,
                           languages=languages, **open_days)
            if kind == "partner" or point.visits.exists():
                continue
            for week in range(8):  # every other Sunday afternoon or Thursday evening, from this week
                day = today + timedelta(days=(6 - today.weekday()) % 7 + 7 * week + index)
                if kind == "mobile_clinic" and week % 2:
                    continue
                OutreachVisit.objects.create(service_point=point, day=day, starts_at=time(13), ends_at=time(17))
    return ServicePoint.objects.count() - before


def _staff(full_name: str) -> Any:
    from sentinelle.accounts.models import User

    return User.objects.filter(full_name=full_name, is_active=True).first()


@transaction.atomic
def seed_ethics(today: date | None = None) -> int:
    """The designations and the two disclosures; how many disclosures were added."""
    from sentinelle.accounts.models import RoleCode, User
    from sentinelle.ethics import services
    from sentinelle.ethics.models import Designation, Post
    from sentinelle.intake import receipts

    today = today or timezone.localdate()
    officer, substitute = _staff(OFFICER), _staff(SUBSTITUTE)
    admin = User.objects.filter(roles__code=RoleCode.ADMINISTRATOR, is_active=True).order_by("pk").first()
    if officer is None or substitute is None or admin is None or Designation.objects.exists():
        return 0
    services.designate({"post": Post.OFFICER, "user": officer, "starts_on": today - timedelta(days=400),
                        "ends_on": None, "phone": "418 555-0177", "email": "ethique@sentinelle.example"}, actor=admin)
    services.designate({"post": Post.SUBSTITUTE, "user": substitute, "starts_on": today - timedelta(days=400),
                        "ends_on": None, "phone": "416 555-0123", "email": "ethique@sentinelle.example"}, actor=admin)
    services.record_absence({"starts_on": today + timedelta(days=14), "ends_on": today + timedelta(days=18)},
                            actor=admin)
    services.record_consultation({
        "asked_on": today - timedelta(days=20), "topic": "Cadeaux", "person": None,
        "question": "Un employeur inspecté offre un panier de produits de la ferme à la fin de la visite. "
                    "Puis-je l'accepter ?",
        "advice": "Non : refusez poliment et notez l'offre dans les notes du dossier."}, actor=officer)
    services.record_consultation({
        "asked_on": today - timedelta(days=6), "topic": "Outside work", "person": _staff(NAMED_AUTHOR),
        "question": "May I translate for a community organisation on weekends?",
        "advice": "Yes, provided none of its clients is a party to a file you work on; tell your team lead."},
        actor=officer)
    added = 0
    anonymous_author, named_author = _staff(ANONYMOUS_AUTHOR), _staff(NAMED_AUTHOR)
    if anonymous_author is not None:
        first = services.submit_disclosure({
            "wrongdoing": "Un employeur de la Montérégie aurait été prévenu de la date d'une inspection par un "
                          "membre du personnel, qui aurait reçu des paniers de légumes en échange.",
            "when_where": "Été dernier, bureau de Québec."},
            author=anonymous_author, anonymous=True, receipt_code=receipts.new_receipt_code())
        services.officer_message(first, "Merci pour votre divulgation. Pouvez-vous préciser les dates des "
                                        "inspections concernées ? Répondez avec votre code de réception.", actor=officer)
        services.record_handling(first, {"status": "under_review", "handling": "Vérification des dates "
                                         "d'inspection annoncées dans le système.", "outcome": "",
                                         "reprisal_complaint": "", "reprisal_received_on": None},
                                 actor=officer, expected_version=None)
        added += 1
    if named_author is not None:
        second = services.submit_disclosure({
            "wrongdoing": "Employer files are being closed without the required site visit to meet the monthly "
                          "target, on instructions given orally.",
            "when_where": "Ontario office, since January."},
            author=named_author, anonymous=False, receipt_code=receipts.new_receipt_code())
        services.record_handling(second, {
            "status": "investigating", "handling": "Sample of 20 closed files reviewed with the quality team.",
            "outcome": "", "reprisal_received_on": today - timedelta(days=3),
            "reprisal_complaint": "The author says their schedule was changed after the disclosure became known."},
            actor=officer, expected_version=None)
        added += 1
    return added


def seed_ethics_and_service_points() -> int:
    return seed_service_points() + seed_ethics()
