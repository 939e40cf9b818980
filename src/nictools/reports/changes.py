"""`nic diff`: what changed in the network between two revisions, by meaning, not by line."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from nictools.history.events import compare_versions, rows_by_period, stage_of
from nictools.history.session import History
from nictools.history.snapshots import Key, Version


@dataclass
class FieldChange:
    field: str
    old: Any
    new: Any


@dataclass
class ArtifactChange:
    kind: str
    site: str | None
    id: str
    title: str
    fields: list[FieldChange] = field(default_factory=list)


@dataclass
class DiffReport:
    network: str
    old: dict[str, Any]
    new: dict[str, Any]
    commits: int
    authors: list[str]
    added: list[ArtifactChange]
    removed: list[ArtifactChange]
    changed: list[ArtifactChange]
    stages: list[dict[str, Any]]
    decisions: list[dict[str, Any]]
    data: list[dict[str, Any]]
    drivers: dict[str, Any] | None
    history_starts: str | None = None

    def to_json(self) -> dict[str, Any]:
        from dataclasses import asdict

        return asdict(self)

    @property
    def empty(self) -> bool:
        return not (self.added or self.removed or self.changed or self.data or self.drivers)


def flatten(data: Any, prefix: str = "") -> dict[str, Any]:
    """`{"plan": {"scale": {"classes": 2}}}` -> `{"plan.scale.classes": 2}`; lists of scalars stay whole."""
    out: dict[str, Any] = {}
    if isinstance(data, dict):
        for k, v in data.items():
            out.update(flatten(v, f"{prefix}.{k}" if prefix else str(k)))
    elif isinstance(data, list) and any(isinstance(v, (dict, list)) for v in data):
        for i, v in enumerate(data):
            out.update(flatten(v, f"{prefix}[{i}]"))
    else:
        out[prefix] = data
    return out


def _title(v: Version | None) -> str:
    data = v.data if v else None
    value = data.get("title") or data.get("name") if isinstance(data, dict) else None
    return str(value) if value else ""


def _ref(key: Key, v: Version | None) -> ArtifactChange:
    return ArtifactChange(key[0], key[1] or None, key[2], _title(v))


def _changed_artifacts(history: History, old: str, new: str) -> tuple[dict[Key, Version], dict[Key, Version]]:
    """The artifacts whose files differ between two commits, on each side, keyed by id."""
    from nictools.history.blobs import classify
    from nictools.history.snapshots import artifact_key

    changes = [(c, classify(c.path)) for c in history.repo.changed_between(old, new)]
    changes = [(c, w) for c, w in changes if w]
    parsed = history.cache.get([(b, c.path) for c, _ in changes for b in (c.old, c.new) if b], history.progress)
    sides: tuple[dict[Key, Version], dict[Key, Version]] = ({}, {})
    for change, (kind, site) in changes:
        for side, blob in zip(sides, (change.old, change.new)):
            if blob:
                data = parsed.get(blob)
                key = artifact_key(kind, site, change.path, data)
                side.setdefault(key, Version(key, change.path, blob, data))
    return sides


def build_diff(history: History, old_rev: str | None, new_rev: str | None = None) -> DiffReport:
    """Compare the network at `old_rev` with `new_rev` (default HEAD; a date means the state on that day)."""
    new_commit = history.resolve(new_rev or "HEAD")
    if not new_rev:
        history.note_uncommitted()
    old_commit = history.resolve(old_rev) if old_rev else None
    if old_commit:
        history.require_since(old_commit)
    if history.repo.shallow:
        history.note_shallow()
    if old_commit:  # only the files that differ: a short window reads only what changed in it
        before, after = _changed_artifacts(history, old_commit, new_commit)
    else:
        before, after = {}, history.snapshot(new_commit).artifacts
    added = [_ref(k, after[k]) for k in sorted(set(after) - set(before)) if k[0] != "data"]
    removed = [_ref(k, before[k]) for k in sorted(set(before) - set(after)) if k[0] != "data"]
    changed: list[ArtifactChange] = []
    stages: list[dict[str, Any]] = []
    decisions: list[dict[str, Any]] = []
    data: list[dict[str, Any]] = []
    drivers: dict[str, Any] | None = None
    for key in sorted(set(after)):
        old_v, new_v = before.get(key), after[key]
        old_data = old_v.data if old_v else None
        if old_v and old_v.blob == new_v.blob:
            continue
        kind, site, ident = key
        if kind == "data":
            b, a = rows_by_period(old_data), rows_by_period(new_v.data)
            added_periods = sorted(str(p[0]) for p in a if p not in b)
            entry = {"site": site, "measure": ident, "rows_added": len(added_periods),
                     "rows_changed": sum(1 for p in a if p in b and a[p] != b[p]),
                     "rows_removed": sum(1 for p in b if p not in a),
                     "first": added_periods[0] if added_periods else None,
                     "last": added_periods[-1] if added_periods else None}
            if entry["rows_added"] or entry["rows_changed"] or entry["rows_removed"]:
                data.append(entry)
            continue
        if kind == "pdsa":
            s_old, s_new = stage_of(old_data), stage_of(new_v.data)
            if s_old != s_new:
                stages.append({"site": site, "cycle": ident, "title": _title(new_v), "from": s_old, "to": s_new})
            for event_kind, details in compare_versions(key, old_data, new_v.data):
                if event_kind == "decision":
                    decisions.append({"site": site, "cycle": ident, "title": _title(new_v), **details})
        if kind == "drivers" and old_v is not None:
            for _, details in compare_versions(key, old_data, new_v.data):
                drivers = details
        if old_v is None:
            continue
        f_old, f_new = flatten(old_data), flatten(new_v.data)
        fields = [FieldChange(f, f_old.get(f), f_new.get(f)) for f in sorted(set(f_old) | set(f_new))
                  if f_old.get(f) != f_new.get(f)]
        if fields:
            changed.append(ArtifactChange(kind, site or None, ident, _title(new_v), fields))
    commits = history.repo.log(new_commit, old_commit, with_changes=False) if old_commit else \
        history.repo.log(new_commit, with_changes=False)
    if drivers is not None or any(k[0] == "drivers" for k in set(after) - set(before)):
        touching = history.repo.log(new_commit, old_commit, paths=("drivers.yaml",), with_changes=False)
        drivers = drivers or {"drivers_added": [], "drivers_removed": [], "drivers_renamed": [], "revisions": []}
        drivers["commits"] = [{"commit": c.id, "author": c.author, "date": c.date.date().isoformat(),
                               "message": c.message} for c in touching]
    from nictools.reports.timeline import network_name

    def side(commit: str | None, date: dt.datetime | None) -> dict[str, Any]:
        return {"commit": commit, "date": date.date().isoformat() if date else None}

    return DiffReport(network_name(history, new_commit),
                      side(old_commit, history.repo.date_of(old_commit) if old_commit else None),
                      side(new_commit, history.repo.date_of(new_commit)), len(commits), sorted({c.author for c in commits}),
                      added, removed, changed, stages, decisions, data, drivers,
                      history.history_start() if history.repo.shallow else None)
