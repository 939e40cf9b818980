"""`nic log`: the network's history as a timeline in plain words."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from nictools.errors import NicError
from nictools.history.events import Event
from nictools.history.session import History

_RESULT_WORDS = {"confirmed": "confirmed", "partly": "partly confirmed", "not_confirmed": "not confirmed"}
_STAGE_WORDS = {"plan": "plan: planned", "do": "do: test carried out", "study": "study: results studied",
                "act": "act: next step decided"}
_KIND_WORDS = {"pdsa": "cycle", "change-idea": "change idea", "measure": "measure", "aim": "aim", "site": "site",
               "network": "network settings", "drivers": "driver diagram", "data": "data"}


@dataclass
class Timeline:
    network: str
    since: str | None
    until: str
    history_starts: str | None
    events: list[Event]

    def to_json(self) -> dict[str, Any]:
        return {"network": self.network, "since": self.since, "until": self.until,
                "history_starts": self.history_starts, "events": [e.to_json() for e in self.events]}


def subject(event: Event) -> str:
    """`cycle C14 (advisory check-ins)`: what the event is about."""
    kind, _, ident = event.key
    if kind in ("network", "drivers"):
        return _KIND_WORDS[kind]
    if kind == "data":
        return f"{ident} data"
    label = f"{_KIND_WORDS.get(kind, kind)} {ident}"
    return f"{label} ({event.title})" if event.title and kind != "site" else label


def what(event: Event) -> str:
    """What happened, in plain words."""
    d = event.details
    if event.kind == "planned":
        return "plan: cycle planned" if d.get("stage") in (None, "plan") else f"added at {d.get('stage')}"
    if event.kind == "stage":
        return ("moved back to " + str(d["stage"])) if d.get("back") else _STAGE_WORDS.get(d["stage"], d["stage"])
    if event.kind == "prediction":
        return f"study: prediction {d['question']} {_RESULT_WORDS.get(d['result'], d['result'])}"
    if event.kind == "decision":
        nxt = f" (next: {d['next_cycle']})" if d.get("next_cycle") else ""
        return f"act: {d['decision']}{nxt}"
    if event.kind == "data":
        parts = []
        if d["rows_added"]:
            span = d["periods"][0] if d["periods"][0] == d["periods"][-1] else f"{d['periods'][0]} to {d['periods'][-1]}"
            parts.append(f"{d['rows_added']} row(s) added ({span})")
        if d["rows_changed"]:
            parts.append(f"{d['rows_changed']} row(s) corrected")
        if d["rows_removed"]:
            parts.append(f"{d['rows_removed']} row(s) removed")
        return ", ".join(parts)
    if event.kind == "drivers":
        parts = []
        if d["drivers_added"]:
            parts.append("added " + ", ".join(d["drivers_added"]))
        if d["drivers_removed"]:
            parts.append("removed " + ", ".join(d["drivers_removed"]))
        if d["drivers_renamed"]:
            parts.append("retitled " + ", ".join(d["drivers_renamed"]))
        for r in d["revisions"]:
            parts.append(f"revision: {r['summary']} (why: {r['reason']})")
        return "edited: " + ("; ".join(parts) if parts else "wording")
    if event.kind == "status":
        return f"status {d.get('from')} → {d.get('to')}"
    if event.kind == "unreadable":
        return "saved in a form nic could not read (a later commit may fix it)"
    if event.kind == "edited":
        return "edited: " + ", ".join(d.get("fields", []))
    return event.kind


def line(event: Event) -> str:
    """`lincoln · cycle C14 (advisory check-ins) · study: prediction 2 not confirmed · J. Rivera`."""
    parts = [event.site] if event.site else []
    parts += [subject(event), what(event), event.author]
    return " · ".join(parts)


def network_name(history: History, commit: str) -> str:
    """The network's name from network.yaml at `commit` (one blob read)."""
    blob = history.repo.tree(commit, "network.yaml").get("network.yaml")
    data = history.cache.get([(blob, "network.yaml")]).get(blob) if blob else None
    name = data.get("name") if isinstance(data, dict) else None
    return str(name) if name else history.root.name


def build_timeline(history: History, site: str | None = None, change_idea: str | None = None,
                   since: str | None = None, until: str | None = None) -> Timeline:
    end = history.resolve_until(until)
    start = history.resolve_since(since)
    if start and not history.repo.is_ancestor(start, end):
        raise NicError(f"`{since}` comes after `{until or 'HEAD'}`: there is nothing between them.",
                       "Give --since an earlier date or revision than --until.")
    stream = history.events(end, start)
    events = stream.events
    if site:
        sites = {e.site for e in events} | {p.split("/")[1] for p in history.repo.tree(end) if p.startswith("sites/")}
        sites -= {"", None}  # network-wide events have no site
        if site not in sites:
            from nictools.suggest import did_you_mean

            raise NicError(f"There is no site `{site}` in this history.", did_you_mean(site, sorted(sites)).strip()
                           or f"The sites are: {', '.join(sorted(sites))}.")
        events = [e for e in events if e.site == site]
    if change_idea:
        events = [e for e in events if change_idea in e.change_ideas or e.key == ("change-idea", "", change_idea)]
    starts = history.history_start() if stream.starts_at is not None else None
    return Timeline(network_name(history, end), since, until or "HEAD", starts, events)
