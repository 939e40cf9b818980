"""`nic convening tag|list`: convenings are git tags `convening/NAME`."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Optional

import typer

from nictools.cli.app import state
from nictools.cli.completion import choices
from nictools.cli.options import output_file_option, output_to

convening_app = typer.Typer(help="Mark and list convenings (git tags `convening/NAME`).", no_args_is_help=True)


@convening_app.command("tag")
def tag_command(
    ctx: typer.Context,
    name: str = typer.Argument(..., help="The convening's name, e.g. 2026-spring."),
    message: Optional[str] = typer.Option(None, "--message", "-m", help="A line about the convening."),
    rev: Optional[str] = typer.Option(None, "--rev", help="The commit the convening looked at (default: HEAD; "
                                      "with --date, the last commit made by that date)."),
    date: Optional[str] = typer.Option(None, "--date", help="When the convening met (YYYY-MM-DD, or a date and "
                                       "time). Default: NIC_TODAY, else GIT_COMMITTER_DATE, else now."),
) -> None:
    """Tag the network's state as a convening; `nic report` then reports since it.

    A history filled in afterwards is tagged with `--date`: the tag is dated that day and marks
    the last commit made by then.
    """
    from nictools.convenings import convening_date, open_git, tag_convening

    root = state(ctx).root()
    when, source = convening_date(date)
    convening = tag_convening(open_git(root), name, message=message, rev=rev, when=when,
                              find_commit=source == "--date")
    sys.stdout.write(f"Tagged {convening.tag} at {convening.commit[:8]} ({convening.date:%Y-%m-%d}"
                     f"{', from ' + source if source not in ('now', '--date') else ''}).\n")


@convening_app.command("list")
def list_command(
    ctx: typer.Context,
    output_format: str = typer.Option("text", "--format", "-f", autocompletion=choices("text", "json"), help="text or json."),
    output_file: Optional[Path] = output_file_option(),
) -> None:
    """List the convenings, oldest first, with their dates."""
    from nictools.convenings import list_convenings, open_git
    from nictools.errors import NicError

    if output_format not in ("text", "json"):
        raise NicError(f"Unknown format `{output_format}`.", "Use text or json.")
    items = list_convenings(open_git(state(ctx).root()))
    with output_to(output_file) as stream:
        if output_format == "json":
            stream.write(json.dumps([c.to_json() for c in items], indent=2) + "\n")
        elif not items:
            stream.write("No convenings yet. Make one with `nic convening tag NAME`.\n")
        else:
            width = max(len(c.name) for c in items)
            for c in items:
                stream.write(f"{c.name:<{width}}  {c.date:%Y-%m-%d}  {c.commit[:8]}  {c.message}\n")
