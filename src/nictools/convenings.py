"""Convenings are git tags: `convening/NAME` on the commit the network stood at.

`nic convening tag NAME` makes one (an annotated tag: it keeps the day and a message),
`nic convening list` lists them, and `nic report --since` defaults to the latest one,
so "since the last convening" needs no date typed by hand.

Git is run through `nictools.history.git` when the history engine is installed (its
clean environment and revision rules); until then through a minimal runner here with
the same rules: a revision is resolved with `--end-of-options` and may not start with `-`.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from nictools.errors import NicError

PREFIX = "convening/"
NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$")


class Git(Protocol):
    top: Path

    def run(self, *args: str, check: bool = True, input: bytes | None = None) -> bytes: ...

    def resolve(self, rev: str) -> str: ...


@dataclass
class _PlainGit:
    """A stand-in for `nictools.history.git.Repository` (same `run`/`resolve`)."""

    top: Path

    def run(self, *args: str, check: bool = True, input: bytes | None = None) -> bytes:
        env = {k: v for k, v in os.environ.items() if not k.startswith("GIT_")}
        env.update(GIT_TERMINAL_PROMPT="0", LC_ALL="C")
        for key in ("GIT_AUTHOR_NAME", "GIT_AUTHOR_EMAIL", "GIT_COMMITTER_NAME", "GIT_COMMITTER_EMAIL",
                    "GIT_CONFIG_GLOBAL", "GIT_CONFIG_NOSYSTEM"):
            if key in os.environ:
                env[key] = os.environ[key]
        proc = subprocess.run([_git(), "-C", str(self.top), *args], input=input, capture_output=True, env=env)
        if check and proc.returncode != 0:
            raise _GitFailed(proc.stderr.decode("utf-8", "replace").strip())
        return proc.stdout

    def resolve(self, rev: str) -> str:
        rev = rev.strip()
        if not rev or rev.startswith("-"):
            raise NicError(f"`{rev}` is not a revision: a revision cannot start with `-`.",
                           "Give a commit, tag or branch name.")
        out = self.run("rev-parse", "--verify", "--quiet", "--end-of-options", f"{rev}^{{commit}}", check=False)
        found = out.decode().strip()
        if not found:
            raise NicError(f"`{rev}` is not a commit, tag or branch of this repository.",
                           "Give a commit, a tag or branch name (`git log --oneline` lists commits).")
        return found


class _GitFailed(Exception):
    pass


def _git() -> str:
    found = shutil.which("git")
    if not found:
        raise NicError("git is not installed, and convenings are git tags.", "Install git and try again.")
    return found


def open_git(root: Path) -> Git:
    """The repository holding the network, through the history engine when it is there."""
    try:
        from nictools.history.git import open_repository  # type: ignore[import-not-found]
    except ImportError:
        open_repository = None
    if open_repository is not None:
        return open_repository(root)  # type: ignore[no-any-return]
    out = subprocess.run([_git(), "-C", str(root), "rev-parse", "--show-toplevel"], capture_output=True)
    if out.returncode != 0:
        raise NicError(f"{root} is not in a git repository, so it cannot hold convening tags.",
                       "Convenings are git tags: run this in a clone of the network's repository.")
    return _PlainGit(Path(out.stdout.decode().strip()))


@dataclass(frozen=True)
class Convening:
    name: str
    commit: str
    date: dt.datetime  # when the tag was made (or the commit's date for a lightweight tag)
    message: str

    @property
    def tag(self) -> str:
        return PREFIX + self.name

    def to_json(self) -> dict[str, str]:
        return {"name": self.name, "tag": self.tag, "commit": self.commit, "date": self.date.isoformat(),
                "message": self.message}


def list_convenings(git: Git) -> list[Convening]:
    """Every `convening/*` tag, oldest first."""
    fmt = "%(refname)%00%(objectname)%00%(*objectname)%00%(creatordate:iso-strict)%00%(contents:subject)"
    out = git.run("for-each-ref", f"--format={fmt}", "refs/tags/" + PREFIX.rstrip("/"))
    found: list[Convening] = []
    for line in out.decode("utf-8", "replace").splitlines():
        parts = line.split("\x00")
        if len(parts) < 5 or not parts[0].startswith("refs/tags/" + PREFIX):
            continue
        name = parts[0][len("refs/tags/" + PREFIX):]
        commit = parts[2] or parts[1]
        try:
            when = dt.datetime.fromisoformat(parts[3])
        except ValueError:
            continue
        found.append(Convening(name, commit, when, parts[4].strip()))
    return sorted(found, key=lambda c: (c.date, c.name))


def latest_convening(git: Git) -> Convening | None:
    items = list_convenings(git)
    return items[-1] if items else None


def tag_convening(git: Git, name: str, *, message: str | None = None, rev: str = "HEAD") -> Convening:
    """Make the tag `convening/NAME` on `rev`; refuse a name already used."""
    if not NAME.match(name) or ".." in name or name.endswith((".", ".lock")):
        raise NicError(f"`{name}` cannot be a convening name.",
                       "Use letters, digits, `.`, `_` and `-` (start with a letter or digit), e.g. 2026-spring.")
    existing = {c.name: c for c in list_convenings(git)}
    if name in existing:
        old = existing[name]
        raise NicError(f"The convening `{name}` already exists (tag {old.tag}, {old.date:%Y-%m-%d}, "
                       f"commit {old.commit[:8]}).",
                       "Choose another name; a convening tag is never moved. "
                       f"To really replace it: `git tag -d {old.tag}` first.")
    commit = git.resolve(rev)
    text = message or f"Convening {name}"
    try:
        git.run("tag", "-a", "-m", text, "--end-of-options", PREFIX + name, commit)
    except Exception as exc:  # git's own words (e.g. no user.name) are the best explanation
        words = str(exc).strip() or "git could not make the tag"
        hint = ("Tell git who you are: `git config user.name \"Your Name\"` and "
                "`git config user.email you@example.org`." if "identity" in words.lower() or "who you are" in words
                else "Check that the repository is writable.")
        raise NicError(f"git could not make the tag {PREFIX + name}: {words.splitlines()[-1] if words else ''}",
                       hint) from None
    for convening in list_convenings(git):
        if convening.name == name:
            return convening
    raise NicError(f"The tag {PREFIX + name} was made but cannot be read back.", "Run `git tag -l 'convening/*'`.")
