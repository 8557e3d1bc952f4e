# ruff: noqa: S311 - `random` shapes demo data here; receipt codes still come from `secrets`.
"""Demo data: tip-line reports, so that the triage queue, the escalation board and
the follow-up page are not empty on a demo.

Every report goes through the services a worker's or an intake agent's report
goes through (`submit_report`, `send_staff_message`, `add_worker_message`, and the
triage and escalation functions), so that risk scores, escalations, receipt codes
and audit events are real. The services stamp everything with the present time;
the demo then moves the dates of its own reports back (a report over the last 60
days, its messages, its escalation clock). Audit events keep the time the demo
was loaded: the log is append-only.

The content (languages, provinces, stories, urgency, what staff did) is drawn
from the seed; receipt codes come from the secure generator, as for real reports.
Each report has an idempotency key derived from the seed and its number, so that
loading the demo again adds nothing that is already there.

Receipt codes are never stored in clear. For the demo only, the codes of a few
reports (one each in Spanish, Tagalog and French) are written to
var/demo_receipts.json (mode 0600, next to the demo accounts), so that a demo user
can try the follow-up page; `manage.py demo_accounts` prints them."""

from __future__ import annotations

import json
import os
import random
import re
import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, time, timedelta
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from sentinelle.accounts.models import RoleCode, User
from sentinelle.audit.services import Action, record
from sentinelle.cases.models import Employer, Sector
from sentinelle.demo import base
from sentinelle.intake import receipts, referrals, triage
from sentinelle.intake.models import (
    Allegation,
    Answer,
    Channel,
    ClosingReason,
    ContactMethod,
    Escalation,
    ExclusionRule,
    Message,
    Partner,
    Referral,
    Report,
    ServicePoint,
    Since,
)
from sentinelle.intake.services import add_worker_message, send_staff_message, submit_report
from sentinelle.lib.geo import REGION_OF_PROVINCE

DEFAULT_COUNT = 60
# The receipt codes kept for the demo: one report in each of these languages.
SHOWCASE_LANGUAGES = ("es", "tl", "fr")
SPAN_DAYS = 60
_KEY_NAMESPACE = uuid.UUID("6f1d8a52-3c1e-4f1e-9a57-5e3d1c0b7a21")

A = Allegation


# What workers tell ---------------------------------------------------------------


@dataclass(frozen=True)
class Story:
    """One kind of report, in one language. `{crop}`, `{hours}`, `{paid}`, `{n}`,
    `{fee}`, `{rent}` and `{weeks}` are filled in for each report."""

    text: str
    allegations: tuple[str, ...]
    sectors: tuple[str, ...]
    workers: tuple[str, ...] = ("2-5", "6-20")
    provinces: tuple[str, ...] = ()
    weight: float = 1.0


