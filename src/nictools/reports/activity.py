"""When things happened, from the dates written in the files (and git, when it knows better).

A cycle carries its own dates (planned and actual start and end, when the plan was
recorded); a data file carries its periods. These are the report's clock when no
history is at hand; `Timeline.decided` can be overridden by the history engine with
the day a decision was committed.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from nictools.load.tables import DataTable
from nictools.model.network import Network, Record
from nictools.model.pdsa import Cycle, Scale
from nictools.reports.privacy import mask_count

Key = tuple[str, str]  # (site, cycle id)


def was_run(cycle: Cycle) -> bool:
    """Carried out (a `do` section), not only planned."""
    return cycle.do is not None


def scale_words(scale: Scale | None, threshold: int) -> str:
    """A cycle's scale in words for outputs that leave the network: the student count masked when small."""
    return scale.in_words(students=lambda n: mask_count(n, threshold)) if scale else ""


def scale_rank(scale: Scale | None) -> tuple[int, int, int, int]:
    """Orders scales: more sites, then teachers, classes, students is larger."""
    if scale is None:
        return (0, 0, 0, 0)
    return (scale.sites or 0, scale.teachers or 0, scale.classes or 0, scale.students or 0)


@dataclass
class Timeline:
    """Dates of cycles, as the files say (history may refine `decided`)."""

    network: Network
    as_of: dt.date
    decided: dict[Key, dt.date] = field(default_factory=dict)
    _by_site: dict[str | None, list[tuple[Key, Record[Cycle]]]] = field(default_factory=dict, repr=False)
    _by_idea: dict[tuple[str, str], list[Key]] | None = field(default=None, repr=False)
    _data_by_site: dict[str, list[tuple[str, DataTable]]] | None = field(default=None, repr=False)

    def cycles(self, site: str | None = None) -> list[tuple[Key, Record[Cycle]]]:
        """Cycles (of one site, or all), in date order, leaving out those starting after `as_of`."""
        if not self._by_site:
            everything = self._cycles()
            self._by_site[None] = everything
            for item in everything:
                self._by_site.setdefault(item[0][0], []).append(item)
        return list(self._by_site.get(site, []))

    def keys_with(self, site: str, idea: str) -> list[Key]:
        """The site's cycles (as `cycles(site)` lists them, in date order) that test `idea`.

        Indexed once: a report asks this for every site and change idea several times."""
        if self._by_idea is None:
            index: dict[tuple[str, str], list[Key]] = {}
            for key, record in self.cycles():
                for name in dict.fromkeys(record.model.change_ideas):
                    index.setdefault((key[0], name), []).append(key)
            self._by_idea = index
        return list(self._by_idea.get((site, idea), ()))

    def data_of(self, site: str) -> list[tuple[str, DataTable]]:
        """(measure id, data table) of every data file of the site, by measure id (indexed once)."""
        if self._data_by_site is None:
            index: dict[str, list[tuple[str, DataTable]]] = {}
            for (s, mid), table in sorted(self.network.data.items()):
                index.setdefault(s, []).append((mid, table))
            self._data_by_site = index
        return self._data_by_site.get(site, [])

    def _cycles(self) -> list[tuple[Key, Record[Cycle]]]:
        out = []
        for key, record in self.network.cycles.items():
            start = record.model.started_on
            if start and start > self.as_of and was_run(record.model):
                continue
            out.append((key, record))
        out.sort(key=lambda kr: (kr[1].model.started_on or dt.date.max, kr[0]))
        return out

    def decision_date(self, key: Key, cycle: Cycle) -> dt.date | None:
        if key in self.decided:
            return self.decided[key]
        if cycle.act is None:
            return None
        return cycle.ended_on

    def last_activity(self, site: str) -> dt.date | None:
        """The latest day anything happened at a site: a cycle date or a data period."""
        days: list[dt.date] = []
        for _, record in self.cycles(site):
            c = record.model
            for day in (c.plan.recorded_on, c.started_on if was_run(c) else None,
                        c.ended_on if c.do and c.do.actual_end else None):
                if day and day <= self.as_of:
                    days.append(day)
        for _, table in self.data_of(site):
            days.extend(r.period for r in table.rows if r.period and r.period <= self.as_of)
        for key, day in self.decided.items():
            if key[0] == site and day <= self.as_of:
                days.append(day)
        return max(days) if days else None


def school_weeks_between(start: dt.date, end: dt.date, breaks: list[tuple[dt.date, dt.date]]) -> int:
    """Whole weeks from `start` to `end` that are not school breaks (summer counts as weeks)."""
    if end <= start:
        return 0
    weeks = 0
    day = start + dt.timedelta(days=7)
    while day <= end:
        monday = day - dt.timedelta(days=day.weekday())
        if not any(b0 <= monday <= b1 for b0, b1 in breaks):
            weeks += 1
        day += dt.timedelta(days=7)
    return weeks


def expected_periods(first: dt.date, last: dt.date, frequency: str,
                     breaks: list[tuple[dt.date, dt.date]]) -> list[dt.date]:
    """The periods a data file should have between its first period and `last`."""
    out: list[dt.date] = []
    if frequency == "weekly":
        day = first
        while day <= last:
            if not any(b0 <= day <= b1 for b0, b1 in breaks):
                out.append(day)
            day += dt.timedelta(days=7)
    elif frequency == "daily":
        day = first
        while day <= last:
            if day.weekday() < 5 and not any(b0 <= day <= b1 for b0, b1 in breaks):
                out.append(day)
            day += dt.timedelta(days=1)
    else:
        months = {"monthly": 1, "quarterly": 3, "yearly": 12}.get(frequency, 1)
        year, month = first.year, first.month
        while True:
            day = dt.date(year, month, min(first.day, 28))
            if day > last:
                break
            out.append(day)
            month += months
            while month > 12:
                month -= 12
                year += 1
    return out
