"""NIC2xx: every reference between files resolves, and ids are unique.

A teacher's typo in a change idea id silently drops the cycle from every report,
so each unresolved reference is an error that names the closest existing id.
"""

from __future__ import annotations

import re
from typing import Iterable, Iterator

from nictools.catalogue import make_problem
from nictools.checks.registry import emits
from nictools.load.yaml import format_pointer
from nictools.model.network import Network, Record
from nictools.network import leads_outside
from nictools.problems import Problem
from nictools.suggest import closest, did_you_mean


def _did_you_mean(value: str, known: Iterable[str], base_hint: str) -> str:
    return did_you_mean(value, known) + base_hint


def _unresolved(code: str, record: Record, pointer: tuple, value: str, what: str, known: Iterable[str],
                hint: str) -> Problem:
    line, col, eline, ecol = record.doc.locate(pointer)
    return make_problem(code, record.path, line, col, f"{what} `{value}` does not exist.",
                        hint=_did_you_mean(value, known, hint), pointer=format_pointer(pointer),
                        end_line=eline, end_column=ecol)


def _refs(record: Record, pointer: tuple, values: Iterable[str | None]) -> Iterator[tuple[tuple, str]]:
    for index, value in enumerate(values):
        if value is not None:
            yield pointer + (index,), value


@emits("NIC021", "NIC201", "NIC202", "NIC203", "NIC204", "NIC205",
       "NIC206", "NIC207", "NIC208", "NIC209", "NIC210", "NIC211", "NIC212")
