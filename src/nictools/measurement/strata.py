"""Strata: a measure's rows for groups of students, charted beside the whole, and their gaps.

A data file may carry rows for equity strata (the `stratum` column: "English learners")
beside the whole group's rows (no stratum). Each stratum is its own series, analysed
exactly as the whole is (the same chart type, rules, baseline, phases), and its verdict
is a :class:`StratumAssessment`: a separately named object, never the site's
``assessment`` (which is always the whole group's).

The **gap** of a stratum is the rest of the students (the whole less the stratum)
minus the stratum, signed so that a positive gap means the stratum is behind
(for a measure whose improvement is down, the stratum minus the rest). It is charted
as its own series, an I chart whose improvement is down.

The aim's ``equity`` block promises to close a share of each stratum's gap by a date.
The **baseline gap** is pooled over the aim's baseline period (else the chart's first
baseline points); the **target gap** is the baseline gap times (1 - close). On a
stratum's chart the goal line is the whole group's goal (the aim's target) less the
target gap; on the gap's chart it is the target gap itself. docs/practice.md, "Strata".
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass
from typing import Any

import numpy as np

from nictools.errors import NicError
from nictools.load.tables import DataTable
from nictools.measurement.assessment import Assessment, Baseline, _iso, _number
from nictools.measurement.charts import (ChartOptions, MeasureChart, PhaseMark, _goal, _table_for, baseline_points,
                                         definition_breaks, find_measure, find_site, measure_chart)
from nictools.measurement.series import Series, series_from_table
from nictools.model.aim import Aim, Equity
from nictools.model.measure import ChartSettings, Measure
from nictools.model.network import Network
from nictools.clock import today
from nictools.suggest import did_you_mean


@dataclass(frozen=True)
class StratumAssessment:
    """The verdict on one stratum of a measure at a site (``series`` "stratum"), or on its gap ("gap")."""

    site: str
    measure: str
    stratum: str
    series: str  # "stratum" or "gap"
    as_of: dt.date
    chart: str
    rules: str
    direction: str | None
    baseline: Baseline
    centre: float | None
    lcl: float | None
    ucl: float | None
    signal: str
    signal_since: dt.date | None
    words: str
    points: int
    last_period: dt.date | None
    goal: float | None = None  # the equity goal line (a stratum's value, or the target gap)

    @classmethod
    def of(cls, a: Assessment, stratum: str, series: str, goal: float | None) -> "StratumAssessment":
        words = a.words.replace(f" {a.proposal.sentence}", "") if a.proposal is not None else a.words
        return cls(site=a.site or "", measure=a.measure, stratum=stratum, series=series, as_of=a.as_of, chart=a.chart,
                   rules=a.rules, direction=a.direction, baseline=a.baseline, centre=a.centre, lcl=a.lcl, ucl=a.ucl,
                   signal=a.signal, signal_since=a.signal_since, words=words, points=a.points,
                   last_period=a.last_period, goal=goal)

    def to_json(self) -> dict[str, Any]:
        return {
            "site": self.site, "measure": self.measure, "stratum": self.stratum, "series": self.series,
            "as_of": self.as_of.isoformat(), "chart": self.chart, "rules": self.rules, "direction": self.direction,
            "baseline": self.baseline.to_json(), "centre": _number(self.centre), "lcl": _number(self.lcl),
            "ucl": _number(self.ucl), "signal": self.signal, "signal_since": _iso(self.signal_since),
            "points": self.points, "last_period": _iso(self.last_period), "goal": _number(self.goal),
            "words": self.words,
        }


@dataclass(frozen=True)
class EquityTarget:
    """The aim's equity promise for one stratum, in the measure's natural units."""

    stratum: str
    close: float
    by: dt.date
    baseline_gap: float | None  # rest minus stratum (signed: positive = the stratum is behind)
    target_gap: float | None
    goal: float | None  # the stratum's goal line
    aim: str
    aim_words: str = "the aim"  # "the network aim", "the lincoln aim"

    def words(self, percent: bool) -> str:
        if self.baseline_gap is None or self.target_gap is None:
            return f"{self.aim_words.capitalize()} promises to close {self.close:.0%} of the gap for {self.stratum} by {self.by}."
        fmt = (lambda v: f"{v * 100:.1f} points") if percent else (lambda v: f"{v:.3g}")
        return (f"{self.aim_words.capitalize()} promises to close {self.close:.0%} of the gap for {self.stratum} by {self.by}: "
                f"from {fmt(self.baseline_gap)} at baseline to {fmt(self.target_gap)}.")

    def to_json(self) -> dict[str, Any]:
        return {"stratum": self.stratum, "close": self.close, "by": self.by.isoformat(),
                "baseline_gap": _number(self.baseline_gap), "target_gap": _number(self.target_gap),
                "goal": _number(self.goal), "aim": self.aim}


@dataclass(frozen=True, eq=False)
class StrataCharts:
    """A measure at a site: the whole group's chart and one chart per stratum (one scale)."""

    measure: str
    site: str
    total: MeasureChart
    strata: tuple[MeasureChart, ...]
    equity: tuple[EquityTarget, ...] = ()
    place: str = ""  # the site's name

    def to_json(self) -> dict[str, Any]:
        return {"site": self.site, "measure": self.measure, "total": self.total.to_json_dict(),
                "strata": [c.to_json_dict() for c in self.strata], "equity": [e.to_json() for e in self.equity]}


