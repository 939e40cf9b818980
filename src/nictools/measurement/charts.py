"""A measure's chart at a site, across sites or for the network: numbers plus what they mean.

:class:`MeasureChart` is what ``nic chart`` prints and draws: the analysis
(:class:`~nictools.analysis.spc.ChartResult`) and the annotations a coach needs to read
it: title and unit, the direction of improvement, phases with their reasons (a change
adopted at the site, or a new definition of the measure), the frozen baseline, the
site's PDSA cycles (which change idea, when, at what scale) and the goal line.

The measure declares its chart type, rule set and baseline once, so every chart of it
agrees; command-line options override them for one look.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from nictools.errors import NicError
from nictools.load.tables import DataTable
from nictools.measurement.series import ReportingChange, Series, network_series, series_from_table
from nictools.model.measure import Measure
from nictools.model.network import Network
from nictools.model.pdsa import Cycle, Scale
from nictools.suggest import did_you_mean

CHART_NAMES = {
    "run": "run chart", "i": "I chart (individuals)", "mr": "moving-range chart",
    "xbar": "X-bar chart", "s": "S chart", "t": "T chart (time between events)",
    "p": "P chart (proportions)", "pp": "Laney P′ chart", "c": "C chart (counts)",
    "u": "U chart (rates)", "up": "Laney U′ chart", "g": "G chart (opportunities between events)",
    "ip": "I′ chart",
}
RULE_NAMES = {"anhoej": "Anhøj rules", "ihi": "IHI rules"}
_NEEDS_DENOMINATOR = ("p", "pp", "u", "up")
_SUBGROUP_CHARTS = ("xbar", "s")


@dataclass(frozen=True)
class ChartOptions:
    """What the command line asks for; None means "as the measure declares"."""

    chart: str | None = None
    rules: str | None = None
    freeze: int | None = None
    baseline_until: dt.date | None = None
    splits: tuple[dt.date, ...] = ()
    exclude: tuple[dt.date, ...] = ()
    screen_mr: bool = True
    sigma: float = 3.0
    agg: str = "mean"


@dataclass(frozen=True)
class PhaseMark:
    """The first period of a new part and why it began."""

    start: dt.date
    reason: str
    source: str  # "phase" (site.yaml), "definition" (measure versions) or "split" (--split)


@dataclass(frozen=True)
class CycleMark:
    """A PDSA cycle on the time axis: which change idea, when, at what scale."""

    date: dt.date
    cycle: str
    change_ideas: tuple[str, ...]
    scale: str

    @property
    def label(self) -> str:
        ideas = ",".join(self.change_ideas)
        text = f"{self.cycle} {ideas}".strip()
        return f"{text} · {self.scale}" if self.scale else text


@dataclass(frozen=True, eq=False)
class MeasureChart:
    """One chart: the analysis and its annotations (values in natural units)."""

    result: Any  # nictools.analysis.spc.ChartResult (numpy is imported lazily)
    title: str
    place: str  # the site's name, "All sites (n)" or the data file
    site: str | None  # site id; None for a data file or the network aggregate
    unit: str  # the y axis label, in display units
    display_scale: float  # 100 shows proportions as percent
    direction: str | None  # "up" or "down": which way is improvement
    phases: tuple[PhaseMark, ...] = ()
    cycles: tuple[CycleMark, ...] = ()
    goal: float | None = None
    baseline_until: dt.date | None = None  # the last baseline period when limits are frozen
    reporting_changes: tuple[ReportingChange, ...] = ()
    notices: tuple[str, ...] = ()
    percent: bool = False  # display values as percent

    @property
    def subtitle(self) -> str:
        r = self.result
        return f"{self.place} · {CHART_NAMES.get(r.chart, r.chart)} · {RULE_NAMES.get(r.rules, r.rules)}"

    def dates(self) -> list[dt.date]:
        return [p.item() if isinstance(p, np.generic) else p for p in self.result.periods]

    def to_json_dict(self) -> dict[str, Any]:
        """The ``--format json`` contract (periods as ISO dates)."""
        d = self.result.to_json_dict()
        for point in d["points"]:
            if isinstance(point["period"], dt.date):
                point["period"] = point["period"].isoformat()
        return d


# --- from a series to an analysis ---------------------------------------------------------


def _as_date(p: Any) -> dt.date:
    return p.item() if isinstance(p, np.generic) else p


def _nearest(periods: Sequence[dt.date], wanted: dt.date) -> str:
    if not periods:
        return ""
    best = min(periods, key=lambda p: abs((p - wanted).days))
    return f"The nearest period in the data is {best.isoformat()}."


def analyse_series(
    series: Series,
    options: ChartOptions,
    *,
    chart: str,
    rules: str,
    baseline_until: dt.date | None = None,
    phases: Sequence[PhaseMark] = (),
    where: str = "the data",
) -> tuple[Any, tuple[PhaseMark, ...], dt.date | None, list[str]]:
    """Run the analysis with dates turned into positions; returns (result, parts, freeze date, notices).

    Phases and splits start at the first period on or after their date (a phase dated
    before the first period or after the last one is noted and left out); the baseline
    holds the periods up to and including its date; excluded periods must be in the data.
    """
    from nictools.analysis.spc import analyse

    notices: list[str] = []
    periods = [_as_date(p) for p in series.unique_periods()]
    if not periods:
        raise NicError(f"{where} has no rows with a period, so there is nothing to chart.",
                       "Add rows such as `2025-09-01,80,100` under the header.")
    if chart in _NEEDS_DENOMINATOR and series.n is None:
        raise NicError(f"A {CHART_NAMES[chart]} needs numerators and denominators, but {where} has no "
                       "`numerator,denominator` columns.",
                       "Give the data as `period,numerator,denominator`, or choose a chart for values "
                       "(--type run, i or c).")
    pos_of = {p: i for i, p in enumerate(periods)}
    dates = np.array(periods, dtype="datetime64[D]")

    kept: dict[int, PhaseMark] = {}
    for mark in sorted(phases, key=lambda m: m.start):
        i = int(np.searchsorted(dates, np.datetime64(mark.start, "D"), side="left"))
        if i == 0 or i >= len(periods):
            if mark.source != "definition" or i >= len(periods):
                notices.append(f"the {mark.source} starting {mark.start.isoformat()} "
                               f"({mark.reason}) is outside the data ({periods[0].isoformat()} to "
                               f"{periods[-1].isoformat()}), so it starts no new part")
            continue
        start = periods[i]
        if i in kept:
            kept[i] = PhaseMark(start, f"{kept[i].reason}; {mark.reason}", kept[i].source)
        else:
            kept[i] = PhaseMark(start, mark.reason, mark.source)
    parts = tuple(kept[i] for i in sorted(kept))

    freeze = options.freeze
    freeze_date: dt.date | None = None
    until = options.baseline_until or (baseline_until if freeze is None else None)
    if until is not None:
        freeze = int(np.searchsorted(dates, np.datetime64(until, "D"), side="right"))
        if freeze == 0:
            notices.append(f"the baseline ends {until.isoformat()}, before the first period "
                           f"({periods[0].isoformat()}); the limits use all the data")
            freeze = None
    if freeze is not None:
        if freeze < 1:
            raise NicError("--freeze is the number of baseline points and must be at least 1.")
        freeze = min(freeze, len(periods))
        freeze_date = periods[freeze - 1]

    exclude: list[int] = []
    for d in options.exclude:
        if d not in pos_of:
            raise NicError(f"--exclude {d.isoformat()}: there is no such period in {where}.",
                           _nearest(periods, d))
        exclude.append(pos_of[d])

    try:
        result = analyse(
            series.periods, series.y, series.n, chart=chart, agg=options.agg,  # type: ignore[arg-type]
            splits=sorted(kept), freeze=freeze, exclude=exclude, rules=rules,  # type: ignore[arg-type]
            screen_mr=options.screen_mr, sigma=options.sigma,
        )
    except ValueError as exc:
        raise NicError(f"{where} cannot be charted as a {CHART_NAMES.get(chart, chart)}: {exc}.") from None
    if parts and freeze_date is not None:
        freeze_date = None  # the analysis says the freeze was ignored (one of its notices)
    return result, parts, freeze_date, notices + [n for n in result.notices]


# --- a data file outside a network ----------------------------------------------------------


def chart_table(table: DataTable, options: ChartOptions) -> MeasureChart:
    """``nic chart --data FILE``: any CSV in the data format, no network needed."""
    series = series_from_table(table)
    chart = options.chart or "run"
    rules = options.rules or "anhoej"
    phases = [PhaseMark(d, "new part (--split)", "split") for d in options.splits]
    result, parts, freeze_date, notices = analyse_series(
        series, options, chart=chart, rules=rules, phases=phases, where=table.path)
    percent = chart in ("p", "pp")
    unit = {"p": "percent", "pp": "percent", "c": "count", "u": "rate", "up": "rate",
            "xbar": "subgroup mean", "s": "subgroup standard deviation", "mr": "moving range",
            "t": "time between events", "g": "opportunities between events"}.get(chart, "value")
    return MeasureChart(result, title=table.path.rsplit("/", 1)[-1], place=table.path, site=None, unit=unit,
                        display_scale=100.0 if percent else 1.0, direction=None, phases=parts,
                        baseline_until=freeze_date, notices=tuple(notices), percent=percent)


# --- a measure in the network ---------------------------------------------------------------


def find_measure(network: Network, measure_id: str) -> Measure:
    record = network.measures.get(measure_id)
    if record is None and ("measure", measure_id) in network.broken:
        raise NicError(f"The file of measure `{measure_id}` has problems, so it cannot be charted yet.",
                       "Run `nic validate measures/` and fix what it says.")
    if record is None:
        known = sorted(network.measures)
        raise NicError(f"There is no measure `{measure_id}` in this network.",
                       did_you_mean(measure_id, known) + (f"Measures: {', '.join(known)}." if known else
                                                          "Add one under measures/."))
    return record.model


def find_site(network: Network, site_id: str) -> None:
    if site_id not in network.sites and ("site", site_id) in network.broken:
        raise NicError(f"sites/{site_id}/site.yaml has problems, so site `{site_id}` cannot be charted yet.",
                       f"Run `nic validate sites/{site_id}` and fix what it says.")
    if site_id not in network.sites:
        known = sorted(network.sites)
        raise NicError(f"There is no site `{site_id}` in this network.",
                       did_you_mean(site_id, known) + (f"Sites: {', '.join(known)}." if known else ""))


def _display(measure: Measure, chart: str) -> tuple[float, str, bool]:
    """(scale, y axis label, percent?) for a measure: proportions as percent, rates per multiply."""
    unit = measure.unit
    if chart in ("mr", "s"):
        return 1.0, ("moving range of " if chart == "mr" else "standard deviation of ") + unit, False
    if measure.calculation == "proportion" and chart not in ("c", "g", "t"):
        label = unit
        for word in ("proportion", "share", "fraction"):
            if label.lower().startswith(word):
                label = "percent" + label[len(word):]
                break
        else:
            if "percent" not in label.lower() and "%" not in label:
                label = f"{label} (%)"
        return 100.0, label, True
    return float(measure.multiply or 1.0), unit, False


def _goal(network: Network, measure: Measure, site: str | None) -> float | None:
    """The measure's goal, else the target of the aim (the site's, then the network's) it measures."""
    if measure.goal is not None:
        return measure.goal
    aims = [r.model for r in network.aims.values() if r.model.outcome_measure == measure.id and r.model.target]
    for aim in aims:
        if site is not None and aim.site == site:
            return aim.target.value  # type: ignore[union-attr]
    for aim in aims:
        if aim.site is None:
            return aim.target.value  # type: ignore[union-attr]
    return None


