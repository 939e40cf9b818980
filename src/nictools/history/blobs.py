"""File versions from git, parsed once: plain data keyed by blob id, cached outside the repository.

A blob id names its content, so a parsed version never goes stale: the cache is a
SQLite file of JSON text in the user's cache folder (`$XDG_CACHE_HOME/nictools`,
`~/.cache/nictools`, or `%LOCALAPPDATA%\\nictools` on Windows), shared by every
clone, never inside the repository, and safe to delete at any time. JSON, not
pickle: reading the cache can never run code. A cache that cannot be opened or
written is skipped silently; it only ever saves time.

The cache is not trusted: each row carries a digest of its key and its JSON, and a
data-file row must have the shape the CSV reader gives. A row that does not check out
(edited, truncated, of another shape, written by another version) is dropped and the
version parsed again, so output with and without the cache is the same.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import sqlite3
from typing import Any, Callable, Iterable

from nictools.bounds import LARGEST, date_in_bounds
from nictools.history.git import Repository
from nictools.load.cache import cache_dir  # noqa: F401  (one cache folder for every cache)

#: Bump when the parsed shape changes: old entries are then simply not found.
#: 2: rows carry a digest of their key and data.
PARSER_VERSION = 2
#: The columns of a cached data-file row (see `parse_csv_blob`).
_ROW_LENGTH = 9


def classify(path: str) -> tuple[str, str | None] | None:
    """(kind, site) of a network path such as `sites/lincoln/pdsa/C01.yaml`; None for other files."""
    parts = path.split("/")
    yaml_file = path.endswith((".yaml", ".yml"))
    if len(parts) == 1:
        return {"network.yaml": ("network", None), "drivers.yaml": ("drivers", None)}.get(path)
    if len(parts) == 2 and yaml_file:
        kind = {"aims": "aim", "measures": "measure", "change-ideas": "change-idea"}.get(parts[0])
        return (kind, None) if kind else None
    if parts[0] != "sites" or len(parts) < 3:
        return None
    site = parts[1]
    if len(parts) == 3 and parts[2] in ("site.yaml", "site.yml"):
        return "site", site
    if len(parts) == 4 and parts[2] == "pdsa" and yaml_file:
        return "pdsa", site
    if len(parts) == 4 and parts[2] == "data" and path.endswith(".csv"):
        return "data", site
    return None


def parse_yaml_blob(raw: bytes, path: str) -> Any:
    """Plain data of one YAML version, or None when it cannot be read (old broken files are tolerated)."""
    from nictools.load.text import decode  # the parsers load only when a version is not cached yet
    from nictools.load.yaml import read_yaml

    text = decode(raw, path)
    if text.fatal or text.text is None:
        return None
    doc = read_yaml(text.text, path)
    return doc.data if doc.ok else None


def parse_csv_blob(raw: bytes, path: str) -> Any:
    """Rows of one data version as plain lists: period, value, numerator, denominator, n, subgroup, stratum, note."""
    from nictools.load.tables import read_table
    from nictools.load.text import decode

    text = decode(raw, path, check_tabs=False)
    if text.fatal or text.text is None:
        return None
    table = read_table(text.text, path)
    return {"columns": table.columns,
            "rows": [[r.period.isoformat() if r.period else None, r.value, r.numerator, r.denominator, r.n,
                      r.subgroup, r.stratum, r.note, r.line] for r in table.rows]}


_BAD = object()


def _digest(key: str, text: str) -> str:
    return hashlib.blake2b(f"{key}\0{text}".encode("utf-8", "surrogatepass"), digest_size=16).hexdigest()


def seal(key: str, text: str) -> str:
    """A cache row: the digest of key and JSON text, a colon, the JSON text."""
    return f"{_digest(key, text)}:{text}"


def unseal(key: str, stored: object) -> Any:
    """The plain data of a cache row, or `_BAD` when the row does not check out."""
    if not isinstance(stored, str):
        return _BAD
    digest, colon, text = stored.partition(":")
    if not colon or digest != _digest(key, text):
        return _BAD
    try:
        data = json.loads(text)
    except (ValueError, RecursionError):
        return _BAD
    if key[1:2] == "c" and not csv_shape(data):
        return _BAD
    return data


#: period texts already found to be dates within the format's years (periods repeat across sites)
_GOOD_PERIODS: set[str] = set()
_LARGEST = LARGEST


def _good_period(period: object) -> bool:
    if period is None or period in _GOOD_PERIODS:
        return True
    if type(period) is not str:
        return False
    try:
        good = date_in_bounds(dt.date.fromisoformat(period))  # a row cached before the bounds
    except ValueError:
        return False
    if good and len(_GOOD_PERIODS) < 100_000:
        _GOOD_PERIODS.add(period)
    return good


def csv_shape(data: object) -> bool:
    """True when `data` is what `parse_csv_blob` gives: None, or columns and rows of nine typed fields.

    Checked on every recalled row (a cache is not trusted), so it is written for speed: JSON gives
    exact types, so `type(...) is` stands for `isinstance` (and keeps `True` out of the numbers);
    each number is finite and within the format's bounds (`nictools.bounds`), compared without
    turning a huge integer into a float."""
    if data is None:
        return True
    if not isinstance(data, dict) or set(data) != {"columns", "rows"}:
        return False
    columns, rows = data["columns"], data["rows"]
    if not isinstance(columns, list) or not all(isinstance(c, str) for c in columns) or not isinstance(rows, list):
        return False
    largest = _LARGEST
    for row in rows:
        if type(row) is not list or len(row) != _ROW_LENGTH or type(row[8]) is not int:
            return False
        for value in (row[1], row[2], row[3], row[4]):
            kind = type(value)
            if value is None:
                continue
            if kind is int:
                if not -largest <= value <= largest:
                    return False
            elif kind is not float or not -largest <= value <= largest:  # NaN fails the comparison too
                return False
        for value in (row[5], row[6], row[7]):
            if value is not None and type(value) is not str:
                return False
        if not _good_period(row[0]):
            return False
    return True


class BlobCache:
    """Parsed versions by blob id: in memory for this run, in SQLite across runs."""

    def __init__(self, repo: Repository, use_disk: bool = True) -> None:
        self.repo = repo
        self.memory: dict[str, Any] = {}
        self.lines: dict[str, tuple[str, ...]] = {}
        self.db: sqlite3.Connection | None = None
        self.parsed_now = 0
        if use_disk and not os.environ.get("NICTOOLS_NO_CACHE"):
            try:
                folder = cache_dir()
                folder.mkdir(parents=True, exist_ok=True)
                self.db = sqlite3.connect(folder / "history-blobs.sqlite3", timeout=2)
                self.db.execute("CREATE TABLE IF NOT EXISTS blobs (key TEXT PRIMARY KEY, data TEXT NOT NULL)")
            except (OSError, sqlite3.Error):
                self.db = None

    def get(self, wanted: Iterable[tuple[str, str]], progress: Callable[[int, int], None] | None = None) -> dict[str, Any]:
        """Parse (or recall) every (blob id, path) wanted; returns blob id -> plain data."""
        todo: dict[str, str] = {}
        for blob, path in wanted:
            if blob not in self.memory and blob not in todo:
                todo[blob] = path
        if todo and self.db is not None:
            self._recall(todo)
        if todo:
            if progress:
                progress(0, len(todo))
            fresh: list[tuple[str, str]] = []
            for blob, raw in self.repo.read_blobs(list(todo)):
                path = todo[blob]
                data = parse_csv_blob(raw, path) if path.endswith(".csv") else parse_yaml_blob(raw, path)
                self.memory[blob] = data
                self.parsed_now += 1
                key = self._key(blob, path)
                fresh.append((key, seal(key, json.dumps(data, separators=(",", ":"), default=str))))
                if progress:
                    progress(1, 0)
            self._store(fresh)
        return self.memory

    @staticmethod
    def _key(blob: str, path: str) -> str:
        return f"{PARSER_VERSION}{'c' if path.endswith('.csv') else 'y'}{blob}"

    def data_lines(self, blobs: Iterable[str]) -> dict[str, tuple[str, ...]]:
        """Data-file versions as their row lines (no CSV parse, no disk cache).

        Events only need which rows appeared, changed or went: comparing lines is
        exact for that and ten times cheaper than parsing every version of a growing file.
        """
        todo = [b for b in dict.fromkeys(blobs) if b not in self.lines]
        for blob, raw in self.repo.read_blobs(todo):
            text = raw.decode("utf-8", "replace").replace("\r\n", "\n")
            self.lines[blob] = tuple(line for line in text.split("\n")[1:] if line.strip())
        return self.lines

    def _recall(self, todo: dict[str, str]) -> None:
        assert self.db is not None
        keys = {self._key(b, p): b for b, p in todo.items()}
        items = list(keys)
        try:
            for start in range(0, len(items), 900):
                chunk = items[start:start + 900]
                marks = ",".join("?" * len(chunk))
                for key, stored in self.db.execute(f"SELECT key, data FROM blobs WHERE key IN ({marks})", chunk):
                    blob = keys.get(key)
                    data = unseal(key, stored)
                    if blob is None or data is _BAD:
                        continue  # parsed again below, and the row replaced
                    self.memory[blob] = data
                    del todo[blob]
        except sqlite3.Error:
            return

    def _store(self, rows: list[tuple[str, str]]) -> None:
        if not rows or self.db is None:
            return
        try:
            with self.db:
                self.db.executemany("INSERT OR REPLACE INTO blobs (key, data) VALUES (?, ?)", rows)
        except sqlite3.Error:
            pass

    def close(self) -> None:
        if self.db is not None:
            self.db.close()
            self.db = None
