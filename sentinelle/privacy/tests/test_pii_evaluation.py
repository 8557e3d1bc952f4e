"""The labelled corpus, the scoring, and the detector's precision and recall against Presidio out of the box."""

import functools
import importlib.util
import json
import re

import pytest
from stdnum.ca import sin as stdnum_sin

from sentinelle.privacy import evaluation, pii
from sentinelle.privacy.evaluation import Example, evaluate, load_corpus, out_of_the_box
from sentinelle.privacy.pii import KINDS, Finding, find_personal_information

# spaCy loads once, in one worker
pytestmark = pytest.mark.xdist_group("spacy")


def _builder():
    spec = importlib.util.spec_from_file_location("build_corpus", evaluation.CORPUS_DIR / "build_corpus.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


# ---------------------------------------------------------------- the corpus

@pytest.mark.parametrize("language", ["fr", "en"])
def test_the_corpus_is_large_enough_and_its_offsets_are_right(language):
    examples = load_corpus([language])
    assert len(examples) >= 150
    assert sum(1 for e in examples if e.source == "handwritten") >= 40
    counts = dict.fromkeys(KINDS, 0)
    for example in examples:
        spans = sorted(example.entities)
        for (start, end, kind), following in zip(spans, [*spans[1:], None], strict=False):
            value = example.text[start:end]
            assert value and value == value.strip() and kind in KINDS
            assert following is None or end <= following[0], "labels overlap"
            counts[kind] += 1
            if kind == "SIN":
                assert stdnum_sin.is_valid(value.replace(" ", "").replace("-", "")), value
    assert min(counts.values()) >= 30, counts


def test_the_corpus_holds_negatives():
    texts = " ".join(e.text for e in load_corpus())
    for negative in ("CAS-20", "art. 53", "RT000", " $", "$"):
        assert negative in texts
    # SIN-like numbers with a wrong check digit, next to the word SIN/NAS, not labelled
    bad = 0
    for example in load_corpus():
        for match in re.finditer(r"(?<![\w-])\d{3}[ -]?\d{3}[ -]?\d{3}(?![\w-])", example.text):
            if not stdnum_sin.is_valid(re.sub(r"\D", "", match.group())):
                bad += 1
                # (a Guatemalan passport is nine digits too: labelled, but as a passport)
                assert not any(s <= match.start() < e and k == "SIN" for s, e, k in example.entities), match.group()
    assert bad >= 20


def test_the_committed_corpus_is_what_the_generator_writes():
    builder = _builder()
    for language in builder.LANGUAGES:
        rows = builder.rows_of(language)
        committed = [json.loads(line) for line in
                     (evaluation.CORPUS_DIR / f"{language}.jsonl").read_text(encoding="utf-8").splitlines()]
        assert rows == committed


def test_handwritten_markup_becomes_offsets(tmp_path, monkeypatch):
    builder = _builder()
    (tmp_path / "handwritten_fr.txt").write_text(
        "# comment\n\nAppeler [[PERSON|Ana Pérez]] au [[PHONE|514-555-0101]].\n\nRien ici.\n", encoding="utf-8")
    monkeypatch.setattr(builder, "HERE", tmp_path)
    rows = builder.handwritten("fr")
    assert rows == [
        {"text": "Appeler Ana Pérez au 514-555-0101.", "entities": [[8, 17, "PERSON"], [21, 33, "PHONE"]],
         "source": "handwritten"},
        {"text": "Rien ici.", "entities": [], "source": "handwritten"},
    ]


# ---------------------------------------------------------------- the scoring

def test_scoring_counts_a_finding_covering_half_of_a_labelled_span():
    text = "Jean Tremblay 514-555-0101 Ana"
    corpus = [Example(text, "fr", ((0, 13, "PERSON"), (14, 26, "PHONE")))]

    def detector(text, language):
        return [Finding(5, 13, "PERSON", 0.9),    # "Tremblay": 8 of 13 characters, found
                Finding(14, 19, "PHONE", 0.9),    # "514-5": 5 of 12, not enough
                Finding(27, 30, "PERSON", 0.9)]   # "Ana": no label, a false alarm

    report = evaluate(detector, corpus)
    person, phone = report.per_kind["PERSON"], report.per_kind["PHONE"]
    assert (person.labelled, person.found, person.findings, person.correct) == (1, 1, 2, 1)
    assert (phone.labelled, phone.found, phone.findings, phone.correct) == (1, 0, 1, 0)
    assert report.overall.recall == 1 / 2
    assert report.overall.precision == 1 / 3
    assert report.overall.f1 == pytest.approx(2 * (1 / 3) * (1 / 2) / (1 / 3 + 1 / 2))
    assert report.misses == [("PHONE", "514-555-0101", text)]


def test_a_finding_of_the_wrong_kind_is_both_a_miss_and_a_false_alarm():
    corpus = [Example("Né le 1987-03-12.", "fr", ((6, 16, "DATE_OF_BIRTH"),))]
    report = evaluate(lambda text, language: [Finding(6, 16, "PHONE", 0.9)], corpus)
    assert report.per_kind["DATE_OF_BIRTH"].recall == 0
    assert report.per_kind["PHONE"].precision == 0


# ---------------------------------------------------------------- the figures

@functools.cache
def _cached(detector):
    @functools.cache
    def run(text, language):
        return tuple(detector(text, language))
    return run


@pytest.fixture(scope="module")
def reports():
    """Both detectors on the whole corpus, each text analysed once (the engine loads once for the module)."""
    corpus = load_corpus()
    ours, theirs = _cached(find_personal_information), _cached(out_of_the_box)
    reports = {
        (name, part): evaluate(detector, [e for e in corpus if part == "all" or e.source == part])
        for name, detector in (("ours", ours), ("presidio", theirs))
        for part in ("all", "handwritten", "heldout", evaluation.HELD_OUT)
    }
    for language in ("es", "tl"):
        reports["ours", language] = evaluate(ours, [e for e in corpus if e.language == language
                                                    and e.source == evaluation.HELD_OUT])
    return reports


@pytest.mark.system
def test_the_held_out_part_on_the_workers_information(reports):
    """Numbers and passports of the source countries, bank accounts, post-office boxes, names announced by
    context, in four languages: recall >= 0.95 and precision >= 0.90, no kind under 0.85 recall, well ahead
    of Presidio out of the box; in Spanish and Tagalog, numbers, e-mails and addresses at recall >= 0.90."""
    ours, theirs = reports["ours", evaluation.HELD_OUT], reports["presidio", evaluation.HELD_OUT]
    assert ours.overall.labelled >= 120
    assert {e.language for e in load_corpus(source=evaluation.HELD_OUT)} == {"fr", "en", "es", "tl"}
    assert ours.overall.recall >= 0.95 and ours.overall.precision >= 0.90
    for kind, score in ours.per_kind.items():
        assert score.labelled == 0 or score.recall >= 0.85, (kind, score.recall)
    assert ours.overall.f1 > theirs.overall.f1
    for language in ("es", "tl"):
        kinds = reports["ours", language].per_kind
        for kind in ("PHONE", "EMAIL", "ADDRESS"):
            assert kinds[kind].labelled and kinds[kind].recall >= 0.90, (language, kind, kinds[kind].recall)


@pytest.mark.system
def test_overall_targets_are_met_and_ahead_of_presidio_out_of_the_box(reports):
    ours, theirs = reports["ours", "all"].overall, reports["presidio", "all"].overall
    assert ours.labelled >= 1000
    assert ours.recall >= 0.95
    assert ours.precision >= 0.85
    assert ours.recall > theirs.recall
    assert ours.precision > theirs.precision


@pytest.mark.system
def test_every_kind_is_found_at_least_as_well_as_out_of_the_box(reports):
    ours, theirs = reports["ours", "all"].per_kind, reports["presidio", "all"].per_kind
    for kind in KINDS:
        assert ours[kind].f1 >= theirs[kind].f1, kind
        assert ours[kind].recall >= 0.8, (kind, ours[kind].recall)


@pytest.mark.system
def test_the_handwritten_texts_held_apart_from_the_templates(reports):
    ours, theirs = reports["ours", "handwritten"].overall, reports["presidio", "handwritten"].overall
    assert ours.labelled >= 100
    assert ours.recall >= 0.9 and ours.precision >= 0.85
    assert ours.f1 > theirs.f1


@pytest.mark.system
def test_out_of_the_box_uses_presidio_types_mapped_to_ours():
    text = "Contact John Smith at john@example.org or 416-555-0199."
    kinds = {text[f.start:f.end]: f.kind for f in out_of_the_box(text, "en")}
    assert kinds.get("john@example.org") == "EMAIL"
    assert set(kinds.values()) <= set(KINDS)
    assert set(evaluation.OUT_OF_THE_BOX_MAPPING.values()) <= set(KINDS)
    assert pii.engine() is pii.engine()  # loaded once per process


def test_pii_report_scores_the_held_out_part_first_next_to_presidio():
    from io import StringIO

    from django.core.management import call_command

    out = StringIO()
    call_command("pii_report", "--language", "tl", stdout=out)
    text = out.getvalue()
    held_out, fresh = text.index("=== held-out part"), text.index("=== variants written after tuning")
    assert held_out < fresh < text.index("=== the rest of the corpus")
    section = text[held_out:fresh]
    assert "tl: 15 texts" in section and "Presidio P" in section
    rows = {line.split()[0]: line for line in section.splitlines() if "|" in line}
    assert {"PERSON", "PHONE", "EMAIL", "ADDRESS", "PASSPORT", "DATE_OF_BIRTH", "BANK_ACCOUNT", "overall"} <= set(rows)
    assert "SIN" not in rows  # a kind neither labelled nor found in these texts is left out
