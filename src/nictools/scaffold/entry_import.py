"""`nic import FILE`: a filled data-entry workbook (or one of its sheets saved as CSV) back in.

The sheets are those `nic export --format xlsx --for-entry` writes (`nictools.export.entry`):
data sheets go through the network-wide import (every row checked, rows already there
skipped), cycle sheets add the next stage of their cycle with the answers typed (stored
as `nic pdsa advance` stores them). Nothing is written until everything is checked; then
all of it is written under the network's write lock with one undo journal, or none.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from nictools.errors import NicError
from nictools.model.network import Network
from nictools.scaffold.network_import import NetworkImport, prepare_network, read_network_file


@dataclass
class CycleChange:
    """A cycle sheet's answers: the stage they add to which file, and the new text."""

    site: str
    cycle_id: str
    stage: str
    rel: str
    original: bytes
    text: str
    answers: list[tuple[str, str]] = field(default_factory=list)  # (question, answer) as shown


@dataclass
class EntryImport:
    data: NetworkImport
    cycles: list[CycleChange] = field(default_factory=list)
    sheets: list[str] = field(default_factory=list)


def _sheets(path: Path) -> list[str | None]:
    """The sheet names of a workbook (None: the one table of a CSV file)."""
    if path.suffix.lower() != ".xlsx":
        return [None]
    from nictools.scaffold.data_entry import _rows_of_file, _xlsx_checked

    if not path.is_file():
        _rows_of_file(path, None)  # says what is wrong with the file
    _xlsx_checked(path)  # a DOCTYPE, or parts too large to read: refused before openpyxl reads it
    import openpyxl

    try:
        book = openpyxl.load_workbook(path, read_only=True)
    except Exception as exc:  # a damaged file: openpyxl raises many kinds
        raise NicError(f"{path.name} cannot be read as an Excel workbook ({exc.__class__.__name__}).",
                       "Open it in Excel or LibreOffice and save it again as .xlsx.") from None
    try:
        return list(book.sheetnames)
    finally:
        book.close()


def _kind(header: list[str]) -> str:
    lowered = [h.strip().lower() for h in header]
    if lowered[:3] == ["key", "question", "answer"]:
        return "cycle"
    if "site" in lowered and "period" in lowered:
        return "data"
    return ""


def _path_of(key: str) -> tuple[Any, ...]:
    return tuple(int(p) if p.isdigit() else p for p in key.split("."))


def _answer_value(path: tuple[Any, ...], cell: Any, where: str, allowed: list[str]) -> Any:
    from nictools.checks.privacy import screen_text
    from nictools.scaffold import worksheet as w

    if isinstance(cell, dt.datetime):
        cell = cell.date()
    if path[-1] in ("actual_start", "actual_end"):
        return cell if isinstance(cell, dt.date) else w.read_date(str(cell))
    text = w.clean_answer(str(cell))
    if path[-1] == "as_planned":
        value = w.read_word(text, w.AS_PLANNED_WORDS)
        if value is None:
            raise NicError(f"{where}: `{text}` is not yes, no or partly.", "Pick one from the list in the sheet.")
        return value
    for finding in screen_text(text, names=path[-1] != "who", allowed=allowed):
        raise NicError(f"{where}: `{finding.text}` looks like {finding.what}; the repository holds no student-level data.",
                       "Write the answer without it (adults' roles and initials only). If it is not a student's name "
                       "(a place, a programme, an adult), the coordinator can add it to `privacy_allow` under "
                       "`settings:` in network.yaml.")
    return text


