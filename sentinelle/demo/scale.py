# ruff: noqa: S311 - `random` shapes demo data here; nothing secret is drawn from it.
"""Demo data at scale: a national dataset for benchmarks and realistic demos.

`build(SCALES["national"])` gives 50,000 employers, 500,000 tip-line reports,
200,000 inspection cases with their status changes and decisions, and 2,000,000
activities over the last ten fiscal years (April to March), the current one ending
today. Everything is drawn from a seeded generator: the same seed and the same
`today` give the same data (without `today`, the present moment ends the period).

What makes it look like the program's caseload:
- employers spread over provinces (hence regions) and sectors like the demo
  register (`base.PROVINCE_WEIGHTS`, `base.SECTOR_WEIGHTS`); some employers are
  reported far more often than others;
- reports grow by about 8 % a year and follow the seasons of their sector:
  agriculture (NAICS 11x) peaks from June to August, seafood from May to September;
- a case goes through the real life cycle (new, assessed, assigned, in inspection,
  decision proposed, approved, closed, or excluded), each step after a realistic
  delay, so old cases are closed and recent ones are open; about one proposal in
  ten is returned once; the approver is a team lead, never the proposer;
- each region has enough investigators for a caseload of about 40 open cases each
  (the demo investigators included), and team leads and intake agents in proportion;
- in each region, one open case of the region's first investigator has exactly 50
  activities (the case page of the benchmark).

Speed: rows are written with plain multi-row inserts (`executemany` on SQLite,
`COPY` on PostgreSQL) with explicit primary keys, in batches of 20,000, each batch in
its own transaction, instead of building model instances. Nothing in it goes
through the services, so there are no audit events; the reports have no usable
receipt code (the verifier is not an Argon2 hash, so no code opens them: the
receipt-code hash is never computed), no attachments, messages or escalations.
On SQLite the load runs with `PRAGMA synchronous=OFF` on its own connection: a
crash or power cut during the load may corrupt the database, which is acceptable
for a demo generator and saves most of the time; it is set back to NORMAL after.

A load interrupted half-way leaves the rows of the batches already committed.
Loading again with the same seed adds nothing once the load is complete."""

from __future__ import annotations

import bisect
import math
import random
import time as clock
import uuid
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Any

from django.contrib.auth.hashers import make_password
from django.core.management.color import no_style
from django.db import connection, models, transaction
from django.utils import timezone

from sentinelle.accounts.models import Region, Role, RoleCode, User
from sentinelle.cases.models import Activity as ActivityModel
from sentinelle.cases.models import (
    ActivityKind,
    Case,
    CaseStatus,
    CaseTransition,
    Decision,
    DecisionStatus,
    Employer,
    Interviewee,
    Outcome,
    ReviewKind,
    Sector,
)
from sentinelle.demo import base, reports
from sentinelle.intake.facts import first_reports
from sentinelle.intake.models import (
    Channel,
    ClosingReason,
    ExclusionRule,
    Report,
    ReportAllegation,
    ReportStatus,
    ServicePoint,
)
from sentinelle.lib.crypto import keyring
from sentinelle.lib.geo import REGION_OF_PROVINCE
from sentinelle.lib.text import folded

BATCH = 20_000
CASELOAD = 40  # open cases per investigator
SHOWCASE_ACTIVITIES = 50
SCALE_DOMAIN = "scale.demo.sentinelle.example"
_KEY_NAMESPACE = uuid.UUID("0b7c4f0e-6a55-4d0c-8f43-2b1d7e9a1c55")
_REF_ALPHABET = "ACDEFGHJKMNPQRTUVWXY3479"
DAY = 86_400


@dataclass(frozen=True)
class Scale:
    employers: int
    reports: int
    cases: int
    activities: int
    years: int = 10

    def times(self, factor: float) -> Scale:
        return Scale(
            employers=max(10, round(self.employers * factor)),
            reports=max(20, round(self.reports * factor)),
            cases=max(8, round(self.cases * factor)),
            activities=max(8 * SHOWCASE_ACTIVITIES, round(self.activities * factor)),
            years=self.years,
        )


NATIONAL = Scale(employers=50_000, reports=500_000, cases=200_000, activities=2_000_000)
SCALES = {"national": NATIONAL, "small": NATIONAL.times(0.01)}


def parse_scale(text: str) -> Scale:
    """"national", "small", or a factor of the national scale ("0.1": a tenth)."""
    if text in SCALES:
        return SCALES[text]
    try:
        factor = float(text)
    except ValueError:
        raise ValueError(f"unknown scale {text!r}: national, small or a number such as 0.1") from None
    if not 0 < factor <= 10 or math.isnan(factor):
        raise ValueError("the scale factor must be above 0 and at most 10")
    return NATIONAL.times(factor)


@dataclass
class Result:
    employers: int = 0
    reports: int = 0
    cases: int = 0
    activities: int = 0
    transitions: int = 0
    decisions: int = 0
    staff: int = 0
    seconds: float = 0.0
    already_there: bool = False
    showcase: dict[str, str] = field(default_factory=dict)  # region code -> case reference


# Seasons: relative volume of reports per month (January first) by kind of sector.
SEASONS: dict[str, tuple[float, ...]] = {
    "agriculture": (2, 2, 3, 5, 9, 14, 16, 15, 10, 6, 3, 2),
    "seafood": (1, 1, 2, 5, 12, 14, 14, 13, 10, 5, 2, 1),
    "canning": (3, 3, 3, 4, 5, 6, 8, 12, 13, 10, 5, 3),
    "construction": (5, 5, 6, 8, 10, 11, 11, 11, 10, 9, 7, 5),
    "steady": (8, 8, 9, 9, 9, 9, 9, 9, 9, 9, 8, 8),
}
YEARLY_GROWTH = 1.08


