"""The diagram as a Mermaid flowchart (renders in GitHub and GitLab Markdown).

Node ids are made from the artifact ids (letters, digits and `_` only, with a prefix
per kind, so a driver called `end` cannot end a block); labels are quoted, with
every character Mermaid could read as syntax written as an entity (`#34;`).
"""

from __future__ import annotations

import re

from nictools.diagram.graph import DriverGraph, label_lines
from nictools.diagram.style import CLUSTERS, LIFECYCLE

_PREFIX = {"aim": "aim", "primary": "p", "secondary": "s", "change_idea": "c"}
_ENTITIES = {'"': "#34;", "#": "#35;", "&": "#38;", "<": "#60;", ">": "#62;", "`": "#96;"}


def mermaid_text(text: str) -> str:
    """Text safe inside a quoted Mermaid label."""
    text = " ".join(text.split())
    return "".join(_ENTITIES.get(c, c) for c in text)


def _label(lines: list[str]) -> str:
    return '"' + "<br/>".join(mermaid_text(line) for line in lines) + '"'


def _ids(graph: DriverGraph) -> dict[str, str]:
    ids: dict[str, str] = {}
    used: set[str] = set()
    for node in graph.nodes:
        base = f"{_PREFIX[node.kind]}_{re.sub(r'[^A-Za-z0-9_]', '_', node.id)}"
        name, n = base, 2
        while name in used:
            name, n = f"{base}_{n}", n + 1
        used.add(name)
        ids[node.key] = name
    return ids


def render_mermaid(graph: DriverGraph) -> str:
    """`flowchart LR` text: one line per node, link, class definition and class use."""
    ids = _ids(graph)
    nodes = {n.key: n for n in graph.nodes}
    out = ["flowchart LR", f"    %% {mermaid_text(graph.title)}: driver diagram (nic diagram)"]
    for node in graph.nodes:
        out.append(f"    {ids[node.key]}[{_label(label_lines(node, graph))}]")
    link_styles: dict[str, list[int]] = {"proposed": [], "retired": []}
    for i, edge in enumerate(graph.edges):
        span = nodes[edge.target].column - nodes[edge.source].column
        dotted = edge.status != "active"
        arrow = ("-" + "." * span + "-") if dotted else ("-" * (span + 2))
        out.append(f"    {ids[edge.source]} {arrow} {ids[edge.target]}")
        if dotted:
            link_styles[edge.status].append(i)
    if link_styles["retired"]:
        out.append(f"    linkStyle {','.join(map(str, link_styles['retired']))} stroke:#c2c2c2")

    classes: dict[str, list[str]] = {}
    for node in graph.nodes:
        names = [f"k_{node.kind}"]
        if node.kind == "change_idea":
            if not graph.plain:
                names.append(f"l_{node.status}")
            elif node.status == "retired":
                names.append("s_retired")
            if graph.site is not None:
                names.append("site_idea" if node.site_idea else "dim")
        else:
            if node.cluster_index is not None:
                names.append(f"cluster{node.cluster_index % len(CLUSTERS)}")
            if node.status in ("proposed", "retired"):
                names.append(f"s_{node.status}")
            if node.focus:
                names.append("focus")
        for name in names:
            classes.setdefault(name, []).append(ids[node.key])

    definitions = {
        "k_aim": "fill:#23395d,color:#ffffff,stroke:#23395d",
        "k_primary": "fill:#e9f0f8,color:#1d2430,stroke:#4d6a8f",
        "k_secondary": "fill:#f5f7fa,color:#1d2430,stroke:#8593a6",
        "k_change_idea": "fill:#ffffff,color:#1d2430,stroke:#a3adba",
        "s_proposed": "stroke-dasharray:5 4",
        "s_retired": "fill:#efefef,color:#868686,stroke:#b5b5b5",
        "focus": "stroke:#1d2430,stroke-width:3px",
        "site_idea": "stroke:#1d2430,stroke-width:3px",
        "dim": "opacity:0.4",
    }
    for status, (fill, _, border) in LIFECYCLE.items():
        if status != "focus":
            definitions[f"l_{status}"] = f"stroke:{border},stroke-width:2px" if status != "retired" else \
                "fill:#f4f4f4,color:#808080,stroke:#b0b0b0"
    for i, colour in enumerate(CLUSTERS):
        definitions[f"cluster{i}"] = f"stroke:{colour},stroke-width:3px"
    for name, members in classes.items():
        out.append(f"    classDef {name} {definitions[name]}")
    for name, members in classes.items():
        out.append(f"    class {','.join(members)} {name}")
    return "\n".join(out) + "\n"