def describe_scale(scale: Scale | None) -> str:
    """The widest unit of a test's scale, in words: "1 class", "10 teachers", "3 sites"."""
    if scale is None:
        return ""
    for name, one, many in (("sites", "site", "sites"), ("classes", "class", "classes"),
                            ("teachers", "teacher", "teachers"), ("students", "student", "students")):
        value = getattr(scale, name)
        if value:
            return f"{value} {one if value == 1 else many}"
    return ""


def cycle_marks(cycles: Sequence[Cycle], first: dt.date, last: dt.date) -> tuple[CycleMark, ...]:
    """The site's cycles that started within the chart's time span, in date order."""
    marks = []
    for c in cycles:
        start = (c.do.actual_start if c.do and c.do.actual_start else None) or c.plan.planned_start
        if start is None or not (first <= start <= last + dt.timedelta(days=6)):
            continue
        scale = c.plan.scale
        marks.append(CycleMark(start, c.id, tuple(c.change_ideas), describe_scale(scale)))
    return tuple(sorted(marks, key=lambda m: (m.date, m.cycle)))


def _chart_and_rules(measure: Measure, series: Series, options: ChartOptions) -> tuple[str, str, list[str]]:
    chart = options.chart or measure.chart.type
    notices: list[str] = []
    if options.chart is None and chart in _SUBGROUP_CHARTS and not series.has_subgroups:
        notices.append(f"{measure.id} declares an {CHART_NAMES[chart]}, but this data has one value per "
                       "period (no subgroups), so it is shown as an I chart")
        chart = "i"
    return chart, options.rules or measure.chart.rules, notices


