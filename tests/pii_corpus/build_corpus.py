"""Build the labelled corpus of personal information: tests/pii_corpus/{fr,en,es,tl}.jsonl.

Each line: {"text": ..., "entities": [[start, end, KIND], ...], "source": "generated" | "handwritten"}.

* "generated": texts assembled from sentence templates of the domain (worker complaints,
  inspection notes, letters, access-to-information files) with values drawn by a seeded
  random generator: names, Quebec and Ontario addresses, phone numbers, SINs with a valid
  checksum, passports, work permits, dates of birth, bank accounts, licence plates, e-mails;
  and negatives that must not be flagged (other dates, case references, amounts, article
  numbers, business numbers, SIN-like numbers with a wrong checksum).
* "handwritten": free-form texts written by hand in handwritten_{fr,en}.txt, entities marked
  [[KIND|value]]. They were written before the detector was tuned, but the errors on them were
  looked at while tuning it.
* "heldout": a few more hand-written texts (heldout_{fr,en}.txt), written after the detector was
  tuned and never used to tune it: the honest figure.
* "workers": the held-out part on the workers' own information (workers_{fr,en,es,tl}.txt), written
  before the detector was tuned for it: numbers of the source countries in international form,
  their passports, Canadian bank accounts and cheque lines, post-office boxes and rural routes,
  first names announced by context, surnames in capitals, and negatives (businesses, amounts in
  any currency, an employer's business address). Spanish and Tagalog have only this part.
* "workers_fresh": variants of the same kinds (workers_fresh_{fr,en,es,tl}.txt), written after the
  detector was tuned on "workers" and never used to tune it.

Offsets are checked: every entity's text is the value that was inserted, no entities overlap.
Run: .venv/bin/python tests/pii_corpus/build_corpus.py (the output is committed).
"""

from __future__ import annotations

import json
import random
import re
import sys
from pathlib import Path

from stdnum.ca import sin as stdnum_sin

HERE = Path(__file__).resolve().parent
KINDS = ("PERSON", "PHONE", "EMAIL", "ADDRESS", "SIN", "PASSPORT", "PERMIT", "DATE_OF_BIRTH", "BANK_ACCOUNT",
         "LICENCE_PLATE")
GENERATED_PER_LANGUAGE = 140

FIRST = ["Marie", "Jean", "Sophie", "Luc", "Isabelle", "François", "Nathalie", "Mathieu", "Chantal", "Éric", "Geneviève",
         "Sylvain", "Josée", "Benoît", "Mélanie", "Stéphane", "Karine", "Yves", "Émilie", "Alexandre", "John", "Sarah",
         "Michael", "Jennifer", "David", "Emily", "Robert", "Jessica", "Daniel", "Ashley", "José", "María", "Juan",
         "Guadalupe", "Carlos", "Rosa", "Miguel", "Lucía", "Alejandro", "Carmen", "Jesús", "Teresa", "Mark Anthony",
         "Maricris", "Rodel", "Jhun", "Liza", "Arnel", "Kwame", "Aïcha", "Mamadou", "Fatoumata", "Oumar", "Nadia",
         "Samir", "Leila", "Youssef", "Priya", "Harpreet", "Arjun", "Mei", "Wei", "Thanh", "Duc", "Andrés", "Wendy",
         "Delroy", "Shanice", "Omar", "Yusuf", "Olga", "Dmytro", "Ana María", "Juan Carlos", "Marie-Claude",
         "Jean-Philippe", "Pierre-Luc", "Anne-Marie"]
LAST = ["Tremblay", "Gagnon", "Roy", "Côté", "Bouchard", "Gauthier", "Morin", "Lavoie", "Fortin", "Gagné", "Ouellet",
        "Pelletier", "Bélanger", "Lévesque", "Bergeron", "Leblanc", "Paquette", "Girard", "Simard", "Boucher", "Caron",
        "Beaulieu", "Cloutier", "Dubé", "Poirier", "Smith", "Brown", "Wilson", "MacDonald", "Taylor", "Campbell",
        "Anderson", "Thompson", "O'Brien", "McKenzie", "García", "Hernández", "López", "Martínez", "González",
        "Rodríguez", "Pérez", "Sánchez", "Ramírez", "Cruz", "Reyes", "Santos", "Bautista", "Villanueva", "Mendoza",
        "Dela Cruz", "Aquino", "Castillo", "Ajú", "Xol", "Diallo", "Traoré", "Ndiaye", "Mensah", "Haddad", "Benali",
        "El Idrissi", "Singh", "Patel", "Sharma", "Nguyen", "Tran", "Zhang", "Li", "Campbell-Brown", "Gordon",
        "Kowalczuk", "Shevchenko", "Morales", "Gagnon-Roy", "St-Pierre", "Da Silva", "Van Dyk"]
