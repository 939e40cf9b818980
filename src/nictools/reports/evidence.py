"""Change-idea evidence cards: which sites did what with an idea, and what it shows.

The words are careful on purpose (docs/practice.md, "Evidence cards"). A signal is
evidence of non-random variation, not of improvement. Each adopting site is judged on
the *same* chart and signal points as every other view of that site's outcome (the one
analysis, :class:`nictools.measurement.analyses.Analyses`), against written criteria:

1. no improvement signal before the adoption (else "already improving before adoption");
2. an improvement signal that starts within ``WINDOW`` periods after the adoption and is
   the site's current verdict (sustained);
3. no concern signal in the outcome after the adoption;
4. the idea's process measure shows the change carried out;
5. no concern signal in a balancing measure after the adoption.

A change of the outcome's definition inside the window (``WINDOW`` periods before the
adoption to ``WINDOW`` after) is named, and the site does not meet the criteria: before
and after are not like for like.

Other change ideas adopted at the same site inside the window are named: their effects
cannot be told apart. The card is graded from the sites that meet every criterion:
evidence of improvement (two or more), promising (one), mixed, not yet, no improvement.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from statistics import mean
from typing import Any

from nictools.measurement.analyses import Analyses
from nictools.measurement.charts import MeasureChart, not_like_for_like

from nictools.model.change_idea import ChangeIdea
from nictools.model.network import Network
from nictools.reports.activity import Key, Timeline, scale_rank, scale_words, was_run
from nictools.reports.model import EvidenceCard, Marker, Series, SiteInvolvement
from nictools.reports.series import series_from_chart

#: The process measure's last this-many points decide whether a change is carried out.
RECENT_POINTS = 4
#: "Carried out" when the recent level is within this share of the goal (88% against a 90% goal is
#: carried out; the goal is what reliable looks like, the evidence question is whether it happens).
PROCESS_TOLERANCE = 0.9
#: Sites meeting every criterion needed before the card says "evidence".
REPLICATION = 2
#: An improvement signal must begin within this many periods of adoption.
WINDOW = 8

STATE_ORDER = ("adopted", "adapted", "testing", "planned", "abandoned")
STATE_WORDS = {"adopted": "adopted", "adapted": "adapted (testing a new version)", "testing": "testing",
               "planned": "planning a test", "abandoned": "abandoned"}


def site_state(network: Network, timeline: Timeline, site: str, idea: str) -> tuple[str, list[Key]]:
    """What a site has done with an idea: adopted, adapted, testing, planned or abandoned."""
    keys = timeline.keys_with(site, idea)
    if not keys:
        return "", []
    decisions = [(timeline.decision_date(k, network.cycles[k].model) or dt.date.min, network.cycles[k].model.act.decision)
                 for k in keys if network.cycles[k].model.act]
    decisions.sort(key=lambda d: d[0])
    in_progress = any(network.cycles[k].model.act is None for k in keys)
    if decisions:
        latest = decisions[-1][1]
        if latest == "abandon" and not in_progress:
            return "abandoned", keys
        if any(d == "adopt" for _, d in decisions) and latest != "abandon":
            return "adopted", keys
        if latest == "adapt" or in_progress:
            return "adapted" if latest == "adapt" else "testing", keys
        return "abandoned", keys
    if any(was_run(network.cycles[k].model) for k in keys):
        return "testing", keys
    return "planned", keys


def process_reliability(series: Series | None, since: dt.date | None) -> tuple[str, str]:
    """(reliable | not_yet | no_goal | none, words) from a process measure's recent points."""
    if series is None:
        return "none", "no process data"
    points = [p for p in series.points if p.value is not None and (since is None or not isinstance(p.x, dt.date)
                                                                     or p.x >= since)]
    if not points:
        return "none", "no process data since adoption"
    recent = [p.value for p in points[-RECENT_POINTS:] if p.value is not None]
    level = mean(recent)
    shown = f"{level:.0%}" if series.percent else f"{level:.3g}"
    if series.goal is None:
        return "no_goal", f"{series.measure} {shown} lately (no goal set, so not judged)"
    at_goal = level >= series.goal if series.direction == "up" else level <= series.goal
    near = (level >= series.goal * PROCESS_TOLERANCE if series.direction == "up"
            else level <= series.goal / PROCESS_TOLERANCE)
    goal = f"{series.goal:.0%}" if series.percent else f"{series.goal:.3g}"
    if at_goal or near:
        how = "at goal" if at_goal else "near goal"
        return "reliable", f"{series.measure} {shown} lately (goal {goal}, {how}): carried out"
    return "not_yet", f"{series.measure} {shown} lately (goal {goal}): not yet reliable"


