"""Optimistic locking for every object staff edit, the way cases and activities
have it (`cases.workflow.save_versioned`): the edit page carries, in a hidden
`version` field, the version of the object the staff member opened; the save
first raises the stored version from that one (`claim`, in the save's own
transaction) and, if somebody saved in between, `Conflict` is raised and nothing
is written. The page is shown again with what they typed, the current saved
values next to it, and the current version, so that saving again after checking
goes through (`show_conflict`)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from django import forms
from django.db import models, transaction
from django.db.models import F
from django.utils.translation import gettext_lazy as _

from sentinelle.cases.models import Versioned
from sentinelle.cases.workflow import Conflict

__all__ = ["Conflict", "Versioned", "add_stamp_field", "add_version_field", "check_stamp", "claim", "locked",
           "serialize", "show_conflict", "show_set_conflict", "stamp_of", "version_of"]

VERSION = "version"
# Every page sends the version; a request without one (a script written before
# versions existed) is checked against the version found when it arrives.
VERSION_REQUIRED = False


def add_version_field[F_: forms.BaseForm](form: F_, obj: Versioned) -> F_:
    """Give `form` the hidden field that carries the version of `obj` as opened."""
    form.fields[VERSION] = forms.IntegerField(widget=forms.HiddenInput, min_value=1, required=VERSION_REQUIRED)
    form.initial.setdefault(VERSION, obj.version)
    form._versioned = obj  # type: ignore[attr-defined]
    return form


def version_of(form: forms.BaseForm) -> int:
    """The version the staff member saw (the form must be valid)."""
    seen = form.cleaned_data.get(VERSION)
    if seen is None:
        return int(form._versioned.version)  # type: ignore[attr-defined]
    return int(seen)


def claim(obj: Versioned, expected_version: int) -> None:
    """Raise the stored version of `obj` by one if it is still `expected_version`,
    else raise `Conflict`. Call it first in the transaction of the save: on
    PostgreSQL the row stays locked until the commit, so a concurrent save waits
    and then finds the version moved on."""
    updated = type(obj)._default_manager.filter(pk=obj.pk, version=expected_version).update(
        version=F(VERSION) + 1)
    if not updated:
        raise Conflict()
    obj.version = expected_version + 1


@contextmanager
def locked(obj: Versioned, expected_version: int) -> Iterator[None]:
    """One transaction: the claim, then whatever the caller saves; a Conflict
    writes nothing."""
    with transaction.atomic():
        claim(obj, expected_version)
        yield


def _saved(obj: models.Model, name: str) -> tuple[Any, Any] | None:
    """(stored value, as shown) of a field of `obj`; None when the form field is
    not one of the model's."""
    try:
        field = obj._meta.get_field(name)
    except Exception:
        return None
    value: Any = getattr(obj, name, None)
    if hasattr(value, "all"):  # many-to-many
        items = list(value.all())
        return items, ", ".join(str(item) for item in items)
    display = getattr(obj, f"get_{name}_display", None)
    if display is not None and getattr(field, "choices", None):
        return value, display()
    return value, value


def show_conflict[F_: forms.BaseForm](form: F_, current: Versioned, conflict: Conflict, *, data: Any = None) -> F_:
    """The form, bound to what the staff member typed (`data`, default the
    form's own), now carrying the current version, with the conflict explained
    and, under each field somebody else changed, the value saved meanwhile."""
    data = (form.data if data is None else data).copy()  # type: ignore[union-attr]
    data[form.add_prefix(VERSION)] = str(current.version)
    fresh = type(current)._default_manager.get(pk=current.pk)
    saved = {name: _saved(fresh, name) for name in form.fields if name != VERSION}
    form.data = data
    form._errors = None  # type: ignore[attr-defined]  # validate again against the new data
    form.is_valid()
    form.add_error(None, conflict.message)
    for name, pair in saved.items():
        if pair is None or name not in getattr(form, "cleaned_data", {}):
            continue
        value, shown = pair
        if _same(form.cleaned_data[name], value):
            continue
        form.add_error(name, _("Saved in the meantime by somebody else: “%(value)s”.")
                       % {"value": _as_text(shown) if shown not in (None, "") else "—"})
    return form


def _as_text(value: Any) -> str:
    if value is True:
        return str(_("Yes"))
    if value is False:
        return str(_("No"))
    if hasattr(value, "strftime"):
        return str(value.strftime("%Y-%m-%d %H:%M" if hasattr(value, "hour") else "%Y-%m-%d"))
    return str(value)


def _same(typed: Any, saved: Any) -> bool:
    if isinstance(typed, models.Model):
        return bool(typed == saved or typed.pk == getattr(saved, "pk", saved))
    if isinstance(typed, str) and isinstance(saved, str):
        return typed.strip().replace("\r\n", "\n") == saved.strip().replace("\r\n", "\n")
    if isinstance(saved, list):
        return {getattr(item, "pk", item) for item in typed or []} == {item.pk for item in saved}
    if typed in (None, "") and saved in (None, ""):
        return True
    return bool(typed == saved)


# Settings kept as a set of rows (targets of a year, sector weights, capacities):
# rows come and go, so the version is a stamp of the values of the whole set, as
# the staff member saw them. -------------------------------------------------------

STAMP = "stamp"


def stamp_of(values: Any) -> str:
    """The stamp of a set of saved values: any change, addition or removal changes it."""
    import hashlib

    items = sorted(repr(item) for item in (values.items() if hasattr(values, "items") else values))
    return hashlib.sha256("\n".join(items).encode()).hexdigest()[:32]


def add_stamp_field[F_: forms.BaseForm](form: F_, stamp: str) -> F_:
    form.fields[STAMP] = forms.CharField(widget=forms.HiddenInput, max_length=64, required=VERSION_REQUIRED)
    form.initial.setdefault(STAMP, stamp)
    return form


def serialize(key: str) -> None:
    """Hold, until the end of the transaction, a lock of its own for `key` (on
    PostgreSQL an advisory lock: rows about to be created cannot be locked;
    SQLite runs one write transaction at a time already)."""
    from django.db import connection

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(hashtext(%s))", [f"sentinelle:{key}"])


def check_stamp(form: forms.BaseForm, stamp_now: str) -> None:
    """Raise `Conflict` if the set changed since the form was opened; call it in
    the transaction of the save, after `serialize`."""
    if form.cleaned_data.get(STAMP) not in (None, "", stamp_now):
        raise Conflict()


def show_set_conflict[F_: forms.BaseForm](form: F_, conflict: Conflict, stamp_now: str, *, data: Any) -> F_:
    """`form`, built on the values saved now (its fields' initial values) and
    bound to what the staff member typed, with the new stamp, the conflict
    explained and, under each field saved differently meanwhile, the saved value."""
    data = data.copy()
    data[form.add_prefix(STAMP)] = stamp_now
    form.data = data
    form.is_bound = True
    form._errors = None  # type: ignore[attr-defined]
    form.is_valid()
    form.add_error(None, conflict.message)
    for name, field in list(form.fields.items()):
        if name == STAMP or name not in getattr(form, "cleaned_data", {}):
            continue
        saved = form.get_initial_for_field(field, name)
        typed = form.cleaned_data[name]
        if typed == saved or (typed in (None, "") and saved in (None, "")):
            continue
        try:
            if saved is not None and typed is not None and field.to_python(saved) == typed:
                continue
        except forms.ValidationError:
            pass
        form.add_error(name, _("Saved in the meantime by somebody else: “%(value)s”.")
                       % {"value": _as_text(saved) if saved not in (None, "") else "—"})
    return form