def strata_in(table: DataTable, as_of: dt.date | None = None) -> list[str]:
    """The strata a data file has rows for (as written), in first-seen order."""
    seen: dict[str, None] = {}
    for r in table.rows:
        if r.stratum and r.period is not None and (as_of is None or r.period <= as_of):
            seen.setdefault(r.stratum, None)
    return list(seen)


def equity_aim(network: Network, measure: Measure, site: str) -> Aim | None:
    """The aim whose equity promise covers the measure at the site: the site's aim, else the network's."""
    aims = [r.model for r in network.aims.values() if r.model.outcome_measure == measure.id and r.model.equity]
    return next((a for a in aims if a.site == site), None) or next((a for a in aims if a.site is None), None)


def _same(a: str, b: str) -> bool:
    return " ".join(a.split()).casefold() == " ".join(b.split()).casefold()


def _ordered(strata: list[str], equity: Equity | None) -> list[str]:
    promised = [s for e in (equity.strata if equity else []) for s in strata if _same(s, e)]
    return promised + sorted(s for s in strata if s not in promised)


def _sums(table: DataTable, stratum: str | None, as_of: dt.date) -> dict[dt.date, tuple[float, float]]:
    """Per period: (numerator, denominator) of a ratio file, or (value x n, n) of a value,n file."""
    out: dict[dt.date, tuple[float, float]] = {}
    for r in table.rows:
        if r.period is None or r.period > as_of or r.stratum != stratum:
            continue
        if table.kind == "ratio":
            if r.numerator is None or r.denominator is None or r.denominator <= 0:
                continue
            a, b = r.numerator, r.denominator
        elif table.kind == "mean":
            if r.value is None or r.n is None or r.n <= 0:
                continue
            a, b = r.value * r.n, r.n
        else:
            continue
        s, t = out.get(r.period, (0.0, 0.0))
        out[r.period] = (s + a, t + b)
    return out


def _gap_by_period(table: DataTable, stratum: str, direction: str, as_of: dt.date
                   ) -> tuple[dict[dt.date, tuple[float, float, float, float]], str | None]:
    """Per period: (stratum a, stratum b, rest a, rest b); or why the gap cannot be formed."""
    if table.kind == "value":
        return {}, (f"{table.path} gives values without their n, so the rest of the students (the whole less "
                    "the stratum) cannot be formed")
    whole, part = _sums(table, None, as_of), _sums(table, stratum, as_of)
    out = {}
    for day, (sa, sb) in part.items():
        if day in whole and whole[day][1] > sb:
            out[day] = (sa, sb, whole[day][0] - sa, whole[day][1] - sb)
    return out, None


def _signed_gap(rows: dict[dt.date, tuple[float, float, float, float]], direction: str,
                days: list[dt.date] | None = None) -> float | None:
    """The gap pooled over `days` (all when None): rest minus stratum, or the reverse when down is better."""
    picked = [rows[d] for d in (days if days is not None else rows) if d in rows]
    if not picked:
        return None
    sa, sb, ra, rb = (sum(x[i] for x in picked) for i in range(4))
    gap = ra / rb - sa / sb
    return gap if direction == "up" else -gap


def _baseline_days(rows: dict[dt.date, Any], aim: Aim | None, points: int) -> list[dt.date]:
    days = sorted(rows)
    base = aim.baseline if aim is not None else None
    if base is not None and base.start and base.end:
        inside = [d for d in days if base.start <= d <= base.end]
        if inside:
            return inside
    return days[:points]


def equity_targets(network: Network, measure: Measure, site: str, table: DataTable, strata: list[str],
                   as_of: dt.date) -> tuple[EquityTarget, ...]:
    aim = equity_aim(network, measure, site)
    if aim is None or aim.equity is None:
        return ()
    whole_goal = _goal(network, measure, site)
    out = []
    for name in aim.equity.strata:
        stratum = next((s for s in strata if _same(s, name)), None)
        if stratum is None:
            continue
        rows, _ = _gap_by_period(table, stratum, measure.direction, as_of)
        baseline = _signed_gap(rows, measure.direction, _baseline_days(rows, aim, baseline_points(network, measure)))
        target = baseline * (1 - aim.equity.close) if baseline is not None else None
        goal = None
        if target is not None and whole_goal is not None:
            goal = whole_goal - target if measure.direction == "up" else whole_goal + target
        words = "the network aim" if aim.site is None else f"the {aim.site} aim"
        out.append(EquityTarget(stratum, aim.equity.close, aim.equity.by, baseline, target, goal, aim.id, words))
    return tuple(out)


def _phases(network: Network, measure: Measure, site: str, options: ChartOptions) -> list[PhaseMark]:
    model = network.sites[site].model
    phases = [PhaseMark(p.start, p.reason, "phase") for p in model.phases if p.measure == measure.id]
    phases += definition_breaks(network, measure)
    return phases + [PhaseMark(d, "new part (--split)", "split") for d in options.splits]


