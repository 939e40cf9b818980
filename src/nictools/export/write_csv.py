"""A folder of CSV files, one per table, described by README.txt and a Frictionless datapackage.json.

CSV as RFC 4180 (comma, double-quote quoting where needed, CRLF line ends), UTF-8
without a byte-order mark, a header row; dates as YYYY-MM-DD, times as
YYYY-MM-DDTHH:MM:SSZ (UTC), true/false, and an empty cell for a missing value.
`datapackage.json` (Frictionless Tabular Data Package) gives every column's type,
the primary and foreign keys, so `frictionless`, R's `frictionless` package or a
few lines of pandas read it with the right types.

Text that a spreadsheet would run as a formula (a cell starting with `=`, `+`, `-`, `@`, a tab
or a carriage return) is prefixed with `'`, Excel's mark for "this is text", as OWASP advises,
in every flavour: `nictools.export.formulas` holds the rule and how R and pandas undo it.

`--excel` (`render(..., excel=True)`) writes the same folder for Excel to open by
double-click: a UTF-8 byte-order mark first (without it Excel reads UTF-8 as the local
code page and garbles every accent) and booleans as Excel's own `TRUE`/`FALSE`.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
from typing import Any

from nictools.export.formulas import FORMULA_START, READ_BACK_PANDAS, READ_BACK_R, neutralise
from nictools.export.tables import Dataset, Table

SNIPPET_R = """\
library(readr)
sites  <- read_csv("sites.csv")
points <- read_csv("data_points.csv", col_types = cols(period = col_date()))
# one measure at one site, as a run chart's input:
subset(points, site_id == "{site}" & measure_id == "{measure}")"""

SNIPPET_PANDAS = """\
import pandas as pd
points = pd.read_csv("data_points.csv", parse_dates=["period"], keep_default_na=False, na_values=[""])
cycles = pd.read_csv("cycles.csv", keep_default_na=False, na_values=[""])
points.merge(pd.read_csv("measures.csv"), on="measure_id")"""


def cell(value: Any) -> str:
    """A value as CSV text."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dt.datetime):
        return value.strftime("%Y-%m-%dT%H:%M:%SZ")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() and abs(value) < 1e15 else repr(value)
    if isinstance(value, str):
        return neutralise(value)  # text that would start a formula gets a ' (see export/formulas.py)
    return str(value)


__all__ = ["FORMULA_START", "cell", "excel_cell", "render", "table_csv"]
BOM = b"\xef\xbb\xbf"


def excel_cell(value: Any, column_type: str) -> str:
    """A value as CSV text for Excel: TRUE/FALSE; text as every flavour writes it (`cell`)."""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    return cell(value)


def table_csv(table: Table, excel: bool = False) -> bytes:
    out = io.StringIO(newline="")
    writer = csv.writer(out, dialect="excel", lineterminator="\r\n")  # RFC 4180: minimal quoting, CRLF
    writer.writerow(table.column_names)
    types = [c.type for c in table.columns]
    for row in table.rows:
        if excel:
            writer.writerow([excel_cell(v, kind) for v, kind in zip(row, types)])
        else:
            writer.writerow([cell(v) for v in row])
    data = out.getvalue().encode("utf-8")
    return BOM + data if excel else data


def _slug(name: str) -> str:
    return re.sub(r"[^a-z0-9._-]+", "-", name.lower()).strip("-") or "network"


