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
from nictools.clock import today
from nictools.measurement.assessment import (DEFAULT_BASELINE, MIN_BASELINE, Assessment, Baseline, CurrentPhase,
                                             PhaseProposal, judge, words_for)
from nictools.measurement.series import ReportingChange, Series, network_series, series_from_table
from nictools.model.measure import Measure
from nictools.model.network import Network
from nictools.model.pdsa import Cycle
from nictools.suggest import did_you_mean

CHART_NAMES = {
    "run": "run chart", "i": "I chart (individuals)", "mr": "moving-range chart",
    "xbar": "X-bar chart", "s": "S chart", "t": "T chart (time between events)",
    "p": "P chart (proportions)", "pp": "Laney P′ chart", "c": "C chart (counts)",
    "u": "U chart (rates)", "up": "Laney U′ chart", "g": "G chart (opportunities between events)",
    "ip": "I′ chart",
}
RULE_NAMES = {"anhoej": "Anhøj rules", "ihi": "IHI rules"}
#: Laney's sigma-z above this on a p or u chart's baseline: nic suggests p′ or u′ (docs/practice.md).
OVERDISPERSED = 1.5
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
    source: str  # "phase" (site.yaml), "definition" (measure versions), "history" (a definition change
    # found in the git history) or "split" (--split)

    @property
    def definition(self) -> bool:
        """A break in the measure's definition (recorded or found in the history)."""
        return self.source in ("definition", "history")


@dataclass(frozen=True)
class CycleMark:
    """A PDSA cycle on the time axis: which change idea, when, at what scale."""

    date: dt.date
    cycle: str
    change_ideas: tuple[str, ...]
    scale: str
    end: dt.date | None = None  # when the test ended (a span on the report's charts)
    title: str = ""

    @property
    def label(self) -> str:
        ideas = ",".join(self.change_ideas)
        text = f"{self.cycle} {ideas}".strip()
        return f"{text} · {self.scale}" if self.scale else text


@dataclass(frozen=True)
class DecisionMark:
    """A PDSA cycle's decision on the time axis: adopt, adapt or abandon, dated by the cycle's end."""

    date: dt.date
    cycle: str
    decision: str  # adopt / adapt / abandon
    change_ideas: tuple[str, ...] = ()

    @property
    def label(self) -> str:
        ideas = ",".join(self.change_ideas)
        return f"{self.cycle} {self.decision}" + (f" {ideas}" if ideas else "")


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
    assessment: Assessment | None = None  # None for `nic chart --data` (no measure, no verdict)
    kinds: tuple[str | None, ...] = ()  # per point: improvement / concern / neither / None
    declared_chart: str | None = None  # the measure's declared type
    data_notes: tuple[tuple[dt.date, str], ...] = ()  # (period, the data row's note)
    sigma_z: float | None = None  # Laney's sigma-z on a p or u chart's baseline (overdispersion)
    decisions: tuple[DecisionMark, ...] = ()  # PDSA decisions (adopt, adapt, abandon) on the time axis
    #: a stratum's (or a stratum's gap's) verdict: never the `assessment`, which is the site's whole series
    stratum_assessment: Any = None  # nictools.measurement.strata.StratumAssessment

    @property
    def subtitle(self) -> str:
        r = self.result
        return f"{self.place} · {CHART_NAMES.get(r.chart, r.chart)} · {RULE_NAMES.get(r.rules, r.rules)}"

    def dates(self) -> list[dt.date]:
        return [p.item() if isinstance(p, np.generic) else p for p in self.result.periods]

    def to_json_dict(self) -> dict[str, Any]:
        """The ``--format json`` contract (periods as ISO dates)."""
        d = self.result.to_json_dict()
        if self.assessment is not None:
            d = {"assessment": self.assessment.to_json(), **d}
        elif self.stratum_assessment is not None:
            d = {"stratum_assessment": self.stratum_assessment.to_json(), **d}
        if self.assessment is not None or self.stratum_assessment is not None:
            for point, kind in zip(d["points"], self.kinds):
                point["signal"] = kind
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


