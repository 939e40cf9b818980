"""NIC50x: the theory of improvement as a whole: drivers, change ideas, aims, measures.

Unlinked drivers and ideas are infos (normal early in a network's life). Retired
artifacts keep their ids forever, so old cycles still read correctly; only new
cycles are warned. A cycle is *new* for a retired artifact when its plan date
(`plan.recorded_on`, else `plan.planned_start`, else `do.actual_start`) is after the
artifact's `retired_on`; when either date is missing, when the cycle is still in planning.
"""

from __future__ import annotations

from typing import Any, Callable, Iterator, Mapping

from nictools.catalogue import make_problem
from nictools.checks.registry import emits
from nictools.load.yaml import format_pointer
from nictools.model.network import Network, Record
from nictools.problems import Problem


def _at(code: str, rec: Record, pointer: tuple, message: str, hint: str | None = None) -> Problem:
    line, col, eline, ecol = rec.doc.locate(pointer)
    return make_problem(code, rec.path, line, col, message, hint=hint, pointer=format_pointer(pointer),
                        end_line=eline, end_column=ecol)


def _circles(records: Mapping[str, Record[Any]], link: Callable[[Any], str | None]) -> Iterator[tuple[Record[Any], str]]:
    """Each circle of links between records (an aim's `parent`, an idea's `adapted_from`), once:
    the record it is reported on (the first of it met) and the circle in words, `A → B → A`."""
    reported: set[frozenset[str]] = set()
    for start, rec in records.items():
        seen = [start]
        current = link(rec.model)
        while current and current in records and current not in seen:
            seen.append(current)
            current = link(records[current].model)
        if current == start and frozenset(seen) not in reported:
            reported.add(frozenset(seen))
            yield rec, " → ".join(seen + [start])


@emits("NIC501", "NIC502", "NIC504", "NIC511")
def driver_links(network: Network) -> Iterator[Problem]:
    """Drivers with nothing under them; ideas hanging nowhere or on retired drivers."""
    drivers = network.drivers
    ideas = network.change_ideas
    # a change idea or measure that failed to load may be what acts on a driver
    unsure = any(kind in ("change-idea", "measure") for kind, _ in network.broken)
    if drivers is not None and not unsure:
        used = {d for rec in ideas.values() for d in rec.model.drivers}
        used |= {d for rec in network.measures.values() for d in rec.model.tracks.drivers}
        fed = {p for s in drivers.model.secondary for p in s.primary_drivers}
        for i, d in enumerate(drivers.model.primary):
            if d.status == "active" and d.id not in fed and d.id not in used:
                yield _at("NIC501", drivers, ("primary", i, "id"),
                          f"The primary driver `{d.id}` has no secondary driver and no change idea under it.")
        for i, s in enumerate(drivers.model.secondary):
            if s.status == "active" and s.id not in used:
                yield _at("NIC501", drivers, ("secondary", i, "id"), f"No change idea acts on the driver `{s.id}` yet.")
    if drivers is not None:
        retired = {d.id for d in [*drivers.model.primary, *drivers.model.secondary] if d.status == "retired"}
    else:
        retired = set()
    for rec in ideas.values():
        idea = rec.model
        if not idea.drivers:
            yield _at("NIC502", rec, ("drivers",), f"The change idea `{idea.id}` is not linked to any driver.")
        elif idea.status != "retired" and all(d in retired for d in idea.drivers):
            yield _at("NIC504", rec, ("drivers",),
                      f"The change idea `{idea.id}` is `{idea.status}` but acts only on retired drivers "
                      f"({', '.join(idea.drivers)}).")
    # lineage loops
    for rec, chain in _circles(ideas, lambda idea: idea.adapted_from):
        yield _at("NIC511", rec, ("adapted_from",), f"The change idea lineage goes round in a circle: {chain}.")


@emits("NIC514")
def aim_parent_loops(network: Network) -> Iterator[Problem]:
    """An aim's `parent:` chain that comes back to an aim already in it (itself, or a circle)."""
    for rec, chain in _circles(dict(sorted(network.aims.items())), lambda aim: aim.parent):
        yield _at("NIC514", rec, ("parent",), f"The aims' `parent:` chain goes round in a circle: {chain}.")


@emits("NIC213")
def ids_differing_only_in_case(network: Network) -> Iterator[Problem]:
    """Two sites, change ideas, measures, aims or cycles (at one site) whose ids differ only in case.

    Their files (`sites/lincoln/` and `sites/Lincoln/`, `CI-02.yaml` and `ci-02.yaml`) are one file on
    macOS and Windows, whose file systems ignore case: a checkout there keeps only one of them."""
    groups: list[tuple[str, dict]] = [("site", network.sites), ("change idea", network.change_ideas),
                                      ("measure", network.measures), ("aim", network.aims)]
    by_site: dict[str, dict] = {}
    for (site, cycle_id), rec in network.cycles.items():
        by_site.setdefault(site, {})[cycle_id] = rec
    groups += [(f"cycle at {site}", cycles) for site, cycles in sorted(by_site.items())]
    for kind, table in groups:
        first: dict[str, tuple[str, Record]] = {}
        for ident, rec in sorted(table.items(), key=lambda item: (item[1].path, str(item[0]))):
            folded = str(ident).casefold()
            if folded in first and first[folded][0] != ident and network.in_focus(rec.path):
                other, other_rec = first[folded]
                yield _at("NIC213", rec, ("id",),
                          f"The {kind} id `{ident}` differs from `{other}` ({other_rec.path}) only in case; on macOS "
                          "and Windows their files are one and the same, so a checkout there loses one of them.")
            first.setdefault(folded, (str(ident), rec))


