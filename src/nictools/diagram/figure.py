"""Draw a laid-out diagram with matplotlib (Agg, object API) as PNG or PDF bytes.

matplotlib is imported inside the function, so importing this module stays cheap.
One layout pixel is one point: the figure is `width/72` inches wide at 72 dpi, and
PNGs are saved at twice that for sharp text.
"""

from __future__ import annotations

import io
import warnings
from typing import Any

from nictools.diagram.layout import Layout, LegendItem, Pill
from nictools.diagram.style import (
    BACKGROUND, CLUSTERS, FONT_FAMILY, HEADER, INK, LIFECYCLE, box_look, curve, route_look, text_colour,
)

PNG_SCALE = 2.0
#: Fonts tried after DejaVu Sans for characters it lacks (CJK, mostly), when installed.
FALLBACK_FONTS = ("Noto Sans CJK SC", "Noto Sans CJK JP", "Noto Sans", "Droid Sans Fallback",
                  "WenQuanYi Zen Hei", "Arial Unicode MS")


def _font_families() -> list[str]:
    from matplotlib import font_manager

    installed = {font.name for font in font_manager.fontManager.ttflist}
    return [FONT_FAMILY] + [name for name in FALLBACK_FONTS if name in installed]


def _dashes(dash: tuple[float, ...] | None, width: float) -> Any:
    """matplotlib scales dash patterns by the line width; undo that to match the SVG."""
    if not dash:
        return "solid"
    return (0, tuple(d / max(width, 0.1) for d in dash))


def render_figure(layout: Layout, fmt: str) -> bytes:
    """The diagram as `png` or `pdf` bytes."""
    import matplotlib

    matplotlib.use("Agg", force=False)
    from matplotlib.figure import Figure
    from matplotlib.patches import FancyBboxPatch, PathPatch, Rectangle
    from matplotlib.path import Path

    w, h = layout.width, layout.height
    families = _font_families()
    fig = Figure(figsize=(w / 72, h / 72), dpi=72, facecolor=BACKGROUND)
    ax = fig.add_axes((0, 0, 1, 1))
    ax.set_xlim(0, w)
    ax.set_ylim(h, 0)
    ax.set_axis_off()

    def text(s: str, x: float, y: float, size: float, bold: bool, colour: str, alpha: float = 1.0,
             ha: str = "left") -> None:
        ax.text(x, y, s, fontsize=size, fontweight="bold" if bold else "normal", color=colour, alpha=alpha,
                ha=ha, va="baseline", family=families, parse_math=False, usetex=False, zorder=5)

    def rounded(x: float, y: float, bw: float, bh: float, r: float, **kw: Any) -> Any:
        patch = FancyBboxPatch((x, y), bw, bh, boxstyle=f"round,pad=0,rounding_size={r}", **kw)
        ax.add_patch(patch)
        return patch

    def pill(p: Pill, x: float, y: float, alpha: float = 1.0) -> None:
        fill, ink, border = LIFECYCLE.get(p.status, LIFECYCLE["idea"])
        rounded(x, y, p.w, p.h, p.h / 2, facecolor=fill, edgecolor=border, linewidth=1.0, alpha=alpha, zorder=4)
        text(p.text, x + p.w / 2, y + p.h / 2 + 3.6, 10.0, True, ink, alpha, "center")

    for route in layout.routes:
        look = route_look(route)
        verts = [route.points[0]]
        codes = [Path.MOVETO]
        for c1, c2, end in curve(route.points):
            verts += [c1, c2, end]
            codes += [Path.CURVE4] * 3
        ax.add_patch(PathPatch(Path(verts, codes), fill=False, edgecolor=look.colour, linewidth=look.width,
                               linestyle=_dashes(look.dash, look.width), alpha=look.opacity, zorder=1,
                               capstyle="round"))

    for box in layout.boxes:
        look = box_look(box, layout.plain)
        alpha = look.opacity
        body = rounded(box.x, box.y, box.w, box.h, look.radius, facecolor=look.fill, edgecolor="none",
                       alpha=alpha, zorder=2)
        if look.stripe:
            stripe = Rectangle((box.x, box.y), 6.0, box.h, facecolor=look.stripe, edgecolor="none", alpha=alpha,
                               zorder=3)
            ax.add_patch(stripe)
            stripe.set_clip_path(body)
        rounded(box.x, box.y, box.w, box.h, look.radius, facecolor="none", edgecolor=look.stroke,
                linewidth=look.stroke_width, linestyle=_dashes(look.dash, look.stroke_width), alpha=alpha, zorder=3)
        if box.pill:
            pill(box.pill, box.x + box.pill.x, box.y + box.pill.y, alpha)
        for line in box.lines:
            text(line.text, box.x + line.x, box.y + line.y, line.size, line.bold, text_colour(box, line, look), alpha)

    for label in layout.labels:
        text(label.text, label.x, label.y, label.size, label.bold, INK if label.role == "title-main" else HEADER)

    for item in layout.legend:
        _legend_item(ax, item, rounded, pill, text)

    buffer = io.BytesIO()
    with warnings.catch_warnings():
        # a character no installed font has is drawn as a box; the SVG is the better choice then
        warnings.filterwarnings("ignore", message="Glyph .* missing from font")
        if fmt == "png":
            fig.savefig(buffer, format="png", dpi=72 * PNG_SCALE, facecolor=BACKGROUND,
                        metadata={"Software": "nictools"})
        else:
            fig.savefig(buffer, format="pdf", facecolor=BACKGROUND,
                        metadata={"Creator": "nictools", "Producer": "nictools", "CreationDate": None})
    return buffer.getvalue()


def _legend_item(ax: Any, item: LegendItem, rounded: Any, pill: Any, text: Any) -> None:
    from matplotlib.patches import Rectangle

    x, y, w, h = item.x, item.y, item.w, item.h
    if item.kind in ("lifecycle", "focus"):
        pill(Pill(item.text, 0, 0, w, h, item.status or "idea"), x, y)
    elif item.kind.startswith("driver-") or item.kind in ("cluster", "site-idea"):
        fill, stroke, dash, width = "#f5f7fa", "#8593a6", None, 1.0
        if item.kind == "driver-proposed":
            dash = (5.0, 3.5)
        elif item.kind == "driver-retired":
            fill, stroke = "#efefef", "#b5b5b5"
        elif item.kind == "cluster":
            fill, stroke = "#e9f0f8", "#4d6a8f"
        elif item.kind == "site-idea":
            fill, stroke, width = "#ffffff", INK, 2.4
        body = rounded(x, y, w, h, 3.0, facecolor=fill, edgecolor="none", zorder=2)
        if item.kind == "cluster" and item.cluster_index is not None:
            stripe = Rectangle((x, y), 6.0, h, facecolor=CLUSTERS[item.cluster_index % len(CLUSTERS)],
                               edgecolor="none", zorder=3)
            ax.add_patch(stripe)
            stripe.set_clip_path(body)
        rounded(x, y, w, h, 3.0, facecolor="none", edgecolor=stroke, linewidth=width,
                linestyle=_dashes(dash, width), zorder=3)
    label = item.label
    if label.text:
        text(label.text, label.x, label.y, label.size, label.bold, INK if label.bold else HEADER)
