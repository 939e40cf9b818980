"""`nic schema`: write the JSON Schemas of the format, for editors and other tools."""

from __future__ import annotations

from pathlib import Path

import typer


def schema_command(
    ctx: typer.Context,
    out: Path = typer.Option(Path("schemas"), "--out", "-o", help="The folder to write the schemas into "
                             "(relative to -C when given)."),
    check: bool = typer.Option(False, "--check", help="Write nothing; exit 1 if the folder's schemas are out of date."),
) -> None:
    """Write one JSON Schema per kind of file (network, aim, measure, drivers, change-idea, site, pdsa)."""
    from nictools import schemas
    from nictools.cli.options import output_path

    out = output_path(ctx, out, folder=True)  # relative to -C; never inside .git/
    if check:
        stale = schemas.drift(out)
        for name in stale:
            typer.echo(f"{out / name} is out of date")
        raise typer.Exit(1 if stale else 0)
    for path in schemas.write(out):
        typer.echo(f"wrote {path}")
