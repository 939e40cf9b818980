"""`nic migrate`: rewrite files written for an older format version to the current one."""

from __future__ import annotations

import typer

from nictools.cli.app import state


def migrate_command(
    ctx: typer.Context,
    check: bool = typer.Option(False, "--check", help="Write nothing; exit 1 if some file needs migrating."),
) -> None:
    """Upgrade every file to the current format version (comments and key order kept)."""
    from nictools.migrate import migrate_files, plan_migrations
    from nictools.model.base import FORMAT_VERSION

    root = state(ctx).root()
    plan = plan_migrations(root) if check else migrate_files(root)
    for item in plan:
        typer.echo(f"{'would migrate' if check else 'migrated'} {item.path}: format {item.from_version} -> {FORMAT_VERSION}")
    if not plan and not state(ctx).quiet:
        typer.echo(f"Every file is at format {FORMAT_VERSION}: nothing to migrate.")
    raise typer.Exit(1 if check and plan else 0)
