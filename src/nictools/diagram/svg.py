"""Write a laid-out diagram as SVG text, with no library: every user text is XML-escaped."""

from __future__ import annotations

import re
from xml.sax.saxutils import escape as _xml_escape
from xml.sax.saxutils import quoteattr as _xml_quoteattr

from nictools.diagram.layout import Box, Layout, LegendItem, Pill
from nictools.diagram.style import (
    BACKGROUND, CLUSTERS, HEADER, INK, LIFECYCLE, SVG_FONT_STACK, box_look, curve, route_look, text_colour,
)


_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def escape(text: str) -> str:
    """Escape text for XML, dropping the few characters XML cannot hold at all."""
    return _xml_escape(_NOT_XML.sub("", text))


def quoteattr(text: str) -> str:
    return _xml_quoteattr(_NOT_XML.sub("", text))


def _n(value: float) -> str:
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return "0" if text == "-0" else text


def _dash(dash: tuple[float, ...] | None) -> str:
    return f' stroke-dasharray="{" ".join(_n(d) for d in dash)}"' if dash else ""


def _text(text: str, x: float, y: float, size: float, bold: bool, fill: str, anchor: str = "start") -> str:
    weight = ' font-weight="bold"' if bold else ""
    anchor_attr = f' text-anchor="{anchor}"' if anchor != "start" else ""
    return (f'<text x="{_n(x)}" y="{_n(y)}" font-size="{_n(size)}"{weight}{anchor_attr} fill="{fill}">'
            f"{escape(text)}</text>")


def _stripe(x: float, y: float, w: float, h: float, r: float, fill: str) -> str:
    """A stripe down the left edge, following the box's rounded corners."""
    return (f'<path d="M{_n(x + r)},{_n(y)} H{_n(x + w)} V{_n(y + h)} H{_n(x + r)} '
            f'A{_n(r)},{_n(r)} 0 0 1 {_n(x)},{_n(y + h - r)} V{_n(y + r)} A{_n(r)},{_n(r)} 0 0 1 {_n(x + r)},{_n(y)} Z" '
            f'fill="{fill}"/>')


def _pill(pill: Pill, x: float, y: float) -> list[str]:
    fill, ink, border = LIFECYCLE.get(pill.status, LIFECYCLE["idea"])
    return [
        f'<rect x="{_n(x)}" y="{_n(y)}" width="{_n(pill.w)}" height="{_n(pill.h)}" rx="{_n(pill.h / 2)}" '
        f'fill="{fill}" stroke="{border}"/>',
        _text(pill.text, x + pill.w / 2, y + pill.h / 2 + 3.6, 10.0, True, ink, "middle"),
    ]


def _box(box: Box, plain: bool) -> list[str]:
    look = box_look(box, plain)
    opacity = f' opacity="{_n(look.opacity)}"' if look.opacity < 1 else ""
    out = [f'<g class="node {box.kind}" data-id={quoteattr(box.id)}{opacity}>']
    tooltip = f"{box.id}: {box.tooltip}" if box.tooltip else box.id
    out.append(f"<title>{escape(tooltip)}</title>")
    out.append(f'<rect x="{_n(box.x)}" y="{_n(box.y)}" width="{_n(box.w)}" height="{_n(box.h)}" '
               f'rx="{_n(look.radius)}" fill="{look.fill}"/>')
    if look.stripe:
        out.append(_stripe(box.x, box.y, 6.0, box.h, look.radius, look.stripe))
    out.append(f'<rect x="{_n(box.x)}" y="{_n(box.y)}" width="{_n(box.w)}" height="{_n(box.h)}" '
               f'rx="{_n(look.radius)}" fill="none" stroke="{look.stroke}" stroke-width="{_n(look.stroke_width)}"'
               f'{_dash(look.dash)}/>')
    if box.pill:
        out += _pill(box.pill, box.x + box.pill.x, box.y + box.pill.y)
    for line in box.lines:
        out.append(_text(line.text, box.x + line.x, box.y + line.y, line.size, line.bold,
                         text_colour(box, line, look)))
    out.append("</g>")
    return out


def _legend_item(item: LegendItem, plain: bool) -> list[str]:
    out: list[str] = []
    x, y, w, h = item.x, item.y, item.w, item.h
    if item.kind == "lifecycle" or item.kind == "focus":
        out += _pill(Pill(item.text, 0, 0, w, h, item.status or "idea"), x, y)
    elif item.kind.startswith("driver-") or item.kind in ("cluster", "site-idea"):
        fill, stroke, dash, width = "#f5f7fa", "#8593a6", "", 1.0
        if item.kind == "driver-proposed":
            dash = _dash((5.0, 3.5))
        elif item.kind == "driver-retired":
            fill, stroke = "#efefef", "#b5b5b5"
        elif item.kind == "cluster":
            fill, stroke = "#e9f0f8", "#4d6a8f"
        elif item.kind == "site-idea":
            fill, stroke, width = "#ffffff", INK, 2.4
        out.append(f'<rect x="{_n(x)}" y="{_n(y)}" width="{_n(w)}" height="{_n(h)}" rx="3" fill="{fill}" '
                   f'stroke="{stroke}" stroke-width="{_n(width)}"{dash}/>')
        if item.kind == "cluster" and item.cluster_index is not None:
            out.append(_stripe(x, y, 6.0, h, 3.0, CLUSTERS[item.cluster_index % len(CLUSTERS)]))
            out.append(f'<rect x="{_n(x)}" y="{_n(y)}" width="{_n(w)}" height="{_n(h)}" rx="3" fill="none" '
                       f'stroke="#4d6a8f"/>')
    label = item.label
    if label.text:
        out.append(_text(label.text, label.x, label.y, label.size, label.bold, INK if label.bold else HEADER))
    return out


def render_svg(layout: Layout) -> str:
    """The diagram as a standalone SVG document."""
    w, h = layout.width, layout.height
    title = next((label.text for label in layout.labels if label.role == "title-main"), "Driver diagram")
    out = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{_n(w)}" height="{_n(h)}" viewBox="0 0 {_n(w)} {_n(h)}" '
        f'role="img" font-family={quoteattr(SVG_FONT_STACK)}>',
        f"<title>{escape(title)}</title>",
        f'<rect width="100%" height="100%" fill="{BACKGROUND}"/>',
        '<g class="links" fill="none">',
    ]
    for route in layout.routes:
        look = route_look(route)
        x0, y0 = route.points[0]
        d = f"M{_n(x0)},{_n(y0)}" + "".join(
            f" C{_n(c1[0])},{_n(c1[1])} {_n(c2[0])},{_n(c2[1])} {_n(end[0])},{_n(end[1])}"
            for c1, c2, end in curve(route.points))
        opacity = f' opacity="{_n(look.opacity)}"' if look.opacity < 1 else ""
        out.append(f'<path d="{d}" stroke="{look.colour}" stroke-width="{_n(look.width)}"{_dash(look.dash)}{opacity}/>')
    out.append("</g>")
    for box in layout.boxes:
        out += _box(box, layout.plain)
    for label in layout.labels:
        colour = INK if label.role == "title-main" else HEADER
        out.append(_text(label.text, label.x, label.y, label.size, label.bold, colour))
    out.append('<g class="legend">')
    for item in layout.legend:
        out += _legend_item(item, layout.plain)
    out.append("</g>")
    out.append("</svg>")
    return "\n".join(out) + "\n"