def aligned(chart: MeasureChart, measure: Any, adopted: dt.date, label: str, threshold: int) -> Series:
    """The site's chart re-drawn with x as the measure's periods since adoption (0 = the adopt decision):
    weeks for weekly data, months for monthly data.

    A view, not a verdict: it carries no assessment and no status of its own; its points,
    limits and signal colours are the site's chart's.
    """
    from nictools.reports.cadence import period_days, period_word

    frequency = measure.frequency if measure is not None else None
    days = period_days(frequency)
    series = series_from_chart(chart, measure, title=f"{label}: {period_word(frequency)} since adoption",
                               threshold=threshold, site=chart.site)
    points = [p for p in series.points if isinstance(p.x, dt.date)]
    for p in points:  # the points were made for this view alone: moved in place, not copied
        p.x = round((p.x - adopted).days / days, 1)
    return dataclasses.replace(series, x_kind="weeks", markers=[Marker(0, "adopted", "adoption")],
                               assessment=None, status="aligned", notes=[], points=points)


def build_card(analyses: Analyses, timeline: Timeline, idea: ChangeIdea, *, outcome: str | None,
               threshold: int) -> EvidenceCard:
    network = analyses.network
    measures = network.measures
    process_ids = [m.model.id for m in measures.values()
                   if m.model.type == "process" and idea.id in m.model.tracks.change_ideas]
    balancing_ids = [m.model.id for m in measures.values() if m.model.type == "balancing" and (
        idea.id in m.model.tracks.change_ideas or set(m.model.tracks.drivers) & set(idea.drivers)
        or not (m.model.tracks.change_ideas or m.model.tracks.drivers))]
    card = EvidenceCard(idea=idea.id, title=idea.title, description=idea.description, status=idea.status,
                        origin_site=idea.origin_site, drivers=list(idea.drivers),
                        process_measures=process_ids, balancing_measures=balancing_ids,
                        conditions_worked=list(idea.conditions.worked) if idea.conditions else [],
                        conditions_did_not_work=list(idea.conditions.did_not_work) if idea.conditions else [])
    best_scale = None
    predictions = {"confirmed": 0, "partly": 0, "not_confirmed": 0}
    for site_id, site_record in sorted(network.sites.items()):
        state, keys = site_state(network, timeline, site_id, idea.id)
        if not state:
            continue
        site = site_record.model
        ctx = site.context
        involvement = SiteInvolvement(
            site=site_id, name=site.name, cluster=site.cluster, cohort=site.cohort,
            context=", ".join(x for x in (ctx.level, ctx.size_band, ctx.setting) if x), state=state,
            cycles=[k[1] for k in keys])
        run = [k for k in keys if was_run(network.cycles[k].model)]
        starts = [network.cycles[k].model.started_on for k in run]
        involvement.first_test = min((d for d in starts if d), default=None)
        site_best = None
        for k in keys:
            cycle = network.cycles[k].model
            if was_run(cycle) and cycle.plan.scale and (site_best is None or scale_rank(cycle.plan.scale) > scale_rank(site_best)):
                site_best = cycle.plan.scale
            if cycle.study:
                for check in cycle.study.predictions:
                    predictions[check.result] = predictions.get(check.result, 0) + 1
            if cycle.act and cycle.act.decision == "adopt":
                day = timeline.decision_date(k, cycle)
                if day and (involvement.adopted_on is None or day < involvement.adopted_on):
                    involvement.adopted_on = day
            if cycle.act and cycle.act.decision == "abandon" and state == "abandoned":
                involvement.abandon_reason = cycle.act.reason or "no reason written"
        involvement.largest_scale = scale_words(site_best, threshold)
        if site_best is not None and (best_scale is None or scale_rank(site_best) > scale_rank(best_scale)):
            best_scale = site_best
        if involvement.abandon_reason:
            card.abandon_reasons.append((site_id, involvement.abandon_reason))
        if state == "adopted" and involvement.adopted_on:
            _judge_site(analyses, timeline, involvement, card, outcome=outcome, process_ids=process_ids,
                        balancing_ids=balancing_ids, threshold=threshold)
        card.sites.append(involvement)
    card.largest_scale = scale_words(best_scale, threshold)
    frequency = measures[outcome].model.frequency if outcome in measures else None
    from nictools.reports.cadence import count_periods, period_word

    card.window_rule = (f"The evidence window at each adopting site: the {count_periods(WINDOW, frequency)} of "
                        f"{outcome or 'the outcome'} from the first {period_word(frequency, 1)} on or after the "
                        "adopt decision (by the period the data is for); an improvement signal counts when it "
                        "begins inside it.")
    card.predictions = predictions
    card.counts = {state: sum(1 for s in card.sites if s.state == state) for state in STATE_ORDER}
    card.sites.sort(key=lambda s: (STATE_ORDER.index(s.state), s.adopted_on or dt.date.max, s.site))
    _verdict(card, network, timeline)
    return card


