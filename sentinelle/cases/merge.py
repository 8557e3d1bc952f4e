"""Merging two records of the employer register that stand for the same employer.

The duplicate is never deleted: everything that pointed at it (reports, cases,
and any other table with a foreign key to `Employer`) moves to the employer that
is kept, the kept one takes the duplicate's details where its own are empty, and
the duplicate points to it through `merged_into`. Employers merged into the
duplicate earlier keep pointing at it, so a chain A → B → C is followed to C by
`survivor()`."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.db.models import F, ForeignKey
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from sentinelle.audit.services import Action, record
from sentinelle.cases.models import Employer

MERGE_PERM = "cases.merge_employers"
# Details taken from the duplicate when the kept employer has none.
FILLED_FIELDS = ("operating_name", "business_number", "street_address", "postal_code", "phone")
# Longest chain `survivor` follows: a guard against a cycle written by hand.
MAX_CHAIN = 50


class MergeRefused(Exception):
    """The merge cannot be made as asked; the message is for the staff member."""

    def __init__(self, message: str | Promise) -> None:
        super().__init__(str(message))
        self.message = str(message)


@dataclass
class MergeResult:
    kept: Employer
    duplicate: Employer
    # Rows moved, by model label ("intake.report": 3, "cases.case": 1, ...).
    moved: dict[str, int] = field(default_factory=dict)
    filled: list[str] = field(default_factory=list)

    @property
    def reports(self) -> int:
        return self.moved.get("intake.report", 0)

    @property
    def cases(self) -> int:
        return self.moved.get("cases.case", 0)


def _pointing_fields() -> list[ForeignKey[Any, Any]]:
    """Every foreign key to `Employer` from another table (not `merged_into`,
    which records earlier merges and stays as it is)."""
    fields: list[ForeignKey[Any, Any]] = []
    for relation in Employer._meta.related_objects:
        remote = relation.remote_field
        if isinstance(remote, ForeignKey) and relation.related_model is not Employer:
            fields.append(remote)
    return fields


def fillable(kept: Employer, duplicate: Employer) -> list[str]:
    """The details the kept employer lacks and the duplicate has."""
    return [name for name in FILLED_FIELDS if not getattr(kept, name) and getattr(duplicate, name)]


def what_moves(duplicate: Employer) -> dict[str, int]:
    """How many rows of each kind would move to the kept employer (for the
    confirmation page): one count query per table that points at employers."""
    counts: dict[str, int] = {}
    for fk in _pointing_fields():
        model = fk.model
        counts[model._meta.label_lower] = model._base_manager.filter(**{fk.name: duplicate.pk}).count()
    return counts


def refusal(kept: Employer, duplicate: Employer, actor: Any) -> str | None:
    """Why `actor` may not merge `duplicate` into `kept`, or None."""
    if kept.pk == duplicate.pk:
        return str(_("An employer cannot be merged into itself. Choose the duplicate record."))
    if kept.merged_into_id is not None:
        return str(_("This employer was itself merged into another one. Merge into the employer that was kept."))
    if duplicate.merged_into_id is not None:
        return str(_("The duplicate was already merged into another employer."))
    if not (actor.has_perm(MERGE_PERM, kept) and actor.has_perm(MERGE_PERM, duplicate)):
        return str(_("You can merge only employers of regions you can reach. "
                     "Ask a national analyst to merge employers of other regions."))
    return None


def merge_employers(kept: Employer, duplicate: Employer, *, actor: Any, request: Any = None) -> MergeResult:
    """Move everything of `duplicate` to `kept` in one transaction, and mark
    the duplicate as merged. Raises `MergeRefused` with a message for the user."""
    with transaction.atomic():
        # Lock both rows in a fixed order, then decide on what is stored now: two
        # team leads merging the same pair at once cannot both succeed.
        locked = {e.pk: e for e in Employer.objects.select_for_update().filter(pk__in=[kept.pk, duplicate.pk])
                  .order_by("pk")}
        if kept.pk not in locked or duplicate.pk not in locked:
            raise MergeRefused(_("One of the two employers no longer exists."))
        kept, duplicate = locked[kept.pk], locked[duplicate.pk]
        reason = refusal(kept, duplicate, actor)
        if reason:
            raise MergeRefused(reason)

        result = MergeResult(kept=kept, duplicate=duplicate)
        for fk in _pointing_fields():
            model = fk.model
            values: dict[str, Any] = {fk.name: kept.pk}
            # Cases (and other optimistically locked rows) change: a form opened
            # before the merge must not silently write over it.
            if any(f.name == "version" for f in model._meta.concrete_fields):
                values["version"] = F("version") + 1
            moved = model._base_manager.filter(**{fk.name: duplicate.pk}).update(**values)
            label = model._meta.label_lower
            result.moved[label] = result.moved.get(label, 0) + moved

        result.filled = fillable(kept, duplicate)
        for name in result.filled:
            setattr(kept, name, getattr(duplicate, name))
        if result.filled:
            kept.save(update_fields=result.filled)
        duplicate.merged_into = kept
        duplicate.save(update_fields=["merged_into"])

        detail: dict[str, Any] = {"merge": "employers", "kept": kept.pk, "duplicate": duplicate.pk,
                  "moved": result.moved, "filled": result.filled}
        record(Action.UPDATE, actor=actor, obj=kept, request=request, **detail)
        record(Action.UPDATE, actor=actor, obj=duplicate, request=request, **detail)
    return result


def survivor(employer: Employer) -> Employer:
    """The employer that holds this one's history now: itself, or the end of
    its chain of merges (one query per merge followed)."""
    seen = {employer.pk}
    current = employer
    while current.merged_into_id is not None and len(seen) <= MAX_CHAIN:
        following = Employer.objects.select_related("region").get(pk=current.merged_into_id)
        if following.pk in seen:
            break
        seen.add(following.pk)
        current = following
    return current


def merged_family(employer: Employer) -> list[int]:
    """The ids of `employer` and of every employer merged into it, directly or
    through a chain (one query per level of the chain)."""
    family = [employer.pk]
    level: Iterable[int] = [employer.pk]
    for _depth in range(MAX_CHAIN):
        below = [pk for pk in Employer.objects.filter(merged_into__in=list(level)).order_by().values_list("pk", flat=True)
                 if pk not in family]
        if not below:
            break
        family.extend(below)
        level = below
    return family
