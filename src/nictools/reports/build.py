"""`build_report(network, options)`: every section of the convening report, as data.

The network passed in is the network as it stood at `as_of` (the history engine
rebuilds it from git for a past revision; otherwise it is the working tree). Git
history, when given (`HistoryFacts`), supplies what the files cannot: when a decision
was committed, which change ideas are new or retired, edits of the driver diagram.
Without it, the dates written in the files are the clock and the report says so.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from statistics import median
from typing import Callable

from nictools import __version__
from nictools.model.network import Network
from nictools.reports.activity import (Timeline, expected_periods, scale_words, was_run)
from nictools.reports.evidence import STATE_ORDER, build_card, site_state
from nictools.reports.model import (AgendaSection, BalancingConcern, Completeness, DiagramNode, DiagramSection,
                                    FailedPrediction, Happening, Marker, Match, MeasureArrived, NetworkSection,
                                    PlannedCycle, ProposedPhase, RampStep, Report,
                                    ReportingChange, SummaryCell, SummaryRow,
                                    SinceSection, SitePage, SiteSignal, SpreadRow, SpreadSection, StrataBlock)
from nictools.measurement.analyses import Analyses
from nictools.reports.series import series_from_chart

Progress = Callable[[str], None]


@dataclass
class HistoryFacts:
    """What the git history adds (filled by `reports.history`): dated events in the window."""

    since_label: str
    since_date: dt.date | None
    happenings: list[Happening] = field(default_factory=list)
    decided: dict[tuple[str, str], dt.date] = field(default_factory=dict)
    cycles_run: int = 0
    cycles_planned: int = 0
    predictions: dict[str, int] = field(default_factory=dict)
    decisions: dict[str, int] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    #: data rows that arrived in the window: (site, measure, period) -> the day the commit was made
    arrived: dict[tuple[str, str, dt.date], dt.date] = field(default_factory=dict)
    #: site -> the day of the last commit that touched its folder (the activity `nic status` dates too)
    touched: dict[str, dt.date] | None = None


@dataclass
class ReportOptions:
    as_of: dt.date
    since_label: str = "the start"
    since_date: dt.date | None = None
    site: str | None = None
    hub: bool = False
    small_cell: int | None = None  # None: the network's setting
    history: HistoryFacts | None = None
    progress: Progress | None = None
    analyses: Analyses | None = None  # shared with other views of the same network and date
    include_withdrawn: bool = False  # withdrawn sites in the tiles, summary and funnel too
    site_pages: str = "auto"  # all / signals / none / auto (all up to COMPACT_SITES sites, else signals)


def _say(options: ReportOptions, text: str) -> None:
    if options.progress:
        options.progress(text)


def build_report(network: Network, options: ReportOptions) -> Report:
    """The whole report; `options.site` narrows sites, cards and agenda to one site."""
    threshold = options.small_cell if options.small_cell is not None else (
        network.config.model.settings.small_cell_threshold if network.config else 10)
    timeline = Timeline(network, options.as_of)
    analyses = options.analyses or Analyses(network, options.as_of)
    if options.history:
        timeline.decided.update(options.history.decided)
    notes: list[str] = []
    _say(options, "network section")
    net = _network_section(analyses, options, threshold)
    _say(options, "since the last convening")
    since = _since_section(network, options, timeline)
    _say(options, "change-idea evidence cards")
    outcome = outcome_measure(network)
    cards = []
    for idea_id, record in sorted(network.change_ideas.items()):
        card = build_card(analyses, timeline, record.model, outcome=outcome, threshold=threshold)
        if options.site and not any(s.site == options.site for s in card.sites):
            continue
        cards.append(card)
    _say(options, "spread")
    spread = _spread_section(network, timeline, cards if not options.site else [
        build_card(analyses, timeline, r.model, outcome=None, threshold=threshold) for r in network.change_ideas.values()])
    _say(options, "site pages")
    sites = [sid for sid in sorted(network.sites) if not options.site or sid == options.site]
    pages = []
    latest = _latest_periods(network, options.as_of)
    for index, sid in enumerate(sites):
        if options.progress and len(sites) > 20 and index % 20 == 0:
            options.progress(f"site pages {index}/{len(sites)}")
        pages.append(_site_page(analyses, timeline, sid, threshold, options, latest))
    _say(options, "agenda")
    agenda = _agenda(network, timeline, pages, options, since)
    _agenda_measurement(agenda, analyses, cards, pages)
    diagram = _diagram(network, timeline, options)
    names = {p.site: p.name for p in pages}
    mode = options.site_pages
    if mode == "auto":
        mode = ("all" if len(pages) <= COMPACT_SITES or options.site else
                "signals" if len(pages) <= NO_PAGES_SITES else "none")
    total = len(pages)
    if mode == "none":
        pages = []
    elif mode == "signals":
        pages = [p for p in pages if _worth_a_page(analyses, p, agenda)]
    for page in pages:
        _site_charts(analyses, timeline, page, threshold)
    if options.history is None:
        notes.append("Dates come from the files (cycle dates, data periods): the git history was not read.")
    return Report(network=net, since=since, evidence=cards, spread=spread, sites=pages, agenda=agenda,
                  diagram=diagram, as_of=options.as_of, small_cell_threshold=threshold, hub=options.hub,
                  site_filter=options.site, notes=notes, version=__version__, site_names=names,
                  site_pages=mode, site_pages_total=total)


#: Up to this many sites every site gets a page; beyond it (`--site-pages auto`) only the sites with
#: something to discuss: a signal in any measure, a quiet spell, an ask or a prediction that did not hold.
COMPACT_SITES = 40
#: Beyond this many sites `auto` gives no site pages (the tiles, summary and funnel carry every site;
#: `--site-pages signals` or `--site-pages all` asks for them).
NO_PAGES_SITES = 300


def _worth_a_page(analyses: Analyses, page: SitePage, agenda: AgendaSection) -> bool:
    if page.status == "withdrawn":
        return False
    if page.ask or any(q[0] == page.site for q in agenda.quiet) or any(f.site == page.site for f in agenda.failed):
        return True
    for (site, mid) in analyses.network.data:
        if site == page.site and mid in analyses.network.measures:
            found = analyses.site(mid, site)
            if found is not None and found.signal not in ("none", "too-few-points"):
                return True
    return False


def outcome_measure(network: Network) -> str | None:
    aim_id = network.config.model.aim if network.config else None
    aim = network.aims.get(aim_id) if aim_id else None
    if aim is None:
        aim = next((a for a in network.aims.values() if a.model.parent is None and a.model.site is None), None)
    return aim.model.outcome_measure if aim else None


def _fmt_value(value: float | None, percent: bool) -> str:
    if value is None:
        return "?"
    return f"{value:.0%}" if percent else f"{value:g}"


def _network_section(analyses: Analyses, options: ReportOptions, threshold: int) -> NetworkSection:
    network = analyses.network
    config = network.config.model if network.config else None
    aim_id = config.aim if config else None
    aim = network.aims.get(aim_id).model if aim_id and aim_id in network.aims else None
    measure_id = outcome_measure(network)
    measure = network.measures[measure_id].model if measure_id in network.measures else None
    percent = bool(measure and measure.calculation == "proportion")
    section = NetworkSection(
        name=network.name, hub=config.hub if config else "", description=config.description if config else None,
        aim_title=aim.title if aim else None, aim_statement=aim.statement if aim else None,
        baseline=(f"{_fmt_value(aim.baseline.value, percent)} ({aim.baseline.start} to {aim.baseline.end})"
                  if aim and aim.baseline and aim.baseline.value is not None else None),
        target=(f"{_fmt_value(aim.target.value, percent)} by {aim.target.date}" if aim and aim.target else None),
        measure=measure_id, measure_title=measure.title if measure else None,
        measure_definition=measure.definition if measure else None, series=None)
    if measure is None:
        section.notes.append("The network aim names no outcome measure that nic can find, so there is no "
                             "network chart.")
        return section
    section.frequency = measure.frequency
    # the network chart keeps every site that reported (its reporting changes mark a withdrawal); tiles, the
    # summary and the funnel leave withdrawn sites out unless asked for (--include-withdrawn)
    reporting = [s for s, r in sorted(network.sites.items()) if r.model.status != "withdrawn" or
                 (s, measure_id) in network.data]
    active = [s for s in reporting if options.include_withdrawn or network.sites[s].model.status != "withdrawn"]
    section.withdrawn = [network.sites[s].model.name for s in reporting if s not in active]
    chart = analyses.network_chart(measure_id, [s for s in reporting if (s, measure_id) in network.data])
    section.series = series_from_chart(chart, measure, title=f"{measure.title}: all sites", threshold=threshold)
    section.reporting_changes = [ReportingChange(c.period, list(c.joined), list(c.missing), c.reporting)
                                 for c in (chart.reporting_changes if chart else ())]
    if chart is not None:
        for change in section.reporting_changes:
            words = []
            if change.joined:
                words.append("+" + ", ".join(change.joined))
            if change.left:
                words.append("−" + ", ".join(change.left))
            section.series.markers.append(Marker(change.period, f"{change.reporting} sites", "reporting",
                                                 detail="; ".join(words)))
    for sid in active:
        site = network.sites[sid].model
        site_chart = analyses.site_chart(measure_id, sid)
        series = series_from_chart(site_chart, measure, title=site.name, threshold=threshold, site=sid) \
            if site_chart is not None else None
        status = series.status if series else "no_data"
        section.sites.append(SiteSignal(sid, site.name, site.cluster, site.cohort, status, series))
    section.counts = {key: sum(1 for s in section.sites if s.status == key)
                      for key in ("improvement", "none", "concern", "both", "change", "too_few", "no_data")}
    section.summary_measures, section.summary = _summary(analyses, [s for s in active
                                                                if network.sites[s].model.status != "withdrawn"])
    from nictools.reports.funnel import build_funnel

    arrived = ({period for (_, mid, period) in options.history.arrived if mid == measure_id}
               if options.history is not None else None)
    section.funnel = build_funnel(analyses, measure_id, active, since=options.since_date,
                                  threshold=threshold, arrived=arrived, since_label=options.since_label)
    return section


_TYPE_ORDER = {"outcome": 0, "process": 1, "driver": 2, "balancing": 3}


def _summary(analyses: Analyses, sites: list[str]) -> tuple[list[str], list[SummaryRow]]:
    """The Making Data Count summary: sites by measures, each cell from the site's assessment."""
    from nictools.measurement.mdc import icons

    network = analyses.network
    measures = sorted({m for s, m in network.data if s in sites and m in network.measures},
                      key=lambda m: (_TYPE_ORDER.get(network.measures[m].model.type, 9), m))
    rows = []
    for sid in sites:
        site = network.sites[sid].model
        row = SummaryRow(sid, site.name, site.cluster)
        for mid in measures:
            chart = analyses.site_chart(mid, sid)
            if chart is None or chart.assessment is None:
                continue
            found = icons(chart.assessment, chart.goal)
            row.cells[mid] = SummaryCell(found.variation, found.assurance, found.words)
        rows.append(row)
    rows.sort(key=lambda r: (r.cluster or "~", r.name))
    return measures, rows


