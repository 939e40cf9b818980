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
) -> None:
    """Repair what is mechanical and safe; comments, quoting and key order stay as they are.

    Exit status: 0 nothing to fix (or fixed), 1 with --check when something would change.
    """
    from nictools.fix import fix_files, plan_fixes
    from nictools.validate import relative_targets

    from nictools.cli.options import resolve_path

    paths = [resolve_path(ctx, p) for p in paths or []]  # relative to -C, as git does
    st = state(ctx)
    root = st.root(paths[0] if paths and not st.directory else None)
    targets = relative_targets(root, paths or [])
    fixes = plan_fixes(root, targets) if check else fix_files(root, targets)
    verb = "would fix" if check else "fixed"
    for fix in fixes:
        typer.echo(f"{verb} {fix.path}: {'; '.join(fix.fixes)}")
    if not st.quiet:
        n = len(fixes)
        files = f"{n} file{'s' if n != 1 else ''}"
        if not n:
            typer.echo("Nothing to fix.")
        elif check:
            typer.echo(f"{files} would be fixed; run `nic fix` to fix them.")
        else:
            typer.echo(f"Fixed {files}.")
    raise typer.Exit(1 if check and fixes else 0)