def read_cycle_sheet(root: Path, network: Network, rows: list[tuple[int, list[Any]]], name: str,
                     today: dt.date) -> CycleChange | None:
    """A cycle sheet's answers as the cycle's new text (None when nothing was filled in)."""
    from nictools.checks.privacy import allowed_words
    from nictools.scaffold import worksheet as w
    from nictools.scaffold.advance import advanced_text

    allowed = allowed_words(network)
    fields: dict[str, tuple[str, Any]] = {}
    for _, cells in rows:
        cells = list(cells) + [None] * 3
        key = "" if cells[0] is None else str(cells[0]).strip()
        if key:
            fields[key] = ("" if cells[1] is None else str(cells[1]), cells[2])
    where = f"sheet `{name}`"
    ref = str(fields.get("cycle", ("", ""))[1] or "")
    site, _, cycle_id = ref.partition("/")
    if not site or not cycle_id:
        raise NicError(f"{where} does not say which cycle it is for (its `cycle` row should read site/C01).",
                       "Export the workbook again with `nic export --format xlsx --for-entry` and copy the answers over.")
    answers: list[tuple[tuple[Any, ...], Any]] = []
    shown: list[tuple[str, str]] = []
    results: dict[int, str] = {}
    decision: str | None = None
    for key, (question, cell) in fields.items():
        if key in ("cycle", "stage") or cell is None or not str(cell).strip():
            continue
        path = _path_of(key)
        here = f"{where}, {question or key}"
        if path[-1] == "result" and len(path) == 4:
            try:
                results[int(path[2]) + 1] = w.parse_result(str(cell))
            except NicError as exc:
                raise NicError(f"{here}: {exc.message}", exc.hint) from None
        elif path == ("act", "decision"):
            try:
                decision = w.parse_decision(str(cell))
            except NicError as exc:
                raise NicError(f"{here}: {exc.message}", exc.hint) from None
        else:
            answers.append((path, _answer_value(path, cell, here, allowed)))
        shown.append((question or key, str(cell.date() if isinstance(cell, dt.datetime) else cell).strip()))
    if not shown:
        return None
    stage = str(fields.get("stage", ("", ""))[1] or "")
    record = network.cycles.get((site, cycle_id))
    if record is not None and record.model.stage != "plan" and stage and record.model.stage == stage:
        raise NicError(f"{where}: {site}/{cycle_id} already has its {stage} section.",
                       "Export a fresh workbook for the cycle's next stage (`nic export --format xlsx --for-entry`).")
    try:
        path, added, text = advanced_text(root, network, site, cycle_id, today, results=results, decision=decision,
                                          answers=answers)
    except NicError as exc:
        raise NicError(f"{where}: {exc.message}",
                       "Fill in the sheet's answers for each question (a result for every prediction, a decision "
                       "for the act).") from None
    if stage and added != stage:
        raise NicError(f"{where} holds answers for the {stage} stage, but {site}/{cycle_id} is ready for {added}.",
                       "Export a fresh workbook for the cycle (`nic export --format xlsx --for-entry`).")
    return CycleChange(site, cycle_id, added, path.relative_to(root).as_posix(), path.read_bytes(), text, shown)


def read_entry(path: Path, root: Path, network: Network, today: dt.date, *,
               date_format: str | None = None) -> EntryImport:
    """Every filled sheet of the workbook (or the CSV file), checked; a NicError says what stops it."""
    from nictools.scaffold.data_entry import _rows_of_file

    if not path.is_file():
        raise NicError(f"{path} does not exist.", "Give the path of the workbook (.xlsx) or of a sheet saved as .csv.")
    if path.suffix.lower() not in (".xlsx", ".csv", ".txt"):
        raise NicError(f"{path.name} is not a .xlsx or .csv file.", "Save the workbook as .xlsx, or a sheet as .csv.")
    groups: dict[tuple[str, str], list] = {}
    new_sites: dict[str, str] = {}
    cycles: list[CycleChange] = []
    used: list[str] = []
    for sheet in _sheets(path):
        try:
            header, rows = _rows_of_file(path, sheet)
        except NicError:
            continue  # an empty sheet
        kind = _kind(header)
        if kind == "data":
            found, unknown = read_network_file(path, network, site_column="site", sheet=sheet, date_format=date_format)
            for key, rows_of in found.items():
                groups.setdefault(key, []).extend(rows_of)
            new_sites.update(unknown)
        elif kind == "cycle":
            change = read_cycle_sheet(root, network, rows, sheet or path.name, today)
            if change is not None:
                cycles.append(change)
        else:
            continue
        used.append(sheet or path.name)
    if not used:
        raise NicError(f"{path.name} has no sheet nic can read back.",
                       "Use a workbook from `nic export --format xlsx --for-entry` (or one of its sheets saved as CSV), "
                       "keeping the column names.")
    plan = prepare_network(root, network, groups, new_sites, today, create_sites=False, replace_changed=True)
    return EntryImport(plan, cycles, used)


def changes(entry: EntryImport, limit: int = 200) -> list[str]:
    """Every change, in words: each new data row and each answer a cycle gets."""
    lines: list[str] = []
    for addition in entry.data.to_add:
        for old, row in sorted(addition.changed, key=lambda pair: pair[1].period):
            note = f"  note: {row.note}" if row.note != old.note and row.note else ""
            lines.append(f"{addition.rel}: change {row.period} from {_numbers(old)} to {_numbers(row)}{note}")
        for row in sorted(addition.rows, key=lambda r: r.period):
            lines.append(f"{addition.rel}: add {row.period} {_numbers(row)}" + (f"  note: {row.note}" if row.note else ""))
    for change in entry.cycles:
        lines.append(f"{change.rel}: add the {change.stage} section")
        lines += [f"    {question}: {answer}" for question, answer in change.answers]
    if len(lines) > limit:
        lines = lines[:limit] + [f"… and {len(lines) - limit} more"]
    return lines


def _numbers(row: Any) -> str:
    if row.denominator is not None or row.numerator is not None:
        return f"{_n(row.numerator)}/{_n(row.denominator)}"
    return _n(row.value) + (f" (n={_n(row.n)})" if row.n is not None else "")


def _n(x: float | None) -> str:
    if x is None:
        return ""
    return str(int(x)) if x == int(x) else str(x)


def write_entry(entry: EntryImport) -> None:
    """Write the data and the cycles together: all of it, or none (`write_network`'s journal)."""
    from nictools.scaffold.network_import import write_network

    write_network(entry.data, extra={c.rel: (c.original, c.text) for c in entry.cycles})
