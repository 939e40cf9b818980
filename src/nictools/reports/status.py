"""`nic status`: where each site stands at a date, from the history.

Per site: cycles by stage, ramps in progress with their growing scale, the latest
decisions and what was learned, measures with their current signal, the last
activity, and whether the site has gone quiet: the one rule in `reports.cadence`, which
`nic report` applies too (its measures' frequency and publication lag, and
`settings.quiet_after_weeks` school weeks; a withdrawn site is never quiet).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass, field
from typing import Any

from nictools.errors import NicError
from nictools.history.git import last_touches
from nictools.history.session import History
from nictools.load.tables import DataTable
from nictools.measurement.analyses import Analyses
from nictools.model.network_config import Break
from nictools.model.pdsa import STAGES, Cycle
from nictools.reports.cadence import site_quiet
from nictools.suggest import did_you_mean


@dataclass
class SignalSummary:
    """A measure's current state at a site, in words and fields."""

    measure: str
    title: str
    points: int
    last_period: str | None
    signal: str  # the assessment's signal, or "not analysed" (no usable data or no measure file)
    words: str
    assessment: dict[str, Any] | None = None  # the `assessment` contract (measurement.assessment)
    variation: str | None = None  # Making Data Count variation icon (measurement.mdc)
    assurance: str | None = None  # Making Data Count assurance icon, where a goal and limits exist


@dataclass
class Ramp:
    cycles: list[str]
    scales: list[str]
    change_ideas: list[str]
    in_progress: bool


@dataclass
class Decision:
    cycle: str
    title: str
    decision: str
    change_ideas: list[str]
    learned: str | None
    next_cycle: str | None


@dataclass
class SiteStatus:
    id: str
    name: str
    cluster: str | None
    stages: dict[str, int]
    drafts: int
    ramps: list[Ramp]
    decisions: list[Decision]
    measures: list[SignalSummary]
    last_activity: dict[str, Any] | None
    quiet: bool
    school_weeks_since: float | None
    provenance: dict[str, str] = field(default_factory=dict)
    status: str = "active"  # the site's status (active, paused, withdrawn): a withdrawn site is never quiet
    quiet_rule: str = ""  # how long a silence counts as quiet for this site (reports.cadence)
    silent: str = ""  # how long since its last activity, in its measures' periods (or school weeks)


@dataclass
class StatusReport:
    network: str
    commit: str
    as_of: str
    quiet_after_weeks: int
    history_starts: str | None
    sites: list[SiteStatus]
    hub: bool = False
    #: "since the last convening": the data that arrived after it (rows, sites, periods), or None (no convening)
    since: dict[str, Any] | None = None

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        if not self.hub:
            for site in data["sites"]:
                site.pop("provenance")
        data.pop("hub")
        return data


def school_weeks_between(start: dt.date, end: dt.date, breaks: list[Break]) -> float:
    """Weeks from `start` to `end`, not counting days inside the calendar's breaks."""
    if end <= start:
        return 0.0
    days = (end - start).days
    for b in breaks:
        lo, hi = max(b.start, start + dt.timedelta(days=1)), min(b.end, end)
        if hi >= lo:
            days -= (hi - lo).days + 1
    return max(days, 0) / 7


def measure_signal(analyses: Analyses, site: str, measure_id: str, table: DataTable) -> SignalSummary:
    """A measure's current state at a site: the assessment's verdict, in fields and words."""
    record = analyses.network.measures.get(measure_id)
    title = record.model.title if record else measure_id
    days = {r.period for r in table.rows if r.period and r.period <= analyses.as_of}
    last = max(days, default=None)
    base = dict(measure=measure_id, title=title, points=len(days), last_period=last.isoformat() if last else None)
    if record is None:
        return SignalSummary(**base, signal="not analysed",
                             words=f"{len(days)} points; measures/{measure_id}.yaml is missing or has problems")
    assessment = analyses.site(measure_id, site)
    if assessment is None:
        why = analyses.why_not(measure_id, site) or "no data"
        return SignalSummary(**base, signal="not analysed", words=f"not analysed: {why}")
    from nictools.measurement.mdc import icons

    chart = analyses.site_chart(measure_id, site)
    found = icons(assessment, chart.goal if chart is not None else None)
    return SignalSummary(measure=measure_id, title=title, points=assessment.points,
                         last_period=assessment.last_period.isoformat() if assessment.last_period else None,
                         signal=assessment.signal, words=assessment.words, assessment=assessment.to_json(),
                         variation=found.variation, assurance=found.assurance)


def _ramps(cycles: dict[str, Cycle]) -> list[Ramp]:
    """The ramps among one site's cycles (cycle id -> cycle)."""
    follows = {c.continues: cid for cid, c in cycles.items() if c.continues and c.continues in cycles}
    starts = [cid for cid, c in cycles.items() if not (c.continues and c.continues in cycles) and cid in follows]
    ramps = []
    for start in sorted(starts):
        chain = [start]
        while chain[-1] in follows and follows[chain[-1]] not in chain:
            chain.append(follows[chain[-1]])
        models = [cycles[c] for c in chain]
        last = models[-1]
        done = last.act is not None and (last.act.decision == "abandon" or not last.act.next_cycle)
        ideas = sorted({i for m in models for i in m.change_ideas})
        ramps.append(Ramp(chain, [(m.plan.scale.in_words() if m.plan.scale else "") or "?" for m in models], ideas, not done))
    return ramps


