"""Data files to series: the rows one chart analyses, for a site or the whole network.

A site's CSV becomes a :class:`Series` as it is (several rows may share a period: the
analysis groups them, so subgroups stay subgroups and numerators and denominators are
summed). The network aggregate is formed here, because only here is it known what adding
up means: numerators and denominators are summed per period (percentages are never
averaged), counts are summed, mean scores are weighted by their n. When the set of sites
reporting a period changes, the aggregate can move for that reason alone (one big site
missing a week makes a false shift), so every such period is recorded.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from nictools.load.tables import DataTable

FloatArray = NDArray[np.float64]


@dataclass(frozen=True, eq=False)
class Series:
    """One row per data row (periods as ``datetime64[D]``), ready for ``analyse``.

    ``y`` holds numerators for ratio data (``n`` the denominators), else the values;
    ``kind`` is the table's kind: ``ratio``, ``mean`` (value,n) or ``value``.
    """

    periods: NDArray[np.datetime64]
    y: FloatArray
    n: FloatArray | None
    kind: str

    def __len__(self) -> int:
        return int(self.periods.size)

    def unique_periods(self) -> NDArray[np.datetime64]:
        return np.unique(self.periods)

    @property
    def has_subgroups(self) -> bool:
        """True when some period has more than one row (X-bar and S charts need that)."""
        return bool(self.periods.size) and np.unique(self.periods).size < self.periods.size


def _nan(v: float | None) -> float:
    return np.nan if v is None else float(v)


def series_from_table(table: DataTable, *, as_of: dt.date | None = None, stratum: str | None = None) -> Series:
    """The rows of one data file that have a period (rows without one were reported).

    Only the whole group's rows (no `stratum`), or one stratum's; periods after `as_of`
    are left out.
    """
    rows = [r for r in table.rows if r.period is not None and r.stratum == stratum
            and (as_of is None or r.period <= as_of)]
    periods = np.array([r.period for r in rows], dtype="datetime64[D]")
    if table.kind == "ratio":
        y = np.array([_nan(r.numerator) for r in rows], dtype=np.float64)
        n = np.array([_nan(r.denominator) for r in rows], dtype=np.float64)
        return Series(periods, y, n, "ratio")
    y = np.array([_nan(r.value) for r in rows], dtype=np.float64)
    return Series(periods, y, None, table.kind)


@dataclass(frozen=True)
class ReportingChange:
    """A period whose set of reporting sites differs from the period before."""

    period: dt.date
    missing: tuple[str, ...]  # reported the period before, not this one
    joined: tuple[str, ...]  # report this period, not the one before
    reporting: int  # how many sites report this period

    def describe(self) -> str:
        parts = []
        if self.missing:
            parts.append(f"{', '.join(self.missing)} did not report")
        if self.joined:
            parts.append(f"{', '.join(self.joined)} reported again or for the first time")
        return (f"{self.period.isoformat()}: {'; '.join(parts)} ({self.reporting} sites reporting), "
                "so the aggregate may move for that reason alone")


@dataclass(frozen=True, eq=False)
class NetworkSeries:
    """The network aggregate: one row per period, and where the reporting sites changed."""

    series: Series
    sites: tuple[str, ...]
    reporting_changes: tuple[ReportingChange, ...]
    notices: tuple[str, ...]


def _site_periods(table: DataTable, how: str, as_of: dt.date | None) -> dict[dt.date, tuple[float, float]]:
    """Per period of one site: (sum of numerators or values, sum of denominators or n)."""
    out: dict[dt.date, tuple[float, float]] = {}
    for r in table.rows:
        if r.period is None or r.stratum is not None or (as_of is not None and r.period > as_of):
            continue
        if how == "ratio":
            if r.numerator is None or r.denominator is None:
                continue
            a, b = r.numerator, r.denominator
        elif how == "weighted":
            if r.value is None or r.n is None:
                continue
            a, b = r.value * r.n, r.n
        else:  # "sum" or "mean": values, counted
            if r.value is None:
                continue
            a, b = r.value, 1.0
        s, t = out.get(r.period, (0.0, 0.0))
        out[r.period] = (s + a, t + b)
    return out


def network_series(tables: Mapping[str, DataTable], calculation: str, *,
                   as_of: dt.date | None = None) -> NetworkSeries:
    """Aggregate the sites' data per period, the way the measure's calculation adds up.

    ``calculation`` is the measure's (count, proportion, rate, mean). Proportions and
    rates need numerator,denominator files; counts are summed; means are weighted by
    their n (value,n files) or, without n, averaged over sites with a notice.
    """
    notices: list[str] = []
    kinds = {site: t.kind for site, t in tables.items()}
    if calculation in ("proportion", "rate"):
        how = "ratio"
    elif calculation == "count":
        how = "ratio" if all(k == "ratio" for k in kinds.values()) else "sum"
    elif all(k == "mean" for k in kinds.values()):
        how = "weighted"
    else:
        how = "mean"
        notices.append("some sites give no n with their values, so the network value is the "
                       "plain mean over the sites reporting each period")
    per_site: dict[str, dict[dt.date, tuple[float, float]]] = {}
    for site, table in sorted(tables.items()):
        wanted = "ratio" if how == "ratio" else ("weighted" if how == "weighted" else "value")
        if (wanted == "ratio") != (table.kind == "ratio") or (wanted == "weighted" and table.kind != "mean"):
            notices.append(f"{table.path} has columns {','.join(table.columns)}, which do not fit a "
                           f"{calculation} measure; the site is left out of the aggregate")
            continue
        per_site[site] = _site_periods(table, how, as_of)
    periods = sorted({p for d in per_site.values() for p in d})
    ys: list[float] = []
    ns: list[float] = []
    changes: list[ReportingChange] = []
    before: set[str] | None = None
    for p in periods:
        now = {s for s, d in per_site.items() if p in d}
        a = sum(per_site[s][p][0] for s in now)
        b = sum(per_site[s][p][1] for s in now)
        if how == "ratio":
            ys.append(a)
            ns.append(b)
        elif how == "sum":
            ys.append(a)
        else:
            ys.append(a / b if b else np.nan)
        if before is not None and now != before:
            changes.append(ReportingChange(p, tuple(sorted(before - now)), tuple(sorted(now - before)), len(now)))
        before = now
    series = Series(
        np.array(periods, dtype="datetime64[D]"),
        np.array(ys, dtype=np.float64),
        np.array(ns, dtype=np.float64) if how == "ratio" else None,
        "ratio" if how == "ratio" else ("mean" if how == "weighted" else "value"),
    )
    return NetworkSeries(series, tuple(sorted(per_site)), tuple(changes), tuple(notices))