STORIES: dict[str, list[Story]] = {
    "es": [
        Story("Trabajamos en el invernadero de {crop} de lunes a domingo, más de {hours} horas por semana, "
              "pero en el talón de pago solo aparecen {paid} horas. Cuando preguntamos, el mayordomo dice que "
              "así es el contrato.", (A.WAGES, A.HOURS), ("1114",), ("6-20", "21+"), weight=2),
        Story("En la casa donde vivimos somos {n} hombres con un solo baño y una estufa. Hay chinches en los "
              "colchones y el techo gotea cuando llueve. Nos descuentan {rent} dólares cada semana por la "
              "vivienda.", (A.HOUSING,), ("1112", "1113", "1114"), ("6-20",), weight=1.5),
        Story("El patrón se quedó con nuestros pasaportes «para guardarlos». Cuando un compañero pidió el suyo "
              "para ir al consulado, le dijeron que si se quejaba lo mandaban de regreso y que no lo llamarían "
              "la próxima temporada.", (A.DOCUMENTS, A.REPRISAL), ("1112", "1113")),
        Story("Para venir a Canadá tuve que pagar {fee} dólares a un reclutador en Guatemala. Todavía estoy "
              "pagando la deuda y el reclutador llama a mi familia para cobrar.", (A.FEES,),
              ("1114", "1112", "3116"), ("1", "2-5")),
        Story("Fumigan el cultivo de {crop} mientras estamos trabajando ahí mismo. No nos dan mascarilla ni "
              "guantes. Varios compañeros tienen dolor de cabeza y ronchas en la piel.", (A.HEALTH_SAFETY,),
              ("1114", "1112"), ("6-20", "21+")),
        Story("El contrato decía que íbamos a trabajar en la cosecha de {crop}, pero nos pusieron a limpiar "
              "establos y a trabajar en la empacadora por menos dinero.", (A.JOB_DIFFERS, A.WAGES),
              ("1113", "1112")),
        Story("El supervisor nos grita, nos insulta y empuja a los que trabajan más lento. A una compañera le "
              "hace comentarios sexuales. Tenemos miedo de decir algo.", (A.ABUSE,), ("1112", "1114")),
        Story("En temporada de {crop} trabajamos de 5 de la mañana a 9 de la noche sin día de descanso. Si "
              "alguien se enferma le dicen que se quede en la casa sin paga y que ya no habrá trabajo para él.",
              (A.HOURS, A.REPRISAL), ("1113", "1112"), ("6-20", "21+")),
        Story("Nos pagan por cubeta de {crop}, pero el mayordomo es el único que anota cuántas llenamos y nunca "
              "nos enseña la lista. Con lo que nos pagan no se llega al salario mínimo.", (A.WAGES,),
              ("1113",), ("6-20", "21+")),
        Story("Nos llevan al campo en una camioneta cerrada, somos {n} sentados en el piso de atrás y sin "
              "cinturones. La semana pasada casi nos volteamos en el camino de tierra.", (A.HEALTH_SAFETY,),
              ("1112", "1113"), ("6-20",)),
        Story("Un compañero se lastimó la espalda cargando cajas y el patrón no quiere hacer el reporte de "
              "accidente. Dice que si va al doctor lo regresa a su país.", (A.HEALTH_SAFETY, A.REPRISAL),
              ("1112", "1114", "3114"), ("1", "2-5")),
        Story("Nos cobran {rent} dólares a la semana por llevarnos a la tienda y al banco, y no nos dan recibo. "
              "Tampoco nos dejan ir por nuestra cuenta.", (A.WAGES, A.OTHER), ("1112", "1114"), ("6-20",)),
    ],
    "fr": [
        Story("Nous faisons la récolte des {crop} depuis {weeks} semaines et la paie arrive toujours en retard. La "
              "dernière paie comptait {paid} heures alors que nous en avons travaillé {hours}. Le contremaître "
              "dit que c'est une erreur du bureau.", (A.WAGES,), ("1112", "1113"), ("6-20", "21+"), weight=2),
        Story("Le logement fourni par l'employeur est une roulotte pour {n} personnes, sans chauffage qui "
              "fonctionne. Il fait très froid la nuit et il y a de la moisissure sur les murs.", (A.HOUSING,),
              ("1112", "1114", "1121"), ("6-20",)),
        Story("À l'usine de découpe, la chaîne va trop vite et il n'y a pas de protège-lame sur deux scies. "
              "Un collègue s'est coupé la main la semaine dernière; on lui a dit de ne pas appeler la CNESST.",
              (A.HEALTH_SAFETY, A.REPRISAL), ("3116",), ("21+",), provinces=("QC",)),
        Story("Je suis cuisinier dans un restaurant. Je travaille {hours} heures par semaine, mais le patron me "
              "paie les heures supplémentaires en argent comptant au taux normal, sans les inscrire sur le "
              "talon de paie.", (A.WAGES, A.HOURS), ("7225",), ("1",)),
        Story("Mon employeuse garde mon permis de travail. Je m'occupe de ses enfants et de sa mère de 7 h à "
              "22 h et je n'ai pas le droit de sortir le soir.", (A.DOCUMENTS, A.HOURS), ("8141",), ("1",),
              provinces=("QC",)),
        Story("On m'avait promis un poste d'opérateur de machinerie; je nettoie les étables sept jours sur sept, "
              "payé moins que le salaire prévu au contrat.", (A.JOB_DIFFERS, A.WAGES), ("1121", "1112"), ("1",)),
        Story("À l'usine de crabe, l'agence de recrutement nous a fait payer {fee} $ chacun pour le billet "
              "d'avion et des « frais de dossier ». L'employeur dit que ce n'est pas son problème.", (A.FEES,),
              ("3117",), ("6-20", "21+"), provinces=("NB", "QC")),
        Story("Depuis que j'ai demandé à être payé pour le transport entre les champs, le contremaître ne me "
              "donne plus que quelques heures par semaine et menace de ne pas me rappeler l'an prochain.",
              (A.REPRISAL, A.WAGES), ("1112", "1114"), ("1",)),
        Story("Le contremaître nous fait signer des feuilles de temps en blanc à la fin de la semaine. Sur le "
              "talon de paie, il y a toujours moins d'heures que ce qu'on a fait dans la serre.", (A.WAGES,),
              ("1114",), ("6-20", "21+")),
        Story("À la conserverie, on fait des quarts de 12 heures six jours par semaine pendant la saison du "
              "maïs. On n'a pas le droit de refuser les heures supplémentaires.", (A.HOURS,), ("3114",),
              ("21+",), provinces=("QC",)),
    ],
    "en": [
        Story("We are paid by the bin for {crop}, but only the supervisor weighs the bins and we never see the "
              "tickets. Most weeks the pay works out to much less than minimum wage for {hours} hours.",
              (A.WAGES,), ("1113",), ("6-20", "21+"), provinces=("BC", "ON", "NS"), weight=2),
        Story("The bunkhouse has {n} beds in one room, no working smoke detector, and the only bathroom has "
              "been broken for two weeks. We were told to use the one at the packing shed.", (A.HOUSING,),
              ("1112", "1113", "1121"), ("6-20",)),
        Story("We harvest {crop} in the heat all afternoon with no shade and one water jug for the whole crew. Two "
              "workers felt dizzy last week and the boss told them to keep working.", (A.HEALTH_SAFETY,),
              ("1112", "1113"), ("6-20", "21+")),
        Story("I work as a cook on a work permit. My employer makes me pay back ${rent} of my wages in cash "
              "every week, or he says he will cancel my permit.", (A.FEES, A.REPRISAL, A.WAGES), ("7225",),
              ("1",)),
        Story("As a truck driver I am made to drive more than the legal hours and to change the logbook. When I "
              "refused, the dispatcher cut my trips.", (A.HOURS, A.HEALTH_SAFETY, A.REPRISAL), ("4841",),
              ("1",), provinces=("ON", "AB", "MB", "SK")),
        Story("I was hired as a personal support worker but I also do the cleaning, the laundry and night "
              "shifts alone for {n} residents. The overtime is not paid.", (A.JOB_DIFFERS, A.HOURS, A.WAGES),
              ("6233",), ("1", "2-5")),
        Story("Our crew boss keeps our passports in the office \"so we don't run away\". We live in a house he "
              "rents to us and he takes the rent out of our pay.", (A.DOCUMENTS, A.HOUSING), ("2361",),
              ("2-5", "6-20"), provinces=("ON", "AB", "BC")),
        Story("Workers at the greenhouse were told they cannot leave the farm on weekends without the owner's "
              "permission, even to go to church or buy groceries.", (A.ABUSE, A.OTHER), ("1114",),
              ("21+",)),
        Story("At the fish plant we work {hours} hours a week in the peak season, but the overtime rate is "
              "only paid after 48 hours and the hours on the stub don't match our cards.", (A.WAGES, A.HOURS),
              ("3117",), ("21+",), provinces=("NS", "NL", "PE")),
    ],
    "tl": [
        Story("Ako po ay caregiver. Nagtatrabaho ako mula 6 ng umaga hanggang 10 ng gabi, pitong araw sa isang "
              "linggo, pero ang bayad ay para lang sa {paid} oras kada linggo. Wala po akong day off.",
              (A.HOURS, A.WAGES), ("8141",), ("1",), weight=2),
        Story("Kinuha ng employer ko ang passport at work permit ko. Sabi niya ibabalik lang kapag natapos ang "
              "kontrata ko. Natatakot po akong magreklamo.", (A.DOCUMENTS, A.REPRISAL), ("8141", "3116"),
              ("1",)),
        Story("Sa planta po, masyadong mabilis ang linya at kulang ang guwantes na pangproteksyon. Maraming "
              "nasusugatan sa kamay pero sinasabihan kaming huwag mag-report.", (A.HEALTH_SAFETY, A.REPRISAL),
              ("3116",), ("21+",), provinces=("AB", "MB", "ON")),
        Story("Nagbayad po ako ng {fee} dolyar sa agency sa Pilipinas para sa trabahong ito. Sabi nila kasama "
              "na ang lahat, pero pagdating dito may kaltas pa sa sahod ko para sa \"processing fee\".",
              (A.FEES, A.WAGES), ("3116", "1114", "8141"), ("1", "2-5")),
        Story("Kami po ay {n} na nakatira sa isang basement na inuupahan ng employer. Isa lang ang banyo, "
              "walang bintana ang kuwarto, at malaki ang kaltas sa sahod para sa renta.", (A.HOUSING,),
              ("1114", "3116"), ("6-20",)),
        Story("Sinisigawan at minumura po ako ng amo ko araw-araw. Minsan hindi ako pinapakain nang maayos. "
              "Gusto ko pong humingi ng tulong pero ayaw kong mawalan ng trabaho.", (A.ABUSE,), ("8141",),
              ("1",)),
        Story("Ang kontrata ko po ay food counter supervisor, pero ang trabaho ko ay maglinis ng mga kuwarto "
              "ng hotel at maghugas ng pinggan. Mas mababa rin ang sahod kaysa sa nakasulat.",
              (A.JOB_DIFFERS, A.WAGES), ("7211", "7225"), ("1", "2-5")),
    ],
}

