"""`nic rename KIND OLD NEW`: change an id and every reference to it, all or nothing.

Kinds: measure, change-idea, driver, site, aim, cycle (a cycle needs its site).
The rename is prepared completely in memory first (every new text, every file or
folder move), each new text is parsed again to prove only the intended values
changed, and only then is anything written: texts atomically, then the moves. If a
write fails, what was already written is put back.

Values are edited in place at the exact span the positioned reader reports for
them, so comments, quoting, flow or block style, key order and line wrapping stay
byte for byte (a ruamel.yaml round trip re-indents lists and rewraps long lines,
which would touch lines nobody meant to change in files teams write by hand).

A retired artifact keeps its id forever: it cannot be renamed, and its id cannot be
reused, because old cycles, reports and the git history still name it.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterator

from nictools.atomic import write_atomic
from nictools.errors import NicError
from nictools.load.network import read_file_bytes
from nictools.load.text import decode
from nictools.load.yaml import Pointer, YamlDocument, read_yaml, resolve_plain
from nictools.model.base import ID_PATTERN
from nictools.network import list_files
from nictools.suggest import did_you_mean

KINDS = ("measure", "change-idea", "driver", "site", "aim", "cycle")
_CYCLE_LINKS = (("continues",), ("adapted_from",), ("replicates",), ("act", "next_cycle"))

#: where each kind is named, as (file kind, pointer pattern; "*" = every list item)
REFERENCES: dict[str, list[tuple[str, tuple]]] = {
    "measure": [("measure", ("id",)), ("aim", ("outcome_measure",)), ("pdsa", ("plan", "measures", "*")),
                ("site", ("phases", "*", "measure"))],
    "change-idea": [("change-idea", ("id",)), ("change-idea", ("adapted_from",)), ("pdsa", ("change_ideas", "*")),
                    ("measure", ("tracks", "change_ideas", "*")), ("site", ("phases", "*", "change_idea"))],
    "driver": [("drivers", ("primary", "*", "id")), ("drivers", ("secondary", "*", "id")),
               ("drivers", ("secondary", "*", "primary_drivers", "*")), ("change-idea", ("drivers", "*")),
               ("measure", ("tracks", "drivers", "*")), ("site", ("focus_drivers", "*")),
               ("network", ("clusters", "*", "primary_driver"))],
    "aim": [("aim", ("id",)), ("aim", ("parent",)), ("network", ("aim",)), ("drivers", ("aim",))],
    "site": [("site", ("id",)), ("change-idea", ("origin_site",)), ("aim", ("site",))],
    "cycle": [("pdsa", ("id",))],
}


@dataclass
class Edit:
    """One value to replace in one file."""

    pointer: Pointer
    new: str


@dataclass
class RenamePlan:
    """Everything a rename will do, prepared before anything is written."""

    kind: str
    old: str
    new: str
    texts: dict[str, str] = field(default_factory=dict)  # path -> new text (at its old path)
    originals: dict[str, bytes] = field(default_factory=dict)
    moves: list[tuple[str, str]] = field(default_factory=list)  # (from, to), relative paths
    edits: dict[str, int] = field(default_factory=dict)  # path -> number of values changed


@dataclass
class _Source:
    path: str
    kind: str
    site: str | None
    raw: bytes
    text: str
    doc: YamlDocument


def _expand(data: Any, pattern: tuple, prefix: Pointer = ()) -> Iterator[tuple[Pointer, Any]]:
    if not pattern:
        yield prefix, data
        return
    head, rest = pattern[0], pattern[1:]
    if head == "*":
        if isinstance(data, list):
            for i, item in enumerate(data):
                yield from _expand(item, rest, prefix + (i,))
    elif isinstance(data, dict) and head in data:
        yield from _expand(data[head], rest, prefix + (head,))


def _text(value: Any) -> str | None:
    if isinstance(value, bool) or value is None:
        return None
    return str(value) if isinstance(value, (str, int)) else None


def _read_sources(root: Path) -> list[_Source]:
    sources, broken = [], []
    for f in list_files(root).files:
        if f.kind not in ("network", "drivers", "aim", "measure", "change-idea", "site", "pdsa"):
            continue
        path = root / f.path
        if path.is_symlink() or not path.is_file():
            continue
        raw, _ = read_file_bytes(path, f.path)
        if raw is None:
            broken.append(f.path)
            continue
        decoded = decode(raw, f.path)
        if decoded.fatal or decoded.text is None or raw.startswith(b"\xef\xbb\xbf") or b"\r" in raw:
            broken.append(f.path)
            continue
        doc = read_yaml(decoded.text, f.path)
        if not doc.ok or doc.data is None:
            broken.append(f.path)
            continue
        sources.append(_Source(f.path, f.kind, f.site, raw, decoded.text, doc))
    if broken:
        raise NicError(f"nic cannot rename while {len(broken)} file(s) cannot be read safely: {', '.join(broken[:5])}.",
                       "Run `nic fix` and `nic validate`, repair those files, then rename.")
    return sources


def _replace_spans(source: _Source, edits: list[Edit]) -> str:
    """The text with each edited scalar replaced where it stands, keeping its quotes."""
    lines = source.text.split("\n")
    offsets = [0]
    for line in lines:
        offsets.append(offsets[-1] + len(line) + 1)
    spans = []
    for edit in edits:
        node, matched = source.doc.node_at(edit.pointer)
        if matched != len(edit.pointer):
            raise NicError(f"nic could not find `{edit.pointer}` in {source.path}; nothing was changed.",
                           "This is a bug in nictools: please report it with the file.")
        line, col = node.start_mark.line + 1, node.start_mark.column + 1
        eline, ecol = node.end_mark.line + 1, node.end_mark.column + 1
        start, end = offsets[line - 1] + col - 1, offsets[eline - 1] + ecol - 1
        spans.append((start, end, edit.new))
    text = source.text
    for start, end, new in sorted(spans, reverse=True):
        original = text[start:end]
        if original[:1] in ("'", '"'):
            replacement = f"{original[0]}{new}{original[0]}"
        elif isinstance(resolve_plain(new), str):
            replacement = new
        else:
            replacement = f'"{new}"'
        text = text[:start] + replacement + text[end:]
    return text


def _set(data: Any, pointer: Pointer, value: str) -> None:
    for part in pointer[:-1]:
        data = data[part]
    data[pointer[-1]] = value


def plan_rename(root: Path, kind: str, old: str, new: str, site: str | None = None) -> RenamePlan:
    """Prepare a rename (nothing written); NicError when it cannot be done safely."""
    if kind not in KINDS:
        raise NicError(f"`{kind}` is not a kind nic can rename.", f"Use one of: {', '.join(KINDS)}.")
    if kind == "cycle" and not site:
        raise NicError("Renaming a cycle needs its site.", "Add `--site SITE` (cycle ids are unique within a site).")
    if not re.match(ID_PATTERN, new) or len(new) > 64:
        raise NicError(f"`{new}` cannot be used as an id.",
                       "Use letters, digits, `-`, `_` and `.`, starting with a letter or digit (for example CI-07).")
    if old == new:
        raise NicError(f"`{old}` and `{new}` are the same id.", "Give the new id as the second argument.")
    sources = _read_sources(root)
    plan = RenamePlan(kind, old, new)

    # what exists: ids of this kind, and which are retired
    owners: dict[str, tuple[_Source, Pointer]] = {}
    retired: set[str] = set()
    for s in sources:
        data = s.doc.data
        if not isinstance(data, dict):
            continue
        if kind == "driver" and s.kind == "drivers":
            for group in ("primary", "secondary"):
                for pointer, value in _expand(data, (group, "*", "id")):
                    owners[str(value)] = (s, pointer)
                    entry = data[group][pointer[1]]
                    if isinstance(entry, dict) and entry.get("status") == "retired":
                        retired.add(str(value))
        elif (kind, s.kind) in (("measure", "measure"), ("change-idea", "change-idea"), ("aim", "aim"), ("site", "site")) \
                or (kind == "cycle" and s.kind == "pdsa" and s.site == site):
            ident = _text(data.get("id"))
            if ident is not None:
                owners[ident] = (s, ("id",))
                if data.get("status") == "retired":
                    retired.add(ident)
    what = kind.replace("-", " ")
    if old not in owners:
        where = f" at site `{site}`" if kind == "cycle" else ""
        raise NicError(f"There is no {what} `{old}`{where}.", did_you_mean(old, owners) + f"Check the {what}'s id.")
    if old in retired:
        raise NicError(f"The {what} `{old}` is retired, and a retired artifact keeps its id forever.",
                       "Old cycles, reports and the history still name it; add a new artifact instead.")
    if new in owners:
        extra = " (a retired one: its id stays reserved)" if new in retired else ""
        raise NicError(f"A {what} `{new}` already exists{extra}.", "Pick an id that is not used yet.")

    # every edit, file by file
    edits: dict[str, list[Edit]] = {}
    owner_source, _ = owners[old]
    for s in sources:
        data = s.doc.data
        if not isinstance(data, dict):
            continue
        for file_kind, pattern in REFERENCES[kind]:
            if file_kind != s.kind:
                continue
            if pattern == ("id",) and s is not owner_source:
                continue
            if kind == "cycle" and pattern == ("id",) and s.site != site:
                continue
            for pointer, value in _expand(data, pattern):
                if _text(value) == old:
                    edits.setdefault(s.path, []).append(Edit(pointer, new))
        if s.kind == "pdsa" and kind in ("site", "cycle"):
            for link in _CYCLE_LINKS:
                for pointer, value in _expand(data, link):
                    ref = _text(value)
                    if ref is None:
                        continue
                    if kind == "site" and ref.startswith(old + "/"):
                        edits.setdefault(s.path, []).append(Edit(pointer, new + ref[len(old):]))
                    elif kind == "cycle" and (ref == f"{site}/{old}" or (ref == old and s.site == site)):
                        edits.setdefault(s.path, []).append(Edit(pointer, new if ref == old else f"{site}/{new}"))

    for path, file_edits in edits.items():
        source = next(s for s in sources if s.path == path)
        text = _replace_spans(source, file_edits)
        check = read_yaml(text, path)
        expected = read_yaml(source.text, path).data
        for e in file_edits:
            _set(expected, e.pointer, e.new)
        if not check.ok or _normal(check.data) != _normal(expected):
            raise NicError(f"nic could not edit {path} safely; nothing was changed.",
                           "This is a bug in nictools: please report it with the file.")
        plan.texts[path] = text
        plan.originals[path] = source.raw
        plan.edits[path] = len(file_edits)

    # files and folders to move
    owner_path = owner_source.path
    if kind in ("measure", "change-idea", "aim", "cycle"):
        folder, name = owner_path.rsplit("/", 1)
        stem, dot, ext = name.rpartition(".")
        if stem == old:
            plan.moves.append((owner_path, f"{folder}/{new}.{ext}"))
    if kind == "measure":
        for f in list_files(root).files:
            if f.kind == "data" and f.path.rsplit("/", 1)[-1] == f"{old}.csv":
                plan.moves.append((f.path, f.path.rsplit("/", 1)[0] + f"/{new}.csv"))
    if kind == "site":
        folder = owner_path.rsplit("/", 1)[0]
        if folder == f"sites/{old}":
            plan.moves.append((folder, f"sites/{new}"))
    for source, target in plan.moves:
        if target_taken(root / source, root / target):
            raise NicError(f"{target} already exists.", "Move or remove it first, or pick another new id.")
    return plan


def _normal(data: Any) -> Any:
    if isinstance(data, dict):
        return {k: _normal(v) for k, v in data.items()}
    if isinstance(data, list):
        return [_normal(v) for v in data]
    return str(data) if isinstance(data, int) and not isinstance(data, bool) else data


def target_taken(source: Path, target: Path) -> bool:
    """True when `target` is another file. On a case-insensitive file system (macOS, Windows)
    `ci-01.yaml` exists when `CI-01.yaml` does: renaming only the case is no clash."""
    if not target.exists():
        return False
    try:
        return not os.path.samefile(source, target)
    except OSError:
        return True


def rename(root: Path, kind: str, old: str, new: str, site: str | None = None) -> RenamePlan:
    """Plan and apply a rename under the network's write lock (the files read once it is held)."""
    from nictools.lock import network_lock

    with network_lock(root):
        plan = plan_rename(root, kind, old, new, site=site)
        apply_rename(root, plan)
    return plan


