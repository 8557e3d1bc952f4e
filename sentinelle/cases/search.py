"""The staff search: one box for case numbers, employers, the references of
reports, and the text of case notes.

Everything found is limited to what the user may see (`lib.access.visible_to`).

Accents and case in free text
-----------------------------
Employer names have a folded column (`Employer.search_name`), so a `contains`
on the folded query is enough there. Case summaries and activity notes have
none, and neither database can fold them the same way: SQLite's `lower()` folds
ASCII letters only, and PostgreSQL has no `unaccent` here. So the folded query is
turned into a regular expression in which every letter is a bracket listing
explicitly each character that folds to it, in both cases (``e`` →
``[eEéÉèÈêÊëË…]``), optionally followed by a combining accent (text stored
decomposed). A case-sensitive regex made only of literal characters means the same
to SQLite (Django's REGEXP function, Python's `re`) and to PostgreSQL (`~`), so
both return the same rows: "eric" and "ÉRIC" both find "Éric". The cost is a scan
of the notes of the cases the user can see, which the region filter keeps small;
a trigram index would be the next step if it stops being so.
"""

from __future__ import annotations

import string
import unicodedata
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Exists, OuterRef, Q, QuerySet

from sentinelle.cases import linked
from sentinelle.cases.models import Activity, Case, Employer
from sentinelle.lib.access import visible_to
from sentinelle.lib.text import folded

MIN_LENGTH = 2
MAX_LENGTH = 100
GROUP_SIZE = 20

# Combining accents that may follow a letter in decomposed (NFD) text.
_COMBINING = "".join(chr(c) for c in (*range(0x0300, 0x0309), 0x030A, 0x030B, 0x030C, 0x0323, 0x0327, 0x0328))
_SPACES = " \t\r\n\u00a0\u202f"
# A hyphen last in a bracket is literal to both engines.
_EQUIVALENT_PUNCTUATION = {"'": "'’ʼ", "’": "'’ʼ", "-": "‐‑-"}
_LIGATURES = {"oe": "œ", "ae": "æ"}


def _variants() -> dict[str, set[str]]:
    """For each folded character, every Latin character that folds to it."""
    table: dict[str, set[str]] = {}
    for code in range(0x0020, 0x0250):
        char = chr(code)
        key = folded(char)
        if len(key) == 1 and not char.isspace():
            table.setdefault(key, {key}).add(char)
    return table


_VARIANTS = _variants()


def _bracket(chars: set[str]) -> str:
    # Only letters end up here, so nothing needs escaping inside the brackets.
    return "[" + "".join(sorted(chars)) + "]"


def _char_pattern(char: str) -> str:
    if char in _EQUIVALENT_PUNCTUATION:
        return "[" + _EQUIVALENT_PUNCTUATION[char] + "]"
    if char.isalpha():
        chars = set(_VARIANTS.get(char, {char})) | {char, char.upper()}
        chars |= {c for c in (char.upper(), char.lower()) if len(c) == 1}
        return _bracket({c for c in chars if len(c) == 1 and c.isalpha()}) + "[" + _COMBINING + "]*"
    if char.isdigit():
        return char
    if char in string.punctuation:
        # A backslash before a non-alphanumeric ASCII character means that very
        # character, to Python and PostgreSQL alike.
        return "\\" + char
    return char


def accent_insensitive_pattern(text: str) -> str:
    """A regular expression matching `text` whatever its accents, case, ligatures
    (oe/œ) and spacing, the same on SQLite and PostgreSQL."""
    key = folded(text)
    parts: list[str] = []
    i = 0
    while i < len(key):
        pair = key[i:i + 2]
        if pair in _LIGATURES:
            ligature = _LIGATURES[pair]
            parts.append(f"(?:{_char_pattern(pair[0])}{_char_pattern(pair[1])}|{_char_pattern(ligature)})")
            i += 2
            continue
        char = key[i]
        if char in _LIGATURES.values():
            plain = next(k for k, v in _LIGATURES.items() if v == char)
            parts.append(f"(?:{_char_pattern(char)}|{_char_pattern(plain[0])}{_char_pattern(plain[1])})")
        elif char == " ":
            parts.append("[" + _SPACES + "]+")
        else:
            parts.append(_char_pattern(char))
        i += 1
    return "".join(parts)


def reference_prefixes(text: str) -> list[str]:
    """A reference as typed, upper-case, with its spaces dropped or read as
    dashes: "c 2026 ab" → ["C2026AB", "C-2026-AB"]."""
    words = unicodedata.normalize("NFKC", text).upper().split()
    return sorted({"".join(words), "-".join(words)} - {""})


def _reference_filter(text: str) -> Q:
    query = Q(pk__in=[])
    for prefix in reference_prefixes(text):
        query |= Q(reference__startswith=prefix)
    return query


@dataclass
class Group:
    items: list[Any]
    more: bool = False

    @classmethod
    def of(cls, queryset: QuerySet[Any]) -> Group:
        rows = list(queryset[: GROUP_SIZE + 1])
        return cls(items=rows[:GROUP_SIZE], more=len(rows) > GROUP_SIZE)


@dataclass
class Results:
    cases: Group = field(default_factory=lambda: Group([]))
    employers: Group = field(default_factory=lambda: Group([]))
    # None: the user's role does not give access to reports.
    reports: Group | None = None
    notes: Group = field(default_factory=lambda: Group([]))

    @property
    def total(self) -> int:
        groups = [self.cases, self.employers, self.notes, *([self.reports] if self.reports else [])]
        return sum(len(group.items) for group in groups)

    def counts(self) -> dict[str, int]:
        return {
            "cases": len(self.cases.items), "employers": len(self.employers.items),
            "reports": len(self.reports.items) if self.reports else 0, "notes": len(self.notes.items),
        }


def is_searchable(text: str) -> bool:
    return len(folded(text)) >= MIN_LENGTH


def search(user: Any, text: str) -> Results:
    """What `user` may see that matches `text`, at most `GROUP_SIZE` per group."""
    text = text.strip()[:MAX_LENGTH]
    if not is_searchable(text):
        return Results()
    cases = visible_to(user, Case.objects.all()).select_related("employer", "assigned_to")
    results = Results(
        cases=Group.of(cases.filter(_reference_filter(text)).order_by("reference")),
        employers=Group.of(
            visible_to(user, Employer.objects.search(text).filter(merged_into__isnull=True))
            .select_related("sector", "region").order_by("search_name", "id")
        ),
        notes=Group.of(_cases_by_text(cases, text)),
    )
    reports = linked.reports()
    if reports is not None and user.has_perm("intake.view_report"):
        results.reports = Group.of(
            visible_to(user, reports.every()).filter(_reference_filter(text))
            .select_related("employer").order_by("reference")
        )
    return results


def _cases_by_text(cases: QuerySet[Case], text: str) -> QuerySet[Case]:
    pattern = accent_insensitive_pattern(text)
    in_activity = Activity.objects.filter(case=OuterRef("pk")).filter(
        Q(notes__regex=pattern) | Q(findings__regex=pattern)
    )
    return cases.filter(Q(summary__regex=pattern) | Q(assessment__regex=pattern) | Exists(in_activity))


__all__ = ["GROUP_SIZE", "MAX_LENGTH", "MIN_LENGTH", "Group", "Results",
           "accent_insensitive_pattern", "is_searchable", "reference_prefixes", "search"]