CROPS: dict[str, dict[str, list[str]]] = {
    "es": {"1114": ["tomates", "pepinos", "pimientos"], "1112": ["lechugas", "brócoli", "fresas", "calabazas"],
           "1113": ["manzanas", "cerezas", "arándanos", "uvas"]},
    "fr": {"1114": ["tomates", "concombres", "poivrons"], "1112": ["laitues", "brocolis", "fraises", "carottes"],
           "1113": ["pommes", "bleuets", "canneberges", "raisins"]},
    "en": {"1114": ["tomatoes", "cucumbers", "peppers"], "1112": ["lettuce", "broccoli", "strawberries", "sweet corn"],
           "1113": ["apples", "cherries", "blueberries", "peaches"]},
}
OTHER_CROPS = {"es": "verduras", "fr": "légumes", "en": "vegetables", "tl": "gulay"}

LANGUAGE_WEIGHTS = {"es": 33, "fr": 30, "en": 22, "tl": 15}
PROVINCES_BY_LANGUAGE: dict[str, dict[str, float]] = {
    "es": {"ON": 40, "QC": 25, "BC": 15, "AB": 5, "NS": 8, "PE": 7},
    "fr": {"QC": 75, "NB": 25},
    "en": {"ON": 25, "BC": 18, "AB": 12, "NS": 14, "PE": 8, "NB": 5, "MB": 8, "SK": 5, "NL": 5},
    "tl": {"ON": 35, "BC": 20, "AB": 25, "MB": 15, "QC": 5},
}
CHANNEL_WEIGHTS = {Channel.WEB: 50, Channel.PHONE: 20, Channel.IN_PERSON: 8, Channel.OUTREACH: 14,
                   Channel.PARTNER: 8}
