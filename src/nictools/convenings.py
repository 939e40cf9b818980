"""Convenings are git tags: `convening/NAME` on the commit the network stood at.

`nic convening tag NAME` makes one (an annotated tag: it keeps the day and a message),
`nic convening list` lists them, and `nic report --since` defaults to the latest one,
so "since the last convening" needs no date typed by hand.

A convening has a date: `--date`, else `NIC_TODAY`, else `GIT_COMMITTER_DATE` (as git dates
a tag), else now. A history filled in afterwards is tagged with the day each convening met:
the tag is dated that day (its end, UTC) and, unless `--rev` says otherwise, marks the last
commit made by then. Convenings are ordered by that date, and every "since the last
convening" window starts at it.

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


_UTC = dt.timezone.utc
_RAW = re.compile(r"^@?(\d+)(?:\s+([+-]\d{4}))?$")


def parse_convening_date(text: str, what: str = "--date") -> dt.datetime:
    """A convening's date: YYYY-MM-DD (the end of that day, UTC), an ISO date and time, or git's raw
    `<seconds> <+hhmm>` form (as GIT_COMMITTER_DATE may hold it)."""
    value = text.strip()
    raw = _RAW.match(value)
    if raw:
        return parse_when(f"{raw.group(1)} {raw.group(2) or '+0000'}")
    try:
        day = dt.date.fromisoformat(value)
    except ValueError:
        pass
    else:
        return dt.datetime.combine(day, dt.time(23, 59, 59), _UTC)
    try:
        when = dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        raise NicError(f"{what} `{text}` is not a date.",
                       "Write it as YYYY-MM-DD (e.g. 2025-04-20), or as a date and time such as "
                       "2025-04-20T16:00:00+01:00.") from None
    return when if when.tzinfo else when.replace(tzinfo=_UTC)


def convening_date(given: str | None, environ: dict[str, str] | None = None) -> tuple[dt.datetime | None, str]:
    """The date a new convening tag gets, and where it came from (`--date`, `NIC_TODAY`,
    `GIT_COMMITTER_DATE`); (None, "now") when nothing sets one."""
    import os

    from nictools.clock import TODAY_VARIABLE

    env = os.environ if environ is None else environ
    if given is not None:
        return parse_convening_date(given, "--date"), "--date"
    for variable in (TODAY_VARIABLE, "GIT_COMMITTER_DATE"):
        value = env.get(variable, "").strip()
        if value:
            return parse_convening_date(value, variable), variable
    return None, "now"


def _git_date(when: dt.datetime) -> str:
    """A datetime as git's raw date (`<seconds> <+hhmm>`), which every git reads alike."""
    offset = int((when.utcoffset() or dt.timedelta()).total_seconds() // 60)
    sign = "-" if offset < 0 else "+"
    return f"{int(when.timestamp())} {sign}{abs(offset) // 60:02d}{abs(offset) % 60:02d}"


def last_commit_by(git: Repository, when: dt.datetime) -> str | None:
    """The last first-parent commit of HEAD dated at or before `when` (None: none that early)."""
    chosen = None
    for entry in git.chain():
        if entry.date <= when:
            chosen = entry.id
    return chosen


def tag_convening(git: Repository, name: str, *, message: str | None = None, rev: str | None = None,
                  when: dt.datetime | None = None, find_commit: bool = False) -> Convening:
    """Make the tag `convening/NAME` on `rev` (default HEAD), dated `when` (default now); refuse a
    name already used.

    With `find_commit` (a `--date` typed after the fact) and no `rev`, the tag marks the last
    commit made by that date: the network as the convening saw it. A `rev` given with such a
    date that was committed after it is refused: a convening cannot have looked at later work.
    """
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
    if when is not None and find_commit and rev is None:
        found = last_commit_by(git, when)
        if found is None:
            first = git.chain()[0].date if git.chain() else None
            raise NicError(f"No commit was made by {when:%Y-%m-%d}, so there is nothing for the convening "
                           f"`{name}` to mark" + (f" (the first commit is dated {first:%Y-%m-%d})." if first else "."),
                           "Give a later --date, or commit the network's files first.")
        commit = found
    else:
        commit = git.resolve(rev or "HEAD")
        if when is not None and find_commit:
            made = git.date_of(commit)
            if made > when:
                raise NicError(f"The commit {commit[:8]} is dated {made:%Y-%m-%d}, after the convening's date "
                               f"({when:%Y-%m-%d}): a convening cannot have looked at work committed later.",
                               "Leave out --rev: nic then marks the last commit made by that date.")
    text = message or f"Convening {name}"
    env = {"GIT_COMMITTER_DATE": _git_date(when)} if when is not None else None
    try:
        run_git(git.top, "tag", "-a", "-m", text, "--end-of-options", PREFIX + name, commit, env=env)
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