def _in_window(day: dt.date | None, options: ReportOptions) -> bool:
    if day is None or day > options.as_of:
        return False
    return options.since_date is None or day > options.since_date


def _since_section(network: Network, options: ReportOptions, timeline: Timeline) -> SinceSection:
    facts = options.history
    if facts is not None:
        section = SinceSection(facts.since_label, facts.since_date, options.as_of, "history",
                               cycles_run=facts.cycles_run, cycles_planned=facts.cycles_planned,
                               predictions=dict(facts.predictions), decisions=dict(facts.decisions),
                               happenings=[h for h in facts.happenings
                                           if not options.site or h.site in (None, "", options.site)],
                               notes=list(facts.notes))
        _data_arrived(network, section, {k: v for k, v in facts.arrived.items()
                                         if not options.site or k[0] == options.site},
                      "by the commit that added each row: data published after the convening belongs to this "
                      "window, whatever period it is for")
        return section
    section = SinceSection(options.since_label, options.since_date, options.as_of, "files")
    predictions = {"confirmed": 0, "partly": 0, "not_confirmed": 0}
    decisions = {"adopt": 0, "adapt": 0, "abandon": 0}
    for key, record in timeline.cycles(options.site):
        cycle = record.model
        site, cid = key
        if was_run(cycle) and _in_window(cycle.started_on, options):
            section.cycles_run += 1
            section.happenings.append(Happening(cycle.started_on, site, "cycle", f"{cid}: {cycle.title}",
                                                ", ".join(cycle.change_ideas), ref=cid))
        elif not was_run(cycle) and _in_window(cycle.plan.recorded_on or cycle.plan.planned_start, options):
            section.cycles_planned += 1
            section.happenings.append(Happening(cycle.plan.recorded_on or cycle.plan.planned_start, site, "planned",
                                                f"{cid}: {cycle.title}", ", ".join(cycle.change_ideas), ref=cid))
        if cycle.study and _in_window(cycle.ended_on, options):
            for check in cycle.study.predictions:
                predictions[check.result] = predictions.get(check.result, 0) + 1
        if cycle.act and _in_window(timeline.decision_date(key, cycle), options):
            decisions[cycle.act.decision] = decisions.get(cycle.act.decision, 0) + 1
            section.happenings.append(Happening(timeline.decision_date(key, cycle), site, "decision",
                                                f"{cid}: {cycle.act.decision} — {', '.join(cycle.change_ideas) or cycle.title}",
                                                cycle.act.reason or "", ref=cid))
    if network.drivers:
        for rev in network.drivers.model.revisions:
            if _in_window(rev.date, options):
                section.happenings.append(Happening(rev.date, None, "diagram", rev.summary, rev.reason))
    section.predictions, section.decisions = predictions, decisions
    arrived = {(site, mid, row.period): row.period for (site, mid), table in network.data.items()
               if not options.site or site == options.site for row in table.rows if _in_window(row.period, options)}
    _data_arrived(network, section, arrived, "by the period each row is for (without git, when a row arrived "
                  "is not known)")
    section.happenings.sort(key=lambda h: (h.date or dt.date.min, h.site or "", h.ref))
    section.notes.append("New and retired change ideas are read from the git history, which was not available: "
                         "run the report in a clone of the network's repository.")
    return section