ANONYMOUS_SHARE = {Channel.WEB: 0.7, Channel.PHONE: 0.55, Channel.IN_PERSON: 0.35, Channel.OUTREACH: 0.6,
                   Channel.PARTNER: 0.5}
SINCE_WEIGHTS = {Since.WEEK: 1, Since.MONTH: 3, Since.MONTHS: 4, Since.LONGER: 1, Since.UNSURE: 1}

# Made-up first names and initials: nobody real.
CONTACT_NAMES = {
    "es": ["Juan Carlos M.", "María G.", "José Luis R.", "Rosa E.", "Miguel Á. T.", "Guadalupe S.", "Efraín P."],
    "fr": ["Marc-Antoine B.", "Julie T.", "Mamadou D.", "Carlos H.", "Sophie L.", "Wilson J."],
    "en": ["Devon W.", "Andre B.", "Gurpreet K.", "Kemar T.", "Simran S.", "Michael O."],
    "tl": ["Maricel D.", "Jonathan R.", "Rowena C.", "Ma. Cristina V.", "Jerome A."],
}
SAFE_TIMES = {
    "es": ["Después de las 8 de la noche", "Los domingos", "A la hora de la comida, de 12 a 1"],
    "fr": ["Après 19 h", "Le dimanche", "Le midi seulement"],
    "en": ["After 7 pm", "Sundays", "Lunch break, 12 to 1"],
    "tl": ["Pagkatapos ng 9 ng gabi", "Tuwing Linggo", "Tanghali lang po"],
}
AREA_CODES = {"ON": "519", "QC": "450", "BC": "250", "AB": "403", "NS": "902", "PE": "902", "NB": "506",
              "MB": "204", "SK": "306", "NL": "709", "YT": "867", "NT": "867", "NU": "867"}

# A staff message in the worker's language and the worker's answer.
THREADS: dict[str, list[tuple[str, str]]] = {
    "es": [
        ("Buenos días. Gracias por su reporte; lo estamos revisando. ¿Puede decirnos cuántas personas "
         "trabajan con usted y desde cuándo pasa esto? No daremos su nombre al empleador.",
         "Somos como 14 en la cuadrilla. Empezó en mayo, cuando llegó el nuevo mayordomo."),
        ("Gracias por escribirnos. ¿Tiene copias de sus talones de pago o fotos del registro de horas? "
         "Puede agregarlas aquí mismo.",
         "Sí, tengo fotos de los talones de las últimas cuatro semanas. Mañana las subo."),
    ],
    "fr": [
        ("Bonjour, merci pour votre signalement; nous l'examinons. Pouvez-vous nous dire depuis quand la "
         "situation dure et combien de personnes sont touchées? Votre nom ne sera pas transmis à l'employeur.",
         "Depuis le début de la saison, en mai. Nous sommes six. Je peux envoyer des photos."),
        ("Bonjour, avez-vous des talons de paie ou un relevé de vos heures? Vous pouvez les ajouter sur "
         "cette page.",
         "Oui, j'ai noté mes heures dans un carnet. Je vais prendre les pages en photo."),
    ],
    "en": [
        ("Hello, thank you for your report; we are reviewing it. Could you tell us roughly how many workers "
         "are affected and whether you have pay stubs or photos? Your name will not be shared with the "
         "employer.",
         "About 14 of us on the crew. I have photos of the pay stubs from the last month."),
    ],
    "tl": [
        ("Magandang araw po. Salamat sa inyong report; sinusuri na po namin ito. Kailan po nagsimula ang "
         "ganitong sitwasyon, at may kopya po ba kayo ng inyong kontrata? Hindi po namin ibibigay ang "
         "inyong pangalan sa employer.",
         "Nagsimula po noong Marso. May kopya po ako ng kontrata; kukunan ko ng litrato at ipapadala dito."),
        ("Salamat po. Makikipag-ugnayan po sa inyo ang aming inspector. Anong oras po ligtas na tumawag?",
         "Pagkatapos po ng 9 ng gabi, kapag tulog na ang mga bata."),
    ],
}


@dataclass(frozen=True)
class Urgent:
    """A report that answers yes to an urgency question, and where its
    escalation stands: opened `hours_ago`; met (measures and a referral) or not."""

    language: str
    story: Story
    province: str
    city: str
    channel: str
    danger_now: str
    hazard_now: str
    hours_ago: float
    anonymous: bool = True
    at_cluster_employer: bool = False
    # For a met escalation, in the staff's language: measures, what was said to
    # the partner, and the partner's reply.
    measures: str = ""
    referral: str = ""
    reply: str = ""


