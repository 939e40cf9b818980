"""`nic status`: where each site stands at a date, from the history.

Per site: cycles by stage, ramps in progress with their growing scale, the latest
decisions and what was learned, measures with their current signal, the last
activity, and whether the site has gone quiet (no activity for
`settings.quiet_after_weeks` school weeks, breaks in the network calendar not
counting, measured against the as-of date).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass, field
from typing import Any

from nictools.errors import NicError
from nictools.history.git import last_touches
from nictools.history.session import History
from nictools.load.tables import DataTable
from nictools.model.measure import Measure
from nictools.model.network import Network
from nictools.model.network_config import Break
from nictools.model.pdsa import STAGES, Cycle, Scale
from nictools.suggest import did_you_mean


@dataclass
class SignalSummary:
    """A measure's current state at a site, in words and fields."""

    measure: str
    title: str
    points: int
    last_period: str | None
    signal: str  # "improvement", "concern", "signal" (no direction), "none", "too few points", "not analysed"
    words: str


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


@dataclass
class StatusReport:
    network: str
    commit: str
    as_of: str
    quiet_after_weeks: int
    history_starts: str | None
    sites: list[SiteStatus]
    hub: bool = False

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        if not self.hub:
            for site in data["sites"]:
                site.pop("provenance")
        data.pop("hub")
        return data


_SINGULAR = {"sites": "site", "teachers": "teacher", "classes": "class", "students": "student", "days": "day"}


def describe_scale(scale: Scale | None) -> str:
    """`1 teacher, 2 classes` from a Scale; '?' when the plan gives none."""
    if scale is None:
        return "?"
    parts = []
    for name in ("sites", "teachers", "classes", "students", "days"):
        value = getattr(scale, name)
        if value is not None:
            parts.append(f"{value} {_SINGULAR[name] if value == 1 else name}")
    return ", ".join(parts) or (scale.notes or "?")


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


def measure_signal(table: DataTable, measure: Measure | None, as_of: dt.date) -> SignalSummary:
    """The hook for a measure's current signal at a site: SPC rules from `nictools.analysis`."""
    rows = [r for r in table.rows if r.period and r.period <= as_of]
    mid = table.path.rsplit("/", 1)[-1].rsplit(".", 1)[0]
    title = measure.title if measure else mid
    last = max((r.period for r in rows if r.period), default=None)
    points = len({r.period for r in rows})
    base = dict(measure=mid, title=title, points=points, last_period=last.isoformat() if last else None)
    if points < 10:
        return SignalSummary(**base, signal="too few points",
                             words=f"{points} point(s); a run chart needs 10 or more to show a signal")
    try:
        from nictools.analysis.spc import analyse, classify_signals
    except ImportError:  # the analysis module is optional at this layer
        return SignalSummary(**base, signal="not analysed", words=f"{points} points, last {last}")
    rows.sort(key=lambda r: r.period)  # type: ignore[arg-type, return-value]
    chart = measure.chart.type if measure else "run"
    rules = measure.chart.rules if measure else "anhoej"
    x = [r.period.isoformat() for r in rows]  # type: ignore[union-attr]
    if table.kind == "ratio":
        y = [r.numerator for r in rows]
        n: list[Any] | None = [r.denominator for r in rows]
    else:
        y, n = [r.value for r in rows], None
        if chart in ("p", "pp", "u", "up"):
            chart = "run"
    try:
        result = analyse(x, [float("nan") if v is None else v for v in y],
                         None if n is None else [float("nan") if v is None else v for v in n],
                         chart=chart, rules=rules)  # type: ignore[arg-type]
    except (ValueError, ZeroDivisionError) as exc:
        return SignalSummary(**base, signal="not analysed", words=f"could not be analysed: {exc}")
    kinds = classify_signals(result, measure.direction if measure else None)
    recent = [k for k in kinds[-6:] if k]
    part = result.parts[-1] if result.parts else None
    if recent:
        kind = "improvement" if "improvement" in recent else "concern" if "concern" in recent else "signal"
        words = {"improvement": "a signal in the direction of improvement",
                 "concern": "a signal against the direction of improvement",
                 "signal": "a signal (no direction)"}[kind]
    elif part is not None and part.runs_signal:
        kind, words = "signal", "non-random variation (too few crossings of the median)"
    else:
        kind, words = "none", "no signal: random variation around the centre line"
    return SignalSummary(**base, signal=kind, words=f"{words}; {points} points, last {last}")


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
        ramps.append(Ramp(chain, [describe_scale(m.plan.scale) for m in models], ideas, not done))
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
        measures = [measure_signal(table, network.measures[m].model if m in network.measures else None, day)
                    for m, table in site_tables.get(sid, [])]
        touch = touches.get(f"sites/{sid}/")
        since: float | None = None
        if touch:
            since = school_weeks_between(touch[2].date(), day, breaks)
            last: dict[str, Any] | None = {"date": touch[2].date().isoformat(), "author": touch[1], "commit": touch[0]}
        else:
            last = None
            if history.repo.shallow:
                first = history.repo.chain()[0].date.date()
                since = school_weeks_between(first, day, breaks)
                last = {"date": None, "before": first.isoformat(), "author": None, "commit": None}
        quiet = since is not None and since >= weeks
        prov = {key[2]: p.recorded_before for key, p in sorted(provenance.items()) if key[1] == sid}
        out.append(SiteStatus(sid, record.model.name if record else sid, record.model.cluster if record else None,
                              stages, sum(1 for c in cycles if c.status == "draft"), _ramps(by_id), decisions,
                              measures, last, quiet, round(since, 1) if since is not None else None, prov))
    return StatusReport(network.name, commit, day.isoformat(), weeks, starts, out, hub)
