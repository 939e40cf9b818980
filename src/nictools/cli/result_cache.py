"""A repeated `nic status`, `nic log` or `nic diff` answered from the last run's output.

What these commands print is a function of inputs that can be named cheaply: the commits they
read (HEAD, and every revision typed on the command line, resolved by git), the convening tags
(`nic status` reads them), the shallow clone's boundary, the uncommitted changes (the note on
stderr names them), today (`NIC_TODAY` or the clock: a date window and the quiet weeks count
from it), the arguments as typed, the network's folder, the nictools code
(`nictools.load.cache.code_fingerprint`), the Python and the packages it imports (each
`sys.path` folder's stat signature: an install or upgrade changes its folder), and git's own
configuration, `.mailmap` (their stat signatures: author names go through the mailmap) and
the GIT_* variables git is left to read (`nictools.history.gitenv.KEEP_GIT_VARS`).

`lookup(argv)` names those inputs with plain `git` processes run side by side (`rev-parse`, and
`status --porcelain` or `for-each-ref` only when the output depends on them), before typer,
pydantic, numpy or GitPython are imported. A key found in the cache is answered with the
stdout and stderr that run wrote (exit 0); otherwise the command runs as usual and, when it
succeeded and its inputs did not move while it ran, what it printed is kept
(`nictools.cli.start`). Anything this module does not follow (another command, `--help`,
`-o FILE`, an option it does not know, a revision git cannot resolve, `NIC_TODAY` that is no
date, not a git repository) is left to the command itself, so errors read as they always do.

The rows live in `command-results.sqlite3` in the user's cache folder (where the history and
validate caches are), never in the repository. Each row is sealed with a digest of its key and
the two texts; a row that does not check out is ignored (a broken cache only costs time).
`NICTOOLS_NO_CACHE=1` turns every cache off, `NICTOOLS_NO_RESULT_CACHE=1` this one only.
"""

from __future__ import annotations

import hashlib
import os
import re
import sys
from pathlib import Path

from nictools.history.gitenv import KEEP_GIT_VARS, output_of, start_git
from nictools.load.cache import cache_dir, code_fingerprint

#: Bump when the key's parts or the stored shape change.
RESULT_VERSION = 1
FILE_NAME = "command-results.sqlite3"
#: what is kept: the newest rows (by the time they were stored), at most this many and this many
#: characters of output in all (a `nic status --format json` of 200 sites is 0.7 MB)
KEEP_ROWS = 64
KEEP_CHARACTERS = 64_000_000
NO_RESULT_CACHE = "NICTOOLS_NO_RESULT_CACHE"

GLOBAL_FLAGS = frozenset({"-q", "--quiet", "--debug"})
GLOBAL_VALUED = frozenset({"-C", "--directory"})
FORMATS = ("text", "json", "markdown")


class Grammar:
    """The options of one command this cache follows: option name -> what it sets (a plain class:
    `dataclasses` costs the look-up a few milliseconds of imports)."""

    def __init__(self, valued: dict[str, str], flags: dict[str, str], positionals: tuple[str, ...] = (),
                 revisions: tuple[str, ...] = ()) -> None:
        self.valued = valued
        self.flags = flags
        self.positionals = positionals
        self.revisions = revisions  # what names a revision or date (resolved by git for the key)


#: The commands answered from the cache and the options followed (tests/history/test_result_cache.py checks
#: these against the commands' own options). `-o/--output-file` is not followed: such a run writes a file.
COMMANDS: dict[str, Grammar] = {
    "status": Grammar({"--as-of": "as_of", "--site": "site", "-s": "site", "--format": "format", "-f": "format"},
                      {"--hub": "hub"}, (), ("as_of",)),
    "log": Grammar({"--site": "site", "-s": "site", "--change-idea": "change_idea", "-c": "change_idea",
                    "--since": "since", "--until": "until", "--format": "format", "-f": "format"},
                   {}, (), ("since", "until")),
    "diff": Grammar({"--since": "since", "--format": "format", "-f": "format"}, {}, ("old", "new"), ("since", "old", "new")),
}
#: the option that, left out, means "up to HEAD": the uncommitted changes are then noted on stderr
_DEFAULT_END = {"status": "as_of", "log": "until", "diff": "new"}
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}\Z")  # what the history layer reads as a date, not a revision
_HEX = re.compile(r"[0-9a-f]{40}([0-9a-f]{24})?\Z")


class Call:
    """One command line this cache follows."""

    def __init__(self, command: str, argv: tuple[str, ...]) -> None:
        self.command = command
        self.argv = argv
        self.directory: str | None = None
        self.quiet = False
        self.values: dict[str, list[str]] = {}  # option -> every value given, in order
        self.flags: set[str] = set()


