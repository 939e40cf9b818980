"""`nic data add` and `nic data import`: measurement data without hand-editing a CSV.

Every new row is checked before anything is written: the period is a real, started
period that fits the measure's frequency and is not already there; the numbers are of
the kind the measure's calculation needs (numerator and denominator for a proportion or
a rate, a value for a count or a mean), not negative, a numerator not above its
denominator. A file is created with the header its measure needs; an existing file
keeps every byte and gets its new rows in period order.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable, Sequence

from nictools.atomic import write_atomic
from nictools.errors import NicError
from nictools.load.tables import DataTable, parse_number, parse_period, read_table
from nictools.model.measure import Measure
from nictools.network import check_inside
from nictools.model.network import Network
from nictools.scaffold.new import check_ref

#: the header a new data file gets, by the measure's calculation
HEADERS = {
    "proportion": ("period", "numerator", "denominator", "note"),
    "rate": ("period", "numerator", "denominator", "note"),
    "count": ("period", "value", "note"),
    "mean": ("period", "value", "n", "note"),
}
_WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


@dataclass(frozen=True)
class NewRow:
    """A row to add; `source` says where it came from (for messages: 'row 7 of attendance.xlsx')."""

    period: dt.date
    value: float | None = None
    numerator: float | None = None
    denominator: float | None = None
    n: float | None = None
    note: str | None = None
    subgroup: str | None = None
    stratum: str | None = None
    source: str = ""

    def key(self) -> tuple[dt.date, str | None, str | None]:
        return (self.period, self.subgroup, self.stratum)

    def numbers(self) -> tuple[float | None, ...]:
        return (self.value, self.numerator, self.denominator, self.n)


@dataclass
class Addition:
    """What adding rows will do: the file, its columns, the rows to write and those already there."""

    path: Path
    rel: str
    measure: Measure
    columns: tuple[str, ...]
    rows: list[NewRow] = field(default_factory=list)
    already_there: list[NewRow] = field(default_factory=list)
    #: rows for periods already there, with other numbers, to replace (the old row, the new one)
    changed: list[tuple[Any, NewRow]] = field(default_factory=list)
    creates: bool = False
    #: what it was prepared from, to prepare it again under the write lock
    request: tuple[Any, ...] = ()


def _num(x: float) -> str:
    return str(int(x)) if x == int(x) else repr(x)


def _where(row: NewRow) -> str:
    return f"{row.source}: " if row.source else ""


def check_numbers(row: NewRow, calculation: str) -> list[str]:
    """What is wrong with a row's numbers for this calculation, in plain words (empty when fine)."""
    problems = []
    w = _where(row)
    if calculation in ("proportion", "rate"):
        if row.value is not None:
            problems.append(f"{w}a {calculation} takes a numerator and a denominator, not a single value "
                            "(give --numerator N --denominator D)")
        elif row.numerator is None or row.denominator is None:
            problems.append(f"{w}a {calculation} needs both the numerator and the denominator")
    else:
        if row.numerator is not None or row.denominator is not None:
            problems.append(f"{w}a {calculation} takes a single value, not a numerator and a denominator")
        elif row.value is None:
            problems.append(f"{w}a {calculation} needs a value")
    for name in ("numerator", "denominator", "n") + (("value",) if calculation == "count" else ()):
        number = getattr(row, name)
        if number is not None and number < 0:
            problems.append(f"{w}the {name} is {_num(number)}; counts cannot be negative")
        elif number is not None and number != int(number) and (name != "value" or calculation == "count"):
            problems.append(f"{w}the {name} is {_num(number)}; a count is a whole number")
    if calculation in ("proportion", "rate") and row.numerator is not None and row.denominator is not None:
        if row.denominator == 0:
            problems.append(f"{w}the denominator is 0, so nothing can be calculated "
                            "(if no one was counted, add no row for that period)")
        elif calculation == "proportion" and row.numerator > row.denominator:
            problems.append(f"{w}the numerator ({_num(row.numerator)}) is larger than the denominator "
                            f"({_num(row.denominator)}); for a proportion it cannot be")
    return problems


