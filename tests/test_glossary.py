"""The French catalogue follows the glossary: no French message uses a variant
that docs/glossary.md forbids (« inspecteur » for the role, « cas » for a file,
« Q1 » for a quarter, « Partager » for a share, « e-mail » for courriel)."""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.test import Client

from sentinelle.test import create_staff, sign_in

GLOSSARY = Path(settings.BASE_DIR) / "docs" / "glossary.md"
FRENCH = Path(settings.BASE_DIR) / "locale" / "fr" / "LC_MESSAGES" / "django.po"


@dataclass
class Variant:
    forbidden: str
    instead: str
    allowed: list[str]
    english: re.Pattern[str] | None

    def found_in(self, text: str) -> bool:
        text = text.replace("\u00a0", " ").replace("\u202f", " ")
        for phrase in self.allowed:
            text = re.sub(re.escape(phrase), " ", text, flags=re.IGNORECASE)
        # A whole word: not inside another word, nor after a hyphen (« e-mail » is its own
        # row), nor the name of a placeholder (%(email)s).
        pattern = rf"(?<![\w\-%(]){re.escape(self.forbidden)}(?![\w\-)])"
        return re.search(pattern, text, re.IGNORECASE) is not None


def forbidden_variants() -> list[Variant]:
    """The rows of the glossary's « Forbidden variants » table."""
    text = GLOSSARY.read_text(encoding="utf-8")
    section = text.split("## Forbidden variants", 1)[1]
    variants = []
    for line in section.splitlines():
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        if len(cells) != 4 or cells[0] in ("Forbidden", "") or set(cells[0]) <= {"-"}:
            continue
        forbidden, instead, allowed, english = cells
        variants.append(Variant(
            forbidden, instead, [p.strip() for p in allowed.split(";") if p.strip()],
            re.compile(english.strip("`")) if english else None,
        ))
    return variants


def _key(entry: polib.POEntry) -> str:
    """The message as gettext keys it: context␄message when it has a context."""
    return f"{entry.msgctxt}\x04{entry.msgid}" if entry.msgctxt else entry.msgid


def offences(po: polib.POFile, variants: list[Variant]) -> list[str]:
    found = []
    for entry in po:
        if entry.obsolete or not entry.msgid:
            continue
        for text in [entry.msgstr, *entry.msgstr_plural.values()]:
            for variant in variants:
                if variant.english and not variant.english.search(_key(entry)):
                    continue
                if variant.found_in(text):
                    found.append(f"« {variant.forbidden} » (say « {variant.instead} ») in {text!r}")
    return found


def test_the_glossary_lists_its_forbidden_variants():
    variants = {v.forbidden for v in forbidden_variants()}
    assert {"inspecteur", "cas", "Q1", "partager", "e-mail"} <= variants


def test_the_check_finds_each_kind_of_variant_and_spares_the_allowed_phrases():
    variants = forbidden_variants()
    po = polib.POFile()
    bad = [("Case", "Cas"), ("Investigator", "Inspecteur"), ("%(year)s Q%(quarter)s", "%(year)s Q%(quarter)s"),
           ("Share", "Partager"), ("E-mail address", "Adresse e-mail")]
    good = [("If need be", "le cas échéant"), ("Share", "Part"), ("In case of danger", "En cas d’urgence"),
            ("E-mail", "Courriel"), ("Quarter", "T1")]
    for msgid, msgstr in bad + good:
        po.append(polib.POEntry(msgid=msgid, msgstr=msgstr))
    verb = polib.POEntry(msgid="Share", msgctxt="verb", msgstr="Partager")
    po.append(verb)
    assert len(offences(po, variants)) == len(bad)


def test_french_messages_use_no_forbidden_variant():
    found = offences(polib.pofile(str(FRENCH)), forbidden_variants())
    assert not found, "\n".join(found)


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/fr/staff/quality/plan/", "/fr/staff/quality/rates/", "/fr/statistics/"])
def test_quarters_read_t1_to_t4_on_french_pages(path):
    """Each page that names a quarter writes it the French way (the sampling plan
    once wrote « 2026-2027 Q1 » in French)."""
    client = Client()
    sign_in(client, create_staff("national_analyst", region_code="HQ"))
    page = html.unescape(re.sub(r"<[^>]+>", " ", client.get(path).content.decode()))
    assert re.search(r"\bT[1-4]\b", page), path
    assert not re.search(r"\bQ[1-4]\b", page), re.findall(r".{40}\bQ[1-4]\b.{10}", page)[:3]