def season_of(naics: str) -> str:
    if naics.startswith("11"):
        return "agriculture"
    return {"3117": "seafood", "3114": "canning", "2361": "construction", "2382": "construction"}.get(
        naics, "steady"
    )


LANGUAGES_BY_REGION = {
    "QC": {"fr": 55, "es": 35, "en": 5, "tl": 5},
    "ON": {"es": 45, "en": 25, "tl": 25, "fr": 5},
    "ATL": {"en": 45, "es": 25, "fr": 20, "tl": 10},
    "WST": {"tl": 35, "en": 35, "es": 30},
}
CLOSING_WEIGHTS = {ClosingReason.NOT_ENOUGH: 40, ClosingReason.DUPLICATE: 25, ClosingReason.NO_JURISDICTION: 25,
                   ClosingReason.EXCLUSION: 10}
OUTCOME_WEIGHTS = {Outcome.COMPLIANT: 33, Outcome.JUSTIFIED: 15, Outcome.WARNING: 30, Outcome.PENALTY: 19,
                   Outcome.BAN: 3}
ACTIVITY_WEIGHTS = {ActivityKind.NOTE: 25, ActivityKind.PHONE_CALL: 20, ActivityKind.INTERVIEW: 15,
                    ActivityKind.DOCUMENT_REQUEST: 12, ActivityKind.TASK: 10, ActivityKind.INSPECTION: 8,
                    ActivityKind.REVIEW: 5}

FIRST_NAMES = ["Julie", "Marc", "Sophie", "Karim", "Émilie", "Vincent", "Anne", "Mathieu", "Chantal", "Louis",
               "Aisha", "Kevin", "Jennifer", "Raj", "Mei", "Tyler", "Ashley", "Gurpreet", "Omar", "Lucy",
               "Hélène", "François", "Noémie", "Patrick", "Rebecca", "Thomas", "Nadia", "Samuel", "Laura", "Ian"]
LAST_NAMES = ["Bélanger", "Lévesque", "Ouellet", "Paquette", "Boucher", "Caron", "Poirier", "Hébert", "Cormier",
              "Smith", "Brown", "Wilson", "Campbell", "Stewart", "Singh", "Li", "Patel", "Kowalski", "Hughes",
              "Martin", "Nguyen", "Ahmed", "Fraser", "Dhillon", "Johnson", "Robichaud", "Landry", "Arsenault"]
# Employer names: a family or place name and a trade word, as in the register.
PLACE_WORDS_FR = ["du Nord", "des Érables", "de la Vallée", "Saint-Laurent", "du Lac", "des Prés", "Bellevue",
                  "de l'Estrie", "des Cantons", "du Rang Sud", "L'Érablière", "Beauséjour"]
PLACE_WORDS_EN = ["Valley", "Northern", "Lakeview", "Maple Ridge", "Prairie", "Harbour", "Golden Acres",
                  "Riverside", "Sunrise", "Fraser", "Heritage", "Bluewater"]
FAMILY_FR = [*base.FAMILY_NAMES_FR, "Côté", "Lévesque", "Bouchard", "Gagné", "Thériault", "Desjardins", "Ménard",
             "Boisvert", "Lemieux", "Bérubé", "Séguin", "Guérin", "Brisebois", "Ouimet"]
FAMILY_EN = [*base.FAMILY_NAMES_EN, "Dueck", "Klassen", "Gill", "Dhaliwal", "MacKenzie", "Janzen", "Vandermeer",
             "Schmidt", "Bakker", "Thiessen", "Grewal", "DeVries", "Murphy", "Rossi"]
STREETS_FR = ["chemin", "rang", "rue", "route", "boulevard"]
STREETS_EN = ["Road", "Concession", "Street", "Line", "Highway"]

NOTES = {
    "fr": {
        ActivityKind.NOTE: ["Dossier relu; pièces à compléter.", "Plainte semblable reçue l'an dernier.",
                            "Travailleurs joints par l'entremise d'un organisme communautaire."],
        ActivityKind.PHONE_CALL: ["Appel à l'employeur : rendez-vous fixé.", "Appel au travailleur : faits confirmés.",
                                  "Message laissé au gestionnaire des ressources humaines."],
        ActivityKind.INTERVIEW: ["Entrevue menée avec un interprète.", "Déclaration signée, copie au dossier."],
        ActivityKind.DOCUMENT_REQUEST: ["Registres de paie et feuilles de temps demandés.",
                                        "Contrats de travail et baux demandés."],
        ActivityKind.TASK: ["Comparer les talons de paie aux heures déclarées.", "Préparer la visite des logements."],
        ActivityKind.INSPECTION: ["Visite des lieux de travail et des logements."],
        ActivityKind.REVIEW: ["Revue du dossier avant la décision."],
    },
    "en": {
        ActivityKind.NOTE: ["File reviewed; documents still missing.", "A similar complaint came in last year.",
                            "Workers reached through a community organisation."],
        ActivityKind.PHONE_CALL: ["Called the employer: meeting booked.", "Called the worker: facts confirmed.",
                                  "Left a message for the HR manager."],
        ActivityKind.INTERVIEW: ["Interview held with an interpreter.", "Signed statement, copy on file."],
        ActivityKind.DOCUMENT_REQUEST: ["Payroll records and timesheets requested.",
                                        "Employment contracts and leases requested."],
        ActivityKind.TASK: ["Compare pay stubs with the hours reported.", "Prepare the housing inspection."],
        ActivityKind.INSPECTION: ["Visit of the workplace and the housing."],
        ActivityKind.REVIEW: ["Review of the file before the decision."],
    },
}
FINDINGS = {"fr": ["Heures non payées constatées.", "Logement non conforme.", "Aucune irrégularité constatée."],
            "en": ["Unpaid hours found.", "Housing below standard.", "No irregularity found."]}
GROUNDS = {"fr": "Constats de l'inspection et documents de l'employeur.",
           "en": "Findings of the inspection and the employer's documents."}
