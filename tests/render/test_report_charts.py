"""The report's charts, drawn by hand as SVG: what a reader sees, escaped, and fast enough for every site."""

from __future__ import annotations

import datetime as dt
import time
import xml.etree.ElementTree as ET

from nictools.render.report_charts import IMPROVEMENT, chart_svg
from nictools.reports.model import Marker, Point, Series

NS = "{http://www.w3.org/2000/svg}"


def _series(title: str = "Attendance", label: str = "C01") -> Series:
    start = dt.date(2025, 9, 1)
    points = [Point(start + dt.timedelta(days=7 * i), None if i == 5 else 0.6 + 0.01 * i, 0.65, 0.5, 0.8,
                    signal="improvement" if i >= 17 else None) for i in range(20)]
    return Series(title, "ATT", "percent", "up", "p", points, percent=True, goal=0.9, status="improvement",
                  markers=[Marker(start + dt.timedelta(days=21), label, "cycle", end=start + dt.timedelta(days=42)),
                           Marker(start + dt.timedelta(days=70), "new phase", "phase")])


def test_chart_shows_points_limits_goal_cycles_and_signals() -> None:
    svg = ET.fromstring(chart_svg(_series()))
    assert svg.get("role") == "img" and svg.find(f"{NS}title").text == "Attendance"
    assert "Improvement is up" in svg.find(f"{NS}desc").text
    dots = svg.findall(f"{NS}circle")
    assert len(dots) == 19  # one per value; the missing week has none
    assert sum(1 for d in dots if d.get("fill") == IMPROVEMENT) == 3
    texts = [t.text for t in svg.iter(f"{NS}text")]
    assert "C01" in texts and "new phase" in texts and "Sep 2025" in texts
    assert {"60%", "90%"} <= set(texts)  # whole percents on the value axis
    assert len(svg.findall(f"{NS}polyline")) == 2  # the line breaks at the missing week


def test_chart_text_from_the_repository_is_escaped() -> None:
    svg = chart_svg(_series(title="<script>alert(1)</script>", label="C&<b>"))
    assert "<script>" not in svg and "<b>" not in svg
    ET.fromstring(svg)  # still well-formed


def test_a_chart_per_site_stays_cheap() -> None:
    series = _series()
    started = time.perf_counter()
    for _ in range(50):
        chart_svg(series)
    assert (time.perf_counter() - started) / 50 < 0.02  # matplotlib needed ~0.1 s a chart
