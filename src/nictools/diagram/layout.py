"""Lay out a driver diagram: columns, boxes sized to wrapped text, few crossings, no overlaps.

Pure Python (no matplotlib), so every renderer draws the same picture and tests can
check the geometry itself. The steps are the classic layered-graph ones:

1. columns: aim, primary, secondary, change ideas; a link that skips a column (a change
   idea on a primary driver) gets a thin placeholder in the skipped column, so its line
   runs through a gap between boxes, never through a box;
2. order: barycentric sweeps down and up, then swaps of neighbours while they remove
   crossings; the best order seen wins, and its crossings are counted exactly;
3. place: each box moves towards the average height of the boxes it links to, keeping a
   fixed gap to its neighbours (solved exactly per column as an isotonic regression).

Links are drawn as S-curves with horizontal ends between neighbouring columns; two
such curves cross exactly when their ends are in opposite orders, so the crossing count
is the number of crossings in the picture.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field

from nictools.diagram.graph import COLUMN_TITLES, DriverGraph, Node, status_words
from nictools.diagram.overlay import describe
from nictools.diagram.text import text_width, wrap_text

MARGIN = 28.0
COLUMN_WIDTH = {0: 230.0, 1: 220.0, 2: 230.0, 3: 260.0}
COLUMN_GAP = 72.0
BOX_GAP = 14.0
LANE_HEIGHT = 2.0  # a link passing through a column
LANE_GAP = 5.0
PAD_X = 10.0
PAD_Y = 8.0
STRIPE = 6.0
PORT_SPACING = 8.0

TITLE_SIZE = 18.0
SUBTITLE_SIZE = 12.0
HEADER_SIZE = 12.0
KICKER_SIZE = 10.5
TEXT_SIZE = 12.5
STRONG_SIZE = 13.0
AIM_SIZE = 14.0
META_SIZE = 11.0
PILL_SIZE = 10.0
PILL_HEIGHT = 16.0
LEADING = 1.28

LIFECYCLE_ORDER = ("idea", "testing", "implementing", "ready_to_spread", "retired")


@dataclass
class TextLine:
    """One line of text; `x`, `y` (baseline) are relative to the box's top left."""

    text: str
    x: float
    y: float
    size: float
    bold: bool = False
    role: str = "text"  # kicker | title | text | meta | site | cluster | header | title-main | subtitle


@dataclass
class Pill:
    """A small rounded tag (a change idea's status, a focus driver); relative to its box."""

    text: str
    x: float
    y: float
    w: float
    h: float
    status: str  # a lifecycle status, or "focus"


@dataclass
class Box:
    """A node, placed: top-left corner, size, and its text already wrapped."""

    key: str
    kind: str
    id: str
    status: str
    x: float
    y: float
    w: float
    h: float
    lines: list[TextLine] = field(default_factory=list)
    pill: Pill | None = None
    cluster_index: int | None = None
    focus: bool = False
    emphasis: str = "normal"  # normal | highlight | dim
    tooltip: str = ""

    def intersects(self, other: "Box") -> bool:
        return self.x < other.x + other.w and other.x < self.x + self.w and \
            self.y < other.y + other.h and other.y < self.y + self.h


@dataclass
class Route:
    """A link's path: consecutive points joined by S-curves (horizontal at both ends)."""

    source: str
    target: str
    status: str
    points: list[tuple[float, float]]
    emphasis: str = "normal"


@dataclass
class Label:
    """Free text on the canvas (title, column headers, legend text); absolute position."""

    text: str
    x: float
    y: float
    size: float
    bold: bool = False
    role: str = "text"


@dataclass
class LegendItem:
    """A legend swatch (absolute position) and its label."""

    kind: str  # lifecycle | driver-active | driver-proposed | driver-retired | cluster | focus | site-idea
    x: float
    y: float
    w: float
    h: float
    label: Label
    status: str | None = None
    cluster_index: int | None = None
    text: str = ""  # text inside the swatch (a pill)


@dataclass
class Layout:
    """Everything a renderer needs, in pixels (1 px = 1 pt), origin top left."""

    width: float
    height: float
    boxes: list[Box]
    routes: list[Route]
    labels: list[Label]
    legend: list[LegendItem]
    crossings: int
    plain: bool = False
    site: str | None = None

    def box(self, key: str) -> Box:
        return next(b for b in self.boxes if b.key == key)


