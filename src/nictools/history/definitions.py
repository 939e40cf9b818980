"""When a measure's operational definition changed, read from the git history.

A changed definition (what the numerator or denominator counts, who is in or out, the
definition's words) is a break in the series: points before and after it are not like
for like (docs/practice.md, "A changed definition is a break"). Teams are asked to record
such a change as a dated `versions:` entry in the measure; this module finds the ones
nobody recorded, from the commits that changed `measures/*.yaml`.

The comparison is of the parsed values with their whitespace folded, so reflowing a
paragraph is not a new definition. A commit that also adds a `versions:` entry is the
recorded change itself and is left to it. The first version of a measure in the history
(or at a shallow clone's boundary) is where the comparison starts.

The result is memoised per repository, network folder and commit within one run, and
the versions themselves come from the blob cache, so `nic status` and `nic report` pay
for one `git log -- measures/` per run.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from nictools.errors import NicError
from nictools.history.blobs import BlobCache
from nictools.history.git import Repository, open_repository

#: The fields of a measure that make its operational definition, as pointers.
DEFINITION_FIELDS = (
    ("definition",),
    ("numerator", "description"), ("numerator", "inclusion"), ("numerator", "exclusion"),
    ("denominator", "description"), ("denominator", "inclusion"), ("denominator", "exclusion"),
)


@dataclass(frozen=True)
class DefinitionChange:
    """A commit that changed a measure's operational definition."""

    measure: str
    day: dt.date  # the commit's (author) date: the break is at the first period on or after it
    commit: str
    fields: tuple[str, ...]  # "numerator.inclusion", …

    @property
    def reason(self) -> str:
        return f"definition changed: {', '.join(self.fields)}"


def _value(data: Any, pointer: tuple[str, ...]) -> str:
    for key in pointer:
        if not isinstance(data, dict):
            return ""
        data = data.get(key)
    return " ".join(str(data).split()) if data is not None else ""


def _versions(data: Any) -> int:
    items = data.get("versions") if isinstance(data, dict) else None
    return len(items) if isinstance(items, list) else 0


def changed_fields(old: Any, new: Any) -> tuple[str, ...]:
    """The definition fields whose (whitespace-folded) values differ between two versions."""
    return tuple(".".join(p) for p in DEFINITION_FIELDS if _value(old, p) != _value(new, p))


def read_definition_changes(repo: Repository, cache: BlobCache, until: str = "HEAD") -> dict[str, tuple[DefinitionChange, ...]]:
    """Measure id -> its unrecorded definition changes, oldest first, in first-parent commits up to `until`."""
    commits = repo.log(until, paths=("measures/",))
    wanted = [(blob, c.path) for commit in commits for c in commit.changes
              if c.path.startswith("measures/") and c.path.endswith((".yaml", ".yml"))
              for blob in (c.old, c.new) if blob]
    parsed = cache.get(wanted)
    last: dict[str, Any] = {}
    found: dict[str, list[DefinitionChange]] = {}
    for commit in commits:
        for change in commit.changes:
            if not change.new or not change.path.startswith("measures/") or change.path.count("/") != 1:
                continue
            new = parsed.get(change.new)
            if not isinstance(new, dict):
                continue
            stem = change.path.rsplit("/", 1)[-1].rsplit(".", 1)[0]
            ident = str(new.get("id") or stem)
            old = last.get(ident)
            last[ident] = new
            if old is None or commit.boundary:
                continue
            fields = changed_fields(old, new)
            if fields and _versions(new) <= _versions(old):
                found.setdefault(ident, []).append(DefinitionChange(ident, commit.date.date(), commit.id, fields))
    return {k: tuple(v) for k, v in found.items()}


_MEMO: dict[tuple[str, str, str], dict[str, tuple[DefinitionChange, ...]]] = {}


def definition_changes_at(root: Path, revision: str | None = None) -> dict[str, tuple[DefinitionChange, ...]]:
    """The definition changes of the network at `root` up to `revision` (default HEAD).

    Empty when the network is not in a git repository (or the history cannot be read):
    then only the `versions:` the measures record are known.
    """
    try:
        repo = open_repository(root)
    except NicError:
        return {}
    try:
        commit = repo.resolve(revision or "HEAD")
        key = (str(repo.top), repo.prefix, commit)
        if key not in _MEMO:
            cache = BlobCache(repo)
            try:
                _MEMO[key] = read_definition_changes(repo, cache, commit)
            finally:
                cache.close()
        return _MEMO[key]
    except NicError:
        return {}
    finally:
        repo.close()


__all__ = ["DEFINITION_FIELDS", "DefinitionChange", "changed_fields", "definition_changes_at",
           "read_definition_changes"]