def _definition_phases(measure: Measure) -> list[PhaseMark]:
    return [PhaseMark(v.since, f"new definition: {v.reason}", "definition") for v in measure.versions]


def _table_for(network: Network, measure_id: str, site: str) -> DataTable:
    table = network.data.get((site, measure_id))
    path = f"sites/{site}/data/{measure_id}.csv"
    problems = table.problems if table is not None else []
    if (table is None and path in network.files) or (problems and not any(r.period for r in table.rows)):
        first = f": {problems[0].message}" if problems else ""
        raise NicError(f"{path} has problems, so it cannot be charted{first}",
                       f"Run `nic validate {path}` and fix what it says.")
    if table is None:
        have = sorted(m for s, m in network.data if s == site)
        raise NicError(f"Site `{site}` has no data for {measure_id} (sites/{site}/data/{measure_id}.csv).",
                       did_you_mean(measure_id, have) + (f"Its data files: {', '.join(have)}." if have else
                                                         "Add the CSV, one row per period."))
    return table


def chart_site(network: Network, measure_id: str, site: str, options: ChartOptions) -> MeasureChart:
    """``nic chart MEASURE --site SITE``."""
    measure = find_measure(network, measure_id)
    find_site(network, site)
    table = _table_for(network, measure_id, site)
    series = series_from_table(table)
    chart, rules, notices = _chart_and_rules(measure, series, options)
    site_model = network.sites[site].model
    phases = [PhaseMark(p.start, p.reason, "phase") for p in site_model.phases if p.measure == measure_id]
    phases += _definition_phases(measure)
    phases += [PhaseMark(d, "new part (--split)", "split") for d in options.splits]
    result, parts, freeze_date, more = analyse_series(
        series, options, chart=chart, rules=rules, baseline_until=measure.chart.baseline_until,
        phases=phases, where=table.path)
    dates = [_as_date(p) for p in result.periods]
    cycles = cycle_marks([r.model for r in network.cycles_at(site)], dates[0], dates[-1]) if dates else ()
    if table.problems:
        notices.append(f"{table.path} has {len(table.problems)} problem(s); rows with them are left out "
                       "(run `nic validate` to see them)")
    scale, unit, percent = _display(measure, chart)
    return MeasureChart(
        result, title=f"{measure.id}: {measure.title}", place=site_model.name, site=site, unit=unit,
        display_scale=scale, direction=measure.direction, phases=parts, cycles=cycles,
        goal=_goal(network, measure, site), baseline_until=freeze_date, notices=tuple(notices + more),
        percent=percent,
    )


