"""`nic data import FILE --site-column COL`: a whole network's data from one extract.

A district's or a state's data warehouse exports one table: a row per site and period,
with the numbers of one or several measures. Two shapes are read:

* measure columns: `ATT-90 numerator`, `ATT-90 denominator`, `CONTACTS` (a count's or a
  mean's value), `ATT-90 note` (spelt with a space, `_`, `.` or `:` between; any case);
* a measure column (`--measure-column measure`): each row names its measure and has the
  usual `numerator`, `denominator`, `value`, `n`, `note` columns.

Sites are matched by id, or by their name in site.yaml. Every row of every site and
measure is checked with the same rules as `nic data add` before anything is written;
then every file is written under the network's write lock, with an undo journal, so the
import lands whole or not at all (`nictools.journal`).
"""

from __future__ import annotations

import copy
import datetime as dt
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from nictools.atomic import write_atomic
from nictools.errors import NicError
from nictools.model.network import Network
from nictools.scaffold.data_entry import (Addition, NewRow, _column, _number_cell, _period_cell, _rows_of_file,
                                          file_date_order, prepare, unusual)

_NUMBERS = ("numerator", "denominator", "value", "n", "note")
_JOINER = re.compile(r"[\s_.:/-]+")


@dataclass
class NetworkImport:
    """What the import will do: one Addition per site and measure, and the sites to create."""

    additions: list[Addition] = field(default_factory=list)
    new_sites: dict[str, str] = field(default_factory=dict)  # id -> the name in the file
    rows: int = 0
    already_there: int = 0
    request: tuple[Any, ...] = ()

    @property
    def to_add(self) -> list[Addition]:
        return [a for a in self.additions if a.rows or a.changed]

    def unusual(self) -> list[str]:
        return [line for a in self.to_add for line in unusual(a)]


def _key(text: str) -> str:
    return _JOINER.sub(" ", text.strip().lower()).strip()


def measure_columns(header: list[str], measures: list[str]) -> dict[str, dict[str, int]]:
    """For each measure with columns in `header`: its kind of number -> column index."""
    keyed = {_key(h): i for i, h in enumerate(header) if h}
    found: dict[str, dict[str, int]] = {}
    for measure in measures:
        m = _key(measure)
        columns = {kind: keyed[f"{m} {kind}"] for kind in _NUMBERS if f"{m} {kind}" in keyed}
        if m in keyed:
            columns.setdefault("value", keyed[m])
        if columns:
            found[measure] = columns
    return found


def site_lookup(network: Network) -> dict[str, str]:
    """Each site's id and name (lowercased) -> its id."""
    lookup: dict[str, str] = {}
    for site_id, record in network.sites.items():
        lookup[site_id.lower()] = site_id
        name = getattr(record.model, "name", None)
        if name:
            lookup.setdefault(str(name).strip().lower(), site_id)
    return lookup


