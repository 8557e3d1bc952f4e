"""Precision and recall of the detection of personal information on the labelled corpus
(tests/pii_corpus), per kind and per language, ours next to Presidio out of the box.

    manage.py pii_report [--language fr|en] [--source generated|handwritten] [--errors]
    manage.py pii_report --write-manifest    # record the sha256 of the installed spaCy pipelines
"""

from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandParser


class Command(BaseCommand):
    help = "Precision and recall of the detection of personal information, ours and Presidio out of the box."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--language", choices=["fr", "en"], action="append",
                            help="only this language (repeatable); both by default")
        parser.add_argument("--source", choices=["generated", "handwritten", "heldout"],
                            help="only the generated or the hand-written texts")
        parser.add_argument("--errors", action="store_true", help="list our misses and false alarms")
        parser.add_argument("--write-manifest", action="store_true",
                            help="write sentinelle/privacy/model_manifest.json from the installed pipelines")

    def handle(self, *args: Any, **options: Any) -> None:
        from sentinelle.privacy import evaluation, pii

        if options["write_manifest"]:
            pii.MANIFEST.write_text(json.dumps(pii.model_manifest(), indent=1, sort_keys=True) + "\n")
            self.stdout.write(f"written {pii.MANIFEST}")
            return
        languages = options["language"] or list(pii.LANGUAGES)
        parts = [[language] for language in languages] + ([languages] if len(languages) > 1 else [])
        for part in parts:
            corpus = evaluation.load_corpus(part, source=options["source"])
            ours = evaluation.evaluate(pii.find_personal_information, corpus)
            theirs = evaluation.evaluate(evaluation.out_of_the_box, corpus)
            title = "+".join(part) + (f", {options['source']}" if options["source"] else "")
            self.stdout.write(f"\n{title}: {len(corpus)} texts, {ours.overall.labelled} labelled spans")
            self.stdout.write(f"{'kind':<14} {'spans':>5} | {'ours P':>6} {'R':>5} {'F1':>5} | "
                              f"{'Presidio P':>10} {'R':>5} {'F1':>5}")
            for a, b in zip(evaluation.table(ours), evaluation.table(theirs), strict=False):
                self.stdout.write(f"{a[0]:<14} {a[1]:>5} | {_p(a):>6} {a[4]:>5.3f} {a[5]:>5.3f} | "
                                  f"{_p(b):>10} {b[4]:>5.3f} {b[5]:>5.3f}")
            if options["errors"]:
                for kind, value, context in ours.misses:
                    self.stdout.write(f"  missed {kind}: {value!r} in …{context}…")
                for kind, value, context in ours.false_alarms:
                    self.stdout.write(f"  false {kind}: {value!r} in …{context}…")


def _p(row: tuple[str, int, int, float, float, float]) -> str:
    """Precision, or a dash when there was no finding to be right or wrong about."""
    return f"{row[3]:.3f}" if row[2] else "—"
