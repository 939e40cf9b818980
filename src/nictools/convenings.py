"""Convenings are git tags: `convening/NAME` on the commit the network stood at.

`nic convening tag NAME` makes one (an annotated tag: it keeps the day and a message),
`nic convening list` lists them, and `nic report --since` defaults to the latest one,
so "since the last convening" needs no date typed by hand.

Git is run through `nictools.history.git` (its clean environment and revision rules: a
revision is resolved with `--end-of-options` and may not start with `-`).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path

from nictools.errors import NicError
from nictools.history.git import GitFailed, Repository, open_repository, parse_when, run_git

PREFIX = "convening/"
NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$")
#: The tag (refname), what it points at, the commit under an annotated tag, its date (raw) and subject.
_FIELDS = 5


def open_git(root: Path) -> Repository:
    """The repository holding the network (a plain message when there is none)."""
    try:
        return open_repository(root)
    except NicError as exc:
        if "not in a git repository" not in exc.message:
            raise
        raise NicError(f"{root} is not in a git repository, so it cannot hold convening tags.",
                       "Convenings are git tags: run this in a clone of the network's repository.") from None


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


def list_convenings(git: Repository) -> list[Convening]:
    """Every `convening/*` tag, oldest first.

    Each tag is one record of NUL-ended fields (a subject is one line, and no field can hold
    NUL), so any byte in a tag's message leaves the others readable.
    """
    fmt = "%(refname)%00%(objectname)%00%(*objectname)%00%(creatordate:raw)%00%(contents:subject)%00"
    out = git.run("for-each-ref", f"--format={fmt}", "refs/tags/" + PREFIX.rstrip("/"))
    found: list[Convening] = []
    tokens = out.split(b"\0")
    for i in range(0, len(tokens) - _FIELDS + 1, _FIELDS):
        ref, target, peeled, when, subject = tokens[i:i + _FIELDS]
        ref = ref.lstrip(b"\n")
        if not ref.startswith(b"refs/tags/" + PREFIX.encode()):
            continue
        name = ref[len("refs/tags/" + PREFIX):].decode("utf-8", "replace")
        commit = (peeled or target).decode("ascii", "replace")
        found.append(Convening(name, commit, parse_when(when), subject.decode("utf-8", "replace").strip()))
    return sorted(found, key=lambda c: (c.date, c.name))


def latest_convening(git: Repository) -> Convening | None:
    items = list_convenings(git)
    return items[-1] if items else None


def tag_convening(git: Repository, name: str, *, message: str | None = None, rev: str = "HEAD") -> Convening:
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
        run_git(git.top, "tag", "-a", "-m", text, "--end-of-options", PREFIX + name, commit)
    except GitFailed as exc:  # git's own words (e.g. no user.name) are the best explanation
        words = exc.words.strip() or "git could not make the tag"
        hint = ("Tell git who you are: `git config user.name \"Your Name\"` and "
                "`git config user.email you@example.org`." if "identity" in words.lower() or "who you are" in words
                else "Check that the repository is writable.")
        raise NicError(f"git could not make the tag {PREFIX + name}: {words.splitlines()[-1] if words else ''}",
                       hint) from None
    for convening in list_convenings(git):
        if convening.name == name:
            return convening
    raise NicError(f"The tag {PREFIX + name} was made but cannot be read back.", "Run `git tag -l 'convening/*'`.")
