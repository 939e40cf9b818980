"""`nic site withdraw`: record that a site left the network."""

from __future__ import annotations

import typer

from nictools.cli.app import state
from nictools.cli.completion import complete_site
from nictools.cli.prompting import shown_path

site_app = typer.Typer(help="Change a site's standing in the network (withdraw).", no_args_is_help=True)


@site_app.command("withdraw")
def site_withdraw_command(
    ctx: typer.Context,
    site: str = typer.Argument(..., autocompletion=complete_site, help="The site's id (its folder under sites/)."),
    date: str = typer.Option(..., "--date", help="When the site left the network (YYYY-MM-DD)."),
    reason: str = typer.Option(..., "--reason", help="Why, in plain words (e.g. a merger)."),
) -> None:
    """Mark a site withdrawn: `status: withdrawn`, with the date and the reason, in its site.yaml.

    Its files and history stay. Reports leave it out of the signal tiles, small multiples,
    funnel and quiet list, and list it once as withdrawn; `nic status` never calls it quiet.
    """
    from nictools.errors import NicError
    from nictools.load.tables import parse_period
    from nictools.scaffold.withdraw import withdraw_site

    day, why = parse_period(date)
    if why or day is None:
        raise NicError(f"--date {date}: {why or 'not a date'}.", "Give the date as YYYY-MM-DD, e.g. 2025-06-30.")
    done = withdraw_site(state(ctx).root(), site, day, reason)
    again = " (it was already withdrawn: date and reason updated)" if done.already else ""
    typer.echo(f"wrote {shown_path(done.path)}: {done.site} withdrawn on {done.on.isoformat()}{again}")
