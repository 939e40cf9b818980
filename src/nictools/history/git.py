"""The one module that runs git.

Everything here is plumbing: `git log` (one pass, with the changed paths) and one
`git cat-file --batch` process for every blob read, never a per-commit walk. The
figures in the history issue show why: GitPython's per-commit `Commit.diff` takes a
minute where one `git log --raw` takes under a second. GitPython is therefore not
used at all; discovery is `git rev-parse`, which is also the authority on what a
repository is (worktrees, `.git` files, `safe.directory`).

Read commands change nothing:
* `--no-optional-locks` (and GIT_OPTIONAL_LOCKS=0) keeps `git` from refreshing the index;
* nothing here writes refs or objects, and nothing fetches: GIT_NO_LAZY_FETCH=1, and a
  partial clone (which would fetch each missing old version, one by one) is refused;
* user revisions are resolved with `rev-parse --verify --end-of-options`, after
  anything starting with `-` has been refused, so they can never be read as options.

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
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterator

from nictools.errors import NicError
from nictools.suggest import closest

#: Inherited variables that change what git reads are dropped; these are harmless or needed.
_KEEP_GIT_VARS = {"GIT_EXEC_PATH", "GIT_CONFIG_NOSYSTEM", "GIT_CONFIG_GLOBAL", "GIT_CEILING_DIRECTORIES",
                  "GIT_DISCOVERY_ACROSS_FILESYSTEM", "GIT_SSL_CAINFO", "GIT_SSL_NO_VERIFY"}
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}\Z")
#: Commit id, parents, author name, author date (strict ISO), tree, then the message; fields end in NUL.
_LOG_FORMAT = "%x01%H%x00%P%x00%aN%x00%aI%x00%T%x00%B%x00"
#: The id of git's empty tree (a root commit with no files).
_EMPTY_TREE = "4b825dc642cb6eb9a060e54bf8d69288fbee4904"
SHALLOW_FIX = ("Fetch the whole history: `git fetch --unshallow` (on GitHub Actions, `actions/checkout` "
               "with `fetch-depth: 0`).")


def git_env() -> dict[str, str]:
    """A clean environment: no inherited GIT_* that redirect or reshape what git reads."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("GIT_") or k in _KEEP_GIT_VARS}
    env.update(GIT_NO_LAZY_FETCH="1", GIT_OPTIONAL_LOCKS="0", GIT_TERMINAL_PROMPT="0", LC_ALL="C",
               GIT_NO_REPLACE_OBJECTS="1")
    return env


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