# --- box contents -----------------------------------------------------------------------


def _lines(text: str, width: float, size: float, bold: bool, role: str, x: float, y: float) -> tuple[list[TextLine], float]:
    out = []
    for line in wrap_text(text, width, size, bold):
        y += size * LEADING
        out.append(TextLine(line, x, y - size * 0.28, size, bold, role))
    return out, y


def _meta(node: Node) -> str | None:
    return describe(node.overlay) if node.overlay is not None else None


def _content(node: Node, width: float, graph: DriverGraph) -> tuple[list[TextLine], Pill | None, float]:
    """Wrap a node's text into its box; returns lines, pill and the box height."""
    striped = node.kind == "primary" and node.cluster_index is not None or \
        node.kind == "change_idea" and not graph.plain
    x = PAD_X + (STRIPE if striped else 0.0)
    inner = width - x - PAD_X
    lines: list[TextLine] = []
    pill: Pill | None = None
    y = PAD_Y
    suffix = {"proposed": " (proposed)", "retired": " (retired)"}.get(node.status, "")
    if node.kind == "change_idea" and not (graph.plain and node.status == "retired"):
        suffix = ""  # the status pill says it (and plain drawings say only "retired")

    if node.kind == "aim":
        more, y = _lines("AIM", inner, KICKER_SIZE, True, "kicker", x, y)
        lines += more
        more, y = _lines(node.title + suffix, inner, AIM_SIZE, True, "title", x, y + 2)
        lines += more
        if node.detail:
            more, y = _lines(node.detail, inner, TEXT_SIZE, False, "text", x, y + 4)
            lines += more
        return lines, None, y + PAD_Y + 2

    # the kicker row: the id on the left, a pill on the right
    pill_text = None
    if node.kind == "change_idea" and not graph.plain:
        pill_text, pill_status = status_words(node.status), node.status
    elif node.focus:
        pill_text, pill_status = "focus", "focus"
    row = KICKER_SIZE * LEADING
    id_lines = wrap_text(node.id, inner, KICKER_SIZE, True)
    if pill_text:
        pw = text_width(pill_text, PILL_SIZE, True) + 12
        if len(id_lines) == 1 and text_width(node.id, KICKER_SIZE, True) + pw + 8 <= inner:
            row = max(row, PILL_HEIGHT + 2)  # the id and the pill share a row
            pill = Pill(pill_text, width - PAD_X - pw, y, pw, PILL_HEIGHT, pill_status)
        else:  # a long id: the pill gets a row of its own
            pill = Pill(pill_text, x, y, pw, PILL_HEIGHT, pill_status)
            y += PILL_HEIGHT + 3
    for text in id_lines:
        lines.append(TextLine(text, x, y + row / 2 + KICKER_SIZE * 0.36, KICKER_SIZE, True, "kicker"))
        y += row

    bold = node.kind == "primary"
    size = STRONG_SIZE if bold else TEXT_SIZE
    more, y = _lines(node.title + suffix, inner, size, bold, "title", x, y + 1)
    lines += more
    if node.kind == "primary" and node.cluster_name:
        more, y = _lines(node.cluster_name, inner, META_SIZE, False, "cluster", x, y + 2)
        lines += more
    meta = _meta(node)
    if meta:
        more, y = _lines(meta, inner, META_SIZE, False, "meta", x, y + 3)
        lines += more
    if node.site_note and graph.site:
        more, y = _lines(f"{graph.site.site}: {node.site_note}", inner, META_SIZE, True, "site", x, y + 1)
        lines += more
    return lines, pill, y + PAD_Y


# --- ordering ---------------------------------------------------------------------------


def _pair_crossings(upper: list[int], down: list[list[int]], pos: list[int], lower_size: int) -> int:
    """Crossings between two neighbouring columns: inversions of the lower ends."""
    ends = sorted((pos[u], pos[v]) for u in upper for v in down[u])
    tree = [0] * (lower_size + 1)
    seen = crossings = 0
    for _, p in ends:
        i, below = p + 1, 0  # how many earlier ends are at or above p
        while i > 0:
            below += tree[i]
            i -= i & -i
        crossings += seen - below
        i = p + 1
        while i <= lower_size:
            tree[i] += 1
            i += i & -i
        seen += 1
    return crossings


