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


def fix_text(text: str, *, is_data: bool) -> tuple[str, list[str]]:
    """The repaired text of one file and the names of the fixes applied."""
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
        sorted_text = sort_rows(text)
        if sorted_text is not None and sorted_text != text:
            text = sorted_text
            done.append("rows sorted by period")
    return text, done


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


def plan_fixes(root: Path, targets: Sequence[str] = ("",)) -> list[FileFix]:
    """Every file under `targets` (relative paths; '' is all) that `nic fix` would change."""
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
        after, done = fix_text(text, is_data=f.kind == "data")
        if done:
            out.append(FileFix(f.path, raw, after, done))
    return out


def fix_files(root: Path, targets: Sequence[str] = ("",)) -> list[FileFix]:
    """Plan and write the fixes under the network's write lock (the files read once it is held)."""
    from nictools.lock import network_lock

    with network_lock(root):
        fixes = plan_fixes(root, targets)
        apply_fixes(root, fixes)
    return fixes


def apply_fixes(root: Path, fixes: Sequence[FileFix]) -> None:
    """Write each repaired file atomically (a reader never sees half a file)."""
    for fix in fixes:
        write_atomic(root / fix.path, fix.after)
