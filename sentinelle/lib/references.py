"""Human-readable references such as R-2026-000123 (report) or C-2026-000045 (case)."""

from __future__ import annotations

import secrets

from django.utils import timezone


def new_reference(prefix: str) -> str:
    """Not sequential on purpose: a reference must not tell how many reports came
    before, nor when exactly one was made."""
    alphabet = "ACDEFGHJKMNPQRTUVWXY3479"
    body = "".join(secrets.choice(alphabet) for _ in range(8))
    return f"{prefix}-{timezone.localdate().year}-{body}"