def apply_rename(root: Path, plan: RenamePlan) -> None:
    """Write every new text (atomically), then move files; undo everything if a step fails.

    The undo of each step is written to the journal before the step is taken, and every
    catchable signal (SIGINT, SIGTERM, SIGHUP, SIGQUIT) interrupts as Ctrl-C does, so
    an interruption at any point, even between a write and the next, is undone; a kill
    that cannot be caught is undone by the next nic that takes the write lock."""
    from nictools.journal import Journal, signals_deferred, signals_interrupt

    journal = Journal(root, "rename")
    try:
        with signals_interrupt():
            for path, text in plan.texts.items():
                journal.before_write(path)
                write_atomic(root / path, text)
            for source, target in plan.moves:
                journal.before_move(source, target)
                (root / target).parent.mkdir(parents=True, exist_ok=True)
                os.rename(root / source, root / target)
            with signals_deferred():
                journal.finish()
    except BaseException as exc:  # an OSError, or a signal halfway: undo, so no reference is left broken
        with signals_deferred():
            journal.undo()
        if not isinstance(exc, OSError):
            raise
        from nictools.faults import plain_os_error

        cause = plain_os_error(exc).message.split(": ", 1)[-1]
        raise NicError(f"The rename failed and was undone: {cause}",
                       plain_os_error(exc).hint) from None
