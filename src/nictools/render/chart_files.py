"""One chart to a file: SVG by the hand-written writer, PNG and PDF by matplotlib.

Both drawers draw the same description, the measure's :class:`MeasureChart` (points,
centre, limits, phases, cycles, goal, data notes and the analysis's signal kinds), with
one palette (:mod:`nictools.render.palette`). The SVG is the report's chart, so a chart
saved with ``nic chart --out x.svg`` is the one a coordinator sees in the report. A CSV
outside a network (``nic chart --data``) has no measure: matplotlib draws it in every format.
"""

from __future__ import annotations

from typing import Any

from nictools.measurement.charts import MeasureChart


def chart_series(chart: MeasureChart, network: Any) -> Any:
    """The report's view of the chart (counts masked at the network's small-cell threshold)."""
    from nictools.reports.series import series_from_chart

    measure = network.measures[chart.assessment.measure].model
    threshold = network.config.model.settings.small_cell_threshold if network.config else 10
    return series_from_chart(chart, measure, title=f"{chart.title} · {chart.place}", threshold=threshold,
                             site=chart.site)


def draw_chart(chart: MeasureChart, fmt: str, network: Any | None) -> bytes:
    """The chart as `fmt` bytes (png, svg or pdf)."""
    if fmt == "svg" and network is not None and chart.assessment is not None:
        from nictools.render.report_charts import chart_svg

        svg = chart_svg(chart_series(chart, network), width=10.5, height=4.6)
        return ('<?xml version="1.0" encoding="UTF-8"?>\n' + svg + "\n").encode("utf-8")
    from nictools.render.charts import render_chart

    return render_chart(chart, fmt)


__all__ = ["chart_series", "draw_chart"]
