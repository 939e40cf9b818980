"""The diagram as Graphviz DOT (for `dot -Tsvg`, and tools that read DOT).

Every id and label is a double-quoted DOT string: backslashes and quotes are escaped,
so `\\N` or `"` in a title stays literal text; line breaks are `\\n`.
"""

from __future__ import annotations

from nictools.diagram.graph import COLUMN_TITLES, DriverGraph, Node, label_lines
from nictools.diagram.style import CLUSTERS, FONT_FAMILY, LIFECYCLE


def dot_string(text: str) -> str:
    """A quoted DOT string holding `text` literally (newlines become line breaks)."""
    lines = ["".join(c for c in line if c >= " ") for line in text.split("\n")]
    escaped = [line.replace("\\", "\\\\").replace('"', '\\"') for line in lines]
    return '"' + "\\n".join(escaped) + '"'


def _attrs(**attrs: str | float) -> str:
    return "[" + ", ".join(f"{k}={dot_string(str(v))}" for k, v in attrs.items()) + "]"


def _node_attrs(node: Node, graph: DriverGraph) -> dict[str, str | float]:
    attrs: dict[str, str | float] = {"label": "\n".join(label_lines(node, graph)), "tooltip": node.detail or node.title}
    style = ["rounded", "filled"]
    if node.kind == "aim":
        attrs.update(fillcolor="#23395d", fontcolor="#ffffff", color="#23395d")
    elif node.kind == "primary":
        attrs.update(fillcolor="#e9f0f8", color="#4d6a8f")
        if node.cluster_index is not None:
            attrs.update(color=CLUSTERS[node.cluster_index % len(CLUSTERS)], penwidth=2.5)
    elif node.kind == "secondary":
        attrs.update(fillcolor="#f5f7fa", color="#8593a6")
    else:
        attrs.update(fillcolor="#ffffff", color="#a3adba")
        if not graph.plain:
            attrs.update(color=LIFECYCLE.get(node.status, LIFECYCLE["idea"])[2], penwidth=2)
        if graph.site is not None and node.site_idea:
            attrs.update(color="#1d2430", penwidth=3)
    if node.status == "proposed":
        style.append("dashed")
    if node.status == "retired":
        attrs.update(fillcolor="#efefef", fontcolor="#868686", color="#b5b5b5")
    if node.focus:
        attrs.update(color="#1d2430", penwidth=3)
    if graph.site is not None and node.kind == "change_idea" and not node.site_idea:
        attrs.update(fontcolor="#9aa3ad", color="#d0d5dc", penwidth=1)
    attrs["style"] = ",".join(style)
    return attrs


def render_dot(graph: DriverGraph) -> str:
    """A `digraph` laid out left to right, one rank per column."""
    title = f"{graph.title}: driver diagram"
    if graph.site is not None:
        title += f" ({graph.site.name})"
    out = [
        "digraph driver_diagram {",
        f"    graph {_attrs(rankdir='LR', ranksep='0.9', nodesep='0.22', fontname=FONT_FAMILY, label=title, labelloc='t', labeljust='l', fontsize=16)};",
        f"    node {_attrs(shape='box', fontname=FONT_FAMILY, fontsize=11, margin='0.15,0.08')};",
        f"    edge {_attrs(dir='none', color='#7b8898')};",
    ]
    columns: dict[int, list[str]] = {}
    for node in graph.nodes:
        out.append(f"    {dot_string(node.key)} {_attrs(**_node_attrs(node, graph))};")
        columns.setdefault(node.column, []).append(dot_string(node.key))
    for column, members in sorted(columns.items()):
        out.append(f"    {{ rank=same; {'; '.join(members)}; }}  // {COLUMN_TITLES[column]}")
    column_of = {n.key: n.column for n in graph.nodes}
    for edge in graph.edges:
        attrs: dict[str, str | float] = {}
        span = column_of[edge.target] - column_of[edge.source]
        if span > 1:
            attrs["minlen"] = span
        if edge.status == "proposed":
            attrs["style"] = "dashed"
        elif edge.status == "retired":
            attrs.update(style="dashed", color="#c2c2c2")
        suffix = f" {_attrs(**attrs)}" if attrs else ""
        out.append(f"    {dot_string(edge.source)} -> {dot_string(edge.target)}{suffix};")
    out.append("}")
    return "\n".join(out) + "\n"

