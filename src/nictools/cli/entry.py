"""`nic import FILE`: a filled data-entry workbook (or a sheet of it saved as CSV) back into the network."""

from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer

from nictools.cli.app import state
from nictools.cli.prompting import ask_before_writing


def import_command(
    ctx: typer.Context,
    file: Path = typer.Argument(..., help="The workbook from `nic export --format xlsx --for-entry`, or one of its "
                                "sheets saved as CSV.", dir_okay=False),
    date_format: Optional[str] = typer.Option(None, "--date-format", help="How dates typed as text are written: "
                                              "DD/MM/YYYY or MM/DD/YYYY (default: date cells, ISO, or clear from the dates)."),
    yes: bool = typer.Option(False, "--yes", "-y", help="Write without asking."),
) -> None:
    """Read a filled data-entry workbook back: shows every change, checks it, writes all of it or nothing.

    New rows of the data sheets are added to the sites' data files (rows already there are
    skipped); each filled cycle sheet adds its cycle's next stage with the answers typed.
    """
    from nictools.clock import today
    from nictools.scaffold.entry_import import changes, read_entry, write_entry
    from nictools.scaffold.new import load

    from nictools.cli.data import _confirm_unusual, with_date_question
    from nictools.cli.options import resolve_path

    file = resolve_path(ctx, file)
    root = state(ctx).root()
    network = load(root)
    entry = with_date_question(lambda fmt: read_entry(file, root, network, today(), date_format=fmt), date_format)
    from nictools.checks.privacy import allowed_words

    from nictools.cli.data import _screen_note

    allowed = allowed_words(network)
    for addition in entry.data.to_add:
        for row in addition.rows:
            _screen_note(row.note, row.source, allowed)
    lines = changes(entry)
    if not lines:
        typer.echo(f"Nothing to add: the sheets of {file.name} hold nothing new.")
        return
    typer.echo(f"{file.name}: {len(entry.data.to_add)} data file(s) and {len(entry.cycles)} cycle(s) to change:")
    typer.echo("\n".join(lines))
    _confirm_unusual(entry.data.unusual(), yes=yes)
    ask_before_writing(yes, "Write these changes?", "the changes above")
    write_entry(entry)
    typer.echo(f"wrote {len(entry.data.to_add) + len(entry.cycles)} file(s)")
