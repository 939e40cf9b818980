"""The layout, checked from its own coordinates: structure, overlaps, crossings."""

from __future__ import annotations

import random
import time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from nictools.diagram.graph import DriverGraph, Edge, Node, build_graph
from nictools.diagram.layout import count_crossings, layout_diagram, order_layers
from nictools.load.network import load_network
from tests.diagram.geometry import assert_pills_clear, assert_sound, drawn_crossings
from tests.conftest import EXAMPLE
from tests.diagram.networks import big_network_files, random_graph


def test_example_network_is_drawn_whole_and_clean() -> None:
    network, _ = load_network(EXAMPLE)
    graph = build_graph(network)
    layout = layout_diagram(graph)
    assert_sound(layout, graph)
    assert_pills_clear(layout)
    kinds = [b.kind for b in layout.boxes]
    assert kinds.count("aim") == 1
    assert kinds.count("primary") == len(network.drivers.model.primary)
    assert kinds.count("secondary") == len(network.drivers.model.secondary)
    assert kinds.count("change_idea") == len(network.change_ideas)


def test_big_diagram_with_long_non_ascii_text(make_network) -> None:
    network, problems = load_network(make_network(big_network_files()))
    assert not [p for p in problems if p.severity.value == "error"], problems
    graph = build_graph(network)
    assert sum(n.kind == "primary" for n in graph.nodes) == 5
    assert sum(n.kind == "secondary" for n in graph.nodes) == 15
    assert sum(n.kind == "change_idea" for n in graph.nodes) == 40
    assert any(e.source.startswith("driver:P") and e.target.startswith("idea:") for e in graph.edges)
    layout = layout_diagram(graph)
    assert_sound(layout, graph)
    assert_pills_clear(layout)
    texts = " ".join(line.text for box in layout.boxes for line in box.lines)
    assert "Écoute" in texts and "für" in texts and "中文," in texts
    # the word with no spaces is broken into pieces that fit, and nothing is lost
    long_word = "Supercalifragilisticexpialidocious-attendance-incentive-programme-with-no-spaces-at-all"
    box = next(b for b in layout.boxes if b.kind == "change_idea" and any(l.text.startswith("Supercal") for l in b.lines))
    assert "".join(l.text for l in box.lines if l.role == "title").startswith(long_word)


def test_each_column_keeps_its_x_and_links_run_left_to_right() -> None:
    graph = random_graph(random.Random(5), 4, 10, 25)
    layout = layout_diagram(graph)
    xs = {}
    for box in layout.boxes:
        xs.setdefault(box.kind, set()).add(box.x)
    assert all(len(v) == 1 for v in xs.values())
    assert min(xs["aim"]) < min(xs["primary"]) < min(xs["secondary"]) < min(xs["change_idea"])
    for route in layout.routes:
        assert all(a[0] <= b[0] for a, b in zip(route.points, route.points[1:]))


def test_a_tree_is_drawn_without_crossings() -> None:
    """When an order without crossings exists for a tree, the ordering finds it."""
    rng = random.Random(11)
    graph = DriverGraph(title="Tree")
    graph.nodes.append(Node("aim:A", "aim", "A", "Aim", "active"))
    secondaries = []
    for p in range(4):
        graph.nodes.append(Node(f"driver:P{p}", "primary", f"P{p}", "Primary", "active"))
        graph.edges.append(Edge("aim:A", f"driver:P{p}", "active"))
        for s in range(3):
            secondaries.append((f"driver:S{p}{s}", f"driver:P{p}"))
    rng.shuffle(secondaries)
    ideas = []
    for key, parent in secondaries:
        graph.nodes.append(Node(key, "secondary", key[7:], "Secondary", "active"))
        graph.edges.append(Edge(parent, key, "active"))
        for c in range(2):
            ideas.append((f"idea:{key[7:]}-{c}", key))
    rng.shuffle(ideas)
    for key, parent in ideas:
        graph.nodes.append(Node(key, "change_idea", key[5:], "Idea", "testing"))
        graph.edges.append(Edge(parent, key, "active"))
    layout = layout_diagram(graph)
    assert layout.crossings == 0 == drawn_crossings(layout)
    assert [b.id for b in layout.boxes if b.kind == "primary"] == ["P0", "P1", "P2", "P3"]


def test_primary_drivers_keep_the_order_of_drivers_yaml() -> None:
    graph = random_graph(random.Random(2), 5, 12, 30)
    layout = layout_diagram(graph)
    primaries = sorted((b for b in layout.boxes if b.kind == "primary"), key=lambda b: b.y)
    assert [b.id for b in primaries] == ["P0", "P1", "P2", "P3", "P4"]


def test_ordering_never_worse_than_the_order_given() -> None:
    rng = random.Random(4)
    up = [[] for _ in range(30)]
    down = [[] for _ in range(30)]
    layers = [list(range(0, 10)), list(range(10, 20)), list(range(20, 30))]
    for a in range(0, 20):
        for b in rng.sample(range((a // 10 + 1) * 10, (a // 10 + 2) * 10), 2):
            down[a].append(b)
            up[b].append(a)
    before = count_crossings(layers, down)
    ordered, crossings = order_layers(layers, up, down)
    assert crossings <= before
    assert crossings == count_crossings(ordered, down)
    assert [sorted(layer) for layer in ordered] == [sorted(layer) for layer in layers]


def test_layout_is_deterministic() -> None:
    graph = random_graph(random.Random(8), 3, 8, 20)
    first, second = layout_diagram(graph), layout_diagram(graph)
    assert [(b.key, b.x, b.y) for b in first.boxes] == [(b.key, b.x, b.y) for b in second.boxes]


@settings(max_examples=40, deadline=None)
@given(seed=st.integers(0, 10_000), primaries=st.integers(1, 5), secondaries=st.integers(0, 10),
       ideas=st.integers(0, 20), with_aim=st.booleans())
def test_any_diagram_is_sound(seed: int, primaries: int, secondaries: int, ideas: int, with_aim: bool) -> None:
    graph = random_graph(random.Random(seed), primaries, secondaries, ideas, with_aim)
    layout = layout_diagram(graph)
    assert_sound(layout, graph)
    assert_pills_clear(layout)


def test_long_ids_do_not_run_under_the_status_pill() -> None:
    graph = DriverGraph(title="Ids")
    graph.nodes.append(Node("driver:P", "primary", "P", "Primary", "active"))
    long_id = "a-change-idea-with-an-id-that-goes-on-and-on-and-on-for-ever-1"
    graph.nodes.append(Node(f"idea:{long_id}", "change_idea", long_id, "Idea", "ready_to_spread"))
    graph.edges.append(Edge("driver:P", f"idea:{long_id}", "active"))
    layout = layout_diagram(graph)
    assert_sound(layout, graph)
    assert_pills_clear(layout)


@pytest.mark.parametrize("ideas", [200])
def test_layout_of_200_change_ideas_is_fast(ideas: int) -> None:
    graph = random_graph(random.Random(1), 25, 75, ideas)
    start = time.perf_counter()
    layout = layout_diagram(graph)
    elapsed = time.perf_counter() - start
    assert len(layout.boxes) == 1 + 25 + 75 + ideas
    assert elapsed < 2.0  # about 0.15 s on a laptop; generous for slow CI machines
