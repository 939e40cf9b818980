"""`nic diff`: what changed between two revisions, by meaning."""

from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer

from nictools.cli.completion import choices
from nictools.cli.options import HISTORY_FORMATS, output_file_option


def diff_command(
    ctx: typer.Context,
    old: Optional[str] = typer.Argument(None, help="The earlier revision or date.", show_default=False),
    new: Optional[str] = typer.Argument(None, help="The later revision or date (default: the last commit).",
                                        show_default=False),
    since: Optional[str] = typer.Option(None, "--since", help="Same as giving OLD: a date (YYYY-MM-DD) or tag.",
                                        show_default=False),
    output_format: str = typer.Option("text", "--format", "-f", autocompletion=choices(*HISTORY_FORMATS), help="Output format: text, json or markdown."),
    output_file: Optional[Path] = output_file_option(),
) -> None:
    """Artifacts added or removed, fields changed (old → new), data points added per site and measure,
    decisions made, and driver diagram edits with their reasons. Not a line diff.
    """
    from nictools.cli.options import check_format, emit, reading_history
    from nictools.errors import NicError
    from nictools.formatters.history import diff_markdown, diff_text
    from nictools.reports.changes import build_diff

    check_format(output_format)
    if since and old:
        raise NicError("Give either OLD or --since, not both.", "`nic diff v1 v2` or `nic diff --since 2025-01-01`.")
    if not (since or old):
        raise NicError("Say where to compare from.", "`nic diff REV1 [REV2]` or `nic diff --since DATE|TAG`.")
    with reading_history(ctx) as history:
        report = build_diff(history, since or old, new)
    emit(output_format, report, diff_text, diff_markdown, output_file)