CITIES_QC = [("Montréal", "H"), ("Québec", "G"), ("Laval", "H"), ("Gatineau", "J"), ("Longueuil", "J"),
             ("Sherbrooke", "J"), ("Saguenay", "G"), ("Lévis", "G"), ("Trois-Rivières", "G"), ("Saint-Rémi", "J"),
             ("Saint-Jean-sur-Richelieu", "J"), ("Drummondville", "J"), ("Rimouski", "G"), ("Mirabel", "J"),
             ("Sainte-Clotilde", "J"), ("Saint-Hyacinthe", "J")]
CITIES_ON = [("Toronto", "M"), ("Ottawa", "K"), ("Hamilton", "L"), ("London", "N"), ("Windsor", "N"),
             ("Leamington", "N"), ("Kingsville", "N"), ("Mississauga", "L"), ("Brampton", "L"), ("Kingston", "K"),
             ("Niagara Falls", "L"), ("Sudbury", "P"), ("Thunder Bay", "P"), ("Simcoe", "N"), ("Bradford", "L")]
STREETS_FR = ["Sainte-Catherine", "Saint-Denis", "Principale", "des Érables", "de la Montagne", "Notre-Dame",
              "Saint-Laurent", "du Moulin", "de l'Église", "Jean-Talon", "Sherbrooke", "des Pins", "du Lac",
              "Saint-Joseph", "de la Rivière", "Laurier", "Papineau", "King", "Wellington", "des Forges"]
TYPES_FR = ["rue", "rue", "rue", "avenue", "boulevard", "chemin", "rang", "montée", "boul."]
STREETS_EN = ["King", "Queen", "Main", "Dundas", "Bloor", "Yonge", "Talbot", "Erie", "Maple", "Oak", "Victoria",
              "Wellington", "Bank", "Elgin", "Division", "County Road 14", "Church", "Mill", "Lakeshore", "Ridge"]
TYPES_EN = ["Street", "St.", "Avenue", "Ave.", "Road", "Rd.", "Drive", "Boulevard", "Crescent", "Line", "Court"]
DIRS = ["", "", "", " Est", " Ouest", " Nord"]
DIRS_EN = ["", "", "", " East", " West", " North", " South"]
COMPANIES = ["Serres Boréal inc.", "Fermes Lavoie", "Transports Gagnon ltée", "Abattoir du Nord", "Nettoyage Éclat",
             "Northern Harvest Ltd.", "Lakeview Farms", "Maple Leaf Packers", "Golden Greenhouses", "Metro Cleaning Co."]
MONTHS_FR = ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre",
             "novembre", "décembre"]
MONTHS_EN = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
             "November", "December"]
PLATE_LETTERS = "ABCDEFGHJKLMNPRSTVWXYZ"
POSTAL_LETTERS = "ABCEGHJKLMNPRSTVWXYZ"


