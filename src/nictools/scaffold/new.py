"""`nic new`: one artifact with a free id, today's date, every required field, checked references.

Each `new_*` function checks what it is given against the network first (an unknown
site or change idea stops with "did you mean"), renders the file from
`nictools.scaffold.templates`, validates the text against its model, and only then
writes it, atomically, never over an existing file.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterable, Sequence

from nictools.atomic import write_atomic
from nictools.errors import NicError
from nictools.model.base import ID_PATTERN
from nictools.model.network import Network
from nictools.network import check_inside
from nictools.scaffold import templates as t
from nictools.suggest import did_you_mean

_ID = re.compile(ID_PATTERN)

#: `nic new` kinds -> the model kind (schema name).
KINDS = {"aim": "aim", "measure": "measure", "change-idea": "change-idea", "site": "site", "pdsa": "pdsa"}


@dataclass(frozen=True)
class Planned:
    """A file about to be written: where (relative to the root), what, and of which kind."""

    path: str
    text: str
    kind: str


def load(root: Path) -> Network:
    """The network as it is now; broken files are simply absent (validate reports them)."""
    from nictools.load.network import load_network

    network, _ = load_network(root)
    return network


def next_id(existing: Iterable[str], prefix: str, width: int = 2, taken: Iterable[str] = ()) -> str:
    """The next free `<prefix>NN`: one past the highest number in use (CI-07 -> CI-08)."""
    pattern = re.compile(re.escape(prefix) + r"(\d+)\Z")
    used = set(existing) | set(taken)
    numbers = [int(m.group(1)) for value in used if (m := pattern.match(value))]
    number = max(numbers, default=0) + 1
    while f"{prefix}{number:0{width}d}" in used:
        number += 1
    return f"{prefix}{number:0{width}d}"


def _broken(network: Network, kind: str) -> list[str]:
    """Ids whose files are there but did not load: taken all the same."""
    return [str(artifact_id) for k, artifact_id in network.broken if k == kind]


def slug(text: str) -> str:
    """A name as an id: `Lincoln High School` -> `lincoln-high-school`."""
    cleaned = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")
    return cleaned[:64] or "site"


def check_id(value: str, what: str) -> str:
    if not _ID.match(value) or len(value) > 64:
        raise NicError(f"`{value}` cannot be used as {what} id.",
                       "Use letters, digits, `-`, `_` and `.` (starting with a letter or digit), e.g. CI-07.")
    return value


def check_ref(value: str, known: Iterable[str], what: str, where: str) -> str:
    """`value` if it is one of `known`, else stop with the closest match."""
    known = sorted(known)
    if value in known:
        return value
    listing = f" Known: {', '.join(known[:12])}{' …' if len(known) > 12 else ''}." if known else ""
    raise NicError(f"There is no {what} `{value}` in this network.",
                   f"{did_you_mean(value, known)}{where}{listing} A file with problems is left out until "
                   "they are fixed: `nic validate` lists them.")


def check_cycle_ref(network: Network, value: str, site: str, what: str) -> str:
    """A cycle link: `C03` at `site` or `other/C03`; the site and the cycle must exist."""
    other, cycle = network.resolve_cycle(value, site)
    check_ref(other, network.sites, "site", "Sites are defined in sites/<id>/site.yaml.")
    known = [c for s, c in network.cycles if s == other]
    check_ref(cycle, known, f"cycle at {other} for `{what}`", f"Cycles are in sites/{other}/pdsa/.")
    return value


def schema_ref(root: Path, rel_path: str, kind: str) -> str | None:
    """The relative path from a file to its JSON Schema, when the network keeps them in schemas/."""
    target = root / "schemas" / f"{kind}.schema.json"
    if not target.is_file():
        return None
    return Path(os.path.relpath(target, (root / rel_path).parent)).as_posix()


def _render(root: Path, rel_path: str, kind: str, nodes: list[t.Node], header: str) -> Planned:
    return Planned(rel_path, t.render(nodes, header=header, schema=schema_ref(root, rel_path, kind)), kind)


# --- one function per kind -------------------------------------------------------------


def plan_site(root: Path, network: Network, *, name: str, level: str, size_band: str, today: dt.date,
              site_id: str | None = None, setting: str | None = None, cluster: str | None = None,
              coach: str | None = None, cohort: str | None = None) -> list[Planned]:
    site_id = check_id(site_id or slug(name), "a site")
    if site_id in network.sites or (root / "sites" / site_id).exists():
        raise NicError(f"The site `{site_id}` already exists (sites/{site_id}/).",
                       "Pick another id with --id, or edit the existing site.yaml.")
    if cluster:
        clusters = [c.id for c in network.config.model.clusters] if network.config else []
        check_ref(cluster, clusters, "cluster", "Clusters are listed in network.yaml under `clusters:`.")
    nodes = t.site_nodes(site_id, name, level, size_band, today, setting=setting, cluster=cluster, coach=coach,
                         cohort=cohort)
    site = _render(root, f"sites/{site_id}/site.yaml", "site", nodes,
                   "One school in the network. Staff names only: never students.")
    keep = [Planned(f"sites/{site_id}/{folder}/.gitkeep", "", "") for folder in ("pdsa", "data")]
    return [site, *keep]


def plan_aim(root: Path, network: Network, *, title: str, statement: str, outcome_measure: str,
             aim_id: str | None = None, site: str | None = None, parent: str | None = None,
             population: str | None = None, target_value: float | None = None,
             target_date: dt.date | None = None) -> list[Planned]:
    check_ref(outcome_measure, network.measures, "measure", "Measures are defined in measures/<id>.yaml (`nic new measure`).")
    if site:
        check_ref(site, network.sites, "site", "Sites are defined in sites/<id>/site.yaml.")
        if parent is None and network.config and network.config.model.aim in network.aims:
            parent = network.config.model.aim
    if parent:
        check_ref(parent, network.aims, "aim", "Aims are defined in aims/<id>.yaml.")
    if aim_id is None:
        wanted = f"{site}-aim" if site else ("network-aim" if not network.aims else None)
        aim_id = wanted if wanted and wanted not in network.aims else next_id(network.aims, "aim-", taken=_broken(network, "aim"))
    check_id(aim_id, "an aim")
    if target_value is not None and target_date is None or target_date is not None and target_value is None:
        raise NicError("A target needs both a value and a date.", "Give --target-value and --target-date together.")
    return [_render(root, f"aims/{aim_id}.yaml", "aim",
                    t.aim_nodes(aim_id, title, statement, outcome_measure, site=site, parent=parent,
                                population=population, target_value=target_value, target_date=target_date),
                    "An aim: what improves, for whom, how much, by when.")]


def plan_measure(root: Path, network: Network, *, title: str, measure_type: str, calculation: str, unit: str,
                 frequency: str, direction: str | None, definition: str = "", measure_id: str | None = None) -> list[Planned]:
    measure_id = check_id(measure_id or next_id(network.measures, "M-", taken=_broken(network, "measure")), "a measure")
    return [_render(root, f"measures/{measure_id}.yaml", "measure",
                    t.measure_nodes(measure_id, title, measure_type, calculation, unit, frequency, direction,
                                    definition=definition),
                    "A measure's operational definition. The repository holds aggregates only, never student data.")]


def plan_change_idea(root: Path, network: Network, *, title: str, drivers: Sequence[str], description: str = "",
                     idea_id: str | None = None, origin_site: str | None = None,
                     adapted_from: str | None = None) -> list[Planned]:
    known_drivers = network.driver_ids()
    for driver in drivers:
        check_ref(driver, known_drivers, "driver", "Drivers are defined in drivers.yaml.")
    if origin_site:
        check_ref(origin_site, network.sites, "site", "Sites are defined in sites/<id>/site.yaml.")
    if adapted_from:
        check_ref(adapted_from, network.change_ideas, "change idea", "Change ideas are in change-ideas/.")
    idea_id = check_id(idea_id or next_id(network.change_ideas, "CI-", taken=_broken(network, "change-idea")), "a change idea")
    return [_render(root, f"change-ideas/{idea_id}.yaml", "change-idea",
                    t.change_idea_nodes(idea_id, title, drivers, description=description, origin_site=origin_site,
                                        adapted_from=adapted_from),
                    "A change idea: a concrete change to practice that might move a driver.")]


def plan_cycle(root: Path, network: Network, *, site: str, title: str, today: dt.date,
               change_ideas: Sequence[str] = (), continues: str | None = None, replicates: str | None = None,
               adapted_from: str | None = None, purpose: str = "test", objective: str = "",
               measures: Sequence[str] = (), cycle_id: str | None = None, questions: int = 2) -> list[Planned]:
    check_ref(site, network.sites, "site", "Sites are defined in sites/<id>/site.yaml (`nic new site`).")
    for idea in change_ideas:
        check_ref(idea, network.change_ideas, "change idea", "Change ideas are defined in change-ideas/<id>.yaml.")
    for measure in measures:
        check_ref(measure, network.measures, "measure", "Measures are defined in measures/<id>.yaml.")
    for value, what in ((continues, "continues"), (replicates, "replicates"), (adapted_from, "adapted_from")):
        if value:
            check_cycle_ref(network, value, site, what)
    folder = root / "sites" / site / "pdsa"
    on_disk = [p.stem for p in folder.glob("*.y*ml")] if folder.is_dir() else []
    existing = [c for s, c in network.cycles if s == site]
    cycle_id = check_id(cycle_id or next_id(existing, "C", taken=on_disk), "a cycle")
    return [_render(root, f"sites/{site}/pdsa/{cycle_id}.yaml", "pdsa",
                    t.cycle_nodes(cycle_id, title, today, purpose=purpose, change_ideas=change_ideas,
                                  continues=continues, replicates=replicates, adapted_from=adapted_from,
                                  objective=objective, measures=measures, questions=questions),
                    f"One PDSA cycle at {site}, filled in stage by stage. Staff initials only: never students.\n"
                    f"When the test has run, `nic pdsa advance {cycle_id} --site {site}` adds the next stage.")]


# --- writing ---------------------------------------------------------------------------


def check_text(planned: Planned) -> None:
    """The rendered file must fit its model: a failure here is a bug or an impossible option."""
    if not planned.kind:
        return
    from nictools.load.network import validate_document
    from nictools.load.yaml import read_yaml

    doc = read_yaml(planned.text, planned.path)
    model, problems = validate_document(planned.kind, doc, planned.path) if doc.data is not None else (None, doc.problems)
    if problems or model is None:
        details = "; ".join(p.message for p in problems) or "the file could not be read back"
        raise NicError(f"The new {planned.path} would not be valid: {details}", "Check the values given on the command line.")


def _exists(item: Planned) -> NicError:
    return NicError(f"{item.path} already exists; nic new never overwrites a file.",
                    "Pick another id with --id, or edit the existing file.")


def write(root: Path, planned: Sequence[Planned]) -> list[Path]:
    """Write every planned file, or none: all are checked (free, valid) before the first write.

    Each file is created exclusively (never over one that appeared meanwhile); if one
    cannot be, those already written by this call are removed again."""
    for item in planned:
        check_inside(root, root / item.path)
        if os.path.lexists(root / item.path):
            raise _exists(item)
        check_text(item)
    written: list[Path] = []
    try:
        for item in planned:
            try:
                written.append(write_atomic(root / item.path, item.text, exclusive=True))
            except FileExistsError:
                raise _exists(item) from None
    except BaseException:
        for path in written:
            try:
                os.unlink(path)
            except OSError:
                pass
        raise
    return written


def create(root: Path, plan: Callable[[Network], Sequence[Planned]]) -> list[Path]:
    """Plan and write under the network's write lock, from the files as they are once it is held:
    two `nic new pdsa --site lincoln` at once get C04 and C05, never both C04."""
    from nictools.lock import network_lock

    with network_lock(root):
        return write(root, plan(load(root)))
