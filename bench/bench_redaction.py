"""Redaction of a 100-page inspection file, end to end, on one core.

A PDF of 100 pages of French inspection-file text (each page names workers and
witnesses and gives their phone numbers, social insurance numbers and addresses)
goes through `read.propose` (text of each page, detection, words mapped to
rectangles) and `apply.apply` (true redaction of every proposal, stripping,
verification that nothing covered can be extracted), in a child process pinned to
one CPU, as the task worker would run it. The detection engine is loaded before the
clock starts (once per worker process); its load time is a figure of its own.

Figures: pages per second end to end (target >= 5; on the CPU time of the pinned
core, with the wall-clock rate beside it), the detection and the redaction times, the peak resident memory of the process (ru_maxrss), and how many
of the planted values (SIN, phone) are still readable in the released file."""

from __future__ import annotations

import json
import os
import random
import subprocess
import sys
import time
from pathlib import Path

from harness import ROOT, Figure, print_table

PAGES = 100
TARGET_PAGES_PER_SECOND = 5.0

FIRST = ["Jean", "Marie", "Luc", "Sophie", "Mathieu", "Isabelle", "Karim", "Nathalie", "François", "Émilie",
         "Mamadou", "Geneviève", "Patrick", "Chantal", "Olivier", "Fatima", "Stéphane", "Julie", "Alexandre",
         "Mélanie"]
LAST = ["Tremblay", "Gagnon", "Roy", "Côté", "Bouchard", "Gauthier", "Morin", "Lavoie", "Fortin", "Gagné",
        "Ouellet", "Pelletier", "Bélanger", "Lévesque", "Bergeron", "Leblanc", "Paquette", "Girard", "Simard",
        "Diallo"]
STREETS = ["rue Saint-Denis", "boulevard René-Lévesque", "avenue du Parc", "rue King Ouest", "chemin Sainte-Foy",
           "rue des Érables", "boulevard Talbot", "rue Principale"]
CITIES = [("Montréal", "H2X 1K4"), ("Québec", "G1R 4P5"), ("Laval", "H7N 2K9"), ("Gatineau", "J8X 3X7"),
          ("Sherbrooke", "J1H 1Z2"), ("Saguenay", "G7H 5B1")]


def _sin(rng: random.Random) -> str:
    """A social insurance number with a valid check digit (first digit 1 to 7 or 9)."""
    while True:
        digits = [rng.choice([1, 2, 3, 4, 5, 6, 7, 9])] + [rng.randrange(10) for _ in range(7)]
        total = 0
        for i, d in enumerate(digits):
            d = d * 2 if i % 2 else d
            total += d - 9 if d > 9 else d
        check = (10 - total % 10) % 10
        number = "".join(map(str, [*digits, check]))
        return f"{number[:3]} {number[3:6]} {number[6:]}"


def _phone(rng: random.Random) -> str:
    return f"{rng.choice(['514', '438', '418', '819', '450'])}-555-{rng.randrange(10000):04d}"


def _page_text(rng: random.Random, number: int) -> tuple[str, list[str]]:
    worker = f"{rng.choice(FIRST)} {rng.choice(LAST)}"
    witness = f"{rng.choice(FIRST)} {rng.choice(LAST)}"
    foreman = f"{rng.choice(FIRST)} {rng.choice(LAST)}"
    city, postal = rng.choice(CITIES)
    address = f"{rng.randrange(10, 9999)}, {rng.choice(STREETS)}, {city} (Québec) {postal}"
    sin, phone, phone2 = _sin(rng), _phone(rng), _phone(rng)
    text = (
        f"Dossier d'inspection 2026-{number:04d} — Rapport de visite, page {number}\n\n"
        f"Le {rng.randrange(1, 28)} mars 2026, l'inspectrice s'est présentée à l'établissement de l'employeur "
        "Serres du Nord inc., situé dans la zone industrielle, à la suite d'une plainte reçue par la ligne "
        "de signalement. La visite a duré environ trois heures et s'est déroulée en présence du contremaître "
        f"{foreman}, qui a collaboré à la visite des lieux et remis les registres de présence demandés.\n\n"
        f"Le plaignant, M. {worker}, numéro d'assurance sociale {sin}, domicilié au {address}, peut être "
        f"joint au {phone}. Il déclare avoir travaillé plus de soixante heures par semaine pendant la "
        "saison sans recevoir la rémunération des heures supplémentaires prévue par la Loi sur les normes "
        "du travail. Il affirme aussi que son passeport lui a été retiré à son arrivée et qu'il ne lui a été "
        "rendu qu'à la fin de son contrat.\n\n"
        f"Le témoin, Mme {witness}, jointe au {phone2}, confirme les horaires décrits par le plaignant et "
        "ajoute que les travailleurs étaient logés dans un bâtiment sans chauffage adéquat. Elle précise que "
        "les retenues sur le salaire pour le logement n'étaient pas indiquées sur les bulletins de paie.\n\n"
        "Constats : les registres de paie ne mentionnent pas les heures effectuées au-delà de quarante heures; "
        "les bulletins de paie ne détaillent pas les retenues; aucun document ne montre que les travailleurs "
        "ont consenti à la garde de leurs pièces d'identité. L'inspectrice recommande un avis de correction "
        "avec un délai de trente jours et une visite de suivi, et transmet le dossier à l'équipe régionale "
        "pour l'évaluation d'une poursuite pénale."
    )
    return text, [sin, phone, phone2]


