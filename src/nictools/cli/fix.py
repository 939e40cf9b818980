"""`nic fix`: repair byte-order marks, CRLF, tab indentation, trailing spaces, unsorted data rows."""

from __future__ import annotations

from pathlib import Path
from typing import List, Optional

import typer

from nictools.cli.app import state


def fix_command(
    ctx: typer.Context,
    paths: Optional[List[Path]] = typer.Argument(None, help="Files or folders to fix. Default: the whole network.",
                                                 show_default=False),
    check: bool = typer.Option(False, "--check", help="Write nothing; list what would change and exit 1 if anything would."),
    date_format: Optional[str] = typer.Option(None, "--date-format", help="How the dates a spreadsheet rewrote are "
                                              "written, DD/MM/YYYY or MM/DD/YYYY, when the dates do not make it clear."),
) -> None:
    """Repair what is mechanical and safe; comments, quoting and key order stay as they are.

    Dates a spreadsheet rewrote in data files (9/8/2025) become YYYY-MM-DD when the file
    makes clear which way round day and month are (or --date-format says); otherwise the
    file is left alone and nic says so.

    Exit status: 0 nothing to fix (or fixed), 1 with --check when something would change,
    or when a file was left alone because it needs --date-format.
    """
    from nictools.fix import fix_files, plan_fixes
    from nictools.validate import relative_targets

    from nictools.cli.options import resolve_path

    paths = [resolve_path(ctx, p) for p in paths or []]  # relative to -C, as git does
    st = state(ctx)
    root = st.root(paths[0] if paths and not st.directory else None)
    targets = relative_targets(root, paths or [])
    if date_format:
        from nictools.load.local_dates import date_order

        date_order(date_format)  # a format nic does not know stops here
    found = plan_fixes(root, targets, date_format) if check else fix_files(root, targets, date_format)
    fixes = [f for f in found if f.fixes]
    refused = [f for f in found if f.refused]
    verb = "would fix" if check else "fixed"
    for fix in fixes:
        typer.echo(f"{verb} {fix.path}: {'; '.join(fix.fixes)}")
    for fix in refused:
        typer.echo(f"left {fix.path} alone: {fix.refused}", err=True)
    if not st.quiet:
        n = len(fixes)
        files = f"{n} file{'s' if n != 1 else ''}"
        if not n and not refused:
            typer.echo("Nothing to fix.")
        elif not n:
            pass
        elif check:
            typer.echo(f"{files} would be fixed; run `nic fix` to fix them.")
        else:
            typer.echo(f"Fixed {files}.")
    raise typer.Exit(1 if (check and fixes) or refused else 0)
