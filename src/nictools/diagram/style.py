"""How each part of a diagram looks, shared by the SVG and matplotlib renderers.

Colours come from the Okabe–Ito palette (safe for the common colour-vision
deficiencies), and colour is never the only cue: statuses are also written out,
proposed drivers are dashed and retired ones say "(retired)".
"""

from __future__ import annotations

from dataclasses import dataclass

from nictools.diagram.layout import Box, Route, TextLine

FONT_FAMILY = "DejaVu Sans"
SVG_FONT_STACK = "'DejaVu Sans', 'Segoe UI', Arial, Helvetica, sans-serif"

INK = "#1d2430"
MUTED = "#566172"
BACKGROUND = "#ffffff"
HEADER = "#566172"

#: Okabe–Ito colours for clusters (the primary driver a cluster owns).
CLUSTERS = ("#0072B2", "#D55E00", "#CC79A7", "#009E73", "#E69F00", "#56B4E9", "#F0E442", "#000000")
#: Darker shades of the cluster colours, for text (contrast >= 4.5:1 on white).
CLUSTER_TEXT = ("#005a8c", "#a84a00", "#9c4d80", "#00704f", "#8a5f00", "#1f6f99", "#6b6300", "#000000")

#: Lifecycle status -> (fill, text colour, border) for pills and stripes.
LIFECYCLE = {
    "idea": ("#e4e7ec", "#374151", "#c3c9d2"),
    "testing": ("#E69F00", "#241800", "#E69F00"),
    "implementing": ("#56B4E9", "#062a40", "#56B4E9"),
    "ready_to_spread": ("#009E73", "#ffffff", "#009E73"),
    "retired": ("#ffffff", "#808080", "#b0b0b0"),
    "focus": (INK, "#ffffff", INK),
}

DIM_OPACITY = 0.32


@dataclass(frozen=True)
class BoxLook:
    fill: str
    stroke: str
    stroke_width: float
    dash: tuple[float, ...] | None
    text: str
    stripe: str | None
    opacity: float
    radius: float = 6.0


def box_look(box: Box, plain: bool) -> BoxLook:
    """Fill, border, dash, text colour and stripe of a box."""
    stripe = None
    opacity = DIM_OPACITY if box.emphasis == "dim" else 1.0
    if box.kind == "aim":
        return BoxLook("#23395d", "#23395d", 1.0, None, "#ffffff", None, opacity, 8.0)
    if box.kind == "change_idea":
        retired = box.status == "retired"
        if not plain:
            stripe = LIFECYCLE.get(box.status, LIFECYCLE["idea"])[2 if retired else 0]
        if box.emphasis == "highlight":
            return BoxLook("#ffffff", INK, 2.4, None, INK, stripe, opacity)
        return BoxLook("#f4f4f4" if retired else "#ffffff", "#b0b0b0" if retired else "#a3adba", 1.0, None,
                       "#808080" if retired else INK, stripe, opacity)
    # drivers
    if box.kind == "primary" and box.cluster_index is not None:
        stripe = CLUSTERS[box.cluster_index % len(CLUSTERS)]
    fill, stroke = ("#e9f0f8", "#4d6a8f") if box.kind == "primary" else ("#f5f7fa", "#8593a6")
    text = INK
    if box.status == "retired":
        fill, stroke, text = "#efefef", "#b5b5b5", "#868686"
        stripe = "#c8c8c8" if stripe else None
    width = 2.6 if box.focus else (1.3 if box.kind == "primary" else 1.0)
    if box.focus:
        stroke = INK
    dash = (5.0, 3.5) if box.status == "proposed" else None
    return BoxLook(fill, stroke, width, dash, text, stripe, opacity)


def text_colour(box: Box, line: TextLine, look: BoxLook) -> str:
    """Colour of one line of a box's text."""
    if box.kind == "aim":
        return "#c9d6ea" if line.role == "kicker" else "#ffffff"
    if box.status == "retired":
        return look.text
    if line.role == "cluster" and box.cluster_index is not None:
        return CLUSTER_TEXT[box.cluster_index % len(CLUSTER_TEXT)]
    if line.role in ("kicker", "meta"):
        return MUTED
    return look.text


@dataclass(frozen=True)
class RouteLook:
    colour: str
    width: float
    dash: tuple[float, ...] | None
    opacity: float


def route_look(route: Route) -> RouteLook:
    opacity = DIM_OPACITY if route.emphasis == "dim" else 1.0
    if route.status == "retired":
        return RouteLook("#c2c2c2", 1.1, (4.0, 3.0), opacity)
    if route.status == "proposed":
        return RouteLook("#7b8898", 1.2, (5.0, 3.5), opacity)
    return RouteLook("#7b8898", 1.3, None, opacity)


def curve(points: list[tuple[float, float]]) -> list[tuple[tuple[float, float], tuple[float, float], tuple[float, float]]]:
    """Cubic Bézier segments (control 1, control 2, end) joining the points with S-curves."""
    out = []
    for (x0, y0), (x1, y1) in zip(points, points[1:]):
        mid = (x0 + x1) / 2
        out.append(((mid, y0), (mid, y1), (x1, y1)))
    return out