def build_pdf(pages: int = PAGES, seed: int = 7) -> tuple[bytes, list[str]]:
    import pymupdf

    rng = random.Random(seed)  # noqa: S311 - reproducible test data
    doc = pymupdf.open()
    planted: list[str] = []
    for number in range(1, pages + 1):
        text, values = _page_text(rng, number)
        planted += values
        page = doc.new_page(width=612, height=792)
        page.insert_textbox(pymupdf.Rect(72, 72, 540, 720), text, fontsize=11, fontname="helv")
    return bytes(doc.tobytes(garbage=3, deflate=True)), planted


def child() -> dict[str, float]:
    """Runs in the pinned process: prints the measures as JSON."""
    import resource

    os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})
    os.environ.setdefault("TLDEXTRACT_PUBLIC_SUFFIX_LIST_URLS", "")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sentinelle.settings")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from sentinelle.privacy.pii import find_personal_information
    from sentinelle.privacy.redaction import apply, read

    pdf, planted = build_pdf()
    start = time.perf_counter()
    find_personal_information("Le plaignant, Jean Tremblay, joint au 514-555-0199.", "fr")
    load = time.perf_counter() - start

    wall, cpu = time.perf_counter(), time.process_time()
    proposals = read.propose(pdf, "fr")
    detect, detect_cpu = time.perf_counter() - wall, time.process_time() - cpu
    boxes = [apply.Box(p.page, p.rect, "art. 53, 54") for p in proposals]
    wall, cpu = time.perf_counter(), time.process_time()
    released = apply.apply(pdf, boxes)
    redact, redact_cpu = time.perf_counter() - wall, time.process_time() - cpu
    left = apply.leaked_strings(released, planted)
    return {"load": load, "detect": detect, "apply": redact, "detect_cpu": detect_cpu, "apply_cpu": redact_cpu,
            "proposals": len(proposals),
            "planted": len(planted), "left": len(left),
            "rss_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}


def run() -> list[Figure]:
    env = {**os.environ, "TLDEXTRACT_PUBLIC_SUFFIX_LIST_URLS": ""}
    out = subprocess.run([sys.executable, str(Path(__file__).resolve()), "--child"], cwd=ROOT, env=env,
                         check=True, capture_output=True, text=True, timeout=1800).stdout
    m = json.loads(out.strip().splitlines()[-1])
    rate = PAGES / (m["detect"] + m["apply"])
    rate_cpu = PAGES / (m["detect_cpu"] + m["apply_cpu"])
    return [
        # The process is pinned to one core: on a quiet machine its CPU time is its
        # wall time; on a shared one (CI, several jobs) the wall time also counts
        # the waits for that core, so both are given and the target is judged on CPU.
        Figure(f"redaction of a {PAGES}-page PDF, one core: pages per second (CPU time)", rate_cpu, "pages/s",
               f">= {TARGET_PAGES_PER_SECOND:.0f}", rate_cpu >= TARGET_PAGES_PER_SECOND),
        Figure(f"redaction of a {PAGES}-page PDF, one core: pages per second (wall clock)", rate, "pages/s"),
        Figure(f"redaction: detection (propose), {PAGES} pages, CPU", m["detect_cpu"], "s"),
        Figure(f"redaction: apply + strip + verify, {PAGES} pages, CPU", m["apply_cpu"], "s"),
        Figure(f"redaction: detection (propose), {PAGES} pages, wall", m["detect"], "s"),
        Figure(f"redaction: apply + strip + verify, {PAGES} pages, wall", m["apply"], "s"),
        Figure("redaction: proposals found", m["proposals"], "count"),
        Figure("redaction: planted SIN and phone numbers still readable", m["left"], "count",
               f"0 of {m['planted']}", m["left"] == 0),
        Figure("redaction: detection engine load (once per worker)", m["load"], "s"),
        Figure("redaction worker: peak memory (ru_maxrss)", m["rss_mib"], "MiB"),
    ]


if __name__ == "__main__":
    if sys.argv[1:] == ["--child"]:
        print(json.dumps(child()))
    else:
        print_table(run())
