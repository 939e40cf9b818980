"""`nic status`: where each site stands, from the history."""

from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer

from nictools.cli.completion import choices, complete_site
from nictools.cli.options import HISTORY_FORMATS, output_file_option


def status_command(
    ctx: typer.Context,
    as_of: Optional[str] = typer.Option(None, "--as-of", help="A date (YYYY-MM-DD) or revision; default: the last commit.",
                                        show_default=False),
    site: Optional[str] = typer.Option(None, "--site", "-s", autocompletion=complete_site, help="Only this site.", show_default=False),
    output_format: str = typer.Option("text", "--format", "-f", autocompletion=choices(*HISTORY_FORMATS), help="Output format: text, json or markdown."),
    hub: bool = typer.Option(False, "--hub", help="Add information for the hub only: whether each cycle's predictions "
                             "were recorded before its test (yes or unknown)."),
    output_file: Optional[Path] = output_file_option(),
) -> None:
    """Per site: cycles by stage, ramps in progress, latest decisions and learning, measures with their
    current signal, last activity; sites with no activity for a while are marked quiet.

    Reads committed history only: uncommitted changes are not included (a note says so).
    """
    from nictools.cli.options import check_format, emit, reading_history
    from nictools.formatters.history import status_markdown, status_text
    from nictools.reports.status import build_status

    check_format(output_format)
    with reading_history(ctx) as history:
        report = build_status(history, as_of, site, hub)
    emit(output_format, report, status_text, status_markdown, output_file)
