"""The status overlay: sites tested, and each site's latest decision, per change idea."""

from __future__ import annotations

from nictools.diagram.graph import build_graph
from nictools.diagram.overlay import describe, idea_statuses, site_work
from nictools.load.network import load_network

SITE = """\
id: {site}
name: {site} High
context: {{level: high, size_band: small}}
joined: 2024-08-15
focus_drivers: [P1, S1]
"""


def cycle(cid: str, ideas: str, decision: str | None = None, end: str | None = None) -> str:
    text = f"id: {cid}\ntitle: A test\nchange_ideas: [{ideas}]\nplan:\n  objective: Try it.\n"
    if end:
        text += f"do:\n  what_happened: We did it.\n  actual_end: {end}\n"
    if decision:
        text += f"study:\n  learned: Something.\nact:\n  decision: {decision}\n"
    return text


def overlay_network(make_network):
    return make_network({
        "sites/lincoln/pdsa/C01.yaml": cycle("C01", "CI-01", "adapt", "2025-10-01"),
        "sites/lincoln/pdsa/C02.yaml": cycle("C02", "CI-01, CI-01", "adopt", "2025-09-01"),
        "sites/roosevelt/site.yaml": SITE.format(site="roosevelt"),
        "sites/roosevelt/pdsa/C01.yaml": cycle("C01", "CI-01", "abandon", "2025-09-20"),
        "sites/roosevelt/pdsa/C02.yaml": cycle("C02", "CI-01"),  # planned, not decided: the abandon stands
        "sites/eastside/site.yaml": SITE.format(site="eastside"),
        "sites/eastside/pdsa/C01.yaml": cycle("C01", "CI-01"),
    })


def test_each_site_counts_once_under_its_latest_decision(make_network) -> None:
    network, _ = load_network(overlay_network(make_network))
    status = idea_statuses(network)["CI-01"]
    assert status.status == "testing"
    assert status.cycles == 5
    assert status.sites == ("eastside", "lincoln", "roosevelt")
    # lincoln's C01 ended after C02, so its latest decision is adapt (dates beat ids)
    assert (status.adopted, status.adapted, status.abandoned, status.still_testing) == (0, 1, 1, 1)
    assert describe(status) == "Tested at 3 sites: 1 adapted, 1 abandoned, 1 still testing"


def test_an_idea_without_cycles(make_network) -> None:
    network, _ = load_network(make_network({"sites/lincoln/pdsa/C01.yaml": None}))
    status = idea_statuses(network)["CI-01"]
    assert status.sites_tested == 0 and status.cycles == 0
    assert describe(status) == "No PDSA cycles yet"


def test_site_work_and_site_marks_in_the_graph(make_network) -> None:
    network, _ = load_network(overlay_network(make_network))
    work = site_work(network, "roosevelt")
    assert work.ideas["CI-01"].cycles == ("C01", "C02")
    assert work.ideas["CI-01"].decision == "abandon"
    graph = build_graph(network, site="roosevelt")
    assert graph.node("driver:P1").focus and graph.node("driver:S1").focus
    idea = graph.node("idea:CI-01")
    assert idea.site_idea and idea.site_note == "2 cycles, abandoned"


def test_plain_drops_the_overlay(make_network) -> None:
    network, _ = load_network(overlay_network(make_network))
    graph = build_graph(network, plain=True)
    assert graph.node("idea:CI-01").overlay is None