def references(network: Network) -> Iterator[Problem]:
    """Check every id that one file uses to name another artifact."""
    measures = network.measures
    ideas = network.change_ideas
    drivers = network.driver_ids()
    aims = network.aims
    sites = network.sites
    clusters = {c.id for c in network.config.model.clusters} if network.config else set()
    has_drivers = network.drivers is not None

    broken = network.broken

    def measure(record: Record, pointer: tuple, value: str) -> Iterator[Problem]:
        if value not in measures and ("measure", value) not in broken:
            yield _unresolved("NIC202", record, pointer, value, "The measure", measures,
                              "Measures are defined in measures/<id>.yaml.")

    def idea(record: Record, pointer: tuple, value: str) -> Iterator[Problem]:
        if value not in ideas and ("change-idea", value) not in broken:
            yield _unresolved("NIC203", record, pointer, value, "The change idea", ideas,
                              "Change ideas are defined in change-ideas/<id>.yaml.")

    def driver(record: Record, pointer: tuple, value: str, primary_only: bool = False) -> Iterator[Problem]:
        known = {k for k, v in drivers.items() if v == "primary"} if primary_only else set(drivers)
        if has_drivers and value not in known:
            what = "The primary driver" if primary_only else "The driver"
            yield _unresolved("NIC204", record, pointer, value, what, known, "Drivers are defined in drivers.yaml.")

    def aim(record: Record, pointer: tuple, value: str) -> Iterator[Problem]:
        if value not in aims and ("aim", value) not in broken:
            yield _unresolved("NIC207", record, pointer, value, "The aim", aims, "Aims are defined in aims/<id>.yaml.")

    def site(record: Record, pointer: tuple, value: str) -> Iterator[Problem]:
        if value not in sites and ("site", value) not in broken:
            yield _unresolved("NIC206", record, pointer, value, "The site", sites,
                              "Sites are defined in sites/<id>/site.yaml.")

    def cluster(record: Record, pointer: tuple, value: str) -> Iterator[Problem]:
        if network.config is not None and value not in clusters:  # no config: network.yaml is broken
            yield _unresolved("NIC208", record, pointer, value, "The cluster", clusters,
                              "Clusters are listed in network.yaml under `clusters:`.")

    if network.config:
        rec = network.config
        if rec.model.aim:
            yield from aim(rec, ("aim",), rec.model.aim)
        for i, c in enumerate(rec.model.clusters):
            if c.primary_driver:
                yield from driver(rec, ("clusters", i, "primary_driver"), c.primary_driver, primary_only=True)
        seen: dict[str, int] = {}
        for i, c in enumerate(rec.model.clusters):
            if c.id in seen:
                line, col, *_ = rec.doc.locate(("clusters", i, "id"))
                yield make_problem("NIC201", rec.path, line, col, f"The cluster id `{c.id}` is used twice.",
                                   pointer=f"clusters[{i}].id")
            seen[c.id] = i

    if network.drivers:
        rec = network.drivers
        if rec.model.aim:
            yield from aim(rec, ("aim",), rec.model.aim)
        seen_ids: set[str] = set()
        for group in ("primary", "secondary"):
            for i, d in enumerate(getattr(rec.model, group)):
                if d.id in seen_ids:
                    line, col, *_ = rec.doc.locate((group, i, "id"))
                    yield make_problem("NIC201", rec.path, line, col,
                                       f"The driver id `{d.id}` is used twice in drivers.yaml.",
                                       pointer=f"{group}[{i}].id")
                seen_ids.add(d.id)
        for i, d in enumerate(rec.model.secondary):
            for pointer, value in _refs(rec, ("secondary", i, "primary_drivers"), d.primary_drivers):
                yield from driver(rec, pointer, value, primary_only=True)
    elif network.config and "drivers.yaml" not in network.files:
        yield make_problem("NIC212", "drivers.yaml", 0, 0, "The network has no drivers.yaml (its driver diagram).",
                           hint="Add drivers.yaml with the primary and secondary drivers (`nic init` makes one).")

    for rec in aims.values():
        yield from measure(rec, ("outcome_measure",), rec.model.outcome_measure)
        if rec.model.parent:
            yield from aim(rec, ("parent",), rec.model.parent)
        if rec.model.site:
            yield from site(rec, ("site",), rec.model.site)

    for rec in measures.values():
        for pointer, value in _refs(rec, ("tracks", "drivers"), rec.model.tracks.drivers):
            yield from driver(rec, pointer, value)
        for pointer, value in _refs(rec, ("tracks", "change_ideas"), rec.model.tracks.change_ideas):
            yield from idea(rec, pointer, value)

    for rec in ideas.values():
        for pointer, value in _refs(rec, ("drivers",), rec.model.drivers):
            yield from driver(rec, pointer, value)
        if rec.model.origin_site:
            yield from site(rec, ("origin_site",), rec.model.origin_site)
        if rec.model.adapted_from:
            yield from idea(rec, ("adapted_from",), rec.model.adapted_from)

    site_folders_with_a_site = {r.site for r in sites.values()}  # once, not once per folder (O(sites²))
    for folder in network.site_folders:
        if folder not in site_folders_with_a_site:
            if not any(p == f"sites/{folder}/site.yaml" or p == f"sites/{folder}/site.yml" for p in network.files):
                yield make_problem("NIC212", f"sites/{folder}/site.yaml", 0, 0,
                                   f"The site folder `sites/{folder}` has no site.yaml.",
                                   hint=f"Add sites/{folder}/site.yaml (`nic new site {folder}` makes one).")

    for rec in sites.values():
        if not network.in_focus(rec.path):
            continue
        if rec.site and rec.model.id != rec.site:
            line, col, *_ = rec.doc.locate(("id",))
            yield make_problem("NIC209", rec.path, line, col,
                               f"The site id `{rec.model.id}` differs from its folder name `{rec.site}`.", pointer="id")
        if rec.model.cluster:
            yield from cluster(rec, ("cluster",), rec.model.cluster)
        for pointer, value in _refs(rec, ("focus_drivers",), rec.model.focus_drivers):
            yield from driver(rec, pointer, value)
        for i, phase in enumerate(rec.model.phases):
            yield from measure(rec, ("phases", i, "measure"), phase.measure)
            if phase.change_idea:
                yield from idea(rec, ("phases", i, "change_idea"), phase.change_idea)

    cycle_keys = set(network.cycles)
    for (site_id, _), rec in network.cycles.items():
        if not network.in_focus(rec.path):
            continue
        cycle = rec.model
        for pointer, value in _refs(rec, ("change_ideas",), cycle.change_ideas):
            yield from idea(rec, pointer, value)
        for pointer, value in _refs(rec, ("plan", "measures"), cycle.plan.measures):
            yield from measure(rec, pointer, value)
        links = [(("continues",), cycle.continues), (("adapted_from",), cycle.adapted_from),
                 (("replicates",), cycle.replicates)]
        if cycle.act and cycle.act.next_cycle:
            links.append((("act", "next_cycle"), cycle.act.next_cycle))
        for pointer, ref in links:
            if ref is None:
                continue
            key = network.resolve_cycle(ref, site_id)
            if key not in cycle_keys and ("pdsa", key) not in broken:
                if pointer == ("act", "next_cycle") and key[0] == site_id:
                    continue  # the next cycle may not be written yet
                if key[0] not in sites and key[0] != site_id:
                    yield _unresolved("NIC206", rec, pointer, key[0], "The site", sites,
                                      "Link to another site's cycle as `site/C03`.")
                    continue
                known = [c for s, c in cycle_keys if s == key[0]]
                yield _unresolved("NIC205", rec, pointer, ref, "The linked cycle", known,
                                  "Use the cycle's id (`C03`), or `site/C03` for another site's cycle.")

    for (site_id, measure_id), table in network.data.items():
        if not network.in_focus(table.path):
            continue
        if site_id not in sites and f"sites/{site_id}/site.yaml" not in network.files:
            continue  # reported as a missing site.yaml already
        if measure_id not in measures:
            if ("measure", measure_id) in broken:
                continue  # the measure's own file has a problem
            close = closest(measure_id, measures)
            hint = (f"Did you mean `{close}.csv`? " if close else "") + "Name the file `<measure id>.csv`."
            yield make_problem("NIC210", table.path, 0, 0,
                               f"The data file is named after measure `{measure_id}`, which does not exist.", hint=hint)
            continue
        if not table.columns or any(p.code == "NIC021" for p in table.problems):
            continue  # no header, or one already reported
        calc = measures[measure_id].model.calculation
        kind = table.kind
        fits = {"proportion": ("ratio",), "rate": ("ratio",), "count": ("value",), "mean": ("value", "mean")}[calc]
        if kind not in fits:
            need = "`numerator,denominator`" if calc in ("proportion", "rate") else "`value`"
            yield make_problem("NIC211", table.path, 1, 1,
                               f"Measure `{measure_id}` is a {calc}, so its data needs {need} columns "
                               f"(the header is `{','.join(table.columns)}`).")