class Gen:
    def __init__(self, seed: int, language: str) -> None:
        self.r = random.Random(seed)
        self.language = language

    # ---- values that are personal information
    def person(self) -> str:
        r = self.r
        name = f"{r.choice(FIRST)} {r.choice(LAST)}"
        if r.random() < 0.15:
            name += f" {r.choice(LAST)}"
        return name

    def phone(self) -> str:
        r = self.r
        area = r.choice(["514", "438", "450", "418", "581", "819", "873", "579", "416", "647", "437", "905", "289",
                         "519", "226", "613", "343", "705", "807"])
        exch, line = f"{r.randint(200, 999)}", f"{r.randint(0, 9999):04d}"
        fmt = r.choice(["({a}) {e}-{l}", "{a}-{e}-{l}", "{a} {e}-{l}", "{a}.{e}.{l}", "+1 {a} {e} {l}",
                        "1-{a}-{e}-{l}", "{a} {e} {l}"])
        number = fmt.format(a=area, e=exch, l=line)
        if r.random() < 0.2:
            ext = r.randint(10, 9999)
            number += r.choice([f", poste {ext}", f" poste {ext}"] if self.language == "fr" else
                               [f" ext. {ext}", f", ext {ext}", f" x{ext}"])
        return number

    def email(self) -> str:
        r = self.r
        plain = str.maketrans("éèêëïîôöàâçñíóúá", "eeeeiiooaacnioua")
        first = re.sub(r"[^a-z]", "", r.choice(FIRST).lower().translate(plain)) or "x"
        last = re.sub(r"[^a-z]", "", r.choice(LAST).lower().translate(plain)) or "y"
        local = r.choice([f"{first}.{last}", f"{first[0]}{last}", f"{first}{r.randint(1, 99)}", f"{last}.{first}"])
        domain = r.choice(["gmail.com", "hotmail.com", "outlook.fr", "videotron.ca", "yahoo.ca", "bell.net",
                           "fermeslavoie.ca", "northernharvest.com", "sympatico.ca", "protonmail.com"])
        return f"{local}@{domain}"

    def postal(self, first: str) -> str:
        r = self.r
        d = lambda: str(r.randint(0, 9))  # noqa: E731
        letter = lambda: r.choice(POSTAL_LETTERS)  # noqa: E731
        return f"{first}{d()}{letter()} {d()}{letter()}{d()}"

    def address(self, full: bool | None = None) -> str:
        r = self.r
        num = str(r.randint(1, 9999))
        if full is None:
            full = r.random() < 0.75
        quebec = self.language == "fr" or r.random() < 0.35
        if quebec and self.language == "fr":
            street = f"{num}{r.choice([',', ''])} {r.choice(TYPES_FR)} {r.choice(STREETS_FR)}{r.choice(DIRS)}"
        elif quebec:
            street = f"{num} {r.choice(['Sainte-Catherine', 'Saint-Denis', 'Sherbrooke', 'Notre-Dame'])} Street" \
                     f"{r.choice(DIRS_EN)}"
        else:
            street = f"{num} {r.choice(STREETS_EN)} {r.choice(TYPES_EN)}{r.choice(DIRS_EN)}"
        if r.random() < 0.25:
            unit = r.randint(1, 40)
            street += r.choice([f", app. {unit}", f", bureau {unit}0"] if self.language == "fr" else
                               [f", Apt. {unit}", f", Unit {unit}", f", Suite {unit}0"])
        if not full:
            return street
        if quebec:
            city, letter = r.choice(CITIES_QC)
            prov = r.choice(["(Québec)", "QC", "Qc", "(Qc)"]) if self.language == "fr" else r.choice(["QC", "Quebec"])
        else:
            city, letter = r.choice(CITIES_ON)
            prov = r.choice(["ON", "Ontario", "(Ontario)"])
        sep = "" if prov.startswith("(") else ","
        return f"{street}, {city}{sep} {prov} {self.postal(letter)}"

    def sin(self) -> str:
        r = self.r
        while True:
            n = f"{r.choice('12345679')}{r.randint(0, 99999999):08d}"
            if stdnum_sin.is_valid(n):
                break
        return r.choice([f"{n[:3]} {n[3:6]} {n[6:]}", f"{n[:3]}-{n[3:6]}-{n[6:]}", n])

    def bad_sin(self) -> str:
        r = self.r
        while True:
            n = f"{r.choice('12345679')}{r.randint(0, 99999999):08d}"
            if not stdnum_sin.is_valid(n):
                break
        return r.choice([f"{n[:3]} {n[3:6]} {n[6:]}", f"{n[:3]}-{n[3:6]}-{n[6:]}", n])

    def business_number(self) -> str:
        r = self.r
        while True:  # a business number has the same checksum as a SIN: only its suffix tells them apart
            n = f"{r.choice('12345679')}{r.randint(0, 99999999):08d}"
            if stdnum_sin.is_valid(n):
                break
        return f"{n} {r.choice(['RT', 'RP', 'RC'])}{r.randint(1, 3):04d}"

    def passport(self) -> str:
        r = self.r
        return f"{r.choice(PLATE_LETTERS)}{r.choice(PLATE_LETTERS)}{r.randint(0, 999999):06d}"

    def permit(self) -> str:
        r = self.r
        if r.random() < 0.2:
            return r.choice([f"{r.randint(1000, 9999)}-{r.randint(0, 9999):04d}",
                             f"{r.randint(10, 99)}-{r.randint(0, 9999):04d}-{r.randint(0, 9999):04d}"])
        return f"{r.choice('UWT')}{r.randint(10 ** 8, 10 ** 10 - 1):0{r.choice([9, 10])}d}"

    def date(self, year_from: int, year_to: int) -> str:
        r = self.r
        y, m, d = r.randint(year_from, year_to), r.randint(1, 12), r.randint(1, 28)
        if self.language == "fr":
            day = "1er" if d == 1 else str(d)
            return r.choice([f"{day} {MONTHS_FR[m - 1]} {y}", f"{y}-{m:02d}-{d:02d}", f"{d:02d}/{m:02d}/{y}"])
        return r.choice([f"{MONTHS_EN[m - 1]} {d}, {y}", f"{d} {MONTHS_EN[m - 1]} {y}", f"{y}-{m:02d}-{d:02d}",
                         f"{m:02d}/{d:02d}/{y}",
                         f"{MONTHS_EN[m - 1][:3]}{'.' if len(MONTHS_EN[m - 1]) > 4 else ''} {d}, {y}"])

    def dob(self) -> str:
        return self.date(1955, 2006)

    def bank(self) -> str:
        r = self.r
        sep = r.choice(["-", "-", " "])
        return f"{r.randint(0, 99999):05d}{sep}{r.choice(['001', '002', '003', '004', '006', '010', '815', '829'])}" \
               f"{sep}{r.randint(0, 10 ** 7 - 1):07d}"

    def plate(self) -> str:
        r = self.r
        L = lambda n: "".join(r.choice(PLATE_LETTERS) for _ in range(n))  # noqa: E731
        D = lambda n: "".join(str(r.randint(0, 9)) for _ in range(n))  # noqa: E731
        if self.language == "fr":
            return r.choice([f"{L(3)} {D(3)}", f"{D(3)} {L(3)}", f"{L(1)}{D(2)} {L(3)}", f"F{L(2)}{D(4)}",
                             f"{L(3)}{D(3)}"])
        return r.choice([f"{L(4)} {D(3)}", f"{L(3)} {D(3)}", f"{L(4)}{D(3)}", f"{L(3)} {D(3)}"])

    # ---- values that are not
    def case(self) -> str:
        return f"CAS-{self.r.randint(2019, 2026)}-{self.r.randint(1, 99999):05d}"

    def amount(self) -> str:
        v = self.r.randint(50, 250000) / 100
        if self.language == "fr":
            return f"{v:,.2f} $".replace(",", "\u00a0").replace(".", ",")
        return f"${v:,.2f}"

    def article(self) -> str:
        n = self.r.choice([14, 37, 39, 48, 53, 54, 63, 122, 123])
        return f"art. {n}" if self.language == "fr" else self.r.choice([f"s. {n}", f"section {n}"])


