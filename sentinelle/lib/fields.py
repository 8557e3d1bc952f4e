"""Model fields whose values are stored encrypted (see `sentinelle.lib.crypto`).

The column is a text column holding base64 ciphertext, bound to its table and
column; Python code sees the plain text. An empty value is stored empty (the
ciphertext's length would tell as much). The lengths and formats a form checks
(`max_length`, an e-mail address) apply to the plain text.

The database cannot look inside: filtering, ordering, searching or grouping on
these columns is refused with a `FieldError` (Unsupported lookup), except
``isnull`` and comparing with the empty string. Read the rows, then work on the
plain text in Python.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.core import validators
from django.db import models
from django.db.models.lookups import Exact
from django.utils.functional import cached_property

from sentinelle.lib.crypto import keyring


class _EmptyOnlyExact(Exact):
    """`field=""` (or None) works: empty values are stored empty. Any other value
    would be compared with a fresh random ciphertext and match nothing, so it is
    refused instead of silently finding no rows."""

    def get_prep_lookup(self) -> Any:
        if self.rhs not in ("", None):
            raise TypeError(
                f"{self.lhs.target.model.__name__}.{self.lhs.target.name} is encrypted: the database cannot "
                "compare it with a value. Filter on other columns and compare in Python."
            )
        return super().get_prep_lookup()


class EncryptedTextField(models.TextField):  # type: ignore[type-arg]
    """A text field stored encrypted with the key ring's primary key."""

    description = "Text (encrypted at rest)"

    @property
    def context(self) -> str:
        """What the ciphertext is bound to: the table and column."""
        return f"{self.model._meta.db_table}.{self.column}"

    def get_lookup(self, lookup_name: str) -> Any:
        if lookup_name == "exact":
            return _EmptyOnlyExact
        if lookup_name == "isnull":
            return super().get_lookup(lookup_name)
        return None

    def get_transform(self, lookup_name: str) -> Any:
        return None

    def get_db_prep_value(self, value: Any, connection: Any, prepared: bool = False) -> Any:
        # prepared=True: the right-hand side of a lookup (only "" or None get here).
        if not prepared:
            value = self.get_prep_value(value)
            if value:
                return keyring().encrypt(str(value), self.context)
        return value

    def from_db_value(self, value: Any, expression: Any, connection: Any) -> Any:
        if not value:
            return value
        return keyring().decrypt(value, self.context)


class EncryptedCharField(EncryptedTextField):
    """Like a CharField to forms and validation (`max_length` of the plain text,
    a one-line input), stored as encrypted text."""

    def __init__(self, *args: Any, max_length: int, **kwargs: Any) -> None:
        kwargs["max_length"] = max_length
        super().__init__(*args, **kwargs)

    @cached_property
    def validators(self) -> list[Any]:
        return [*super().validators, validators.MaxLengthValidator(self.max_length)]

    def formfield(self, **kwargs: Any) -> Any:  # type: ignore[override]
        # A one-line input, as a CharField would have: skip TextField's Textarea.
        return models.Field.formfield(self, **{"max_length": self.max_length, **kwargs})


class EncryptedEmailField(EncryptedCharField):
    """An e-mail address, checked as EmailField checks it, stored encrypted."""

    default_validators = [validators.validate_email]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("max_length", 254)
        super().__init__(*args, **kwargs)

    def formfield(self, **kwargs: Any) -> Any:  # type: ignore[override]
        return super().formfield(**{"form_class": forms.EmailField, **kwargs})


def encrypted_columns() -> list[tuple[type[models.Model], EncryptedTextField]]:
    """Every (model, field) stored encrypted, across installed apps."""
    from django.apps import apps

    found = []
    for model in apps.get_models():
        for field in model._meta.concrete_fields:
            if isinstance(field, EncryptedTextField):
                found.append((model, field))
    return found