@emits("NIC108")
def file_names_match_ids(network: Network) -> Iterator[Problem]:
    """`change-ideas/CI-07.yaml` holds CI-07: people find artifacts by their id."""
    records: list[Record] = [*network.aims.values(), *network.measures.values(),
                             *network.change_ideas.values(), *network.cycles.values()]
    for rec in records:
        if not network.in_focus(rec.path):
            continue
        stem = rec.path.rsplit("/", 1)[-1].rsplit(".", 1)[0]
        if stem != rec.model.id:
            line, col, *_ = rec.doc.locate(("id",))
            yield make_problem("NIC108", rec.path, line, col,
                               f"The file is named `{stem}` but holds id `{rec.model.id}`.",
                               hint=f"Rename the file to `{rec.model.id}.yaml` (or change the id to `{stem}`).",
                               pointer="id")


@emits("NIC013", "NIC017", "NIC019")
def material_links(network: Network) -> Iterator[Problem]:
    """A material's link is a web address or a path inside the repository.

    Paths are read as `nic export` reads them (`nictools.export.materials`): relative to
    the network's folder, and inside the git work tree holding it. A path that leaves it
    (`..`, an absolute path, a drive letter, `~`, a `file:` link, or a symlink) is one
    nobody else can open, and export would skip it. In a git repository, a path must name
    a file git tracks (NIC019): export copies nothing else.
    """
    from nictools.export.materials import MISSING, NOT_TRACKED, is_url, is_web_address, repository_top, resolve_material

    top = repository_top(network.root)
    for rec in network.change_ideas.values():
        for i, material in enumerate(rec.model.materials):
            link = material.link.strip()
            if not link or "\0" in link:
                continue
            if is_url(link) and not link.lower().startswith("file:"):
                if not is_web_address(link):
                    scheme = link.split(":", 1)[0]
                    line, col, eline, ecol = rec.doc.locate(("materials", i, "link"))
                    yield make_problem("NIC017", rec.path, line, col,
                                       f"The material link starts with `{scheme}:`, which is not a web address; "
                                       "reports show it as text, not as a link.",
                                       pointer=f"materials[{i}].link", end_line=eline, end_column=ecol)
                continue  # a web address (other schemes are not paths)
            if link.lower().startswith("file:") or _ABSOLUTE.match(link) or \
                    leads_outside(top, network.root / link.replace("\\", "/")):
                line, col, eline, ecol = rec.doc.locate(("materials", i, "link"))
                yield make_problem("NIC013", rec.path, line, col,
                                   f"The material link `{link}` leads outside the repository; others cannot open it.",
                                   hint="Put the file in the repository and give its path from the network's folder "
                                        "(e.g. materials/handout.pdf), or give a web address.",
                                   pointer=f"materials[{i}].link", end_line=eline, end_column=ecol)
                continue
            if network.tracked is not None:
                resolved = resolve_material(network.root, link, network.tracked)
                if resolved.why_not in (NOT_TRACKED, MISSING):
                    line, col, eline, ecol = rec.doc.locate(("materials", i, "link"))
                    words = ("there is no such file in the repository" if resolved.why_not == MISSING
                             else "git does not track that file (it is ignored, or was never added)")
                    yield make_problem("NIC019", rec.path, line, col,
                                       f"The material link `{link}` names a file to share, but {words}; "
                                       "a change package never copies it.",
                                       pointer=f"materials[{i}].link", end_line=eline, end_column=ecol)


_ABSOLUTE = re.compile(r"(?i)([a-z]:[\\/]|[\\/~])")