def check_period(row: NewRow, frequency: str, weekday: int | None, today: dt.date) -> list[str]:
    w = _where(row)
    if row.period > today:
        return [f"{w}the period {row.period} has not started yet (today is {today})"]
    if frequency == "monthly" and row.period.day != 1:
        return [f"{w}monthly periods start on the 1st; did you mean {row.period.replace(day=1)}?"]
    if frequency == "weekly" and weekday is not None and row.period.weekday() != weekday:
        start = row.period - dt.timedelta(days=(row.period.weekday() - weekday) % 7)
        return [f"{w}weeks in this file start on a {_WEEKDAYS[weekday]}, but {row.period} is a "
                f"{_WEEKDAYS[row.period.weekday()]}; did you mean {start}?"]
    return []


def _same(existing: Any, new: NewRow) -> bool:
    return all(getattr(existing, name) == getattr(new, name) for name in ("value", "numerator", "denominator", "n"))


def _existing_text(path: Path, rel: str) -> str:
    """The text of a data file that is already there; a NicError when it cannot be added to safely."""
    from nictools.load.network import read_file_bytes
    from nictools.load.text import decode

    hint = f"Run `nic validate {rel}` and fix the file first."
    if path.is_symlink():
        raise NicError(f"{rel} is a link, so nic will not add to it.", hint)
    raw, failure = read_file_bytes(path, rel)
    decoded = decode(raw, rel, check_tabs=False) if raw is not None else None
    if failure or decoded is None or decoded.fatal or decoded.text is None:
        problem = failure or (decoded.problems[0] if decoded and decoded.problems else None)
        raise NicError(f"{rel} has problems, so nic will not add to it"
                       + (f": {problem.message}" if problem else "."), hint)
    return decoded.text


def prepare(root: Path, network: Network, measure_id: str, site: str, rows: Sequence[NewRow], today: dt.date, *,
            skip_identical: bool = False, replace_changed: bool = False) -> Addition:
    """Check every row against the measure and the file; raise a NicError listing every problem."""
    check_ref(site, network.sites, "site", "Sites are defined in sites/<id>/site.yaml.")
    check_ref(measure_id, network.measures, "measure", "Measures are defined in measures/<id>.yaml.")
    measure = network.measures[measure_id].model
    rel = f"sites/{site}/data/{measure_id}.csv"
    path = root / rel
    check_inside(root, path)
    table: DataTable | None = None
    if path.is_symlink() or path.exists():
        table = read_table(_existing_text(path, rel), rel)
        if table.problems:
            raise NicError(f"{rel} has problems, so nic will not add to it: {table.problems[0].message}",
                           f"Run `nic validate {rel}` and fix the file first.")
        columns = tuple(table.columns)
        fits = {"proportion": "ratio", "rate": "ratio", "count": "value", "mean": ("value", "mean")}[measure.calculation]
        if table.kind not in fits:
            raise NicError(f"{rel} has the columns `{','.join(columns)}`, which do not fit a {measure.calculation}.",
                           f"A {measure.calculation} needs `{','.join(HEADERS[measure.calculation][:-1])}`.")
    else:
        columns = HEADERS[measure.calculation]
    existing = {(r.period, r.subgroup, r.stratum): r for r in (table.rows if table else []) if r.period}
    days = Counter(r.period.weekday() for r in (table.rows if table else []) if r.period)
    weekday = days.most_common(1)[0][0] if days else None
    addition = Addition(path, rel, measure, columns, creates=table is None,
                        request=(root, measure_id, site, tuple(rows), today, skip_identical))
    problems: list[str] = []
    seen: dict[tuple, NewRow] = {}
    for row in rows:
        found = check_period(row, measure.frequency, weekday, today) + check_numbers(row, measure.calculation)
        for name in ("note", "subgroup", "stratum"):
            if getattr(row, name) and name not in columns:
                found.append(f"{_where(row)}{rel} has no `{name}` column (its columns: {','.join(columns)})")
        old = existing.get(row.key())
        if old is not None:
            if skip_identical and _same(old, row):
                addition.already_there.append(row)
                continue
            if replace_changed and not found and row.key() not in seen:
                seen[row.key()] = row
                addition.changed.append((old, row))
                continue
            found.append(f"{_where(row)}{rel} already has the period {row.period} (line {old.line})"
                         + ("" if _same(old, row) else " with other numbers; edit that line if it was wrong"))
        if row.key() in seen:
            found.append(f"{_where(row)}the period {row.period} is given twice")
        seen[row.key()] = row
        if found:
            problems.extend(found)
        else:
            addition.rows.append(row)
    if problems:
        shown = problems[:10] + ([f"… and {len(problems) - 10} more"] if len(problems) > 10 else [])
        raise NicError("Nothing was written:" + (" " + shown[0] if len(shown) == 1 else
                                                 "\n  " + "\n  ".join(shown)),
                       "Fix the values and run the command again.")
    return addition


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return _num(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def format_rows(columns: Sequence[str], rows: Iterable[NewRow], newline: str = "\n") -> list[str]:
    """Rows as CSV lines in the file's column order (notes quoted when they need it)."""
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator=newline)
    for row in rows:
        writer.writerow([_cell(getattr(row, name, None)) for name in columns])
    return out.getvalue().splitlines(keepends=True)


