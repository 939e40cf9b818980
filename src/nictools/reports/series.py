"""A measure's series at a site or across the network, analysed for signals.

The analysis is `nictools.analysis.spc.analyse` (qicharts2's rules); this module only
turns data tables into its inputs and its result into report `Series`. The centre
line is frozen on the baseline (the measure's `chart.baseline_until`, or the points
before a given date) so that a later shift shows as a signal against where the site
started; phases (a new part of the chart) come from `site.yaml`.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass, field
from typing import Iterable

from nictools.load.tables import DataTable
from nictools.model.measure import Measure
from nictools.model.network import Network
from nictools.reports.model import Point, ReportingChange, Series
from nictools.reports.privacy import mask_pair

#: Fewer useful points than this and a series says "too few points yet".
MIN_POINTS = 10
_NEEDS_N = ("p", "pp", "u", "up")


@dataclass
class Raw:
    """One period of one site's data, summed over its rows (subgroups, strata)."""

    period: dt.date
    value: float | None
    numerator: float | None = None
    denominator: float | None = None


@dataclass
class Prepared:
    kind: str  # ratio / mean / value
    rows: list[Raw] = field(default_factory=list)


def prepare(table: DataTable | None, as_of: dt.date | None = None) -> Prepared | None:
    """One value per period (up to `as_of`), summing ratios and weighting means by n."""
    if table is None or not table.rows:
        return None
    kind = table.kind
    by_period: dict[dt.date, list] = {}
    for row in table.rows:
        if row.period is None or (as_of and row.period > as_of):
            continue
        if row.stratum:  # strata are reported separately; the series is the whole group
            continue
        by_period.setdefault(row.period, []).append(row)
    out = Prepared(kind)
    for period in sorted(by_period):
        rows = by_period[period]
        if kind == "ratio":
            pairs = [(r.numerator, r.denominator) for r in rows if r.numerator is not None and r.denominator]
            if not pairs:
                out.rows.append(Raw(period, None))
                continue
            num = sum(p[0] for p in pairs)
            den = sum(p[1] for p in pairs)
            out.rows.append(Raw(period, num / den if den else None, num, den))
        elif kind == "mean":
            pairs = [(r.value, r.n or 1.0) for r in rows if r.value is not None]
            if not pairs:
                out.rows.append(Raw(period, None))
                continue
            weight = sum(p[1] for p in pairs)
            total = sum(p[0] * p[1] for p in pairs)
            out.rows.append(Raw(period, total / weight, None, weight))
        else:
            values = [r.value for r in rows if r.value is not None]
            out.rows.append(Raw(period, sum(values) / len(values) if values else None))
    return out


def _nan_none(value: float) -> float | None:
    return None if value is None or not math.isfinite(value) else float(value)


def classify(kinds: list[str | None], useful: int, start: int = 0) -> str:
    """A series' status from its per-point signal kinds (points from `start` on).

    The latest directional signal wins: a site whose early points signalled concern and
    whose recent points signal improvement is on an improvement signal now.
    """
    if useful == 0:
        return "no_data"
    if useful < MIN_POINTS:
        return "too_few"
    for kind in reversed(kinds[start:]):
        if kind in ("improvement", "concern"):
            return kind
    return "none"


