"""Driver diagrams: the network's theory of improvement, drawn (`nic diagram`).

`graph` builds the graph from a network, `overlay` says what cycles learned about each
change idea, `layout` places it all (pure Python), and one module per format writes
it: `svg`, `figure` (PNG/PDF through matplotlib), `mermaid`, `dot`, `json_data`.
"""

from __future__ import annotations

from nictools.errors import NicError
from nictools.model.network import Network
from nictools.output_format import Formats

FORMATS = ("svg", "png", "pdf", "mermaid", "dot", "json")
BINARY_FORMATS = ("png", "pdf")
_EXTENSIONS = {".svg": "svg", ".png": "png", ".pdf": "pdf", ".mmd": "mermaid", ".mermaid": "mermaid",
               ".dot": "dot", ".gv": "dot", ".json": "json"}


DIAGRAM_FORMATS = Formats("diagram", FORMATS, _EXTENSIONS, default="mermaid", file_default=False,
                          file_hint="End the name with .svg, .png or .pdf (or .mmd, .dot, .json), or give --format.")


def render_diagram(network: Network, fmt: str, *, site: str | None = None, plain: bool = False) -> str | bytes:
    """The network's driver diagram in `fmt` (text for svg/mermaid/dot/json, bytes for png/pdf)."""
    from nictools.diagram.graph import build_graph

    if fmt not in FORMATS:
        raise NicError(f"Unknown diagram format `{fmt}`.", f"Use one of: {', '.join(FORMATS)}.")
    graph = build_graph(network, site=site, plain=plain)
    if fmt == "mermaid":
        from nictools.diagram.mermaid import render_mermaid

        return render_mermaid(graph)
    if fmt == "dot":
        from nictools.diagram.dot import render_dot

        return render_dot(graph)
    from nictools.diagram.layout import layout_diagram

    layout = layout_diagram(graph)
    if fmt == "json":
        from nictools.diagram.json_data import render_json

        return render_json(graph, layout)
    if fmt == "svg":
        from nictools.diagram.svg import render_svg

        return render_svg(layout)
    from nictools.diagram.figure import render_figure

    return render_figure(layout, fmt)
