"""Optimistic locking for every object staff edit: a `Versioned` model carries a
version that each save through `save_versioned` raises by one, and a save from an
older version raises `Conflict` and writes nothing. The edit page carries, in a hidden `version` field, the version of the object the
staff member opened; the save first raises the stored version from that one
(`claim`, in the save's own transaction) and, if somebody saved in between,
`Conflict` is raised and nothing is written. The page is shown again with what
they typed, the current saved values next to it, and the current version, so
that saving again after checking goes through (`show_conflict`).

Settings kept as a set of rows (`check_stamp`) carry a stamp of the values shown
instead: rows come and go, so there is no one version to raise."""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from typing import Any

from django import forms
from django.core.exceptions import FieldDoesNotExist
from django.db import connection, models, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

VERSION = "version"
STAMP = "stamp"


class Versioned(models.Model):
    """Optimistic locking: each save through `save_versioned` raises `version`
    by one, and a save from an older version is refused."""

    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        abstract = True


class Conflict(Exception):
    """Somebody else saved the same object since it was opened; the message is
    for the staff member."""

    def __init__(self) -> None:
        self.message = str(_(
            "Somebody else saved this in the meantime. Nothing of yours was saved: "
            "what you entered is kept below, next to the current version. Check it and save again."
        ))
        super().__init__(self.message)


def save_versioned(obj: Versioned, fields: list[str], *, expected_version: int | None) -> None:
    """Write `fields` of `obj` only if its stored version is still
    `expected_version` (None: the version in hand), and raise the version."""
    expected = obj.version if expected_version is None else expected_version
    values = {name: getattr(obj, name) for name in fields}
    if any(isinstance(f, models.DateTimeField) and f.auto_now for f in obj._meta.concrete_fields):
        values.update({f.attname: timezone.now() for f in obj._meta.concrete_fields
                       if isinstance(f, models.DateTimeField) and f.auto_now})
    updated = type(obj)._default_manager.filter(pk=obj.pk, version=expected).update(
        version=F("version") + 1, **values
    )
    if not updated:
        raise Conflict()
    obj.version = expected + 1



def save_changes(obj: Versioned, values: dict[str, Any], fields: Iterable[str], *,
                 expected_version: int | None) -> list[str]:
    """Set on `obj` those of `fields` whose value in `values` differs, and write them
    with `save_versioned`; returns their names (the version rises even when none did,
    so that a stale page is still refused)."""
    changed = [name for name in fields if name in values and getattr(obj, name) != values[name]]
    for name in changed:
        setattr(obj, name, values[name])
    save_versioned(obj, changed, expected_version=expected_version)
    return changed

# One object ---------------------------------------------------------------------------


class _VersionField(forms.IntegerField):
    """Hidden; never one of the form's `changed_data` (which audits name)."""

    widget = forms.HiddenInput

    def has_changed(self, initial: Any, data: Any) -> bool:
        return False


