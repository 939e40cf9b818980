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


def render_entry(sheets: list[Any], sites: list[str]) -> bytes:
    """The data-entry workbook (`nic export --format xlsx --for-entry`) from `nictools.export.entry`'s sheets.

    Dates are date cells (`yyyy-mm-dd`); data validation refuses what nic would refuse on
    import, as the person types: whole numbers of at least 0, a numerator at most its
    denominator, a real date, a site from the list, a choice from its list."""
    from openpyxl import Workbook
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    from nictools.export.entry import ENTRY_ROWS

    wb = Workbook()
    wb.remove(wb.active)
    bold = Font(bold=True)
    lists = wb.create_sheet("lists")
    for i, site in enumerate(sites, start=1):
        lists.cell(row=i, column=1, value=site)
    lists.sheet_state = "hidden"
    site_list = f"=lists!$A$1:$A${max(len(sites), 1)}"

    def text(value: Any) -> Any:
        if isinstance(value, str):
            value = ILLEGAL_CHARACTERS_RE.sub("", value)
        return value

    for sheet in sheets:
        ws = wb.create_sheet(sheet.name, index=len(wb.sheetnames) - 1)
        for col, name in enumerate(sheet.header, start=1):
            ws.cell(row=1, column=col, value=name).font = bold
        for r, row in enumerate(sheet.rows, start=2):
            for col, value in enumerate(row, start=1):
                cell = ws.cell(row=r, column=col, value=text(value))
                if isinstance(value, str) and value.startswith("="):
                    cell.data_type = "s"
                if isinstance(value, dt.date):
                    cell.number_format = "yyyy-mm-dd"
        if sheet.kind == "instructions":
            ws.column_dimensions["A"].width = 120
            for row in ws.iter_rows():
                for cell in row:
                    cell.alignment = Alignment(wrap_text=True)
            continue
        ws.freeze_panes = "A2"
        if sheet.kind == "cycle":
            ws.column_dimensions["A"].hidden = True
            ws.column_dimensions["B"].width = 70
            ws.column_dimensions["C"].width = 60
            for index, choices in sheet.choices.items():
                dv = DataValidation(type="list", formula1='"' + ",".join(choices) + '"', allow_blank=True,
                                    showErrorMessage=True, error="Pick one of the list.")
                ws.add_data_validation(dv)
                dv.add(f"C{index + 2}")
            continue
        last = len(sheet.rows) + 1 + ENTRY_ROWS
        for col in range(1, len(sheet.header) + 1):
            ws.column_dimensions[get_column_letter(col)].width = max(12, len(sheet.header[col - 1]) + 2)
        for r in range(len(sheet.rows) + 2, last + 1):
            ws.cell(row=r, column=2).number_format = "yyyy-mm-dd"
        dv_site = DataValidation(type="list", formula1=site_list, allow_blank=True, showErrorMessage=True,
                                 error="Pick the site from the list.")
        dv_date = DataValidation(type="date", operator="greaterThan", formula1="36526", allow_blank=True,
                                 showErrorMessage=True, error="Type a date, e.g. 2025-09-08 (the period's first day).")
        whole = sheet.calculation != "mean"
        dv_number = DataValidation(type="whole" if whole else "decimal", operator="greaterThanOrEqual", formula1="0",
                                   allow_blank=True, showErrorMessage=True,
                                   error="Type a number of at least 0" + (" (a whole number)." if whole else "."))
        for dv in (dv_site, dv_date, dv_number):
            ws.add_data_validation(dv)
        dv_site.add(f"A2:A{last}")
        dv_date.add(f"B2:B{last}")
        numbers = [c for c in range(3, len(sheet.header)) if sheet.header[c - 1] != "note"]
        if sheet.calculation == "mean":
            dv_count = DataValidation(type="whole", operator="greaterThanOrEqual", formula1="0", allow_blank=True,
                                      showErrorMessage=True, error="Type a whole number of at least 0.")
            ws.add_data_validation(dv_count)
            dv_number.add(f"C2:C{last}")
            dv_count.add(f"D2:D{last}")
        elif sheet.calculation == "proportion":
            dv_num = DataValidation(type="custom", formula1="AND(ISNUMBER(C2),C2>=0,C2=INT(C2),OR(D2=\"\",C2<=D2))",
                                    allow_blank=True, showErrorMessage=True,
                                    error="The numerator is a whole number, at most the denominator.")
            ws.add_data_validation(dv_num)
            dv_num.add(f"C2:C{last}")
            dv_number.add(f"D2:D{last}")
        else:
            for c in numbers:
                letter = get_column_letter(c)
                dv_number.add(f"{letter}2:{letter}{last}")
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()
