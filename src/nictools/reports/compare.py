"""`nic compare`: sites side by side — what each tested and decided, at what scale, where.

Learning, not a league table: sites keep the order they were given in, change ideas
are listed by id, and nothing is ranked or totalled across sites.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

from nictools.errors import NicError
from nictools.history.session import History
from nictools.measurement.analyses import Analyses
from nictools.measurement.charts import not_like_for_like
from nictools.model.network import Network
from nictools.reports.activity import scale_words
from nictools.suggest import did_you_mean


@dataclass
class SiteTrial:
    """One change idea at one site."""

    cycles: list[str]
    decisions: list[str]  # in cycle order: the story of the idea at this site
    scales: list[str]
    where: list[str]
    measures: list[str]
    learned: list[str]


@dataclass
class IdeaRow:
    id: str
    title: str
    status: str | None
    sites: dict[str, SiteTrial | None]


@dataclass
class MeasureVerdict:
    """Where the site stands on one measure: the one assessment, as every command gives it."""

    measure: str
    signal: str
    words: str
    assessment: dict[str, Any] | None
    breaks: list[str] = field(default_factory=list)  # definition changes inside the data: not like for like


@dataclass
class SiteColumn:
    id: str
    name: str
    cluster: str | None
    context: str
    measures_with_data: list[str]
    measures: list[MeasureVerdict] = field(default_factory=list)


@dataclass
class CompareReport:
    network: str
    commit: str
    sites: list[SiteColumn]
    ideas: list[IdeaRow] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


def _context(network: Network, site: str) -> str:
    record = network.sites.get(site)
    if not record:
        return "unknown"
    c = record.model.context
    return ", ".join(x for x in (c.level, c.size_band, c.setting) if x)


def build_compare(history: History, sites: list[str], cluster: str | None = None,
                  as_of: str | None = None) -> CompareReport:
    commit, day = history.resolve_as_of(as_of)
    network = history.network(commit)
    analyses = Analyses(network, day)
    threshold = network.config.model.settings.small_cell_threshold if network.config else 10
    known = sorted(set(network.sites) | set(network.site_folders))
    if cluster:
        clusters = [c.id for c in network.config.model.clusters] if network.config else []
        if cluster not in clusters:
            raise NicError(f"There is no cluster `{cluster}` in network.yaml.",
                           did_you_mean(cluster, clusters) + f"The clusters are: {', '.join(clusters) or 'none'}.")
        sites = [s for s in known if network.sites.get(s) and network.sites[s].model.cluster == cluster]
        if not sites:
            raise NicError(f"No site belongs to cluster `{cluster}`.", "Set `cluster:` in the sites' site.yaml.")
    if not sites:
        raise NicError("Name the sites to compare, or a cluster.", "For example: `nic compare lincoln roosevelt` "
                       "or `nic compare --cluster rac-1`.")
    for s in sites:
        if s not in known:
            raise NicError(f"There is no site `{s}` in the network.", did_you_mean(s, known) +
                           f"The sites are: {', '.join(known)}.")
    columns = [SiteColumn(s, network.sites[s].model.name if s in network.sites else s,
                          network.sites[s].model.cluster if s in network.sites else None, _context(network, s),
                          sorted(m for (site, m) in network.data if site == s)) for s in sites]
    for column in columns:
        for mid in column.measures_with_data:
            chart = analyses.site_chart(mid, column.id) if mid in network.measures else None
            a = chart.assessment if chart is not None else None
            column.measures.append(MeasureVerdict(mid, a.signal, a.words, a.to_json(), not_like_for_like(chart))
                                   if chart is not None and a else MeasureVerdict(
                mid, "not analysed", analyses.why_not(mid, column.id) or "no measure file", None))
    trials: dict[str, dict[str, SiteTrial]] = {}
    for (site, _), record in sorted(network.cycles.items()):
        if site not in sites:
            continue
        c = record.model
        for idea in c.change_ideas:
            t = trials.setdefault(idea, {}).setdefault(site, SiteTrial([], [], [], [], [], []))
            t.cycles.append(c.id)
            if c.act:
                t.decisions.append(f"{c.id}: {c.act.decision}")
            scale = scale_words(c.plan.scale, threshold)  # small counts masked
            if scale and scale not in t.scales:
                t.scales.append(scale)
            if c.plan.where and c.plan.where not in t.where:
                t.where.append(c.plan.where)
            for m in c.plan.measures:
                if m not in t.measures:
                    t.measures.append(m)
            if c.study and c.study.learned:
                t.learned.append(f"{c.id}: {c.study.learned}")
    rows = []
    for idea in sorted(trials):
        record = network.change_ideas.get(idea)
        rows.append(IdeaRow(idea, record.model.title if record else idea, record.model.status if record else None,
                            {s: trials[idea].get(s) for s in sites}))
    from nictools.reports.timeline import network_name

    return CompareReport(network_name(history, commit), commit, columns, rows)
