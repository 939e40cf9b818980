"""What reading each file gave, kept between runs and keyed by its content, outside the repository.

`nic validate` in a pre-commit hook or an editor re-reads a whole network for every commit,
while all files but one are unchanged. Each file's parse (its problems, its plain data, a data
file's rows) is kept in the user's cache folder (`$NICTOOLS_CACHE_DIR`, `$XDG_CACHE_HOME/nictools`,
`~/.cache/nictools`, or `%LOCALAPPDATA%\\nictools\\Cache` on Windows: where the history cache
lives), in one SQLite file of JSON text, never inside the repository. The key is a digest of
the file's bytes, its path and kind, and the nictools code that read it, so an entry never
goes stale: a changed file, or changed code, simply has another key. Every check still runs
over the whole network, so the problems are the ones a cold run gives.

The cache is not trusted: each row carries a digest of its key and its JSON, and a row that
does not check out (edited, truncated, written by other code) is dropped and the file read
again. JSON, not pickle: reading the cache can never run code.

A second table keeps, per network, what its last `nic validate` knew (`RunState`): each file's
stat signature (size, modification and change times, inode: what git's index keeps) with the key
its bytes gave, its parse problems, its file checks' problems and its facts (what other files'
checks read of it), and the problems the cross-file checks found in each file. A warm run reads
only the files whose signature changed; the others' texts are read only if a check or a
problem's position needs them (`LazyTexts`). A file changed in the last two seconds is always
read (git's racy rule). When only site files changed and their facts did not, `nic validate`
re-checks only those (`nictools.validate`). A cache folder that cannot be created, opened or
written is skipped silently; `NICTOOLS_NO_CACHE=1` turns it off.
"""

from __future__ import annotations

import hashlib
import os
import sqlite3
import sys
from pathlib import Path
from typing import Any, Iterable

#: Bump when the stored shape changes (the code fingerprint covers changes of the readers).
CACHE_VERSION = 2
FILE_NAME = "validate-files.sqlite3"
_CHUNK = 500  # keys per SELECT (SQLite allows 999 parameters on old builds)


def cache_dir() -> Path:
    """The user's cache folder for nictools (created on first write)."""
    if os.environ.get("NICTOOLS_CACHE_DIR"):
        return Path(os.environ["NICTOOLS_CACHE_DIR"])
    if sys.platform == "win32" and os.environ.get("LOCALAPPDATA"):
        return Path(os.environ["LOCALAPPDATA"]) / "nictools" / "Cache"
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "nictools"


_FINGERPRINT: list[bytes] = []


def code_fingerprint() -> bytes:
    """A digest of the nictools code on disk (each module's name, size and change time), so a
    cache written by other code (an upgrade, a developer's edit) is never read."""
    if not _FINGERPRINT:
        from nictools import __version__

        package = Path(__file__).resolve().parents[1]
        digest = hashlib.blake2b(f"{CACHE_VERSION}\0{__version__}\0".encode(), digest_size=16)
        for folder, dirs, files in os.walk(package):
            dirs.sort()
            for name in sorted(files):
                if name.endswith(".py"):
                    info = os.stat(os.path.join(folder, name))
                    digest.update(f"{folder[len(str(package)):]}/{name}\0{info.st_size}\0{info.st_mtime_ns}\0".encode())
        _FINGERPRINT.append(digest.digest())
    return _FINGERPRINT[0]


def entry_key(path: str, kind: str, raw: bytes) -> str:
    """The key of one file's parse: its bytes, path and kind, and the code that reads it."""
    digest = hashlib.blake2b(code_fingerprint(), digest_size=20)
    digest.update(f"{kind}\0{path}\0".encode("utf-8", "surrogatepass"))
    digest.update(raw)
    return digest.hexdigest()


#: a file changed less than this long before its stat was taken is read by content next time too:
#: a later edit within the file system's clock step could leave its size and times as they were
#: (git's "racy" entries)
RACY_NS = 2_000_000_000


def stat_signature(info: os.stat_result, now_ns: int) -> str | None:
    """What says a file is unchanged without reading it, as git's index does: size, modification
    and change times (the change time cannot be set back by tools that restore a modification
    time), inode and device; None when the file changed too recently to
    trust its times (`RACY_NS`)."""
    if max(info.st_mtime_ns, info.st_ctime_ns) > now_ns - RACY_NS:
        return None
    return f"{info.st_size}:{info.st_mtime_ns}:{info.st_ctime_ns}:{info.st_ino}:{info.st_dev}"