@dataclass
class Repository:
    """A git repository holding a network at `prefix` (e.g. '' or 'network/')."""

    top: Path
    prefix: str
    shallow: bool = False
    boundaries: frozenset[str] = frozenset()
    _chain: list[ChainEntry] | None = field(default=None, repr=False)
    _batch: subprocess.Popen[bytes] | None = field(default=None, repr=False)

    # --- running git ------------------------------------------------------------------

    def run(self, *args: str, check: bool = True, input: bytes | None = None) -> bytes:
        return _run(["-C", str(self.top), *args], check=check, input=input)

    # --- revisions --------------------------------------------------------------------

    def resolve(self, rev: str) -> str:
        """A user's revision (commit, tag, branch) or date (YYYY-MM-DD) as a commit id."""
        rev = rev.strip()
        if not rev or rev.startswith("-"):
            raise NicError(f"`{rev}` is not a revision: a revision cannot start with `-`.",
                           "Give a commit, tag or branch name, or a date as YYYY-MM-DD.")
        if _DATE.match(rev):
            return self.resolve_date(_parse_day(rev)).id
        out = self.run("rev-parse", "--verify", "--quiet", "--end-of-options", f"{rev}^{{commit}}", check=False)
        found = out.decode().strip()
        if found:
            return found
        raise self._unknown(rev)

    def _unknown(self, rev: str) -> NicError:
        names = self.run("for-each-ref", "--format=%(refname:short)", "refs/tags", "refs/heads", "refs/remotes",
                         check=False).decode().split()
        near = closest(rev, names)
        hint = f"Did you mean `{near}`? " if near else ""
        hint += "Give a commit, a tag or branch name, or a date as YYYY-MM-DD."
        if self.shallow:
            return NicError(f"`{rev}` is not in this repository's history, which is a shallow clone: "
                            f"it starts on {self.chain()[0].date:%Y-%m-%d}.", hint + " " + SHALLOW_FIX)
        return NicError(f"`{rev}` is not a commit, tag or branch of this repository.", hint)

    def chain(self) -> list[ChainEntry]:
        """HEAD's first-parent chain, oldest first (ids and author dates only: cheap)."""
        if self._chain is None:
            out = self.run("log", "--first-parent", "--format=%H %aI", "HEAD", "--")
            self._chain = [ChainEntry(h, dt.datetime.fromisoformat(d))
                           for h, d in (line.split(" ", 1) for line in reversed(out.decode().splitlines()))]
        return self._chain

    def chain_near(self, day: dt.date, slack_days: int = 45) -> list[ChainEntry]:
        """The first-parent chain from a little before `day` on (a short walk); the whole chain if that finds nothing."""
        start = (day - dt.timedelta(days=slack_days)).isoformat()
        out = self.run("log", "--first-parent", "--format=%H %aI", f"--since={start}", "HEAD", "--")
        entries = [ChainEntry(h, dt.datetime.fromisoformat(d))
                   for h, d in (line.split(" ", 1) for line in reversed(out.decode().splitlines()))]
        if entries and entries[0].date.date() < day and self._chain is None:
            return entries
        return self.chain()

    def changed_between(self, old: str, new: str) -> list[Change]:
        """Network files that differ between two commits (one `git diff-tree`)."""
        args = ["diff-tree", "-r", "-z", "--no-renames", "--no-abbrev", "--no-ext-diff", "--no-textconv", old, new]
        if self.prefix:
            args += ["--", f":(literal){self.prefix}"]
        parts = self.run(*args).split(b"\0")
        changes = []
        for i in range(0, len(parts) - 1, 2):
            meta = parts[i].strip()
            if not meta.startswith(b":"):
                continue
            old_mode, new_mode, old_blob, new_blob = (f.decode() for f in meta[1:].split(b" ")[:4])
            path = parts[i + 1].decode("utf-8", "surrogateescape")
            if not path.startswith(self.prefix) or "160000" in (old_mode, new_mode):
                continue
            zero = "0" * len(old_blob)  # a symlink (120000) is not a network file, as in `log` and `tree`
            changes.append(Change(path[len(self.prefix):],
                                  None if old_blob == zero or old_mode == "120000" else old_blob,
                                  None if new_blob == zero or new_mode == "120000" else new_blob))
        return changes

    def resolve_date(self, day: dt.date) -> ChainEntry:
        """The last first-parent commit dated on or before `day` (the commit's own day)."""
        chain = self.chain_near(day + dt.timedelta(days=1))
        chosen = None
        for entry in chain:
            if entry.date.date() <= day:
                chosen = entry
        if chosen is None:
            first = chain[0].date.date()
            if self.shallow:
                raise NicError(f"{day} is before the history this clone holds: it is shallow and starts on {first}.",
                               SHALLOW_FIX)
            raise NicError(f"{day} is before the first commit ({first}, {chain[0].id[:8]}).",
                           f"Give a date from {first} to {chain[-1].date.date()}.")
        return chosen

    def date_of(self, commit: str) -> dt.datetime:
        out = self.run("log", "-1", "--format=%aI", commit, "--")
        return dt.datetime.fromisoformat(out.decode().strip())

    def is_ancestor(self, older: str, newer: str) -> bool:
        return _run(["-C", str(self.top), "merge-base", "--is-ancestor", older, newer], check=False,
                    want_status=True) == b"0"

    # --- history ----------------------------------------------------------------------

    def log(self, until: str, since: str | None = None, paths: tuple[str, ...] = ("",),
            with_changes: bool = True) -> list[Commit]:
        """First-parent commits after `since` up to `until` touching the network, oldest first.

        One `git log` pass; `--raw` gives each changed path with its old and new blob ids.
        """
        spec = f"{since}..{until}" if since else until
        args = ["log", "--first-parent", "--diff-merges=first-parent", "--reverse", "--no-renames", "--root",
                "-z", "--no-abbrev", "--no-ext-diff", "--no-textconv", f"--format={_LOG_FORMAT}"]
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
        missing = [c.parents[0] for c in commits if c.parents and c.parents[0] not in trees and not c.boundary]
        if missing:
            out = self.run("rev-parse", *(f"{p}^{{tree}}" for p in dict.fromkeys(missing)), check=False)
            trees.update(zip(dict.fromkeys(missing), out.decode().split()))
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
        out = self.run(*args)
        files: dict[str, str] = {}
        for entry in out.split(b"\0"):
            if not entry:
                continue
            meta, path = entry.split(b"\t", 1)
            mode, kind, blob = meta.split(b" ")
            if kind != b"blob" or mode == b"120000":
                continue  # submodules and symlinks are not network files
            text = path.decode("utf-8", "surrogateescape")
            if text.startswith(self.prefix):
                files[text[len(self.prefix):]] = blob.decode()
        return files

    def uncommitted(self) -> list[str]:
        """Network files that differ from HEAD (read without refreshing the index)."""
        return self.uncommitted_later()()

    def uncommitted_later(self) -> Callable[[], list[str]]:
        """Start `git status` in the background; the returned function waits for it and gives `uncommitted()`.

        Scanning the working tree costs as much as reading a few months of history, so the two overlap.
        """
        proc = subprocess.Popen([_git(), "--no-optional-locks", "-c", "core.quotepath=off", "-C", str(self.top),
                                 "status", "--porcelain=v1", "-z", "--untracked-files=normal", "--",
                                 f":(literal){self.prefix}" if self.prefix else "."],
                                stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, env=git_env())

        def result() -> list[str]:
            out, _ = proc.communicate()
            return [e[3:].decode("utf-8", "replace") for e in out.split(b"\0") if len(e) > 3]

        return result

    # --- blobs ------------------------------------------------------------------------

    def read_blobs(self, ids: list[str]) -> Iterator[tuple[str, bytes]]:
        """The content of each blob, through one `git cat-file --batch` process."""
        if not ids:
            return
        if self._batch is None:
            self._batch = subprocess.Popen(
                [_git(), "--no-optional-locks", "-C", str(self.top), "cat-file", "--batch"],
                stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, env=git_env())
        proc = self._batch
        assert proc.stdin and proc.stdout
        # Write requests in chunks while reading replies, so neither pipe fills up.
        pending = list(ids)
        sent = 0
        chunk = 256
        while sent < len(pending) or sent == 0:
            batch = pending[sent:sent + chunk]
            proc.stdin.write("".join(f"{b}\n" for b in batch).encode())
            proc.stdin.flush()
            for blob in batch:
                header = proc.stdout.readline().split()
                if len(header) < 3 or header[1] == b"missing":
                    raise NicError(f"The file version {blob} is missing from this repository.",
                                   "The repository may be damaged or a partial clone; run `git fsck`.")
                size = int(header[2])
                data = proc.stdout.read(size)
                proc.stdout.read(1)
                yield blob, data
            sent += len(batch)

    def close(self) -> None:
        if self._batch is not None:
            if self._batch.stdin:
                self._batch.stdin.close()
            self._batch.wait()
            if self._batch.stdout:
                self._batch.stdout.close()
            self._batch = None