def _data_arrived(network: Network, section: SinceSection, arrived: dict[tuple[str, str, dt.date], dt.date],
                  rule: str) -> None:
    """Rows, sites and periods of data that arrived in the window, by measure, and a happening for each."""
    from nictools.reports.cadence import count_periods

    section.data_rule = rule
    by_measure: dict[str, list[tuple[str, dt.date, dt.date]]] = {}
    for (site, mid, period), day in arrived.items():
        by_measure.setdefault(mid, []).append((site, period, day))
    for mid in sorted(by_measure):
        rows = by_measure[mid]
        record = network.measures.get(mid)
        frequency = record.model.frequency if record else ""
        periods = sorted({p for _, p, _ in rows})
        sites = {s for s, _, _ in rows}
        item = MeasureArrived(mid, record.model.title if record else mid, frequency, len(rows), len(sites),
                              len(periods), periods[0], periods[-1])
        section.data.append(item)
        latest = max(d for _, _, d in rows)
        section.happenings.append(Happening(
            latest, None, "data", f"{mid}: {len(rows)} row{'s' if len(rows) != 1 else ''} from {len(sites)} "
            f"site{'s' if len(sites) != 1 else ''}",
            f"{count_periods(len(periods), frequency)}, {periods[0].isoformat()} to {periods[-1].isoformat()}",
            ref=mid))
    section.data_rows = len(arrived)
    section.data_sites = len({k[0] for k in arrived})


