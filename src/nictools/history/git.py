"""The one module that runs git, through GitPython: its command runner and its object database.

Two pieces of GitPython carry everything, and nothing else of it is used:

* `git.Git` (the command runner) runs plumbing: one `git log --raw -z` pass for the
  history (never a per-commit walk: GitPython's `Commit.diff` takes a minute where one
  `git log --raw` takes under a second), `ls-tree`, `diff-tree`, `rev-parse`;
* `git.db.GitCmdObjectDB` (the object database) reads file versions through GitPython's
  one persistent `git cat-file --batch` process; many versions at once are requested in
  chunks on that same process, so each costs no round trip of its own.

GitPython is imported when a repository is opened, never before: `nic --version` and
`nic validate` do not load it. Discovery is `git rev-parse`, the authority on what a
repository is (worktrees, `.git` files, `safe.directory`).

Guarantees (docs/history.md, "The git layer"):
* read commands change nothing: `--no-optional-locks` (and GIT_OPTIONAL_LOCKS=0) keeps git
  from refreshing the index; nothing writes refs or objects, nothing fetches
  (GIT_NO_LAZY_FETCH=1), and a partial clone is refused;
* inherited GIT_* variables that redirect what git reads (a hook's GIT_DIR, GIT_INDEX_FILE)
  are dropped for every git process;
* user revisions are resolved with `rev-parse --verify --end-of-options`, after anything
  starting with `-` has been refused, so they are never read as options;
* git's output is split only where git cannot write inside a field: on NUL (`-z`, `%x00`),
  or by the sizes `cat-file` announces; names, messages and paths may hold any other byte;
* a date is read as git stores it (seconds and a `+hhmm` offset), so any year, offset or
  unreadable date gives a date and never an error.

The history read is the *first-parent* chain: a change counts when it reached the
main line, so a merge commit carries everything its branch brought in, dated when it
was merged.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import shutil
import subprocess
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator

from nictools.errors import NicError
from nictools.history.gitenv import KEEP_FOR_WRITING as _KEEP_FOR_WRITING
from nictools.history.gitenv import KEEP_GIT_VARS as _KEEP_GIT_VARS
from nictools.history.gitenv import OUR_VARS as _OUR_VARS
from nictools.history.gitenv import git_env  # noqa: F401  (re-exported)
from nictools.suggest import closest

_DATE = re.compile(r"\d{4}-\d{2}-\d{2}\Z")
_HEX = re.compile(rb"[0-9a-f]{40}([0-9a-f]{24})?\Z")
_ZONE = re.compile(rb"([+-])(\d\d)(\d\d)\Z")
#: Each record starts with an empty field (no path is empty); then id, parents, tree, raw author
#: date, author name and message, each ended by NUL, which git cannot write inside a field.
_LOG_FORMAT = "%x00%H%x00%P%x00%T%x00%ad%x00%aN%x00%B%x00"
_LOG_FIELDS = 6
#: The id of git's empty tree (a root commit with no files).
_EMPTY_TREE = "4b825dc642cb6eb9a060e54bf8d69288fbee4904"
_UTC = dt.timezone.utc
_EPOCH = dt.datetime(1970, 1, 1, tzinfo=_UTC)
#: What a date Python cannot hold (before year 1 or after 9999) is read as.
EARLIEST = dt.datetime.min.replace(tzinfo=_UTC)
LATEST = dt.datetime.max.replace(microsecond=0, tzinfo=_UTC)
SHALLOW_FIX = ("Fetch the whole history: `git fetch --unshallow` (on GitHub Actions, `actions/checkout` "
               "with `fetch-depth: 0`).")


@contextmanager
def _only_our_git_vars(writing: bool = False) -> Iterator[None]:
    """Hide stray GIT_* variables while GitPython starts a process.

    GitPython builds each process's environment from `os.environ` and can add variables
    but not remove them, so the few that would redirect git (a hook's GIT_DIR, say) are
    taken out of `os.environ` for the moment a process starts, and put back.
    """
    keep = _KEEP_FOR_WRITING if writing else _KEEP_GIT_VARS
    stray = [k for k in os.environ if k.startswith("GIT_") and k not in keep]
    if not stray:
        yield
        return
    saved = {k: os.environ.pop(k) for k in stray}
    try:
        yield
    finally:
        os.environ.update(saved)


def _gitpython() -> Any:
    """GitPython's `git` package, imported on first use (it runs `git version` as it loads)."""
    if not shutil.which(os.environ.get("GIT_PYTHON_GIT_EXECUTABLE") or "git"):
        raise NicError("git is not installed (or not on PATH); nic reads and writes the network's history with it.",
                       "Install git from https://git-scm.com and try again.")
    try:
        import git
        import git.db  # noqa: F401  (GitCmdObjectDB)
    except ImportError as exc:  # GitPython refuses a git it cannot run
        raise NicError(f"git could not be started: {str(exc).strip().splitlines()[0] if str(exc).strip() else exc}",
                       "Check that `git --version` works in a terminal.") from None
    return git


class GitRunner:
    """GitPython's command runner (`git.Git`) in one folder, with nic's environment and options."""

    def __init__(self, folder: Path, *, writing: bool = False) -> None:
        self.folder = folder
        self.writing = writing
        self.git = _gitpython().Git(str(folder))
        self.git.update_environment(**_OUR_VARS)
        self.git.set_persistent_git_options(no_optional_locks=True)

    def _command(self, args: tuple[str, ...]) -> list[str]:
        return [self.git.GIT_PYTHON_GIT_EXECUTABLE, "--no-optional-locks", "-c", "core.quotepath=off",
                "-C", str(self.folder), *args]

    def status(self, *args: str, input: bytes | None = None) -> tuple[int, bytes, str]:
        """(exit status, stdout, stderr) of `git ARGS`."""
        command = self._command(args)
        try:
            with _only_our_git_vars(self.writing):
                if input is None:
                    code, out, err = self.git.execute(command, with_extended_output=True, with_exceptions=False,
                                                      stdout_as_string=False, strip_newline_in_stdout=False)
                    return code, out, err
                proc = self.git.execute(command, as_process=True, istream=subprocess.PIPE)
        except OSError as exc:  # GitCommandNotFound is one
            raise NicError(f"git could not be started: {exc}", "Check that `git --version` works.") from None
        out, err_bytes = proc.proc.communicate(input)
        return proc.proc.returncode, out, err_bytes.decode("utf-8", "replace")

    def run(self, *args: str, check: bool = True, input: bytes | None = None) -> bytes:
        code, out, err = self.status(*args, input=input)
        if check and code != 0:
            lines = err.strip().splitlines()
            raise GitFailed(lines[-1] if lines else f"exit {code}", code)
        return out

    def start(self, *args: str) -> Any:
        """`git ARGS` as a running process (GitPython's AutoInterrupt: stopped when dropped)."""
        with _only_our_git_vars(self.writing):
            return self.git.execute(self._command(args), as_process=True)

    def close(self) -> None:
        self.git.clear_cache()  # stops the persistent cat-file process


class GitFailed(NicError):
    """git exited with an error; its last line of stderr is the message."""

    def __init__(self, words: str, code: int = 1) -> None:
        super().__init__(f"git failed: {words.rstrip('.')}.",
                         "Check that this is a healthy git repository (`git status`, `git fsck`).")
        self.words = words
        self.code = code


def run_git(folder: Path, *args: str, input: bytes | None = None, env: dict[str, str] | None = None) -> bytes:
    """Run a git command that writes (`init`, `fast-import`, `tag`) in `folder`; raises GitFailed."""
    runner = GitRunner(folder, writing=True)
    if env:
        runner.git.update_environment(**env)
    try:
        return runner.run(*args, input=input)
    finally:
        runner.close()


# --- reading what git prints ----------------------------------------------------------------


def parse_when(raw: bytes | str) -> dt.datetime:
    """A raw git date (`<seconds> <+hhmm>`, as `--date=raw` prints it) as an aware datetime.

    Any value gives a date: an offset git accepts but no clock uses (+9999) is read as UTC,
    seconds beyond what Python holds as the earliest or latest date, and a date git itself
    cannot read (it prints nothing) as the start of 1970, as `git log` shows it.
    """
    if isinstance(raw, str):
        raw = raw.encode("ascii", "replace")
    bits = raw.split()
    try:
        seconds = int(bits[0])
    except (IndexError, ValueError):
        return _EPOCH
    zone = _zone(bits[1]) if len(bits) > 1 else _UTC
    try:
        return dt.datetime.fromtimestamp(seconds, zone)
    except (OverflowError, OSError, ValueError):  # out of range, or a platform without negative times
        pass
    try:
        when = _EPOCH + dt.timedelta(seconds=seconds)
    except OverflowError:
        return EARLIEST if seconds < 0 else LATEST
    try:
        return when.astimezone(zone)
    except OverflowError:
        return when


_ZONES: dict[bytes, dt.tzinfo] = {}


def _zone(text: bytes) -> dt.tzinfo:
    """The offset `+hhmm` as a timezone; UTC for one no clock uses (+2400, +9999) or no offset at all."""
    zone = _ZONES.get(text)
    if zone is None:
        zone = _UTC
        found = _ZONE.match(text)
        if found:
            hours, minutes = int(found.group(2)), int(found.group(3))
            if hours < 24 and minutes < 60:
                offset = dt.timedelta(hours=hours, minutes=minutes)
                zone = dt.timezone(-offset if found.group(1) == b"-" else offset)
        if len(_ZONES) < 1000:
            _ZONES[text] = zone
    return zone


def _decode(raw: bytes) -> str:
    return raw.decode("utf-8", "replace")


def _records(chunks: bytes | Iterable[bytes], fields: int) -> Iterator[tuple[list[bytes], list[bytes]]]:
    """(fields, trailing tokens) of each record of `git log -z` output made with an empty first field.

    Every token ends in NUL. A record is: an empty token, `fields` tokens, the empty token
    `-z` puts after the format, then the record's paths (`--name-only`) or raw lines and paths
    (`--raw`), none of them empty; the next empty token starts the next record. git cannot
    write NUL inside a field, so this never slips. `chunks` may be the output in pieces, as read.
    """
    if isinstance(chunks, bytes):
        yield from _records_whole(chunks, fields)
        return
    head: list[bytes] = []
    rest: list[bytes] = []
    phase = "seek"
    partial = b""
    for chunk in chunks:
        tokens = (partial + chunk).split(b"\0")
        partial = tokens.pop()
        for token in tokens:
            if phase == "head":
                head.append(token)
                if len(head) == fields:
                    if not _HEX.match(head[0]):
                        raise NicError("nic could not read git's history output (a commit id was expected).",
                                       "Check the repository with `git fsck`, and report this to the nictools "
                                       "developers.")
                    phase = "separator"
            elif phase == "separator":
                phase, rest = "rest", ([] if not token else [token])
            elif phase == "rest" and token:
                rest.append(token)
            elif not token:  # a record starts (phase "seek", or the end of the one before)
                if phase == "rest":
                    yield head, rest
                head, rest, phase = [], [], "head"
    if partial and phase == "rest":
        rest.append(partial)
    if phase in ("separator", "rest"):
        yield head, rest


def _records_whole(out: bytes, fields: int) -> Iterator[tuple[list[bytes], list[bytes]]]:
    """`_records` over the whole output at once (the same reading, with C-speed scans for the empty tokens)."""
    tokens = out.split(b"\0")
    n = len(tokens)
    i = 0
    while i < n:
        if tokens[i]:
            try:
                i = tokens.index(b"", i)
            except ValueError:
                return
            continue
        head = tokens[i + 1:i + 1 + fields]
        if len(head) < fields:
            return
        if not _HEX.match(head[0]):
            raise NicError("nic could not read git's history output (a commit id was expected).",
                           "Check the repository with `git fsck`, and report this to the nictools developers.")
        i += 1 + fields
        if i < n and not tokens[i]:
            i += 1  # the separator -z writes after the format
        try:
            end = tokens.index(b"", i)
        except ValueError:
            end = n
        yield head, tokens[i:end]
        i = end


@dataclass(frozen=True)
class Change:
    """One file changed by a commit; a blob id is None on the side where the file is absent."""

    path: str  # relative to the network root, forward slashes
    old: str | None
    new: str | None


@dataclass(frozen=True)
class Commit:
    id: str
    parents: tuple[str, ...]
    author: str
    date: dt.datetime  # author date, with its offset
    message: str
    changes: tuple[Change, ...] = ()
    boundary: bool = False  # the oldest commit of a shallow clone: its changes are a snapshot

    @property
    def short(self) -> str:
        return self.id[:8]

    @property
    def subject(self) -> str:
        return self.message.split("\n", 1)[0].strip()


@dataclass(frozen=True)
class ChainEntry:
    """A first-parent commit without its changes (for resolving dates)."""

    id: str
    date: dt.datetime


def _raw_changes(tokens: list[bytes], prefix: str) -> list[Change]:
    """Changed files from `--raw -z` tokens: `:modes blobs status`, then the path."""
    changes: list[Change] = []
    cut = len(prefix)
    n = len(tokens)
    i = 0
    while i + 1 < n:
        meta = tokens[i]
        if meta[:1] != b":":
            meta = meta.lstrip(b"\n")
            if meta[:1] != b":":
                i += 1
                continue
        fields = meta[1:].split(b" ", 4)
        path = tokens[i + 1].decode("utf-8", "surrogateescape")
        i += 2
        if len(fields) < 4:
            continue
        old_mode, new_mode, old_blob, new_blob = fields[0], fields[1], fields[2], fields[3]
        if (cut and not path.startswith(prefix)) or old_mode == b"160000" or new_mode == b"160000":
            continue  # outside the network, or a submodule
        # An all-zero id is the side where the file is absent; a symlink (120000) is not a network file.
        changes.append(Change(path[cut:],
                              None if old_mode == b"120000" or not old_blob.strip(b"0") else old_blob.decode("ascii"),
                              None if new_mode == b"120000" or not new_blob.strip(b"0") else new_blob.decode("ascii")))
    return changes


def _chain_entries(out: bytes) -> list[ChainEntry]:
    """`log --format=%H %ad --date=raw` lines (oldest last) as entries, oldest first."""
    entries = []
    for line in reversed(out.split(b"\n")):
        cid, _, when = line.partition(b" ")
        if _HEX.match(cid):
            entries.append(ChainEntry(cid.decode(), parse_when(when)))
    return entries


def _day_after(day: dt.date) -> dt.date:
    return day + dt.timedelta(days=1) if day < dt.date.max else day


@dataclass
class Repository:
    """A git repository holding a network at `prefix` (e.g. '' or 'network/')."""

    top: Path
    prefix: str
    shallow: bool = False
    boundaries: frozenset[str] = frozenset()
    objects: Path | None = None  # the object folder (for GitCmdObjectDB)
    _chain: list[ChainEntry] | None = field(default=None, repr=False)
    _runner: GitRunner | None = field(default=None, repr=False)
    _odb: Any = field(default=None, repr=False)

    # --- running git ------------------------------------------------------------------

    @property
    def runner(self) -> GitRunner:
        if self._runner is None:
            self._runner = GitRunner(self.top)
        return self._runner

    @property
    def odb(self) -> Any:
        """GitPython's object database over the one persistent `cat-file --batch` process."""
        if self._odb is None:
            from git.db import GitCmdObjectDB

            self._odb = GitCmdObjectDB(str(self.objects or self.top / ".git" / "objects"), self.runner.git)
        return self._odb

    def run(self, *args: str, check: bool = True, input: bytes | None = None) -> bytes:
        return self.runner.run(*args, check=check, input=input)

    # --- revisions --------------------------------------------------------------------

    def resolve(self, rev: str) -> str:
        """A user's revision (commit, tag, branch) or date (YYYY-MM-DD) as a commit id."""
        rev = rev.strip()
        if not rev or rev.startswith("-"):
            raise NicError(f"`{rev}` is not a revision: a revision cannot start with `-`.",
                           "Give a commit, tag or branch name, or a date as YYYY-MM-DD.")
        if _DATE.match(rev):
            return self.resolve_date(_parse_day(rev)).id
        if "\n" in rev or "\0" in rev:
            raise self._unknown(rev)
        out = self.run("rev-parse", "--verify", "--quiet", "--end-of-options", f"{rev}^{{commit}}", check=False)
        found = out.decode("ascii", "replace").strip()
        if _HEX.match(found.encode()):
            return found
        raise self._unknown(rev)

    def _unknown(self, rev: str) -> NicError:
        names = _decode(self.run("for-each-ref", "--format=%(refname:short)", "refs/tags", "refs/heads",
                                 "refs/remotes", check=False)).split("\n")
        near = closest(rev, [n for n in names if n])
        hint = f"Did you mean `{near}`? " if near else ""
        hint += "Give a commit, a tag or branch name, or a date as YYYY-MM-DD."
        if self.shallow:
            return NicError(f"`{rev}` is not in this repository's history, which is a shallow clone: "
                            f"it starts on {self.chain()[0].date:%Y-%m-%d}.", hint + " " + SHALLOW_FIX)
        return NicError(f"`{rev}` is not a commit, tag or branch of this repository.", hint)

    def chain(self) -> list[ChainEntry]:
        """HEAD's first-parent chain, oldest first (ids and author dates only: cheap)."""
        if self._chain is None:
            self._chain = _chain_entries(self.run("log", "--first-parent", "--format=%H %ad", "--date=raw",
                                                  "HEAD", "--"))
        return self._chain

    def chain_near(self, day: dt.date, slack_days: int = 45) -> list[ChainEntry]:
        """The first-parent chain from a little before `day` on (a short walk); the whole chain if that finds nothing."""
        if self._chain is None and dt.date(1971, 1, 1) < day < dt.date(2100, 1, 1):
            start = (day - dt.timedelta(days=slack_days)).isoformat()
            entries = _chain_entries(self.run("log", "--first-parent", "--format=%H %ad", "--date=raw",
                                              f"--since={start}", "HEAD", "--"))
            # Commit dates need not grow along the chain: the short walk answers only when every
            # commit it left out is older than `day`, as git stops at the first commit before `start`.
            if entries and entries[0].date.date() < day:
                return entries
        return self.chain()

    def changed_between(self, old: str, new: str) -> list[Change]:
        """Network files that differ between two commits (one `git diff-tree`)."""
        args = ["diff-tree", "-r", "-z", "--no-renames", "--no-abbrev", "--no-ext-diff", "--no-textconv", old, new]
        if self.prefix:
            args += ["--", f":(literal){self.prefix}"]
        return _raw_changes(self.run(*args).split(b"\0"), self.prefix)

    def resolve_date(self, day: dt.date) -> ChainEntry:
        """The last first-parent commit dated on or before `day` (the commit's own day)."""
        chain = self.chain_near(_day_after(day))
        chosen = None
        for entry in chain:
            if entry.date.date() <= day:
                chosen = entry
        if chosen is None:
            first = min(e.date for e in chain)
            if self.shallow:
                raise NicError(f"{day} is before the history this clone holds: it is shallow and starts on "
                               f"{first.date()}.", SHALLOW_FIX)
            raise NicError(f"{day} is before the first commit ({first.date()}).",
                           f"Give a date from {first.date()} to {max(e.date for e in chain).date()}.")
        return chosen

    def date_of(self, commit: str) -> dt.datetime:
        return parse_when(self.run("log", "-1", "--format=%ad", "--date=raw", commit, "--").strip())

    def is_ancestor(self, older: str, newer: str) -> bool:
        return self.runner.status("merge-base", "--is-ancestor", older, newer)[0] == 0

    # --- history ----------------------------------------------------------------------

    def log(self, until: str, since: str | None = None, paths: tuple[str, ...] = ("",),
            with_changes: bool = True) -> list[Commit]:
        """First-parent commits after `since` up to `until` touching the network, oldest first.

        One `git log` pass; `--raw` gives each changed path with its old and new blob ids.
        """
        spec = f"{since}..{until}" if since else until
        args = ["log", "--first-parent", "--diff-merges=first-parent", "--reverse", "--no-renames", "--root",
                "-z", "--no-abbrev", "--no-ext-diff", "--no-textconv", "--date=raw", f"--format={_LOG_FORMAT}"]
        if with_changes:
            args.append("--raw")
        whole = not self.prefix and paths == ("",)
        # The whole repository needs no pathspec: `.` would make git compare every commit's tree with
        # its parent's just to drop commits that change nothing (3-5x the cost of the walk itself);
        # the tree ids in the log say the same (`_drop_empty`).
        pathspecs = [] if whole else [f":(literal){self.prefix}{p}" if (self.prefix + p) else "." for p in paths]
        out = self.run(*args, spec, "--", *pathspecs)
        trees: dict[str, str] = {}
        commits = list(_parse_log(out, self.prefix, self.boundaries, trees))
        return self._drop_empty(commits, trees) if whole else commits

    def _drop_empty(self, commits: list[Commit], trees: dict[str, str]) -> list[Commit]:
        """Leave out commits whose tree is their first parent's (what a `.` pathspec leaves out)."""
        missing = list(dict.fromkeys(c.parents[0] for c in commits
                                     if c.parents and c.parents[0] not in trees and not c.boundary))
        if missing:
            out = self.run("rev-parse", *(f"{p}^{{tree}}" for p in missing), check=False)
            trees.update(zip(missing, out.decode("ascii", "replace").split()))
        kept = []
        for c in commits:
            if c.boundary:
                kept.append(c)
            elif c.parents:
                if trees.get(c.parents[0]) != trees[c.id]:
                    kept.append(c)
            elif trees[c.id] != _EMPTY_TREE:
                kept.append(c)
        return kept

    def tree(self, commit: str, path: str | None = None) -> dict[str, str]:
        """Path (relative to the network) -> blob id for every file of the network at `commit`.

        With `path`, only that file (one entry or none): a single lookup, not the whole listing.
        """
        args = ["ls-tree", "-r", "-z", "--full-tree", commit]
        if path is not None:
            args += ["--", f":(literal){self.prefix}{path}"]
        elif self.prefix:
            args += ["--", f":(literal){self.prefix}"]
        files: dict[str, str] = {}
        for entry in self.run(*args).split(b"\0"):
            meta, tab, name = entry.partition(b"\t")
            bits = meta.split(b" ")
            if not tab or len(bits) != 3:
                continue
            mode, kind, blob = bits
            if kind != b"blob" or mode == b"120000":
                continue  # submodules and symlinks are not network files
            text = name.decode("utf-8", "surrogateescape")
            if text.startswith(self.prefix):
                files[text[len(self.prefix):]] = blob.decode("ascii")
        return files

    def uncommitted(self) -> list[str]:
        """Network files that differ from HEAD (read without refreshing the index)."""
        return self.uncommitted_later()()

    def uncommitted_later(self) -> Callable[[], list[str]]:
        """Start `git status` in the background; the returned function waits for it and gives `uncommitted()`.

        Scanning the working tree costs as much as reading a few months of history, so the two overlap.
        """
        proc = self.runner.start("status", "--porcelain=v1", "-z", "--untracked-files=normal", "--",
                                 f":(literal){self.prefix}" if self.prefix else ".")

        def result() -> list[str]:
            out, _ = proc.proc.communicate()
            return [e[3:].decode("utf-8", "replace") for e in out.split(b"\0") if len(e) > 3]

        return result

    # --- blobs ------------------------------------------------------------------------

    def read_blob(self, blob: str) -> bytes:
        """One file version, through GitPython's object database."""
        return next(self.read_blobs([blob]))[1]

    def read_blobs(self, ids: list[str]) -> Iterator[tuple[str, bytes]]:
        """The content of each blob, through the object database's one `cat-file --batch` process.

        The first is read with `odb.stream` (which starts GitPython's persistent process); the
        rest are asked of that same process in chunks of 256 while the replies are read, so
        neither pipe fills up and no version waits for a round trip of its own. Each reply is
        read by the size git announces, so a version may hold any bytes.
        """
        if not ids:
            return
        git = self.runner.git
        rest = list(ids)
        if git.cat_file_all is None and len(rest[0]) == 40:
            from gitdb.util import hex_to_bin

            first = rest.pop(0)
            try:
                with _only_our_git_vars():
                    stream = self.odb.stream(hex_to_bin(first))
            except ValueError:  # GitPython's word for "missing"
                raise _missing(first) from None
            yield first, stream.read()
        if git.cat_file_all is None:  # a SHA-256 repository: GitPython's reader takes SHA-1 ids only
            with _only_our_git_vars():
                git.cat_file_all = git.cat_file(batch=True, istream=subprocess.PIPE, as_process=True)
        proc = git.cat_file_all
        for start in range(0, len(rest), 256):
            batch = rest[start:start + 256]
            proc.stdin.write("".join(f"{b}\n" for b in batch).encode("ascii"))
            proc.stdin.flush()
            for blob in batch:
                header = proc.stdout.readline().split()
                if len(header) < 3 or header[1] == b"missing":
                    self.close()  # the process is out of step now: start afresh next time
                    raise _missing(blob)
                data = proc.stdout.read(int(header[2]))
                proc.stdout.read(1)
                yield blob, data

    def close(self) -> None:
        if self._runner is not None:
            self._runner.close()


def _missing(blob: str) -> NicError:
    return NicError(f"The file version {blob} is missing from this repository.",
                    "The repository may be damaged or a partial clone; run `git fsck`.")


def _parse_day(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise NicError(f"`{text}` is not a real date.", "Write dates as YYYY-MM-DD.") from None


def _parse_log(out: bytes, prefix: str, boundaries: frozenset[str], trees: dict[str, str] | None = None
               ) -> Iterator[Commit]:
    """Parse `git log -z [--raw] --format=_LOG_FORMAT` output (each commit's tree id goes into `trees`)."""
    for head, rest in _records(out, _LOG_FIELDS):
        cid, parents, tree = head[0].decode("ascii"), head[1].decode("ascii", "replace"), head[2].decode("ascii", "replace")
        if trees is not None:
            trees[cid] = tree
        yield Commit(cid, tuple(parents.split()), _decode(head[4]), parse_when(head[3]), _decode(head[5]).strip(),
                     tuple(_raw_changes(rest, prefix)), boundary=cid in boundaries)


def open_repository(root: Path) -> Repository:
    """The git repository holding the network at `root`, checked to be readable without fetching."""
    runner = GitRunner(root)
    code, out, _ = runner.status("rev-parse", "--show-toplevel", "--show-prefix", "--is-shallow-repository",
                                 "--git-path", "shallow", "--git-path", "objects")
    lines = out.decode("utf-8", "surrogateescape").split("\n")
    if code != 0 or len(lines) < 5:
        runner.close()
        raise NicError(f"{root} is not in a git repository, so it has no history to read.",
                       "nic status, log, diff and compare read the network's git history: run them in a clone "
                       "of the network's repository (or `git init` and commit the network first).")
    top, prefix, shallow, shallow_file, objects = lines[:5]
    runner.folder = Path(top)
    objects_path = Path(objects) if Path(objects).is_absolute() else Path(root) / objects
    repo = Repository(Path(top), prefix, objects=objects_path, _runner=runner)
    config = _decode(repo.run("config", "--get-regexp", r"^(remote\..*\.promisor|extensions\.partialclone)$",
                              check=False)).split("\n")
    if any(line.strip().endswith(" true") or line.startswith("extensions.partialclone") for line in config if line):
        repo.close()
        raise NicError("This repository is a partial clone (made with `--filter`, e.g. blobless): old versions of "
                       "the files are not here, and reading the history would fetch them one by one, for minutes.",
                       "nic never fetches. Make a full clone (`git clone URL` without `--filter`), or run "
                       "`git fetch --refetch --no-filter` once (on GitHub Actions: remove `filter:` and set "
                       "`fetch-depth: 0`).")
    if repo.run("rev-parse", "--verify", "--quiet", "HEAD^{commit}", check=False).strip() == b"":
        repo.close()
        raise NicError("This repository has no commits yet, so the network has no history to read.",
                       "Commit the network first (`git add . && git commit -m 'Start the network'`).")
    if shallow == "true":
        path = Path(shallow_file)
        if not path.is_absolute():
            path = Path(root) / path
        try:
            boundaries = frozenset(path.read_text().split())
        except OSError:
            boundaries = frozenset()
        repo.shallow, repo.boundaries = True, boundaries
    return repo


@dataclass(frozen=True)
class TrackedFiles:
    """The files git tracks (its index) in the repository holding a network."""

    top: Path  # the work tree's top folder, resolved
    paths: frozenset[str]  # relative to `top`, with forward slashes

    def tracks(self, path: Path) -> bool:
        """True when `path` (absolute, symlinks resolved) is a file git tracks."""
        try:
            rel = path.relative_to(self.top).as_posix()
        except ValueError:
            return False
        return rel in self.paths


def tracked_files(folder: Path) -> TrackedFiles | None:
    """Every file git tracks in the repository holding `folder` (one `git ls-files -z`).

    None when `folder` is in no git repository or git cannot run: then nobody can say which
    files the repository shares. Read-only: it takes no lock and refreshes no index.
    """
    try:
        runner = GitRunner(folder)
    except NicError:
        return None
    try:
        code, out, _ = runner.status("rev-parse", "--show-toplevel")
        if code != 0 or not out.strip():
            return None
        top = Path(out.decode("utf-8", "surrogateescape").strip()).resolve()
        runner.folder = top
        code, out, _ = runner.status("ls-files", "-z", "--cached", "--full-name")
        if code != 0:
            return None
        names = frozenset(n.decode("utf-8", "surrogateescape") for n in out.split(b"\0") if n)
        return TrackedFiles(top, names)
    except NicError:
        return None
    finally:
        runner.close()


def last_touches(repo: Repository, until: str, folders: set[str]) -> dict[str, tuple[str, str, dt.datetime]]:
    """Folder (e.g. `sites/lincoln/`) -> (commit, author, date) of its latest first-parent change.

    Streams `git log --name-only` newest first and stops once every folder is found, so
    an active network answers after reading a few weeks of history.
    """
    found: dict[str, tuple[str, str, dt.datetime]] = {}
    if not folders:
        return found
    proc = repo.runner.start("log", "--first-parent", "--diff-merges=first-parent", "--no-renames", "--root", "-z",
                             "--name-only", "--date=raw", "--format=%x00%H%x00%aN%x00%ad%x00", until, "--",
                             f":(literal){repo.prefix}sites/" if repo.prefix else "sites/")
    stdout = proc.proc.stdout
    cut = len(repo.prefix)

    def chunks() -> Iterator[bytes]:
        while chunk := stdout.read(1 << 16):
            yield chunk

    try:
        for head, paths in _records(chunks(), 3):
            cid, author, when = head[0].decode("ascii", "replace"), _decode(head[1]), None
            for raw in paths:
                bits = raw.lstrip(b"\n").decode("utf-8", "replace")[cut:].split("/")
                if len(bits) > 2:
                    folder = f"sites/{bits[1]}/"
                    if folder in folders and folder not in found:
                        when = when or parse_when(head[2])
                        found[folder] = (cid, author, when)
            if len(found) == len(folders):
                break
    finally:
        proc.proc.kill() if proc.proc.poll() is None else None
        stdout.close()
        proc.proc.wait()
    return found
