"""`nic fix`: repair what is mechanical and safe, at the text level.

Fixes: a byte-order mark (NIC003), Windows line endings (NIC006), tabs in YAML
indentation (NIC005, two spaces per tab, applied only when the result parses),
trailing spaces and tabs at line ends, and data rows out of period order (NIC302,
a stable sort by period that keeps every line's text). Nothing is reformatted: the
YAML is never loaded and dumped again, so comments, quoting and key order stay
exactly as they were. Files that cannot be read as UTF-8 or hold merge-conflict
markers are left alone (their problems need a person).

    fixes = plan_fixes(root)      # what would change, nothing written
    apply_fixes(root, fixes)      # every change written atomically
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Sequence

from nictools.atomic import write_atomic
from nictools.load.network import read_file_bytes
from nictools.load.tables import parse_period
from nictools.load.yaml import read_yaml
from nictools.network import list_files

_BOM = "\ufeff"
_CONFLICT = re.compile(r"^(<{7}(?: |$)|={7}$|>{7}(?: |$))", re.MULTILINE)
_LEADING_TABS = re.compile(r"^([ \t]*\t[ \t]*)(?=\S)", re.MULTILINE)
_TRAILING = re.compile(r"[ \t]+$", re.MULTILINE)
_FIXABLE_KINDS = {"network", "drivers", "aim", "measure", "change-idea", "site", "pdsa", "data"}


@dataclass
class FileFix:
    """One file's repair: the text before and after, and what was done, in words."""

    path: str
    before: bytes
    after: str
    fixes: list[str] = field(default_factory=list)
    #: a repair nic would not make without being told more (e.g. which way round the dates are)
    refused: str = ""


def fix_text(text: str, *, is_data: bool, date_format: str | None = None,
             refuse: bool = False) -> tuple[str, list[str]]:
    """The repaired text of one file and the names of the fixes applied. A data file whose
    dates could be day/month or month/day (and `date_format` does not say) keeps them;
    with `refuse`, that raises AmbiguousDates (a NicError) instead."""
    from nictools.errors import NicError

    done: list[str] = []
    if text.startswith(_BOM):
        text = text[1:]
        done.append("byte-order mark removed")
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
        done.append("Windows line endings (CRLF) changed to LF")
    if not is_data and "\t" in text:
        spaced = _LEADING_TABS.sub(lambda m: m.group(1).replace("\t", "  "), text)
        if spaced != text and read_yaml(spaced, "").ok:
            text = spaced
            done.append("tabs in indentation replaced with spaces")
    stripped = _TRAILING.sub("", text)
    if stripped != text:
        text = stripped
        done.append("trailing spaces removed")
    if is_data:
        try:
            dated = iso_periods(text, date_format)
        except NicError:
            if refuse:
                raise
            dated = None
        if dated is not None and dated[0] != text:
            text = dated[0]
            done.append(f"{dated[1]} dates a spreadsheet rewrote written as YYYY-MM-DD")
        sorted_text = sort_rows(text)
        if sorted_text is not None and sorted_text != text:
            text = sorted_text
            done.append("rows sorted by period")
    return text, done