URGENT: list[Urgent] = [
    # Past the 24-hour target, within 48 hours.
    Urgent("es", Story("Ahora mismo están fumigando el invernadero y el encargado nos dijo que sigamos trabajando "
                       "adentro. Dos compañeros están vomitando y a otro le arden los ojos.",
                       (A.HEALTH_SAFETY,), ("1114",), ("21+",)),
           "ON", "Leamington", Channel.WEB, Answer.UNSURE, Answer.YES, 30, at_cluster_employer=True),
    # Past the 48-hour deadline.
    Urgent("en", Story("A worker fell from a ladder in the orchard this morning and the owner drove him back to "
                       "the bunkhouse instead of the hospital. He cannot move his arm. The owner says if he goes "
                       "to the hospital he will be sent home.",
                       (A.HEALTH_SAFETY, A.REPRISAL), ("1113",), ("1",)),
           "BC", "Oliver", Channel.PHONE, Answer.YES, Answer.YES, 55, anonymous=False),
    # Met within 24 hours: measures recorded and the situation referred to the CNESST.
    Urgent("fr", Story("Il fait plus de 33 degrés et on travaille dans les champs de laitue sans pause ni eau "
                       "fraîche. Un collègue a perdu connaissance hier et le contremaître a dit de continuer.",
                       (A.HEALTH_SAFETY,), ("1112",), ("21+",)),
           "QC", "Saint-Rémi", Channel.PHONE, Answer.NO, Answer.YES, 70, anonymous=False,
           measures="Rappel du travailleur avec une interprète dans l'heure. Employeur joint : travail au champ "
                    "suspendu de 12 h à 16 h pendant la vague de chaleur, eau fraîche et abri installés, pause de "
                    "15 minutes chaque heure. Le collègue a été vu à la clinique. Visite prévue cette semaine.",
           referral="Chaleur extrême au champ, sans eau ni pause; un travailleur a perdu connaissance la veille. "
                    "Demande d'intervention en santé et sécurité.",
           reply="Une inspectrice se rend sur place demain matin."),
    # Open, time left.
    Urgent("en", Story("Ammonia smell in the processing room all morning. Several of us have burning eyes and are "
                       "coughing. The supervisor says the fans will fix it and we must finish the lobster order.",
                       (A.HEALTH_SAFETY,), ("3117",), ("21+",)),
           "NS", "Yarmouth", Channel.PHONE, Answer.UNSURE, Answer.YES, 3),
    Urgent("tl", Story("Ni-lock po ako ng employer ko sa kuwarto kagabi dahil sumagot ako. Kinuha niya ang "
                       "cellphone at passport ko. Nakikigamit lang po ako ng telepono ng kapitbahay.",
                       (A.ABUSE, A.DOCUMENTS), ("8141",), ("1",)),
           "ON", "Mississauga", Channel.WEB, Answer.YES, Answer.NO, 15),
]

# Reports about the same employer, so that the repeat-employer rule shows.
CLUSTER: list[tuple[str, int, int]] = [("es", 0, 40), ("es", 1, 26), ("tl", 3, 12)]  # language, story, days ago


# The plan ------------------------------------------------------------------------


@dataclass
class PlannedReport:
    key: str
    language: str
    channel: str
    province: str
    naics: str
    fields: dict[str, Any]
    allegations: list[str]
    received_at: datetime
    register_employer: int | None = None
    # "" (left in the queue), "match", or a closing reason.
    decision: str = ""
    # (from the worker?, text, days after the report)
    thread: list[tuple[bool, str, int]] = field(default_factory=list)
    urgent: Urgent | None = None
    showcase: bool = False


@dataclass(frozen=True)
class DemoReceipt:
    language: str
    reference: str
    code: str


@dataclass(frozen=True)
class DemoReportsResult:
    created: int
    receipts: list[DemoReceipt]
    receipts_reset: int


def receipts_file() -> Path:
    return Path(settings.VAR_DIR) / "demo_receipts.json"


def load_demo_receipts() -> list[DemoReceipt]:
    path = receipts_file()
    if not path.exists():
        return []
    try:
        return [DemoReceipt(**row) for row in json.loads(path.read_text())]
    except (ValueError, TypeError):
        return []


def _write_receipts(rows: list[DemoReceipt]) -> None:
    path = receipts_file()
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w") as handle:
        json.dump([row.__dict__ for row in rows], handle, indent=1, ensure_ascii=False)
    path.chmod(0o600)


def report_key(seed: int, number: int) -> str:
    """The idempotency key of demo report `number`: the same seed, the same key."""
    return uuid.uuid5(_KEY_NAMESPACE, f"demo-report:{seed}:{number}").hex


def _weighted[K](rng: random.Random, weights: Mapping[K, float]) -> K:
    return rng.choices(list(weights), weights=[float(w) for w in weights.values()])[0]


def _register_name(rng: random.Random, employer: dict[str, Any]) -> str:
    """The employer's name as a worker writes it: with or without "inc."."""
    operating = re.sub(r"\s*\(\d+\)$", "", employer["operating_name"] or "")
    legal = employer["legal_name"]
    plain = re.sub(r"\s+(inc\.|Ltd\.)$", "", legal)
    return rng.choice([n for n in (legal, plain, operating) if n])