def useful_by_period(series: Series) -> list[bool]:
    """Per unique period: does it give a value (a gap is not a useful point)?"""
    periods, inverse = np.unique(series.periods, return_inverse=True)
    ok = np.isfinite(series.y)
    if series.n is not None:
        with np.errstate(invalid="ignore"):
            ok &= np.isfinite(series.n) & (series.n > 0)
    counts = np.bincount(inverse, weights=ok.astype(np.float64), minlength=periods.size)
    return (counts > 0).tolist()


def _part_baselines(useful: list[bool], starts: list[int], points: int) -> list[int]:
    """Per part: how many positions hold its first `points` useful points (all when fewer)."""
    bounds = [*starts, len(useful)]
    out = []
    for a, b in zip(bounds, bounds[1:]):
        seen = 0
        count = b - a
        for i in range(a, b):
            seen += useful[i]
            if seen == points:
                count = i - a + 1
                break
        out.append(max(count, 1))
    return out


def analyse_series(
    series: Series,
    options: ChartOptions,
    *,
    chart: str,
    rules: str,
    baseline_until: dt.date | None = None,
    baseline_points: int | None = None,
    phases: Sequence[PhaseMark] = (),
    where: str = "the data",
) -> tuple[Any, tuple[PhaseMark, ...], dt.date | None, list[str]]:
    """Run the analysis with dates turned into positions; returns (result, parts, freeze date, notices).

    Phases and splits start at the first period on or after their date (a phase dated
    before the first period or after the last one is noted and left out); the baseline
    holds the periods up to and including its date; excluded periods must be in the data.

    ``baseline_points`` (a measure in a network): every part's first this-many useful
    points are its frozen baseline, the baseline date (``baseline_until``) setting the
    first part's instead. Without it (``nic chart --data``), ``--freeze`` and parts behave
    exactly as qicharts2's ``freeze`` and ``part``.
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
            if mark.source == "history":
                continue  # a change found in the history before or after the data breaks nothing drawn
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
    first_part_count: int | None = None
    if until is not None:
        count = int(np.searchsorted(dates, np.datetime64(until, "D"), side="right"))
        if count == 0:
            notices.append(f"the baseline ends {until.isoformat()}, before the first period "
                           f"({periods[0].isoformat()}); the limits use all the data")
        elif baseline_points is not None:
            first_part_count = count
        else:
            freeze = count
    part_baselines: list[int] | None = None
    if baseline_points is not None:
        useful = useful_by_period(series)
        starts = [0, *sorted(kept)]
        points = freeze if freeze is not None else baseline_points
        part_baselines = _part_baselines(useful, starts, points) if freeze is None else \
            [min(freeze, b - a) for a, b in zip(starts, [*starts[1:], len(periods)])]
        if first_part_count is not None:
            part_baselines[0] = min(first_part_count, (starts[1] if len(starts) > 1 else len(periods)))
        freeze = None
        last_start = starts[-1]
        if part_baselines[-1] < len(periods) - last_start:
            freeze_date = periods[last_start + part_baselines[-1] - 1]
    elif freeze is not None:
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
            splits=sorted(kept), freeze=freeze, part_baselines=part_baselines, exclude=exclude,
            rules=rules,  # type: ignore[arg-type]
            screen_mr=options.screen_mr, sigma=options.sigma,
        )
    except ValueError as exc:
        raise NicError(f"{where} cannot be charted as a {CHART_NAMES.get(chart, chart)}: {exc}.") from None
    if parts and freeze_date is not None and part_baselines is None:
        freeze_date = None  # the analysis says the freeze was ignored (one of its notices)
    return result, parts, freeze_date, notices + [n for n in result.notices]


def short_baseline_notice(points: int | None) -> list[str]:
    """The word `nic chart` says on stderr when a baseline is frozen on fewer than MIN_BASELINE points."""
    if points is None or points >= MIN_BASELINE:
        return []
    return [f"a baseline of {points} point{'s' if points != 1 else ''} gives unreliable limits; {MIN_BASELINE} to "
            f"{DEFAULT_BASELINE} useful points is the usual practice (docs/practice.md)"]


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
    if chart != "run":
        notices = short_baseline_notice(options.freeze) + notices
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


def cycle_marks(cycles: Sequence[Cycle], first: dt.date, last: dt.date) -> tuple[CycleMark, ...]:
    """The site's cycles that started within the chart's time span, in date order."""
    marks = []
    for c in cycles:
        start = c.started_on
        if start is None or c.do is None or not (first <= start <= last + dt.timedelta(days=6)):
            continue  # a cycle that has not run is not on the chart
        scale = c.plan.scale
        marks.append(CycleMark(start, c.id, tuple(c.change_ideas), scale.in_words(widest=True) if scale else "", c.ended_on, c.title))
    return tuple(sorted(marks, key=lambda m: (m.date, m.cycle)))


def decision_marks(cycles: Sequence[Cycle], first: dt.date, last: dt.date) -> tuple[DecisionMark, ...]:
    """The site's PDSA decisions (adopt, adapt, abandon) dated within the chart's span, in date order."""
    marks = []
    for c in cycles:
        day = c.ended_on
        if c.act is None or day is None or not (first <= day <= last + dt.timedelta(days=6)):
            continue
        marks.append(DecisionMark(day, c.id, c.act.decision, tuple(c.change_ideas)))
    return tuple(sorted(marks, key=lambda m: (m.date, m.cycle)))


def _chart_and_rules(measure: Measure, series: Series, options: ChartOptions,
                     useful: int) -> tuple[str, str, list[str], str | None]:
    """(chart used, rules, notices, why there are no limits) for a measure's series.

    The declared type is the type used. Two cases are said, never silent: an X-bar or S
    chart of data with one value per period is an I chart, and before a baseline can
    exist (fewer than MIN_BASELINE useful points) a control chart is a run chart.
    """
    chart = options.chart or measure.chart.type
    notices: list[str] = []
    no_limits: str | None = None
    if options.chart is None and chart in _SUBGROUP_CHARTS and not series.has_subgroups:
        notices.append(f"{measure.id} declares an {CHART_NAMES[chart]}, but this data has one value per "
                       "period (no subgroups), so it is shown as an I chart")
        chart = "i"
    if options.chart is None and chart != "run" and useful < MIN_BASELINE:
        no_limits = (f"Too few points for control limits yet ({useful} of the {MIN_BASELINE} a baseline needs): "
                     f"a run chart with its median until then.")
        notices.append(f"{measure.id} declares a {CHART_NAMES.get(chart, chart)}; with {useful} useful points "
                       f"(fewer than {MIN_BASELINE}) it is a run chart until a baseline exists")
        chart = "run"
    return chart, options.rules or measure.chart.rules, notices, no_limits


def definition_breaks(network: Network, measure: Measure) -> list[PhaseMark]:
    """Every break in the measure's definition: its recorded `versions`, then the git history's.

    A change found in the history (a commit that changed what the numerator or denominator
    counts, or the definition's words, without a `versions:` entry) starts a phase at the
    commit's date, with the reason "definition changed: <fields>" (docs/practice.md).
    """
    marks = [PhaseMark(v.since, f"new definition: {v.reason}", "definition") for v in measure.versions]
    if network.definition_changes is None:
        from nictools.history.definitions import definition_changes_at

        network.definition_changes = definition_changes_at(network.root, network.revision)
    recorded = {v.since for v in measure.versions}
    for change in network.definition_changes.get(measure.id, ()):
        if not any(abs((change.day - day).days) <= 7 for day in recorded):
            marks.append(PhaseMark(change.day, change.reason, "history"))
    return marks


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


def baseline_points(network: Network, measure: Measure) -> int:
    """The measure's baseline length: its own, else network.yaml's, else DEFAULT_BASELINE."""
    if measure.chart.baseline_points is not None:
        return measure.chart.baseline_points
    if network.config is not None:
        return network.config.model.settings.baseline_points
    return DEFAULT_BASELINE


def not_like_for_like(chart: MeasureChart, start: dt.date | None = None, end: dt.date | None = None) -> list[str]:
    """A sentence per definition break on the chart (between `start` and `end`, when given).

    A comparison that spans one (before and after adoption, site against site over the
    year) compares two different measures; every view that compares says so in these words.
    """
    measure = chart.title.split(":", 1)[0]
    return [f"{measure}'s definition changed on {m.start.isoformat()} ({m.reason}): points before and after it "
            "are not like for like" for m in chart.phases
            if m.definition and (start is None or m.start > start) and (end is None or m.start <= end)]


def _adoptions(network: Network, site: str | None, measure: Measure) -> list[tuple[dt.date, str, tuple[str, ...]]]:
    """(date, cycle id, change ideas) of every adopt decision at the site, dated by the cycle's end."""
    if site is None:
        return []
    out = []
    for record in network.cycles_at(site):
        c = record.model
        if c.act is not None and c.act.decision == "adopt":
            day = c.ended_on
            if day is not None:
                out.append((day, c.id, tuple(c.change_ideas)))
    return sorted(out)


def shift_reason(adoptions: Sequence[tuple[dt.date, str, tuple[str, ...]]], start: dt.date,
                 step_days: int) -> str:
    """Why a sustained shift from `start` might be a new phase: the adoption nearest before it.

    An adoption up to 8 periods before the shift (or in the period it begins) is named with
    its change idea ("sustained shift since C04's adoption of CI-02"); the nearest one on or
    before the shift's start wins, else the nearest one just after it.
    """
    window = dt.timedelta(days=step_days * 8)
    near = [a for a in adoptions if start - window <= a[0] <= start + dt.timedelta(days=step_days)]
    before = [a for a in near if a[0] <= start]
    pick = before[-1] if before else (near[0] if near else None)
    if pick is None:
        return "sustained shift; record it as a phase only if the team can explain it"
    ideas = f" of {', '.join(pick[2])}" if pick[2] else ""
    return f"sustained shift since {pick[1]}'s adoption{ideas}"


def _proposal(measure: Measure, site: str | None, network: Network, result: Any, kinds: list[str | None],
              dates: list[dt.date], useful: list[bool], judged_from: int,
              recorded: Sequence[PhaseMark]) -> PhaseProposal | None:
    """A sustained shift against the frozen baseline, going on to the latest point, and not yet a phase."""
    if site is None or not dates or judged_from >= len(dates) or result.chart == "mr":
        return None  # a phase is recorded at a site (the network's aggregate moves with its sites')
    last_part = result.parts[-1]
    if not last_part.runs_signal:
        return None
    latest = max((i for i in range(len(dates)) if useful[i]), default=None)
    if latest is None or latest < judged_from or kinds[latest] not in ("improvement", "concern", "neither"):
        return None
    side = int(result.signal_side[latest])
    i = latest
    while i - 1 >= last_part.start and (not useful[i - 1] or int(result.signal_side[i - 1]) == side):
        i -= 1
    while not useful[i]:
        i += 1
    length = sum(useful[i:latest + 1])
    needed = (last_part.longest_run_max or 7) + 1 if result.rules == "anhoej" else 6
    if length < needed or i == last_part.start:
        return None
    start = dates[i]
    if any(m.start >= start for m in recorded):
        return None
    step = max(1, (dates[-1] - dates[0]).days // max(len(dates) - 1, 1))
    return PhaseProposal(measure.id, site, start, shift_reason(_adoptions(network, site, measure), start, step))


def measure_chart(network: Network, measure: Measure, series: Series, *, site: str | None, place: str,
                   options: ChartOptions, as_of: dt.date, phases: list[PhaseMark], where: str,
                   notices: list[str], reporting_changes: tuple[ReportingChange, ...] = (),
                   data_notes: tuple[tuple[dt.date, str], ...] = ()) -> MeasureChart:
    """The one analysis of a measure's series (a site's or the network's) and its assessment."""
    from nictools.analysis.spc import classify_signals

    useful_count = sum(useful_by_period(series)) if len(series) else 0
    chart, rules, more, no_limits = _chart_and_rules(measure, series, options, useful_count)
    notices = notices + more
    notices += short_baseline_notice(options.freeze or baseline_points(network, measure))
    result, parts, freeze_date, extra = analyse_series(
        series, options, chart=chart, rules=rules, baseline_until=measure.chart.baseline_until,
        baseline_points=baseline_points(network, measure), phases=phases, where=where)
    dates = [_as_date(p) for p in result.periods]
    cycles = cycle_marks([r.model for r in network.cycles_at(site)], dates[0], dates[-1]) if dates and site else ()
    decisions = decision_marks([r.model for r in network.cycles_at(site)], dates[0], dates[-1]) if dates and site else ()
    scale, unit, percent = _display(measure, chart)
    kinds = classify_signals(result, measure.direction if result.chart != "mr" else None)  # type: ignore[arg-type]
    useful = np.isfinite(result.value).tolist()
    part_start = result.parts[-1].start if result.parts else 0
    base = result.baseline.tolist()
    judged_from = next((i for i in range(part_start, len(dates)) if not base[i]), part_start)
    frozen = judged_from != part_start
    signal, since = judge(kinds=kinds, periods=dates, useful=useful, judged_from=judged_from, part_start=part_start)
    base_idx = [i for i in range(part_start, len(dates)) if base[i] and useful[i]]
    latest = max((i for i in range(len(dates)) if useful[i]), default=None)
    current = next((m for m in reversed(parts) if dates and m.start == dates[part_start]), None) if part_start else None

    def at(arr: Any, i: int | None) -> float | None:
        if i is None or (not result.has_limits and arr is not result.centre):
            return None
        v = float(arr[i])
        return v if np.isfinite(v) else None

    sigma_z = _overdispersion(result, part_start)
    if sigma_z is not None and sigma_z > OVERDISPERSED:
        laney = {"p": "pp", "u": "up"}[result.chart]
        notices.append(f"the data vary more than a {result.chart} chart assumes (Laney's sigma-z {sigma_z:.1f} on the "
                       f"baseline; above {OVERDISPERSED:g} the limits are too narrow and flag ordinary weeks): consider "
                       f"a {CHART_NAMES[laney]} (`chart: {{type: {laney}}}` in measures/{measure.id}.yaml, or "
                       f"--type {laney} for one look)")
    proposal = _proposal(measure, site, network, result, kinds, dates, useful, judged_from,
                         [m for m in parts if m.source != "split"])
    words = words_for(signal, since, sum(useful), dates[latest] if latest is not None else None,
                      limits=result.has_limits, reason_no_limits=no_limits)
    if proposal is not None:
        words += f" {proposal.sentence}"
    assessment = Assessment(
        site=site, measure=measure.id, as_of=as_of, chart=result.chart, rules=result.rules,
        direction=measure.direction,
        baseline=Baseline(dates[base_idx[0]] if base_idx else None, dates[base_idx[-1]] if base_idx else None,
                          len(base_idx), frozen),
        phase=CurrentPhase(current.start, current.reason) if current else CurrentPhase(None, None),
        centre=at(result.centre, latest), lcl=at(result.lcl, latest), ucl=at(result.ucl, latest),
        signal=signal, signal_since=since, words=words, points=sum(useful),
        last_period=dates[latest] if latest is not None else None, proposal=proposal)
    return MeasureChart(
        result, title=f"{measure.id}: {measure.title}", place=place, site=site, unit=unit,
        display_scale=scale, direction=measure.direction, phases=parts, cycles=cycles,
        goal=_goal(network, measure, site), baseline_until=freeze_date if frozen else None,
        reporting_changes=reporting_changes, notices=tuple(notices + extra), percent=percent,
        assessment=assessment, kinds=tuple(kinds), declared_chart=measure.chart.type, sigma_z=sigma_z,
        data_notes=tuple(n for n in data_notes if dates and dates[0] <= n[0] <= dates[-1]), decisions=decisions,
    )


def _overdispersion(result: Any, part_start: int) -> float | None:
    """Laney's sigma-z of the current phase's baseline (p and u charts only)."""
    from nictools.analysis.limits import overdispersion

    if result.chart not in ("p", "u"):
        return None
    sl = slice(part_start, len(result))
    return overdispersion(result.chart, np.asarray(result.value[sl]), np.asarray(result.denominator[sl]),
                          np.asarray(result.numerator[sl]), np.asarray(result.baseline[sl]) & np.isfinite(result.value[sl]))


def _data_notes(table: DataTable, as_of: dt.date | None) -> tuple[tuple[dt.date, str], ...]:
    return tuple((r.period, " ".join(r.note.split())) for r in table.rows
                 if r.note and r.note.strip() and r.period is not None and not r.stratum
                 and (as_of is None or r.period <= as_of))


def chart_site(network: Network, measure_id: str, site: str, options: ChartOptions,
               as_of: dt.date | None = None) -> MeasureChart:
    """``nic chart MEASURE --site SITE``: the site's series as of a date (default today)."""
    measure = find_measure(network, measure_id)
    find_site(network, site)
    table = _table_for(network, measure_id, site)
    day = as_of or today()
    series = series_from_table(table, as_of=day)
    if not len(series):
        raise NicError(f"{table.path} has no rows up to {day.isoformat()}, so there is nothing to chart yet.")
    notices: list[str] = []
    site_model = network.sites[site].model
    phases = [PhaseMark(p.start, p.reason, "phase") for p in site_model.phases if p.measure == measure_id]
    phases += definition_breaks(network, measure)
    phases += [PhaseMark(d, "new part (--split)", "split") for d in options.splits]
    if table.problems:
        notices.append(f"{table.path} has {len(table.problems)} problem(s); rows with them are left out "
                       "(run `nic validate` to see them)")
    return measure_chart(network, measure, series, site=site, place=site_model.name, options=options, as_of=day,
                          phases=phases, where=table.path, notices=notices, data_notes=_data_notes(table, day))


def sites_with_data(network: Network, measure_id: str, *, include_withdrawn: bool = True) -> list[str]:
    return sorted(s for s, m in network.data if m == measure_id and s in network.sites
                  and (include_withdrawn or network.sites[s].model.status != "withdrawn"))


def chart_all_sites(network: Network, measure_id: str, options: ChartOptions,
                    as_of: dt.date | None = None, *, include_withdrawn: bool = False) -> list[MeasureChart]:
    """``--all-sites``: one chart per site that has data for the measure, by site id; withdrawn
    sites (`status: withdrawn`) only when asked for."""
    find_measure(network, measure_id)
    sites = sites_with_data(network, measure_id, include_withdrawn=include_withdrawn)
    gone = sites_with_data(network, measure_id) if not sites else []
    if gone:
        raise NicError(f"Only withdrawn sites have data for {measure_id}: {', '.join(gone)}.",
                       "Add --include-withdrawn to chart them.")
    if not sites:
        raise NicError(f"No site has data for {measure_id}.",
                       f"Sites keep it in sites/<site>/data/{measure_id}.csv; a site or data file with problems "
                       "is left out until they are fixed (`nic validate` lists them).")
    return [chart_site(network, measure_id, s, options, as_of) for s in sites]


def chart_network(network: Network, measure_id: str, options: ChartOptions, as_of: dt.date | None = None,
                  sites: Sequence[str] | None = None) -> MeasureChart:
    """``--network``: the aggregate of every site's data (sums, never averaged percentages)."""
    measure = find_measure(network, measure_id)
    sites = list(sites) if sites is not None else sites_with_data(network, measure_id)
    sites = [s for s in sites if (s, measure_id) in network.data]
    if not sites:
        raise NicError(f"No site has data for {measure_id}.",
                       f"Sites keep it in sites/<site>/data/{measure_id}.csv; a site or data file with problems "
                       "is left out until they are fixed (`nic validate` lists them).")
    day = as_of or today()
    aggregate = network_series({s: network.data[(s, measure_id)] for s in sites}, measure.calculation, as_of=day)
    if not len(aggregate.series):
        raise NicError(f"No site has {measure_id} data up to {day.isoformat()}, so there is nothing to chart yet.")
    notices = list(aggregate.notices)
    notices += [f"the reporting sites changed at {c.describe()}" for c in aggregate.reporting_changes]
    phases = definition_breaks(network, measure) + [PhaseMark(d, "new part (--split)", "split") for d in options.splits]
    return measure_chart(network, measure, aggregate.series, site=None,
                          place=f"{network.name}, all sites ({len(aggregate.sites)})", options=options, as_of=day,
                          phases=phases, where=f"the network aggregate of {measure_id}", notices=notices,
                          reporting_changes=aggregate.reporting_changes)


__all__ = [
    "ChartOptions", "CycleMark", "DecisionMark", "MeasureChart", "PhaseMark", "analyse_series", "baseline_points",
    "chart_all_sites", "chart_network", "chart_site", "chart_table", "cycle_marks", "decision_marks",
    "definition_breaks", "not_like_for_like", "short_baseline_notice", "shift_reason",
    "find_measure", "find_site", "useful_by_period",
]
