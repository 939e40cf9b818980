"""`nic report`: the convening report (HTML, Markdown or JSON)."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Optional

import typer

from nictools.cli.app import state
from nictools.cli.completion import choices, complete_site

FORMATS = ("html", "markdown", "json")  # for completion; nictools.report.REPORT_FORMATS decides


def report_command(
    ctx: typer.Context,
    out: Optional[Path] = typer.Option(None, "--out", "-o", help="Write the report here (atomically). "
                                       "Default: standard output."),
    output_format: Optional[str] = typer.Option(None, "--format", "-f", autocompletion=choices(*FORMATS), help="html, markdown or json "
                                                "(default: from --out's extension, else html)."),
    since: Optional[str] = typer.Option(None, "--since", help="Start of 'since the last convening': a date "
                                        "(YYYY-MM-DD), a commit or a tag. Default: the latest convening tag."),
    as_of: Optional[str] = typer.Option(None, "--as-of", help="Report the network as it stood then: a date or a "
                                        "revision. Default: the last commit (or the latest date in the files)."),
    site: Optional[str] = typer.Option(None, "--site", autocompletion=complete_site, help="Only this site's page, cards and agenda."),
    hub: bool = typer.Option(False, "--hub", help="The hub's edition: include provenance flags (predictions "
                             "recorded after the test began)."),
    small_cell: Optional[int] = typer.Option(None, "--small-cell", min=0, help="Mask counts below this "
                                             "(default: settings.small_cell_threshold, 10)."),
    site_pages: str = typer.Option("auto", "--site-pages", autocompletion=choices("auto", "all", "signals", "none"),
                                   help="Which sites get a page: all, signals (sites with a signal in a measure, "
                                   "a quiet site or an ask), none, or auto (all up to 40 sites, signals up to 300, else none)."),
    include_withdrawn: bool = typer.Option(False, "--include-withdrawn", help="Keep withdrawn sites in the "
                                           "signal tiles, small multiples and funnel."),
) -> None:
    """Write the convening report: where the network stands and what it learned since last time.

    Counts below the small-cell threshold are masked in every format. Progress goes to
    standard error.
    """
    from nictools.atomic import write_atomic
    from nictools.errors import NicError
    from nictools.output_format import pick_format
    from nictools.report import REPORT_FORMATS, ReportRequest, make_report

    from nictools.cli.options import output_path

    out = output_path(ctx, out)  # relative to -C; never inside .git/ or onto a folder
    fmt = pick_format(REPORT_FORMATS, output_format, out)
    if site_pages not in ("auto", "all", "signals", "none"):
        raise NicError(f"Unknown --site-pages `{site_pages}`.", "Use all, signals, none or auto.")
    st = state(ctx)
    root = st.root()

    def progress(text: str) -> None:
        if not st.quiet:
            sys.stderr.write(f"nic report: {text}\n")
            sys.stderr.flush()

    text, notes = make_report(ReportRequest(root=root, fmt=fmt, since=since, as_of=as_of, site=site, hub=hub,
                                            small_cell=small_cell, site_pages=site_pages,
                                            include_withdrawn=include_withdrawn), progress=progress)
    for note in notes:
        if not st.quiet:
            sys.stderr.write(f"note: {note}\n")
    if out is None:
        for piece in ([text] if isinstance(text, str) else text):  # JSON comes in pieces
            sys.stdout.write(piece)
    else:
        write_atomic(out, text)
        progress(f"wrote {out} ({out.stat().st_size // 1024} KB)")