def _invented_name(rng: random.Random, province: str, naics: str) -> str:
    french = province == "QC" or (province == "NB" and rng.random() < 0.5)
    family = rng.choice(base.FAMILY_NAMES_FR if french else base.FAMILY_NAMES_EN)
    trade_en, trade_fr = base.TRADE_WORDS.get(naics, ("Farms", "Fermes"))
    return f"{trade_fr} {family}" if french else f"{family} {trade_en}"


def _fill(rng: random.Random, story: Story, language: str, naics: str) -> str:
    crops = CROPS.get(language, {}).get(naics) or [OTHER_CROPS[language]]
    fee = rng.choice([1800, 2500, 3200, 4000, 5500])
    # French writes 3 200 $, the others 3,200 or 3200.
    fee_text = f"{fee:,}".replace(",", "\u202f") if language == "fr" else str(fee)
    return story.text.format(
        crop=rng.choice(crops), hours=rng.randrange(56, 76), paid=rng.randrange(40, 49), n=rng.randrange(6, 15),
        fee=fee_text, rent=rng.choice([45, 60, 75, 100, 150]), weeks=rng.randrange(3, 11),
    )


def _contact(rng: random.Random, language: str, province: str) -> dict[str, Any]:
    name = rng.choice(CONTACT_NAMES[language])
    method = _weighted(rng, {ContactMethod.WHATSAPP: 4, ContactMethod.PHONE: 3, ContactMethod.TEXT: 2,
                             ContactMethod.EMAIL: 1})
    # 555-01xx numbers are reserved for fiction; example.com for examples.
    values: dict[str, Any] = {
        "anonymous": False,
        "contact_name": name,
        "contact_phone": f"{AREA_CODES.get(province, '613')}-555-01{rng.randrange(100):02d}",
        "contact_method": method,
        "contact_safe_times": rng.choice(SAFE_TIMES[language]),
    }
    if method == ContactMethod.EMAIL:
        values["contact_email"] = f"worker{rng.randrange(100, 999)}@example.com"
    return values


def _received_at(rng: random.Random, now: datetime, days_ago: int) -> datetime:
    day = timezone.localdate(now) - timedelta(days=days_ago)
    at = datetime.combine(day, time(rng.randrange(7, 22), rng.randrange(60)), tzinfo=timezone.get_current_timezone())
    return min(at, now)


def _employers(limit: int = 5000) -> list[dict[str, Any]]:
    rows = Employer.objects.order_by("pk").values(
        "pk", "legal_name", "operating_name", "street_address", "city", "province", "phone", "sector__naics_code",
    )[:limit]
    return [dict(row) for row in rows]