def _signal_points(chart: MeasureChart, kind: str, dates: list[dt.date] | None = None) -> list[dt.date]:
    return [day for day, k in zip(chart.dates() if dates is None else dates, chart.kinds) if k == kind]


def _window_end(chart: MeasureChart, adopted: dt.date, dates: list[dt.date] | None = None) -> dt.date:
    """The last period of the evidence window: WINDOW periods from the first one on or after adoption."""
    later = [d for d in (chart.dates() if dates is None else dates) if d >= adopted]
    if not later:
        return adopted
    return later[min(WINDOW, len(later)) - 1]


def _judge_site(analyses: Analyses, timeline: Timeline, inv: SiteInvolvement, card: EvidenceCard, *,
                outcome: str | None, process_ids: list[str], balancing_ids: list[str], threshold: int) -> None:
    """Hold one adopting site to the card's criteria, from the site's own charts."""
    network = analyses.network
    adopted = inv.adopted_on
    assert adopted is not None
    checks: list[str] = []
    met = True
    chart = analyses.site_chart(outcome, inv.site) if outcome else None
    if chart is None or chart.assessment is None:
        inv.outcome_after = "no_data"
        checks.append(f"no {outcome or 'outcome'} data to judge" if outcome else "the network names no outcome measure")
        met = False
        window_end = adopted
    else:
        a = chart.assessment
        dates = chart.dates()
        window_end = _window_end(chart, adopted, dates)
        up = _signal_points(chart, "improvement", dates)
        before = [d for d in up if d < adopted]
        after_up = [d for d in up if d >= adopted]
        after_down = [d for d in _signal_points(chart, "concern", dates) if d >= adopted]
        periods_after = sum(1 for d in dates if d >= adopted)
        onset = (a.signal_since if a.signal in ("improvement", "both") and a.signal_since else
                 (after_up[0] if after_up else None))
        inv.outcome_after = ("concern" if after_down and not after_up else "both" if after_down and after_up else
                             "improvement" if after_up else "too_few" if periods_after < WINDOW or
                             a.signal == "too-few-points" else "none")
        if before and (onset is None or onset < adopted):
            checks.append(f"already improving before adoption (signal from {min(before).isoformat()})")
            met = False
        if onset is None or not after_up:
            checks.append("no improvement signal after adoption" + (
                f" yet ({periods_after} periods since)" if periods_after < WINDOW else ""))
            met = False
        elif onset > window_end:
            checks.append(f"the improvement signal began {onset.isoformat()}, more than {WINDOW} periods after "
                          "adoption")
            met = False
        elif a.signal != "improvement":
            checks.append("the improvement signal is not sustained (the site's current verdict: "
                          f"{a.signal.replace('-', ' ')})")
            met = False
        if after_down:
            checks.append(f"{len(after_down)} concern point{'s' if len(after_down) != 1 else ''} in the outcome "
                          f"after adoption (from {after_down[0].isoformat()})")
            met = False
        earlier = [d for d in dates if d < adopted]
        for words in not_like_for_like(chart, earlier[-WINDOW - 1] if len(earlier) > WINDOW else None, window_end):
            checks.append(words)
            met = False
        view = aligned(chart, measure_for(network, outcome), adopted, inv.name, threshold)
        view.notes.append(f"Adopted {adopted.isoformat()}; the signal colours are the site's own chart.")
        card.aligned.append(view)
    best = ("none", "no process measure tracks this change idea" if not process_ids else "no process data")
    for mid in process_ids:
        ps = analyses.site_chart(mid, inv.site)
        if ps is None:
            continue
        found = process_reliability(series_from_chart(ps, measure_for(network, mid), title=mid,
                                                      threshold=threshold), adopted)
        if found[0] == "reliable" or best[0] == "none":
            best = found
    inv.process, inv.process_words = best
    if inv.process != "reliable":
        checks.append("the process measure does not show the change carried out"
                      if process_ids else "no process measure tracks this change idea")
        met = False
    for mid in balancing_ids:
        bc = analyses.site_chart(mid, inv.site)
        if bc is None:
            continue
        card.aligned_balancing.append(aligned(bc, measure_for(network, mid), adopted, f"{inv.name}: {mid}",
                                              threshold))
        worse = [d for d in _signal_points(bc, "concern") if d >= adopted]
        changed = [d for d in _signal_points(bc, "neither") if d >= adopted]  # no direction: neither good nor bad
        if changed and not worse:
            inv.balancing.append(f"{mid}: a change to look at since {changed[0].isoformat()} (no direction of "
                                 "improvement, so not a concern)")
        elif worse:
            text = f"{mid}: concern since {worse[0].isoformat()} ({len(worse)} point{'s' if len(worse) != 1 else ''})"
            inv.balancing.append(text)
            inv.balancing_concerns.append(mid)
            checks.append(f"balancing measure {text}")
            met = False
        else:
            inv.balancing.append(f"{mid}: no concern since adoption")
    others = sorted({i for day, cid, ideas in _adoptions_at(timeline, network, inv.site)
                     if adopted - dt.timedelta(days=7 * WINDOW) <= day <= window_end
                     for i in ideas if i != card.idea})
    inv.confounded_with = others
    inv.criteria = checks
    inv.lines_up = met


