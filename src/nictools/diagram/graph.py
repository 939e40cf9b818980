"""The driver diagram as a graph: aim -> primary -> secondary -> change ideas.

Built from a loaded `Network`; links are many-to-many and a change idea may hang
directly on a primary driver. Links to ids that do not exist are left out here
(`nic validate` reports them); every node appears exactly once.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from nictools.diagram.overlay import IdeaStatus, SiteWork, describe, idea_statuses, natural_key, site_work
from nictools.errors import NicError
from nictools.model.network import Network
from nictools.suggest import did_you_mean
from nictools.diagram.text import wrap_text

Kind = Literal["aim", "primary", "secondary", "change_idea"]
#: The column each kind of node sits in, left to right.
COLUMN: dict[str, int] = {"aim": 0, "primary": 1, "secondary": 2, "change_idea": 3}
COLUMN_TITLES = ("Aim", "Primary drivers", "Secondary drivers", "Change ideas")
#: How wide (pixels of 13px text) a label line may be in the text formats.
LABEL_WIDTH = 240.0


def status_words(status: str) -> str:
    """`ready_to_spread` -> `ready to spread`."""
    return status.replace("_", " ")


@dataclass
class Node:
    """One box of the diagram."""

    key: str  # unique within the diagram: "aim:…", "driver:P1", "idea:CI-01"
    kind: Kind
    id: str  # the artifact's own id
    title: str
    status: str  # active | proposed | retired (drivers, aim); lifecycle status (change ideas)
    detail: str | None = None  # description or aim statement
    cluster: str | None = None  # primary drivers owned by a cluster
    cluster_name: str | None = None
    cluster_index: int | None = None  # which palette colour
    overlay: IdeaStatus | None = None  # change ideas, unless plain
    focus: bool = False  # --site: one of the site's focus drivers
    site_idea: bool = False  # --site: the site's cycles test this change idea
    site_note: str | None = None  # --site: "2 cycles, adapted"

    @property
    def column(self) -> int:
        return COLUMN[self.kind]


@dataclass(frozen=True)
class Edge:
    source: str  # node keys; source is the column to the left
    target: str
    status: str  # active | proposed | retired (the weaker of its two ends)


@dataclass
class DriverGraph:
    """The nodes and links to draw, with what the drawing should say about them."""

    title: str
    nodes: list[Node] = field(default_factory=list)
    edges: list[Edge] = field(default_factory=list)
    plain: bool = False
    site: SiteWork | None = None
    clusters: list[tuple[str, str, int]] = field(default_factory=list)  # (id, name, colour index)

    def node(self, key: str) -> Node:
        return self._index()[key]

    def _index(self) -> dict[str, Node]:
        return {n.key: n for n in self.nodes}


def _edge_status(*statuses: str) -> str:
    if "retired" in statuses:
        return "retired"
    if "proposed" in statuses:
        return "proposed"
    return "active"


def _decision_word(decision: str | None) -> str:
    return {"adopt": "adopted", "adapt": "adapted", "abandon": "abandoned"}.get(decision or "", "no decision yet")


def build_graph(network: Network, *, site: str | None = None, plain: bool = False) -> DriverGraph:
    """The diagram's graph; `site` marks one site's work, `plain` drops the overlay."""
    if network.drivers is None:
        raise NicError(
            "There is no driver diagram to draw: drivers.yaml is missing or could not be read.",
            "Run `nic validate` to see what is wrong with drivers.yaml, or create it "
            "(an aim, primary drivers and secondary drivers; see docs/format.md).",
        )
    work: SiteWork | None = None
    if site is not None:
        if site not in network.sites:
            known = sorted(network.sites)
            raise NicError(
                f"There is no site `{site}` in this network. {did_you_mean(site, known)}".strip(),
                f"Use a site's id (its folder under sites/): {', '.join(known) or 'none yet'}.",
            )
        work = site_work(network, site)

    diagram = network.drivers.model
    graph = DriverGraph(title=network.name, plain=plain, site=work)
    keys: dict[str, str] = {}  # driver id -> node key
    status_of: dict[str, str] = {}

    cluster_of: dict[str, tuple[str, str, int]] = {}
    if network.config:
        for index, cluster in enumerate(network.config.model.clusters):
            graph.clusters.append((cluster.id, cluster.name, index))
            if cluster.primary_driver and cluster.primary_driver not in cluster_of:
                cluster_of[cluster.primary_driver] = (cluster.id, cluster.name, index)

    aim_key: str | None = None
    aim_id = diagram.aim or (network.config.model.aim if network.config else None)
    if aim_id:
        aim = network.aims.get(aim_id)
        aim_key = f"aim:{aim_id}"
        graph.nodes.append(Node(
            key=aim_key, kind="aim", id=aim_id,
            title=aim.model.title if aim else aim_id,
            detail=aim.model.statement if aim else None,
            status=aim.model.status if aim else "active",
        ))
        status_of[aim_key] = graph.nodes[-1].status

    focus = work.focus_drivers if work else frozenset()
    for driver in diagram.primary:
        if driver.id in keys:
            continue
        key = keys[driver.id] = f"driver:{driver.id}"
        cluster = cluster_of.get(driver.id)
        graph.nodes.append(Node(
            key=key, kind="primary", id=driver.id, title=driver.title, detail=driver.description,
            status=driver.status, focus=driver.id in focus,
            cluster=cluster[0] if cluster else None, cluster_name=cluster[1] if cluster else None,
            cluster_index=cluster[2] if cluster else None,
        ))
        status_of[key] = driver.status
        if aim_key:
            graph.edges.append(Edge(aim_key, key, _edge_status(driver.status)))

    for driver in diagram.secondary:
        if driver.id in keys:
            continue
        key = keys[driver.id] = f"driver:{driver.id}"
        graph.nodes.append(Node(
            key=key, kind="secondary", id=driver.id, title=driver.title, detail=driver.description,
            status=driver.status, focus=driver.id in focus,
        ))
        status_of[key] = driver.status
        for parent in dict.fromkeys(driver.primary_drivers):
            parent_key = keys.get(parent)
            if parent_key and graph.node(parent_key).kind == "primary":
                graph.edges.append(Edge(parent_key, key, _edge_status(status_of[parent_key], driver.status)))

    statuses = idea_statuses(network)
    for idea_id in sorted(network.change_ideas, key=natural_key):
        idea = network.change_ideas[idea_id].model
        key = f"idea:{idea_id}"
        site_idea = work.ideas.get(idea_id) if work else None
        graph.nodes.append(Node(
            key=key, kind="change_idea", id=idea_id, title=idea.title, detail=idea.description,
            status=idea.status, overlay=None if plain else statuses[idea_id],
            site_idea=site_idea is not None,
            site_note=(f"{len(site_idea.cycles)} cycle{'s' if len(site_idea.cycles) != 1 else ''}, "
                       f"{_decision_word(site_idea.decision)}") if site_idea and not plain else None,
        ))
        for driver_id in dict.fromkeys(idea.drivers):
            driver_key = keys.get(driver_id)
            if driver_key:
                driver_status = status_of[driver_key]
                idea_status = "retired" if idea.status == "retired" else "active"
                graph.edges.append(Edge(driver_key, key, _edge_status(driver_status, idea_status)))
    return graph


def label_lines(node: Node, graph: "DriverGraph") -> list[str]:
    """A node's label for the text formats (Mermaid, DOT): wrapped title, status, overlay."""
    suffix = {"proposed": " (proposed)", "retired": " (retired)"}.get(node.status, "") \
        if node.kind != "change_idea" else ""
    head = "AIM: " if node.kind == "aim" else f"{node.id}: "
    lines = wrap_text(head + node.title + suffix, LABEL_WIDTH, 13.0, node.kind in ("aim", "primary"))
    if node.kind == "change_idea" and not graph.plain:
        lines.append(f"[{status_words(node.status)}]")
        if node.overlay is not None:
            lines.append(describe(node.overlay))
    if node.site_note and graph.site:
        lines.append(f"{graph.site.site}: {node.site_note}")
    if node.focus:
        lines.append("focus driver")
    return lines
