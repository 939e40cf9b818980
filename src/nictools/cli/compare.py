"""`nic compare`: sites side by side."""

from __future__ import annotations

from pathlib import Path
from typing import List, Optional

import typer

from nictools.cli.completion import choices
from nictools.cli.options import HISTORY_FORMATS, output_file_option


def compare_command(
    ctx: typer.Context,
    sites: Optional[List[str]] = typer.Argument(None, help="The sites to compare.", show_default=False),
    cluster: Optional[str] = typer.Option(None, "--cluster", help="Compare every site of this cluster.",
                                          show_default=False),
    as_of: Optional[str] = typer.Option(None, "--as-of", help="A date or revision; default: the last commit.",
                                        show_default=False),
    output_format: str = typer.Option("text", "--format", "-f", autocompletion=choices(*HISTORY_FORMATS), help="Output format: text, json or markdown."),
    output_file: Optional[Path] = output_file_option(),
) -> None:
    """Which change ideas each site tested and decided, at what scale, in which contexts, with which
    measures: learning side by side, not a league table.
    """
    from nictools.cli.options import check_format, emit, reading_history
    from nictools.errors import NicError
    from nictools.formatters.history import compare_markdown, compare_text
    from nictools.reports.compare import build_compare

    check_format(output_format)
    if sites and cluster:
        raise NicError("Give sites or --cluster, not both.", "`nic compare lincoln roosevelt` or `nic compare --cluster rac-1`.")
    with reading_history(ctx) as history:
        report = build_compare(history, list(sites or []), cluster, as_of)
    emit(output_format, report, compare_text, compare_markdown, output_file)