def add_version_field[F_: forms.BaseForm](form: F_, obj: Versioned) -> F_:
    """Give `form` the hidden field that carries the version of `obj` as opened.
    Every page sends it; a request without one (as many tests post) is checked
    against the version found when it arrives (`version_of`)."""
    form.fields[VERSION] = _VersionField(min_value=1, required=False)
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
    else raise `Conflict` (`save_versioned` writing no field of its own). Call it
    first in the transaction of the save: on PostgreSQL the row stays locked
    until the commit, so a concurrent save waits and then finds the version moved on."""
    save_versioned(obj, [], expected_version=expected_version)


@contextmanager
def locked(obj: Versioned, expected_version: int) -> Iterator[None]:
    """One transaction: the claim, then whatever the caller saves; a Conflict
    writes nothing."""
    with transaction.atomic():
        claim(obj, expected_version)
        yield


def show_conflict[F_: forms.BaseForm](form: F_, current: Versioned, conflict: Conflict, *, data: Any = None) -> F_:
    """The form, bound to what the staff member typed (`data`, default the
    form's own), now carrying the current version, with the conflict explained
    and, under each field somebody else changed, the value saved meanwhile. A
    model form is validated again onto a fresh copy of the saved object, so that
    neither its instance nor `current` takes the typed values."""
    fresh = type(current)._default_manager.get(pk=current.pk)
    saved = {name: _saved(fresh, name) for name in form.fields if name != VERSION}
    if isinstance(form, forms.BaseModelForm):
        form.instance = fresh
    _bind_again(form, conflict, VERSION, str(fresh.version), form.data if data is None else data)
    for name, pair in saved.items():
        if pair is not None and name in form.cleaned_data and not _same(form.cleaned_data[name], pair[0]):
            _saved_meanwhile(form, name, pair[1])
    return form


def _saved(obj: models.Model, name: str) -> tuple[Any, Any] | None:
    """(stored value, as shown) of a field of `obj`; None when the form field is
    not one of the model's."""
    try:
        field = obj._meta.get_field(name)
    except FieldDoesNotExist:
        return None
    value: Any = getattr(obj, name, None)
    if hasattr(value, "all"):  # many-to-many
        items = list(value.all())
        return items, ", ".join(str(item) for item in items)
    display = getattr(obj, f"get_{name}_display", None)
    if display is not None and getattr(field, "choices", None):
        return value, display()
    return value, value


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


# A set of rows ------------------------------------------------------------------------


def stamp_of(values: Any) -> str:
    """The stamp of a set of saved values (a dict or an iterable): any change,
    addition or removal changes it."""
    items = sorted(repr(item) for item in (values.items() if hasattr(values, "items") else values))
    return hashlib.sha256("\n".join(items).encode()).hexdigest()[:32]


def add_stamp_field[F_: forms.BaseForm](form: F_, stamp: str) -> F_:
    """Give `form` the hidden field that carries the stamp of the set as shown
    (not required, as the version: see `add_version_field`)."""
    form.fields[STAMP] = forms.CharField(widget=forms.HiddenInput, max_length=64, required=False)
    form.initial.setdefault(STAMP, stamp)
    return form


def serialize(key: str) -> None:
    """Hold, until the end of the transaction, a lock of its own for `key` (on
    PostgreSQL an advisory lock: rows about to be created cannot be locked;
    SQLite runs one write transaction at a time already)."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(hashtext(%s))", [f"sentinelle:{key}"])


def check_stamp[T](key: str, stamp: str | None, saved: Callable[[], T]) -> T:
    """In the transaction of a service saving the set named `key`: saves of the
    same set wait for each other, and if `saved()` (its values now) no longer has
    the `stamp` the page carried, `Conflict` is raised before anything is written
    (no stamp: the values found now). Returns the values saved now."""
    serialize(key)
    now = saved()
    if stamp not in (None, "", stamp_of(now)):
        raise Conflict()
    return now


def show_set_conflict[F_: forms.BaseForm](form: F_, conflict: Conflict, *, data: Any) -> F_:
    """`form`, built on the values saved now (its fields' initial values, its
    stamp field's too) and bound to what the staff member typed, with the
    conflict explained and, under each field saved differently meanwhile, the
    saved value."""
    _bind_again(form, conflict, STAMP, form.initial[STAMP], data)
    for name, field in list(form.fields.items()):
        if name == STAMP or name not in form.cleaned_data:
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
        _saved_meanwhile(form, name, saved)
    return form


# Both ---------------------------------------------------------------------------------


def _bind_again(form: forms.BaseForm, conflict: Conflict, token: str, value: str, data: Any) -> None:
    """Bind `form` to `data` with the token (version or stamp) saved now,
    validate it again and explain the conflict."""
    data = data.copy()
    data[form.add_prefix(token)] = value
    form.data = data
    form.is_bound = True
    form._errors = None  # type: ignore[attr-defined]
    form.is_valid()
    form.add_error(None, conflict.message)


def _saved_meanwhile(form: forms.BaseForm, name: str, shown: Any) -> None:
    form.add_error(name, _("Saved in the meantime by somebody else: “%(value)s”.")
                   % {"value": _as_text(shown) if shown not in (None, "") else "—"})


def _as_text(value: Any) -> str:
    if value is True:
        return str(_("Yes"))
    if value is False:
        return str(_("No"))
    if hasattr(value, "strftime"):
        return str(value.strftime("%Y-%m-%d %H:%M" if hasattr(value, "hour") else "%Y-%m-%d"))
    return str(value)
