"""The network as it stood at a commit: every artifact followed by its id, not its path.

A snapshot is a listing of the commit's tree (`git ls-tree`), the versions parsed
through the blob cache, and, on request, a validated `Network` (the same model the
rest of nictools reads). Broken historical files are tolerated: an artifact whose
version does not parse or validate is kept as plain data (for diffs) and left out
of the validated network.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

from nictools.history.blobs import BlobCache, classify
from nictools.history.git import Repository
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from nictools.load.tables import DataTable
    from nictools.model.network import Network

#: (kind, site, id): an artifact's identity across renames. network.yaml and drivers.yaml have one each.
Key = tuple[str, str, str]


@dataclass(frozen=True)
class Version:
    """One artifact as one commit holds it."""

    key: Key
    path: str
    blob: str
    data: Any  # plain data (YAML) or {"columns", "rows"} (CSV); None when unreadable


def artifact_key(kind: str, site: str | None, path: str, data: Any) -> Key:
    """Identity of an artifact: its `id` field, else its file name."""
    stem = path.rsplit("/", 1)[-1].rsplit(".", 1)[0]
    if kind in ("network", "drivers"):
        return (kind, "", kind)
    if kind == "data":
        return (kind, site or "", stem)
    ident = data.get("id") if isinstance(data, dict) else None
    if isinstance(ident, (str, int)) and not isinstance(ident, bool) and str(ident).strip():
        ident = str(ident).strip()
    else:
        ident = stem
    return (kind, site or "", ident)


@dataclass
class Snapshot:
    """Every artifact at one commit, by key."""

    commit: str
    date: dt.datetime | None
    artifacts: dict[Key, Version] = field(default_factory=dict)

    def of_kind(self, kind: str) -> list[Version]:
        return [v for k, v in self.artifacts.items() if k[0] == kind]


def take_snapshot(repo: Repository, cache: BlobCache, commit: str,
                  progress: Callable[[int, int], None] | None = None) -> Snapshot:
    """The network's artifacts at `commit` (one `ls-tree`, blobs through the cache)."""
    files = repo.tree(commit)
    wanted = [(blob, path) for path, blob in files.items() if classify(path)]
    parsed = cache.get(wanted, progress)
    snap = Snapshot(commit, repo.date_of(commit))
    for path, blob in sorted(files.items()):
        where = classify(path)
        if not where:
            continue
        kind, site = where
        data = parsed.get(blob)
        key = artifact_key(kind, site, path, data)
        if key in snap.artifacts:  # two files claim one id: keep the first, as the loader does
            continue
        snap.artifacts[key] = Version(key, path, blob, data)
    return snap


def table_from(data: Any, path: str) -> DataTable:
    """A `DataTable` from a cached CSV version."""
    from nictools.load.tables import DataRow, DataTable

    table = DataTable(path)
    if not isinstance(data, dict):
        return table
    table.columns = list(data.get("columns", []))
    for period, value, num, den, n, subgroup, stratum, note, line in data.get("rows", []):
        table.rows.append(DataRow(line, dt.date.fromisoformat(period) if period else None, value, num, den, n,
                                  subgroup, stratum, note))
    return table


def network_from(snap: Snapshot, root: Path) -> "Network":
    """A validated `Network` from a snapshot; versions that do not validate are left out."""
    from nictools.load.network import validate_document
    from nictools.load.yaml import YamlDocument
    from nictools.model.network import Network, Record

    network = Network(root=root)
    for key, version in snap.artifacts.items():
        kind, site, ident = key
        network.files.append(version.path)
        if kind == "data":
            network.data[(site, ident)] = table_from(version.data, version.path)
            continue
        if version.data is None:
            continue
        doc = YamlDocument(data=version.data)
        model, problems = validate_document(kind, doc, version.path)
        if model is None:
            continue
        record = Record(model, version.path, doc, site or None)
        if kind == "network":
            network.config = record
        elif kind == "drivers":
            network.drivers = record
        elif kind == "site":
            network.sites[ident] = record
        elif kind == "pdsa":
            network.cycles[(site, ident)] = record
        elif kind == "aim":
            network.aims[ident] = record
        elif kind == "measure":
            network.measures[ident] = record
        elif kind == "change-idea":
            network.change_ideas[ident] = record
    network.site_folders = sorted({k[1] for k in snap.artifacts if k[1]})
    return network
