"""What the employer register keeps for risk selection (seed 000, priority 2):
the temporary foreign worker positions approved in the last 24 months and the
date of the first approval. Changed by hand on the employer's page or imported
from a CSV file; an import checks every line first and imports nothing when one
is wrong, with the line number of each problem (as the training import)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from sentinelle.audit.services import Action, record
from sentinelle.cases.models import Employer
from sentinelle.lib.access import visible_to
from sentinelle.lib.csv_import import line_error, read_rows
from sentinelle.lib.locking import check_stamp

CHANGE_PERM = "cases.change_employer_register"
IMPORT_PERM = "cases.import_employer_register"
MAX_POSITIONS = 100_000
FIELDS = ("approved_positions", "first_approved_on")


def saved_values(employer: Employer) -> dict[str, Any]:
    """The register's figures of `employer` as saved now (the stamp of the page's form)."""
    row = Employer.objects.filter(pk=employer.pk).values(*FIELDS).first() or {}
    return {name: row.get(name) for name in FIELDS}


def figures_refusal(positions: int | None, first_approved_on: date | None, *, today: date) -> list[str]:
    """What is wrong with these figures, in words (empty when they may be saved)."""
    reasons = []
    if positions is None or positions < 0 or positions > MAX_POSITIONS:
        reasons.append(_("the number of positions must be a whole number from 0 to %(max)d") % {"max": MAX_POSITIONS})
    if first_approved_on is not None and first_approved_on > today:
        reasons.append(_("the date of the first approval %(date)s is in the future")
                       % {"date": first_approved_on.isoformat()})
    return reasons


@transaction.atomic
def change_register_figures(employer: Employer, *, positions: int, first_approved_on: date | None, actor: Any,
                            stamp: str | None = None, request: HttpRequest | None = None) -> Employer:
    """Save the two figures; `stamp` is `stamp_of(saved_values(...))` as the staff
    member saw them (Conflict if somebody saved them in between)."""
    before = check_stamp(f"employer-register:{employer.pk}", stamp, lambda: saved_values(employer))
    if reasons := figures_refusal(positions, first_approved_on, today=timezone.localdate()):
        raise ValueError("; ".join(reasons))
    Employer.objects.filter(pk=employer.pk).update(approved_positions=positions, first_approved_on=first_approved_on)
    employer.approved_positions, employer.first_approved_on = positions, first_approved_on
    changed = [name for name in FIELDS if before[name] != getattr(employer, name)]
    record(Action.UPDATE, actor=actor, obj=employer, request=request, register_fields=changed)
    return employer


# Import -------------------------------------------------------------------------------------

HEADERS = {
    "business_number": {"business number", "bn", "numero d entreprise", "ne", "numero d entreprise ne"},
    "positions": {"positions", "approved positions", "tfw positions", "positions approved",
                  "positions approved in the last 24 months", "postes", "postes approuves",
                  "postes approuves au cours des 24 derniers mois", "nombre de postes"},
    "first_approved_on": {"first approval", "first approved on", "date of first approval",
                          "date of the first approval", "premiere approbation", "date de la premiere approbation",
                          "date de premiere approbation"},
}


@dataclass
class ImportResult:
    errors: list[str] = field(default_factory=list)
    rows: list[tuple[Employer, int, date | None]] = field(default_factory=list)
    imported: int = 0


def check_import(raw: bytes, *, actor: Any) -> ImportResult:
    """Read and check every line; `errors` says what is wrong (the file or its lines)."""
    result = ImportResult()
    read = read_rows(raw, HEADERS, {"business_number": _("business number"), "positions": _("positions"),
                                    "first_approved_on": _("date of the first approval")},
                     example=_("business number, positions, first approval"))
    if read.errors:
        result.errors = read.errors
        return result
    numbers = {normalise_number(row.cells["business_number"]) for row in read.rows}
    register = Employer.objects.filter(merged_into__isnull=True)
    reachable = {e.business_number.upper(): e for e in visible_to(actor, register.filter(business_number__in=numbers))
                 if actor.has_perm(CHANGE_PERM, e)}
    known = set(register.filter(business_number__in=numbers).values_list("business_number", flat=True))
    seen: dict[str, int] = {}
    today = timezone.localdate()
    for row in read.rows:
        reasons: list[str] = []
        number = normalise_number(row.cells["business_number"])
        employer = reachable.get(number)
        if not number:
            reasons.append(_("the business number is missing"))
        elif number in seen:
            reasons.append(_("the business number %(number)s is already on line %(line)d")
                           % {"number": number, "line": seen[number]})
        elif employer is None and number in known:
            reasons.append(_("the employer %(number)s is not one you may change (another region)")
                           % {"number": number})
        elif employer is None:
            reasons.append(_("no employer of the register has the business number %(number)s") % {"number": number})
        seen.setdefault(number, row.line)
        positions = None
        text = row.cells["positions"].replace("\u00a0", "").replace(" ", "")
        if not text:
            reasons.append(_("the number of positions is missing"))
        elif not text.isdigit():
            reasons.append(_("“%(value)s” is not a whole number of positions") % {"value": row.cells["positions"]})
        else:
            positions = int(text)
        first = None
        if when := row.cells["first_approved_on"]:
            try:
                first = date.fromisoformat(when)
            except ValueError:
                reasons.append(_("“%(date)s” is not a date written YYYY-MM-DD") % {"date": when})
        if positions is not None or first is not None:
            reasons += figures_refusal(positions if positions is not None else 0, first, today=today)
        if reasons:
            result.errors.append(line_error(row.line, reasons))
        elif employer is not None and positions is not None:
            result.rows.append((employer, positions, first))
    return result


def normalise_number(text: str) -> str:
    return "".join(text.split()).upper()


@transaction.atomic
def import_register(raw: bytes, *, actor: Any, filename: str = "", request: HttpRequest | None = None) -> ImportResult:
    """Check every line; update them all, or none when one is wrong. One audit event for the import."""
    result = check_import(raw, actor=actor)
    if result.errors:
        return result
    for employer, positions, first in result.rows:
        employer.approved_positions, employer.first_approved_on = positions, first
    Employer.objects.bulk_update([row[0] for row in result.rows], list(FIELDS), batch_size=500)
    result.imported = len(result.rows)
    record(Action.UPDATE, actor=actor, request=request, employer_register_import=filename[:200],
           imported=result.imported, employers=[row[0].pk for row in result.rows][:1000])
    return result

