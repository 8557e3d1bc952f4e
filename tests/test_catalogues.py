"""Every user-facing string is translated: French and English for every page,
Spanish and Tagalog for the pages workers see."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.core.management import call_command

# The messages are extracted once, in one worker
pytestmark = pytest.mark.xdist_group("catalogues")

LOCALE = Path(settings.BASE_DIR) / "locale"
# Files whose strings a worker sees (public pages and what they include).
WORKER_SOURCES = (
    "templates/base.html",
    "templates/public_base.html",
    "templates/includes/",
    "templates/errors/",
    "templates/unavailable.html",
    "sentinelle/intake/templates/intake/home.html",
    "sentinelle/intake/templates/intake/public/",
    "sentinelle/intake/views_public.py",
    "sentinelle/intake/forms_public.py",
    "sentinelle/intake/service_points.py",
    "sentinelle/intake/views_service_points.py",
    "sentinelle/intake/models.py",
    "sentinelle/lib/uploads/",
    "sentinelle/lib/geo.py",
    "sentinelle/dashboard/public.py",
    "sentinelle/dashboard/views_public.py",
    "sentinelle/dashboard/templates/dashboard/public/",
    "sentinelle/forecast/quarters.py",
)


def _catalogue(language: str) -> polib.POFile:
    return polib.pofile(str(LOCALE / language / "LC_MESSAGES" / "django.po"))


def _live(po: polib.POFile) -> list[polib.POEntry]:
    return [e for e in po if not e.obsolete and e.msgid]


def _key(entry: polib.POEntry) -> tuple[str | None, str]:
    return (entry.msgctxt, entry.msgid)


@pytest.fixture(scope="module")
def extracted(tmp_path_factory) -> set[tuple[str | None, str]]:
    """The messages the code uses today, extracted afresh with makemessages.

    makemessages writes next to the sources it reads, so it runs on a copy of the
    sources: the real catalogues are never touched by the test."""
    if shutil.which("xgettext") is None:
        pytest.fail("GNU gettext is missing: `make test` installs it (scripts/install_system_deps.sh).")
    copy = tmp_path_factory.mktemp("sources")
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc", "tests")
    for folder in ("sentinelle", "templates"):
        shutil.copytree(Path(settings.BASE_DIR) / folder, copy / folder, ignore=ignore)
    (copy / "locale").mkdir()
    cwd = os.getcwd()
    os.chdir(copy)
    try:
        from django.test import override_settings

        with override_settings(LOCALE_PATHS=[str(copy / "locale")]):
            call_command("makemessages", locale=["fr"], verbosity=0)
    finally:
        os.chdir(cwd)
    fresh = polib.pofile(str(copy / "locale" / "fr" / "LC_MESSAGES" / "django.po"))
    return {_key(e) for e in _live(fresh)}


@pytest.mark.parametrize("language", ["fr", "en", "es", "tl"])
def test_catalogue_has_every_message_of_the_code(language, extracted):
    present = {_key(e) for e in _live(_catalogue(language))}
    missing = sorted(m for _ctx, m in extracted - present)
    assert not missing, f"{language}: run `make messages` and translate: {missing[:20]}"


@pytest.mark.parametrize("language", ["fr", "en"])
def test_official_languages_are_complete_and_not_fuzzy(language):
    po = _catalogue(language)
    untranslated = [e.msgid for e in _live(po) if not e.translated()]
    fuzzy = [e.msgid for e in _live(po) if "fuzzy" in e.flags]
    assert not untranslated, f"{language}: untranslated messages: {untranslated[:20]}"
    assert not fuzzy, f"{language}: fuzzy messages: {fuzzy[:20]}"


@pytest.mark.parametrize("language", ["es", "tl"])
def test_worker_pages_are_complete_in_spanish_and_tagalog(language):
    po = _catalogue(language)
    worker_entries = [
        e for e in _live(po) if any(path.startswith(WORKER_SOURCES) for path, _line in e.occurrences)
    ]
    assert worker_entries, "no worker-page message found: check WORKER_SOURCES"
    missing = [e.msgid for e in worker_entries if not e.translated() or "fuzzy" in e.flags]
    assert not missing, f"{language}: worker-page messages to translate: {missing[:20]}"


def test_french_follows_french_typography():
    """A space (normal or non-breaking) before ':' ';' '?' '!' in French."""
    import re

    offenders = []
    for entry in _live(_catalogue("fr")):
        texts = [entry.msgstr, *entry.msgstr_plural.values()]
        for text in texts:
            # Ignore format placeholders such as %(name)s and URLs.
            cleaned = re.sub(r"%\([^)]*\)[sd]|https?://\S+|\{[^}]*\}", "", text)
            if re.search(r"[^\s\u00a0\u202f][;:?!](\s|$)", cleaned):
                offenders.append(text)
    assert not offenders, offenders[:10]
