"""The drawn chart, checked through the SVG's structure (golden PNGs break across versions)."""

from __future__ import annotations

import dataclasses
import datetime as dt
import xml.etree.ElementTree as ET

import pytest

from nictools.load.tables import read_table
from nictools.measurement.charts import ChartOptions, CycleMark, PhaseMark, chart_table
from nictools.render.charts import render_chart, render_small_multiples

SVG = "{http://www.w3.org/2000/svg}"


def weekly(values: list[float | None], start: str = "2023-08-28") -> str:
    d = dt.date.fromisoformat(start)
    rows = [f"{(d + dt.timedelta(days=7 * i)).isoformat()},{'' if v is None else v}" for i, v in enumerate(values)]
    return "period,value\n" + "\n".join(rows) + "\n"


def svg_of(chart) -> ET.Element:
    return ET.fromstring(render_chart(chart, "svg"))


def texts(root: ET.Element) -> list[str]:
    return [t.text or "" for t in root.iter(f"{SVG}text")]


def group(root: ET.Element, gid: str) -> list[ET.Element]:
    return [g for g in root.iter(f"{SVG}g") if g.get("id") == gid]


VALUES = [10.0, 11, 9, 10, 12, 10, 11, None, 9, 10, 30, 10, 11, 10, 9, 10]


def test_svg_has_title_axis_label_and_one_marker_per_point() -> None:
    chart = chart_table(read_table(weekly(VALUES), "minutes.csv"), ChartOptions(chart="i"))
    root = svg_of(chart)
    words = texts(root)
    assert "minutes.csv" in words  # the title
    assert "value" in words  # the y axis label
    [points] = group(root, "points")
    assert len(list(points.iter(f"{SVG}use"))) == len([v for v in VALUES if v is not None])
    [signal] = group(root, "signal-neither")  # 30 is outside the limits; a file has no direction
    assert len(list(signal.iter(f"{SVG}use"))) == 1
    assert "signal (no direction)" in words
    assert any(w.replace(".", "").isdigit() for w in texts(group(root, "centre-label")[0]))


def test_signals_are_coloured_by_the_direction_of_improvement() -> None:
    chart = chart_table(read_table(weekly(VALUES), "m.csv"), ChartOptions(chart="i"))
    up = svg_of(dataclasses.replace(chart, direction="up"))
    down = svg_of(dataclasses.replace(chart, direction="down"))
    assert group(up, "signal-improvement") and not group(up, "signal-concern")
    assert group(down, "signal-concern") and "signal (concern)" in texts(down)


def test_phases_cycles_and_goal_are_labelled_and_user_text_is_not_mathtext() -> None:
    chart = chart_table(read_table(weekly(VALUES), "m.csv"), ChartOptions(chart="i"))
    start = chart.dates()[8]
    chart = dataclasses.replace(
        chart, title="Costs $5 and $6 <script>", goal=12.0,
        phases=(PhaseMark(start, "Huddles weekly", "phase"),),
        cycles=tuple(CycleMark(chart.dates()[k], f"C0{k}", ("CI-01",), "1 class") for k in range(1, 6)),
    )
    root = svg_of(chart)
    words = texts(root)
    assert "Costs $5 and $6 <script>" in words
    assert any("Huddles weekly" in w for w in words)
    assert len(group(root, "pdsa-marker")) == 5
    assert "goal (12.0)" in words


def test_cycle_labels_never_overlap_on_three_years_of_weekly_data() -> None:
    import random

    from nictools.render.charts import _stagger

    rng = random.Random(4)
    values = [round(50 + rng.gauss(0, 5), 1) for _ in range(156)]
    chart = chart_table(read_table(weekly(values), "m.csv"), ChartOptions(chart="i"))
    dates = chart.dates()
    marks = tuple(CycleMark(dates[k], f"C{k:02d}", ("CI-07",), "10 classes") for k in range(0, 156, 5))
    placed = _stagger(marks, (dates[-1] - dates[0]).days + 21, 9.0, 8.0, dates[-1])
    assert max(r for r, _ in placed) >= 1  # labels a week or two apart need more than one row
    assert placed[-1][1] and not placed[0][1]  # the last label goes left of its tick, not off the edge
    spans: dict[int, list[tuple[dt.date, dt.date]]] = {}
    for m, (r, left) in zip(marks, placed):
        length = dt.timedelta(days=45)  # each label is at least this long on this axis
        span = (m.date - length, m.date) if left else (m.date, m.date + length)
        assert all(span[1] <= a or span[0] >= b for a, b in spans.get(r, []))
        spans.setdefault(r, []).append(span)
    assert render_chart(dataclasses.replace(chart, cycles=marks), "png").startswith(b"\x89PNG")


def test_small_multiples_share_axes_and_title_each_site() -> None:
    a = chart_table(read_table(weekly(VALUES), "a.csv"), ChartOptions(chart="i"))
    b = chart_table(read_table(weekly(VALUES[::-1]), "b.csv"), ChartOptions(chart="run"))
    root = ET.fromstring(render_small_multiples([a, dataclasses.replace(b, place="Roosevelt")], "svg"))
    words = texts(root)
    assert "a.csv" in words and "Roosevelt" in words
    assert len(group(root, "points")) == 2


def test_unknown_format_is_refused() -> None:
    chart = chart_table(read_table(weekly(VALUES), "m.csv"), ChartOptions())
    with pytest.raises(ValueError):
        render_chart(chart, "jpg")
