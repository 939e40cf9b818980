"""The stream of artifact events: what happened to each artifact, commit by commit.

One `git log --raw` pass gives every changed path with its old and new blob ids;
both versions come through the blob cache, and comparing them says what happened:
a cycle planned, a stage reached, a prediction confirmed or not, a decision made,
data appended, the driver diagram edited, a change idea's status changed, an
artifact added or removed. Artifacts are followed by id: a file moved or renamed in
one commit is the same artifact.

Rules, documented for users in docs/history.md:
* the first-parent chain only: a change counts when it reached the main line (a merge
  commit carries its branch's changes, with the merge's author and date);
* the oldest commit of a shallow clone is a snapshot, never "everything added".
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any, Callable, Iterator

from nictools.history.blobs import BlobCache, classify
from nictools.history.git import Commit, Repository
from nictools.history.snapshots import Key, artifact_key
#: The PDSA stages in order (as `nictools.model.pdsa.STAGES`; not imported, so `nic log` needs no pydantic).
STAGES = ("plan", "do", "study", "act")

KINDS = ("added", "removed", "unreadable", "planned", "stage", "prediction", "decision", "data", "drivers", "status", "edited")


@dataclass(frozen=True)
class Event:
    """One thing that happened to one artifact in one commit."""

    commit: str
    author: str
    date: dt.datetime
    kind: str  # one of KINDS
    key: Key  # (kind of artifact, site, id)
    title: str = ""
    details: dict[str, Any] = field(default_factory=dict)
    change_ideas: tuple[str, ...] = ()

    @property
    def site(self) -> str:
        return self.key[1]

    def to_json(self) -> dict[str, Any]:
        return {"commit": self.commit, "author": self.author, "date": self.date.isoformat(), "event": self.kind,
                "artifact": {"kind": self.key[0], "site": self.key[1] or None, "id": self.key[2]},
                "title": self.title or None, "change_ideas": list(self.change_ideas), **self.details}


@dataclass
class EventStream:
    commits: list[Commit]
    events: list[Event]
    starts_at: Commit | None = None  # set when the window begins at a shallow clone's boundary


def _get(data: Any, *path: str) -> Any:
    for part in path:
        if not isinstance(data, dict):
            return None
        data = data.get(part)
    return data


def stage_of(data: Any) -> str | None:
    """The furthest PDSA stage present in plain cycle data."""
    if not isinstance(data, dict):
        return None
    for name in reversed(STAGES):
        if data.get(name) is not None:
            return name
    return "plan" if "plan" in data else None


def predictions_of(data: Any) -> dict[int, str]:
    """Question number -> result, from a cycle's study section."""
    out: dict[int, str] = {}
    checks = _get(data, "study", "predictions")
    if isinstance(checks, list):
        for item in checks:
            if isinstance(item, dict) and isinstance(item.get("question"), int) and isinstance(item.get("result"), str):
                out[item["question"]] = item["result"]
    return out


def change_ideas_of(data: Any) -> tuple[str, ...]:
    ideas = _get(data, "change_ideas")
    return tuple(str(i) for i in ideas) if isinstance(ideas, list) else ()


def rows_by_period(data: Any) -> dict[tuple[Any, ...], tuple[Any, ...]]:
    """(period, subgroup, stratum) -> values, from a cached CSV version."""
    if not isinstance(data, dict):
        return {}
    return {(r[0], r[5], r[6]): (r[1], r[2], r[3], r[4]) for r in data.get("rows", [])}


def _driver_ids(data: Any) -> dict[str, str]:
    out: dict[str, str] = {}
    for level in ("primary", "secondary"):
        items = _get(data, level)
        if isinstance(items, list):
            for d in items:
                if isinstance(d, dict) and d.get("id") is not None:
                    out[str(d["id"])] = str(d.get("title") or "")
    return out


def _revisions(data: Any) -> list[dict[str, Any]]:
    items = _get(data, "revisions")
    return [r for r in items if isinstance(r, dict)] if isinstance(items, list) else []


class _Rows(tuple):  # type: ignore[type-arg]
    """A data version as its row lines."""