def analyse_series(
    measure: Measure,
    prepared: Prepared | None,
    *,
    title: str,
    threshold: int,
    freeze_before: dt.date | None = None,
    splits: Iterable[dt.date] = (),
    status_from: dt.date | None = None,
    site: str | None = None,
) -> Series:
    """Analyse one prepared series and wrap it for the report.

    `freeze_before`: the baseline is the points before this date (else the measure's
    `baseline_until`). `splits`: dates where a new phase starts (ignored when the
    baseline is frozen by `freeze_before`, which asks "did it move from there?").
    `status_from`: only signals from this date on count towards the status.
    """
    from nictools.analysis.spc import analyse, classify_signals

    percent = measure.calculation == "proportion"
    factor = measure.multiply or 1.0
    series = Series(title=title, measure=measure.id, unit=measure.unit, direction=measure.direction,
                    chart=measure.chart.type, percent=percent, goal=measure.goal, site=site)
    if prepared is None or not prepared.rows:
        series.notes.append("No data yet.")
        return series
    periods = [r.period for r in prepared.rows]
    iso = [p.isoformat() for p in periods]
    chart = measure.chart.type
    if prepared.kind == "ratio":
        y = [r.numerator if r.value is not None else None for r in prepared.rows]
        n: list | None = [r.denominator if r.value is not None else None for r in prepared.rows]
    elif prepared.kind == "mean":
        # a weighted mean per period, written as Σ(value·n)/Σn so run and I charts read it
        y = [None if r.value is None else r.value * (r.denominator or 1.0) for r in prepared.rows]
        n = [r.denominator if r.value is not None else None for r in prepared.rows]
    else:
        y = [r.value for r in prepared.rows]
        n = None
    if chart in ("xbar", "s", "t", "g", "mr", "c", "ip") or (chart in _NEEDS_N and prepared.kind != "ratio"):
        # charts whose inputs a summed series cannot give: read it as an I chart (or run chart)
        chart = "i" if prepared.kind != "ratio" else "p"
    if chart in ("i", "run") and prepared.kind == "mean":
        pass
    cut = freeze_before or measure.chart.baseline_until
    freeze: int | None = None
    if cut is not None:
        count = sum(1 for p in periods if (p < cut if freeze_before else p <= cut))
        if 1 <= count < len(periods):
            freeze = count
        elif count == 0 and freeze_before:
            series.notes.append("No data before adoption: the chart has no baseline to compare with.")
    split_pos: list[int] = []
    if freeze is None or not freeze_before:
        for day in sorted(set(splits)):
            pos = next((i for i, p in enumerate(periods) if p >= day), None)
            if pos is not None and pos > 0:
                split_pos.append(pos)
        if split_pos:
            freeze = None
    try:
        result = analyse(iso, y, n, chart=chart, splits=split_pos, freeze=freeze, rules=measure.chart.rules)
    except ValueError as exc:  # a degenerate series: show it as a run chart
        series.notes.append(f"Shown as a run chart ({exc}).")
        chart = "run"
        result = analyse(iso, y, n, chart="run", rules=measure.chart.rules)
    series.chart = chart
    kinds = classify_signals(result, measure.direction)  # type: ignore[arg-type]
    nums = result.numerator.tolist()
    dens = result.denominator.tolist()
    by_iso = {p.isoformat(): p for p in periods}
    masked = [mask_pair(_nan_none(nums[i]), _nan_none(dens[i]), threshold) if prepared.kind == "ratio"
              else (None, None) for i in range(len(result))]
    for i in range(len(result)):
        value = _nan_none(result.value[i])
        scale = factor if measure.calculation in ("rate",) else 1.0
        series.points.append(Point(
            x=by_iso.get(str(result.periods[i]), result.periods[i]),
            value=None if value is None else value * scale,
            centre=_scaled(result.centre[i], scale),
            lcl=_scaled(result.lcl[i], scale) if result.has_limits else None,
            ucl=_scaled(result.ucl[i], scale) if result.has_limits else None,
            signal=kinds[i],
            numerator=masked[i][0],
            denominator=masked[i][1],
            part=int(result.part[i]) + 1,
            baseline=bool(result.baseline[i]),
        ))
    useful = sum(1 for p in series.points if p.value is not None)
    start = 0
    if status_from is not None:
        start = next((i for i, p in enumerate(series.points) if isinstance(p.x, dt.date) and p.x >= status_from),
                     len(series.points))
    series.status = classify(kinds, useful, start)
    if status_from is not None and start >= len(series.points) and useful:
        series.status = "too_few"
    if any(p.runs_signal for p in result.parts if p.runs_signal) and series.status == "none":
        series.notes.append("The runs rules found a non-random pattern (too few crossings of the centre line) "
                            "with no single direction.")
    series.notes.extend(result.notices)
    return series


def _scaled(value: float, scale: float) -> float | None:
    v = _nan_none(value)
    return None if v is None else v * scale


def site_series(network: Network, site: str, measure_id: str, *, as_of: dt.date | None, threshold: int,
                title: str | None = None, with_phases: bool = True, freeze_before: dt.date | None = None,
                status_from: dt.date | None = None) -> Series | None:
    record = network.measures.get(measure_id)
    if record is None:
        return None
    measure = record.model
    splits: list[dt.date] = []
    site_record = network.sites.get(site)
    if with_phases and site_record:
        splits = [ph.start for ph in site_record.model.phases if ph.measure == measure_id]
    return analyse_series(measure, prepare(network.data.get((site, measure_id)), as_of),
                          title=title or measure.title, threshold=threshold, freeze_before=freeze_before,
                          splits=splits, status_from=status_from, site=site)


def network_series(network: Network, measure_id: str, sites: list[str], *, as_of: dt.date | None,
                   threshold: int) -> tuple[Series | None, list[ReportingChange]]:
    """The measure across the network: numerators and denominators summed per period.

    A mean is weighted by n; a plain value (a count) is summed. The set of sites reporting
    changes over time (sites join, miss a week, leave): every period where it changed is
    returned, so the chart can say the network total is not like for like there.
    """
    record = network.measures.get(measure_id)
    if record is None:
        return None, []
    measure = record.model
    per_period: dict[dt.date, dict[str, Raw]] = {}
    kinds: set[str] = set()
    for site in sites:
        prepared = prepare(network.data.get((site, measure_id)), as_of)
        if prepared is None:
            continue
        kinds.add(prepared.kind)
        for raw in prepared.rows:
            if raw.value is not None:
                per_period.setdefault(raw.period, {})[site] = raw
    if not per_period:
        return analyse_series(measure, None, title=measure.title, threshold=threshold), []
    kind = "ratio" if kinds == {"ratio"} else "mean" if kinds == {"mean"} else "value"
    total = Prepared(kind)
    changes: list[ReportingChange] = []
    previous: set[str] | None = None
    for period in sorted(per_period):
        raws = per_period[period]
        now = set(raws)
        if previous is not None and now != previous:
            changes.append(ReportingChange(period, sorted(now - previous), sorted(previous - now), len(now)))
        previous = now
        if kind == "ratio":
            num = sum(r.numerator or 0.0 for r in raws.values())
            den = sum(r.denominator or 0.0 for r in raws.values())
            total.rows.append(Raw(period, num / den if den else None, num, den))
        elif kind == "mean":
            weight = sum(r.denominator or 1.0 for r in raws.values())
            total.rows.append(Raw(period, sum((r.value or 0.0) * (r.denominator or 1.0) for r in raws.values()) / weight,
                                  None, weight))
        else:
            total.rows.append(Raw(period, sum(r.value or 0.0 for r in raws.values())))
    series = analyse_series(measure, total, title=f"{measure.title}: all sites", threshold=threshold)
    if kind == "value":
        series.notes.append("The network value is the sum of the sites' values.")
    return series, changes
