"""Change-idea evidence cards: which sites did what with an idea, and what it shows.

The words are careful on purpose (docs: domain.md). A run-chart signal is evidence of
non-random variation, not of improvement. An idea's card says "evidence of
improvement" only when, at two or more sites that adopted it, the outcome moved in the
measure's direction of improvement, the signal came after the adoption date (the
baseline is frozen on the points before it), and the idea's process measure shows the
change is being carried out. Sites test several changes at once, so even then the card
names the other changes adopted at those sites: the signal is their work as a whole.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from statistics import mean

from nictools.model.change_idea import ChangeIdea
from nictools.model.network import Network
from nictools.reports.activity import Key, Timeline, cycle_start, scale_rank, scale_words, was_run
from nictools.reports.model import EvidenceCard, Marker, Series, SiteInvolvement
from nictools.reports.series import site_series

#: The process measure's last this-many points decide whether a change is carried out.
RECENT_POINTS = 4
#: "Carried out" when the recent level is within this share of the goal (88% against a 90% goal is
#: carried out; the goal is what reliable looks like, the evidence question is whether it happens).
PROCESS_TOLERANCE = 0.9
#: Sites whose outcome lines up with adoption needed before the card says "evidence".
REPLICATION = 2

STATE_ORDER = ("adopted", "adapted", "testing", "planned", "abandoned")
STATE_WORDS = {"adopted": "adopted", "adapted": "adapted (testing a new version)", "testing": "testing",
               "planned": "planning a test", "abandoned": "abandoned"}


def site_state(network: Network, timeline: Timeline, site: str, idea: str) -> tuple[str, list[Key]]:
    """What a site has done with an idea: adopted, adapted, testing, planned or abandoned."""
    keys = [key for key, record in timeline.cycles(site) if idea in record.model.change_ideas]
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


def aligned(series: Series, adopted: dt.date, label: str) -> Series:
    """The same series with x as weeks since adoption (0 = the adopt decision)."""
    out = dataclasses.replace(series, x_kind="weeks", markers=[Marker(0, "adopted", "adoption")], title=label,
                              points=[dataclasses.replace(p, x=round((p.x - adopted).days / 7, 1))
                                      for p in series.points if isinstance(p.x, dt.date)])
    return out


def build_card(network: Network, timeline: Timeline, idea: ChangeIdea, *, outcome: str | None,
               threshold: int) -> EvidenceCard:
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
        starts = [cycle_start(network.cycles[k].model) for k in run]
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
            _judge_site(network, involvement, card, outcome=outcome, process_ids=process_ids,
                        balancing_ids=balancing_ids, threshold=threshold, as_of=timeline.as_of)
        card.sites.append(involvement)
    card.largest_scale = scale_words(best_scale, threshold)
    card.predictions = predictions
    card.counts = {state: sum(1 for s in card.sites if s.state == state) for state in STATE_ORDER}
    card.sites.sort(key=lambda s: (STATE_ORDER.index(s.state), s.adopted_on or dt.date.max, s.site))
    _verdict(card, network, timeline)
    return card


def _judge_site(network: Network, inv: SiteInvolvement, card: EvidenceCard, *, outcome: str | None,
                process_ids: list[str], balancing_ids: list[str], threshold: int, as_of: dt.date) -> None:
    adopted = inv.adopted_on
    assert adopted is not None
    if outcome:
        series = site_series(network, inv.site, outcome, as_of=as_of, threshold=threshold, with_phases=False,
                             freeze_before=adopted, status_from=adopted,
                             title=f"{inv.name}")
        if series is not None:
            inv.outcome_after = series.status
            if series.points:
                card.aligned.append(aligned(series, adopted, inv.name))
    best = ("none", "no process measure tracks this change idea" if not process_ids else "no process data")
    for mid in process_ids:
        if (inv.site, mid) not in network.data:
            continue
        ps = site_series(network, inv.site, mid, as_of=as_of, threshold=threshold, with_phases=False)
        found = process_reliability(ps, adopted)
        if found[0] == "reliable" or best[0] == "none":
            best = found
    inv.process, inv.process_words = best
    for mid in balancing_ids:
        if (inv.site, mid) not in network.data:
            continue
        bs = site_series(network, inv.site, mid, as_of=as_of, threshold=threshold, with_phases=False,
                         freeze_before=adopted, status_from=adopted)
        if bs is None:
            continue
        inv.balancing.append(f"{mid}: {bs.status_words}")
    inv.lines_up = inv.outcome_after == "improvement" and inv.process == "reliable"


def _verdict(card: EvidenceCard, network: Network, timeline: Timeline) -> None:
    adopted = [s for s in card.sites if s.state == "adopted"]
    lined = [s for s in adopted if s.lines_up]
    signalled = [s for s in adopted if s.outcome_after == "improvement"]
    concerns = [s for s in adopted if s.outcome_after == "concern"]
    missing: list[str] = []
    if not card.process_measures:
        missing.append("a process measure that tracks this change idea (`tracks.change_ideas` in a process measure)")
    elif signalled and not any(s.process == "reliable" for s in signalled):
        missing.append("process data showing the change is carried out at the sites with a signal")
    if len(lined) < REPLICATION:
        missing.append(f"the same pattern at {REPLICATION} or more sites (now {len(lined)})")
    if len(lined) >= REPLICATION:
        card.verdict = "evidence"
        others = _other_adoptions(network, timeline, [s.site for s in lined], card.idea)
        text = (f"Evidence of improvement at {len(lined)} sites: the outcome moved in the right direction after "
                f"each site adopted it, and its process measure shows the change is carried out.")
        if others:
            text += (" Other changes were adopted at these sites too (" + ", ".join(others) +
                     "): the improvement belongs to the sites' work as a whole, not to this idea alone.")
        card.verdict_words = text
    elif signalled:
        card.verdict = "signal"
        card.verdict_words = (f"An improvement signal after adoption at {len(signalled)} of {len(adopted)} adopting "
                              f"site{'s' if len(adopted) != 1 else ''}. A signal is not proof: not yet evidence of "
                              "improvement.")
    elif adopted:
        card.verdict = "no_signal"
        card.verdict_words = (f"Adopted at {len(adopted)} site{'s' if len(adopted) != 1 else ''}; no improvement "
                              "signal in the outcome after adoption yet.")
    elif card.sites:
        testing = sum(1 for s in card.sites if s.state in ("testing", "adapted", "planned"))
        card.verdict = "testing"
        card.verdict_words = (f"Being tested or planned at {testing} site{'s' if testing != 1 else ''}; "
                              "no site has adopted it yet." if testing else "Abandoned where it was tested.")
    else:
        card.verdict = "untested"
        card.verdict_words = "No site has tested it yet."
    if concerns:
        card.verdict_words += (f" A concern signal after adoption at {len(concerns)} site"
                               f"{'s' if len(concerns) != 1 else ''}: " + ", ".join(s.name for s in concerns) + ".")
    card.missing = missing if card.verdict in ("signal", "no_signal") else []


def _other_adoptions(network: Network, timeline: Timeline, sites: list[str], idea: str) -> list[str]:
    found: set[str] = set()
    for site in sites:
        for _, record in timeline.cycles(site):
            cycle = record.model
            if cycle.act and cycle.act.decision == "adopt":
                found.update(i for i in cycle.change_ideas if i != idea)
    return sorted(found)
