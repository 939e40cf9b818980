"""`nic sync`: check, save and share the team's work, and bring in everyone else's."""

from __future__ import annotations

import typer

from nictools.cli.app import state


def sync_command(
    ctx: typer.Context,
    push: bool = typer.Option(True, "--push/--no-push", help="Send the work to the shared repository "
                              "(--no-push: check, save and bring in the others' work only)."),
) -> None:
    """Save and share your work: check it, save it with a message that says what changed, bring in the
    others' work, check again, send.

    If someone else changed the same lines of a file, nic stops, says which file and what
    to do, and loses nothing. Exit status: 0 shared (or nothing to share), 1 stopped on a
    conflict, 2 something to fix first.
    """
    from nictools.history.sync import SyncConflict, sync

    st = state(ctx)
    root = st.root()
    try:
        outcome = sync(root, push=push)
    except SyncConflict as exc:
        typer.echo(f"error: {exc.message}", err=True)
        typer.echo(f"hint: {exc.hint}", err=True)
        raise typer.Exit(1) from None
    if outcome.committed:
        typer.echo(f"saved: {outcome.committed}")
    elif not st.quiet:
        typer.echo("nothing new to save")
    if outcome.pulled:
        typer.echo(f"brought in {outcome.pulled} change(s) from the others")
    if outcome.pushed:
        typer.echo(f"sent to {outcome.remote}")
    for note in outcome.notes:
        typer.echo(f"note: {note}", err=True)
