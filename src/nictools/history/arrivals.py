"""When each data row arrived: the commit that added it, walking the first-parent history.

A row is one period of one data file (`sites/S/data/M.csv`). Its arrival is the date of
the first commit whose version of the file holds that period; a row edited later keeps
its arrival, a row removed and added again arrives again. The oldest commit of a shallow
clone is a snapshot: the rows it holds arrived "by then" (marked `before`).

"Since the last convening" counts the rows that arrived after the convening's date: data
published after a convening belongs to the next window whatever period it is for, so a
monthly measure published with a lag is never lost between two windows.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from nictools.history.blobs import BlobCache, classify
from nictools.history.git import Repository


@dataclass(frozen=True)
class Arrival:
    site: str
    measure: str
    period: str  # as written in the file (ISO date)
    date: dt.datetime  # the commit's date
    commit: str
    before: bool = False  # held by a shallow clone's first commit: arrived on or before `date`


@dataclass
class Arrivals:
    """Every row's arrival, by (site, measure) then period."""

    rows: dict[tuple[str, str], dict[str, Arrival]] = field(default_factory=dict)

    def after(self, when: dt.datetime | None, until: dt.datetime | None = None) -> list[Arrival]:
        """The rows that arrived after `when` (all of them when None), up to `until`."""
        out = []
        for per_period in self.rows.values():
            for arrival in per_period.values():
                if (when is None or arrival.date > when) and (until is None or arrival.date <= until):
                    out.append(arrival)
        out.sort(key=lambda a: (a.date, a.site, a.measure, a.period))
        return out

    def of(self, site: str, measure: str) -> dict[str, Arrival]:
        return self.rows.get((site, measure), {})


def _periods(lines: tuple[str, ...]) -> set[str]:
    return {line.partition(",")[0].strip().strip('"') for line in lines if line.strip()}


def read_arrivals(repo: Repository, cache: BlobCache, until: str = "HEAD") -> Arrivals:
    """The arrival of every data row in the files as they stand at `until`."""
    commits = repo.log(until)
    blobs = [c for commit in commits for change in commit.changes
             if (w := classify(change.path)) and w[0] == "data" for c in (change.old, change.new) if c]
    lines = cache.data_lines(blobs)
    found = Arrivals()
    for commit in commits:
        for change in commit.changes:
            where = classify(change.path)
            if not where or where[0] != "data":
                continue
            site = where[1] or ""
            measure = change.path.rsplit("/", 1)[-1].rsplit(".", 1)[0]
            key = (site, measure)
            new = _periods(lines.get(change.new, ())) if change.new else set()
            slot = found.rows.setdefault(key, {})
            for period in list(slot):
                if period not in new:
                    del slot[period]
            for period in sorted(new - set(slot)):
                slot[period] = Arrival(site, measure, period, commit.date, commit.id, commit.boundary)
            if not slot:
                found.rows.pop(key, None)
    return found