def _stratum_chart(network: Network, measure: Measure, series: Series, *, site: str, stratum: str, kind: str,
                   options: ChartOptions, as_of: dt.date, goal: float | None, where: str) -> MeasureChart:
    chart = measure_chart(network, measure, series, site=site, place=stratum, options=options, as_of=as_of,
                          phases=_phases(network, measure, site, options), where=where, notices=[])
    assert chart.assessment is not None
    verdict = StratumAssessment.of(chart.assessment, stratum, kind, goal)
    title = f"{measure.id}: {measure.title}"
    return dataclasses.replace(chart, assessment=None, stratum_assessment=verdict, goal=goal, title=title)


def _check_scope(network: Network, measure_id: str, site: str) -> tuple[Measure, DataTable]:
    measure = find_measure(network, measure_id)
    find_site(network, site)
    return measure, _table_for(network, measure_id, site)


def chart_strata(network: Network, measure_id: str, site: str, options: ChartOptions,
                 as_of: dt.date | None = None, total: MeasureChart | None = None) -> StrataCharts:
    """``nic chart MEASURE --site S --strata``: the whole group's chart beside each stratum's."""
    from nictools.measurement.charts import chart_site

    measure, table = _check_scope(network, measure_id, site)
    day = as_of or today()
    strata = strata_in(table, day)
    if not strata:
        raise NicError(f"{table.path} has no stratum rows, so there are no strata to chart.",
                       "Strata are rows with a `stratum` column (e.g. `English learners`) beside the whole group's "
                       "rows (stratum empty); docs/format.md, 'Data files'.")
    whole = total or chart_site(network, measure_id, site, options, day)
    aim = equity_aim(network, measure, site)
    targets = equity_targets(network, measure, site, table, strata, day)
    charts = []
    for stratum in _ordered(strata, aim.equity if aim else None):
        series = series_from_table(table, as_of=day, stratum=stratum)
        if not len(series):
            continue
        goal = next((t.goal for t in targets if t.stratum == stratum), None)
        charts.append(_stratum_chart(network, measure, series, site=site, stratum=stratum, kind="stratum",
                                     options=options, as_of=day, goal=goal,
                                     where=f"{table.path} (stratum {stratum})"))
    whole = dataclasses.replace(whole, place="All students")
    return StrataCharts(measure.id, site, whole, tuple(charts), targets, network.sites[site].model.name)


def chart_gap(network: Network, measure_id: str, site: str, stratum: str, options: ChartOptions,
              as_of: dt.date | None = None) -> MeasureChart:
    """``nic chart MEASURE --site S --gap STRATUM``: the gap between a stratum and the rest, as its own series."""
    measure, table = _check_scope(network, measure_id, site)
    day = as_of or today()
    strata = strata_in(table, day)
    found = next((s for s in strata if _same(s, stratum)), None)
    if found is None:
        raise NicError(f"{table.path} has no rows for the stratum `{stratum}`.",
                       did_you_mean(stratum, strata) + (f"Its strata: {', '.join(strata)}." if strata else
                                                        "It has no stratum rows."))
    rows, why = _gap_by_period(table, found, measure.direction, day)
    if why:
        raise NicError(f"The gap for {found} cannot be charted: {why}.",
                       "Give the data as `numerator,denominator` or `value,n` rows.")
    if not rows:
        raise NicError(f"No period has rows for both {found} and the whole group in {table.path}.")
    days = sorted(rows)
    values = [_signed_gap(rows, measure.direction, [d]) for d in days]
    series = Series(np.array(days, dtype="datetime64[D]"), np.array(values, dtype=np.float64), None, "value")
    targets = equity_targets(network, measure, site, table, strata, day)
    target = next((t for t in targets if t.stratum == found), None)
    percent = measure.calculation == "proportion"
    gap_measure = measure.model_copy(update={
        "title": f"Gap: {found} behind the rest of the students", "calculation": "mean",
        "direction": "down", "multiply": 100.0 if percent else measure.multiply, "goal": None,
        "unit": "gap (percentage points)" if percent else f"gap ({measure.unit})",
        "chart": ChartSettings(type="i", rules=measure.chart.rules, baseline_points=measure.chart.baseline_points,
                               baseline_until=measure.chart.baseline_until),
        "versions": measure.versions,
    })
    chart = _stratum_chart(network, gap_measure, series, site=site, stratum=found, kind="gap", options=options,
                           as_of=day, goal=target.target_gap if target else None,
                           where=f"the gap for {found} in {table.path}")
    notices = list(chart.notices)
    if target is not None:
        notices.append(target.words(percent))
    place = f"{network.sites[site].model.name}: {found} against the rest"
    return dataclasses.replace(chart, title=f"{measure.id} gap: {found}", place=place, notices=tuple(notices))


__all__ = ["EquityTarget", "StrataCharts", "StratumAssessment", "chart_gap", "chart_strata", "equity_aim",
           "equity_targets", "strata_in"]