def _spread_section(network: Network, timeline: Timeline, cards: list) -> SpreadSection:
    section = SpreadSection()
    section.ideas = sorted(network.change_ideas)
    for sid, record in sorted(network.sites.items(), key=lambda kv: (kv[1].model.cluster or "~", kv[0])):
        section.sites.append((sid, record.model.name, record.model.cluster))
        row: dict[str, str] = {}
        for idea in section.ideas:
            state, _ = site_state(network, timeline, sid, idea)
            if state:
                row[idea] = state
        section.matrix[sid] = row
    for card in cards:
        adopting = [s for s in card.sites if s.state == "adopted"]
        tests = [s.first_test for s in card.sites if s.first_test]
        adoptions = [s.adopted_on for s in adopting if s.adopted_on]
        row = SpreadRow(card.idea, card.title, card.origin_site, len(adopting),
                        len([s for s in adopting if s.site != card.origin_site]))
        for s in adopting:
            row.by_cluster[s.cluster or "no cluster"] = row.by_cluster.get(s.cluster or "no cluster", 0) + 1
            row.by_cohort[s.cohort or "no cohort"] = row.by_cohort.get(s.cohort or "no cohort", 0) + 1
        row.first_test = min(tests) if tests else None
        row.first_adoption = min(adoptions) if adoptions else None
        if row.first_test and row.first_adoption:
            row.weeks_to_adoption = round((row.first_adoption - row.first_test).days / 7, 1)
        per_site = [(s.adopted_on - s.first_test).days / 7 for s in adopting if s.adopted_on and s.first_test]
        if per_site:
            row.median_weeks_to_adoption = round(median(per_site), 1)
        section.rows.append(row)
    section.rows.sort(key=lambda r: (-r.adopting_sites, r.idea))
    return section