def count_crossings(layers: list[list[int]], down: list[list[int]]) -> int:
    """All crossings of an ordering (vertex -> its neighbours one column right)."""
    pos = [0] * (sum(len(layer) for layer in layers))
    for layer in layers:
        for i, v in enumerate(layer):
            pos[v] = i
    return sum(_pair_crossings(layers[i], down, pos, len(layers[i + 1])) for i in range(len(layers) - 1))


def _barycentre_sort(layer: list[int], ref: list[list[int]], pos: list[int]) -> None:
    """Reorder `layer` by the mean position of each vertex's neighbours in `ref`.

    Vertices without neighbours there keep their slot; ties keep the current order.
    """
    movable = [v for v in layer if ref[v]]
    moved = sorted(movable, key=lambda v: (sum(pos[u] for u in ref[v]) / len(ref[v]), pos[v]))
    it = iter(moved)
    layer[:] = [next(it) if ref[v] else v for v in layer]
    for i, v in enumerate(layer):
        pos[v] = i


def _local(a: int, b: int, up: list[list[int]], down: list[list[int]], pos: list[int]) -> tuple[int, int]:
    """Crossings among the links of a and b with a above b, and with b above a."""
    above = below = 0
    for nbrs in (up, down):
        pb = [pos[y] for y in nbrs[b]]
        if not pb:
            continue
        for x in nbrs[a]:
            px = pos[x]
            for q in pb:
                if px > q:
                    above += 1
                elif px < q:
                    below += 1
    return above, below


def _transpose(layers: list[list[int]], up: list[list[int]], down: list[list[int]], pos: list[int],
               fixed: frozenset[int], passes: int = 4) -> None:
    """Swap neighbours in a column while that removes crossings."""
    for _ in range(passes):
        improved = False
        for index, layer in enumerate(layers):
            if index in fixed:
                continue
            for j in range(len(layer) - 1):
                a, b = layer[j], layer[j + 1]
                as_is, swapped = _local(a, b, up, down, pos)
                if swapped < as_is:
                    layer[j], layer[j + 1] = b, a
                    pos[a], pos[b] = j + 1, j
                    improved = True
        if not improved:
            return


def _sweep_from(layers: list[list[int]], up: list[list[int]], down: list[list[int]],
                iterations: int, polish: bool, fixed: frozenset[int]) -> tuple[list[list[int]], int]:
    """Barycentric sweeps and neighbour swaps from one starting order; the best order seen."""
    layers = [list(layer) for layer in layers]
    pos = [0] * len(up)
    for layer in layers:
        for i, v in enumerate(layer):
            pos[v] = i
    best = [list(layer) for layer in layers]
    best_crossings = count_crossings(layers, down)
    stale = 0
    for _ in range(iterations):
        if best_crossings == 0 or stale >= 3:
            break
        for i in range(1, len(layers)):
            if i not in fixed:
                _barycentre_sort(layers[i], up, pos)
        for i in range(len(layers) - 2, -1, -1):
            if i not in fixed:
                _barycentre_sort(layers[i], down, pos)
        if polish:
            _transpose(layers, up, down, pos, fixed)
        crossings = count_crossings(layers, down)
        if crossings < best_crossings:
            best, best_crossings, stale = [list(layer) for layer in layers], crossings, 0
        else:
            stale += 1
    return best, best_crossings


