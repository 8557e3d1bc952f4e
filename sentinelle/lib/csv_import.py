"""Reading an imported CSV file: the checks every import shares (size, UTF-8,
semicolon or comma, column names in English or French, a row limit), each
problem in words with its line number; the form field that uploads it
(`CsvFileField`) and how a refused import shows its problems (`refuse`). What a
row means, and the rule that nothing is imported when one row is wrong, stay
with the import that uses it."""

from __future__ import annotations

import csv
import io
import re
import unicodedata
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

MAX_IMPORT_BYTES = 2 * 1024 * 1024
MAX_IMPORT_ROWS = 10_000
# The problems of a refused import listed under its file field; past this, how many more.
MAX_ERRORS_SHOWN = 200


class CsvFileField(forms.FileField):
    """The uploaded CSV file, refused past MAX_IMPORT_BYTES before it is read;
    its cleaned value is the file's bytes (for `read_rows`)."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("label", gettext_lazy("CSV file"))
        kwargs.setdefault("widget", forms.ClearableFileInput(attrs={"accept": ".csv,text/csv"}))
        super().__init__(**kwargs)

    def clean(self, data: Any, initial: Any = None) -> Any:
        upload = super().clean(data, initial)
        if not upload:
            return upload
        if upload.size > MAX_IMPORT_BYTES:
            raise forms.ValidationError(_("The file is larger than 2 MB. Split it into smaller files."))
        return bytes(upload.read())


def refuse(form: forms.BaseForm, errors: list[str], field_name: str = "file") -> None:
    """Show under the file field of `form` that nothing was imported, and why:
    the first MAX_ERRORS_SHOWN problems, then how many more."""
    form.add_error(field_name, ngettext(
        "Nothing was imported: %(count)d problem must be corrected in the file first.",
        "Nothing was imported: %(count)d problems must be corrected in the file first.",
        len(errors)) % {"count": len(errors)})
    shown = errors[:MAX_ERRORS_SHOWN]
    for error in shown:
        form.add_error(field_name, error)
    if len(errors) > len(shown):
        form.add_error(field_name, _("… and %(count)d more.") % {"count": len(errors) - len(shown)})


def normalise(header: str) -> str:
    """A column name without accents, case or punctuation: "Date de réussite" → "date de reussite"."""
    ascii_header = unicodedata.normalize("NFKD", header).encode("ascii", "ignore").decode().lower()
    return re.sub(r"[^a-z0-9]+", " ", ascii_header).strip()


@dataclass(frozen=True)
class Row:
    """One line of the file (its number as a spreadsheet shows it) and its cells by column key."""

    line: int
    cells: dict[str, str]


@dataclass
class Rows:
    errors: list[str] = field(default_factory=list)
    rows: list[Row] = field(default_factory=list)


def read_rows(raw: bytes, headers: dict[str, set[str]], required: dict[str, str], example: str = "",
              columns_message: Callable[[list[str]], str] | None = None) -> Rows:
    """The rows of `raw`, with their cells under the keys of `headers` (the
    accepted names of each column, normalised); `required` gives each required
    key's label for the message that lists the missing ones, `example` a first
    line that would do (or `columns_message`, given the missing labels, says it
    all). Blank lines are skipped. On any problem of the file itself, `errors`
    says it and `rows` is empty."""
    result = Rows()
    if len(raw) > MAX_IMPORT_BYTES:
        result.errors.append(_("The file is larger than 2 MB. Split it into smaller files."))
        return result
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        result.errors.append(_("The file is not a text (CSV) file in UTF-8. Save it as “CSV UTF-8” and try again."))
        return result
    # A spreadsheet saved in French often separates with semicolons.
    delimiter = max(",;\t", key=text.split("\n", 1)[0].count)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        header = next(reader)
    except (StopIteration, csv.Error):
        result.errors.append(_("The file is empty."))
        return result
    columns: dict[str, int] = {}
    for index, name in enumerate(header):
        for key, names in headers.items():
            if normalise(name) in names and key not in columns:
                columns[key] = index
    missing = [label for key, label in required.items() if key not in columns]
    if missing and columns_message is not None:
        result.errors.append(columns_message(missing))
        return result
    if missing:
        result.errors.append(_("The first line must name the columns %(columns)s (in English or French, for "
                               "example “%(example)s”). Not found: %(missing)s.")
                             % {"columns": ", ".join(required.values()), "example": example,
                                "missing": ", ".join(missing)})
        return result
    try:
        for values in _lines(reader):
            if len(result.rows) >= MAX_IMPORT_ROWS:
                result.errors.append(_("The file has more than %(max)d rows. Split it into smaller files.")
                                     % {"max": MAX_IMPORT_ROWS})
                result.rows = []
                return result
            cells = {key: values[index].strip() if index < len(values) else "" for key, index in columns.items()}
            result.rows.append(Row(reader.line_num, cells))
    except csv.Error:
        result.errors.append(_("Line %(line)d: the file cannot be read as CSV there.") % {"line": reader.line_num})
        result.rows = []
    if not result.errors and not result.rows:
        result.errors.append(_("The file has no rows under its first line."))
    return result


def _lines(reader: Iterator[list[str]]) -> Iterator[list[str]]:
    for values in reader:
        if any(v.strip() for v in values):
            yield values


def line_error(line: int, reasons: list[str]) -> str:
    """The message for one wrong line: "Line 4: the date is missing; …"."""
    return _("Line %(line)d: %(reasons)s.") % {"line": line, "reasons": "; ".join(reasons)}