def parse(argv: list[str]) -> Call | None:
    """The call `argv` makes (global options before or after the command), or None when it is not one
    of the commands this cache follows or holds anything it does not read the way click does."""
    command: str | None = None
    call = Call("", tuple(argv))
    positional: list[str] = []
    i = 0
    while i < len(argv):
        token = argv[i]
        name, eq, inline = token.partition("=") if token.startswith("--") else (token, "", "")
        grammar = COMMANDS.get(command or "")
        if name in GLOBAL_FLAGS and not eq:
            call.quiet = call.quiet or name in ("-q", "--quiet")
        elif name in GLOBAL_VALUED or (grammar is not None and name in grammar.valued):
            if eq:
                value = inline
            elif i + 1 < len(argv):
                i += 1
                value = argv[i]
            else:
                return None
            if value.startswith("-"):
                return None  # click may read it as an option or a value: left to it
            if name in GLOBAL_VALUED:
                call.directory = value
            else:
                call.values.setdefault(grammar.valued[name], []).append(value)  # type: ignore[union-attr]
        elif grammar is not None and name in grammar.flags and not eq:
            call.flags.add(grammar.flags[name])
        elif token.startswith("-"):
            return None  # --help, -o, --, an unknown or glued option: the command's own business
        elif command is None:
            if token not in COMMANDS:
                return None
            command = token
        else:
            positional.append(token)
        i += 1
    if command is None:
        return None
    grammar = COMMANDS[command]
    if len(positional) > len(grammar.positionals):
        return None
    call.command = command
    for slot, value in zip(grammar.positionals, positional):
        call.values[slot] = [value]
    if any(v not in FORMATS for v in call.values.get("format", [])):
        return None
    if command == "diff" and bool(call.values.get("since")) == bool(call.values.get("old")):
        return None  # both or neither: an error the command words
    return call


def _today() -> str | None:
    """Today as the commands see it (`nictools.clock.today`); None when NIC_TODAY is no date nic
    works with (the command itself says so)."""
    from nictools.clock import today
    from nictools.errors import NicError

    try:
        return today().isoformat()
    except NicError:
        return None


def _find_root(directory: str | None) -> Path | None:
    """The network's folder as `nictools.network.find_root` finds it (None: left to it)."""
    try:
        here = Path(directory or os.getcwd())
        if directory is not None and not here.is_dir():
            return None
        here = here.resolve()
        for folder in (here, *here.parents):
            candidate = folder / "network.yaml"
            if candidate.is_file():
                return folder
            if candidate.exists():
                return None
    except (OSError, RuntimeError, ValueError):
        return None
    return None


def _signature(path: str | os.PathLike[str]) -> str:
    try:
        info = os.stat(path)
    except (OSError, ValueError):
        return "-"
    return f"{info.st_size}:{info.st_mtime_ns}:{info.st_ctime_ns}:{info.st_ino}"


def _git_config_files(common_dir: str) -> list[str]:
    home = os.path.expanduser("~")
    xdg = os.environ.get("XDG_CONFIG_HOME") or os.path.join(home, ".config")
    return [os.path.join(common_dir, "config"), os.environ.get("GIT_CONFIG_GLOBAL") or "",
            os.path.join(home, ".gitconfig"), os.path.join(xdg, "git", "config"), "/etc/gitconfig"]


