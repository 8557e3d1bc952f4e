"""Receipt codes: what a worker keeps to come back to their report.

20 digits from the operating system's secure generator (66 bits), shown as four
groups of five, easy to read aloud and to type on a phone keypad. The database
never holds a code, only two hashes of it, as SecureDrop does for its codenames:

- `lookup`: HMAC-SHA-256 of the code keyed with a server-side pepper kept outside
  the database. It is deterministic, so the report can be found; without the
  pepper, the database alone cannot test a single guess or list the codes.
- `verifier`: a slow Argon2id hash with its own random salt, checked before a
  report is returned, so that even with the pepper each guess costs real time.

With 10^20 possible codes, guessing is hopeless either way; the slow hash is there
for defence in depth, and its cost is set in settings (RECEIPT_ARGON2_*).

The server alone decides a code. A report form (the worker's or an intake agent's)
carries only a random form nonce the server issued; the report's idempotency key and
its receipt code are both HMACs of that nonce under the pepper (`for_form`). Sending
the same form again gives the same key and so the same report and code; no value a
client sends can choose a code, nor tell whether some code exists."""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from django.conf import settings
from django.db import models

if TYPE_CHECKING:
    from sentinelle.intake.models import Report

DIGITS = 20
GROUP = 5
_NOT_DIGITS = re.compile(r"\D")


@lru_cache(maxsize=1)
def _argon2() -> PasswordHasher:
    return PasswordHasher(
        time_cost=settings.RECEIPT_ARGON2_TIME_COST,
        memory_cost=settings.RECEIPT_ARGON2_MEMORY_KIB,
        parallelism=1,
    )


def new_receipt_code() -> str:
    digits = "".join(str(secrets.randbelow(10)) for _ in range(DIGITS))
    return format_code(digits)


def new_form_nonce() -> str:
    """The random value a new report form carries (128 bits, 32 hex digits)."""
    return secrets.token_hex(16)


def for_form(nonce: str) -> tuple[str, str]:
    """(idempotency key, receipt code) of the report filed from the form that
    carried `nonce`: HMAC-SHA-256 under the pepper, with a different label each,
    so neither tells anything about the other. The code is the HMAC's number
    modulo 10^20 (bias below 10^-57)."""
    key = hmac.new(_pepper(), b"sentinelle.report-key\0" + nonce.encode(), hashlib.sha256).hexdigest()
    digest = hmac.new(_pepper(), b"sentinelle.receipt-code\0" + nonce.encode(), hashlib.sha256).digest()
    digits = f"{int.from_bytes(digest, 'big') % 10**DIGITS:0{DIGITS}d}"
    return key, format_code(digits)


def normalize(code: str) -> str | None:
    """Digits only; None when it cannot be a receipt code (a typo, a letter)."""
    digits = _NOT_DIGITS.sub("", code or "")
    return digits if len(digits) == DIGITS else None


def format_code(digits: str) -> str:
    return "-".join(digits[i : i + GROUP] for i in range(0, len(digits), GROUP))


@lru_cache(maxsize=1)
def _pepper() -> bytes:
    configured = getattr(settings, "RECEIPT_PEPPER", "")
    if configured:
        return configured.encode()
    path = Path(settings.VAR_DIR) / "receipt_pepper"
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_hex(32))
        path.chmod(0o600)
    return path.read_text().strip().encode()


def lookup_hash(digits: str) -> str:
    return hmac.new(_pepper(), digits.encode(), hashlib.sha256).hexdigest()


def hashes_for(code: str) -> tuple[str, str]:
    """(lookup, verifier) to store for a new code."""
    digits = normalize(code)
    if digits is None:
        raise ValueError("not a receipt code")
    return lookup_hash(digits), _argon2().hash(digits)


def check_receipt_code(code: str) -> Report | None:
    """The report this code belongs to, or None. Says nothing about why."""
    from sentinelle.intake.models import Report

    return find_by_code(Report.objects.all(), code)


def find_by_code[M: models.Model](queryset: models.QuerySet[M], code: str) -> M | None:
    """The row of `queryset` (a model with `receipt_lookup` and `receipt_verifier`,
    as a report, or a staff disclosure) this code belongs to, or None."""
    digits = normalize(code)
    if digits is None:
        return None
    row = queryset.filter(receipt_lookup=lookup_hash(digits)).first()
    if row is None:
        return None
    try:
        _argon2().verify(row.receipt_verifier, digits)  # type: ignore[attr-defined]
    except (VerificationError, InvalidHashError):
        return None
    return row