def plan_reports(count: int, *, seed: int, now: datetime, employers: Sequence[dict[str, Any]]) -> list[PlannedReport]:
    """What the demo reports say, oldest first: the same seed and register, the same plan."""
    rng = random.Random(seed)
    plans: list[PlannedReport] = []

    def employer_fields(employer: dict[str, Any] | None, province: str, naics: str) -> dict[str, Any]:
        if employer is None:
            return {"employer_name": _invented_name(rng, province, naics),
                    "employer_city": rng.choice(base.CITIES[province]), "employer_province": province}
        values = {"employer_name": _register_name(rng, employer), "employer_city": employer["city"],
                  "employer_province": province}
        if rng.random() < 0.3:
            values["employer_address"] = employer["street_address"]
        if rng.random() < 0.3:
            values["employer_phone"] = employer["phone"]
        return values

    def new_plan(language: str, story: Story, province: str, naics: str, channel: str,
                 received_at: datetime, employer: dict[str, Any] | None, *, anonymous: bool) -> PlannedReport:
        fields: dict[str, Any] = {
            "anonymous": True,
            "description": _fill(rng, story, language, naics),
            "since": _weighted(rng, SINCE_WEIGHTS),
            "workers_affected": rng.choice(story.workers),
            "danger_now": Answer.NO,
            "hazard_now": Answer.NO,
            **employer_fields(employer, province, naics),
        }
        if not anonymous:
            fields.update(_contact(rng, language, province))
        return PlannedReport(
            key=report_key(seed, len(plans)), language=language, channel=channel, province=province,
            naics=naics, fields=fields, allegations=list(story.allegations), received_at=received_at,
            register_employer=employer["pk"] if employer else None,
        )

    # The employer several workers report: an Ontario greenhouse of the register.
    greenhouses = [e for e in employers if e["province"] == "ON" and e["sector__naics_code"] == "1114"]
    cluster_employer = greenhouses[0] if greenhouses else None

    for urgent in URGENT[:count]:
        naics = urgent.story.sectors[0]
        employer = cluster_employer if urgent.at_cluster_employer else None
        plan = new_plan(urgent.language, urgent.story, urgent.province, naics, urgent.channel,
                        now - timedelta(hours=urgent.hours_ago), employer, anonymous=urgent.anonymous)
        if employer is None:
            plan.fields["employer_city"] = urgent.city
        plan.fields.update(danger_now=urgent.danger_now, hazard_now=urgent.hazard_now)
        plan.urgent = urgent
        plans.append(plan)
    cluster_fields: dict[str, Any] | None = None
    for language, story_number, days_ago in CLUSTER[: max(0, count - len(plans))]:
        story = STORIES[language][story_number]
        plan = new_plan(language, story, "ON", "1114", Channel.WEB, _received_at(rng, now, days_ago),
                        cluster_employer, anonymous=True)
        # The workers of one farm name it the same way.
        cluster_fields = cluster_fields or {k: v for k, v in plan.fields.items() if k.startswith("employer_")}
        plan.fields.update(cluster_fields)
        plans.append(plan)
    if plans and cluster_fields and URGENT[0].at_cluster_employer:
        plans[0].fields.update(cluster_fields)

    today_left = 3
    for _number in range(len(plans), count):
        language = _weighted(rng, LANGUAGE_WEIGHTS)
        story = rng.choices(STORIES[language], weights=[s.weight for s in STORIES[language]])[0]
        naics = rng.choice(story.sectors)
        province = rng.choice(story.provinces) if story.provinces else _weighted(rng, PROVINCES_BY_LANGUAGE[language])
        channel = _weighted(rng, CHANNEL_WEIGHTS)
        if channel == Channel.OUTREACH and not naics.startswith("11"):
            channel = Channel.PHONE  # the mobile outreach sites visit farms
        days_ago = 0 if today_left > 0 else min(SPAN_DAYS, round(rng.triangular(1, SPAN_DAYS, 8)))
        today_left -= 1
        in_register = [e for e in employers if e["province"] == province and e["sector__naics_code"] == naics]
        employer = rng.choice(in_register) if in_register and rng.random() < 0.6 else None
        plan = new_plan(language, story, province, naics, channel, _received_at(rng, now, days_ago), employer,
                        anonymous=rng.random() < ANONYMOUS_SHARE[channel])
        # Staff have looked at some of the older reports already.
        draw = rng.random()
        if days_ago >= 14 and draw < 0.15:
            plan.decision = rng.choice([ClosingReason.NOT_ENOUGH, ClosingReason.DUPLICATE,
                                        ClosingReason.EXCLUSION, ClosingReason.NO_JURISDICTION])
        elif days_ago >= 3 and employer is not None and draw < 0.6:
            plan.decision = "match"
        plans.append(plan)

    # Conversations: the first report in each showcase language, then a few more.
    for plan in plans:
        if plan.urgent or plan.decision not in ("", "match"):
            continue
        age = (timezone.localdate(now) - timezone.localdate(plan.received_at)).days
        if age < 5:
            continue
        staff_text, reply = rng.choice(THREADS[plan.language])
        if plan.language in SHOWCASE_LANGUAGES and not any(p.showcase and p.language == plan.language for p in plans):
            plan.showcase = True
            plan.thread = [(False, staff_text, 2), (True, reply, 3)]
        elif sum(1 for p in plans if p.thread) < 9 and rng.random() < 0.3:
            plan.thread = [(False, staff_text, 1)] + ([(True, reply, 2)] if rng.random() < 0.5 else [])
    plans.sort(key=lambda p: (p.received_at, p.key))
    return plans


# Loading the plan ------------------------------------------------------------------


class _Staff:
    """The demo staff who triage, write to workers and manage escalations."""

    def __init__(self) -> None:
        self.by_role: dict[tuple[str, str], User] = {}
        users = User.objects.filter(email__endswith="@" + base.DEMO_DOMAIN, is_active=True).select_related("region")
        for user in users.order_by("pk").prefetch_related("roles"):
            for role in user.roles.all():
                if user.region is not None:
                    self.by_role.setdefault((role.code, user.region.code), user)

    def triager(self, region: str) -> User | None:
        return self.by_role.get((RoleCode.INTAKE_AGENT, region)) or self.by_role.get((RoleCode.TEAM_LEAD, region))

    def lead(self, region: str) -> User | None:
        return self.by_role.get((RoleCode.TEAM_LEAD, region))


def _at(day_offset: int, plan: PlannedReport, now: datetime, hour: int = 10) -> datetime:
    day = timezone.localdate(plan.received_at) + timedelta(days=day_offset)
    return min(datetime.combine(day, time(hour, 15), tzinfo=timezone.get_current_timezone()), now)


def _backdate(report: Report, plan: PlannedReport, now: datetime, today_year: int) -> None:
    """Move the report's day (and its reference's year) back to when the plan says it came in."""
    day = timezone.localdate(plan.received_at)
    reference = report.reference.replace(f"R-{today_year}-", f"R-{day.year}-", 1)
    Report.objects.filter(pk=report.pk).update(submitted_on=day, reference=reference)
    report.submitted_on, report.reference = day, reference