@emits("NIC503")
def retired_in_new_cycles(network: Network) -> Iterator[Problem]:
    """A retired change idea or measure is used by a cycle planned after its retirement."""
    for rec in network.cycles.values():
        if not network.in_focus(rec.path):
            continue
        cycle = rec.model
        planned = cycle.planned_on
        uses = [(("change_ideas", i), v, network.change_ideas.get(v), "change idea") for i, v in enumerate(cycle.change_ideas)]
        uses += [(("plan", "measures", i), v, network.measures.get(v), "measure") for i, v in enumerate(cycle.plan.measures)]
        for pointer, value, target, kind in uses:
            if target is None or target.model.status != "retired":
                continue
            retired_on = target.model.retired_on
            if retired_on and planned:
                if planned <= retired_on:
                    continue
                why = f"it was retired on {retired_on} and this cycle was planned on {planned}"
            elif cycle.stage == "plan":
                why = "it is retired and this cycle is still being planned"
            else:
                continue
            yield _at("NIC503", rec, pointer, f"The {kind} `{value}` is used by a new cycle: {why}.")


@emits("NIC505", "NIC506", "NIC507", "NIC508", "NIC509", "NIC510", "NIC512", "NIC513")
def aims_and_measures(network: Network) -> Iterator[Problem]:
    """Aims are measurable; proportions are 0–1; measures say how they are counted."""
    measures = network.measures
    for rec in network.aims.values():
        aim = rec.model
        missing = []
        if aim.baseline is None or not (aim.baseline.start and aim.baseline.end):
            missing.append("a baseline period (`baseline.start` and `baseline.end`)")
        if aim.target is None:
            missing.append("a target with its date (`target.value` and `target.date`)")
        if missing:
            yield _at("NIC505", rec, ("id",), f"The aim `{aim.id}` is missing {' and '.join(missing)}.")
        if aim.baseline and aim.baseline.end and aim.target and aim.target.date <= aim.baseline.end:
            yield _at("NIC506", rec, ("target", "date"),
                      f"The target date {aim.target.date} is not after the baseline, which ends {aim.baseline.end}.")
        if aim.site and not aim.parent:
            yield _at("NIC512", rec, ("site",), f"The site aim `{aim.id}` does not name its network aim in `parent:`.")
        measure = measures.get(aim.outcome_measure)
        if measure is None:
            continue
        if measure.model.type != "outcome":
            yield _at("NIC508", rec, ("outcome_measure",),
                      f"`{aim.outcome_measure}` is a {measure.model.type} measure, not an outcome measure.")
        if measure.model.calculation == "proportion":
            for pointer, value in ((("target", "value"), aim.target.value if aim.target else None),
                                   (("baseline", "value"), aim.baseline.value if aim.baseline else None)):
                if value is not None and not 0 <= value <= 1:
                    yield _at("NIC507", rec, pointer,
                              f"`{format_pointer(pointer)}` is {value:g}, but `{aim.outcome_measure}` is a proportion "
                              f"(0–1).", hint=f"Write {value / 100:g} for {value:g}%." if 1 < value <= 100 else None)
    for rec in measures.values():
        m = rec.model
        if m.calculation == "proportion" and m.goal is not None and not 0 <= m.goal <= 1:
            yield _at("NIC507", rec, ("goal",), f"`goal` is {m.goal:g}, but the measure is a proportion (0–1).",
                      hint=f"Write {m.goal / 100:g} for {m.goal:g}%." if 1 < m.goal <= 100 else None)
        if m.calculation in ("proportion", "rate") and (m.numerator is None or m.denominator is None) and m.status != "retired":
            absent = " and ".join(n for n in ("numerator", "denominator") if getattr(m, n) is None)
            yield _at("NIC509", rec, ("calculation",), f"The {m.calculation} `{m.id}` does not define its {absent}.")
        if m.direction is None and m.type != "balancing":
            yield _at("NIC513", rec, ("type",), f"The {m.type} measure `{m.id}` does not say which way is improvement.",
                      hint="Add `direction: up` or `direction: down`; only a balancing measure may leave it out.")
        if m.collection is None and m.status != "retired":
            yield _at("NIC510", rec, ("id",), f"The measure `{m.id}` has no data collection plan (`collection:`).")
