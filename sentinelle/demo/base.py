"""Demo data: realistic employers and staff in every role and region.

Built with bulk inserts from a seeded random generator, so that the same call
gives the same data and a national-scale dataset can be built the same way."""

from __future__ import annotations

import json
import random
import secrets
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.db import transaction

from sentinelle.accounts.models import Region, Role, RoleCode, User
from sentinelle.cases.models import Employer, Sector
from sentinelle.lib.geo import REGION_OF_PROVINCE

DEMO_DOMAIN = "demo.sentinelle.example"

# (role, region) pairs of the demo staff, with a name for each.
DEMO_STAFF: list[tuple[str, str, str]] = [
    ("Amélie Gagnon", RoleCode.INVESTIGATOR, "QC"),
    ("Olivier Tremblay", RoleCode.INVESTIGATOR, "QC"),
    ("Nathalie Roy", RoleCode.TEAM_LEAD, "QC"),
    ("Sylvie Côté", RoleCode.INTAKE_AGENT, "QC"),
    ("Priya Sharma", RoleCode.INVESTIGATOR, "ON"),
    ("Daniel Wong", RoleCode.TEAM_LEAD, "ON"),
    ("Grace Mensah", RoleCode.INTAKE_AGENT, "ON"),
    ("Liam MacDonald", RoleCode.INVESTIGATOR, "ATL"),
    ("Claire LeBlanc", RoleCode.TEAM_LEAD, "ATL"),
    ("Harpreet Gill", RoleCode.INVESTIGATOR, "WST"),
    ("Sarah Thompson", RoleCode.TEAM_LEAD, "WST"),
    ("Marc-André Bouchard", RoleCode.QC_REVIEWER, "HQ"),
    ("Fatima El Amrani", RoleCode.QC_REVIEWER, "ON"),
    ("Jean-François Pelletier", RoleCode.NATIONAL_ANALYST, "HQ"),
    ("Isabelle Fortin", RoleCode.PRIVACY_OFFICER, "HQ"),
    ("Robert Lavoie", RoleCode.ADMINISTRATOR, "HQ"),
    ("Chantal Bérubé", RoleCode.MANAGER, "HQ"),
    ("Michael Okafor", RoleCode.MANAGER, "HQ"),
    ("Hélène Tremblay", RoleCode.MANAGER, "QC"),
    ("Priya Raman", RoleCode.SECRETARIAT, "HQ"),
    # More of the Quebec team, so that its lived-workload check-ins reach the five answers shown.
    ("Julie Bergeron", RoleCode.INVESTIGATOR, "QC"),
    ("Karine Dubé", RoleCode.INTAKE_AGENT, "QC"),
    ("Samuel Morin", RoleCode.INTAKE_AGENT, "QC"),
]

# Where employers are, weighted roughly like the program's caseload.
PROVINCE_WEIGHTS = {
    "ON": 30, "QC": 24, "BC": 14, "AB": 9, "NS": 4, "NB": 4, "MB": 4,
    "SK": 3, "PE": 3, "NL": 3, "YT": 1, "NT": 0.5, "NU": 0.5,
}
SECTOR_WEIGHTS = {
    "1112": 14, "1114": 12, "1113": 10, "1121": 4, "3116": 7, "3117": 8, "3114": 4,
    "7211": 6, "7225": 9, "2361": 7, "2382": 4, "8141": 8, "6233": 3, "4841": 4,
}
CITIES = {
    "ON": ["Leamington", "Kingsville", "Simcoe", "Niagara-on-the-Lake", "Bradford", "Toronto", "Mississauga", "Guelph", "Ottawa"],
    "QC": ["Saint-Rémi", "Sherbrooke", "Saint-Hyacinthe", "Mirabel", "Québec", "Montréal", "Drummondville", "Gaspé"],
    "BC": ["Abbotsford", "Kelowna", "Surrey", "Oliver", "Vancouver", "Prince Rupert"],
    "AB": ["Brooks", "Calgary", "Edmonton", "High River", "Lethbridge"],
    "NS": ["Kentville", "Halifax", "Yarmouth", "Truro"],
    "NB": ["Shippagan", "Caraquet", "Moncton", "Grand Falls"],
    "MB": ["Winkler", "Brandon", "Winnipeg", "Portage la Prairie"],
    "SK": ["Saskatoon", "Regina", "Swift Current"],
    "PE": ["Summerside", "Charlottetown", "Souris"],
    "NL": ["St. John's", "Twillingate", "Corner Brook"],
    "YT": ["Whitehorse"],
    "NT": ["Yellowknife"],
    "NU": ["Iqaluit"],
}
FAMILY_NAMES_FR = ["Beaulieu", "Lapointe", "Gauthier", "Bergeron", "Pelletier", "Lachance", "Dubé", "Morin", "Fournier", "Girard"]
FAMILY_NAMES_EN = ["Miller", "Van der Berg", "Sandhu", "MacLeod", "Peters", "Wiebe", "Nguyen", "O'Brien", "Friesen", "Chen"]
TRADE_WORDS = {
    "1112": ("Farms", "Fermes"), "1114": ("Greenhouses", "Serres"), "1113": ("Orchards", "Vergers"),
    "1121": ("Ranch", "Ranch"), "3116": ("Meats", "Viandes"), "3117": ("Seafoods", "Fruits de mer"),
    "3114": ("Canning", "Conserverie"), "7211": ("Inn", "Auberge"), "7225": ("Restaurant", "Restaurant"),
    "2361": ("Homes", "Habitations"), "2382": ("Mechanical", "Mécanique"), "8141": ("Household", "Résidence"),
    "6233": ("Care Home", "Résidence pour aînés"), "4841": ("Transport", "Transport"),
}