def read_network_file(path: Path, network: Network, *, site_column: str, measure_column: str | None = None,
                      only: list[str] | None = None, period_column: str | None = None,
                      date_format: str | None = None, header_row: int | None = None,
                      sheet: str | None = None) -> tuple[dict[tuple[str, str], list[NewRow]], dict[str, str]]:
    """The file's rows as NewRows by (site id, measure), and the sites it names that the
    network does not have (id -> the text in the file). Cells that cannot be read stop it."""
    from nictools.scaffold.new import slug

    header, rows = _rows_of_file(path, sheet, header_row, site_column)
    site_at = _column(header, site_column, None, "--site-column", True)
    period_at = _column(header, period_column, "period", "--period-column", True)
    assert site_at is not None and period_at is not None
    measures = sorted(network.measures)
    if measure_column:
        measure_at = _column(header, measure_column, None, "--measure-column", True)
        generic = {kind: i for i, h in enumerate(header) for kind in _NUMBERS if _key(h) == kind}
        layout = None
    else:
        measure_at, generic = None, {}
        layout = measure_columns(header, [m for m in measures if not only or m in only])
        note_at = next((i for i, h in enumerate(header) if _key(h) == "note"), None)
        for columns in layout.values():  # a plain `note` column goes with every measure of the row
            if note_at is not None and "note" not in columns:
                columns["note"] = note_at
        if not layout:
            raise NicError(f"{path.name} has no column for any measure of the network.",
                           "Name the columns after the measures, e.g. `ATT-90 numerator` and `ATT-90 denominator`, "
                           "or give --measure-column for a column that names each row's measure. "
                           f"The measures: {', '.join(measures)}. The columns: {', '.join(h or '(blank)' for h in header)}.")
    order = file_date_order(path, [c[period_at] if period_at < len(c) else None for _, c in rows], date_format)
    lookup = site_lookup(network)
    groups: dict[tuple[str, str], list[NewRow]] = {}
    new_sites: dict[str, str] = {}
    problems: list[str] = []
    unknown_measures: Counter[str] = Counter()
    width = len(header)
    for number, cells in rows:
        if len(cells) < width:
            cells = list(cells) + [None] * (width - len(cells))
        where = f"row {number} of {path.name}" + (f", sheet `{sheet}`" if sheet else "")
        named = "" if cells[site_at] is None else str(cells[site_at]).strip()
        if not named:
            problems.append(f"{where}: the site is empty")
            continue
        site = lookup.get(named.lower())
        if site is None:
            site = slug(named)
            new_sites.setdefault(site, named)
        period, why = _period_cell(cells[period_at], order)
        if why or period is None:
            problems.append(f"{where}: {why or 'the period is empty'}")
            continue
        if measure_at is not None:
            measure = "" if cells[measure_at] is None else str(cells[measure_at]).strip()
            if measure not in network.measures:
                unknown_measures[measure] += 1
                continue
            if only and measure not in only:
                continue
            plan = {measure: generic}
        else:
            plan = layout or {}
        for measure, columns in plan.items():
            values: dict[str, Any] = {}
            for kind, index in columns.items():
                cell = cells[index]
                if kind == "note":
                    values["note"] = str(cell).strip() or None if cell not in (None, "") else None
                    continue
                value, why = _number_cell(cell, percent_ok=kind == "value")
                if why:
                    problems.append(f"{where}, column `{header[index]}`: {why}")
                if value is not None:
                    values[kind] = value
            if not any(k in values for k in ("numerator", "denominator", "value")):
                continue  # this site reports nothing for this measure in this period
            calculation = network.measures[measure].model.calculation
            if calculation in ("count", "mean") and "value" not in values and "numerator" in values:
                values["value"] = values.pop("numerator")
            groups.setdefault((site, measure), []).append(NewRow(period, source=where, **values))
    if unknown_measures:
        listed = ", ".join(f"`{m}` ({n} rows)" for m, n in unknown_measures.most_common(8))
        problems.insert(0, f"measures the network does not have: {listed}")
    if problems:
        shown = problems[:10] + ([f"… and {len(problems) - 10} more"] if len(problems) > 10 else [])
        raise NicError("Nothing was written: the file has cells nic cannot read:\n  " + "\n  ".join(shown),
                       "Fix those cells (dates as YYYY-MM-DD or with --date-format, plain numbers), or pick other columns.")
    new_sites = {s: named for s, named in new_sites.items() if s not in network.sites}
    return groups, new_sites


def _with_sites(network: Network, sites: list[str]) -> Network:
    """The network as if `sites` existed (to check their rows before they are created)."""
    if not sites:
        return network
    pretend = copy.copy(network)
    pretend.sites = {**network.sites, **{s: None for s in sites}}  # type: ignore[misc]
    return pretend


def prepare_network(root: Path, network: Network, groups: dict[tuple[str, str], list[NewRow]],
                    new_sites: dict[str, str], today: dt.date, *, create_sites: bool,
                    replace_changed: bool = False) -> NetworkImport:
    """Check every site's and measure's rows; a NicError lists every problem (nothing written).

    `replace_changed`: a row for a period already there, with other numbers, replaces it
    (the workbook round trip, where a team corrects a number) instead of stopping."""
    if new_sites and not create_sites:
        counts = Counter(site for site, _ in groups)
        listed = "\n  ".join(f"{named} ({counts.get(site, 0)} rows)" for site, named in sorted(new_sites.items()))
        raise NicError(f"Nothing was written: the file names {len(new_sites)} site(s) the network does not have:\n  "
                       f"{listed}",
                       "Check the spelling (a site matches by its id or its name in site.yaml), or give --create-sites "
                       "to create them (sites/<id>/site.yaml, to complete afterwards).")
    checked = _with_sites(network, list(new_sites))
    result = NetworkImport(new_sites=dict(new_sites))
    problems: list[str] = []
    for (site, measure), rows in sorted(groups.items()):
        try:
            addition = prepare(root, checked, measure, site, rows, today, skip_identical=True,
                               replace_changed=replace_changed)
        except NicError as exc:
            problems.extend(line.strip() for line in exc.message.removeprefix("Nothing was written:").split("\n")
                            if line.strip())
            continue
        result.additions.append(addition)
        result.rows += len(addition.rows)
        result.already_there += len(addition.already_there)
    if problems:
        shown = problems[:12] + ([f"… and {len(problems) - 12} more"] if len(problems) > 12 else [])
        raise NicError("Nothing was written:\n  " + "\n  ".join(shown), "Fix the values and run the command again.")
    result.request = (root, groups, new_sites, today, create_sites, replace_changed)
    return result