def measure_for(network: Network, measure_id: str | None) -> Any:
    return network.measures[measure_id].model if measure_id in network.measures else None


def _adoptions_at(timeline: Timeline, network: Network, site: str) -> list[tuple[dt.date, str, list[str]]]:
    out = []
    for key, record in timeline.cycles(site):
        cycle = record.model
        if cycle.act and cycle.act.decision == "adopt":
            day = timeline.decision_date(key, cycle)
            if day:
                out.append((day, key[1], list(cycle.change_ideas)))
    return out


def _verdict(card: EvidenceCard, network: Network, timeline: Timeline) -> None:
    adopted = [s for s in card.sites if s.state == "adopted"]
    lined = [s for s in adopted if s.lines_up]
    signalled = [s for s in adopted if s.outcome_after in ("improvement", "both")]
    concerns = [s for s in adopted if s.outcome_after in ("concern", "both")]
    waiting = [s for s in adopted if s.outcome_after in ("too_few", "no_data")]
    missing: list[str] = []
    if not card.process_measures:
        missing.append("a process measure that tracks this change idea (`tracks.change_ideas` in a process measure)")
    if len(lined) < REPLICATION:
        missing.append(f"sites meeting every criterion: {REPLICATION} or more (now {len(lined)})")
    plural = lambda n, w: f"{n} {w}{'s' if n != 1 else ''}"  # noqa: E731
    if len(lined) >= REPLICATION:
        card.verdict = "evidence"
        text = (f"Evidence of improvement: at {len(lined)} sites the outcome shows a sustained improvement signal "
                f"that began within {WINDOW} periods of adoption, with no concern after it, the process measure "
                "shows the change carried out, and no balancing measure shows a concern.")
    elif len(lined) == 1:
        card.verdict = "promising"
        text = (f"Promising: one site ({lined[0].name}) meets every criterion; the network needs "
                f"{REPLICATION} or more before it calls this evidence.")
    elif signalled:
        card.verdict = "mixed"
        text = (f"Mixed: an improvement signal after adoption at {plural(len(signalled), 'site')} of "
                f"{len(adopted)}, but no site meets every criterion.")
    elif adopted and len(waiting) == len(adopted):
        card.verdict = "not_yet"
        text = f"Not yet: adopted at {plural(len(adopted), 'site')}, too recently or with too few points to judge."
    elif adopted:
        card.verdict = "no_improvement"
        text = (f"No improvement: adopted at {plural(len(adopted), 'site')}; no improvement signal in the outcome "
                "after adoption.")
    elif card.sites:
        testing = sum(1 for s in card.sites if s.state in ("testing", "adapted", "planned"))
        card.verdict = "testing"
        text = (f"Being tested or planned at {plural(testing, 'site')}; no site has adopted it yet."
                if testing else "Abandoned where it was tested.")
    else:
        card.verdict = "untested"
        text = "No site has tested it yet."
    if concerns:
        text += (f" A concern in the outcome after adoption at {plural(len(concerns), 'site')}: "
                 + ", ".join(s.name for s in concerns) + ".")
    balancing = sorted({(s.name, m) for s in adopted for m in s.balancing_concerns})
    if balancing:
        text += " Balancing measures with a concern after adoption: " + ", ".join(
            f"{m} at {name}" for name, m in balancing) + "."
    confounded = sorted({i for s in (lined or signalled) for i in s.confounded_with})
    if confounded:
        text += (" Other changes adopted at the same sites in the same weeks (" + ", ".join(confounded)
                 + "): the signal cannot be told apart from theirs; it belongs to the sites' work as a whole.")
    if card.verdict in ("evidence", "promising", "mixed"):
        text += " A signal is evidence of non-random variation, not proof that this change worked."
    card.verdict_words = text
    card.missing = missing if card.verdict in ("promising", "mixed", "not_yet", "no_improvement") else []