def _git() -> str:
    found = shutil.which("git")
    if not found:
        raise NicError("git is not installed (or not on PATH); nic reads the network's history with it.",
                       "Install git from https://git-scm.com and try again.")
    return found


def _run(args: list[str], *, check: bool = True, input: bytes | None = None, want_status: bool = False) -> bytes:
    proc = subprocess.run([_git(), "--no-optional-locks", "-c", "core.quotepath=off", *args],
                          input=input, capture_output=True, env=git_env())
    if want_status:
        return str(proc.returncode).encode()
    if check and proc.returncode != 0:
        message = proc.stderr.decode("utf-8", "replace").strip().splitlines()
        raise NicError(f"git failed: {message[-1] if message else 'exit ' + str(proc.returncode)}.",
                       "Check that this is a healthy git repository (`git status`, `git fsck`).")
    return proc.stdout


def _parse_day(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise NicError(f"`{text}` is not a real date.", "Write dates as YYYY-MM-DD.") from None


def _parse_log(out: bytes, prefix: str, boundaries: frozenset[str], trees: dict[str, str] | None = None
               ) -> Iterator[Commit]:
    """Parse `git log -z --raw --format=_LOG_FORMAT` output (each commit's tree id goes into `trees`)."""
    for record in out.split(b"\x01")[1:]:
        parts = record.split(b"\0")
        cid, parents, author, date, tree, message = (p.decode("utf-8", "replace") for p in parts[:6])
        if trees is not None:
            trees[cid] = tree
        rest = parts[6:]
        changes: list[Change] = []
        i = 0
        while i < len(rest):
            meta = rest[i]
            if not meta.startswith(b":") and meta.strip().startswith(b":"):
                meta = meta.strip()
            if not meta.startswith(b":"):
                i += 1
                continue
            fields = meta[1:].split(b" ")
            old_mode, new_mode, old_blob, new_blob = (f.decode() for f in fields[:4])
            path = rest[i + 1].decode("utf-8", "surrogateescape")
            i += 2
            if not path.startswith(prefix) or "160000" in (old_mode, new_mode):
                continue
            zero = "0" * len(old_blob)
            changes.append(Change(path[len(prefix):],
                                  None if old_blob == zero or old_mode == "120000" else old_blob,
                                  None if new_blob == zero or new_mode == "120000" else new_blob))
        parent_ids = tuple(parents.split())
        yield Commit(cid, parent_ids, author, dt.datetime.fromisoformat(date), message.strip(), tuple(changes),
                     boundary=cid in boundaries)


def open_repository(root: Path) -> Repository:
    """The git repository holding the network at `root`, checked to be readable without fetching."""
    out = _run(["-C", str(root), "rev-parse", "--show-toplevel", "--show-prefix", "--is-shallow-repository",
                "--git-path", "shallow"], check=False)
    lines = out.decode("utf-8", "surrogateescape").splitlines()
    if len(lines) < 4:
        raise NicError(f"{root} is not in a git repository, so it has no history to read.",
                       "nic status, log, diff and compare read the network's git history: run them in a clone "
                       "of the network's repository (or `git init` and commit the network first).")
    top, prefix, shallow, shallow_file = lines[0], lines[1], lines[2] == "true", lines[3]
    repo = Repository(Path(top), prefix)
    config = repo.run("config", "--get-regexp", r"^(remote\..*\.promisor|extensions\.partialclone)$",
                      check=False).decode().split("\n")
    if any(line.strip().endswith(" true") or line.startswith("extensions.partialclone") for line in config if line):
        raise NicError("This repository is a partial clone (made with `--filter`, e.g. blobless): old versions of "
                       "the files are not here, and reading the history would fetch them one by one, for minutes.",
                       "nic never fetches. Make a full clone (`git clone URL` without `--filter`), or run "
                       "`git fetch --refetch --no-filter` once (on GitHub Actions: remove `filter:` and set "
                       "`fetch-depth: 0`).")
    if repo.run("rev-parse", "--verify", "--quiet", "HEAD^{commit}", check=False).strip() == b"":
        raise NicError("This repository has no commits yet, so the network has no history to read.",
                       "Commit the network first (`git add . && git commit -m 'Start the network'`).")
    if shallow:
        path = Path(shallow_file)
        if not path.is_absolute():
            path = Path(root) / path
        try:
            boundaries = frozenset(path.read_text().split())
        except OSError:
            boundaries = frozenset()
        repo.shallow, repo.boundaries = True, boundaries
    return repo


def last_touches(repo: Repository, until: str, folders: set[str]) -> dict[str, tuple[str, str, dt.datetime]]:
    """Folder (e.g. `sites/lincoln/`) -> (commit, author, date) of its latest first-parent change.

    Streams `git log --name-only` newest first and stops once every folder is found, so
    an active network answers after reading a few weeks of history.
    """
    found: dict[str, tuple[str, str, dt.datetime]] = {}
    if not folders:
        return found
    args = [_git(), "--no-optional-locks", "-c", "core.quotepath=off", "-C", str(repo.top), "log", "--first-parent",
            "--diff-merges=first-parent", "--no-renames", "--root", "-z", "--name-only",
            "--format=%x01%H%x00%aN%x00%aI%x00", until, "--", f":(literal){repo.prefix}sites/" if repo.prefix else "sites/"]
    proc = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, env=git_env())
    assert proc.stdout
    buffer = b""
    cut = len(repo.prefix)
    try:
        while len(found) < len(folders):
            chunk = proc.stdout.read(1 << 16)
            if not chunk:
                records, buffer = buffer.split(b"\x01"), b""
            else:
                buffer += chunk
                records = buffer.split(b"\x01")
                buffer = records.pop()
            for record in records:
                parts = record.split(b"\0")
                if len(parts) < 3:
                    continue
                cid, author, date = (p.decode("utf-8", "replace") for p in parts[:3])
                when = None
                for raw in parts[3:]:
                    path = raw.strip(b"\n").decode("utf-8", "replace")[cut:]
                    bits = path.split("/")
                    if len(bits) > 2:
                        folder = f"sites/{bits[1]}/"
                        if folder in folders and folder not in found:
                            when = when or dt.datetime.fromisoformat(date)
                            found[folder] = (cid, author, when)
            if not chunk:
                break
    finally:
        proc.stdout.close()
        proc.kill() if proc.poll() is None else None
        proc.wait()
    return found