def _site_outcome(network: Network, site: str) -> tuple[str | None, object | None]:
    for record in network.aims.values():
        if record.model.site == site:
            return record.model.outcome_measure, record.model
    return outcome_measure(network), None


def _ramp(network: Network, timeline: Timeline, site: str, threshold: int) -> list[RampStep]:
    """The latest chain of `continues` links at a site, oldest first."""
    cycles = timeline.cycles(site)
    if not cycles:
        return []
    ids = {key[1] for key, _ in cycles}
    parent: dict[str, str] = {}
    for key, record in cycles:
        ref = record.model.continues
        if ref:
            psite, pid = network.resolve_cycle(ref, site)
            if psite == site and pid in ids:
                parent[key[1]] = pid
    has_parent_or_child = set(parent) | set(parent.values())
    candidates = [key[1] for key, r in cycles if key[1] in has_parent_or_child]
    if not candidates:
        return []
    end = candidates[-1]
    chain = [end]
    seen = {end}
    while chain[-1] in parent and parent[chain[-1]] not in seen:
        chain.append(parent[chain[-1]])
        seen.add(chain[-1])
    chain.reverse()
    steps = []
    for cid in chain:
        cycle = network.cycles[(site, cid)].model
        steps.append(RampStep(cid, cycle.title, cycle.started_on, scale_words(cycle.plan.scale, threshold),
                              cycle.act.decision if cycle.act else None,
                              rank=(cycle.plan.scale.teachers or 0) * 1000 + (cycle.plan.scale.classes or 0)
                              if cycle.plan.scale else 0))
    return steps


def _breaks(network: Network) -> list[tuple[dt.date, dt.date]]:
    if not network.config:
        return []
    return [(b.start, b.end) for b in network.config.model.calendar.breaks]


def _latest_periods(network: Network, as_of: dt.date) -> dict[str, dt.date]:
    """Measure -> the latest period any site reported (up to as_of): the network's clock for data."""
    out: dict[str, dt.date] = {}
    for (site, mid), table in network.data.items():
        for row in table.rows:
            if row.period and row.period <= as_of and (mid not in out or row.period > out[mid]):
                out[mid] = row.period
    return out


def _site_page(analyses: Analyses, timeline: Timeline, sid: str, threshold: int, options: ReportOptions,
               latest: dict[str, dt.date]) -> SitePage:
    """One site's page without its charts (`_site_charts`, for the pages kept); `latest` is
    `_latest_periods` of the network (the same for every page)."""
    network = analyses.network
    site = network.sites[sid].model
    ctx = site.context
    measure_id, aim = _site_outcome(network, sid)
    percent = bool(measure_id in network.measures and network.measures[measure_id].model.calculation == "proportion")
    page = SitePage(site=sid, name=site.name, cluster=site.cluster, cohort=site.cohort,
                    context=", ".join(x for x in (ctx.level, ctx.size_band, ctx.setting) if x), coach=site.coach,
                    status=site.status, aim_statement=aim.statement if aim else None,
                    aim_baseline=_fmt_value(aim.baseline.value, percent) if aim and aim.baseline and
                    aim.baseline.value is not None else None,
                    aim_target=(f"{_fmt_value(aim.target.value, percent)} by {aim.target.date}"
                                if aim and aim.target else None),
                    outcome=None, process=None, ask=site.ask)
    cycles = timeline.cycles(sid)
    # the change being tested: the ideas of the latest run cycle that is not adopted or abandoned yet
    active = [(k, r) for k, r in cycles if was_run(r.model) and (r.model.act is None or r.model.act.decision == "adapt")]
    latest_run = active[-1] if active else next(((k, r) for k, r in reversed(cycles) if was_run(r.model)), None)
    if latest_run:
        page.testing = list(latest_run[1].model.change_ideas)
    page.ramp = _ramp(network, timeline, sid, threshold)
    learned = [(r.model.ended_on or dt.date.min, k, r) for k, r in cycles if r.model.study and r.model.study.learned]
    if learned:
        day, key, record = max(learned, key=lambda t: (t[0], t[1]))
        page.learning, page.learning_cycle, page.learning_date = record.model.study.learned, key[1], day
    existing = {k[1] for k, _ in cycles}
    for key, record in cycles:
        c = record.model
        if not was_run(c):
            page.next_cycles.append(PlannedCycle(key[1], c.title, c.plan.planned_start,
                                                 scale_words(c.plan.scale, threshold)))
        elif c.act and c.act.next_cycle:
            nsite, nid = network.resolve_cycle(c.act.next_cycle, sid)
            if nsite == sid and nid not in existing:
                page.next_cycles.append(PlannedCycle(nid, f"next after {key[1]} (not written up yet)", None,
                                                     scale_words(c.act.next_scale, threshold),
                                                     c.act.next_steps or ""))
    breaks = _breaks(network)
    for mid, table in timeline.data_of(sid):
        if mid not in network.measures:
            continue
        days = sorted({r.period for r in table.rows if r.period and r.period <= options.as_of and
                       (r.value is not None or r.numerator is not None)})
        if not days:
            continue
        expected = expected_periods(days[0], latest.get(mid, days[-1]), network.measures[mid].model.frequency,
                                    breaks)
        present = set(days)
        recent = expected[-8:]
        page.completeness.append(Completeness(mid, len(expected), sum(1 for d in expected if d in present),
                                              sum(1 for d in recent if d not in present),
                                              network.measures[mid].model.frequency))
    page.last_activity = timeline.last_activity(sid)
    if options.hub:
        for key, record in cycles:
            c = record.model
            start = c.started_on if was_run(c) else None
            if c.plan.recorded_on and start and c.plan.recorded_on > start:
                page.flags.append(f"{key[1]}: predictions recorded on {c.plan.recorded_on}, after the test began "
                                  f"({start})")
    return page