def preview(plan: NetworkImport, limit: int = 20) -> str:
    """A table of what will be written: a line per file (the first `limit`), then the totals."""
    files = plan.to_add
    def periods(a: Addition) -> list[dt.date]:
        return [r.period for r in a.rows] + [r.period for _, r in a.changed]

    body = [[a.rel, str(len(a.rows)), str(min(periods(a))), str(max(periods(a))),
             "new file" if a.creates else (f"{len(a.changed)} changed" if a.changed else "")] for a in files[:limit]]
    head = ["file", "rows", "from", "to", ""]
    widths = [max([len(h)] + [len(row[i]) for row in body]) for i, h in enumerate(head)]
    lines = ["  ".join(h.ljust(w) for h, w in zip(head, widths)).rstrip(), "  ".join("-" * w for w in widths)]
    lines += ["  ".join(v.ljust(w) for v, w in zip(row, widths)).rstrip() for row in body]
    if len(files) > limit:
        lines.append(f"… and {len(files) - limit} more files")
    return "\n".join(lines)


def summary(plan: NetworkImport) -> str:
    files = plan.to_add
    sites = {a.rel.split("/")[1] for a in files}
    measures = {a.measure.id for a in files}
    text = (f"{plan.rows} row(s) to add in {len(files)} file(s): {len(sites)} site(s), {len(measures)} measure(s)"
            + (f", {sum(a.creates for a in files)} new file(s)" if any(a.creates for a in files) else ""))
    if plan.new_sites:
        text += f"; {len(plan.new_sites)} new site(s): {', '.join(sorted(plan.new_sites))}"
    return text


def write_network(plan: NetworkImport, *, site_level: str = "other", site_size: str = "medium",
                  extra: dict[str, tuple[bytes, str]] | None = None) -> NetworkImport:
    """Create the new sites and write every file, all or nothing, under the network's write lock.

    `extra` adds other files to the same change (relative path -> the bytes it was read
    with, its new text): if one of them changed since, nothing is written.

    Everything is checked again once the lock is held (from the files as they are then);
    an undo journal holds each file's bytes first, so a failure or an interruption puts
    every file back (`nictools.journal`)."""
    from nictools.clock import today as _today
    from nictools.journal import Journal, signals_deferred, signals_interrupt
    from nictools.lock import network_lock
    from nictools.scaffold.data_entry import updated_text
    from nictools.scaffold.new import load, plan_site

    root, groups, new_sites, today, create_sites, replace_changed = plan.request
    with network_lock(root):
        network = load(root)
        fresh = prepare_network(root, network, groups, {s: n for s, n in new_sites.items() if s not in network.sites},
                                today, create_sites=create_sites, replace_changed=replace_changed)
        texts: dict[str, str] = {}
        for site, named in sorted(fresh.new_sites.items()):
            for planned in plan_site(root, network, name=named, level=site_level, size_band=site_size,
                                     site_id=site, today=_today()):
                texts[planned.path] = planned.text
        for addition in fresh.to_add:
            texts[addition.rel] = updated_text(addition)
        for rel, (original, text) in (extra or {}).items():
            target = root / rel
            if not target.is_file() or target.read_bytes() != original:
                raise NicError(f"{rel} changed while nic was reading the workbook; nothing was written.",
                               "Run the command again: it reads the files as they are now.")
            texts[rel] = text
        journal = Journal(root, "data import")
        try:
            with signals_interrupt():
                journal.before_writes(list(texts))
                for rel, text in texts.items():
                    write_atomic(root / rel, text)
                with signals_deferred():
                    journal.finish()
        except BaseException as exc:
            with signals_deferred():
                journal.undo()
            if not isinstance(exc, OSError):
                raise
            from nictools.faults import plain_os_error

            raise NicError(f"The import failed and was undone: {plain_os_error(exc).message}",
                           plain_os_error(exc).hint) from None
    return fresh