TEMPLATES = {
    "fr": [
        "Je m'appelle {PERSON} et je travaille chez {COMPANY} depuis {DATE}.",
        "La travailleuse {PERSON} déclare que son employeur garde son passeport {PASSPORT}.",
        "Plainte de {PERSON}, {ADDRESS}. Téléphone : {PHONE}.",
        "M. {PERSON}, contremaître, aurait crié sur les employés le {DATE}.",
        "Mme {PERSON} est née le {DOB} et réside au {ADDRESS}.",
        "Date de naissance : {DOB}. NAS : {SIN}.",
        "Le NAS {SIN} figure sur le relevé d'emploi remis à la travailleuse.",
        "Numéro d'assurance sociale du plaignant : {SIN}.",
        "Le NAS déclaré, {BADSIN}, est invalide selon la vérification du chiffre de contrôle.",
        "Permis de travail no {PERMIT}, délivré par IRCC le {DATE}.",
        "Le permis de travail fermé ({PERMIT}) le lie à {COMPANY}.",
        "Passeport : {PASSPORT} (Guatemala). Permis : {PERMIT}.",
        "Veuillez déposer le remboursement dans le compte {BANK} (transit-institution-compte).",
        "Dépôt direct : {BANK}.",
        "Les salaires étaient versés au compte bancaire {BANK} ouvert par l'employeur.",
        "Le camion immatriculé {PLATE} transportait les travailleurs vers les champs.",
        "Une camionnette blanche, plaque {PLATE}, stationnait devant le dortoir.",
        "On peut joindre l'inspecteur {PERSON} au {PHONE} ou par courriel à {EMAIL}.",
        "Courriel reçu de {EMAIL} le {DATE} concernant le dossier {CASE}.",
        "Pour toute question, écrivez à {EMAIL}.",
        "Le logement est situé au {ADDRESS}.",
        "Code postal indiqué sur le bail : {POSTAL}.",
        "La réclamation s'élève à {AMOUNT} pour la période du {DATE} au {DATE}.",
        "Le dossier {CASE} a été transféré à la direction régionale le {DATE}.",
        "Les renseignements visés par l'{ART} ont été masqués.",
        "Numéro d'entreprise de l'employeur : {BN}.",
        "L'inspection du {DATE} a relevé trois manquements; une amende de {AMOUNT} est proposée.",
        "Demandeur : {PERSON}. Adresse : {ADDRESS}. Tél. : {PHONE}.",
        "Selon {PERSON}, le gérant {PERSON} retenait {AMOUNT} par semaine pour le logement.",
        "{PERSON} (né le {DOB}) a été embauché le {DATE}.",
        "Téléphone cellulaire du travailleur : {PHONE}.",
        "J'ai parlé avec {PERSON} au téléphone, il m'a donné son numéro : {PHONE}.",
        "Identité vérifiée : {PERSON}, date de naissance {DOB}, passeport {PASSPORT}.",
        "Le véhicule de {PERSON} porte l'immatriculation {PLATE}.",
        "La décision du {DATE} applique l'{ART} et l'{ART} de la Loi.",
        "Copie du passeport de {PERSON} (no {PASSPORT}) et de son courriel ({EMAIL}) versée au dossier {CASE}.",
    ],
    "en": [
        "My name is {PERSON} and I have worked at {COMPANY} since {DATE}.",
        "The worker {PERSON} states that her employer keeps her passport {PASSPORT}.",
        "Complaint from {PERSON}, {ADDRESS}. Phone: {PHONE}.",
        "Mr. {PERSON}, the foreman, allegedly yelled at employees on {DATE}.",
        "Ms. {PERSON} was born on {DOB} and lives at {ADDRESS}.",
        "Date of birth: {DOB}. SIN: {SIN}.",
        "SIN {SIN} appears on the record of employment given to the worker.",
        "Complainant's social insurance number: {SIN}.",
        "The SIN provided, {BADSIN}, is invalid according to the check digit.",
        "Work permit no. {PERMIT}, issued by IRCC on {DATE}.",
        "The closed work permit ({PERMIT}) ties him to {COMPANY}.",
        "Passport: {PASSPORT} (Mexico). Permit: {PERMIT}.",
        "Please deposit the refund into account {BANK} (transit-institution-account).",
        "Direct deposit: {BANK}.",
        "Wages were paid into bank account {BANK} opened by the employer.",
        "The truck with licence plate {PLATE} carried the workers to the fields.",
        "A white van, plate {PLATE}, was parked in front of the bunkhouse.",
        "Inspector {PERSON} can be reached at {PHONE} or by e-mail at {EMAIL}.",
        "E-mail received from {EMAIL} on {DATE} about file {CASE}.",
        "For any question, write to {EMAIL}.",
        "The housing is located at {ADDRESS}.",
        "Postal code on the lease: {POSTAL}.",
        "The claim amounts to {AMOUNT} for the period from {DATE} to {DATE}.",
        "File {CASE} was transferred to the regional office on {DATE}.",
        "Information covered by {ART} was withheld.",
        "Employer's business number: {BN}.",
        "The inspection of {DATE} found three breaches; a fine of {AMOUNT} is proposed.",
        "Requester: {PERSON}. Address: {ADDRESS}. Tel.: {PHONE}.",
        "According to {PERSON}, the manager {PERSON} withheld {AMOUNT} a week for housing.",
        "{PERSON} (DOB {DOB}) was hired on {DATE}.",
        "Worker's cell phone: {PHONE}.",
        "I spoke with {PERSON} on the phone, he gave me his number: {PHONE}.",
        "Identity checked: {PERSON}, date of birth {DOB}, passport {PASSPORT}.",
        "The vehicle of {PERSON} has licence plate {PLATE}.",
        "The decision of {DATE} applies {ART} and {ART} of the Act.",
        "Copy of the passport of {PERSON} (no. {PASSPORT}) and of her e-mail ({EMAIL}) added to file {CASE}.",
    ],
}
SLOT_KINDS = {"PERSON": "PERSON", "PHONE": "PHONE", "EMAIL": "EMAIL", "ADDRESS": "ADDRESS", "POSTAL": "ADDRESS",
              "SIN": "SIN", "PASSPORT": "PASSPORT", "PERMIT": "PERMIT", "DOB": "DATE_OF_BIRTH", "BANK": "BANK_ACCOUNT",
              "PLATE": "LICENCE_PLATE"}