def datapackage(dataset: Dataset, meta: dict[str, str]) -> dict[str, Any]:
    """The Frictionless Tabular Data Package descriptor."""
    resources = []
    for table in dataset.tables:
        schema: dict[str, Any] = {
            "fields": [{"name": c.name, "type": c.type, "description": c.description} for c in table.columns],
            "missingValues": [""],
        }
        if table.primary_key:
            schema["primaryKey"] = list(table.primary_key)
        names = {t.name for t in dataset.tables}
        fks = [{"fields": list(fk.columns), "reference": {"resource": fk.table, "fields": list(fk.references)}}
               for fk in table.foreign_keys if fk.table in names]
        if fks:
            schema["foreignKeys"] = fks
        resources.append({"name": table.name, "path": f"{table.name}.csv",
                          "profile": "tabular-data-resource", "format": "csv", "mediatype": "text/csv",
                          "encoding": "utf-8", "description": table.description,
                          "dialect": {"delimiter": ",", "quoteChar": '"', "doubleQuote": True,
                                      "lineTerminator": "\r\n", "header": True},
                          "schema": schema})
    return {"profile": "tabular-data-package", "name": _slug(meta.get("network_name", "network")),
            "title": f"{meta.get('network_name', 'Network')}: nic export",
            "description": f"As of {meta.get('as_of_date')} ({meta.get('as_of_revision')}); counts below "
                           f"{meta.get('small_cell_threshold')} are masked.",
            "created": meta.get("exported_at"),
            "sources": [{"title": "nictools " + meta.get("nictools_version", "")}],
            "resources": resources}


EXCEL_WORDS = ["Written for Excel (--excel): each file starts with a UTF-8 byte-order mark and booleans are",
               "TRUE/FALSE. R's read.csv and readr, and pandas, skip the byte-order mark.", ""]

FORMULA_WORDS = ["Text that a spreadsheet would run as a formula (a cell starting with =, +, -, @, a tab or a",
                 "carriage return) starts with ' instead, and text that started with ' has one more: to get",
                 "the text back exactly, drop one leading ' from text cells (R and pandas lines below).", ""]


def readme(dataset: Dataset, meta: dict[str, str], excel: bool = False) -> str:
    lines = [f"{meta.get('network_name', 'Network')}: tables exported by nictools {meta.get('nictools_version', '')}",
             "", f"As of: {meta.get('as_of_date')} ({meta.get('as_of_revision')})",
             f"Exported at: {meta.get('exported_at')}",
             f"Counts below {meta.get('small_cell_threshold')} are masked: left empty, with masked = true.", "",
             "One CSV file per table: UTF-8, comma-separated, a header row, dates as YYYY-MM-DD,",
             "times as YYYY-MM-DDTHH:MM:SSZ (UTC), true/false, an empty cell for a missing value.",
             "datapackage.json describes the same tables for tools that read Frictionless data packages.", ""]
    lines += FORMULA_WORDS
    if excel:
        lines += EXCEL_WORDS
    for note in dataset.notes:
        lines.append(f"Note: {note}")
    if dataset.notes:
        lines.append("")
    points = dataset.table("data_points").rows
    site, measure = (points[0][0], points[0][1]) if points else ("SITE", "MEASURE")
    r_code = SNIPPET_R.format(site=site.replace('"', ""), measure=measure.replace('"', ""))
    lines += ["Reading the tables", "", "R:", "", _indent(r_code), _indent(READ_BACK_R), "", "pandas:", "",
              _indent(SNIPPET_PANDAS), _indent(READ_BACK_PANDAS), ""]
    for table in dataset.tables:
        key = f"; key: {', '.join(table.primary_key)}" if table.primary_key else ""
        lines += [f"{table.name}.csv ({len(table.rows)} rows{key})", f"  {table.description}"]
        width = max(len(c.name) for c in table.columns)
        for c in table.columns:
            lines.append(f"  {c.name.ljust(width)}  {c.type.ljust(8)}  {c.description}")
        lines.append("")
    return "\n".join(lines)


def _indent(text: str) -> str:
    return "\n".join("    " + line for line in text.splitlines())


def render(dataset: Dataset, meta: dict[str, str], excel: bool = False) -> dict[str, bytes]:
    """The folder's files: relative name -> bytes (`excel`: for Excel to open, see the module's doc)."""
    files = {f"{t.name}.csv": table_csv(t, excel) for t in dataset.tables}
    files["README.txt"] = readme(dataset, meta, excel).encode("utf-8")
    package = datapackage(dataset, meta)
    if excel:
        package["description"] += " Written for Excel: a UTF-8 byte-order mark and TRUE/FALSE."
    package["description"] += (" Text that would start a formula (=, +, -, @, tab, CR) or starts with ' has a ' "
                               "added in front: drop one leading ' from text cells to read it back.")
    files["datapackage.json"] = (json.dumps(package, indent=2, ensure_ascii=False) + "\n").encode()
    return files