def updated_text(addition: Addition) -> str:
    """The file with the new rows in period order; every existing byte kept, its byte-order
    mark and its line endings too (a CRLF checkout gets CRLF rows)."""
    new = sorted(addition.rows, key=lambda r: r.period)
    if addition.creates:
        return ",".join(addition.columns) + "\n" + "".join(format_rows(addition.columns, new))
    raw = addition.path.read_bytes().decode("utf-8")
    bom = "\ufeff" if raw.startswith("\ufeff") else ""
    text = raw[len(bom):]
    newline = "\r\n" if "\r\n" in text else "\n"
    lines = text.splitlines(keepends=True)
    if lines and not lines[-1].endswith("\n"):
        lines[-1] = lines[-1].rstrip("\r") + newline
    table = read_table(text, addition.rel)
    for old, row in addition.changed:  # a period already there, with corrected numbers: its line replaced
        line = lines[old.line - 1]
        if line.count('"') % 2:
            raise NicError(f"{addition.rel}: line {old.line} holds a note over several lines, so nic will not "
                           "replace it.", "Change that row in the file itself, or ask your coordinator.")
        lines[old.line - 1] = format_rows(addition.columns, [row])[0]
    end = len(lines)
    for row in reversed(new):  # each insert is before the first row with a later period
        later = [r.line for r in table.rows if r.period and r.period > row.period]
        position = min(later) - 1 if later else end
        lines[position:position] = format_rows(addition.columns, [row], newline)
    return bom + "".join(lines)


def write(addition: Addition) -> Path:
    """Write the rows, holding the network's write lock: the file is read and checked again
    once the lock is held, so rows another `nic data add` wrote meanwhile are kept (and a
    period it added is refused here as already there)."""
    from nictools.lock import network_lock

    if not addition.request:
        return _write_now(addition)
    root, measure_id, site, rows, today, skip_identical = addition.request
    with network_lock(root):
        from nictools.scaffold.new import load

        fresh = prepare(root, load(root), measure_id, site, rows, today, skip_identical=skip_identical)
        return _write_now(fresh)


def add_rows(root: Path, measure_id: str, site: str, rows: Sequence[NewRow], today: dt.date, *,
             skip_identical: bool = False) -> Addition:
    """Check and add `rows` in one step under the write lock; the Addition says what was written."""
    from nictools.lock import network_lock
    from nictools.scaffold.new import load

    with network_lock(root):
        addition = prepare(root, load(root), measure_id, site, rows, today, skip_identical=skip_identical)
        if addition.rows:
            _write_now(addition)
        return addition