def _seal_digest(key: str, text: str) -> str:
    return hashlib.blake2b(f"{key}\0{text}".encode("utf-8", "surrogatepass"), digest_size=16).hexdigest()


class FileCache:
    """Parsed files by key: read in one go before loading, written in one go after."""

    def __init__(self, root: Path) -> None:
        self.root = str(root)
        self.db: sqlite3.Connection | None = None
        self.dropped = 0  # rows that did not check out (for tests)
        if os.environ.get("NICTOOLS_NO_CACHE"):
            return
        try:
            folder = cache_dir()
            folder.mkdir(parents=True, exist_ok=True)
            self.db = sqlite3.connect(folder / FILE_NAME, timeout=2)
            self.db.execute("CREATE TABLE IF NOT EXISTS files "
                            "(key TEXT PRIMARY KEY, place TEXT NOT NULL, data TEXT NOT NULL)")
            self.db.execute("CREATE INDEX IF NOT EXISTS files_place ON files (place)")
            self.db.execute("CREATE TABLE IF NOT EXISTS runs (place TEXT PRIMARY KEY, seal TEXT NOT NULL, "
                            "data TEXT NOT NULL)")
        except (OSError, sqlite3.Error):
            self.close()

    def recall(self, keys: Iterable[str]) -> dict[str, str]:
        """key -> the JSON text stored under it, for the keys found whose row checks out."""
        found: dict[str, str] = {}
        if self.db is None:
            return found
        wanted = list(keys)
        try:
            for start in range(0, len(wanted), _CHUNK):
                chunk = wanted[start:start + _CHUNK]
                rows = self.db.execute(f"SELECT key, data FROM files WHERE key IN ({','.join('?' * len(chunk))})",
                                       chunk).fetchall()
                for key, stored in rows:
                    digest, colon, text = stored.partition(":") if isinstance(stored, str) else ("", "", "")
                    if colon and digest == _seal_digest(key, text):
                        found[key] = text
                    else:
                        self.dropped += 1
        except sqlite3.Error:
            return {}
        return found

    def recall_run(self) -> dict[str, Any] | None:
        """What the last `nic validate` of this network stored (`store_run`), when it checks out and
        was written by this code; None otherwise."""
        import json

        if self.db is None:
            return None
        try:
            row = self.db.execute("SELECT seal, data FROM runs WHERE place = ?", (self.root,)).fetchone()
        except sqlite3.Error:
            return None
        if row is None or not all(isinstance(v, str) for v in row) or row[0] != _seal_digest(self.root, row[1]):
            return None
        try:
            state = json.loads(row[1])
        except (ValueError, RecursionError):
            return None
        if not isinstance(state, dict) or state.get("code") != code_fingerprint().hex():
            return None
        return state

    def store_run(self, state: dict[str, Any]) -> None:
        """Keep what this `nic validate` knew, for the next (one row per network, replaced)."""
        import json

        if self.db is None:
            return
        try:
            text = json.dumps({**state, "code": code_fingerprint().hex()}, ensure_ascii=False, separators=(",", ":"))
        except (TypeError, ValueError, RecursionError):
            return
        try:
            with self.db:
                self.db.execute("INSERT OR REPLACE INTO runs (place, seal, data) VALUES (?, ?, ?)",
                                (self.root, _seal_digest(self.root, text), text))
        except sqlite3.Error:
            pass

    def store(self, entries: Iterable[tuple[str, str, str]]) -> None:
        """Keep (path, key, JSON text) rows; a file's older rows for this network are dropped."""
        if self.db is None:
            return
        rows = [(key, f"{self.root}\0{path}", f"{_seal_digest(key, text)}:{text}") for path, key, text in entries]
        if not rows:
            return
        try:
            with self.db:
                self.db.executemany("DELETE FROM files WHERE place = ? AND key <> ?", [(r[1], r[0]) for r in rows])
                self.db.executemany("INSERT OR REPLACE INTO files (key, place, data) VALUES (?, ?, ?)", rows)
        except sqlite3.Error:
            pass  # a read-only or full cache only costs time

    def forget(self, keys: Iterable[str]) -> None:
        """Drop rows that did not turn back into a parse (they are written again fresh)."""
        if self.db is None:
            return
        try:
            with self.db:
                self.db.executemany("DELETE FROM files WHERE key = ?", [(k,) for k in keys])
        except sqlite3.Error:
            pass

    def close(self) -> None:
        if self.db is not None:
            try:
                self.db.close()
            except sqlite3.Error:
                pass
        self.db = None
