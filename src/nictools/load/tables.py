"""Measurement data: one CSV per site and measure, read with row numbers.

The format: `period` (ISO date of the period's start), then `value`, or
`numerator,denominator`, or `value,n`; optional `subgroup`, `stratum`, `note`.
A cell that is not a plain number is a located problem that says what it looks
like (a thousands separator, a decimal comma), never a guess.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import math
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from nictools.bounds import DATE_RANGE, NUMBER_RANGE, date_in_bounds, number_in_bounds
from nictools.catalogue import make_problem
from nictools.errors import NicError
from nictools.problems import Problem

KNOWN_COLUMNS = ("period", "value", "numerator", "denominator", "n", "subgroup", "stratum", "note")
MISSING = {"", "NA", "na", "N/A", "n/a"}
# re.ASCII: `\d` is 0-9 only, so `١٠` (Arabic-Indic), `１０` (full-width) and `৪০` (Bengali) are
# not numbers here, as they are not in a spreadsheet, R or SQL (Python's float() would take them)
_NUMBER = re.compile(r"[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?\Z", re.ASCII)
_THOUSANDS = re.compile(r"[-+]?\d{1,3}(?:[, ]\d{3})+(?:\.\d+)?\Z", re.ASCII)
_DECIMAL_COMMA = re.compile(r"[-+]?\d+,\d+\Z", re.ASCII)
_ISO = re.compile(r"\d{4}-\d{2}-\d{2}\Z", re.ASCII)
_SLASHED = re.compile(r"(\d{1,2})[/.](\d{1,2})[/.](\d{2,4})\Z", re.ASCII)


@dataclass(frozen=True)
class DataRow:
    """One row of measurement data; None is a missing value (a gap, never zero)."""

    line: int
    period: dt.date | None
    value: float | None = None
    numerator: float | None = None
    denominator: float | None = None
    n: float | None = None
    subgroup: str | None = None
    stratum: str | None = None
    note: str | None = None


@dataclass
class DataTable:
    """A data file: its header, its rows and the problems found reading it."""

    path: str
    columns: list[str] = field(default_factory=list)
    rows: list[DataRow] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    @property
    def kind(self) -> str:
        """`ratio` (numerator,denominator), `mean` (value,n) or `value`."""
        if "numerator" in self.columns:
            return "ratio"
        if "n" in self.columns:
            return "mean"
        return "value"


class LazyTable(DataTable):
    """A data file known unchanged since the last `nic validate`: its rows are built from the
    cache only when a check reads them (`nictools.load.network`)."""

    def __init__(self, path: str, restore: Callable[[], DataTable]) -> None:
        self.path = path
        self._restore = restore
        self._table: DataTable | None = None

    def _load(self) -> DataTable:
        if self._table is None:
            self._table = self._restore()
        return self._table

    @property  # type: ignore[override]
    def columns(self) -> list[str]:
        return self._load().columns

    @property  # type: ignore[override]
    def rows(self) -> list[DataRow]:
        return self._load().rows

    @property  # type: ignore[override]
    def problems(self) -> list[Problem]:
        return self._load().problems

    @property
    def built(self) -> bool:
        """True once its rows have been built."""
        return self._table is not None


def other_digits(text: str) -> str | None:
    """`text` with digits other than 0-9 (`١٠`, `１０`, `৪০`) written in 0-9, or None when it has none."""
    if text.isascii() or not any(c.isdigit() for c in text):
        return None
    return "".join(str(unicodedata.digit(c)) if c.isdigit() and not c.isascii() else c for c in text)


def read_number(cell: str) -> tuple[float | None, str | None, str]:
    """A cell as a number, or None and why not (in words a teacher understands), and the code that says so."""
    text = cell.strip()
    if text in MISSING:
        return None, None, "NIC022"
    ascii_text = other_digits(text)
    if ascii_text is not None:
        return None, (f"`{text}` is written with digits other than 0-9; type it as {ascii_text}"
                      if _NUMBER.match(ascii_text) else f"`{text}` is not a number (its digits are not 0-9)"), "NIC022"
    if _NUMBER.match(text):
        number = float(text)
        if not math.isfinite(number):
            return None, f"`{text}` is too large a number to be a count or a measurement", "NIC022"
        if not number_in_bounds(number):
            return None, (f"`{text}` is outside the numbers nic works with ({NUMBER_RANGE}); "
                          "no count or measurement of a network is that large"), "NIC024"
        return number, None, "NIC022"
    if _THOUSANDS.match(text):
        return None, f"`{text}` has a thousands separator; write {re.sub(r'[, ]', '', text)}", "NIC022"
    if _DECIMAL_COMMA.match(text):
        return None, f"`{text}` uses a decimal comma; write {text.replace(',', '.')}", "NIC022"
    if text.endswith("%") and _NUMBER.match(text[:-1].strip()):
        return None, (f"`{text}` is a percentage; give the numerator and denominator (or the plain number) "
                      "instead"), "NIC022"
    return None, f"`{text}` is not a number", "NIC022"


def parse_number(cell: str) -> tuple[float | None, str | None]:
    """A cell as a number, or None and why not (in words a teacher understands)."""
    number, why, _ = read_number(cell)
    return number, why


def read_period(cell: str) -> tuple[dt.date | None, str | None, str]:
    """A period as a date, or None and what the text looks like instead, and the code that says so."""
    text = cell.strip()
    ascii_text = other_digits(text)
    if ascii_text is not None:
        return None, f"`{text}` is written with digits other than 0-9; type it as {ascii_text}", "NIC023"
    if _ISO.match(text):
        try:
            day = dt.date.fromisoformat(text)
        except ValueError:
            return None, f"`{text}` is not a real date", "NIC023"
        if not date_in_bounds(day):
            return None, f"`{text}` is outside the dates nic works with ({DATE_RANGE}); check the year", "NIC025"
        return day, None, "NIC023"
    slashed = _SLASHED.match(text)
    if slashed:
        return None, f"`{text}` looks like a day/month or month/day date; write it as YYYY-MM-DD", "NIC023"
    return None, f"`{text}` is not a date in the form YYYY-MM-DD" if text else "the period is empty", "NIC023"


def parse_period(cell: str) -> tuple[dt.date | None, str | None]:
    """A period as a date, or None and what the text looks like instead."""
    day, why, _ = read_period(cell)
    return day, why


_LINE_BREAK = re.compile(r"(?<=\r\n)|(?<=\n)(?<!\r\n)|(?<=\r)(?!\n)")


def field_starts(lines: list[str], start_line: int) -> list[tuple[int, int]]:
    """Where each field of the CSV row starting on `start_line` begins, as (line, column), both 1-based.

    Columns count characters, so an editor's caret lands on the field; a quoted field may
    carry the row onto later lines.
    """
    starts = [(start_line, 1)]
    quoted = False
    line_no = start_line
    while line_no <= len(lines):
        line = lines[line_no - 1]
        for col, char in enumerate(line, start=1):
            if char == '"':
                quoted = not quoted
            elif char == "," and not quoted:
                starts.append((line_no, col + 1))
            elif char in "\r\n" and not quoted:
                return starts
        if not quoted:
            break
        line_no += 1
    return starts


def _start_of(starts: list[tuple[int, int]], field: int, row_line: int) -> tuple[int, int]:
    return starts[field] if field < len(starts) else (row_line, 1)


def _validate_header(columns: list[str], path: str, starts: list[tuple[int, int]] | None = None) -> list[Problem]:
    if len(columns) == 1:
        for sign, name in ((";", "semicolons"), ("\t", "tabs")):
            if sign in columns[0]:
                return [make_problem("NIC021", path, 1, 1,
                                     f"The columns are separated by {name}, not commas (the header is `{columns[0].strip()}`).",
                                     hint="Save the file as CSV with commas (in Excel: CSV UTF-8 (Comma delimited)), "
                                          "or replace each separator with a comma.")]
    if columns and parse_period(columns[0])[1] is None:
        return [make_problem("NIC021", path, 1, 1,
                             f"The first row is data (`{','.join(columns)}`), not the header row.",
                             hint="Add a first row naming the columns: `period,value` or `period,numerator,denominator`.")]
    problems = []
    for index, name in enumerate(columns):
        if name not in KNOWN_COLUMNS:
            line, column = starts[index] if starts and index < len(starts) else (1, index + 1)
            problems.append(make_problem("NIC021", path, line, column,
                                         f"Unknown column `{name}`; the columns nic knows are {', '.join(KNOWN_COLUMNS)}."))
    present = set(columns)
    if columns and columns[0] != "period":
        problems.append(make_problem("NIC021", path, 1, 1, "The first column must be `period`."))
    if len(present) != len(columns):
        problems.append(make_problem("NIC021", path, 1, 1, "A column name appears twice in the header."))
    if {"numerator", "denominator"} & present and not {"numerator", "denominator"} <= present:
        problems.append(make_problem("NIC021", path, 1, 1, "`numerator` and `denominator` go together: add the missing one."))
    if not ({"value"} & present or {"numerator", "denominator"} <= present):
        problems.append(make_problem("NIC021", path, 1, 1, "The header needs `value` or `numerator,denominator`."))
    if "value" in present and "numerator" in present:
        problems.append(make_problem("NIC021", path, 1, 1, "Use either `value` or `numerator,denominator`, not both."))
    return problems


def read_table(text: str, path: str) -> DataTable:
    """Read one data CSV; every problem is located by line and column."""
    table = DataTable(path)
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    try:
        header = next(reader, None)
    except csv.Error as exc:
        table.problems.append(make_problem("NIC020", path, 1, 0, f"The header row cannot be read: {exc}."))
        return table
    if not header or not any(h.strip() for h in header):
        table.problems.append(make_problem("NIC007", path, 0, 0, "The data file is empty; it needs at least a header row."))
        return table
    table.columns = [h.strip().lower() for h in header]
    lines = _LINE_BREAK.split(text)
    header_problems = _validate_header(table.columns, path, field_starts(lines, 1))
    table.problems.extend(header_problems)
    if header_problems:
        return table
    index = {name: i for i, name in enumerate(table.columns)}
    width = len(table.columns)
    while True:
        start_line = reader.line_num + 1
        try:
            cells = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            table.problems.append(make_problem("NIC020", path, start_line, 0, f"Row {start_line} cannot be read: {exc}."))
            break
        if not cells or all(not c.strip() for c in cells):
            continue
        if len(cells) != width:
            table.problems.append(make_problem(
                "NIC020", path, start_line, 0,
                f"Row {start_line} has {len(cells)} fields but the header has {width}."
                + (" A comma inside a number or text needs quotes." if len(cells) > width else "")))
            continue
        period, why, code = read_period(cells[0])
        if why:
            table.problems.append(make_problem(code, path, start_line, 1, f"Row {start_line}: {why}.", pointer="period"))
        numbers: dict[str, float | None] = {}
        starts: list[tuple[int, int]] | None = None
        for name in ("value", "numerator", "denominator", "n"):
            if name in index:
                number, why, code = read_number(cells[index[name]])
                if why:
                    starts = starts or field_starts(lines, start_line)
                    line, column = _start_of(starts, index[name], start_line)
                    table.problems.append(make_problem(code, path, line, column,
                                                       f"Row {start_line}, column `{name}`: {why}.", pointer=name))
                numbers[name] = number

        def text_cell(name: str) -> str | None:
            return cells[index[name]].strip() or None if name in index else None

        table.rows.append(DataRow(start_line, period, subgroup=text_cell("subgroup"), stratum=text_cell("stratum"),
                                  note=text_cell("note"), **numbers))
    return table


def read_table_file(path: Path) -> tuple[DataTable | None, list[Problem]]:
    """A CSV file anywhere (`nic chart --data`) as a DataTable, with its located problems.

    The table is None when the file cannot be decoded; a file that is missing or cannot be
    read is a NicError (nothing to locate).
    """
    from nictools.load.text import decode

    shown = path.as_posix()
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise NicError(f"There is no file {shown}.", "Check the path given with --data.") from None
    except OSError as exc:
        raise NicError(f"{shown} cannot be read: {exc.strerror or exc}.") from None
    text = decode(raw, shown, check_tabs=False)
    problems = list(text.problems)
    table = None
    if text.text is not None and not text.fatal:
        table = read_table(text.text, shown)
        problems += table.problems
    return table, sorted(problems, key=lambda p: p.sort_key)