def key_of(call: Call) -> str | None:
    """The digest of every input the call's output depends on, or None when one cannot be named cheaply."""
    today = _today()
    root = _find_root(call.directory)
    if today is None or root is None:
        return None
    revisions: list[str] = []  # (the texts git resolves, in order)
    for slot in COMMANDS[call.command].revisions:
        for value in call.values.get(slot, []):
            text = value.strip()
            if not text or "\n" in text or "\0" in text or text.startswith("-"):
                return None
            if not _DATE.match(text):  # a date is read on HEAD's first-parent chain: HEAD is in the key
                revisions.append(text)
    try:
        procs = {"repo": start_git(root, "rev-parse", "--show-toplevel", "--show-prefix", "--is-shallow-repository",
                                "--git-path", "shallow", "--git-common-dir", "--end-of-options", "HEAD^{commit}",
                                *(f"{text}^{{commit}}" for text in revisions))}
        if not call.quiet and not call.values.get(_DEFAULT_END[call.command]):
            procs["uncommitted"] = start_git(root, "status", "--porcelain=v1", "-z", "--untracked-files=normal", "--", ".")
        if call.command == "status":
            procs["tags"] = start_git(root, "for-each-ref", "--format=%(refname)%00%(objectname)%00",
                                   "refs/tags/convening")
    except OSError:
        return None
    outputs = {name: output_of(proc) for name, proc in procs.items()}
    if any(out is None for out in outputs.values()):
        return None
    lines = outputs["repo"].decode("utf-8", "surrogateescape").split("\n")  # type: ignore[union-attr]
    top, prefix, shallow, shallow_file, common_dir = (lines + [""] * 5)[:5]
    # rev-parse passes `--end-of-options` through (git 2.39); every other line after the five is a commit
    commits = [line for line in lines[5:] if line and line != "--end-of-options"]
    if len(commits) != 1 + len(revisions) or not all(_HEX.match(c) for c in commits):
        return None
    shallow_path = Path(shallow_file) if os.path.isabs(shallow_file) else root / shallow_file
    common_path = common_dir if os.path.isabs(common_dir) else str(root / common_dir)
    digest = hashlib.blake2b(digest_size=20)
    for part in (str(RESULT_VERSION), code_fingerprint().hex(), sys.executable, sys.version,
                 *(f"{p}={_signature(p)}" for p in sys.path if p),
                 f"{len(call.argv)}", *call.argv, str(root), top, prefix, shallow, today, *commits, *revisions,
                 _signature(shallow_path) if shallow == "true" else "",
                 *(_signature(p) if p else "" for p in _git_config_files(common_path)),
                 _signature(os.path.join(top, ".mailmap")),
                 *sorted(f"{k}={v}" for k, v in os.environ.items() if k in KEEP_GIT_VARS)):
        digest.update(part.encode("utf-8", "surrogateescape") + b"\0")
    for name in ("uncommitted", "tags"):
        digest.update(name.encode() + b"\0" + (outputs.get(name) or b"") + b"\0")
    return digest.hexdigest()


def _seal(key: str, out: str, err: str) -> str:
    text = f"{RESULT_VERSION}\0{key}\0{len(out)}\0{out}\0{err}"
    return hashlib.blake2b(text.encode("utf-8", "surrogateescape"), digest_size=16).hexdigest()


def enabled() -> bool:
    return not (os.environ.get("NICTOOLS_NO_CACHE") or os.environ.get(NO_RESULT_CACHE))


def recall(key: str) -> tuple[str, str] | None:
    """(stdout, stderr) kept under `key`, when its row checks out."""
    path = cache_dir() / FILE_NAME
    if not path.is_file():
        return None
    import sqlite3

    try:
        db = sqlite3.connect(path, timeout=1)
        try:
            row = db.execute("SELECT seal, out, err FROM results WHERE key = ?", (key,)).fetchone()
        finally:
            db.close()
    except sqlite3.Error:
        return None
    if row is None or not all(isinstance(v, str) for v in row):
        return None
    seal, out, err = row
    try:
        if seal != _seal(key, out, err):
            return None
    except UnicodeError:
        return None
    return out, err


def store(key: str, out: str, err: str) -> None:
    """Keep what a run printed under `key` (the oldest rows beyond `KEEP_ROWS` or `KEEP_CHARACTERS` go)."""
    import sqlite3
    import time

    try:
        seal = _seal(key, out, err)
        folder = cache_dir()
        folder.mkdir(parents=True, exist_ok=True)
        db = sqlite3.connect(folder / FILE_NAME, timeout=2)
        try:
            with db:
                db.execute("CREATE TABLE IF NOT EXISTS results (key TEXT PRIMARY KEY, stored INTEGER NOT NULL, "
                           "seal TEXT NOT NULL, out TEXT NOT NULL, err TEXT NOT NULL)")
                db.execute("INSERT OR REPLACE INTO results (key, stored, seal, out, err) VALUES (?, ?, ?, ?, ?)",
                           (key, time.time_ns(), seal, out, err))
                kept, size, drop = 0, 0, []
                for old, length in db.execute("SELECT key, length(out) + length(err) FROM results "
                                              "ORDER BY stored DESC").fetchall():
                    kept, size = kept + 1, size + (length or 0)
                    if old != key and (kept > KEEP_ROWS or size > KEEP_CHARACTERS):
                        drop.append((old,))
                db.executemany("DELETE FROM results WHERE key = ?", drop)
        finally:
            db.close()
    except (OSError, sqlite3.Error, UnicodeError):
        pass  # a read-only or full cache only costs time


class Lookup:
    """What `lookup` found: the call and its key, and the output kept for it (None: run the command)."""

    def __init__(self, call: Call, key: str, found: tuple[str, str] | None) -> None:
        self.call = call
        self.key = key
        self.found = found


def lookup(argv: list[str]) -> Lookup | None:
    """The cached answer to `nic ARGV`, or None when this cache does not follow the call."""
    if not enabled():
        return None
    call = parse(argv)
    if call is None:
        return None
    key = key_of(call)
    if key is None:
        return None
    return Lookup(call, key, recall(key))
