"""Networks and graphs for the diagram tests: a big synthetic one and random ones."""

from __future__ import annotations

import json
import random

from nictools.diagram.graph import DriverGraph, Edge, Node

SENTENCES = [
    "Écoute active — 'Ça va?' check-ins für alle",
    "Students who were absent last week get a personal note from their advisor on Monday morning",
    "A shared spreadsheet where every adult logs the conversations they had with a student this week",
    "Naïve façade: the coöperative rôle of café hosts in São Paulo and Zürich",
    "Weekly huddle",
    "Family liaison calls home in the family's language (español, tiếng Việt, 中文, العربية) within a day",
    "Supercalifragilisticexpialidocious-attendance-incentive-programme-with-no-spaces-at-all",
    "Ninth graders lead a five-minute circle about what made them want to come to school",
]


def big_network_files(primaries: int = 5, secondaries: int = 15, ideas: int = 40, seed: int = 3) -> dict[str, str | None]:
    """Overrides for `make_network`: a diagram of the issue's size with long, non-ASCII text.

    JSON is YAML, so `json.dumps` writes each file with every character safely quoted.
    """
    rng = random.Random(seed)
    primary = [{"id": f"P{p}", "title": f"{SENTENCES[p % len(SENTENCES)]} ({p})",
                **({"status": "proposed"} if p == 4 else {})} for p in range(1, primaries + 1)]
    secondary = []
    for s in range(1, secondaries + 1):
        parents = rng.sample([d["id"] for d in primary], rng.choice((1, 1, 2)))
        secondary.append({"id": f"S{s}", "title": SENTENCES[(s * 3) % len(SENTENCES)], "primary_drivers": parents,
                          **({"status": "retired"} if s == 7 else {})})
    files: dict[str, str | None] = {
        "drivers.yaml": json.dumps({"aim": "network-aim", "primary": primary, "secondary": secondary},
                                   ensure_ascii=False),
        "change-ideas/CI-01.yaml": None,
        "network.yaml": json.dumps({
            "format": 1, "name": "Réseau d'amélioration — test", "hub": "Hub", "aim": "network-aim",
            "clusters": [{"id": "rac-1", "name": "Relationships", "primary_driver": "P1"},
                         {"id": "rac-2", "name": "Données", "primary_driver": "P2"}],
        }, ensure_ascii=False),
    }
    statuses = ("idea", "testing", "implementing", "ready_to_spread", "retired")
    for c in range(1, ideas + 1):
        drivers = rng.sample([d["id"] for d in secondary], rng.choice((1, 1, 2, 3)))
        if c % 9 == 0:
            drivers = [rng.choice(primary)["id"]] + drivers[:1]  # a change idea directly on a primary
        files[f"change-ideas/CI-{c:02d}.yaml"] = json.dumps({
            "id": f"CI-{c:02d}", "title": SENTENCES[c % len(SENTENCES)] + f" #{c}",
            "description": "A change to practice.", "drivers": drivers, "status": statuses[c % len(statuses)],
        }, ensure_ascii=False)
    return files


def random_graph(rng: random.Random, primaries: int, secondaries: int, ideas: int, with_aim: bool = True) -> DriverGraph:
    """A random diagram (links may skip the secondary column), built directly as a graph."""
    graph = DriverGraph(title="Random")
    if with_aim:
        graph.nodes.append(Node("aim:A", "aim", "A", "Aim " + rng.choice(SENTENCES), "active", detail=rng.choice(SENTENCES)))
    for p in range(primaries):
        graph.nodes.append(Node(f"driver:P{p}", "primary", f"P{p}", rng.choice(SENTENCES), "active"))
        if with_aim:
            graph.edges.append(Edge("aim:A", f"driver:P{p}", "active"))
    for s in range(secondaries):
        graph.nodes.append(Node(f"driver:S{s}", "secondary", f"S{s}", rng.choice(SENTENCES), "active"))
        for p in rng.sample(range(primaries), min(primaries, rng.choice((0, 1, 1, 2)))):
            graph.edges.append(Edge(f"driver:P{p}", f"driver:S{s}", "active"))
    for c in range(ideas):
        graph.nodes.append(Node(f"idea:C{c}", "change_idea", f"C{c}", rng.choice(SENTENCES), "testing"))
        targets = [f"driver:S{s}" for s in rng.sample(range(secondaries), min(secondaries, rng.choice((0, 1, 2))))]
        if primaries and (not targets or rng.random() < 0.2):
            targets.append(f"driver:P{rng.randrange(primaries)}")
        for t in targets:
            graph.edges.append(Edge(t, f"idea:C{c}", "active"))
    return graph