def _create(plan: PlannedReport, *, staff: _Staff, sectors: dict[str, Sector], now: datetime) -> tuple[Report, str]:
    region = REGION_OF_PROVINCE[plan.province]
    triager = staff.triager(region)
    code = receipts.new_receipt_code()
    fields = dict(plan.fields, sector=sectors.get(plan.naics))
    # A report taken in person names where: a service point of its province.
    point = (ServicePoint.objects.filter(active=True, province=plan.province).order_by("kind", "code").first()
             if plan.channel == Channel.IN_PERSON else None)
    report = submit_report(
        fields, plan.allegations, [], idempotency_key=plan.key, receipt_code=code,
        channel=plan.channel if point is not None or plan.channel != Channel.IN_PERSON else Channel.PHONE,
        language=plan.language, recorded_by=None if plan.channel == Channel.WEB else triager, service_point=point,
    ).report
    _backdate(report, plan, now, timezone.localdate(now).year)

    if plan.urgent is not None:
        _escalation(report, plan, staff, now)
    if plan.decision and triager is not None:
        decided_at = _at(2, plan, now, hour=14)
        if plan.decision == "match" and plan.register_employer:
            triage.match_employer(report, Employer.objects.get(pk=plan.register_employer), actor=triager)
            Report.objects.filter(pk=report.pk).update(triaged_at=decided_at)
        elif plan.decision in ClosingReason.values:
            rule = ExclusionRule.objects.filter(code="not-tfwp", active=True).first()
            reason = plan.decision if rule or plan.decision != ClosingReason.EXCLUSION else ClosingReason.NOT_ENOUGH
            triage.close_report(report, reason, actor=triager, now=decided_at,
                                exclusion_rule=rule if reason == ClosingReason.EXCLUSION else None,
                                partner=referrals.standards_body(report.employer_province))
    if triager is not None:
        for from_worker, text, day_offset in plan.thread:
            sent_at = _at(day_offset, plan, now, hour=19 if from_worker else 10)
            if from_worker:
                message = add_worker_message(report, text)
                Message.objects.filter(pk=message.pk).update(sent_on=timezone.localdate(sent_at))
                # The worker read the officer's messages before answering.
                report.messages.filter(from_worker=False, read_by_worker_on__isnull=True).update(
                    read_by_worker_on=timezone.localdate(sent_at))
            else:
                message = send_staff_message(report, text, actor=triager)
                Message.objects.filter(pk=message.pk).update(sent_on=timezone.localdate(sent_at), sent_at=sent_at)
    return report, code


def _escalation(report: Report, plan: PlannedReport, staff: _Staff, now: datetime) -> None:
    """Set the clock of the escalation the urgency answer opened to when the report
    came in; for a met one, record the measures and the referral as a lead would."""
    urgent = plan.urgent
    escalation = report.escalations.filter(met_at__isnull=True).first()
    if urgent is None or escalation is None:
        return
    opened = plan.received_at
    Escalation.objects.filter(pk=escalation.pk).update(
        opened_at=opened, target_at=opened + Escalation.TARGET, deadline_at=opened + Escalation.DEADLINE
    )
    escalation.refresh_from_db()
    lead = staff.lead(REGION_OF_PROVINCE[plan.province])
    if not urgent.measures or lead is None:
        return
    partner = (
        Partner.objects.filter(kind=Partner.Kind.OHS, province=plan.province, active=True).order_by("code").first()
        or Partner.objects.filter(code="other").first()
    )
    if partner is not None:
        referrals.refer(
            partner, means=Referral.Means.PHONE, communicated_at=opened + timedelta(hours=2, minutes=40),
            what=urgent.referral, reply=urgent.reply, reply_at=opened + timedelta(hours=6), actor=lead,
            escalation=escalation, now=now,
        )
    triage.record_measures(escalation, urgent.measures, actor=lead, now=opened + timedelta(hours=5, minutes=10))


def _reset_receipt(report: Report) -> str:
    """A new receipt code for a demo report whose code was lost (the demo
    receipts file, or the pepper, was removed): the demo's answer to a
    forgotten password."""
    code = receipts.new_receipt_code()
    lookup, verifier = receipts.hashes_for(code)
    Report.objects.filter(pk=report.pk).update(receipt_lookup=lookup, receipt_verifier=verifier)
    record(Action.UPDATE, obj=report, demo="receipt_code_reset")
    return code


@transaction.atomic
def build_demo_reports(count: int = DEFAULT_COUNT, *, seed: int = 2021, now: datetime | None = None) -> DemoReportsResult:
    """Create the demo reports that are not there yet; keep the receipt codes of
    the showcase reports in `receipts_file()`."""
    now = now or timezone.now()
    plans = plan_reports(count, seed=seed, now=now, employers=_employers())
    existing = {r.idempotency_key: r for r in Report.objects.filter(idempotency_key__in=[p.key for p in plans])}
    known = {row.reference: row for row in load_demo_receipts()}
    staff = _Staff()
    sectors = {s.naics_code: s for s in Sector.objects.all()}
    created = reset = 0
    showcase: list[DemoReceipt] = []
    for plan in plans:
        report = existing.get(plan.key)
        if report is None:
            report, code = _create(plan, staff=staff, sectors=sectors, now=now)
            created += 1
        elif plan.showcase and (
            report.reference not in known or receipts.check_receipt_code(known[report.reference].code) != report
        ):
            code = _reset_receipt(report)
            reset += 1
        else:
            code = known[report.reference].code if report.reference in known else ""
        if plan.showcase:
            showcase.append(DemoReceipt(plan.language, report.reference, code))
    showcase.sort(key=lambda r: SHOWCASE_LANGUAGES.index(r.language))
    if showcase != load_demo_receipts():
        _write_receipts(showcase)
    return DemoReportsResult(created=created, receipts=showcase, receipts_reset=reset)
