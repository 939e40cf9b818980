"""Ids in a network's files: where each is defined, what it is called, and where one is expected.

The language server's completion, hover and go-to-definition read this; it is plain data
over a loaded `Network` and a file's text, so it is tested without a server.

Where an id is expected comes from the models' field names (`REFERENCES`: in a PDSA cycle,
`change_ideas:` holds change idea ids, `continues:` a cycle's); a test checks that every
name there is a field of that file's model, so a renamed field cannot silently stop completing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Iterator

from nictools.model.network import Network, Record

#: the kinds of id the server knows
MEASURE, CHANGE_IDEA, SITE, DRIVER, PRIMARY_DRIVER, CYCLE, AIM, CLUSTER = (
    "measure", "change idea", "site", "driver", "primary driver", "cycle", "aim", "cluster")

#: (file kind, field name) -> the kind of id the field holds (a list's items, or a single value)
REFERENCES: dict[tuple[str, str], str] = {
    ("pdsa", "change_ideas"): CHANGE_IDEA,
    ("pdsa", "measures"): MEASURE,
    ("pdsa", "continues"): CYCLE,
    ("pdsa", "adapted_from"): CYCLE,
    ("pdsa", "replicates"): CYCLE,
    ("pdsa", "next_cycle"): CYCLE,
    ("measure", "drivers"): DRIVER,
    ("measure", "change_ideas"): CHANGE_IDEA,
    ("change-idea", "drivers"): DRIVER,
    ("change-idea", "origin_site"): SITE,
    ("change-idea", "adapted_from"): CHANGE_IDEA,
    ("site", "cluster"): CLUSTER,
    ("site", "focus_drivers"): DRIVER,
    ("site", "measure"): MEASURE,
    ("site", "change_idea"): CHANGE_IDEA,
    ("aim", "parent"): AIM,
    ("aim", "site"): SITE,
    ("aim", "outcome_measure"): MEASURE,
    ("drivers", "aim"): AIM,
    ("drivers", "primary_drivers"): PRIMARY_DRIVER,
    ("network", "aim"): AIM,
    ("network", "primary_driver"): PRIMARY_DRIVER,
}

_TOKEN = re.compile(r"[A-Za-z0-9_./-]")
_CODE = re.compile(r"NIC\d{3}")
_KEY_LINE = re.compile(r"^(?P<indent>\s*)(?:-\s+)*(?P<key>[A-Za-z_][A-Za-z0-9_]*)\s*:(?:\s|$)")
_BARE_KEY = re.compile(r"^\s*(?:-\s+)*(?P<key>[A-Za-z_][A-Za-z0-9_]*)\s*:\s*(?:#.*)?$")


@dataclass(frozen=True)
class Definition:
    """Where an id is defined: the file (relative to the root), its 1-based line and column, its title."""

    kind: str
    id: str
    title: str
    path: str
    line: int
    column: int
    site: str | None = None
    retired: bool = False


def file_kind(path: str) -> str | None:
    """The kind of a network file from its relative path (`sites/a/pdsa/C01.yaml` -> `pdsa`)."""
    parts = path.split("/")
    name = parts[-1]
    if not name.endswith((".yaml", ".yml", ".csv")):
        return None
    if len(parts) == 1:
        return {"network": "network", "drivers": "drivers"}.get(name.rsplit(".", 1)[0])
    if len(parts) == 2:
        return {"aims": "aim", "measures": "measure", "change-ideas": "change-idea"}.get(parts[0])
    if parts[0] == "sites" and len(parts) == 3 and name.rsplit(".", 1)[0] == "site":
        return "site"
    if parts[0] == "sites" and len(parts) == 4:
        return {"pdsa": "pdsa", "data": "data"}.get(parts[2])
    return None


def site_of(path: str) -> str | None:
    parts = path.split("/")
    return parts[1] if parts[0] == "sites" and len(parts) > 2 else None


def _where(record: Record[object], pointer: tuple[str | int, ...]) -> tuple[int, int]:
    line, column, *_ = record.doc.locate(pointer)
    return line, column


def definitions(network: Network) -> dict[str, dict[str, Definition]]:
    """Kind -> id -> where it is defined. Cycles are keyed `site/id`."""
    out: dict[str, dict[str, Definition]] = {k: {} for k in (MEASURE, CHANGE_IDEA, SITE, DRIVER, CYCLE, AIM, CLUSTER)}
    for table, kind in ((network.measures, MEASURE), (network.change_ideas, CHANGE_IDEA), (network.aims, AIM)):
        for key, rec in table.items():
            title = getattr(rec.model, "title", "")
            retired = getattr(rec.model, "status", "") == "retired"
            out[kind][key] = Definition(kind, key, title, rec.path, *_where(rec, ("id",)), retired=retired)
    for key, site in network.sites.items():
        out[SITE][key] = Definition(SITE, key, site.model.name, site.path, *_where(site, ("id",)),
                                    retired=site.model.status == "withdrawn")
    for (site_id, cycle_id), rec in network.cycles.items():
        out[CYCLE][f"{site_id}/{cycle_id}"] = Definition(CYCLE, cycle_id, rec.model.title, rec.path,
                                                         *_where(rec, ("id",)), site=site_id)
    if network.drivers:
        drivers = network.drivers
        for level in ("primary", "secondary"):
            for i, d in enumerate(getattr(drivers.model, level)):
                out[DRIVER][d.id] = Definition(DRIVER, d.id, d.title, drivers.path, *_where(drivers, (level, i, "id")),
                                               site=level, retired=d.status == "retired")
    if network.config:
        config = network.config
        for i, cluster in enumerate(config.model.clusters):
            out[CLUSTER][cluster.id] = Definition(CLUSTER, cluster.id, cluster.name, config.path,
                                                  *_where(config, ("clusters", i, "id")))
    return out


@dataclass(frozen=True)
class Spot:
    """What is at a place in a file: the field it is the value of (if any) and the token there."""

    key: str | None
    token: str
    start: int  # 0-based character columns of the token on its line
    end: int
    in_value: bool


def _token_bounds(line: str, column: int) -> tuple[int, int]:
    start = column
    while start > 0 and _TOKEN.match(line[start - 1]):
        start -= 1
    end = column
    while end < len(line) and _TOKEN.match(line[end]):
        end += 1
    return start, end


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def _parent_key_of_item(lines: list[str], row: int, dash: int) -> str | None:
    """The key whose block list holds the `- ` item at (row, dash)."""
    for above in range(row - 1, -1, -1):
        text = lines[above]
        stripped = text.strip()
        if not stripped or stripped.startswith("#"):
            continue
        indent = _indent(text)
        if indent > dash or (indent == dash and stripped.startswith("-")):
            continue  # a sibling item, or the inside of one
        found = _BARE_KEY.match(text)
        return found.group("key") if found else None
    return None


def spot_at(text: str, row: int, column: int) -> Spot:
    """The field and token at a 0-based (row, column in characters) of `text`."""
    lines = text.split("\n")
    line = lines[row].rstrip("\r") if row < len(lines) else ""
    column = min(column, len(line))
    start, end = _token_bounds(line, column)
    token = line[start:end]
    before = line[:start]
    if "#" in before:  # a comment: no field, only codes and ids by themselves
        return Spot(None, token, start, end, False)
    keyed = _KEY_LINE.match(line)
    if keyed:
        colon = line.index(":", keyed.end("key"))
        if start > colon:
            return Spot(keyed.group("key"), token, start, end, True)
        return Spot(None, token, start, end, False)
    item = re.match(r"^(\s*)-\s", line)
    if item and start >= item.end() - 1:
        return Spot(_parent_key_of_item(lines, row, len(item.group(1))), token, start, end, True)
    return Spot(None, token, start, end, False)


def expected_kind(path: str, key: str | None) -> str | None:
    """The kind of id the field `key` of the file at `path` holds, if it holds ids."""
    kind = file_kind(path)
    return REFERENCES.get((kind, key)) if kind and key else None


def choices(found: dict[str, dict[str, Definition]], kind: str, path: str) -> Iterator[tuple[str, Definition]]:
    """(text to insert, definition) for every id of `kind` that fits in the file at `path`."""
    if kind == CYCLE:
        here = site_of(path)
        for key, d in sorted(found[CYCLE].items()):
            yield (d.id if d.site == here else key), d
        return
    if kind == PRIMARY_DRIVER:
        for key, d in sorted(found[DRIVER].items()):
            if d.site == "primary":
                yield key, d
        return
    yield from sorted(found[kind].items())


def lookup(found: dict[str, dict[str, Definition]], kind: str | None, token: str, path: str) -> Definition | None:
    """The definition `token` names, as an id of `kind` (or of any kind when `kind` is None)."""
    if not token:
        return None
    kinds = [DRIVER if kind == PRIMARY_DRIVER else kind] if kind else [SITE, CYCLE, MEASURE, CHANGE_IDEA, DRIVER, AIM, CLUSTER]
    for k in kinds:
        if k == CYCLE:
            key = token if "/" in token else f"{site_of(path)}/{token}"
            if key in found[CYCLE]:
                return found[CYCLE][key]
        elif token in found[k]:
            return found[k][token]
    return None


def code_at(line: str, column: int) -> str | None:
    """The check code (`NIC203`) under the cursor, if any."""
    for match in _CODE.finditer(line):
        if match.start() <= column <= match.end():
            return match.group()
    return None