def fill(gen: Gen, template: str) -> tuple[str, list[list[object]]]:
    text, entities, pos = "", [], 0
    for match in re.finditer(r"\{(\w+)\}", template):
        text += template[pos:match.start()]
        slot = match.group(1)
        value = {
            "PERSON": gen.person, "PHONE": gen.phone, "EMAIL": gen.email, "ADDRESS": gen.address,
            "POSTAL": lambda: gen.postal(gen.r.choice("GHJKLMNP")), "SIN": gen.sin, "PASSPORT": gen.passport,
            "PERMIT": gen.permit, "DOB": gen.dob, "BANK": gen.bank, "PLATE": gen.plate,
            "DATE": lambda: gen.date(2019, 2026), "CASE": gen.case, "AMOUNT": gen.amount, "ART": gen.article,
            "BN": gen.business_number, "BADSIN": gen.bad_sin, "COMPANY": lambda: gen.r.choice(COMPANIES),
        }[slot]()
        if slot in SLOT_KINDS:
            entities.append([len(text), len(text) + len(value), SLOT_KINDS[slot]])
        text += value
        pos = match.end()
    return text + template[pos:], entities


def generated(language: str) -> list[dict[str, object]]:
    gen = Gen(2026 if language == "fr" else 2027, language)
    templates = TEMPLATES[language]
    rows = []
    for i in range(GENERATED_PER_LANGUAGE):
        # every template at least once, then random ones; 2 to 4 sentences per text
        chosen = [templates[i % len(templates)], *gen.r.sample(templates, gen.r.randint(1, 3))]
        gen.r.shuffle(chosen)
        text, entities = "", []
        for template in chosen:
            sentence, found = fill(gen, template)
            if text:
                text += " "
            entities += [[s + len(text), e + len(text), k] for s, e, k in found]
            text += sentence
        rows.append({"text": text, "entities": entities, "source": "generated"})
    return rows


