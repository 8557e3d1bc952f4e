"""Recognisers of our own for Canadian formats, in French and English.

Each one is a regular expression for the value (group ``v``, or the whole match)
with, where the value alone is ambiguous, context words that must appear just
before it (a window of characters, not tokens, so that it works the same in
both languages). Values with a checksum (the SIN) are validated. Scores: 0.95
when the value carries its context or checksum, lower when it is accepted on
its shape alone; the engine keeps findings of 0.5 and above.

This module imports presidio (through ``pii.py``, which sets the environment
first); it must only be imported by the task worker and the tests.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from presidio_analyzer import LocalRecognizer, RecognizerResult
from presidio_analyzer.nlp_engine import NlpArtifacts
from presidio_analyzer.predefined_recognizers import SpacyRecognizer
from stdnum.ca import sin as stdnum_sin

UPPER = "A-ZÀÂÄÇÉÈÊËÎÏÔÖÙÛÜŸ"
LOWER = "a-zàâäçéèêëîïôöùûüÿñíóúá"
SEP = r"[ \u00a0\u202f]"  # spaces, including no-break spaces
NAME_WORD = rf"(?:Mc|Mac|O['’])?[{UPPER}][{LOWER}]+(?:['’-][{UPPER}]?[{LOWER}]+)*"
PARTICLE = r"(?:de|du|des|da|dos|das|del|della|van|von|der|den|la|le|di|bin|ben|el|al)"
NAME = rf"{NAME_WORD}(?:{SEP}(?:{PARTICLE}{SEP})?{NAME_WORD}){{0,3}}"


@dataclass(frozen=True)
class Rule:
    pattern: re.Pattern[str]
    score: float                     # with its context (or when no context is needed)
    bare_score: float = 0.0          # without its context; 0 drops it
    context: re.Pattern[str] | None = None
    window: int = 50                 # characters before the value searched for the context
    after: int = 0                   # characters after the value searched too
    validate: Callable[[str], bool] | None = None
    refuse: re.Pattern[str] | None = None   # words just before the value that veto it
    refuse_after: re.Pattern[str] | None = None   # what may not follow the value (a business number's suffix)


def _words(*words: str) -> re.Pattern[str]:
    return re.compile(r"(?<![\w])(?:" + "|".join(words) + r")(?![\w])", re.IGNORECASE)


class ContextPatternRecognizer(LocalRecognizer):
    """A value pattern, optional context words before (or after) it, an optional validator."""

    def __init__(self, entity: str, rules: Sequence[Rule], language: str, name: str) -> None:
        self.rules = list(rules)
        super().__init__(supported_entities=[entity], supported_language=language, name=name)

    def load(self) -> None:  # nothing to load
        pass

    def analyze(self, text: str, entities: list[str], nlp_artifacts: NlpArtifacts | None = None
                ) -> list[RecognizerResult]:
        entity = self.supported_entities[0]
        results: list[RecognizerResult] = []
        for rule in self.rules:
            for match in rule.pattern.finditer(text):
                start, end = match.span("v") if "v" in rule.pattern.groupindex else match.span()
                value = text[start:end]
                if rule.validate and not rule.validate(value):
                    continue
                if rule.refuse and rule.refuse.search(text[max(0, start - 25):start]):
                    continue
                if rule.refuse_after and rule.refuse_after.match(text, end):
                    continue
                score = rule.score
                if rule.context is not None:
                    before = text[max(0, match.start() - rule.window):start]
                    after = text[end:end + rule.after] if rule.after else ""
                    if not (rule.context.search(before) or (after and rule.context.search(after))):
                        score = rule.bare_score
                if score <= 0:
                    continue
                results.append(RecognizerResult(entity, start, end, score))
        return results


# ---------------------------------------------------------------- the patterns

def _sin_valid(value: str) -> bool:
    return bool(stdnum_sin.is_valid(re.sub(r"\D", "", value)))


SIN_RULES = [Rule(
    re.compile(rf"(?<![\w-])\d{{3}}(?:[-]|{SEP})?\d{{3}}(?:[-]|{SEP})?\d{{3}}(?![\w-]|{SEP}\d)"),
    score=0.95, bare_score=0.6,
    context=_words("NAS", "SIN", r"assurance[- ]sociale", r"social[- ]insurance", "num[ée]ro d['’]assurance"),
    validate=_sin_valid,
    refuse=_words("NE", "BN", "NEQ", r"entreprise", "business", "TPS", "TVQ", "GST", "QST", "facture", "invoice",
                  "dossier", "file", "r[ée]f[ée]rence", "commande", "order"),
    refuse_after=re.compile(r"\s?R[TPCMZ]\s?\d{4}"),
)]

PHONE_RULES = [Rule(
    re.compile(
        r"(?<![\w+(])(?P<v>(?:\+?1[ .\u00a0-]?)?(?:\([2-9]\d{2}\)|[2-9]\d{2})(?:[ .\u00a0-]|\)\s?)?"
        r"\d{3}[ .\u00a0-]\d{4}"
        r"(?:,?\s*(?:poste|post\.|ext\.?|extension|x)\s*\d{1,6})?)(?![\w-])",
        re.IGNORECASE),
    score=0.9,
    refuse=re.compile(r"(?:NAS|SIN|NEQ|compte|account|transit)\W{0,4}$", re.IGNORECASE),
)]

EMAIL_RULES = [Rule(
    re.compile(r"(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)*\.[A-Za-z]{2,24}(?![\w-])"),
    score=1.0,
)]

PROVINCES = (r"(?:Québec|Quebec|QC|Qc|Q\.C\.|Ontario|ON|Ont\.|Nouveau-Brunswick|New Brunswick|NB|N\.-B\.|"
             r"Manitoba|MB|Alberta|AB|Colombie-Britannique|British Columbia|BC|C\.-B\.|Nouvelle-Écosse|Nova Scotia|NS|"
             r"N\.-É\.|Saskatchewan|SK)")
POSTAL = rf"[ABCEGHJ-NPRSTVXY]\d[ABCEGHJ-NPRSTV-Z](?:{SEP}|-)?\d[ABCEGHJ-NPRSTV-Z]\d"
STREET_FR = (r"(?:rue|avenue|av\.|boulevard|boul\.|bd|blvd|chemin|ch\.|rang|route|rte|place|montée|côte|croissant|"
             r"impasse|allée|promenade|terrasse|carré|square|autoroute|ruelle|voie|cours|quai|parc|sentier|traverse)")
STREET_EN = (r"(?:Street|St\.?|Avenue|Ave\.?|Av\.?|Road|Rd\.?|Boulevard|Blvd\.?|Drive|Dr\.?|Crescent|Cres\.?|Court|"
             r"Ct\.?|Lane|Ln\.?|Way|Place|Pl\.?|Terrace|Terr\.?|Line|Sideroad|Concession|Highway|Hwy\.?|Parkway|Pkwy\.?|"
             r"Circle|Cir\.?|Trail|Square|Sq\.?|Gate|Grove|Heights|Row|Path)")
DIRECTION = r"(?:Est|Ouest|Nord|Sud|East|West|North|South|E\.|O\.|W\.|N\.|S\.)"
CIVIC = r"(?:\d{1,5}[-–])?\d{1,6}[A-Da-d]?"
STREET_WORD = rf"(?:[{UPPER}0-9][\w'’.-]*)"
FR_NAME = (rf"(?:(?:de{SEP}la|de{SEP}l['’]|du|des|de|d['’]|la|le|l['’]){SEP}?)?{STREET_WORD}"
           rf"(?:{SEP}(?:(?:de{SEP}la|du|des|de|d['’]|l['’]|la|le){SEP}?)?{STREET_WORD}){{0,3}}")
UNIT_CORE = rf"(?i:app\.?|appartement|apt\.?|unit[ée]?|suite|bureau|local|logement|#){SEP}?\w{{1,5}}"
UNIT = rf"(?:,?{SEP}?{UNIT_CORE})"
CITY = rf"[{UPPER}][\w'’.-]+(?:(?:{SEP}|-)(?:(?:de|du|des|la|le|sur|en|on|upon){SEP}|-)?[{UPPER}][\w'’.-]+){{0,3}}"
TAIL = (rf"{UNIT}?"
        rf"(?:,?{SEP}?{CITY}(?=\s*,?\s*\(?(?:{PROVINCES}\b|{POSTAL})))?"
        rf"(?:\s*,?\s*\(?{PROVINCES}\)?(?![\w]))?"
        rf"(?:\s*,?\s*{POSTAL}(?!\w))?")
ADDRESS_RULES = [
    # 1234, rue Sainte-Catherine Est ; 45 chemin du Roy
    Rule(re.compile(rf"(?<![\w-]){CIVIC},?{SEP}(?:{UNIT_CORE},?{SEP})?(?i:{STREET_FR}){SEP}{FR_NAME}"
                    rf"(?:{SEP}{DIRECTION})?(?![\w]){TAIL}"),
         score=0.92),
    # 45 King Street West ; 1234 10th Ave.
    Rule(re.compile(rf"(?<![\w-]){CIVIC},?{SEP}(?:\d+(?:st|nd|rd|th|e|re)|{STREET_WORD})"
                    rf"(?:{SEP}{STREET_WORD}){{0,3}}{SEP}{STREET_EN}(?:{SEP}\d{{1,4}}(?![\w-]))?(?:{SEP}{DIRECTION})?(?![\w])"
                    rf"{TAIL}"),
         score=0.92),
    # rural Ontario and Quebec: 3310 Concession 7 ; 2205 County Road 20 ; 45, Route 132
    Rule(re.compile(rf"(?<![\w-]){CIVIC},?{SEP}(?:Concession|Conc\.|County{SEP}Road|Regional{SEP}Road|Highway|Hwy\.?|"
                    rf"Sideroad|Side{SEP}Road|Township{SEP}Road|Range{SEP}Road|Route|Rang|Line){SEP}\d{{1,4}}(?![\w-])"
                    rf"(?:{SEP}{DIRECTION})?{TAIL}"),
         score=0.92),
    # 1234, 10e Avenue ; 500, 1re Rue
    Rule(re.compile(rf"(?<![\w-]){CIVIC},?{SEP}\d{{1,3}}(?:e|re|er|ième){SEP}(?:Avenue|Rue|Rang|Av\.)"
                    rf"(?:{SEP}{DIRECTION})?(?![\w]){TAIL}"),
         score=0.92),
    # a postal code on its own
    Rule(re.compile(rf"(?<![\w]){POSTAL}(?!\w)"), score=0.85),
]

PASSPORT_RULES = [Rule(
    # Canada: two letters and six digits; elsewhere one or two letters and six to eight digits (Mexico: G12345678)
    re.compile(r"(?<![\w-])(?P<v>[A-Z]{1,2}\d{6,8})(?![\w-])"),
    score=0.95, bare_score=0.0,
    context=_words("passeport", "passeports", "passport", "passports", r"no\.? de passeport"), window=90,
)]

PERMIT_RULES = [
    Rule(re.compile(r"(?<![\w-])(?P<v>[UWT]\d{9,10})(?![\w-])"),
         score=0.95, bare_score=0.55,
         context=_words(r"permis(?:\s+de\s+travail)?", r"work\s+permit", "permit", "UCI", "IUC", "IRCC", "visa",
                        "PTET", "TFWP", "EIMT", "LMIA", "PTIJ"), window=80),
    # unique client identifier of IRCC: 0000-0000 or 00-0000-0000
    Rule(re.compile(rf"(?<![\w-])(?P<v>\d{{4}}[- ]?\d{{4}}|\d{{2}}[- ]?\d{{4}}[- ]?\d{{4}})(?![\w-]|{SEP}\d)"),
         score=0.9, bare_score=0.0,
         context=_words("UCI", "IUC", r"identificateur\s+unique(?:\s+de\s+client)?", r"unique\s+client\s+identifier",
                        r"client\s+ID", "permis", r"permis\s+de\s+travail", "permit", r"work\s+permit"), window=30),
]

MONTHS_FR = (r"(?:janvier|janv\.?|février|fevrier|févr\.?|mars|avril|avr\.?|mai|juin|juillet|juil\.?|août|aout|"
             r"septembre|sept\.?|octobre|oct\.?|novembre|nov\.?|décembre|decembre|déc\.?)")
MONTHS_EN = (r"(?:January|Jan\.?|February|Feb\.?|March|Mar\.?|April|Apr\.?|May|June|Jun\.?|July|Jul\.?|August|Aug\.?|"
             r"September|Sept?\.?|October|Oct\.?|November|Nov\.?|December|Dec\.?)")
DAY = r"(?:1er|[0-3]?\d)(?:st|nd|rd|th)?"
YEAR = r"(?:19|20)\d{2}"
DATE = (rf"(?:{DAY}{SEP}(?i:{MONTHS_FR}|{MONTHS_EN}){SEP}{YEAR}"
        rf"|(?i:{MONTHS_EN}){SEP}{DAY},?{SEP}{YEAR}"
        rf"|{YEAR}[-/.](?:0?[1-9]|1[0-2])[-/.](?:0?[1-9]|[12]\d|3[01])"
        rf"|(?:0?[1-9]|[12]\d|3[01])[-/.](?:0?[1-9]|1[0-2])[-/.]{YEAR}"
        rf"|(?:0?[1-9]|1[0-2])/(?:0?[1-9]|[12]\d|3[01])/{YEAR})")
BIRTH_BEFORE = (r"(?:n[ée]e?(?:\(e\))?|date\s+de\s+naissance|DDN|D\.D\.N\.|naissance|DOB|D\.O\.B\.|"
                r"date\s+of\s+birth|birth\s*date|born|birthday|anniversaire)")
DOB_RULES = [
    Rule(re.compile(rf"(?i:(?<!\w){BIRTH_BEFORE}(?!\w))[^\n\d]{{0,35}}?(?<!\w)(?P<v>{DATE})(?!\w)"), score=0.95),
    Rule(re.compile(rf"(?<!\w)(?P<v>{DATE})(?!\w)\s*[(,–-]?\s*(?i:date\s+de\s+naissance|DDN|DOB|date\s+of\s+birth)"),
         score=0.95),
]

BANK_CONTEXT = _words("compte", "comptes", "account", "accounts", "transit", "bancaire", "bancaires", "banking",
                      "bank", "banque", r"d[ée]p[ôo]t\s+direct", r"direct\s+deposit", "institution", "succursale",
                      "branch", "caisse", "folio", "IBAN", "RIB", "chèque", "cheque", "spécimen", "void")
BANK_RULES = [
    Rule(re.compile(r"(?<![\w-])(?P<v>\d{5}[- ]\d{3}[- ]\d{5,12})(?![\w-])"),
         score=0.95, bare_score=0.7, context=BANK_CONTEXT, window=80),
    # "compte no 1234567", "account number: 004512398"
    Rule(re.compile(r"(?i:compte|account|folio)(?:\s+(?i:bancaire|chèques|épargne|chequing|savings|bank))?"
                    r"(?:\s*(?i:no\.?|n°|n[ºo]|number|num[ée]ro|#))?\s*:?\s*(?P<v>\d{5,12}(?:-\d{1,3})?)(?![\w-])"),
         score=0.9),
]

PLATE_RULES = [Rule(
    re.compile(r"(?<![\w-])(?P<v>[A-Z]{3,4}[ -]?\d{3}|\d{3}[ -]?[A-Z]{3}|[A-Z]\d{2}[ -]?[A-Z]{3}|[A-Z]{3}[ -]?\d[A-Z]\d"
               r"|F[A-Z]{2}[ -]?\d{4}|L\d{6}|[A-Z]{2}[ -]?\d{5})(?![\w-])"),
    score=0.92, bare_score=0.0,
    context=_words("plaque", "plaques", r"immatricul\w*", "plate", "plates", r"licen[cs]e\s+plate", "vehicle",
                   "véhicule", "camion", "truck", "van", "fourgonnette", "voiture", "car", "pickup", "camionnette",
                   "minibus", "autobus", "bus", "SAAQ", "MTO"), window=60,
)]

FULL_NAME = rf"{NAME_WORD}(?:{SEP}(?:{PARTICLE}{SEP})?{NAME_WORD}){{1,3}}"
# a company, not a person: « Fermes Lavoie inc. », "Lakeview Farms Ltd."
ORG_AFTER = re.compile(rf"{SEP}?,?{SEP}?(?i:inc|ltée|ltd|limited|limitée|corp|co|llc|s\.e\.n\.c|senc|enr)\b")
TITLES = (r"(?:M\.|MM\.|Mme|Mmes|Mlle|Me|Dr|Dre|Pr|Monsieur|Madame|Mademoiselle|Mr\.?|Mrs\.?|Ms\.?|Mx\.?|Miss|Mister|"
          r"Dr\.|Prof\.?|Sir)")
ROLES = (r"(?i:travailleur|travailleuse|travailleurs|salariée?|employée?|employee|worker|plaignante?|complainant|"
         r"inspecteur|inspectrice|inspector|officer|agente?|gérante?|manager|superviseur|superviseure|supervisor|"
         r"contremaître|contremaîtresse|foreman|forewoman|propriétaire|owner|président|présidente|president|"
         r"directeur|directrice|director|témoin|witness|requérante?|requester|applicant|demandeur|demanderesse|"
         r"collègue|colleague|coworker|co-worker|conjointe?|spouse|wife|husband|épouse|époux|mère|père|mother|father|"
         r"fils|fille|son|daughter|frère|sœur|brother|sister|signé|signed|signature|c\.c\.|demandeur|demanderesse|"
         r"requester|requérant|nom|name|destinataire|recipient|attention)")
PERSON_RULES = [
    Rule(re.compile(rf"(?<!\w){TITLES}{SEP}(?P<v>{NAME})"), score=0.86),
    Rule(re.compile(rf"(?i:nom|name|prénom\s+et\s+nom|nom\s+et\s+prénom|full\s+name|nom\s+complet)"
                    rf"{SEP}?:{SEP}?(?P<v>{NAME})"), score=0.86),
    # two capitalised words or more after a role word: « la travailleuse Ana Lucía Pérez », "Requester: Amira Haddad"
    Rule(re.compile(rf"(?<!\w){ROLES}{SEP}?[,:]?{SEP}(?P<v>{FULL_NAME})"), score=0.7,
         refuse_after=ORG_AFTER),
    # introductions and reported speech: "my name is", « je m'appelle », "according to", « selon »
    Rule(re.compile(rf"(?i:my{SEP}name{SEP}is|je{SEP}m['’]appelle|je{SEP}me{SEP}nomme|mon{SEP}nom{SEP}est|"
                    rf"according{SEP}to|selon|spoke{SEP}with|talked{SEP}to|parlé{SEP}avec|parlé{SEP}à|"
                    rf"in{SEP}the{SEP}name{SEP}of|au{SEP}nom{SEP}de|on{SEP}behalf{SEP}of|complaint{SEP}from|"
                    rf"plainte{SEP}de|passport{SEP}of|passeport{SEP}de|vehicle{SEP}of|véhicule{SEP}de)"
                    rf"{SEP}(?P<v>{FULL_NAME})"), score=0.7, refuse_after=ORG_AFTER),
]


class SpacyPersonRecognizer(SpacyRecognizer):
    """spaCy's person names, without the single words it mistakes for names at the start of a sentence
    (« Veuillez », "Worker's") or before a colon ("Tel.:", "Language:"), and single words that are not proper nouns."""

    def __init__(self, language: str) -> None:
        super().__init__(supported_language=language, supported_entities=["PERSON"])

    def analyze(self, text: str, entities: list[str], nlp_artifacts: NlpArtifacts | None = None
                ) -> list[RecognizerResult]:
        if nlp_artifacts is None:
            return []
        results = []
        for span, score in zip(nlp_artifacts.entities, nlp_artifacts.scores, strict=False):
            if span.label_ != "PERSON":
                continue
            words = [t for t in span if not t.is_punct]
            if len(words) == 1:
                word = words[0]
                following = span.doc[span.end] if span.end < len(span.doc) else None
                if (word.pos_ != "PROPN" or word.is_sent_start
                        or (following is not None and following.text in (":", "'s", "’s"))):
                    continue
            results.append(RecognizerResult("PERSON", span.start_char, span.end_char, score))
        return results


def recognizers(language: str) -> list[LocalRecognizer]:
    table = {
        "SIN": SIN_RULES, "PHONE": PHONE_RULES, "EMAIL": EMAIL_RULES, "ADDRESS": ADDRESS_RULES,
        "PASSPORT": PASSPORT_RULES, "PERMIT": PERMIT_RULES, "DATE_OF_BIRTH": DOB_RULES,
        "BANK_ACCOUNT": BANK_RULES, "LICENCE_PLATE": PLATE_RULES, "PERSON": PERSON_RULES,
    }
    return [SpacyPersonRecognizer(language)] + [
        ContextPatternRecognizer(entity, rules, language, f"Sentinelle{entity.title()}Recognizer_{language}")
        for entity, rules in table.items()]
