"""The diagram as JSON: the graph (nodes, edges), the placed boxes and the crossing count.

For tools that draw the diagram themselves, or check it: `boxes` and `edges[].points`
are the same coordinates every nic renderer uses (pixels, origin top left).
"""

from __future__ import annotations

import json
from dataclasses import asdict
from typing import Any

from nictools.diagram.graph import DriverGraph
from nictools.diagram.layout import Layout

#: Bumped when a field changes meaning or goes away (new fields may appear any time).
JSON_VERSION = 1


def diagram_data(graph: DriverGraph, layout: Layout) -> dict[str, Any]:
    """Plain data (JSON-ready) for a diagram."""
    nodes = []
    for node in graph.nodes:
        overlay = None
        if node.overlay is not None:
            overlay = {
                "status": node.overlay.status, "cycles": node.overlay.cycles,
                "sites_tested": node.overlay.sites_tested, "sites": list(node.overlay.sites),
                "adopted": node.overlay.adopted, "adapted": node.overlay.adapted,
                "abandoned": node.overlay.abandoned, "still_testing": node.overlay.still_testing,
            }
        nodes.append({
            "key": node.key, "kind": node.kind, "id": node.id, "title": node.title, "status": node.status,
            "column": node.column, "cluster": node.cluster, "focus": node.focus,
            "site_idea": node.site_idea if graph.site else None, "site_note": node.site_note, "overlay": overlay,
        })
    points = {(r.source, r.target): r.points for r in layout.routes}
    edges = [{"source": e.source, "target": e.target, "status": e.status,
              "points": [list(p) for p in points[(e.source, e.target)]]} for e in graph.edges]
    boxes = [{"key": b.key, "x": round(b.x, 2), "y": round(b.y, 2), "w": round(b.w, 2), "h": round(b.h, 2),
              "emphasis": b.emphasis, "lines": [line.text for line in b.lines],
              "pill": asdict(b.pill) if b.pill else None} for b in layout.boxes]
    return {
        "version": JSON_VERSION,
        "network": graph.title,
        "site": graph.site.site if graph.site else None,
        "plain": graph.plain,
        "width": layout.width,
        "height": layout.height,
        "crossings": layout.crossings,
        "nodes": nodes,
        "edges": edges,
        "boxes": boxes,
    }


def render_json(graph: DriverGraph, layout: Layout) -> str:
    return json.dumps(diagram_data(graph, layout), indent=2, ensure_ascii=False) + "\n"