def iso_periods(text: str, date_format: str | None = None) -> tuple[str, int] | None:
    """The CSV with periods such as 9/8/2025 (as Excel saves them) written 2025-08-09, and how
    many; every other byte kept. None when it cannot be done safely (a quoted cell spanning
    lines, a period column that is not first with quotes on the line)."""
    from nictools.load.local_dates import date_order, infer_order, local_date, parts

    lines = text.split("\n")
    try:
        header = next(csv.reader([lines[0]]))
    except (csv.Error, StopIteration):
        return None
    names = [h.strip().lower() for h in header]
    if "period" not in names or not any(parts(line.split(",")[0].strip('"')) or "/" in line for line in lines[1:]):
        return None
    at = names.index("period")
    cells: list[tuple[int, list[str]]] = []
    for number, line in enumerate(lines[1:], start=1):
        if not line.strip():
            continue
        if line.count('"') % 2:
            return None
        row = next(csv.reader([line]))
        if at < len(row) and parts(row[at]):
            cells.append((number, row))
    if not cells:
        return None
    order = date_order(date_format) if date_format else infer_order([row[at] for _, row in cells], "the file")
    assert order is not None
    for number, row in cells:
        day = local_date(row[at], order)
        if day is None:
            return None
        line = lines[number]
        if at == 0 and line.startswith(row[0]):
            lines[number] = day.isoformat() + line[len(row[0]):]
        elif at == 0 and line.startswith(f'"{row[0]}"'):
            lines[number] = day.isoformat() + line[len(row[0]) + 2:]
        elif '"' not in line:
            row[at] = day.isoformat()
            lines[number] = ",".join(row)
        else:
            return None
    return "\n".join(lines), len(cells)


def sort_rows(text: str) -> str | None:
    """The CSV with its data rows in period order, each line kept verbatim.

    None when sorting would not be safe: a period that does not parse, or a quoted
    cell spanning lines (then a line is not a row).
    """
    lines = text.split("\n")
    trailing_newline = text.endswith("\n")
    if trailing_newline:
        lines = lines[:-1]
    if len(lines) < 3:
        return text
    header, body = lines[0], [ln for ln in lines[1:] if ln.strip()]
    if len(body) != len(lines) - 1:
        return None  # blank lines inside: leave the layout alone
    keyed = []
    for line in body:
        try:
            cells = next(csv.reader(io.StringIO(line), strict=True))
        except (csv.Error, StopIteration):
            return None
        if line.count('"') % 2:
            return None
        period, why = parse_period(cells[0] if cells else "")
        if period is None:
            return None
        keyed.append((period, line))
    ordered = [line for _, line in sorted(keyed, key=lambda pair: pair[0])]
    return "\n".join([header, *ordered]) + ("\n" if trailing_newline else "")


def plan_fixes(root: Path, targets: Sequence[str] = ("",), date_format: str | None = None) -> list[FileFix]:
    """Every file under `targets` (relative paths; '' is all) that `nic fix` would change, and
    those it would not repair without being told more (`refused`)."""
    from nictools.errors import NicError
    from nictools.load.local_dates import AmbiguousDates
    out: list[FileFix] = []
    for f in list_files(root).files:
        if f.kind not in _FIXABLE_KINDS:
            continue
        if not any(t == "" or f.path == t or (t.endswith("/") and f.path.startswith(t)) for t in targets):
            continue
        path = root / f.path
        if path.is_symlink() or not path.is_file():
            continue
        raw, _ = read_file_bytes(path, f.path)
        if raw is None:
            continue  # unreadable: `nic validate` says why
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError:
            continue
        if _CONFLICT.search(text):
            continue
        try:
            after, done = fix_text(text, is_data=f.kind == "data", date_format=date_format, refuse=True)
        except AmbiguousDates as exc:
            out.append(FileFix(f.path, raw, text, [], refused=f"{exc.message.replace('the file', 'it')} {exc.hint}"))
            continue
        except NicError as exc:
            out.append(FileFix(f.path, raw, text, [], refused=f"{exc.message} {exc.hint}"))
            continue
        if done:
            out.append(FileFix(f.path, raw, after, done))
    return out


def fix_files(root: Path, targets: Sequence[str] = ("",), date_format: str | None = None) -> list[FileFix]:
    """Plan and write the fixes under the network's write lock (the files read once it is held)."""
    from nictools.lock import network_lock

    with network_lock(root):
        fixes = plan_fixes(root, targets, date_format)
        apply_fixes(root, fixes)
    return fixes


def apply_fixes(root: Path, fixes: Sequence[FileFix]) -> None:
    """Write each repaired file atomically (a reader never sees half a file)."""
    for fix in fixes:
        if fix.fixes:
            write_atomic(root / fix.path, fix.after)