def _write_now(addition: Addition) -> Path:
    if addition.creates:
        try:
            return write_atomic(addition.path, updated_text(addition), exclusive=True)
        except FileExistsError:
            raise NicError(f"{addition.rel} was created by someone else just now; nothing was written.",
                           "Run the command again: it adds to the file as it is now.") from None
    return write_atomic(addition.path, updated_text(addition))


def unusual(addition: Addition) -> list[str]:
    """The new rows whose denominator is far from the site's recent ones (NIC315's rule, applied
    to every new row), in words, for the person to confirm before anything is written."""
    from nictools.checks.data import far_from_recent

    if addition.measure.calculation not in ("proportion", "rate"):
        return []
    old = [] if addition.creates else read_table(_existing_text(addition.path, addition.rel), addition.rel).rows
    series: dict[tuple, list[tuple[dt.date, float | None, str | None, NewRow | None]]] = {}
    for row in old:
        if row.period is not None:
            series.setdefault((row.subgroup, row.stratum), []).append((row.period, row.denominator, row.note, None))
    for new in addition.rows:
        series.setdefault((new.subgroup, new.stratum), []).append((new.period, new.denominator, new.note, new))
    found: list[str] = []
    for members in series.values():
        members.sort(key=lambda m: m[0])
        for i, median in far_from_recent([m[1] for m in members], [m[2] for m in members], settled=False):
            new = members[i][3]
            if new is not None:
                found.append(f"{_where(new)}{new.period}: {_num(new.numerator or 0)}/{_num(new.denominator or 0)}, "
                             f"but the recent denominators are about {_num(round(median))}")
    return found


def preview(addition: Addition) -> str:
    """A plain table of the rows to add, for the person to check before writing."""
    columns = [c for c in addition.columns if c in ("period", "value", "numerator", "denominator", "n", "note",
                                                     "subgroup", "stratum")]
    body = [[_cell(getattr(r, c, None)) for c in columns] for r in sorted(addition.rows, key=lambda r: r.period)]
    widths = [max([len(c)] + [len(row[i]) for row in body]) for i, c in enumerate(columns)]
    lines = ["  ".join(c.ljust(w) for c, w in zip(columns, widths)).rstrip(),
             "  ".join("-" * w for w in widths)]
    lines += ["  ".join(v.ljust(w) for v, w in zip(row, widths)).rstrip() for row in body]
    return "\n".join(lines)


# --- reading a spreadsheet -------------------------------------------------------------


#: how far into an XML part of an .xlsx file its prolog (before the root element) may reach
_PROLOG_LIMIT = 1 << 20
#: bounds on what an import reads: a workbook's parts uncompressed (a zip holds a 1 GB part of
#: repeated text in 1 MB), its shared strings (openpyxl keeps them all in memory), the rows
#: and columns of a sheet or CSV file. A measure's data at one site is one row per period:
#: a century of weekly periods is 5,200 rows.
MAX_PART_BYTES = 50 * 1024 * 1024
MAX_WORKBOOK_BYTES = 100 * 1024 * 1024
MAX_SHARED_STRINGS = 200_000
MAX_ROWS = 100_000
MAX_COLUMNS = 256
_TOO_BIG_HINT = ("Copy the rows for this measure and site into a new workbook (or save the sheet as .csv) "
                 "and import that.")


def _mb(size: int) -> str:
    return f"{size / (1024 * 1024):,.0f} MB"