def order_layers(layers: list[list[int]], up: list[list[int]], down: list[list[int]],
                 iterations: int = 12, restarts: int | None = None,
                 fixed: frozenset[int] = frozenset()) -> tuple[list[list[int]], int]:
    """Reorder each column but the `fixed` ones to keep crossings low; the best order and its crossings.

    Sweeps start from the given order and from a few shuffles of it (a fixed seed, so the
    same network always gives the same picture); small diagrams get more restarts.
    """
    edges = sum(len(d) for d in down)
    if restarts is None:
        restarts = max(1, min(24, 2400 // max(edges, 1)))
    polish = edges <= 160  # neighbour swaps each round on small diagrams, once at the end on big ones
    best, best_crossings = _sweep_from(layers, up, down, iterations, polish, fixed)
    shuffler = random.Random(20240601)
    for _ in range(restarts):
        if best_crossings == 0:
            break
        start = [list(layer) for layer in layers]
        for index, layer in enumerate(start):
            if index not in fixed:
                shuffler.shuffle(layer)
        candidate, crossings = _sweep_from(start, up, down, iterations, polish, fixed)
        if crossings < best_crossings:
            best, best_crossings = candidate, crossings
    if not polish and best_crossings:
        pos = [0] * len(up)
        for layer in best:
            for i, v in enumerate(layer):
                pos[v] = i
        _transpose(best, up, down, pos, fixed, passes=8)
        best_crossings = count_crossings(best, down)
    return best, best_crossings


# --- placement --------------------------------------------------------------------------


def _isotonic(targets: list[float], gaps: list[float]) -> list[float]:
    """Centres closest to `targets` (least squares) with centre[i+1] - centre[i] >= gaps[i]."""
    offsets = [0.0]
    for gap in gaps:
        offsets.append(offsets[-1] + gap)
    blocks: list[list[float]] = []  # [mean, count]
    for target, offset in zip(targets, offsets):
        blocks.append([target - offset, 1.0])
        while len(blocks) > 1 and blocks[-2][0] > blocks[-1][0]:
            mean2, n2 = blocks.pop()
            mean1, n1 = blocks.pop()
            blocks.append([(mean1 * n1 + mean2 * n2) / (n1 + n2), n1 + n2])
    out: list[float] = []
    for mean, count in blocks:
        out.extend([mean] * int(count))
    return [z + offset for z, offset in zip(out, offsets)]


def _place(layers: list[list[int]], heights: list[float], up: list[list[int]], down: list[list[int]],
           dummy: list[bool], rounds: int = 6) -> list[float]:
    """Vertical centres: each vertex near its neighbours, columns never overlapping."""
    centre = [0.0] * len(heights)

    def gaps(layer: list[int]) -> list[float]:
        return [(heights[a] + heights[b]) / 2 + (LANE_GAP if dummy[a] or dummy[b] else BOX_GAP)
                for a, b in zip(layer, layer[1:])]

    for layer in layers:  # start stacked, centred on 0
        ys = _isotonic([0.0] * len(layer), gaps(layer))
        for v, y in zip(layer, ys):
            centre[v] = y
    sweep = list(range(len(layers))) + list(range(len(layers) - 2, -1, -1))
    for _ in range(rounds):
        for i in sweep:
            layer = layers[i]
            targets = []
            for v in layer:
                nbrs = up[v] + down[v]
                targets.append(sum(centre[u] for u in nbrs) / len(nbrs) if nbrs else centre[v])
            for v, y in zip(layer, _isotonic(targets, gaps(layer))):
                centre[v] = y
    return centre


# --- the whole diagram ------------------------------------------------------------------


@dataclass
class _Vertex:
    layer: int
    height: float
    box: Box | None = None  # None for a lane (a link passing through a column)


#: Widening steps for diagrams much taller than wide: (change ideas, secondary drivers) factors.
WIDENING = ((1.0, 1.0), (1.3, 1.15), (1.6, 1.3), (2.0, 1.45))
#: A diagram taller than this many times its width gets wider columns (if that helps).
TALLEST_RATIO = 1.5


def _column_widths(graph: DriverGraph) -> tuple[dict[int, float], dict[str, tuple[list[TextLine], Pill | None, float]]]:
    """Column widths (wider for long columns, so the picture is not a thin strip) and box contents."""
    columns = sorted({node.column for node in graph.nodes})
    for step, (ideas, secondary) in enumerate(WIDENING):
        widths = dict(COLUMN_WIDTH)
        widths[3] = COLUMN_WIDTH[3] * ideas
        widths[2] = COLUMN_WIDTH[2] * secondary
        contents = {node.key: _content(node, widths[node.column], graph) for node in graph.nodes}
        stacks = {c: -BOX_GAP for c in columns}
        for node in graph.nodes:
            stacks[node.column] += contents[node.key][2] + BOX_GAP
        total = 2 * MARGIN + sum(widths[c] for c in columns) + COLUMN_GAP * (len(columns) - 1)
        if max(stacks.values(), default=0.0) <= TALLEST_RATIO * total or step == len(WIDENING) - 1:
            return widths, contents
    raise AssertionError("unreachable")


def layout_diagram(graph: DriverGraph) -> Layout:
    """Place every node and link of `graph`; see the module docstring for how."""
    columns = sorted({node.column for node in graph.nodes})
    layer_of_column = {c: i for i, c in enumerate(columns)}
    widths, contents = _column_widths(graph)
    xs: dict[int, float] = {}
    x = MARGIN
    for c in columns:
        xs[c] = x
        x += widths[c] + COLUMN_GAP
    width = max(x - COLUMN_GAP + MARGIN, 640.0)

    site = graph.site
    vertices: list[_Vertex] = []
    index: dict[str, int] = {}
    for node in graph.nodes:
        w = widths[node.column]
        lines, pill, h = contents[node.key]
        emphasis = "normal"
        if site is not None and node.kind == "change_idea":
            emphasis = "highlight" if node.site_idea else "dim"
        box = Box(node.key, node.kind, node.id, node.status, xs[node.column], 0.0, w, h, lines, pill,
                  node.cluster_index, node.focus, emphasis, node.detail or "")
        index[node.key] = len(vertices)
        vertices.append(_Vertex(layer_of_column[node.column], h, box))

    up: list[list[int]] = [[] for _ in vertices]
    down: list[list[int]] = [[] for _ in vertices]
    chains: list[tuple[int, list[int]]] = []  # (edge index, vertices from source to target)
    for e, edge in enumerate(graph.edges):
        s, t = index[edge.source], index[edge.target]
        chain = [s]
        for layer in range(vertices[s].layer + 1, vertices[t].layer):
            chain.append(len(vertices))
            vertices.append(_Vertex(layer, LANE_HEIGHT))
            up.append([])
            down.append([])
        chain.append(t)
        for a, b in zip(chain, chain[1:]):
            down[a].append(b)
            up[b].append(a)
        chains.append((e, chain))

    layers: list[list[int]] = [[] for _ in columns]
    for v, vertex in enumerate(vertices):
        layers[vertex.layer].append(v)
    # the primary drivers keep the order drivers.yaml gives them: it is the authors' story
    fixed = frozenset({layer_of_column[1]}) if 1 in layer_of_column else frozenset()
    layers, crossings = order_layers(layers, up, down, fixed=fixed)
    heights = [v.height for v in vertices]
    dummy = [v.box is None for v in vertices]
    centre = _place(layers, heights, up, down, dummy)

    # title, subtitle and column headers above the boxes
    labels: list[Label] = []
    y = MARGIN + TITLE_SIZE
    labels.append(Label(f"{graph.title}: driver diagram", MARGIN, y, TITLE_SIZE, True, "title-main"))
    if site is not None:
        y += SUBTITLE_SIZE * 1.7
        labels.append(Label(f"The work of {site.name} ({site.site}): the change ideas its PDSA cycles test are "
                            f"outlined, its focus drivers marked.", MARGIN, y, SUBTITLE_SIZE, False, "subtitle"))
    y += HEADER_SIZE * 2.4
    for c in columns:
        labels.append(Label(COLUMN_TITLES[c].upper(), xs[c], y, HEADER_SIZE, True, "header"))
    top = y + 14

    shift = top - min(centre[v] - heights[v] / 2 for v in range(len(vertices)))
    for v, vertex in enumerate(vertices):
        if vertex.box:
            vertex.box.y = centre[v] + shift - vertex.height / 2
    bottom = max(centre[v] + shift + heights[v] / 2 for v in range(len(vertices)))

    routes = _routes(graph, vertices, chains, centre, shift, columns, xs, widths)
    legend, legend_bottom = _legend(graph, width, bottom + 30)
    return Layout(
        width=round(width, 1), height=round(legend_bottom + MARGIN, 1),
        boxes=[v.box for v in vertices if v.box], routes=routes, labels=labels, legend=legend,
        crossings=crossings, plain=graph.plain, site=site.site if site else None,
    )


def _routes(graph: DriverGraph, vertices: list[_Vertex], chains: list[tuple[int, list[int]]],
            centre: list[float], shift: float, columns: list[int], xs: dict[int, float],
            widths: dict[int, float]) -> list[Route]:
    """Each link's points, with ports spread down a box's side in the order of the far ends."""
    outgoing: dict[int, list[tuple[float, int]]] = {}
    incoming: dict[int, list[tuple[float, int]]] = {}
    for e, chain in chains:
        outgoing.setdefault(chain[0], []).append((centre[chain[1]], e))
        incoming.setdefault(chain[-1], []).append((centre[chain[-2]], e))
    port: dict[tuple[int, str], float] = {}
    for side, table in (("out", outgoing), ("in", incoming)):
        for v, ends in table.items():
            ends.sort()
            h = vertices[v].height
            spacing = min(PORT_SPACING, (h - 16) / max(len(ends) - 1, 1)) if len(ends) > 1 else 0.0
            for i, (_, e) in enumerate(ends):
                port[(e, side)] = centre[v] + shift + (i - (len(ends) - 1) / 2) * spacing

    routes = []
    for e, chain in chains:
        edge = graph.edges[e]
        source, target = vertices[chain[0]].box, vertices[chain[-1]].box
        assert source is not None and target is not None
        points = [(source.x + source.w, port[(e, "out")])]
        for v in chain[1:-1]:
            left = xs[columns[vertices[v].layer]]
            points += [(left, centre[v] + shift), (left + widths[columns[vertices[v].layer]], centre[v] + shift)]
        points.append((target.x, port[(e, "in")]))
        emphasis = "normal"
        if graph.site is not None:
            emphasis = "dim" if target.emphasis == "dim" else "normal"
        routes.append(Route(edge.source, edge.target, edge.status, [(round(px, 2), round(py, 2)) for px, py in points],
                            emphasis))
    return routes


def _legend(graph: DriverGraph, width: float, y: float) -> tuple[list[LegendItem], float]:
    """The legend rows under the diagram, flowing left to right and wrapping."""
    items: list[LegendItem] = []
    row_height = 22.0
    x = MARGIN
    right = width - MARGIN

    def heading(text: str) -> None:
        nonlocal x, y
        if x > MARGIN:
            x, y = MARGIN, y + row_height
        items.append(LegendItem("heading", x, y, 0, 0, Label(text, x, y + 12, META_SIZE, True, "legend")))
        x += text_width(text, META_SIZE, True) + 12

    def add(kind: str, label: str, swatch_w: float, swatch_h: float, **extra: object) -> None:
        nonlocal x, y
        need = swatch_w + 6 + text_width(label, META_SIZE)
        if x + need > right and x > MARGIN:
            x, y = MARGIN + 12, y + row_height
        sy = y + (16 - swatch_h) / 2
        items.append(LegendItem(kind, x, sy, swatch_w, swatch_h,
                                Label(label, x + swatch_w + 6, y + 12, META_SIZE, False, "legend"), **extra))  # type: ignore[arg-type]
        x += need + 16

    if not graph.plain:
        heading("Change ideas:")
        for status in LIFECYCLE_ORDER:
            words = status_words(status)
            add("lifecycle", "", text_width(words, PILL_SIZE, True) + 12, PILL_HEIGHT, status=status, text=words)
        add("note", "Tested at: sites with a PDSA cycle naming the idea; adopted, adapted, abandoned: "
                    "each site's latest decision.", 0, 0)
    heading("Drivers:")
    add("driver-active", "active", 26, 14)
    add("driver-proposed", "proposed", 26, 14)
    add("driver-retired", "retired", 26, 14)
    for cluster_id, name, colour in graph.clusters:
        add("cluster", name, 26, 14, cluster_index=colour)
    if graph.site is not None:
        heading(f"{graph.site.name}:")
        add("focus", "a focus driver", text_width("focus", PILL_SIZE, True) + 12, PILL_HEIGHT, status="focus",
            text="focus")
        add("site-idea", "a change idea its cycles test", 26, 14)
    return items, y + row_height
