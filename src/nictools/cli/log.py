"""`nic log`: the network's history as a timeline in plain words."""

from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer

from nictools.cli.completion import choices, complete_change_idea, complete_site
from nictools.cli.options import HISTORY_FORMATS, output_file_option


def log_command(
    ctx: typer.Context,
    site: Optional[str] = typer.Option(None, "--site", "-s", autocompletion=complete_site, help="Only this site's events.", show_default=False),
    change_idea: Optional[str] = typer.Option(None, "--change-idea", "-c", autocompletion=complete_change_idea, help="Only cycles testing this change idea "
                                              "(and the idea itself).", show_default=False),
    since: Optional[str] = typer.Option(None, "--since", help="Start after this revision, or on this date (YYYY-MM-DD).",
                                        show_default=False),
    until: Optional[str] = typer.Option(None, "--until", help="End at this revision, or on this date.", show_default=False),
    output_format: str = typer.Option("text", "--format", "-f", autocompletion=choices(*HISTORY_FORMATS), help="Output format: text, json or markdown."),
    output_file: Optional[Path] = output_file_option(),
) -> None:
    """What happened, oldest first: cycles planned, stages reached, predictions confirmed or not,
    decisions made, data added, the driver diagram edited, change ideas' status changed.

    Merge commits count when they reached the main line (first parent).
    """
    from nictools.cli.options import check_format, emit, reading_history
    from nictools.formatters.history import log_markdown, log_text
    from nictools.reports.timeline import build_timeline

    check_format(output_format)
    with reading_history(ctx) as history:
        timeline = build_timeline(history, site, change_idea, since, until)
    emit(output_format, timeline, log_text, log_markdown, output_file)