RETURNED = {"fr": "Préciser le calcul des heures non payées.", "en": "Please detail how the unpaid hours were counted."}


def _weighted[K](rng: random.Random, weights: Mapping[K, float]) -> K:
    return rng.choices(list(weights), weights=list(weights.values()))[0]


class _Calendar:
    """Times as whole seconds since midnight UTC of the first day, and the months
    of the period with the weight of each kind of season."""

    def __init__(self, today: date, years: int, now: datetime | None = None) -> None:
        first_year = (today.year if today.month >= 4 else today.year - 1) - (years - 1)
        self.start = date(first_year, 4, 1)
        self.days = (today - self.start).days + 1
        self.now = self.days * DAY - 1  # the end of today, or the present moment
        if now is not None:
            midnight = datetime(first_year, 4, 1, tzinfo=UTC)
            self.now = min(self.now, int((now - midnight).total_seconds()))
        self.iso = [(self.start + timedelta(days=d)).isoformat() for d in range(self.days + 400)]
        bins: list[tuple[int, int, int, int]] = []  # (first day, days, month, year index)
        day = 0
        while day < self.days:
            current = self.start + timedelta(days=day)
            following = date(current.year + current.month // 12, current.month % 12 + 1, 1)
            length = min((following - current).days, self.days - day)
            bins.append((day, length, current.month, (current - self.start).days // 365))
            day += length
        self.bins = bins
        self.cumulative: dict[str, list[float]] = {}
        for name, months in SEASONS.items():
            total, cumulative = 0.0, []
            for _first, length, month, year in bins:
                total += months[month - 1] * length * YEARLY_GROWTH**year
                cumulative.append(total)
            self.cumulative[name] = cumulative

    def report_day(self, rng: random.Random, season: str) -> int:
        cumulative = self.cumulative[season]
        index = bisect.bisect_right(cumulative, rng.random() * cumulative[-1])
        first, length, _month, _year = self.bins[min(index, len(self.bins) - 1)]
        return first + int(rng.random() * length)

    def year_of(self, day: int) -> str:
        return self.iso[day][:4]


class _Writer:
    """Plain inserts with explicit keys: COPY on PostgreSQL, executemany elsewhere."""

    def __init__(self) -> None:
        self.postgres = connection.vendor == "postgresql"
        self.suffix = "+00" if self.postgres else ""

    def insert(self, model: type[models.Model], columns: Sequence[str], rows: Iterable[Sequence[Any]]) -> int:
        table = connection.ops.quote_name(model._meta.db_table)
        names = ", ".join(connection.ops.quote_name(c) for c in columns)
        count = 0
        batch: list[Sequence[Any]] = []
        for row in rows:
            batch.append(row)
            if len(batch) >= BATCH:
                self._flush(table, names, len(columns), batch)
                count += len(batch)
                batch = []
        if batch:
            self._flush(table, names, len(columns), batch)
            count += len(batch)
        return count

    def _flush(self, table: str, names: str, width: int, rows: list[Sequence[Any]]) -> None:
        with transaction.atomic(), connection.cursor() as cursor:
            if self.postgres:
                with cursor.cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy:
                    for row in rows:
                        copy.write_row(row)
            else:
                marks = ", ".join(["%s"] * width)
                cursor.executemany(f"INSERT INTO {table} ({names}) VALUES ({marks})", rows)  # noqa: S608


def _next_id(model: type[models.Model]) -> int:
    last = model.objects.aggregate(m=models.Max("pk"))["m"]  # type: ignore[attr-defined]
    return int(last or 0) + 1


@dataclass
class _Staff:
    investigators: dict[str, list[int]]
    team_leads: dict[str, list[int]]
    intake_agents: dict[str, list[int]]
    created: int


def _ensure_staff(rng: random.Random, regions: dict[str, int], open_assigned: Counter[str]) -> _Staff:
    """Investigators for a caseload of about CASELOAD open cases each (the demo
    investigators of the region first), one team lead for eight investigators,
    one intake agent for ten. Accounts made here have no usable password."""
    roles = {r.code: r.pk for r in Role.objects.all()}
    through = User.roles.through
    staff: dict[str, dict[str, list[int]]] = {RoleCode.INVESTIGATOR: {}, RoleCode.TEAM_LEAD: {},
                                               RoleCode.INTAKE_AGENT: {}}
    created = 0
    for code, region_id in regions.items():
        investigators = max(1, round(open_assigned[code] / CASELOAD))
        wanted = {RoleCode.INVESTIGATOR: investigators, RoleCode.TEAM_LEAD: max(1, investigators // 8),
                  RoleCode.INTAKE_AGENT: max(1, investigators // 10)}
        for role, count in wanted.items():
            existing = list(
                User.objects.filter(region_id=region_id, roles__code=role, is_active=True)
                .filter(models.Q(email__endswith="@" + base.DEMO_DOMAIN) | models.Q(email__endswith="@" + SCALE_DOMAIN))
                .order_by("email" if role != RoleCode.INVESTIGATOR else "date_joined", "pk")
                .values_list("pk", "email")
            )
            # The demo accounts (who can sign in) first.
            existing.sort(key=lambda row: not row[1].endswith("@" + base.DEMO_DOMAIN))
            ids = [pk for pk, _email in existing][:count]
            new_users = []
            for n in range(len(existing), count):
                first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
                email = f"{role.replace('_', '-')}.{code.lower()}.{n + 1:04d}@{SCALE_DOMAIN}"
                new_users.append(User(email=email, full_name=f"{first} {last}", region_id=region_id,
                                      preferred_language="fr" if code == "QC" else "en",
                                      password=make_password(None)))
            if new_users:
                made = User.objects.bulk_create(new_users)
                if any(u.pk is None for u in made):  # backends that do not return keys
                    made = list(User.objects.filter(email__in=[u.email for u in new_users]).order_by("email"))
                through.objects.bulk_create([through(user_id=u.pk, role_id=roles[role]) for u in made])
                ids.extend(u.pk for u in made)
                created += len(made)
            staff[role][code] = ids
    return _Staff(staff[RoleCode.INVESTIGATOR], staff[RoleCode.TEAM_LEAD], staff[RoleCode.INTAKE_AGENT], created)


@dataclass
class _Case:
    """One case while it is drawn: its stages as times (seconds), None when not reached."""

    id: int
    report: int
    employer: int
    region: str
    opened: int
    assessed: int | None = None
    assigned: int | None = None
    inspection: int | None = None
    proposed: int | None = None
    returned: int | None = None  # first proposal sent back, then proposed again at `proposed`
    first_proposed: int | None = None
    approved: int | None = None
    closed: int | None = None
    excluded: int | None = None
    status: str = CaseStatus.NEW.value
    investigator: int | None = None
    lead: int = 0
    activities: int = 0


def _life_cycle(rng: random.Random, case: _Case, now: int) -> None:
    """Draw the delay of each step; the status is the last step reached by now."""

    def after(t: int, mean_days: float, least_days: float) -> int | None:
        nxt = t + int((least_days + rng.expovariate(1 / mean_days)) * DAY)
        return nxt if nxt <= now else None

    def stop(status: str) -> None:
        case.status = status

    case.assessed = after(case.opened, 4, 0.5)
    if case.assessed is None:
        return stop(CaseStatus.NEW)
    if rng.random() < 0.09:
        case.excluded = after(case.assessed, 3, 0.2)
        if case.excluded is not None:
            return stop(CaseStatus.EXCLUDED)
    case.assigned = after(case.assessed, 8, 1)
    if case.assigned is None:
        return stop(CaseStatus.ASSESSED)
    case.inspection = after(case.assigned, 14, 2)
    if case.inspection is None:
        return stop(CaseStatus.ASSIGNED)
    case.proposed = after(case.inspection, 60, 20)
    if case.proposed is None:
        return stop(CaseStatus.IN_INSPECTION)
    if rng.random() < 0.1:
        case.first_proposed = case.proposed
        case.returned = after(case.proposed, 5, 1)
        if case.returned is None:
            case.first_proposed = None
            return stop(CaseStatus.DECISION_PROPOSED)
        case.proposed = after(case.returned, 15, 3)
        if case.proposed is None:
            return stop(CaseStatus.IN_INSPECTION)
    case.approved = after(case.proposed, 7, 1)
    if case.approved is None:
        return stop(CaseStatus.DECISION_PROPOSED)
    case.closed = after(case.approved, 10, 1)
    if case.closed is None:
        return stop(CaseStatus.DECISION_APPROVED)
    return stop(CaseStatus.CLOSED)


ACTIVITY_WEIGHT_BY_STATUS: dict[str, float] = {
    CaseStatus.NEW: 0.3, CaseStatus.ASSESSED: 1, CaseStatus.EXCLUDED: 0.5, CaseStatus.ASSIGNED: 2,
    CaseStatus.IN_INSPECTION: 6, CaseStatus.DECISION_PROPOSED: 9, CaseStatus.DECISION_APPROVED: 10,
    CaseStatus.CLOSED: 10,
}


def report_key(seed: int, number: int) -> str:
    return uuid.uuid5(_KEY_NAMESPACE, f"{seed}:{number}").hex


def _references(rng: random.Random, prefix: str, taken: set[str]) -> Callable[[str], str]:
    def new(year: str) -> str:
        while True:
            reference = f"{prefix}-{year}-{''.join(rng.choices(_REF_ALPHABET, k=8))}"
            if reference not in taken:
                taken.add(reference)
                return reference

    return new


def build(scale: Scale, *, seed: int = 2021, today: date | None = None,
          log: Callable[[str], None] | None = None) -> Result:
    """Build the dataset; see the module's docstring. `log` receives progress lines."""
    started = clock.monotonic()
    say = log or (lambda _line: None)
    result = Result()
    if scale.cases > scale.reports:
        raise ValueError("a scale needs at least as many reports as cases")
    if Report.objects.filter(idempotency_key=report_key(seed, scale.reports - 1)).exists():
        result.already_there = True
        return result
    rng = random.Random(seed)
    present = None if today else timezone.now()
    today = today or timezone.localdate()
    calendar = _Calendar(today, scale.years, present)
    writer = _Writer()
    region_ids = {r.code: r.pk for r in Region.objects.exclude(code="HQ")}
    sectors = {s.naics_code: s.pk for s in Sector.objects.all()}
    sector_weights: dict[str, float] = {code: w for code, w in base.SECTOR_WEIGHTS.items() if code in sectors} or (
        dict.fromkeys(sectors, 1.0))
    exclusion_rules = list(ExclusionRule.objects.filter(active=True).values_list("pk", flat=True))

    # See the module's docstring: fast and unsafe against crashes, for the load only
    # (SQLite refuses the change inside a transaction: then it loads at the usual pace).
    unsafe = connection.vendor == "sqlite" and not connection.in_atomic_block
    if unsafe:
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA synchronous=OFF")
            cursor.execute("PRAGMA cache_size=-262144")
            cursor.execute("PRAGMA temp_store=MEMORY")
    try:
        _build(scale, seed, rng, calendar, writer, region_ids, sectors, sector_weights,
               exclusion_rules, result, say)
    finally:
        if unsafe:
            with connection.cursor() as cursor:
                cursor.execute("PRAGMA synchronous=NORMAL")
    result.seconds = clock.monotonic() - started
    return result


def _build(scale: Scale, seed: int, rng: random.Random, calendar: _Calendar, writer: _Writer,
           region_ids: dict[str, int], sectors: dict[str, int],
           sector_weights: Mapping[str, float], exclusion_rules: list[int], result: Result,
           say: Callable[[str], None]) -> None:
    dt = writer.suffix
    iso = calendar.iso

    def stamp(t: int) -> str:
        s = t % DAY
        return f"{iso[t // DAY]} {s // 3600:02d}:{s // 60 % 60:02d}:{s % 60:02d}{dt}"

    def office_time(day: int) -> int:
        # 8:00 to 17:00 Eastern, as UTC.
        return day * DAY + 12 * 3600 + int(rng.random() * 9 * 3600)

    # Employers ---------------------------------------------------------------------
    t0 = clock.monotonic()
    first_employer = _next_id(Employer)
    emp_region: list[str] = []
    emp_naics: list[str] = []
    emp_name: list[str] = []
    emp_city: list[str] = []
    emp_province: list[str] = []
    emp_french: list[bool] = []
    provinces = list(base.PROVINCE_WEIGHTS)
    province_cum = list(_cumulate(base.PROVINCE_WEIGHTS.values()))
    naics_list = list(sector_weights)
    naics_cum = list(_cumulate(sector_weights.values()))

    def employer_rows() -> Iterable[tuple[Any, ...]]:
        now_text = stamp(calendar.now - DAY)
        for i in range(scale.employers):
            province = rng.choices(provinces, cum_weights=province_cum)[0]
            naics = rng.choices(naics_list, cum_weights=naics_cum)[0]
            french = province == "QC" or (province == "NB" and rng.random() < 0.35)
            trade_en, trade_fr = base.TRADE_WORDS.get(naics, ("Enterprises", "Entreprises"))
            if french:
                family = rng.choice(FAMILY_FR)
                operating = f"{trade_fr} {family}" if rng.random() < 0.6 else f"{trade_fr} {rng.choice(PLACE_WORDS_FR)}"
                legal = f"{operating} inc." if rng.random() < 0.7 else f"{rng.randrange(9000, 9999)}-{rng.randrange(1000, 9999)} Québec inc."
            else:
                family = rng.choice(FAMILY_EN)
                operating = f"{family} {trade_en}" if rng.random() < 0.6 else f"{rng.choice(PLACE_WORDS_EN)} {trade_en}"
                legal = f"{operating} Ltd." if rng.random() < 0.7 else f"{rng.randrange(1000000, 2999999)} {province} Ltd."
            if legal.startswith(operating):
                operating = "" if rng.random() < 0.5 else operating
            city = rng.choice(base.CITIES[province])
            region = REGION_OF_PROVINCE[province]
            emp_region.append(region)
            emp_naics.append(naics)
            emp_name.append(operating or legal)
            emp_city.append(city)
            emp_province.append(province)
            emp_french.append(french)
            street = (f"{rng.randrange(1, 9999)}, {rng.choice(STREETS_FR)} {rng.choice(PLACE_WORDS_FR)}" if french
                      else f"{rng.randrange(1, 9999)} {rng.choice(PLACE_WORDS_EN)} {rng.choice(STREETS_EN)}")
            yield (
                first_employer + i, legal, operating, f"{rng.randrange(10**8, 10**9)}RP{rng.randrange(1, 10):04d}",
                sectors[naics], region_ids[region], street, city, province, "",
                f"{reports.AREA_CODES.get(province, '613')}-555-{rng.randrange(100, 200):04d}",
                now_text, folded(f"{legal} | {operating}"), None,
            )

    result.employers = writer.insert(Employer, [
        "id", "legal_name", "operating_name", "business_number", "sector_id", "region_id", "street_address",
        "city", "province", "postal_code", "phone", "created_at", "search_name", "merged_into_id",
    ], employer_rows())
    say(f"{result.employers} employers in {clock.monotonic() - t0:.1f} s")

    # Reports, drawn first (day, employer, sector); written once the cases are known.
    t0 = clock.monotonic()
    n_emp = scale.employers
    rep_day: list[int] = []
    rep_emp: list[int] = []  # index in the employers above, -1: not in the register
    rep_naics: list[str] = []
    for _ in range(scale.reports):
        if rng.random() < 0.85:
            # Some employers are reported far more often than others.
            e = min(n_emp - 1, int(n_emp * rng.random() ** 1.7))
            naics = emp_naics[e]
        else:
            e = -1
            naics = rng.choices(naics_list, cum_weights=naics_cum)[0]
        rep_emp.append(e)
        rep_naics.append(naics)
        rep_day.append(calendar.report_day(rng, season_of(naics)))
    order = sorted(range(scale.reports), key=rep_day.__getitem__)  # reports are numbered by date

    # Cases: one report in the register opens each, in date order.
    in_register = [r for r in order if rep_emp[r] >= 0]
    if len(in_register) < scale.cases:
        in_register = order
    openers = sorted(rng.sample(in_register, scale.cases), key=rep_day.__getitem__)
    first_case = _next_id(Case)
    cases: list[_Case] = []
    case_of_report: dict[int, int] = {}
    for k, r in enumerate(openers):
        e = rep_emp[r] if rep_emp[r] >= 0 else rng.randrange(n_emp)
        rep_emp[r] = e
        opened = min(office_time(rep_day[r] + rng.choice((0, 1, 1, 2, 3, 5))), calendar.now - 3600)
        case = _Case(id=first_case + k, report=r, employer=e, region=emp_region[e], opened=opened)
        _life_cycle(rng, case, calendar.now)
        cases.append(case)
        case_of_report[r] = k
    open_assigned: Counter[str] = Counter(
        c.region for c in cases
        if c.status in (CaseStatus.ASSIGNED, CaseStatus.IN_INSPECTION, CaseStatus.DECISION_PROPOSED,
                        CaseStatus.DECISION_APPROVED)
    )
    say(f"{scale.cases} case life cycles drawn in {clock.monotonic() - t0:.1f} s")

    staff = _ensure_staff(rng, region_ids, open_assigned)
    result.staff = staff.created

    # Who works on what: open cases shared out evenly, so each investigator of a
    # region has about the same caseload; older cases to anyone of the region.
    turn: Counter[str] = Counter()
    for case in cases:
        case.lead = rng.choice(staff.team_leads[case.region])
        if case.assigned is None:
            continue
        pool = staff.investigators[case.region]
        if case.closed is None and case.excluded is None:
            case.investigator = pool[turn[case.region] % len(pool)]
            turn[case.region] += 1
        else:
            case.investigator = rng.choice(pool)

    # One open case in inspection per region, of its first investigator, gets 50 activities.
    showcase: dict[str, _Case] = {}
    for case in reversed(cases):
        first = staff.investigators[case.region][0]
        if case.region not in showcase and case.status == CaseStatus.IN_INSPECTION and case.investigator == first:
            showcase[case.region] = case
    for code in region_ids:
        if code not in showcase:
            fallback = [c for c in cases if c.region == code and c.investigator is not None] or [
                c for c in cases if c.region == code]
            if fallback:
                showcase[code] = fallback[-1]
    chosen = {id(c) for c in showcase.values()}
    budget = scale.activities - SHOWCASE_ACTIVITIES * len(chosen)
    weights = [0.0 if id(c) in chosen else ACTIVITY_WEIGHT_BY_STATUS[c.status] * (0.5 + rng.random())
               for c in cases]
    total = sum(weights) or 1.0
    for case, w in zip(cases, weights, strict=True):
        case.activities = SHOWCASE_ACTIVITIES if id(case) in chosen else int(budget * w / total)
    shortfall = scale.activities - sum(c.activities for c in cases)
    others = [c for c in cases if id(c) not in chosen]
    for case in rng.sample(others, min(max(shortfall, 0), len(others))):
        case.activities += 1

    # Cases --------------------------------------------------------------------------
    t0 = clock.monotonic()
    taken = set(Case.objects.values_list("reference", flat=True))
    case_reference = _references(rng, "C", taken)
    summaries = {language: list(reports.STORIES[language]) for language in ("fr", "en")}

    def language_of(case: _Case) -> str:
        return "fr" if emp_french[case.employer] else "en"

    references: list[str] = []

    def case_rows() -> Iterable[tuple[Any, ...]]:
        for case in cases:
            language = language_of(case)
            reference = case_reference(calendar.year_of(case.opened // DAY))
            references.append(reference)
            story = rng.choice(summaries[language])
            summary = reports._fill(rng, story, language, emp_naics[case.employer])
            transitions = sum(t is not None for t in (case.assessed, case.assigned, case.inspection, case.proposed,
                                                      case.first_proposed, case.returned, case.approved,
                                                      case.closed, case.excluded))
            permit = iso[min(case.opened // DAY + rng.randrange(60, 700), len(iso) - 1)] if rng.random() < 0.6 else None
            yield (
                case.id, reference, emp_first(case.employer), sectors[emp_naics[case.employer]],
                emp_province[case.employer], region_ids[case.region], case.status,
                stamp(case.opened), rng.choice(staff.intake_agents[case.region]), rng.randrange(10, 95),
                summary, "" if case.assessed is None else ("Risque élevé; à inspecter." if language == "fr"
                                                           else "High risk; to be inspected."),
                case.investigator, permit, None,
                _opt(stamp, case.assessed), _opt(stamp, case.assigned), _opt(stamp, case.inspection),
                _opt(stamp, case.proposed), _opt(stamp, case.approved), _opt(stamp, case.closed or case.excluded),
                rng.choice(exclusion_rules) if case.excluded is not None and exclusion_rules else None, None,
                1 + transitions,
            )

    def emp_first(e: int) -> int:
        return first_employer + e

    # The case's sector and province are its employer's (the database checks them: `Case.sector`).
    result.cases = writer.insert(Case, [
        "id", "reference", "employer_id", "sector_id", "province", "region_id", "status", "opened_at", "opened_by_id", "risk_score",
        "summary", "assessment", "assigned_to_id", "work_permit_valid_until", "permanent_residence_on",
        "assessed_at", "assigned_at", "inspection_started_at", "decision_proposed_at", "decision_approved_at",
        "closed_at", "exclusion_rule_id", "transferred_to_id", "version",
    ], case_rows())
    result.showcase = {code: references[c.id - first_case] for code, c in showcase.items()}
    say(f"{result.cases} cases in {clock.monotonic() - t0:.1f} s")

    # Status changes and decisions ------------------------------------------------------
    t0 = clock.monotonic()
    S = CaseStatus

    def transition_rows() -> Iterable[tuple[Any, ...]]:
        for case in cases:
            inv = case.investigator
            steps: list[tuple[str, str, int | None, int | None]] = [
                (S.NEW, S.ASSESSED, case.lead, case.assessed),
                (S.ASSESSED, S.EXCLUDED, case.lead, case.excluded),
                (S.ASSESSED, S.ASSIGNED, case.lead, case.assigned),
                (S.ASSIGNED, S.IN_INSPECTION, inv, case.inspection),
                (S.IN_INSPECTION, S.DECISION_PROPOSED, inv, case.first_proposed),
                (S.DECISION_PROPOSED, S.IN_INSPECTION, case.lead, case.returned),
                (S.IN_INSPECTION, S.DECISION_PROPOSED, inv, case.proposed),
                (S.DECISION_PROPOSED, S.DECISION_APPROVED, case.lead, case.approved),
                (S.DECISION_APPROVED, S.CLOSED, case.lead, case.closed),
            ]
            for source, target, by, at in steps:
                if at is not None and by is not None:
                    yield case.id, str(source), str(target), by, stamp(at), ""

    result.transitions = writer.insert(CaseTransition, ["case_id", "source", "target", "by_id", "at", "note"],
                                       transition_rows())

    def decision_rows() -> Iterable[tuple[Any, ...]]:
        for case in cases:
            if case.proposed is None or case.investigator is None:
                continue
            language = language_of(case)
            region = region_ids[case.region]
            if case.first_proposed is not None:
                yield (case.id, _weighted(rng, OUTCOME_WEIGHTS), GROUNDS[language], None, None,
                       DecisionStatus.RETURNED, case.investigator, stamp(case.first_proposed), None, None,
                       RETURNED[language], region)
            outcome = _weighted(rng, OUTCOME_WEIGHTS)
            amount = f"{rng.choice((500, 1000, 2500, 5000, 10000, 25000, 50000, 100000))}.00" \
                if outcome == Outcome.PENALTY else None
            years = rng.choice((1, 2, 5)) if outcome == Outcome.BAN else None
            approved = case.approved is not None
            yield (case.id, outcome, GROUNDS[language], amount, years,
                   DecisionStatus.APPROVED if approved else DecisionStatus.PROPOSED, case.investigator,
                   stamp(case.proposed), case.lead if approved else None, _opt(stamp, case.approved), "", region)

    result.decisions = writer.insert(Decision, [
        "case_id", "outcome", "grounds", "penalty_amount", "ban_years", "status", "proposed_by_id", "proposed_at",
        "approved_by_id", "approved_at", "returned_reason", "region_id",
    ], decision_rows())
    say(f"{result.transitions} status changes and {result.decisions} decisions in {clock.monotonic() - t0:.1f} s")

    # Activities ----------------------------------------------------------------------
    t0 = clock.monotonic()
    kinds = list(ACTIVITY_WEIGHTS)
    kind_cum = list(_cumulate(ACTIVITY_WEIGHTS.values()))
    interviewees = [Interviewee.WORKER, Interviewee.WORKER, Interviewee.EMPLOYER, Interviewee.WITNESS]

    def activity_rows() -> Iterable[tuple[Any, ...]]:
        for case in cases:
            if not case.activities:
                continue
            language = language_of(case)
            notes = NOTES[language]
            author = case.investigator or case.lead
            start = case.opened
            end = min(case.closed or case.excluded or calendar.now, calendar.now)
            span = max(end - start, 3600)
            for kind in rng.choices(kinds, cum_weights=kind_cum, k=case.activities):
                at = start + int(rng.random() * span)
                when = stamp(at)
                interviewee = place = participants = findings = review = ""
                announced = due = received = owner = done = None
                if kind == ActivityKind.INTERVIEW:
                    interviewee = rng.choice(interviewees)
                elif kind == ActivityKind.INSPECTION:
                    announced = rng.random() < 0.4
                    place = emp_city[case.employer]
                    participants = "2"
                    findings = rng.choice(FINDINGS[language])
                elif kind in (ActivityKind.DOCUMENT_REQUEST, ActivityKind.TASK):
                    due_day = at // DAY + 14
                    due = iso[due_day]
                    if kind == ActivityKind.TASK:
                        owner = author
                        if due_day * DAY < calendar.now and rng.random() < 0.85:
                            done = stamp(min(at + rng.randrange(DAY, 14 * DAY), calendar.now))
                    elif due_day * DAY < calendar.now and rng.random() < 0.75:
                        received = iso[at // DAY + rng.randrange(3, 20)]
                elif kind == ActivityKind.REVIEW:
                    review = ReviewKind.INTERNAL if rng.random() < 0.8 else ReviewKind.EXTERNAL
                yield (case.id, kind, when, author, rng.choice(notes[kind]), when, when, interviewee, announced,
                       place, participants, findings, due, received, owner, done, review, None, None, 1)

    result.activities = writer.insert(ActivityModel, [
        "case_id", "kind", "occurred_at", "author_id", "notes", "created_at", "updated_at", "interviewee",
        "announced", "place", "participants", "findings", "due_on", "received_on", "owner_id", "done_at",
        "review_kind", "escalation_id", "referral_id", "version",
    ], activity_rows())
    say(f"{result.activities} activities in {clock.monotonic() - t0:.1f} s")

    # Reports and their allegations ------------------------------------------------------
    t0 = clock.monotonic()
    first_report = _next_id(Report)
    report_reference = _references(rng, "R", set(Report.objects.values_list("reference", flat=True)))
    stories: dict[tuple[str, str], list[tuple[str, tuple[str, ...], tuple[str, ...]]]] = {}

    def story_for(language: str, naics: str) -> tuple[str, tuple[str, ...], tuple[str, ...]]:
        pool = stories.get((language, naics))
        if pool is None:
            fitting = [s for s in reports.STORIES[language] if naics in s.sectors] or reports.STORIES[language]
            pool = [(reports._fill(rng, s, language, naics), s.allegations, s.workers)
                    for s in fitting for _ in range(4)]
            stories[(language, naics)] = pool
        return rng.choice(pool)

    languages = {code: (list(w), list(_cumulate(w.values()))) for code, w in LANGUAGES_BY_REGION.items()}
    channels = list(reports.CHANNEL_WEIGHTS)
    channel_cum = list(_cumulate(reports.CHANNEL_WEIGHTS.values()))
    since = list(reports.SINCE_WEIGHTS)
    since_cum = list(_cumulate(reports.SINCE_WEIGHTS.values()))
    # The latest case of each employer, as reports come in date order.
    latest_case: dict[int, _Case] = {}
    allegation_rows: list[tuple[int, str]] = []

    # Rows bypass the model fields: what they would encrypt is encrypted here
    # (sentinelle/lib/fields.py), with the ring's primary key and the column's binding.
    ring = keyring()
    report_table = Report._meta.db_table

    def seal(plain: str, column: str) -> str:
        return ring.encrypt(plain, f"{report_table}.{column}")

    # A report taken in person names a service point of its province (no draw: the stream stays the same).
    points_of: dict[str, list[int]] = {}
    for point_pk, point_province in ServicePoint.objects.filter(active=True).order_by(
            "province", "code").values_list("pk", "province"):
        points_of.setdefault(point_province, []).append(point_pk)

    def report_rows() -> Iterable[tuple[Any, ...]]:
        for number, r in enumerate(order):
            rid = first_report + number
            day = rep_day[r]
            e = rep_emp[r]
            if e >= 0:
                region, province, city = emp_region[e], emp_province[e], emp_city[e]
                name = emp_name[e] if rng.random() < 0.8 else emp_name[e].upper()
            else:
                province = rng.choices(provinces, cum_weights=province_cum)[0]
                region, city = REGION_OF_PROVINCE[province], rng.choice(base.CITIES[province])
                name = reports._invented_name(rng, province, rep_naics[r])
            language_names, language_cum = languages[region]
            language = rng.choices(language_names, cum_weights=language_cum)[0]
            text, allegations, workers = story_for(language, rep_naics[r])
            channel = rng.choices(channels, cum_weights=channel_cum)[0]
            anonymous = rng.random() < reports.ANONYMOUS_SHARE[channel]
            recorded_by = (rng.choice(staff.intake_agents[region])
                           if channel in (Channel.PHONE, Channel.IN_PERSON) else None)
            case_id = None
            triaged = None
            closing = ""
            exclusion = None
            k = case_of_report.get(r)
            if k is not None:
                case = cases[k]
                status = ReportStatus.CASE_OPENED
                case_id, triaged = case.id, stamp(case.opened)
                latest_case[e] = case
            elif e >= 0 and (c := latest_case.get(e)) is not None and day * DAY - c.opened < 200 * DAY \
                    and rng.random() < 0.7:
                status = ReportStatus.JOINED_CASE
                case_id, triaged = c.id, stamp(min(office_time(day + 2), calendar.now))
            elif calendar.days - day <= 5:
                status = ReportStatus.RECEIVED
            elif calendar.days - day <= 30 and rng.random() < 0.5:
                status, triaged = ReportStatus.IN_REVIEW, stamp(office_time(day + 1))
            else:
                status, triaged = ReportStatus.CLOSED, stamp(min(office_time(day + rng.randrange(2, 20)),
                                                               calendar.now))
                closing = _weighted(rng, CLOSING_WEIGHTS)
                if closing == ClosingReason.EXCLUSION:
                    if exclusion_rules:
                        exclusion = rng.choice(exclusion_rules)
                    else:
                        closing = ClosingReason.NO_JURISDICTION
            for category in allegations:
                allegation_rows.append((rid, category))
            urgent = rng.random()
            yield (
                rid, report_reference(calendar.year_of(day)), channel, language, iso[day], recorded_by,
                report_key(seed, number), "x" + report_key(seed, number), "!",
                anonymous,
                "" if anonymous else seal(rng.choice(reports.CONTACT_NAMES[language]), "contact_name"),
                "" if anonymous else seal(f"{reports.AREA_CODES.get(province, '613')}-555-01"
                                          f"{rng.randrange(100):02d}", "contact_phone"),
                "", "" if anonymous else "phone", "",
                name, "", city, province, "", "", sectors[rep_naics[r]], seal(text, "description"),
                rng.choices(since, cum_weights=since_cum)[0], rng.choice(workers),
                "yes" if urgent < 0.01 else "no", "yes" if urgent < 0.05 else "no",
                region_ids[region], status, rng.randrange(5, 95), "[]",
                first_employer + e if e >= 0 else None, case_id, closing, exclusion, triaged, 1, "",
                points_of[province][rid % len(points_of[province])]
                if channel == Channel.IN_PERSON and points_of.get(province) else None,
            )

    result.reports = writer.insert(Report, [
        "id", "reference", "channel", "language", "submitted_on", "recorded_by_id", "idempotency_key",
        "receipt_lookup", "receipt_verifier", "anonymous", "contact_name", "contact_phone", "contact_email",
        "contact_method", "contact_safe_times", "employer_name", "employer_address", "employer_city",
        "employer_province", "employer_phone", "workplace", "sector_id", "description", "since",
        "workers_affected", "danger_now", "hazard_now", "region_id", "status", "risk_score", "risk_explanation",
        "employer_id", "case_id", "closing_reason", "exclusion_rule_id", "triaged_at", "version",
        "referred_by_contact", "service_point_id",
    ], report_rows())
    first_reports()  # the facts the cases keep about their reports
    first_allegation = _next_id(ReportAllegation)
    writer.insert(ReportAllegation, ["id", "report_id", "category"],
                  ((first_allegation + i, rid, cat) for i, (rid, cat) in enumerate(allegation_rows)))
    say(f"{result.reports} reports and {len(allegation_rows)} allegations in {clock.monotonic() - t0:.1f} s")

    # Keys were given explicitly: move PostgreSQL's sequences past them, then let
    # the planner see the new sizes. PostgreSQL also vacuums the loaded tables (as
    # after any bulk load; it cannot inside a transaction): until then it marks
    # no page all-visible, and every count must read the table where an index
    # holding what it counts would do.
    t0 = clock.monotonic()
    with connection.cursor() as cursor:
        for statement in connection.ops.sequence_reset_sql(
            no_style(), [Employer, Case, CaseTransition, Decision, ActivityModel, Report, ReportAllegation]
        ):
            cursor.execute(statement)
        # Whole tables, not a sample: SQLite's sampled statistics see as many open
        # reports in a region as closed ones and send the triage queue down the
        # wrong index (a few seconds at national scale).
        vacuum = connection.vendor == "postgresql" and not connection.in_atomic_block
        cursor.execute("VACUUM (ANALYZE)" if vacuum else "ANALYZE")
    say(f"statistics in {clock.monotonic() - t0:.1f} s")


def _opt(fn: Callable[[int], str], value: int | None) -> str | None:
    return None if value is None else fn(value)


def _cumulate(values: Iterable[float]) -> Iterable[float]:
    total = 0.0
    for v in values:
        total += v
        yield total