def compare_versions(key: Key, old: Any, new: Any) -> Iterator[tuple[str, dict[str, Any]]]:
    """What happened between two versions of one artifact, as (event kind, details)."""
    kind = key[0]
    if old is None and new is None:
        return
    if kind == "data":
        if isinstance(new, _Rows):  # row lines (the event stream): set operations, no per-row parse
            new_only, old_only = set(new).difference(old or ()), set(old or ()).difference(new)
            fresh = {line.partition(",")[0].strip() for line in new_only}
            gone = {line.partition(",")[0].strip() for line in old_only}
            added_periods = sorted(fresh - gone)
            changed_n, removed_n = len(fresh & gone), len(gone - fresh)
            if added_periods or changed_n or removed_n:
                yield "data", {"rows_added": len(added_periods), "rows_changed": changed_n, "rows_removed": removed_n,
                               "periods": [added_periods[0], added_periods[-1]] if added_periods else []}
            return
        before, after = rows_by_period(old), rows_by_period(new)
        added = sorted((p for p in after if p not in before), key=lambda p: str(p[0]))
        changed = [p for p in after if p in before and after[p] != before[p]]
        removed = [p for p in before if p not in after]
        if added or changed or removed:
            yield "data", {"rows_added": len(added), "rows_changed": len(changed), "rows_removed": len(removed),
                           "periods": [added[0][0], added[-1][0]] if added else []}
        return
    if kind == "pdsa":
        old_stage, new_stage = stage_of(old), stage_of(new)
        decided = bool(_get(new, "act", "decision")) and _get(new, "act", "decision") != _get(old, "act", "decision")
        if old is None:
            yield "planned", {"stage": new_stage}
        elif new_stage == "act" and decided:
            pass  # the decision event says it
        elif new_stage and old_stage != new_stage and (old_stage is None or STAGES.index(new_stage) > STAGES.index(old_stage)):
            yield "stage", {"stage": new_stage}
        elif new_stage and old_stage and old_stage != new_stage:
            yield "stage", {"stage": new_stage, "back": True}
        before, after = predictions_of(old), predictions_of(new)
        for q in sorted(after):
            if before.get(q) != after[q]:
                yield "prediction", {"question": q, "result": after[q]}
        old_decision, new_decision = _get(old, "act", "decision"), _get(new, "act", "decision")
        if new_decision and new_decision != old_decision:
            yield "decision", {"decision": new_decision, "next_cycle": _get(new, "act", "next_cycle"),
                               "reason": _get(new, "act", "reason")}
        return
    if old is None:
        yield "added", {}
        return
    if kind == "drivers":
        before, after = _driver_ids(old), _driver_ids(new)
        old_revs = {(str(r.get("date")), str(r.get("summary"))) for r in _revisions(old)}
        new_revs = [r for r in _revisions(new) if (str(r.get("date")), str(r.get("summary"))) not in old_revs]
        added = sorted(set(after) - set(before))
        removed = sorted(set(before) - set(after))
        renamed = sorted(d for d in set(after) & set(before) if after[d] != before[d])
        if added or removed or renamed or new_revs or old != new:
            yield "drivers", {"drivers_added": added, "drivers_removed": removed, "drivers_renamed": renamed,
                              "revisions": [{"date": str(r.get("date")), "summary": r.get("summary"),
                                             "reason": r.get("reason")} for r in new_revs]}
        return
    if kind in ("change-idea", "site") and _get(old, "status") != _get(new, "status"):
        yield "status", {"from": _get(old, "status"), "to": _get(new, "status")}
        return
    if old != new:
        fields = sorted(k for k in set(old if isinstance(old, dict) else {}) | set(new if isinstance(new, dict) else {})
                        if _get(old, k) != _get(new, k))
        yield "edited", {"fields": fields}


#: Stands for a version that exists but cannot be parsed (a broken file in an old commit).
_UNREADABLE: dict[str, Any] = {"__unreadable__": True}


def _title(data: Any) -> str:
    value = _get(data, "title") or _get(data, "name")
    return str(value) if value is not None else ""


def read_events(repo: Repository, cache: BlobCache, until: str, since: str | None = None,
                progress: Callable[[int, int], None] | None = None) -> EventStream:
    """Every artifact event in the first-parent commits after `since` up to `until`."""
    commits = repo.log(until, since)
    wanted: list[tuple[str, str]] = []
    data_blobs: list[str] = []
    for commit in commits:
        if commit.boundary:
            continue
        for change in commit.changes:
            where = classify(change.path)
            if where:
                for blob in (change.old, change.new):
                    if blob:
                        (data_blobs.append(blob) if where[0] == "data" else wanted.append((blob, change.path)))
    parsed = dict(cache.get(wanted, progress))
    parsed.update((b, _Rows(lines)) for b, lines in cache.data_lines(data_blobs).items())
    stream = EventStream(commits, [])
    last_good: dict[Key, Any] = {}
    for commit in commits:
        if commit.boundary:
            stream.starts_at = commit
            continue
        pairs: dict[Key, list[Any]] = {}
        for change in commit.changes:
            where = classify(change.path)
            if not where:
                continue
            kind, site = where
            old = parsed.get(change.old) if change.old else None
            new = parsed.get(change.new) if change.new else None
            if change.old:
                slot = pairs.setdefault(artifact_key(kind, site, change.path, old), [None, None])
                slot[0] = old if old is not None else (slot[0] or _UNREADABLE)
            if change.new:
                slot = pairs.setdefault(artifact_key(kind, site, change.path, new), [None, None])
                slot[1] = new if new is not None else _UNREADABLE
        for key, (old, new) in pairs.items():
            if old is _UNREADABLE:  # compare with the last version that could be read, if any
                old = last_good.get(key)
            ideas = change_ideas_of(new) or change_ideas_of(old)
            title = _title(new) or _title(old)
            if new is None:
                found = [("removed", {})]
                last_good.pop(key, None)
            elif new is _UNREADABLE:
                found = [("unreadable", {})]
            else:
                found = list(compare_versions(key, old, new))
                last_good[key] = new
            for event_kind, details in found:
                stream.events.append(Event(commit.id, commit.author, commit.date, event_kind, key, title, details,
                                           ideas))
    return stream
