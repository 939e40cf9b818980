"""`nic phase add`: record a new phase of a measure's chart at a site."""

from __future__ import annotations

from typing import Optional

import typer

from nictools.cli.app import state
from nictools.cli.prompting import shown_path

phase_app = typer.Typer(help="Record phases of a measure's chart (new limits after an explained shift).",
                        no_args_is_help=True)


@phase_app.command("add")
def phase_add_command(
    ctx: typer.Context,
    measure: str = typer.Argument(..., help="The measure's id, e.g. ATT-90."),
    site: str = typer.Option(..., "--site", "-s", help="The site whose chart gets the new phase."),
    start: str = typer.Option(..., "--from", help="The first period of the new phase (YYYY-MM-DD)."),
    reason: str = typer.Option(..., "--reason", help="What changed, in words the team can explain."),
    change_idea: Optional[str] = typer.Option(None, "--change-idea", help="The change idea behind it, if one.",
                                              show_default=False),
) -> None:
    """Record a new phase: new limits from this period on, with the reason the team can explain.

    `nic status`, `nic chart` and the report propose one when the data show a sustained shift;
    nic never starts a phase by itself. Review it in a pull request like any other change.
    """
    from nictools.errors import NicError
    from nictools.load.tables import parse_period
    from nictools.scaffold.new import load
    from nictools.scaffold.phase import add_phase

    day, why = parse_period(start)
    if why or day is None:
        raise NicError(f"--from {start}: {why or 'not a date'}.", "Give the period as YYYY-MM-DD, e.g. 2026-02-02.")
    root = state(ctx).root()
    done = add_phase(root, load(root), measure, site, day, reason, change_idea)
    typer.echo(f"wrote {shown_path(done.path)}: a new phase of {done.measure} from {done.start.isoformat()}")
