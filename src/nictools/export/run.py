"""The library face of `nic export`: read the network, build the tables, write one format.

`export_tables(request)` returns what was written and notes for the user; it raises
`NicError` for anything the user can fix (a bad --as-of, an output that exists).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from nictools import __version__
from nictools.export.output import DEFAULT_OUT, pick_format, write_file, write_folder
from nictools.export.source import Source, read_source, threshold_of
from nictools.export.tables import Dataset, build_tables, dangling_references

Progress = Callable[[str], None]


@dataclass
class ExportRequest:
    root: Path
    fmt: str | None = None  # csv, xlsx or sqlite; None: from --out's extension, else csv
    out: Path | None = None  # None: the default name in `base`
    base: Path = Path(".")  # where a relative --out (and the default) goes
    as_of: str | None = None
    force: bool = False
    small_cell: int | None = None
    excel: bool = False  # CSV for Excel: byte-order mark, TRUE/FALSE, formulas kept as text


@dataclass
class ExportResult:
    path: Path
    fmt: str
    dataset: Dataset
    notes: list[str] = field(default_factory=list)

    def summary(self) -> str:
        counts = {t.name: len(t.rows) for t in self.dataset.tables}
        return (f"{len(self.dataset.tables)} tables: {counts.get('sites', 0)} sites, {counts.get('measures', 0)} "
                f"measures, {counts.get('data_points', 0)} data points, {counts.get('cycles', 0)} cycles, "
                f"{counts.get('events', 0) if 'events' in counts else 'no'} events")


def target_path(req: ExportRequest, fmt: str) -> Path:
    out = req.out if req.out is not None else Path(DEFAULT_OUT[fmt])
    return out if out.is_absolute() else req.base / out


def meta_rows(source: Source, threshold: int, notes: list[str], exported_at: dt.datetime) -> dict[str, str]:
    return {
        "nictools_version": __version__,
        "network_name": source.network.name,
        "as_of_date": source.as_of_date.isoformat(),
        "as_of_revision": source.revision,
        "source": "git history" if source.revision != "working tree" else "working tree (the files on disk)",
        "exported_at": exported_at.strftime("%Y-%m-%dT%H:%M:%SZ"),
        "small_cell_threshold": str(threshold),
        "events": "yes" if source.has_history else "no (not a git repository)",
        "notes": " | ".join(notes),
    }


def build_dataset(source: Source, small_cell: int | None = None) -> Dataset:
    """The tidy tables of a source, with its meta table and notes filled in."""
    threshold = threshold_of(source.network, small_cell)
    dataset = build_tables(source.network, threshold=threshold, meta={}, events=source.events,
                           decided=source.decided, as_of=source.as_of_date)
    dataset.notes = list(source.notes)
    dangling = dangling_references(dataset)
    if dangling:
        dataset.notes.append("Some references point at ids that are not in the network (" + "; ".join(dangling)
                             + "). Run `nic validate` to see where.")
    meta = meta_rows(source, threshold, dataset.notes, dt.datetime.now(dt.timezone.utc))
    dataset.table("meta").rows = list(meta.items())
    return dataset


def export_tables(req: ExportRequest, progress: Progress | None = None) -> ExportResult:
    say = progress or (lambda _text: None)
    fmt = pick_format(req.fmt, req.out)
    if req.excel and fmt != "csv":
        from nictools.errors import NicError

        raise NicError(f"--excel applies to the CSV export, not to {fmt}.",
                       "Leave out --excel (an xlsx or SQLite file needs no such care), or use --format csv.")
    path = target_path(req, fmt)
    from nictools.export.output import check_target

    check_target(path, folder=fmt == "csv", force=req.force, marker="datapackage.json")  # fail before the work
    source = read_source(req.root, req.as_of, progress=say)
    dataset = build_dataset(source, req.small_cell)
    meta = dict(dataset.table("meta").rows)
    say(f"writing {fmt}")
    if fmt == "csv":
        from nictools.export import write_csv

        write_folder(path, write_csv.render(dataset, meta, excel=req.excel), force=req.force, marker="datapackage.json")
    elif fmt == "xlsx":
        from nictools.export import write_xlsx

        write_file(path, write_xlsx.render(dataset), force=req.force)
    else:
        from nictools.export import write_sqlite

        write_file(path, write_sqlite.render(dataset), force=req.force)
    return ExportResult(path, fmt, dataset, list(dataset.notes))


@dataclass
class EntryResult:
    path: Path
    sheets: int
    data_sheets: int
    cycle_sheets: int

    def summary(self) -> str:
        return (f"a data-entry workbook: {self.data_sheets} data sheet(s), {self.cycle_sheets} cycle sheet(s) "
                "and instructions")


def export_entry(req: ExportRequest, site: str | None = None) -> EntryResult:
    """The data-entry workbook for one site (or every site), from the files as they are now."""
    from nictools.errors import NicError
    from nictools.export import write_xlsx
    from nictools.export.entry import entry_sheets
    from nictools.export.output import check_target
    from nictools.load.network import load_network

    if req.fmt not in (None, "xlsx"):
        raise NicError(f"--for-entry writes an Excel workbook, not {req.fmt}.", "Use --format xlsx, or leave out --format.")
    if req.as_of is not None:
        raise NicError("--for-entry works on the files as they are now, not --as-of.", "Leave out --as-of.")
    out = req.out if req.out is not None else Path(f"nic-entry-{site or 'network'}.xlsx")
    path = out if out.is_absolute() else req.base / out
    check_target(path, folder=False, force=req.force)
    network, _ = load_network(req.root)
    if site is not None:
        from nictools.scaffold.new import check_ref

        check_ref(site, network.sites, "site", "Sites are defined in sites/<id>/site.yaml.")
    sheets = entry_sheets(network, site)
    write_file(path, write_xlsx.render_entry(sheets, [site] if site else sorted(network.sites)), force=req.force)
    return EntryResult(path, len(sheets), sum(s.kind == "data" for s in sheets), sum(s.kind == "cycle" for s in sheets))
