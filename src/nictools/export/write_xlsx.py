"""One Excel workbook (openpyxl, imported only here): a sheet per table.

Each sheet has a bold header row, frozen below the header, an autofilter, column
widths fitted to the content, and real cell types: numbers, true/false, dates
(`yyyy-mm-dd`) and times (UTC, Excel has no time zones). Text that would start a
formula (`nictools.export.formulas`) is kept exactly, typed as text (never a formula), and characters Excel cannot store are dropped.
A last sheet, `columns`, describes every column.
"""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

from nictools.export.formulas import starts_formula
from nictools.export.tables import Dataset, Table

MAX_WIDTH = 60
SAMPLE_ROWS = 500  # widths are fitted to the header and the first rows


def _width(table: Table, index: int) -> float:
    column = table.columns[index]
    if column.type == "date":
        return 12
    if column.type == "datetime":
        return 20
    longest = len(column.name)
    for row in table.rows[:SAMPLE_ROWS]:
        value = row[index]
        if value is not None:
            longest = max(longest, len(str(value)))
    return min(max(longest + 2, 8), MAX_WIDTH)


def render(dataset: Dataset) -> bytes:
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    wb = Workbook(write_only=True)
    bold = Font(bold=True)

    def cell(ws: Any, value: Any) -> Any:
        """Numbers, booleans and dates go in as they are (openpyxl gives dates `yyyy-mm-dd`); text is cleaned."""
        if not isinstance(value, str):
            return value
        value = ILLEGAL_CHARACTERS_RE.sub("", value)
        if not starts_formula(value):
            return value
        c = WriteOnlyCell(ws, value=value)
        c.data_type = "s"  # `=SUM(...)`, `+cmd`, `@SUM` typed by a user are text, never a formula
        return c

    sheets = list(dataset.tables) + [_columns_table(dataset)]
    for table in sheets:
        ws = wb.create_sheet(title=table.name[:31])
        for i in range(len(table.columns)):
            ws.column_dimensions[get_column_letter(i + 1)].width = _width(table, i)
        ws.freeze_panes = "A2"
        last = get_column_letter(len(table.columns))
        ws.auto_filter.ref = f"A1:{last}{len(table.rows) + 1}"
        header = []
        for name in table.column_names:
            c = WriteOnlyCell(ws, value=name)
            c.font = bold
            header.append(c)
        ws.append(header)
        for row in table.rows:
            ws.append([cell(ws, v) for v in row])
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def _columns_table(dataset: Dataset) -> Table:
    from nictools.export.tables import Column

    rows = [(t.name, c.name, c.type, c.description) for t in dataset.tables for c in t.columns]
    return Table("columns", "What every column of every sheet means.",
                 [Column("sheet", "string", ""), Column("column", "string", ""), Column("type", "string", ""),
                  Column("description", "string", "")], rows=rows)
