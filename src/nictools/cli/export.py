"""`nic export`: tidy tables for Excel, R and pandas, or one change idea as a change package."""

from __future__ import annotations

import sys
import time
from pathlib import Path
from typing import Optional

import typer

from nictools.cli.app import state


def export_command(
    ctx: typer.Context,
    output_format: Optional[str] = typer.Option(None, "--format", "-f", help="csv (a folder of CSV files), xlsx or "
                                                "sqlite. Default: from --out's extension, else csv.",
                                                show_default=False),
    out: Optional[Path] = typer.Option(None, "--out", "-o", help="Where to write. Default: nic-export/ (csv), "
                                       "nic-export.xlsx, nic-export.sqlite or change-package-ID/ in the current "
                                       "folder.", show_default=False),
    as_of: Optional[str] = typer.Option(None, "--as-of", metavar="DATE|REV", help="Export the network as it stood "
                                        "then: a date (YYYY-MM-DD) or a revision, read from the git history. "
                                        "Default: the files as they are now.", show_default=False),
    change_package: Optional[str] = typer.Option(None, "--change-package", metavar="ID", help="Instead of the "
                                                 "tables: this change idea's evidence card, cycles, charts and "
                                                 "materials as a folder to share.", show_default=False),
    excel: bool = typer.Option(False, "--excel", help="CSV for Excel to open by double-click: a UTF-8 "
                               "byte-order mark, TRUE/FALSE, and text that would start a formula kept as text."),
    force: bool = typer.Option(False, "--force", help="Replace an existing export at --out."),
    small_cell: Optional[int] = typer.Option(None, "--small-cell", min=0, help="Mask counts below this "
                                             "(default: settings.small_cell_threshold, 10).", show_default=False),
    for_entry: bool = typer.Option(False, "--for-entry", help="Instead of the tables: a workbook for a team to fill "
                                   "in (a data sheet per measure, a sheet per open PDSA cycle, instructions), read "
                                   "back with `nic import`. Default --out: nic-entry-SITE.xlsx."),
    site: Optional[str] = typer.Option(None, "--site", "-s", help="With --for-entry: the site's workbook "
                                       "(default: every site)."),
) -> None:
    """Export the network as tidy tables (sites, measures, data points, change ideas, PDSA cycles with
    their predictions and decisions, events from the history) for Excel, R and pandas, or write a
    change package with --change-package ID.

    Counts below the small-cell threshold are left empty and flagged, as in reports. Writes only to
    --out, atomically, and never over an existing export without --force.
    """
    from nictools.errors import NicError

    from nictools.cli.options import output_path

    st = state(ctx)
    root = st.root()
    base = st.directory or Path(".")
    out = output_path(ctx, out, folder=True)  # relative to -C; never inside .git/

    def progress(text: str) -> None:
        if not st.quiet:
            sys.stderr.write(f"nic export: {text}\n")
            sys.stderr.flush()

    started = time.perf_counter()
    if site is not None and not for_entry:
        raise NicError("--site applies to --for-entry.", "Add --for-entry, or leave out --site.")
    if for_entry:
        from nictools.export.run import ExportRequest, export_entry

        entry = export_entry(ExportRequest(root=root, fmt=output_format, out=out, base=base, as_of=as_of,
                                           force=force), site)
        if not st.quiet:
            typer.echo(f"wrote {entry.path} ({entry.summary()}) in {time.perf_counter() - started:.1f}s")
        return
    if change_package is not None:
        if output_format is not None:
            raise NicError("--format does not apply to --change-package: a change package is a folder.",
                           "Leave out --format.")
        if excel:
            raise NicError("--excel does not apply to --change-package: it is for the CSV tables.",
                           "Leave out --excel.")
        from nictools.export.change_package import PackageRequest, export_change_package

        package = export_change_package(PackageRequest(root=root, idea=change_package, out=out, base=base,
                                                       as_of=as_of, force=force, small_cell=small_cell),
                                        progress=progress)
        notes, path, what = package.notes, package.path, package.summary()
    else:
        from nictools.export.run import ExportRequest, export_tables

        result = export_tables(ExportRequest(root=root, fmt=output_format, out=out, base=base, as_of=as_of,
                                             force=force, small_cell=small_cell, excel=excel),
                               progress=progress)
        notes, path, what = result.notes, result.path, result.summary()
    if not st.quiet:
        for note in notes:
            sys.stderr.write(f"note: {note}\n")
    if not st.quiet:  # --quiet: nothing on success
        typer.echo(f"wrote {path}{'/' if path.is_dir() else ''} ({what}) in {time.perf_counter() - started:.1f}s")