def _site_charts(analyses: Analyses, timeline: Timeline, page: SitePage, threshold: int) -> None:
    """A site page's charts (outcome, strata, the process measure of the change being tested, balancing):
    drawn only for the pages the report keeps (`--site-pages`)."""
    network = analyses.network
    sid = page.site
    measure_id, _ = _site_outcome(network, sid)
    if measure_id:
        outcome_chart = analyses.site_chart(measure_id, sid)
        page.outcome = (series_from_chart(outcome_chart, network.measures[measure_id].model,
                                          title=network.measures[measure_id].model.title, threshold=threshold,
                                          site=sid)
                        if outcome_chart is not None and measure_id in network.measures else None)
    for mid in [m for m, _ in timeline.data_of(sid) if m in network.measures]:
        grouped = analyses.strata(mid, sid)
        if grouped is None:
            continue
        model = network.measures[mid].model
        block = StrataBlock(mid, model.title, series_from_chart(grouped.total, model, title="All students",
                                                                threshold=threshold, site=sid))
        for chart in grouped.strata:
            block.strata.append(series_from_chart(chart, model, title=chart.place, threshold=threshold, site=sid))
        block.equity = [t.words(grouped.total.percent) for t in grouped.equity]
        page.strata.append(block)
    for idea in page.testing:
        for mrec in network.measures.values():
            m = mrec.model
            if m.type == "process" and idea in m.tracks.change_ideas and (sid, m.id) in network.data:
                process_chart = analyses.site_chart(m.id, sid)
                if process_chart is not None:
                    page.process = series_from_chart(process_chart, m, title=m.title, threshold=threshold, site=sid)
                break
        if page.process:
            break
    for mrec in sorted(network.measures.values(), key=lambda r: r.model.id):
        m = mrec.model
        if m.type == "balancing" and (sid, m.id) in network.data:
            chart = analyses.site_chart(m.id, sid)
            if chart is not None:
                page.balancing.append(series_from_chart(chart, m, title=f"{m.title} (balancing)",
                                                        threshold=threshold, site=sid))


