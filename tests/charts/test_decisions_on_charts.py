"""PDSA decisions (adopt, adapt, abandon) on the charts, beside the data notes, in both drawers, never overlapping."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

from nictools.load.network import load_network
from nictools.measurement.analyses import Analyses
from nictools.render.chart_files import draw_chart
from nictools.render.charts import chart_figure
from nictools.render.report_charts import place_labels

EXAMPLE = Path(__file__).resolve().parents[2] / "src" / "nictools" / "example"
NETWORK, _ = load_network(EXAMPLE)
ANALYSES = Analyses(NETWORK, dt.date(2026, 6, 12))


def test_the_chart_carries_each_decision_dated_by_the_cycles_end() -> None:
    chart = ANALYSES.site_chart("ATT-90", "lincoln")
    assert chart is not None
    found = [(d.cycle, d.decision, d.date.isoformat()) for d in chart.decisions]
    assert ("C04", "adopt", "2026-01-30") in found and ("C01", "adapt", "2025-10-31") in found
    assert chart.data_notes  # the data note stays, beside them


def test_matplotlib_draws_every_decision_and_no_two_strip_labels_overlap() -> None:
    chart = ANALYSES.site_chart("ATT-90", "lincoln")
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    figure = chart_figure(chart)
    canvas = FigureCanvasAgg(figure)
    canvas.draw()
    renderer = canvas.get_renderer()
    strip = next(a for a in figure.axes if any(line.get_gid() == "pdsa-decision" for line in a.lines))
    marks = [line for line in strip.lines if line.get_gid() == "pdsa-decision"]
    assert len(marks) == len(chart.decisions)
    labels = [t for t in strip.texts if t.get_gid() in ("pdsa-label", "pdsa-decision-label")]
    assert sorted(t.get_text() for t in labels if t.get_gid() == "pdsa-decision-label") == sorted(
        d.label for d in chart.decisions)
    boxes = [t.get_window_extent(renderer) for t in labels]
    for i, a in enumerate(boxes):
        for b in boxes[i + 1:]:
            assert not a.overlaps(b), "two PDSA labels overlap"


def test_the_svg_draws_every_decision_in_lanes_that_do_not_overlap() -> None:
    chart = ANALYSES.site_chart("ATT-90", "lincoln")
    svg = draw_chart(chart, "svg", NETWORK).decode("utf-8")
    for d in chart.decisions:
        assert f">{d.cycle} {d.decision}<title>" in svg
    assert len(re.findall(r'<path d="M[^"]+l3\.5,3\.5l-3\.5,3\.5l-3\.5,-3\.5z"', svg)) == len(chart.decisions)
    assert '<circle' in svg and ">1<title>" in svg  # the data note's numbered flag


def test_place_labels_never_overlaps_and_keeps_labels_inside_the_right_edge() -> None:
    items = [(x, 60.0) for x in (10, 20, 30, 75, 80, 140, 590, 595)]
    placed = place_labels(items, right=600)
    spans = [((x - w, x) if flipped else (x, x + w), lane) for (x, w), (lane, flipped) in zip(items, placed)]
    for i, (a, lane_a) in enumerate(spans):
        assert a[1] <= 600
        for b, lane_b in spans[i + 1:]:
            if lane_a == lane_b:
                assert a[1] < b[0] or b[1] < a[0]


def test_nic_chart_prints_the_decisions_beside_the_notes(cli, monkeypatch) -> None:
    monkeypatch.setenv("NIC_TODAY", "2026-06-12")
    result = cli("-C", str(EXAMPLE), "chart", "ATT-90", "--site", "lincoln", "-q")
    assert "  Note 2026-02-02: Check-in cards" in result.stdout
    assert "  Decision 2026-01-30: C04 adopt CI-15" in result.stdout