def _xlsx_checked(path: Path) -> None:
    """Refuse a workbook before openpyxl reads it: a part that declares a DOCTYPE (never in a real
    .xlsx: how entity-expansion and external-entity attacks start), parts or shared strings beyond
    the bounds above. Sizes are the ones the zip declares, which zipfile (and so openpyxl) holds
    each part to when reading it; shared strings are counted streaming, 1 MB at a time."""
    import re
    import zipfile

    start = re.compile(rb"<(?![?!])")
    try:
        with zipfile.ZipFile(path) as archive:
            infos = archive.infolist()
            total = sum(info.file_size for info in infos)
            for info in infos:
                if info.file_size > MAX_PART_BYTES:
                    raise NicError(f"{path.name} is too large to import: its part {info.filename} is "
                                   f"{_mb(info.file_size)} uncompressed ({_mb(info.compress_size)} in the file); "
                                   f"nic reads parts up to {_mb(MAX_PART_BYTES)}.", _TOO_BIG_HINT)
            if total > MAX_WORKBOOK_BYTES:
                raise NicError(f"{path.name} is too large to import: {_mb(total)} uncompressed; nic reads "
                               f"workbooks up to {_mb(MAX_WORKBOOK_BYTES)}.", _TOO_BIG_HINT)
            for info in infos:
                name = info.filename.lower()
                if not name.endswith((".xml", ".rels", ".vml")):
                    continue
                with archive.open(info) as member:
                    head = member.read(_PROLOG_LIMIT)
                    root = start.search(head)
                    prolog = head[: root.start()] if root else head
                    if b"<!doctype" in prolog.lower():
                        raise NicError(f"{path.name} is not a workbook nic will read: its part {info.filename} "
                                       "declares a DOCTYPE, which Excel never writes.",
                                       "Open it in Excel or LibreOffice and save it again as .xlsx, or export a .csv.")
                    if not name.endswith("sharedstrings.xml"):
                        continue
                    count, chunk, tail = 0, head, b""
                    while chunk:
                        count += (tail + chunk).count(b"<si") - tail.count(b"<si")
                        if count > MAX_SHARED_STRINGS:
                            raise NicError(f"{path.name} is too large to import: its sheets hold more than "
                                           f"{MAX_SHARED_STRINGS:,} different texts (shared strings); nic reads "
                                           f"up to {MAX_SHARED_STRINGS:,}.", _TOO_BIG_HINT)
                        tail = chunk[-2:]
                        chunk = member.read(_PROLOG_LIMIT)
    except (zipfile.BadZipFile, OSError, RuntimeError, ValueError, NotImplementedError, EOFError):
        return  # openpyxl says what is wrong with the file itself


def _too_many_rows(path: Path) -> NicError:
    return NicError(f"{path.name} has more than {MAX_ROWS:,} rows; nic imports up to {MAX_ROWS:,} at once "
                    "(one row per period).", _TOO_BIG_HINT)