def sites_with_data(network: Network, measure_id: str) -> list[str]:
    return sorted(s for s, m in network.data if m == measure_id and s in network.sites)


def chart_all_sites(network: Network, measure_id: str, options: ChartOptions) -> list[MeasureChart]:
    """``--all-sites``: one chart per site that has data for the measure, by site id."""
    find_measure(network, measure_id)
    sites = sites_with_data(network, measure_id)
    if not sites:
        raise NicError(f"No site has data for {measure_id}.",
                       f"Sites keep it in sites/<site>/data/{measure_id}.csv; a site or data file with problems "
                       "is left out until they are fixed (`nic validate` lists them).")
    return [chart_site(network, measure_id, s, options) for s in sites]


def chart_network(network: Network, measure_id: str, options: ChartOptions) -> MeasureChart:
    """``--network``: the aggregate of every site's data (sums, never averaged percentages)."""
    measure = find_measure(network, measure_id)
    sites = sites_with_data(network, measure_id)
    if not sites:
        raise NicError(f"No site has data for {measure_id}.",
                       f"Sites keep it in sites/<site>/data/{measure_id}.csv; a site or data file with problems "
                       "is left out until they are fixed (`nic validate` lists them).")
    aggregate = network_series({s: network.data[(s, measure_id)] for s in sites}, measure.calculation)
    chart, rules, notices = _chart_and_rules(measure, aggregate.series, options)
    phases = _definition_phases(measure) + [PhaseMark(d, "new part (--split)", "split") for d in options.splits]
    result, parts, freeze_date, more = analyse_series(
        aggregate.series, options, chart=chart, rules=rules, baseline_until=measure.chart.baseline_until,
        phases=phases, where=f"the network aggregate of {measure_id}")
    notices += list(aggregate.notices)
    notices += [f"the reporting sites changed at {c.describe()}" for c in aggregate.reporting_changes]
    scale, unit, percent = _display(measure, chart)
    return MeasureChart(
        result, title=f"{measure.id}: {measure.title}", place=f"{network.name}, all sites ({len(aggregate.sites)})",
        site=None, unit=unit, display_scale=scale, direction=measure.direction, phases=parts,
        goal=_goal(network, measure, None), baseline_until=freeze_date,
        reporting_changes=aggregate.reporting_changes, notices=tuple(notices + more), percent=percent,
    )


__all__ = [
    "ChartOptions", "CycleMark", "MeasureChart", "PhaseMark", "analyse_series", "chart_all_sites",
    "chart_network", "chart_site", "chart_table", "cycle_marks", "describe_scale", "find_measure",
    "find_site",
]
