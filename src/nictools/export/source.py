"""What an export reads: the network (now, or at a past date or revision) and its history's events.

Without `--as-of` the working tree is exported (uncommitted edits included) and the
events run up to the last commit. With `--as-of` the network is rebuilt from git as
it stood at that revision (a date means the last commit on or before it), exactly as
`nic status --as-of` does, and the events stop there. A folder that is not a git
repository exports without events, with a note; `--as-of` then cannot be answered.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

from nictools.errors import NicError
from nictools.model.network import Network

Progress = Callable[[str], None]


@dataclass
class Source:
    network: Network
    as_of_date: dt.date
    revision: str  # a commit id, or "working tree"
    events: list[Any] | None  # None: no git history
    decided: dict[tuple[str, str], dt.date] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    load_errors: int = 0

    @property
    def has_history(self) -> bool:
        return self.events is not None


def threshold_of(network: Network, small_cell: int | None) -> int:
    """The small-cell threshold: the option, else the network's setting (as the report does)."""
    if small_cell is not None:
        return small_cell
    return network.config.model.settings.small_cell_threshold if network.config else 10


def decision_dates(events: list[Any]) -> dict[tuple[str, str], dt.date]:
    """(site, cycle) -> the day its current decision was committed (the last decision event)."""
    out: dict[tuple[str, str], dt.date] = {}
    for ev in events:
        kind, site, ident = ev.key
        if kind == "pdsa" and ev.kind == "decision":
            out[(site, ident)] = ev.date.date()
    return out


def read_source(root: Path, as_of: str | None = None, *, with_events: bool = True,
                progress: Progress | None = None) -> Source:
    """The network to export and, when the folder is in git, its events up to the as-of revision."""
    from nictools.history.session import open_history

    say = progress or (lambda _text: None)
    try:
        history, why_not = open_history(root), None
    except NicError as exc:
        history, why_not = None, exc.message
    try:
        return _read(root, as_of, history, why_not, with_events, say)
    finally:
        if history is not None:
            history.close()


def _read(root: Path, as_of: str | None, history: Any, why_not: str | None, with_events: bool,
          say: Progress) -> Source:
    from nictools.load.network import load_network
    from nictools.clock import today

    if as_of is not None and not as_of.strip():
        raise NicError("--as-of is empty.", "Give a date (YYYY-MM-DD) or a revision (a commit, tag or branch).")
    notes: list[str] = []
    if as_of:
        if history is None:
            raise NicError(f"--as-of `{as_of}` needs the network's git history: {why_not}",
                           "Run nic export without --as-of, or in a clone of the network's "
                           "repository.")
        commit, day = history.resolve_as_of(as_of.strip())
        say(f"rebuilding the network as of {commit[:8]}")
        network = history.network(commit)
        revision, errors = commit, 0
    else:
        say("reading the network")
        network, problems = load_network(root)
        errors = sum(1 for p in problems if getattr(p.severity, "value", str(p.severity)) == "error")
        if errors:
            notes.append(f"{errors} problem(s) in the network's files: artifacts that failed to load are left out "
                         "of the export. Run `nic validate` to see them.")
        revision, commit, day = "working tree", None, today()
        if history is not None:
            try:
                commit = history.resolve("HEAD")
            except NicError as exc:  # a repository with no commit yet
                history, why_not = None, exc.message  # read_source closes it
            else:  # the tables are the files on disk; only the events come from commits
                changed = history.repo.uncommitted()
                if changed:
                    notes.append(f"{len(changed)} uncommitted change(s) are in the tables but not in the events "
                                 "table, which is read from the commits.")
    events: list[Any] | None = None
    decided: dict[tuple[str, str], dt.date] = {}
    if history is not None and with_events:
        say("reading the history")
        events = history.events(until=commit or "HEAD").events
        decided = decision_dates(events)
        notes.extend(history.notes)
    elif history is None:
        notes.append(f"Exported without the events table: {why_not} The other tables come from the files.")
    return Source(network, day, revision, events, decided, notes, errors)