@dataclass
class DemoAccount:
    email: str
    full_name: str
    role: str
    region: str
    password: str
    totp_secret: str

    def otpauth_uri(self) -> str:
        return f"otpauth://totp/Sentinelle:{self.email}?secret={self.totp_secret}&issuer=Sentinelle"


def accounts_file() -> Path:
    return Path(settings.VAR_DIR) / "demo_accounts.json"


def _email_for(full_name: str) -> str:
    import unicodedata

    ascii_name = unicodedata.normalize("NFKD", full_name).encode("ascii", "ignore").decode()
    return ascii_name.lower().replace(" ", ".").replace("'", "") + "@" + DEMO_DOMAIN


@transaction.atomic
def create_demo_staff() -> list[DemoAccount]:
    """Create (or reset the credentials of) the demo staff; returns their credentials."""
    regions = {r.code: r for r in Region.objects.all()}
    roles = {r.code: r for r in Role.objects.all()}
    accounts = []
    for full_name, role, region in DEMO_STAFF:
        account = DemoAccount(
            email=_email_for(full_name),
            full_name=full_name,
            role=str(role),
            region=region,
            password=secrets.token_urlsafe(12),
            totp_secret=generate_totp_secret(),
        )
        user, _created = User.objects.update_or_create(
            email=account.email,
            defaults={
                "full_name": full_name,
                "region": regions[region],
                "preferred_language": "fr" if region in {"QC", "HQ"} else "en",
                "password": make_password(account.password),
            },
        )
        user.roles.set([roles[role]])
        Authenticator.objects.filter(user=user).delete()
        TOTP.activate(user, account.totp_secret)
        RecoveryCodes.activate(user)
        accounts.append(account)
    path = accounts_file()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps([a.__dict__ for a in accounts], indent=1, ensure_ascii=False))
    path.chmod(0o600)
    return accounts


def load_demo_accounts() -> list[DemoAccount]:
    path = accounts_file()
    if not path.exists():
        return []
    return [DemoAccount(**row) for row in json.loads(path.read_text())]


def demo_staff_present() -> bool:
    return User.objects.filter(email__endswith="@" + DEMO_DOMAIN).count() == len(DEMO_STAFF)


def _weighted(rng: random.Random, weights: Mapping[str, float]) -> str:
    return rng.choices(list(weights), weights=list(weights.values()))[0]


def build_employers(count: int, *, seed: int = 2021, batch_size: int = 5000) -> int:
    """Insert `count` employers in batches; returns how many were inserted."""
    rng = random.Random(seed)
    regions = {r.code: r.pk for r in Region.objects.all()}
    sectors = {s.naics_code: s.pk for s in Sector.objects.all()}
    sector_weights = {code: w for code, w in SECTOR_WEIGHTS.items() if code in sectors}
    start = Employer.objects.count()
    batch: list[Employer] = []
    inserted = 0
    for i in range(count):
        province = _weighted(rng, PROVINCE_WEIGHTS)
        naics = _weighted(rng, sector_weights)
        french = province == "QC" or (province == "NB" and rng.random() < 0.35)
        family = rng.choice(FAMILY_NAMES_FR if french else FAMILY_NAMES_EN)
        trade_en, trade_fr = TRADE_WORDS[naics]
        if french:
            operating = f"{trade_fr} {family}"
            legal = f"{operating} inc."
        else:
            operating = f"{family} {trade_en}"
            legal = f"{operating} Ltd."
        number = start + i + 1
        batch.append(
            Employer(
                legal_name=legal,
                operating_name=f"{operating} ({number})" if rng.random() < 0.5 else "",
                business_number=f"{rng.randrange(10**8, 10**9)}RP{rng.randrange(1, 10):04d}",
                sector_id=sectors[naics],
                region_id=regions[REGION_OF_PROVINCE[province]],
                street_address=f"{rng.randrange(1, 9999)} {rng.choice(['chemin', 'rang', 'rue']) if french else rng.choice(['Road', 'Concession', 'Street'])} {rng.choice(['Principal', 'Saint-Jean', 'des Érables']) if french else rng.choice(['Main', 'County Road 20', 'Erie'])}",
                city=rng.choice(CITIES[province]),
                province=province,
                postal_code="",
                phone=f"{rng.randrange(200, 999)}-{rng.randrange(200, 999)}-{rng.randrange(1000, 9999)}",
            )
        )
        if len(batch) >= batch_size:
            Employer.objects.bulk_create(batch)
            inserted += len(batch)
            batch = []
    if batch:
        Employer.objects.bulk_create(batch)
        inserted += len(batch)
    return inserted
