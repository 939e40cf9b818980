"""`nic explain CODE|NAME`: what a check looks for, why, a bad and a good example."""

from __future__ import annotations

from typing import Optional

import typer


def explain_command(
    check: Optional[str] = typer.Argument(None, help="A code (NIC203) or name (unknown-change-idea). "
                                          "Without one: list every check.", show_default=False),
) -> None:
    """Print the documentation of a check (the same text as docs/checks.md)."""
    from nictools.catalogue.docs import explain_text
    from nictools.catalogue import CATALOGUE, lookup
    from nictools.errors import NicError
    from nictools.suggest import closest

    if check is None:
        for code in sorted(CATALOGUE):
            info = CATALOGUE[code]
            typer.echo(f"{code}  {info.severity.value:<7}  {info.name:<34} {info.summary}")
        return
    info = lookup(check)
    if info is None:
        options = list(CATALOGUE) + [i.name for i in CATALOGUE.values()]
        close = closest(check, options)
        raise NicError(f"There is no check `{check}`.",
                       (f"Did you mean `{close}`? " if close else "") + "Run `nic explain` to list every check.")
    typer.echo(explain_text(info), nl=False)
