"""Text as search compares it."""

from __future__ import annotations

import unicodedata


def folded(text: str) -> str:
    """Without accents, case or extra spaces, the same on SQLite and PostgreSQL
    (``Érablière  DU Nord`` → ``erabliere du nord``)."""
    decomposed = unicodedata.normalize("NFKD", text or "")
    bare = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(bare.casefold().split())
