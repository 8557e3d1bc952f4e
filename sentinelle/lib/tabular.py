"""Registers and tables as CSV and XLSX files, the same way everywhere: typed
values in, a file out, and no cell a spreadsheet would run as a formula.

This module is the only one that writes CSV or XLSX (tests/test_export_formulas.py
checks it): a module that builds its own file uses `writer()` for CSV and
`sheet_row()` for each row it appends to a sheet, headers included."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from datetime import date, datetime
from decimal import Decimal
from typing import Any

# What a spreadsheet takes for the start of a formula.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: Any) -> Any:
    """Text that a spreadsheet would run as a formula, made plain text."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def as_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, date | Decimal | int):
        return str(value)
    return str(safe_cell(value))


class GuardedWriter:
    """A `csv.writer` whose every cell goes through `as_text` (and so `safe_cell`)."""

    def __init__(self, out: Any) -> None:
        self._writer = csv.writer(out)

    def writerow(self, row: Iterable[Any]) -> Any:
        return self._writer.writerow([as_text(value) for value in row])

    def writerows(self, rows: Iterable[Iterable[Any]]) -> None:
        for row in rows:
            self.writerow(row)


def writer(out: Any) -> GuardedWriter:
    """The CSV writer of every export."""
    return GuardedWriter(out)


def sheet_row(values: Iterable[Any]) -> list[Any]:
    """A row to append to an XLSX sheet: text that would run as a formula made plain."""
    return [safe_cell(value) for value in values]


def csv_bytes(headers: Sequence[str], rows: Iterable[Sequence[Any]]) -> tuple[bytes, int]:
    """UTF-8 with a byte-order mark, so that Excel reads the accents right; and
    the number of rows written."""
    buffer = io.StringIO()
    out = writer(buffer)
    out.writerow(headers)
    count = 0
    for row in rows:
        out.writerow(row)
        count += 1
    return ("\ufeff" + buffer.getvalue()).encode("utf-8"), count


def xlsx_bytes(title: str, headers: Sequence[str], rows: Iterable[Sequence[Any]]) -> tuple[bytes, int]:
    """One sheet: bold, frozen headers; dates and times formatted as such; text
    of several lines wrapped. Datetimes must be naive (local time)."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    workbook = Workbook()
    sheet = workbook.worksheets[0]
    sheet.title = title[:31]
    sheet.append(sheet_row(headers))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    sheet.freeze_panes = "A2"
    count = 0
    for row in rows:
        sheet.append(sheet_row(row))
        count += 1
    for row_cells in sheet.iter_rows(min_row=2):
        for cell in row_cells:
            if isinstance(cell.value, datetime):
                cell.number_format = "yyyy-mm-dd hh:mm"
            elif isinstance(cell.value, date):
                cell.number_format = "yyyy-mm-dd"
            elif isinstance(cell.value, str) and "\n" in cell.value:
                cell.alignment = Alignment(wrap_text=True, vertical="top")
    output = io.BytesIO()
    workbook.save(output)
    return output.getvalue(), count