def _rows_of_file(path: Path, sheet: str | None, header_row: int | None = None,
                  header_has: str | None = None) -> tuple[list[str], list[tuple[int, list[Any]]]]:
    """Header and (row number, cells) of a CSV or the first (or named) sheet of an .xlsx file."""
    suffix = path.suffix.lower()
    if not path.is_file():
        raise NicError(f"{path} does not exist.", "Give the path of a .csv or .xlsx file.")
    if suffix == ".xlsx":
        try:
            import openpyxl
        except ImportError:  # pragma: no cover - a dependency
            raise NicError("Reading .xlsx files needs the openpyxl package.", "pip install openpyxl") from None
        _xlsx_checked(path)
        try:
            book = openpyxl.load_workbook(path, read_only=True, data_only=True)
        except Exception as exc:  # openpyxl raises many kinds for a damaged file
            raise NicError(f"{path.name} cannot be read as an Excel workbook ({exc.__class__.__name__}).",
                           "Open it in Excel or LibreOffice and save it again as .xlsx, or export a .csv.") from None
        if sheet is not None and sheet not in book.sheetnames:
            raise NicError(f"{path.name} has no sheet `{sheet}`.", f"Its sheets: {', '.join(book.sheetnames)}.")
        ws = book[sheet] if sheet else book.worksheets[0]
        try:  # in read-only mode the sheet's XML is parsed only now, row by row
            rows = []
            for i, cells in enumerate(ws.iter_rows(max_col=MAX_COLUMNS), start=1):
                if i > MAX_ROWS + 1:
                    raise _too_many_rows(path)
                rows.append((i, [_xlsx_value(c) for c in cells]))
        except NicError:
            raise
        except Exception as exc:  # malformed XML, a damaged zip member, a bad cell: the file, not nic
            raise NicError(f"{path.name}: the sheet `{ws.title}` cannot be read ({exc.__class__.__name__}: "
                           f"{str(exc)[:120]}).",
                           "Open it in Excel or LibreOffice and save it again as .xlsx, or export a .csv.") from None
        finally:
            book.close()
    elif suffix in (".csv", ".txt"):
        from nictools.load.text import MAX_FILE_BYTES

        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise NicError(f"{path.name} is {_mb(size)}; nic imports CSV files up to {_mb(MAX_FILE_BYTES)}.",
                           _TOO_BIG_HINT)
        text = path.read_text(encoding="utf-8-sig")
        rows = []
        for i, cells in enumerate(csv.reader(io.StringIO(text, newline="")), start=1):
            if i > MAX_ROWS + 1:
                raise _too_many_rows(path)
            rows.append((i, cells[:MAX_COLUMNS]))
    else:
        raise NicError(f"{path.name} is not a .csv or .xlsx file.", "Save the spreadsheet as .xlsx or .csv.")
    rows = [(i, cells) for i, cells in rows if any(c not in (None, "") and str(c).strip() for c in cells)]
    if not rows:
        raise NicError(f"{path.name} is empty.", "The first row should name the columns, e.g. period, numerator, denominator.")
    return _header_and_rows(path, rows, header_row, header_has)


def _header_and_rows(path: Path, rows: list[tuple[int, list[Any]]], header_row: int | None,
                     header_has: str | None) -> tuple[list[str], list[tuple[int, list[Any]]]]:
    """The header (row `header_row`, or the first row, or the first of the top ten rows that
    names `header_has`, past a spreadsheet's title rows) and the rows under it."""
    def names(cells: list[Any]) -> list[str]:
        return ["" if c is None else str(c).strip() for c in cells]

    at = 0
    if header_row is not None:
        found = [k for k, (i, _) in enumerate(rows) if i == header_row]
        if not found:
            raise NicError(f"Row {header_row} of {path.name} is empty or past its end, so it cannot be the header.",
                           "Give --header-row the number of the row that names the columns, as the spreadsheet numbers it.")
        at = found[0]
    elif header_has is not None and header_has.lower() not in (h.lower() for h in names(rows[0][1])):
        at = next((k for k, (_, cells) in enumerate(rows[:10])
                   if header_has.lower() in (h.lower() for h in names(cells))), 0)
    return names(rows[at][1]), rows[at + 1:]


def _xlsx_value(cell: Any) -> Any:
    """A cell's value; a number shown as a percentage (0.85 as 85%) as the text a person sees."""
    value = getattr(cell, "value", None)
    if isinstance(value, (int, float)) and not isinstance(value, bool) and "%" in str(getattr(cell, "number_format", "")):
        return f"{value * 100:.10g}%"
    return value


def _column(header: list[str], wanted: str | None, default: str | None, option: str, required: bool) -> int | None:
    lowered = [h.lower() for h in header]
    name = wanted or default
    if name is not None and name.lower() in lowered:
        return lowered.index(name.lower())
    if wanted is None and not required:
        return None
    from nictools.suggest import did_you_mean

    raise NicError(f"There is no column `{name}` in the file" + (f" (give it with {option})" if not wanted else "") + ".",
                   f"{did_you_mean(str(name), header)}The columns are: {', '.join(h or '(blank)' for h in header)}.")


