"""`nic validate`: check every file of the network, or the files given."""

from __future__ import annotations

import os
from pathlib import Path
from typing import List, Optional

import typer

from nictools.cli.app import leave_to_exit, state
from nictools.cli.completion import complete_validate_format
from nictools.cli.options import output_file_option, output_to

FORMATS = ("text", "json", "github", "sarif", "junit", "gitlab")


def validate_command(
    ctx: typer.Context,
    paths: Optional[List[Path]] = typer.Argument(
        None, help="The network folder, or files in it (as pre-commit passes them). Default: the whole network.",
        show_default=False,
    ),
    output_format: Optional[str] = typer.Option(
        None, "--format", "-f", show_default=False, autocompletion=complete_validate_format,
        help="Output format: text (people), json, github (workflow annotations), sarif (2.1.0, code scanning), "
             "junit (JUnit XML), gitlab (Code Quality JSON). Default: $NIC_OUTPUT_FORMAT if set, github inside "
             "GitHub Actions, else text."),
    output_file: Optional[Path] = output_file_option(),
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
    from nictools.formatters import FORMATTERS, default_format, get_formatter
    from nictools.network import repository_prefix
    from nictools.validate import run

    if output_format is None:
        output_format = default_format()
    if output_format not in FORMATTERS:
        raise NicError(f"Unknown format `{output_format}`.", f"Use one of: {', '.join(FORMATTERS)}.")
    select = [s for item in select for s in item.split(",")]
    ignore = [s for item in ignore for s in item.split(",")]
    from nictools.cli.options import resolve_path

    paths = [resolve_path(ctx, p) for p in paths or []]  # relative to -C, as git does
    st = state(ctx)
    start = paths[0] if paths and not st.directory else None
    root = st.root(start)
    import gc

    result, network = run(root, paths or [], select=select, ignore=ignore, strict=strict, disk_cache=True)
    gc.freeze()  # printing need not walk the loaded network in a collection (unfrozen when done)
    try:
        formatter = get_formatter(output_format)
        sources = {p.path: network.texts.get(p.path, "") for p in result.problems}
        prefix = repository_prefix(root)
        import sys

        from nictools.terminal import raw

        with output_to(output_file) as stream:
            if stream is sys.stdout and output_format not in ("text", "github"):
                stream = raw(sys.stdout)  # the other formats escape control characters themselves
            formatter(result, stream, sources=sources, path_prefix=prefix, show_source=not no_source,
                      show_summary=not st.quiet)
        if output_format == "github":
            _job_summary(result, prefix)
    finally:
        gc.unfreeze()
        leave_to_exit(network)
    raise typer.Exit(result.exit_code)


def _job_summary(result: object, prefix: str) -> None:
    """In GitHub Actions, every problem goes to the job summary when the annotations cannot show them all."""
    from nictools.formatters.github import needs_summary, summary_markdown

    target = os.environ.get("GITHUB_STEP_SUMMARY")
    if not target or not needs_summary(result):  # type: ignore[arg-type]
        return
    try:
        with open(target, "a", encoding="utf-8") as handle:  # GitHub's file: append, as its docs say
            handle.write(summary_markdown(result, prefix))  # type: ignore[arg-type]
    except OSError as exc:
        import sys

        sys.stderr.write(f"warning: could not write the job summary ({target}): {exc.strerror or exc}\n")
