"""Precision and recall of a detector of personal information on a labelled corpus.

Matching is overlap-based, per kind: a labelled span is found (a true positive for
recall) when a finding of the same kind covers at least half of its characters; a
finding is correct (a true positive for precision) when it covers at least half of
the characters of a labelled span of the same kind. A finding of the wrong kind is
both a false positive (for its kind) and leaves the labelled span missed. Overall
figures are micro-averaged over all kinds (every span counts once).

``out_of_the_box`` is Presidio's default configuration on the same spaCy models (all
their components enabled, as Presidio loads them): its predefined recognisers and spaCy
entities, none of ours, with the nearest of its entity types mapped to our kinds. Presidio
has no pipeline here for Spanish or Tagalog: out of the box, their texts go through its
English configuration (the only way to run it on them without a model of theirs).

The corpus has a held-out part, ``HELD_OUT`` (the workers' own information: numbers and
passports of the source countries, bank accounts, post-office boxes, names announced by
context, in the four languages), written before the detector was tuned for it and scored
apart from the rest (``manage.py pii_report`` shows it first).
"""

from __future__ import annotations

import functools
import json
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sentinelle.privacy.pii import (
    KINDS,
    LANGUAGES,
    SPACY_MODELS,
    Finding,
    nlp_engine,
    prepare_environment,
    resolve,
)

Detector = Callable[[str, str], Sequence[Finding]]
CORPUS_DIR = Path(__file__).resolve().parents[2] / "tests" / "pii_corpus"
MIN_COVER = 0.5
HELD_OUT = "workers"      # the held-out part on the workers' own information, scored first and apart
FRESH = "workers_fresh"   # variants written after the detector was tuned on the held-out part

# Presidio's entity types mapped to our kinds where one exists.
OUT_OF_THE_BOX_MAPPING = {
    "PERSON": "PERSON", "PHONE_NUMBER": "PHONE", "EMAIL_ADDRESS": "EMAIL", "EMAIL": "EMAIL", "LOCATION": "ADDRESS",
    "DATE_TIME": "DATE_OF_BIRTH", "US_PASSPORT": "PASSPORT", "US_BANK_NUMBER": "BANK_ACCOUNT",
    "IBAN_CODE": "BANK_ACCOUNT", "US_DRIVER_LICENSE": "LICENCE_PLATE", "US_SSN": "SIN",
}


@dataclass(frozen=True)
class Example:
    text: str
    language: str
    entities: tuple[tuple[int, int, str], ...]
    source: str = "generated"


@dataclass
class Score:
    kind: str
    labelled: int = 0       # spans in the corpus
    found: int = 0          # labelled spans that a finding covers
    findings: int = 0       # findings of the detector
    correct: int = 0        # findings that cover a labelled span

    @property
    def precision(self) -> float:
        return self.correct / self.findings if self.findings else 1.0

    @property
    def recall(self) -> float:
        return self.found / self.labelled if self.labelled else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


@dataclass
class Report:
    per_kind: dict[str, Score]
    overall: Score
    misses: list[tuple[str, str, str]]          # (kind, labelled text, the text around) not found
    false_alarms: list[tuple[str, str, str]]    # (kind, finding text, the text around) wrong


def load_corpus(languages: Iterable[str] = LANGUAGES, *, source: str | Sequence[str] | None = None,
                directory: Path = CORPUS_DIR) -> list[Example]:
    """The labelled corpus (tests/pii_corpus/<language>.jsonl); `source` keeps only that part (or those parts):
    "generated", "handwritten", "heldout", HELD_OUT or FRESH."""
    sources = (source,) if isinstance(source, str) else source
    examples = []
    for language in languages:
        with open(directory / f"{language}.jsonl", encoding="utf-8") as lines:
            for line in lines:
                row = json.loads(line)
                if sources and row.get("source") not in sources:
                    continue
                examples.append(Example(row["text"], language, tuple((s, e, k) for s, e, k in row["entities"]),
                                        row.get("source", "generated")))
    return examples


def _covers(finding: tuple[int, int], span: tuple[int, int]) -> bool:
    overlap = min(finding[1], span[1]) - max(finding[0], span[0])
    return overlap > 0 and overlap >= MIN_COVER * (span[1] - span[0])


def evaluate(detector: Detector, corpus: Iterable[Example]) -> Report:
    per_kind = {kind: Score(kind) for kind in KINDS}
    misses: list[tuple[str, str, str]] = []
    false_alarms: list[tuple[str, str, str]] = []

    def around(text: str, start: int, end: int) -> str:
        return text[max(0, start - 40):end + 40]

    for example in corpus:
        findings = [f for f in detector(example.text, example.language) if f.kind in per_kind]
        for start, end, kind in example.entities:
            per_kind[kind].labelled += 1
            if any(f.kind == kind and _covers((f.start, f.end), (start, end)) for f in findings):
                per_kind[kind].found += 1
            else:
                misses.append((kind, example.text[start:end], around(example.text, start, end)))
        for f in findings:
            per_kind[f.kind].findings += 1
            if any(kind == f.kind and _covers((f.start, f.end), (start, end)) for start, end, kind in example.entities):
                per_kind[f.kind].correct += 1
            else:
                false_alarms.append((f.kind, example.text[f.start:f.end], around(example.text, f.start, f.end)))
    overall = Score("overall")
    for score in per_kind.values():
        overall.labelled += score.labelled
        overall.found += score.found
        overall.findings += score.findings
        overall.correct += score.correct
    return Report(per_kind, overall, misses, false_alarms)


@functools.cache
def _default_engine() -> Any:
    prepare_environment()
    from presidio_analyzer import AnalyzerEngine, RecognizerRegistry

    languages = list(SPACY_MODELS)
    registry = RecognizerRegistry(supported_languages=languages)
    registry.load_predefined_recognizers(languages=languages, nlp_engine=nlp_engine(full=True))
    return AnalyzerEngine(nlp_engine=nlp_engine(full=True), registry=registry, supported_languages=languages)


def out_of_the_box(text: str, language: str) -> list[Finding]:
    """Presidio as it comes (default recognisers, default score threshold), mapped to our kinds, without overlaps;
    a language without a spaCy pipeline here (Spanish, Tagalog) goes through its English configuration."""
    language = language if language in SPACY_MODELS else "en"
    findings = [Finding(r.start, r.end, OUT_OF_THE_BOX_MAPPING[r.entity_type], float(r.score))
                for r in _default_engine().analyze(text=text, language=language)
                if r.entity_type in OUT_OF_THE_BOX_MAPPING]
    return resolve(findings)


def table(report: Report) -> list[tuple[str, int, int, float, float, float]]:
    """Rows (kind, labelled, findings, precision, recall, F1), then the overall row."""
    rows = [(s.kind, s.labelled, s.findings, s.precision, s.recall, s.f1) for s in report.per_kind.values()]
    o = report.overall
    return [*rows, ("overall", o.labelled, o.findings, o.precision, o.recall, o.f1)]
