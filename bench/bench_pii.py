"""Detection of personal information: throughput in words per second, French, English, Spanish and Tagalog.

In a process of its own (as the task worker would be): the time to load the engine
(both spaCy pipelines behind Presidio), then find_personal_information over the texts of
the labelled corpus (tests/pii_corpus) joined into pages of about 400 words and repeated
until each language has at least 50,000 words (Spanish and Tagalog, which have no spaCy
pipeline and go through our recognisers alone, from their held-out texts); one core, one call per page, the engine
already loaded. Also the peak resident memory of that process. No target on words per
second: the issue sets its target on the redaction of whole pages (bench_redaction). Wall-clock
and CPU-time figures are both given: on a shared machine the second is the steadier one."""

from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WORDS_PER_LANGUAGE = 50_000
PAGE_WORDS = 400


def _pages(language: str) -> list[str]:
    texts = [json.loads(line)["text"] for line in
             (ROOT / "tests" / "pii_corpus" / f"{language}.jsonl").read_text(encoding="utf-8").splitlines()]
    pages, page, words, total = [], [], 0, 0
    while total < WORDS_PER_LANGUAGE:
        for text in texts:
            page.append(text)
            words += len(text.split())
            if words >= PAGE_WORDS:
                pages.append("\n\n".join(page))
                total += words
                page, words = [], 0
                if total >= WORDS_PER_LANGUAGE:
                    break
    return pages


def child() -> None:
    """Measure in this process and print the figures as JSON."""
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sentinelle.settings")
    import django

    django.setup()
    from sentinelle.privacy import pii

    started, cpu = time.perf_counter(), time.process_time()
    pii.engine()
    pii.find_personal_information("Bonjour.", "fr")  # first call of each pipeline builds its caches
    pii.find_personal_information("Hello.", "en")
    pii.find_personal_information("Hola.", "es")
    pii.find_personal_information("Kumusta.", "tl")
    result: dict[str, float] = {"load_seconds": time.perf_counter() - started,
                                "load_cpu_seconds": time.process_time() - cpu}
    for language in pii.LANGUAGES:
        pages = _pages(language)
        words = sum(len(p.split()) for p in pages)
        findings = 0
        started, cpu = time.perf_counter(), time.process_time()
        for page in pages:
            findings += len(pii.find_personal_information(page, language))
        seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
        result[f"{language}_words"] = words
        result[f"{language}_words_per_second"] = words / seconds
        result[f"{language}_words_per_cpu_second"] = words / cpu
        result[f"{language}_pages_per_second"] = len(pages) / seconds
        result[f"{language}_findings"] = findings
    result["peak_rss_mib"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print("RESULT " + json.dumps(result))


def run() -> list:
    from harness import Figure

    out = subprocess.run([sys.executable, __file__, "--child"], cwd=ROOT, capture_output=True, text=True,
                         check=True, timeout=1800).stdout
    data = json.loads(next(line for line in out.splitlines() if line.startswith("RESULT "))[7:])
    figures = [Figure("pii detection: engine load time (both spaCy pipelines)", data["load_seconds"], "s"),
               Figure("pii detection: engine load, CPU time", data["load_cpu_seconds"], "s")]
    for language in ("fr", "en", "es", "tl"):
        figures += [
            Figure(f"pii detection {language}: throughput, 1 core ({int(data[f'{language}_words'])} words)",
                   data[f"{language}_words_per_second"], "words/s"),
            Figure(f"pii detection {language}: throughput per CPU second (the machine may be shared)",
                   data[f"{language}_words_per_cpu_second"], "words/s"),
            Figure(f"pii detection {language}: pages of {PAGE_WORDS} words per second",
                   data[f"{language}_pages_per_second"], "pages/s"),
        ]
    figures.append(Figure("pii detection: peak memory of the process", data["peak_rss_mib"], "MiB"))
    return figures


if __name__ == "__main__":
    if "--child" in sys.argv:
        child()
    else:
        sys.path.insert(0, str(Path(__file__).resolve().parent))
        for f in run():
            print(f"{f.name}: {f.value:.2f} {f.unit}")
