"""`nic diagram`: draw the driver diagram (SVG, PNG, PDF) or write it as Mermaid, DOT or JSON."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Optional

import typer

from nictools.cli.app import state
from nictools.cli.completion import choices, complete_site

FORMAT_HELP = "svg, png, pdf, mermaid, dot or json. Default: from the --out file's extension, else mermaid."


def diagram_command(
    ctx: typer.Context,
    out: Optional[Path] = typer.Option(
        None, "--out", "-o", help="Write to FILE (.svg, .png or .pdf picks the format). Default: print to stdout.",
        dir_okay=False, show_default=False, metavar="FILE",
    ),
    output_format: Optional[str] = typer.Option(None, "--format", "-f", help=FORMAT_HELP,
                                                 autocompletion=choices("svg", "png", "pdf", "mermaid", "dot", "json"), show_default=False),
    site: Optional[str] = typer.Option(
        None, "--site", autocompletion=complete_site, help="Show one site's work: the change ideas its PDSA cycles test, and its focus drivers.",
        show_default=False,
    ),
    plain: bool = typer.Option(False, "--plain", help="Draw the bare theory: no status overlay."),
    as_of: Optional[str] = typer.Option(
        None, "--as-of", metavar="DATE|REV",
        help="Draw the diagram as it stood at a date (YYYY-MM-DD) or git revision, from the committed history.",
        show_default=False,
    ),
) -> None:
    """Draw the driver diagram: aim, primary and secondary drivers, change ideas.

    Each change idea shows its status, how many sites tested it and how many adopted, adapted or abandoned it (from the PDSA cycles). Examples:

      nic diagram --out driver-diagram.svg

      nic diagram --format mermaid > diagram.md

      nic diagram --site lincoln --out lincoln.png

      nic diagram --as-of convening/winter --out winter.svg
    """
    from nictools.diagram import BINARY_FORMATS, DIAGRAM_FORMATS, render_diagram
    from nictools.output_format import pick_format
    from nictools.errors import NicError
    from nictools.cli.options import output_path
    from nictools.load.network import load_network

    out = output_path(ctx, out)  # relative to -C; never inside .git/ or onto a folder
    fmt = pick_format(DIAGRAM_FORMATS, output_format, out)
    if out is None and fmt in BINARY_FORMATS:
        raise NicError(f"A {fmt.upper()} picture is written to a file, not printed.",
                       f"Add --out, for example: nic diagram --out driver-diagram.{fmt}")

    st = state(ctx)
    if as_of is not None:
        from nictools.cli.options import reading_history

        with reading_history(ctx) as history:
            commit, _day = history.resolve_as_of(as_of)
            network = history.network(commit)
        problems: list = []
    else:
        network, problems = load_network(st.root())
    rendered = render_diagram(network, fmt, site=site, plain=plain)
    errors = sum(1 for p in problems if p.severity.value == "error")
    if errors and not st.quiet:
        typer.echo(f"note: {errors} problem{'s' if errors != 1 else ''} in the network's files; what could not be "
                   "read is left out of the diagram. Run `nic validate` to see them.", err=True)
    if out is None:
        assert isinstance(rendered, str)
        sys.stdout.write(rendered)
        return
    from nictools.atomic import write_atomic

    write_atomic(out, rendered)
    if not st.quiet:
        typer.echo(f"Wrote {out} ({fmt}).", err=True)
