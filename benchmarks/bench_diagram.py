"""Time the driver-diagram layout (nictools.diagram.layout) on synthetic diagrams.

Usage: PYTHONPATH=src python benchmarks/bench_diagram.py [--repeat N]
Prints the best of N runs (default 5) in milliseconds for diagrams of 40, 100 and 200
change ideas (each on one to three drivers, a tenth of them directly on a primary
driver), with the crossings left after ordering. The issue's budget: 200 change
ideas well under a second.
"""

from __future__ import annotations

import argparse
import random
import time

from nictools.diagram.graph import DriverGraph, Edge, Node
from nictools.diagram.layout import layout_diagram
from nictools.diagram.svg import render_svg

WORDS = ("attendance check-in advisory family weekly students team belonging mentor call home "
         "huddle response tiered barrier transport first period greeting data review plan "
         "écoute active für alle ça va").split()


def synthetic_graph(ideas: int, seed: int = 7) -> DriverGraph:
    """A diagram with ideas/8 primaries, ideas*3/8 secondaries and `ideas` change ideas."""
    rng = random.Random(seed)
    primaries = max(3, ideas // 8)
    secondaries = max(6, ideas * 3 // 8)

    def sentence(n: int) -> str:
        return " ".join(rng.choice(WORDS) for _ in range(n)).capitalize()

    graph = DriverGraph(title="Synthetic network")
    graph.nodes.append(Node("aim:A", "aim", "A", "The aim", "active", detail=sentence(30)))
    for p in range(primaries):
        graph.nodes.append(Node(f"driver:P{p}", "primary", f"P{p}", sentence(8), "active"))
        graph.edges.append(Edge("aim:A", f"driver:P{p}", "active"))
    for s in range(secondaries):
        graph.nodes.append(Node(f"driver:S{s}", "secondary", f"S{s}", sentence(9), "active"))
        for p in rng.sample(range(primaries), rng.choice((1, 1, 2))):
            graph.edges.append(Edge(f"driver:P{p}", f"driver:S{s}", "active"))
    for c in range(ideas):
        graph.nodes.append(Node(f"idea:CI-{c}", "change_idea", f"CI-{c}", sentence(12), "testing"))
        if rng.random() < 0.1:
            graph.edges.append(Edge(f"driver:P{rng.randrange(primaries)}", f"idea:CI-{c}", "active"))
        for s in rng.sample(range(secondaries), rng.choice((1, 1, 2, 3))):
            graph.edges.append(Edge(f"driver:S{s}", f"idea:CI-{c}", "active"))
    return graph


def _best(fn, repeat: int) -> float:
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - start)
    return best * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    print(f"{'ideas':>6} {'links':>6} {'layout ms':>10} {'svg ms':>8} {'crossings':>10}")
    for ideas in (40, 100, 200):
        graph = synthetic_graph(ideas)
        layout = layout_diagram(graph)
        ms = _best(lambda: layout_diagram(graph), args.repeat)
        svg_ms = _best(lambda: render_svg(layout), args.repeat)
        print(f"{ideas:>6} {len(graph.edges):>6} {ms:>10.1f} {svg_ms:>8.1f} {layout.crossings:>10}")


if __name__ == "__main__":
    main()