def _cycle_day(cycle: Cycle) -> dt.date:
    for value in ((cycle.do.actual_end if cycle.do else None), (cycle.do.actual_start if cycle.do else None),
                  cycle.plan.planned_end, cycle.plan.planned_start, cycle.plan.recorded_on):
        if value:
            return value
    return dt.date.min


def build_status(history: History, as_of: str | None = None, site: str | None = None,
                 hub: bool = False) -> StatusReport:
    commit, day = history.resolve_as_of(as_of)
    network = history.network(commit)
    config = network.config.model if network.config else None
    weeks = config.settings.quiet_after_weeks if config else 4
    breaks = config.calendar.breaks if config else []
    analyses = Analyses(network, day)
    site_ids = sorted(set(network.sites) | set(network.site_folders))
    if site:
        if site not in site_ids:
            raise NicError(f"There is no site `{site}` in the network at {commit[:8]}.",
                           did_you_mean(site, site_ids) + f"The sites are: {', '.join(site_ids) or 'none'}.")
        site_ids = [site]
    touches = last_touches(history.repo, commit, {f"sites/{s}/" for s in site_ids})
    starts = None
    if history.repo.shallow:
        starts = history.history_start()
        history.note_shallow()
    provenance: dict[Any, Any] = {}
    if hub:
        from nictools.history.provenance import provenance_at

        provenance = provenance_at(history.repo, history.cache, commit, history.progress)
    # one pass over the cycles and data files, grouped by site (not one scan of the whole network per site)
    site_cycles: dict[str, dict[str, Cycle]] = {}
    for (sid, cid), rec in network.cycles.items():
        site_cycles.setdefault(sid, {})[cid] = rec.model
    site_tables: dict[str, list[tuple[str, DataTable]]] = {}
    for (sid, mid), table in sorted(network.data.items()):
        site_tables.setdefault(sid, []).append((mid, table))
    out = []
    for sid in site_ids:
        record = network.sites.get(sid)
        by_id = site_cycles.get(sid, {})
        cycles = [by_id[cid] for cid in sorted(by_id)]
        stages = {s: 0 for s in STAGES}
        for c in cycles:
            stages[c.stage] += 1
        decided = sorted((c for c in cycles if c.act), key=lambda c: (_cycle_day(c), c.id))[-3:]
        decisions = [Decision(c.id, c.title, c.act.decision, c.change_ideas,  # type: ignore[union-attr]
                              c.study.learned if c.study else None, c.act.next_cycle)  # type: ignore[union-attr]
                     for c in reversed(decided)]
        measures = [measure_signal(analyses, sid, m, table) for m, table in site_tables.get(sid, [])]
        touch = touches.get(f"sites/{sid}/")
        since: float | None = None
        last_day: dt.date | None = None
        if touch:
            last_day = touch[2].date()
            since = school_weeks_between(last_day, day, breaks)
            last: dict[str, Any] | None = {"date": touch[2].date().isoformat(), "author": touch[1], "commit": touch[0]}
        else:
            last = None
            if history.repo.shallow:
                first = history.repo.chain()[0].date.date()
                last_day = first
                since = school_weeks_between(first, day, breaks)
                last = {"date": None, "before": first.isoformat(), "author": None, "commit": None}
        verdict = site_quiet(network, sid, last_day, day)  # the one rule the report uses too
        quiet = verdict.quiet
        prov = {key[2]: p.recorded_before for key, p in sorted(provenance.items()) if key[1] == sid}
        out.append(SiteStatus(sid, record.model.name if record else sid, record.model.cluster if record else None,
                              stages, sum(1 for c in cycles if c.status == "draft"), _ramps(by_id), decisions,
                              measures, last, quiet, round(since, 1) if since is not None else None, prov,
                              status=record.model.status if record else "active",
                              quiet_rule=verdict.rule.words, silent=verdict.silent_words))
    return StatusReport(network.name, commit, day.isoformat(), weeks, starts, out, hub,
                        _since_convening(history, commit, day, set(site_ids)))


def _since_convening(history: History, commit: str, day: dt.date, sites: set[str]) -> dict[str, Any] | None:
    """The data that arrived since the last convening on or before `day` (by the commit that added each row)."""
    from nictools.convenings import last_commit_by, list_convenings

    earlier = [c for c in list_convenings(history.repo) if c.date.date() <= day]
    if not earlier:
        return None
    last = earlier[-1]
    start = last_commit_by(history.repo, last.date)
    window = {c.id for c in history.repo.log(commit, start, with_changes=False)} if start else None
    rows = [a for per in history.arrivals(commit).rows.values() for a in per.values()
            if a.site in sites and (window is None or a.commit in window)]
    periods = sorted({a.period for a in rows})
    return {"convening": last.name, "date": last.date.date().isoformat(), "rows": len(rows),
            "sites": len({a.site for a in rows}), "periods": len(periods),
            "first": periods[0] if periods else None, "last": periods[-1] if periods else None,
            "measures": sorted({a.measure for a in rows})}
