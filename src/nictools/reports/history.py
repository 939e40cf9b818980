"""The git history's part of the report: events in the window, decision dates, the network at a revision.

This reads `nictools.history`. When the network is not in a git repository the report
falls back to the dates written in the files, saying so.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from nictools.reports.build import HistoryFacts
from nictools.reports.model import Happening


def facts_from_history(history: Any, *, until: str, since: str | None, since_label: str,
                       since_date: dt.date | None) -> HistoryFacts:
    """Events between the `since` commit (exclusive) and `until`, plus every decision's date."""
    facts = HistoryFacts(since_label, since_date)
    everything = history.events(until=until, since=None)
    window = {c.id for c in history.repo.log(until, since)} if since else None
    facts.predictions = {"confirmed": 0, "partly": 0, "not_confirmed": 0}
    facts.decisions = {"adopt": 0, "adapt": 0, "abandon": 0}
    run: set[tuple[str, str]] = set()
    planned: set[tuple[str, str]] = set()
    for ev in everything.events:
        kind, site, ident = ev.key
        day = ev.date.date()
        if kind == "pdsa" and ev.kind == "decision" and ev.details.get("decision") == "adopt":
            facts.decided.setdefault((site, ident), day)
        if window is not None and ev.commit not in window:
            continue
        if kind == "pdsa":
            if ev.kind == "planned":
                planned.add((site, ident))
                if ev.details.get("stage") not in (None, "plan"):
                    run.add((site, ident))
            elif ev.kind == "stage" and not ev.details.get("back"):
                run.add((site, ident))
            elif ev.kind == "prediction":
                result = str(ev.details.get("result"))
                facts.predictions[result] = facts.predictions.get(result, 0) + 1
            elif ev.kind == "decision":
                decision = str(ev.details.get("decision"))
                facts.decisions[decision] = facts.decisions.get(decision, 0) + 1
                facts.happenings.append(Happening(day, site, "decision",
                                                  f"{ident}: {decision} — {', '.join(ev.change_ideas) or ev.title}",
                                                  str(ev.details.get("reason") or ""), ref=ident))
            if ev.kind in ("planned", "stage") and ev.details.get("stage") in ("do", "study", "act"):
                if not any(h.ref == ident and h.site == site and h.kind == "cycle" for h in facts.happenings):
                    facts.happenings.append(Happening(day, site, "cycle", f"{ident}: {ev.title}",
                                                      ", ".join(ev.change_ideas), ref=ident))
        elif kind == "change-idea":
            if ev.kind == "added":
                facts.happenings.append(Happening(day, None, "new idea", f"{ident}: {ev.title}", ref=ident))
            elif ev.kind == "removed":
                facts.happenings.append(Happening(day, None, "idea removed", f"{ident}: {ev.title}", ref=ident))
            elif ev.kind == "status":
                to = ev.details.get("to")
                facts.happenings.append(Happening(day, None, "retired idea" if to == "retired" else "idea status",
                                                  f"{ident}: {ev.title}", f"{ev.details.get('from')} → {to}",
                                                  ref=ident))
        elif kind == "drivers" and ev.kind in ("drivers", "added"):
            revisions = ev.details.get("revisions") or []
            for rev in revisions:
                facts.happenings.append(Happening(day, None, "diagram", str(rev.get("summary") or "edited"),
                                                  str(rev.get("reason") or "")))
            if not revisions:
                changed = [f"added {', '.join(ev.details.get('drivers_added') or [])}" if ev.details.get("drivers_added") else "",
                           f"removed {', '.join(ev.details.get('drivers_removed') or [])}" if ev.details.get("drivers_removed") else ""]
                facts.happenings.append(Happening(day, None, "diagram", "driver diagram edited",
                                                  "; ".join(c for c in changed if c) or "no reason recorded"))
    _arrivals(history, facts, until, window)
    facts.cycles_run = len(run)
    facts.cycles_planned = len(planned - run)
    facts.happenings.sort(key=lambda h: (h.date or dt.date.min, h.site or "", h.ref))
    return facts


def _arrivals(history: Any, facts: HistoryFacts, until: str, window: set[str] | None) -> None:
    """The data rows that arrived in the window (their commits), and each site's last touch."""
    from nictools.history.git import last_touches

    for per_period in history.arrivals(until).rows.values():
        for arrival in per_period.values():
            if window is not None and arrival.commit not in window:
                continue
            try:
                period = dt.date.fromisoformat(arrival.period)
            except ValueError:
                continue
            facts.arrived[(arrival.site, arrival.measure, period)] = arrival.date.date()
    sites = {f"sites/{path}/" for path in _site_folders(history, until)}
    facts.touched = {folder.split("/")[1]: when.date() for folder, (_, _, when) in
                     last_touches(history.repo, until, sites).items()}


def _site_folders(history: Any, until: str) -> set[str]:
    tree = history.repo.tree(until)
    return {parts[1] for parts in (p.split("/") for p in tree) if len(parts) > 2 and parts[0] == "sites"}