def _period_cell(cell: Any, order: str | None = None) -> tuple[dt.date | None, str | None]:
    from nictools.load.local_dates import local_date, parts

    if isinstance(cell, dt.datetime):
        cell = cell.date()
    if isinstance(cell, dt.date):  # a spreadsheet date: held to the format's years like a typed one
        return parse_period(cell.isoformat())
    text = "" if cell is None else str(cell).strip()
    if order is not None and parts(text):
        day = local_date(text, order)
        if day is None:
            return None, f"`{text}` is not a real date read as {order_words(order)}"
        return parse_period(day.isoformat())
    return parse_period(text)


def order_words(order: str) -> str:
    return {"dmy": "day/month/year", "mdy": "month/day/year", "ymd": "year/month/day"}[order]


def _number_cell(cell: Any, percent_ok: bool = False) -> tuple[float | None, str | None]:
    if isinstance(cell, bool):
        return None, f"`{cell}` is not a number"
    if isinstance(cell, (int, float)):  # a spreadsheet number: held to the format's bounds like a typed one
        return parse_number(repr(float(cell)))
    text = "" if cell is None else str(cell).strip()
    if text.endswith("%") and percent_ok:
        return parse_number(text[:-1])  # a percent cell: the number shown (85% is 85)
    return parse_number(text)


def file_date_order(path: Path, cells: list[Any], date_format: str | None) -> str | None:
    """How the file's local dates are written: from --date-format, else from the dates."""
    from nictools.load.local_dates import date_order, infer_order

    if date_format:
        return date_order(date_format)
    return infer_order([str(c) for c in cells if isinstance(c, str)], path.name)


def read_import(path: Path, calculation: str, *, period_column: str | None = None, value_column: str | None = None,
                numerator_column: str | None = None, denominator_column: str | None = None,
                n_column: str | None = None, note_column: str | None = None,
                sheet: str | None = None, date_format: str | None = None,
                header_row: int | None = None) -> list[NewRow]:
    """The rows of a spreadsheet as NewRows; any cell that is not a date or a number stops it, located.

    Tolerates what spreadsheets do: title rows above the header (found, or `header_row`),
    empty rows, dates as cells or as local text (`date_format`, or clear from the dates;
    AmbiguousDates when not), percent cells for a value."""
    header, rows = _rows_of_file(path, sheet, header_row, period_column or "period")
    ratio = calculation in ("proportion", "rate")
    period_at = _column(header, period_column, "period", "--period-column", True)
    numbers: dict[str, int | None] = {}
    if ratio and value_column is None:
        numbers["numerator"] = _column(header, numerator_column, "numerator", "--numerator-column", True)
        numbers["denominator"] = _column(header, denominator_column, "denominator", "--denominator-column", True)
    else:
        numbers["value"] = _column(header, value_column, "value", "--value-column", True)
        if calculation == "mean":
            numbers["n"] = _column(header, n_column, "n", "--n-column", False)
    note_at = _column(header, note_column, "note", "--note-column", False)
    out: list[NewRow] = []
    problems: list[str] = []
    order = file_date_order(path, [cells[period_at] if period_at < len(cells) else None for _, cells in rows],
                            date_format)
    for number, cells in rows:
        cells = list(cells) + [None] * (len(header) - len(cells))
        where = f"row {number} of {path.name}"
        period, why = _period_cell(cells[period_at], order)
        if why or period is None:
            problems.append(f"{where}: {why or 'the period is empty'}")
            continue
        values: dict[str, Any] = {}
        for name, index in numbers.items():
            if index is None:
                continue
            value, why = _number_cell(cells[index], percent_ok=name == "value")
            if why:
                problems.append(f"{where}, column `{header[index]}`: {why}")
            values[name] = value
        note = cells[note_at] if note_at is not None else None
        out.append(NewRow(period, note=str(note).strip() or None if note not in (None, "") else None,
                          source=where, **values))
    if problems:
        shown = problems[:10] + ([f"… and {len(problems) - 10} more"] if len(problems) > 10 else [])
        raise NicError("Nothing was written: the file has cells nic cannot read:\n  " + "\n  ".join(shown),
                       "Fix those cells (dates as YYYY-MM-DD, plain numbers), or pick other columns.")
    return out
