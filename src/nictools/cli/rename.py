"""`nic rename KIND OLD NEW`: change an id and every reference to it in one step."""

from __future__ import annotations

from typing import Optional

import typer

from nictools.cli.app import state
from nictools.cli.completion import complete_site


def rename_command(
    ctx: typer.Context,
    kind: str = typer.Argument(..., help="measure, change-idea, driver, site, aim or cycle."),
    old: str = typer.Argument(..., help="The id now."),
    new: str = typer.Argument(..., help="The new id (must not exist yet)."),
    site: Optional[str] = typer.Option(None, "--site", autocompletion=complete_site, help="The cycle's site (needed for `cycle`)."),
    dry_run: bool = typer.Option(False, "--dry-run", help="Show what would change; write nothing."),
) -> None:
    """Rename an artifact: its id, its file or folder, and every reference, all or nothing.

    A retired artifact keeps its id forever: it cannot be renamed and its id is never reused.
    """
    from nictools.rename import plan_rename, rename

    root = state(ctx).root()
    plan = plan_rename(root, kind, old, new, site=site) if dry_run else rename(root, kind, old, new, site=site)
    verb = "would " if dry_run else ""
    for path, count in sorted(plan.edits.items()):
        typer.echo(f"{verb}edit {path} ({count} value{'s' if count != 1 else ''})")
    for source, target in plan.moves:
        typer.echo(f"{verb}move {source} -> {target}")
    if not state(ctx).quiet:
        typer.echo(f"{'Would rename' if dry_run else 'Renamed'} {kind} {old} to {new}: "
                   f"{len(plan.edits)} file{'s' if len(plan.edits) != 1 else ''} edited, {len(plan.moves)} moved.")
