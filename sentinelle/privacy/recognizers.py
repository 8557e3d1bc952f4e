"""Recognisers of our own for Canadian formats and the workers' own documents, in French, English,
Spanish and Tagalog.

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

UPPER = "A-ZÀÁÂÄÇÉÈÊËÍÎÏÑÓÔÖÚÙÛÜŸ"
LOWER = "a-zàâäçéèêëîïôöùûüÿñíóúá"
SEP = r"[ \u00a0\u202f]"  # spaces, including no-break spaces
NAME_WORD = rf"(?:Mc|Mac|O['’])?[{UPPER}][{LOWER}]+(?:['’-][{UPPER}]?[{LOWER}]+)*"
PARTICLE = (r"(?:de(?:[ \u00a0](?:la|los|las))?|du|des|da|dos|das|del|dela|delos|della|van|von|der|den|la|le|di|bin|"
            r"ben|el|al|y)")
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
    paragraph: bool = False          # the context must be in the value's paragraph (no blank line between)
    refuse_window: int = 25          # characters before the value searched for `refuse`


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
                if rule.refuse and rule.refuse.search(text[max(0, start - rule.refuse_window):start]):
                    continue
                if rule.refuse_after and rule.refuse_after.match(text, end):
                    continue
                score = rule.score
                if rule.context is not None:
                    before = text[max(0, match.start() - rule.window):start]
                    if rule.paragraph:
                        before = before[before.rfind("\n\n") + 1:]
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
BOX = (r"(?:C\.\s?P\.|CP|(?i:case\s+postale|casier\s+postal|p\.\s?o\.\s?box|po\s+box|post\s+office\s+box|"
       r"apartado(?:\s+postal)?|apdo\.|casilla(?:\s+postal)?))")
STATION = (r"(?:succursale|succ\.|station|stn\.?|bureau\s+de\s+poste|comptoir\s+postal|postal\s+station|CSP|RPO|"
           r"LCD|PDF)")
STATION_NAME = rf"[{UPPER}0-9][\w'’.-]*(?:{SEP}[{UPPER}][\w'’.-]*){{0,2}}"
RURAL = r"(?:R\.\s?R\.|RR|Rural\s+Route|route\s+rurale)"
GENERAL = r"(?:General\s+Delivery|G\.\s?D\.|poste\s+restante|livraison\s+g[ée]n[ée]rale)"
PLACE = rf"[{UPPER}][\w'’-]*\w(?:(?:{SEP}|-)(?:(?:de|del|la|las|los|du|des|le|sur|en|ng){SEP}|-)?[{UPPER}][\w'’-]*\w){{0,3}}"
# a place, then up to two more after commas (city, province, country): « San Pedro Sula », "Cabuyao, Laguna"
PLACES = rf"(?:,{SEP}?{PLACE}){{1,3}}"
LATIN_STREET = (r"(?:Calle|Avenida|Av\.|Avda\.|Calzada|Calz\.|Carretera|Camino|Pasaje|Privada|Priv\.|Andador|"
                r"Callejón|Diagonal|Boulevard|Blvd\.|Kilómetro|Km\.?)")
LATIN_AREA = (r"(?:Colonia|Col\.|Barrio|Bo\.|Residencial|Res\.|Fraccionamiento|Fracc\.|Aldea|Caserío|Cantón|Zona|"
              r"Lotificación|Urbanización|Urb\.)")
LATIN_PART = (rf"(?:{LATIN_STREET}{SEP}(?:{PLACE}|\d{{1,4}}(?:{SEP}(?i:de){SEP}{PLACE})?)(?:{SEP}?(?:No\.?|Núm\.?|#|n[°º])?{SEP}?"
              rf"\d{{1,5}}[A-Z]?)?|{LATIN_AREA}{SEP}{PLACE}|(?:Casa|Lote|Manzana|Mz\.|Bloque|Apto\.|Depto\.|Int\.)"
              rf"{SEP}?(?:No\.?{SEP}?)?[\w-]{{1,5}})")
PH_PART = (r"(?:(?:Blk|Block|Lot|Phase|Ph\.|Unit|Purok|Sitio|Bldg\.?)\.?\s?[\dA-Z][\w-]{0,4}"
           rf"|(?:Brgy\.?|Barangay|Bgy\.?){SEP}{PLACE})")
ADDRESS_RULES = [
    # post-office boxes: « C.P. 2214, succursale Bureau-chef », "PO Box 1432, Station Main"
    Rule(re.compile(rf"(?<![\w]){BOX}{SEP}?(?:no\.?|n°|#)?{SEP}?\d{{1,6}}(?![\w-])"
                    rf"(?:,?{SEP}?(?i:{STATION}){SEP}{STATION_NAME})?{TAIL}"),
         score=0.9),
    # "Box 12" alone is many things (a box of a form): only when a station, a rural route or a town with its
    # province or postal code follows
    Rule(re.compile(rf"(?<![\w])Box{SEP}?#?{SEP}?\d{{1,6}}(?![\w-])"
                    rf"(?=,?{SEP}?(?i:{STATION}|{RURAL})|,?{SEP}?{CITY}\s*,?\s*\(?(?:{PROVINCES}\b|{POSTAL})|\s*,?\s*{POSTAL})"
                    rf"(?:,?{SEP}?(?i:{STATION}){SEP}{STATION_NAME})?{TAIL}"),
         score=0.9),
    # rural routes and general delivery: "RR 2, Harrow, ON N0R 1G0", « poste restante, Saint-Michel (Québec) »
    Rule(re.compile(rf"(?<![\w]){RURAL}{SEP}?#?{SEP}?\d{{1,3}}(?![\w-])(?:,?{SEP}?{CITY})?{TAIL}"), score=0.9),
    Rule(re.compile(rf"(?<![\w])(?i:{GENERAL})(?:,?{SEP}?{CITY})?{TAIL}"), score=0.9),
    # the source countries: « Colonia Rivera Hernández, Calle 5, Casa 22, San Pedro Sula »,
    # "Calle Morelos 45, Col. Centro, Tlaxcala", "Blk 5 Lot 12, Brgy. San Isidro, Cabuyao, Laguna"
    Rule(re.compile(rf"(?<![\w]){LATIN_PART}(?:,?{SEP}{LATIN_PART})*{PLACES}"), score=0.85),
    Rule(re.compile(rf"(?<![\w]){PH_PART}(?:,?{SEP}{PH_PART})*{PLACES}"), score=0.85),
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

PASSPORT_WORDS = _words("passeports?", "passports?", "pasaportes?", r"documents?\s+de\s+voyage", r"travel\s+documents?",
                        r"documentos?\s+de\s+viaje")
# what else a number near these words may be: then it is not taken for a passport
NOT_A_PASSPORT = re.compile(r"(?:NAS|SIN|NEQ|UCI|IUC|permis|permit|compte|account|cuenta|folio|transit|plaque|plate|"
                            r"immatricul\w*|t[ée]l\.?|t[ée]l[ée]phone|phone|cell\w*|dossier|file|case|cas|facture|"
                            r"invoice|r[ée]f[ée]rence|entreprise|business|BN|NE)\W{0,12}$", re.IGNORECASE)
BUSINESS_NUMBER_SUFFIX = re.compile(r"\s?R[TPCMZ]\s?\d{4}")
PASSPORT_RULES = [
    # The source countries' current formats, letters then digits: Canada, Trinidad and Tobago AB123456; Mexico
    # G12345678 (and El Salvador A12345678); Jamaica, India, Ghana A1234567; Thailand AA1234567; the Philippines
    # P1234567A (letter, seven digits, letter). People name the document once and give its number further on
    # ("the number on the copy is ..."): the word may be anywhere before, in the same paragraph.
    Rule(re.compile(r"(?<![\w-])(?P<v>[A-Z]{1,2}\d{6,8}|[A-Z]\d{7}[A-Z])(?![\w-])"),
         score=0.95, bare_score=0.0, context=PASSPORT_WORDS, window=400, after=60, paragraph=True,
         refuse=NOT_A_PASSPORT),
    # Guatemala: nine digits, the shape of many other numbers, so only close to the word
    Rule(re.compile(r"(?<![\w-])(?P<v>\d{9})(?![\w-])"),
         score=0.95, bare_score=0.0, context=PASSPORT_WORDS, window=60, paragraph=True, refuse=NOT_A_PASSPORT,
         refuse_after=BUSINESS_NUMBER_SUFFIX),
]

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
MONTHS_ES = (r"(?:enero|ene\.?|febrero|feb\.?|marzo|mar\.?|abril|abr\.?|mayo|junio|jun\.?|julio|jul\.?|agosto|ago\.?|"
             r"septiembre|setiembre|sept?\.?|octubre|oct\.?|noviembre|nov\.?|diciembre|dic\.?)")
MONTHS_TL = (r"(?:Enero|Pebrero|Peb\.?|Marso|Abril|Mayo|Hunyo|Hulyo|Agosto|Setyembre|Septiyembre|Oktubre|Nobyembre|"
             r"Disyembre)")
DAY = r"(?:1er|[0-3]?\d)(?:st|nd|rd|th)?"
YEAR = r"(?:19|20)\d{2}"
DATE = (rf"(?:{DAY}{SEP}(?i:{MONTHS_FR}|{MONTHS_EN}){SEP}{YEAR}"
        rf"|(?i:{MONTHS_EN}){SEP}{DAY},?{SEP}{YEAR}"
        rf"|{DAY}{SEP}(?i:de){SEP}(?i:{MONTHS_ES}){SEP}(?i:de|del){SEP}{YEAR}"
        rf"|(?:(?i:ika)-?{SEP}?{DAY}{SEP}ng{SEP})?(?i:{MONTHS_TL}),?{SEP}{YEAR}"
        rf"|(?i:{MONTHS_TL}){SEP}{DAY},?{SEP}{YEAR}"
        rf"|{DAY}{SEP}(?i:{MONTHS_ES}|{MONTHS_TL}),?{SEP}{YEAR}"
        rf"|{YEAR}[-/.](?:0?[1-9]|1[0-2])[-/.](?:0?[1-9]|[12]\d|3[01])"
        rf"|(?:0?[1-9]|[12]\d|3[01])[-/.](?:0?[1-9]|1[0-2])[-/.]{YEAR}"
        rf"|(?:0?[1-9]|1[0-2])/(?:0?[1-9]|[12]\d|3[01])/{YEAR})")
BIRTH_BEFORE = (r"(?:n[ée]e?(?:\(e\))?|date\s+de\s+naissance|DDN|D\.D\.N\.|naissance|DOB|D\.O\.B\.|"
                r"date\s+of\s+birth|birth\s*date|born|birthday|anniversaire|"
                r"nac[íi]|naci[óo]|nacid[oa]|nacimiento|F(?:echa)?\.?\s?(?:de\s)?nac\.|cumplea[ñn]os|"
                r"ipinanganak|isinilang|kapanganakan|kaarawan)")
DOB_RULES = [
    Rule(re.compile(rf"(?i:(?<!\w){BIRTH_BEFORE}(?!\w))[^\n\d]{{0,35}}?(?<!\w)(?P<v>{DATE})(?!\w)"), score=0.95),
    Rule(re.compile(rf"(?<!\w)(?P<v>{DATE})(?!\w)\s*[(,–-]?\s*(?i:date\s+de\s+naissance|DDN|DOB|date\s+of\s+birth|"
                    rf"fecha\s+de\s+nacimiento|petsa\s+ng\s+kapanganakan)"),
         score=0.95),
]

BANK_CONTEXT = _words("compte", "comptes", "account", "accounts", "transit", "bancaire", "bancaires", "banking",
                      "bank", "banque", r"d[ée]p[ôo]t\s+direct", r"direct\s+deposit", "institution", "succursale",
                      "branch", "caisse", "folio", "IBAN", "RIB", "chèque", "cheque", "spécimen", "void",
                      "cuentas?", "bancari[oa]s?", "banco", "tr[áa]nsito", "instituci[óo]n", r"dep[óo]sito", "bangko",
                      "tseke")
BANK_RULES = [
    Rule(re.compile(r"(?<![\w-])(?P<v>\d{5}[-– ]\d{3}[-– ]\d{5,12})(?![\w-])"),
         score=0.95, bare_score=0.7, context=BANK_CONTEXT, window=80),
    # "compte no 1234567", "account number: 004512398", "cuenta 1234567", "account ko: 1234567"
    Rule(re.compile(r"(?i:compte|account|folio|cuenta)(?:\s+(?i:bancaire|chèques|épargne|chequing|savings|bank|"
                    r"bancaria|de\s+ahorros|de\s+cheques|ko|sa\s+bangko))?"
                    r"(?:\s*(?i:no\.?|n°|n[ºo]|number|num[ée]ro|n[úu]mero|#))?\s*:?\s*(?P<v>\d{5,12}(?:-\d{1,3})?)(?![\w-])"),
         score=0.9),
    # institution first, as in electronic transfers: 003-12345-1234567
    Rule(re.compile(r"(?<![\w-])(?P<v>\d{3}[- ]\d{5}[- ]\d{5,12})(?![\w-])"),
         score=0.9, bare_score=0.0, context=BANK_CONTEXT, window=80),
    # the MICR line at the foot of a cheque: ⑈cheque⑈ ⑆transit⑉institution⑆ account⑈ (E-13B symbols; the
    # cheque's own number before it is not personal)
    Rule(re.compile(r"(?P<v>⑆\s?\d{5}\s?⑉?\s?\d{3}\s?⑆\s?\d[\d⑉ \-]{3,16}\d\s?⑈?)"), score=0.95),
    # the same line as text extracted from a MICR font, whose symbols come out as letters (⑆ A, ⑉ D, ⑈ C)
    Rule(re.compile(r"(?<![\w])(?P<v>A\d{5}D?\d{3}A\s?\d[\dD ]{3,16}\d\s?C?)(?![\w])"), score=0.9),
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


# ---- names that the context announces, a first name alone being enough
RELATIVES = {
    "fr": (r"(?:mon|ma|mes|notre|nos|son|sa|ses|leur|leurs)",
           r"(?:frères?|sœurs?|soeurs?|cousine?s?|oncles?|tantes?|mère|père|fils|filles?|femme|mari|conjointe?|"
           r"épouse|époux|beaux?-frères?|belles?-sœurs?|belles?-soeurs?|beaux?-pères?|belles?-mères?|neveux?|"
           r"nièces?|collègues?|amie?s?|voisine?s?|compagnon|compagne|camarades?|colocataires?|chum|blonde|"
           r"grand-mère|grand-père|petit-fils|petite-fille|enfants?|patron|patronne|contremaître)"),
    "en": (r"(?:my|his|her|our|their)",
           r"(?:brothers?|sisters?|cousins?|uncles?|aunts?|auntie|mother|father|mom|mum|dad|sons?|daughters?|wife|"
           r"husband|spouse|partner|girlfriend|boyfriend|fianc[ée]e?|nephews?|nieces?|friends?|co-?workers?|"
           r"colleagues?|roommates?|neighbou?rs?|brothers?-in-law|sisters?-in-law|grandmother|grandfather|"
           r"grandma|grandpa|child|kids?|boss|foreman|supervisor)"),
    "es": (r"(?:mi|mis|su|sus|nuestro|nuestra|nuestros|nuestras)",
           r"(?:herman[oa]s?|prim[oa]s?|t[íi][oa]s?|mam[áa]|pap[áa]|madre|padre|hij[oa]s?|esposa|esposo|mujer|"
           r"marido|novi[oa]|sobrin[oa]s?|cuñad[oa]s?|compañer[oa]s?|amig[oa]s?|vecin[oa]s?|abuel[oa]s?|"
           r"suegr[oa]s?|compadre|comadre|paisan[oa]s?|patr[óo]n|capataz|mayordomo|jefe|jefa)"),
}
TL_RELATIVES = (r"(?:kapatid|pinsan|asawa|anak|nanay|tatay|ina|ama|tiyo|tiya|tito|tita|lola|lolo|kaibigan|katrabaho|"
                r"kasama|pamangkin|bayaw|hipag|biyenan|kuya|ate|amo|kapatas)")
# verbs of calling and asking that take a person: "call Rogelio", « appelez Karla », "llamen a Julio"
CALL = {
    "fr": r"(?:appelez|appeler|appelle|contactez|contacter|joignez|joindre|demandez\s+à|parlez\s+à|parlé\s+à)",
    "en": r"(?:call|calling|called|ask|asked|contact|text|texted|phone|tell|told|spoke\s+to|talk\s+to)",
    "es": r"(?:llamen\s+a|llame\s+a|llamar\s+a|llamé\s+a|hablen\s+con|hablé\s+con|pregunten\s+por|"
          r"pregunten\s+a|contacten\s+a|avisen\s+a|busquen\s+a)",
}
# self-introductions: « c'est Lourdes qui vous écrit », "this is Lourdes writing", « me llamo », « ako si »
INTRODUCTIONS = {
    "fr": r"(?:c['’]est|ici)(?=\s+\S+(?:\s+\S+){0,3}\s+qui\s)",
    "en": r"(?:this\s+is|it['’]s)(?=\s+\S+(?:\s+\S+){0,3}\s+(?:writing|speaking|here|calling)\b)",
    "es": r"(?:me\s+llamo|mi\s+nombre\s+es|se\s+llama|se\s+llamaba|soy|yo\s+soy|nombre\s*:)",
    "tl": r"(?:ako\s+(?:po\s+)?si|ang\s+pangalan\s+ko\s+(?:po\s+)?ay|pangalan\s*:)",
}
TITLES_ES_TL = r"(?:Sr\.|Sra\.|Srta\.|Don|Doña|Lic\.|Ing\.|G\.|Gng\.|Bb\.|Ginoong|Ginang|Binibining)"
# surname first, in capitals, then the given names: "HERNÁNDEZ LÓPEZ José Luis", "DELA CRUZ, Ramil"
CAPS_WORD = rf"[{UPPER}]{{2,}}(?:['’-][{UPPER}]{{2,}})*"
_ACRONYM_WORDS = (
    "NAS SIN NEQ UCI IUC IRCC CIC CNESST CSST SAAQ MTO RAMQ OHIP WSIB ESDC EDSC CBSA ASFC CRA ARC DOB DDN PO CP RR "
    "QC ON BC NB NS MB AB SK PE PEI NL USA CANADA MEXICO TPS TVQ GST QST HST CAS PTET TFWP EIMT LMIA PTAS SAWP PTAT "
    "FTQ UFCW TUAC FERME FERMES SERRES INC LTD LTÉE SENC NOTE NB OBJET RE TR TEL TÉL FAX ID URGENT IMPORTANT AVIS "
    "RAPPORT PLAINTE DOSSIER ANNEXE PAGE COPIE CONFIDENTIEL CONFIDENTIAL SUBJECT ATTENTION ATTN DE FROM TO CC "
    "OK PDF COVID CV RH HR BN RT RP")
ACRONYMS = frozenset(_ACRONYM_WORDS.split())


def _surname_first(value: str) -> bool:
    """A name in capitals, not an acronym or a heading: every word in capitals has a vowel and none is a known
    acronym."""
    capitals = [w for w in re.split(r"[\s,]+", value) if w.isupper() and len(w) > 1]
    return bool(capitals) and not any(w.strip(",") in ACRONYMS or not re.search("[AEIOUYÀÁÂÄÉÈÊËÍÎÏÓÔÖÚÙÛÜ]", w)
                                      for w in capitals)


_STOP_WORDS = (
    "Je Il Elle On Nous Vous Ils Elles Le La Les Un Une Des Ce Cette Mais Et Ou Donc Car Si Au Aux En Dans Pour Par "
    "I He She We You They The A An It This That But And Or So If At In On To For By From With "
    "Yo Él Ella Nosotros Ellos El Los Las Una Unos Pero Y O Que En Con Por Para Del Al "
    "Ako Siya Kami Tayo Sila Ang Ng Mga Sa Na At Pero Kung Hindi "
    "Canada Canadá Québec Quebec Ontario Mexique Mexico México Guatemala Jamaïque Jamaica Philippines Pilipinas "
    "Filipinas Honduras Salvador Trinidad Inde India Ghana Thaïlande Thailand Tailandia "
    "Service Services Ministère Ministry Commission Bureau Centre Center Office Emploi Immigration Consulat "
    "Consulate Consulado Embassy Ambassade Embajada Police Policía Sûreté Clinique Clinic Clínica Hôpital Hospital "
    "Lundi Mardi Mercredi Jeudi Vendredi Samedi Dimanche Monday Tuesday Wednesday Thursday Friday Saturday Sunday "
    "Lunes Martes Miércoles Jueves Viernes Sábado Domingo Lunes Martes Huwebes Biyernes Sabado Linggo")
NAME_STOP = frozenset(_STOP_WORDS.split())


def _person_name(value: str) -> bool:
    """The first word of a name announced by its context is not a pronoun, an article or a country."""
    return value.split()[0] not in NAME_STOP


def person_rules(language: str) -> list[Rule]:
    """Names that the context announces in `language`: a relative or co-worker, someone to call, an introduction,
    a title; in Tagalog, the personal articles si, ni, kay. A first name alone is enough there."""
    rules = []
    if language in RELATIVES:
        owner, relative = RELATIVES[language]
        # « ma cousine Maricela », "my co-worker Delroy", « la sœur de la plaignante, Karla », "mi hermano Julio"
        rules.append(Rule(re.compile(
            rf"(?<!\w)(?i:{owner}{SEP}(?:[\w-]+{SEP})?{relative}|{relative}{SEP}(?:de|du|des|of|del|de{SEP}la|"
            rf"d['’])(?:{SEP}?(?:la|le|l['’]|the|mi|su|my|his|her))?{SEP}?[\w-]+)(?!\w){SEP}?,?{SEP}(?P<v>{NAME})"),
            score=0.75, refuse_after=ORG_AFTER, validate=_person_name))
    if language in CALL:
        rules.append(Rule(re.compile(rf"(?<!\w)(?i:{CALL[language]}){SEP}(?P<v>{NAME})(?=\s*(?:,|\bau\b|\bat\b|\bal\b|"
                                     rf"\bon\b|\bsur\b|\bfor\b|\bpour\b|\bpara\b|\ben\b|\bsi\b|\bif\b|[.;:!?(]|$))"),
                          score=0.7, refuse_after=ORG_AFTER, validate=_person_name))
    if language in INTRODUCTIONS:
        rules.append(Rule(re.compile(rf"(?<!\w)(?i:{INTRODUCTIONS[language]}){SEP}?(?P<v>{NAME})"), score=0.8,
                          refuse_after=ORG_AFTER, validate=_person_name))
    if language in ("es", "tl"):
        rules.append(Rule(re.compile(rf"(?<!\w){TITLES_ES_TL}{SEP}(?P<v>{NAME})"), score=0.86))
    if language == "tl":
        # « ang kapatid ko na si Nene », « tawagan ninyo si Liza »: si, ni and kay mark a person's name
        rules.append(Rule(re.compile(rf"(?<!\w)(?i:si|ni|kay|sina|nina|kina){SEP}(?P<v>{NAME})"), score=0.8,
                          refuse_after=ORG_AFTER, validate=_person_name))
        # the plural articles name several people: « sina Rodel at Arnel Santos »
        rules.append(Rule(re.compile(rf"(?<!\w)(?i:sina|nina|kina){SEP}{NAME}(?:,{SEP}{NAME})*{SEP}(?i:at){SEP}"
                                     rf"(?P<v>{NAME})"), score=0.8, refuse_after=ORG_AFTER, validate=_person_name))
        rules.append(Rule(re.compile(rf"(?<!\w)(?i:{TL_RELATIVES})(?:{SEP}(?i:ko|niya|namin|natin|nila|mo|ninyo))?"
                                     rf"{SEP}(?:(?i:na|ay|si){SEP})?(?P<v>{NAME})"), score=0.75,
                          refuse_after=ORG_AFTER, validate=_person_name))
    # surname first in capitals, at the start of a line or after a colon, comma, semicolon or bracket
    rules.append(Rule(re.compile(
        rf"(?:^|(?<=[\n:;,(])|(?<=[\n:;,(]{SEP}))(?P<v>{CAPS_WORD}(?:{SEP}{CAPS_WORD}){{0,2}},?{SEP}{NAME_WORD}"
        rf"(?:{SEP}{NAME_WORD}){{0,2}})(?![\w])", re.MULTILINE),
        score=0.8, refuse_after=ORG_AFTER, validate=_surname_first))
    return rules


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


def recognizers(language: str, *, spacy: bool = True) -> list[LocalRecognizer]:
    """Our recognisers for `language`; with `spacy`, spaCy's person names too (for a language with a pipeline)."""
    from sentinelle.privacy.pii_phones import PhoneNumbersRecognizer

    table = {
        "SIN": SIN_RULES, "PHONE": PHONE_RULES, "EMAIL": EMAIL_RULES, "ADDRESS": ADDRESS_RULES,
        "PASSPORT": PASSPORT_RULES, "PERMIT": PERMIT_RULES, "DATE_OF_BIRTH": DOB_RULES,
        "BANK_ACCOUNT": BANK_RULES, "LICENCE_PLATE": PLATE_RULES, "PERSON": PERSON_RULES + person_rules(language),
    }
    return ([SpacyPersonRecognizer(language)] if spacy else []) + [PhoneNumbersRecognizer(language)] + [
        ContextPatternRecognizer(entity, rules, language, f"Sentinelle{entity.title()}Recognizer_{language}")
        for entity, rules in table.items()]
