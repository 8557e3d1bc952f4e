"""CSV and Excel exports of one dashboard table, with the same numbers as the page."""

from __future__ import annotations

import io
from typing import Any

from sentinelle.dashboard.tables import Table
from sentinelle.lib import tabular
from sentinelle.lib.tabular import safe_cell


def _value(table: Table, row: int, column: int, value: Any) -> Any:
    """Shares become percentages (one decimal), days one decimal, counts whole."""
    if value is None:
        return None
    kind = table.kind(row, column)
    if isinstance(value, str) or kind in ("label", "text"):
        return safe_cell(str(value))
    if kind == "share":
        return round(float(value) * 100, 1)
    if kind in ("days", "rating"):
        return round(float(value), 1 if kind == "days" else 2)
    return round(float(value))


def headers(table: Table) -> list[str]:
    return [f"{column.title} (%)" if column.kind == "share" else column.title for column in table.columns]


def typed_rows(table: Table) -> list[list[Any]]:
    rows = [[_value(table, r, c, value) for c, value in enumerate(row)] for r, row in enumerate(table.rows)]
    if table.totals is not None:
        rows.append([_value(table, len(table.rows), c, value) for c, value in enumerate(table.totals)])
    return rows


def to_csv(table: Table) -> bytes:
    """UTF-8 with a byte-order mark, so that Excel reads the accents right."""
    buffer = io.StringIO()
    writer = tabular.writer(buffer)
    writer.writerow(headers(table))
    for row in typed_rows(table):
        writer.writerow(["" if value is None else value for value in row])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def to_xlsx(table: Table) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    workbook = Workbook()
    sheet = workbook.worksheets[0]
    sheet.title = table.name[:31]
    sheet.append(tabular.sheet_row(headers(table)))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    sheet.freeze_panes = "A2"
    for row in typed_rows(table):
        sheet.append(tabular.sheet_row(row))
    if table.totals is not None:
        for cell in sheet[sheet.max_row]:
            cell.font = Font(bold=True)
    sheet.column_dimensions["A"].width = 40
    output = io.BytesIO()
    workbook.save(output)
    return output.getvalue()
