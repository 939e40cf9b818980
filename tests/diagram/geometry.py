"""Checks on a layout's own coordinates, shared by the layout tests."""

from __future__ import annotations

from itertools import combinations

from nictools.diagram.graph import DriverGraph
from nictools.diagram.layout import PAD_X, Layout
from nictools.diagram.text import text_width


def drawn_crossings(layout: Layout) -> int:
    """Crossings counted from the drawn links themselves.

    Every link is a chain of S-curves between column edges; two S-curves over the same
    x-span cross exactly when their ends are in opposite orders.
    """
    pieces: dict[tuple[float, float], list[tuple[float, float]]] = {}
    for route in layout.routes:
        for (x0, y0), (x1, y1) in zip(route.points, route.points[1:]):
            if x0 != x1:
                pieces.setdefault((x0, x1), []).append((y0, y1))
    total = 0
    for ends in pieces.values():
        for (a0, a1), (b0, b1) in combinations(ends, 2):
            if (a0 - b0) * (a1 - b1) < 0:
                total += 1
    return total


def assert_sound(layout: Layout, graph: DriverGraph) -> None:
    """Every node once, every link drawn, nothing overlapping, text inside its box."""
    keys = [b.key for b in layout.boxes]
    assert sorted(keys) == sorted(n.key for n in graph.nodes)
    assert len(set(keys)) == len(keys)
    for a, b in combinations(layout.boxes, 2):
        assert not a.intersects(b), f"{a.key} overlaps {b.key}"
    boxes = {b.key: b for b in layout.boxes}
    assert sorted((r.source, r.target) for r in layout.routes) == sorted((e.source, e.target) for e in graph.edges)
    for route in layout.routes:
        src, dst = boxes[route.source], boxes[route.target]
        (x0, y0), (x1, y1) = route.points[0], route.points[-1]
        assert abs(x0 - (src.x + src.w)) < 0.01 and src.y <= y0 <= src.y + src.h
        assert abs(x1 - dst.x) < 0.01 and dst.y <= y1 <= dst.y + dst.h
        # a link through a column runs in a gap, never through a box
        for (ax, ay), (bx, by) in zip(route.points[1:-1], route.points[2:-1]):
            if ax != bx and ay == by:
                for box in layout.boxes:
                    if box.x < bx and ax < box.x + box.w:
                        assert not box.y <= ay <= box.y + box.h, f"{route.source}->{route.target} crosses {box.key}"
    for box in layout.boxes:
        assert 0 <= box.x and box.x + box.w <= layout.width
        assert 0 <= box.y and box.y + box.h <= layout.height
        for line in box.lines:
            assert line.x + text_width(line.text, line.size, line.bold) <= box.w - PAD_X + 0.01, line.text
            assert 0 < line.y < box.h
        if box.pill:
            assert box.pill.x + box.pill.w <= box.w and box.pill.y + box.pill.h <= box.h
    assert layout.crossings == drawn_crossings(layout)


def assert_pills_clear(layout: Layout) -> None:
    """A pill never covers the id written in the same row."""
    for box in layout.boxes:
        if box.pill is None:
            continue
        for line in box.lines:
            if line.role == "kicker" and box.pill.y <= line.y <= box.pill.y + box.pill.h:
                assert line.x + text_width(line.text, line.size, line.bold) <= box.pill.x, box.key