def _agenda(network: Network, timeline: Timeline, pages: list[SitePage], options: ReportOptions,
            since: SinceSection) -> AgendaSection:
    agenda = AgendaSection()
    for idea_id, record in sorted(network.change_ideas.items()):
        who = []
        for sid in sorted(network.sites):
            state, _ = site_state(network, timeline, sid, idea_id)
            if state in ("testing", "adapted"):
                who.append((sid, "testing"))
            elif state == "planned":
                who.append((sid, "planning"))
        if len(who) >= 2 and (not options.site or options.site in {w[0] for w in who}):
            agenda.matches.append(Match(idea_id, record.model.title, who))
    for key, record in timeline.cycles(options.site):
        c = record.model
        if not c.study or not _in_window(c.ended_on, options):
            continue
        for check in c.study.predictions:
            if check.result != "not_confirmed":
                continue
            q = c.plan.questions[check.question - 1] if 0 < check.question <= len(c.plan.questions) else None
            agenda.failed.append(FailedPrediction(key[0], key[1], c.ended_on, q.question if q else
                                                  f"question {check.question}", (q.prediction or "") if q else "",
                                                  check.notes or "", check.result))
    from nictools.reports.cadence import site_quiet

    touched = options.history.touched if options.history is not None else None
    for page in pages:
        if page.status == "withdrawn":
            agenda.withdrawn.append(page.site)
        if page.status != "active":
            continue
        for comp in page.completeness:
            share = comp.share
            if share is not None and share < 0.8:
                agenda.incomplete.append((page.site, comp.measure, share))
        # the one rule `nic status` applies, to the same activity: with git, the last commit that touched
        # the site's folder; without, the dates written in its files
        last = touched.get(page.site) if touched is not None else page.last_activity
        verdict = site_quiet(network, page.site, last, options.as_of)
        if verdict.quiet:
            agenda.quiet.append((page.site, last, verdict.silent_words))
            agenda.quiet_rule = verdict.rule.words if not agenda.quiet_rule or agenda.quiet_rule == \
                verdict.rule.words else "each site's measures (see docs/practice.md)"
        if page.ask:
            agenda.asks.append((page.site, page.ask))
        for flag in page.flags:
            agenda.provenance.append((page.site, flag.split(":", 1)[0], flag.split(": ", 1)[-1]))
    agenda.failed.sort(key=lambda f: (f.date or dt.date.min, f.site, f.cycle), reverse=True)
    return agenda


def _agenda_measurement(agenda: AgendaSection, analyses: Analyses, cards: list, pages: list[SitePage]) -> None:
    """Proposed phases (every measure at every active site shown) and balancing concerns from the cards."""
    network = analyses.network
    shown = {p.site for p in pages if p.status == "active"}
    for sid in sorted(shown):
        for mid in sorted(m for s, m in network.data if s == sid and m in network.measures):
            a = analyses.site(mid, sid)
            if a is not None and a.proposal is not None:
                p = a.proposal
                agenda.phases.append(ProposedPhase(sid, mid, p.start, p.reason, p.sentence, p.command))
    for card in cards:
        for s in card.sites:
            if s.state != "adopted" or s.site not in shown:
                continue
            for mid in s.balancing_concerns:
                words = next((b for b in s.balancing if b.startswith(f"{mid}:")), mid)
                agenda.balancing.append(BalancingConcern(card.idea, card.title, s.site, mid, words))


def _diagram(network: Network, timeline: Timeline, options: ReportOptions) -> DiagramSection | None:
    if not network.drivers:
        return None
    model = network.drivers.model
    section = DiagramSection(aim=model.aim)
    aim_title = network.aims[model.aim].model.title if model.aim and model.aim in network.aims else (model.aim or "Aim")
    section.nodes["aim"] = DiagramNode("aim", aim_title, "aim", "active", [d.id for d in model.primary])
    section.roots = ["aim"]
    for d in model.primary:
        section.nodes[d.id] = DiagramNode(d.id, d.title, "primary", d.status,
                                          [s.id for s in model.secondary if d.id in s.primary_drivers])
    for s in model.secondary:
        ideas = sorted(i for i, r in network.change_ideas.items() if s.id in r.model.drivers)
        section.nodes[s.id] = DiagramNode(s.id, s.title, "secondary", s.status, ideas)
    for d in model.primary:  # ideas hung straight under a primary driver
        section.nodes[d.id].children += sorted(i for i, r in network.change_ideas.items() if d.id in r.model.drivers)
    for idea_id, record in network.change_ideas.items():
        overlay: dict[str, int] = {}
        for sid in network.sites:
            state, _ = site_state(network, timeline, sid, idea_id)
            if state:
                overlay[state] = overlay.get(state, 0) + 1
        section.nodes[idea_id] = DiagramNode(idea_id, record.model.title, "idea", record.model.status,
                                             overlay={k: overlay[k] for k in STATE_ORDER if k in overlay})
    section.revisions = [(r.date, r.summary, r.reason) for r in model.revisions]
    return section
