"""Precision and recall of the detection of personal information on the labelled corpus
(tests/pii_corpus), per kind and per language, ours next to Presidio out of the box.

The held-out part on the workers' own information (``evaluation.HELD_OUT``) is scored first and
apart, then the variants written after tuning (``evaluation.FRESH``), then the rest of the corpus.

    manage.py pii_report [--language fr|en|es|tl] [--source generated|handwritten|heldout|workers|...] [--errors]
    manage.py pii_report --write-manifest    # record the sha256 of the installed spaCy pipelines
"""

from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from sentinelle.privacy import evaluation, pii

SOURCES = ("generated", "handwritten", "heldout", evaluation.HELD_OUT, evaluation.FRESH)


class Command(BaseCommand):
    help = "Precision and recall of the detection of personal information, ours and Presidio out of the box."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--language", choices=pii.LANGUAGES, action="append",
                            help="only this language (repeatable); all by default")
        parser.add_argument("--source", choices=SOURCES,
                            help="only this part of the corpus; by default the held-out part on the workers' "
                                 "information first, then the variants written after tuning, then the rest")
        parser.add_argument("--errors", action="store_true", help="list our misses and false alarms")
        parser.add_argument("--write-manifest", action="store_true",
                            help="write sentinelle/privacy/model_manifest.json from the installed pipelines")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["write_manifest"]:
            pii.MANIFEST.write_text(json.dumps(pii.model_manifest(), indent=1, sort_keys=True) + "\n")
            self.stdout.write(f"written {pii.MANIFEST}")
            return
        languages = options["language"] or list(pii.LANGUAGES)
        if options["source"]:
            parts: list[tuple[str, tuple[str, ...]]] = [(options["source"], (options["source"],))]
        else:
            parts = [("held-out part, the workers' information", (evaluation.HELD_OUT,)),
                     ("variants written after tuning", (evaluation.FRESH,)),
                     ("the rest of the corpus", ("generated", "handwritten", "heldout"))]
        for title, sources in parts:
            self.stdout.write(f"\n=== {title}")
            groups = [[language] for language in languages] + ([languages] if len(languages) > 1 else [])
            for group in groups:
                corpus = evaluation.load_corpus(group, source=sources)
                if corpus:
                    self._report("+".join(group), corpus, errors=options["errors"])

    def _report(self, title: str, corpus: list[Any], *, errors: bool) -> None:
        ours = evaluation.evaluate(pii.find_personal_information, corpus)
        theirs = evaluation.evaluate(evaluation.out_of_the_box, corpus)
        self.stdout.write(f"\n{title}: {len(corpus)} texts, {ours.overall.labelled} labelled spans")
        self.stdout.write(f"{'kind':<14} {'spans':>5} | {'ours P':>6} {'R':>5} {'F1':>5} | "
                          f"{'Presidio P':>10} {'R':>5} {'F1':>5}")
        for a, b in zip(evaluation.table(ours), evaluation.table(theirs), strict=True):
            if not (a[1] or a[2] or b[2]):
                continue  # a kind neither labelled nor found by either
            self.stdout.write(f"{a[0]:<14} {a[1]:>5} | {_p(a):>6} {a[4]:>5.3f} {a[5]:>5.3f} | "
                              f"{_p(b):>10} {b[4]:>5.3f} {b[5]:>5.3f}")
        if errors:
            for kind, value, context in ours.misses:
                self.stdout.write(f"  missed {kind}: {value!r} in …{context}…")
            for kind, value, context in ours.false_alarms:
                self.stdout.write(f"  false {kind}: {value!r} in …{context}…")


def _p(row: tuple[str, int, int, float, float, float]) -> str:
    """Precision, or a dash when there was no finding to be right or wrong about."""
    return f"{row[3]:.3f}" if row[2] else "—"
