"""Set the header of each catalogue (language, plural forms), and fill the English
catalogue: English is the source language, so an English message is its own
translation unless someone has reworded it."""

from __future__ import annotations

from pathlib import Path

import polib

ROOT = Path(__file__).resolve().parent.parent
PLURALS = {
    "fr": "nplurals=2; plural=(n > 1);",
    "en": "nplurals=2; plural=(n != 1);",
    "es": "nplurals=2; plural=(n != 1);",
    "tl": "nplurals=2; plural=(n != 1);",
}

for language, plural in PLURALS.items():
    path = ROOT / "locale" / language / "LC_MESSAGES" / "django.po"
    if not path.exists():
        continue
    po = polib.pofile(str(path))
    po.metadata.update(
        {
            "Project-Id-Version": "Sentinelle",
            "Report-Msgid-Bugs-To": "",
            "Last-Translator": "Sentinelle contributors",
            "Language-Team": language,
            "Language": language,
            "Plural-Forms": plural,
            "Content-Type": "text/plain; charset=UTF-8",
        }
    )
    if language == "en":
        for entry in po:
            if entry.obsolete:
                continue
            guessed = "fuzzy" in entry.flags  # makemessages' guess from another message
            if entry.msgid_plural:
                if guessed or not any(entry.msgstr_plural.values()):
                    entry.msgstr_plural = {0: entry.msgid, 1: entry.msgid_plural}
            elif guessed or not entry.msgstr:
                entry.msgstr = entry.msgid
            if "fuzzy" in entry.flags:
                entry.flags.remove("fuzzy")
    po.save()
