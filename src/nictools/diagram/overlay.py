"""What the network has learned about each change idea, from its PDSA cycles.

Plain data for the diagram's status overlay (and anything else that wants it):
how many sites tested an idea and where each of them landed. A site counts once per
idea, under the decision of its latest decided cycle naming the idea, so
`adopted + adapted + abandoned + still_testing == sites_tested`.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from nictools.model.network import Network, Record
from nictools.model.pdsa import Cycle


@dataclass(frozen=True)
class IdeaStatus:
    """A change idea's lifecycle status and what the cycles naming it decided."""

    status: str
    cycles: int = 0
    sites: tuple[str, ...] = ()
    adopted: int = 0
    adapted: int = 0
    abandoned: int = 0

    @property
    def sites_tested(self) -> int:
        return len(self.sites)

    @property
    def still_testing(self) -> int:
        return self.sites_tested - self.adopted - self.adapted - self.abandoned


def describe(status: IdeaStatus) -> str:
    """`Tested at 3 sites: 2 adopted, 1 adapted` (or `No PDSA cycles yet`)."""
    if status.sites_tested == 0:
        return "No PDSA cycles yet"
    n = status.sites_tested
    parts = [f"{count} {word}" for count, word in (
        (status.adopted, "adopted"), (status.adapted, "adapted"), (status.abandoned, "abandoned"),
        (status.still_testing, "still testing")) if count]
    return f"Tested at {n} site{'s' if n != 1 else ''}" + (": " + ", ".join(parts) if parts else "")


@dataclass(frozen=True)
class SiteIdea:
    """One site's work on one change idea: its cycles and latest decision."""

    cycles: tuple[str, ...]
    decision: str | None


@dataclass(frozen=True)
class SiteWork:
    """What one site works on: the ideas its cycles test and its focus drivers."""

    site: str
    name: str
    ideas: dict[str, SiteIdea] = field(default_factory=dict)
    focus_drivers: frozenset[str] = frozenset()


def natural_key(text: str) -> tuple[object, ...]:
    return tuple(int(part) if part.isdigit() else part.lower() for part in re.split(r"(\d+)", text))


def _when(record: Record[Cycle]) -> tuple[dt.date, tuple[object, ...]]:
    """When a cycle happened, as best the record says; the id breaks ties (C02 after C01).

    A cycle with no date at all is taken as the newest: it is usually a plan just written.
    """
    cycle = record.model
    dates = [
        cycle.do.actual_end if cycle.do else None,
        cycle.do.actual_start if cycle.do else None,
        cycle.plan.planned_end,
        cycle.plan.planned_start,
        cycle.plan.recorded_on,
    ]
    date = next((d for d in dates if d is not None), dt.date.max)
    return date, natural_key(cycle.id)


def _cycles_by_idea(network: Network) -> dict[str, dict[str, list[Record[Cycle]]]]:
    """Change idea -> site -> its cycles naming the idea, oldest first."""
    found: dict[str, dict[str, list[Record[Cycle]]]] = {}
    for (site, _), record in network.cycles.items():
        for idea in dict.fromkeys(record.model.change_ideas):
            found.setdefault(idea, {}).setdefault(site, []).append(record)
    for per_site in found.values():
        for records in per_site.values():
            records.sort(key=_when)
    return found


def _latest_decision(records: list[Record[Cycle]]) -> str | None:
    for record in reversed(records):
        if record.model.act is not None:
            return record.model.act.decision
    return None


def idea_statuses(network: Network) -> dict[str, IdeaStatus]:
    """Every change idea's lifecycle status, sites tested and decisions."""
    by_idea = _cycles_by_idea(network)
    out: dict[str, IdeaStatus] = {}
    for idea_id, record in network.change_ideas.items():
        per_site = by_idea.get(idea_id, {})
        decisions = [_latest_decision(records) for records in per_site.values()]
        out[idea_id] = IdeaStatus(
            status=record.model.status,
            cycles=sum(len(records) for records in per_site.values()),
            sites=tuple(sorted(per_site, key=natural_key)),
            adopted=decisions.count("adopt"),
            adapted=decisions.count("adapt"),
            abandoned=decisions.count("abandon"),
        )
    return out


def site_work(network: Network, site: str) -> SiteWork:
    """One site's cycles per change idea and its focus drivers (the site must exist)."""
    by_idea = _cycles_by_idea(network)
    ideas = {
        idea: SiteIdea(cycles=tuple(r.model.id for r in per_site[site]), decision=_latest_decision(per_site[site]))
        for idea, per_site in by_idea.items()
        if site in per_site
    }
    record = network.sites.get(site)
    return SiteWork(
        site=site,
        name=record.model.name if record else site,
        ideas=ideas,
        focus_drivers=frozenset(record.model.focus_drivers) if record else frozenset(),
    )
