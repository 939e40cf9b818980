"""`History`: one network's history, opened once per command (`open_history`).

It owns the git layer and the blob cache, resolves what users type for `--as-of`,
`--since` and `--until` (a commit, a tag, a branch or a date) in one place, and collects
notes for the user (uncommitted changes, a shallow clone's starting point, a date after
today) that the CLI prints on stderr.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Callable

from nictools.clock import today
from nictools.errors import NicError
from nictools.history.blobs import BlobCache
from nictools.history.events import EventStream, read_events
from nictools.history.git import SHALLOW_FIX, Repository, open_repository
from nictools.history.snapshots import Snapshot, network_from, take_snapshot
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from nictools.history.arrivals import Arrivals
    from nictools.model.network import Network

Progress = Callable[[int, int], None]


class History:
    """The history of the network at `root`."""

    def __init__(self, root: Path, *, use_cache: bool = True) -> None:
        self.root = root
        self.repo: Repository = open_repository(root)
        self.cache = BlobCache(self.repo, use_disk=use_cache)
        self._notes: list[str] = []
        self._uncommitted: tuple[int, Callable[[], list[str]]] | None = None  # (where its note goes, the result)
        self.progress: Progress | None = None

    def __enter__(self) -> "History":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self._collect_uncommitted()
        self.repo.close()
        self.cache.close()

    # --- what users type -----------------------------------------------------------------

    def resolve(self, rev: str) -> str:
        return self.repo.resolve(rev)

    def resolve_as_of(self, value: str | None) -> tuple[str, dt.date]:
        """A commit and the date things are measured against (the date given, or the commit's day).

        A date before the first commit is an error that says which dates there are; a day more than
        a year after today (a date typed, or a commit whose clock was wrong) is measured as of today,
        with a note: nothing can be known about it, and counting weeks up to year 9999 helps no one.
        """
        if value is not None and not value.strip():
            raise NicError("--as-of is empty.", "Give a date (YYYY-MM-DD) or a revision (a commit, tag or branch).")
        if not value:
            commit = self.repo.resolve("HEAD")
            self.note_uncommitted()
            return commit, self._not_after_today(self.repo.date_of(commit).date(), "the last commit is dated")
        commit = self.repo.resolve(value)
        try:
            day = dt.date.fromisoformat(value.strip())
        except ValueError:
            return commit, self._not_after_today(self.repo.date_of(commit).date(), f"`{value.strip()}` is dated")
        return commit, self._not_after_today(day, "--as-of")

    def _not_after_today(self, day: dt.date, what: str) -> dt.date:
        now = today()
        if day <= now + dt.timedelta(days=366):
            return day
        note = f"{what} {day}, more than a year after today ({now}): nic measures as of today."
        if note not in self._notes:
            self._notes.append(note)
        return now

    def resolve_since(self, value: str | None) -> str | None:
        """The commit a window starts after (`--since`), or None for the whole history.

        A date means "from that day on": the window starts after the last commit dated before
        it (a date before the first commit is the whole history). A revision is that commit
        itself, which a shallow clone must hold.
        """
        if value is None:
            return None
        text = value.strip()
        if not text:
            raise NicError("--since is empty.", "Give a date (YYYY-MM-DD) or a revision (a commit, tag or branch).")
        try:
            day = dt.date.fromisoformat(text)
        except ValueError:
            commit = self.resolve(text)
            self.require_since(commit)
            return commit
        before = [e for e in self.repo.chain_near(day) if e.date.date() < day]
        if not before:
            if self.repo.shallow:
                self.require_since("")  # raises: the window starts before this clone's history
            return None
        return before[-1].id

    def resolve_until(self, value: str | None) -> str:
        """The commit a window ends at (`--until`; default the last commit, noting uncommitted changes)."""
        if value is None:
            self.note_uncommitted()
            return self.resolve("HEAD")
        if not value.strip():
            raise NicError("--until is empty.", "Give a date (YYYY-MM-DD) or a revision (a commit, tag or branch).")
        return self.resolve(value)

    @property
    def notes(self) -> list[str]:
        """Notes for the user, in the order they arose."""
        self._collect_uncommitted()
        return self._notes

    def note_uncommitted(self) -> None:
        """Note uncommitted changes: `git status` runs in the background while the history is read."""
        if self._uncommitted is None:
            self._uncommitted = (len(self._notes), self.repo.uncommitted_later())

    def _collect_uncommitted(self) -> None:
        if self._uncommitted is None:
            return
        where, result = self._uncommitted
        self._uncommitted = None
        changed = result()
        if changed:
            shown = ", ".join(changed[:3]) + (f" and {len(changed) - 3} more" if len(changed) > 3 else "")
            self._notes.insert(where, f"{len(changed)} uncommitted change(s) ({shown}) are not in the history; "
                               "commit them to include them.")

    def history_start(self) -> str:
        first = self.repo.chain()[0]
        return f"{first.date:%Y-%m-%d} ({first.id[:8]})"

    def note_shallow(self) -> None:
        if self.repo.shallow:
            self.notes.append(f"This clone is shallow: its history starts on {self.history_start()}; "
                              f"nothing older is shown. {SHALLOW_FIX}")

    def require_since(self, commit: str) -> None:
        """Stop (exit 2) when a window needs history older than a shallow clone holds."""
        if self.repo.shallow and commit not in {c.id for c in self.repo.chain()}:
            raise NicError(f"The start of this window is older than the history this shallow clone holds "
                           f"(it starts on {self.history_start()}).", SHALLOW_FIX)

    # --- reading ---------------------------------------------------------------------------

    def snapshot(self, commit: str) -> Snapshot:
        return take_snapshot(self.repo, self.cache, commit, self.progress)

    def network(self, commit: str) -> "Network":
        from nictools.load.network import collector_paused

        with collector_paused():
            network = network_from(self.snapshot(commit), self.root)
        network.revision = commit
        return network

    def arrivals(self, until: str = "HEAD") -> "Arrivals":
        """When each data row arrived (the commit that added it), for the files as they stand at `until`."""
        from nictools.history.arrivals import read_arrivals

        return read_arrivals(self.repo, self.cache, until)

    def events(self, until: str = "HEAD", since: str | None = None) -> EventStream:
        stream = read_events(self.repo, self.cache, until, since, self.progress)
        if stream.starts_at is not None:
            self.note_shallow()
        return stream


def open_history(root: Path, *, use_cache: bool = True) -> History:
    """The history of the network at `root` (a NicError, saying why, when there is none to read)."""
    return History(root, use_cache=use_cache)
