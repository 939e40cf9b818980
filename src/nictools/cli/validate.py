"""`nic validate`: check every file of the network, or the files given."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import List, Optional

import typer

from nictools.cli.app import state

FORMATS = ("text", "json", "github", "sarif", "junit", "gitlab")


def validate_command(
    ctx: typer.Context,
    paths: Optional[List[Path]] = typer.Argument(
        None, help="The network folder, or files in it (as pre-commit passes them). Default: the whole network.",
        show_default=False,
    ),
    output_format: str = typer.Option("text", "--format", "-f", help="Output format: text (people), json, github (workflow annotations), sarif (2.1.0, code scanning), "
                                       "junit (JUnit XML), gitlab (Code Quality JSON)."),
    select: List[str] = typer.Option([], "--select", help="Only these checks (code, prefix such as NIC2, or name). Repeatable."),
    ignore: List[str] = typer.Option([], "--ignore", help="Skip these checks (code, prefix or name). Repeatable."),
    strict: bool = typer.Option(False, "--strict", help="Fail (exit 1) on warnings too."),
    no_source: bool = typer.Option(False, "--no-source", help="Text format: do not show the source line."),
) -> None:
    """Check the network's files against the format and each other.

    Every problem says where (file:line:col), what is wrong and how to fix it.
    Exit status: 0 no errors, 1 problems found, 2 could not run.
    """
    from nictools.errors import NicError
    from nictools.formatters import FORMATTERS, get_formatter
    from nictools.network import repository_prefix
    from nictools.validate import run

    if output_format not in FORMATTERS:
        raise NicError(f"Unknown format `{output_format}`.", f"Use one of: {', '.join(FORMATTERS)}.")
    select = [s for item in select for s in item.split(",")]
    ignore = [s for item in ignore for s in item.split(",")]
    from nictools.cli.options import resolve_path

    paths = [resolve_path(ctx, p) for p in paths or []]  # relative to -C, as git does
    st = state(ctx)
    start = paths[0] if paths and not st.directory else None
    root = st.root(start)
    result, network = run(root, paths or [], select=select, ignore=ignore, strict=strict)
    formatter = get_formatter(output_format)
    sources = {p.path: network.texts.get(p.path, "") for p in result.problems}
    from nictools.terminal import raw

    # text and github are read by people and CI logs; the others escape control characters themselves
    stream = sys.stdout if output_format in ("text", "github") else raw(sys.stdout)
    formatter(result, stream, sources=sources, path_prefix=repository_prefix(root), show_source=not no_source,
              show_summary=not st.quiet)
    raise typer.Exit(result.exit_code)
