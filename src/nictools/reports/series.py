"""A measure chart as the report shows it: masked counts, display units, markers.

Nothing here analyses data: the chart and its verdict come from
:class:`nictools.measurement.analyses.Analyses` (the one analysis every command reads).
This module only turns a :class:`~nictools.measurement.charts.MeasureChart` into the
report's :class:`~nictools.reports.model.Series`, masking small counts on the way.
"""

from __future__ import annotations

import math

from nictools.measurement.charts import MeasureChart
from nictools.model.measure import Measure
from nictools.reports.model import Marker, Point, Series
from nictools.reports.privacy import mask_pair

#: The report's status key for each assessment signal.
STATUS_OF_SIGNAL = {"improvement": "improvement", "concern": "concern", "both": "both", "none": "none",
                    "too-few-points": "too_few", "change": "change"}


def series_from_chart(chart: MeasureChart | None, measure: Measure, *, title: str, threshold: int,
                      site: str | None = None) -> Series:
    """The report's view of one chart (an empty series saying "No data yet." without one)."""
    series = Series(title=title, measure=measure.id, unit=measure.unit, direction=measure.direction,
                    chart=measure.chart.type, percent=measure.calculation == "proportion",
                    goal=chart.goal if chart is not None else measure.goal, site=site)
    verdict = chart.assessment or chart.stratum_assessment if chart is not None else None
    if chart is None or verdict is None:
        series.notes.append("No data yet.")
        return series
    r = chart.result
    series.chart = r.chart
    series.assessment = chart.assessment
    series.stratum_assessment = chart.stratum_assessment
    scale = (measure.multiply or 1.0) if measure.calculation == "rate" else 1.0
    # plain Python numbers once per array (None where not finite), not a numpy scalar per point and field
    dens = r.denominator.tolist()
    ratio = not all(math.isnan(x) for x in dens)
    nums, dens = (_finites(r.numerator.tolist()), _finites(dens)) if ratio else (None, None)
    values, centres = _finites(r.value.tolist(), scale), _finites(r.centre.tolist(), scale)
    lcls, ucls = (_finites(r.lcl.tolist(), scale), _finites(r.ucl.tolist(), scale)) if r.has_limits else (None, None)
    parts, baselines, kinds = r.part.tolist(), r.baseline.tolist(), chart.kinds
    for i, day in enumerate(chart.dates()):
        num, den = mask_pair(nums[i], dens[i], threshold) if ratio else (None, None)
        series.points.append(Point(
            x=day, value=values[i], centre=centres[i],
            lcl=lcls[i] if lcls is not None else None,
            ucl=ucls[i] if ucls is not None else None,
            signal=kinds[i] if i < len(kinds) else None,
            numerator=num, denominator=den,
            part=int(parts[i]) + 1, baseline=bool(baselines[i]),
        ))
    for mark in chart.cycles:
        series.markers.append(Marker(mark.date, mark.label, "cycle", end=mark.end, detail=mark.title))
    for phase in chart.phases:
        series.markers.append(Marker(phase.start, "new phase" if not phase.definition else
                                     "break" if phase.source == "history" else "new definition",
                                     "phase", detail=phase.reason))
    for d in chart.decisions:
        series.markers.append(Marker(d.date, f"{d.cycle} {d.decision}", "decision",
                                     detail=f"{d.cycle}: {d.decision}" + (f" {', '.join(d.change_ideas)}"
                                                                          if d.change_ideas else "")
                                     + f", {d.date.isoformat()}"))
    for day, note in chart.data_notes:
        series.markers.append(Marker(day, note, "note", detail=note))
    series.status = STATUS_OF_SIGNAL[verdict.signal]
    series.notes.extend(chart.notices)
    return series


def _finites(values: list[float], scale: float | None = None) -> list[float | None]:
    """`_finite` of each value (times `scale` when given)."""
    isfinite = math.isfinite
    if scale is None:
        return [None if v is None or not isfinite(v) else float(v) for v in values]
    return [None if v is None or not isfinite(v) else float(v) * scale for v in values]


__all__ = ["STATUS_OF_SIGNAL", "series_from_chart"]