def handwritten(language: str, source: str = "handwritten") -> list[dict[str, object]]:
    raw = (HERE / f"{source}_{language}.txt").read_text(encoding="utf-8")
    lines = [line for line in raw.splitlines() if not line.startswith("#")]
    rows = []
    for paragraph in "\n".join(lines).split("\n\n"):
        paragraph = paragraph.strip()
        if not paragraph:
            continue
        text, entities, pos = "", [], 0
        for match in re.finditer(r"\[\[(\w+)\|(.+?)\]\]", paragraph):
            text += paragraph[pos:match.start()]
            kind, value = match.group(1), match.group(2)
            if kind not in KINDS:
                raise ValueError(f"unknown kind {kind} in {paragraph!r}")
            entities.append([len(text), len(text) + len(value), kind])
            text += value
            pos = match.end()
        text += paragraph[pos:]
        if "[[" in text or "]]" in text:
            raise ValueError(f"unbalanced markup in {paragraph!r}")
        rows.append({"text": text, "entities": entities, "source": source})
    return rows


def check(rows: list[dict[str, object]]) -> None:
    for row in rows:
        text = str(row["text"])
        spans = sorted(row["entities"])  # type: ignore[arg-type]
        for (s, e, k), nxt in zip(spans, [*spans[1:], None], strict=False):
            assert 0 <= s < e <= len(text) and k in KINDS, row
            assert text[s:e] == text[s:e].strip(), (row, text[s:e])
            assert nxt is None or e <= nxt[0], ("overlap", row)


LANGUAGES = ("fr", "en", "es", "tl")
HELD_OUT = ("workers", "workers_fresh")


def rows_of(language: str) -> list[dict[str, object]]:
    """Every row of one language's corpus file, in the order it is written."""
    rows = []
    if language in ("fr", "en"):
        rows = generated(language) + handwritten(language) + handwritten(language, "heldout")
    for source in HELD_OUT:
        rows += handwritten(language, source)
    return rows


def main() -> int:
    for language in LANGUAGES:
        rows = rows_of(language)
        check(rows)
        counts = {k: sum(1 for r in rows for *_, kind in r["entities"] if kind == k) for k in KINDS}  # type: ignore
        hand = sum(1 for r in rows if r["source"] == "handwritten")
        print(language, len(rows), "texts,", hand, "hand-written;", counts)
        if language in ("fr", "en"):
            assert len(rows) >= 150 and hand >= 40 and min(counts.values()) >= 30, "corpus too small"
        with open(HERE / f"{language}.jsonl", "w", encoding="utf-8") as out:
            for row in rows:
                out.write(json.dumps(row, ensure_ascii=False) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
