"""One chart, two drawers: the SVG writer and matplotlib show the same points and signal colours.

Every example measure at every site is drawn both ways from the one description (the
site's MeasureChart). The SVG's circles and matplotlib's point markers must agree on how
many points there are and which are improvement, concern or no-direction signals, and
both must use the one palette.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import numpy as np
import pytest

from nictools.load.network import load_network
from nictools.measurement.analyses import Analyses
from nictools.render import palette
from nictools.render.chart_files import chart_series, draw_chart
from nictools.render.charts import chart_figure

EXAMPLE = Path(__file__).resolve().parents[2] / "src" / "nictools" / "example"


def _cases():
    network, _ = load_network(EXAMPLE)
    return network, sorted(network.data)


NETWORK, CASES = _cases()
ANALYSES = Analyses(NETWORK, dt.date(2026, 6, 12))


@pytest.mark.parametrize("site,measure", CASES, ids=[f"{s}-{m}" for s, m in CASES])
def test_svg_and_matplotlib_show_the_same_points_and_signals(site: str, measure: str) -> None:
    chart = ANALYSES.site_chart(measure, site)
    if chart is None:
        pytest.skip(f"{site} {measure}: {ANALYSES.why_not(measure, site)}")
    svg = draw_chart(chart, "svg", NETWORK).decode("utf-8")
    circles = re.findall(r'<circle cx="[^"]+" cy="[^"]+" r="([^"]+)" fill="([^"]+)"/>', svg)
    svg_counts = {kind: sum(1 for _, fill in circles if fill == colour) for kind, colour in palette.SIGNAL.items()}
    figure = chart_figure(chart)
    ax = next(a for a in figure.axes if any(line.get_gid() == "points" for line in a.lines))
    lines = {line.get_gid(): line for line in ax.lines}
    mpl_counts = {kind: len(lines[f"signal-{kind}"].get_xdata()) if f"signal-{kind}" in lines else 0
                  for kind in palette.SIGNAL}
    for kind, colour in palette.SIGNAL.items():
        if mpl_counts[kind]:
            assert lines[f"signal-{kind}"].get_markerfacecolor() == colour
    assert svg_counts == mpl_counts
    values = np.asarray(lines["points"].get_ydata(), dtype=float)
    assert len(circles) == int(np.isfinite(values).sum())  # one circle per point with a value
    series = chart_series(chart, NETWORK)
    assert [p.signal for p in series.points] == list(chart.kinds)


def test_the_svg_file_is_the_reports_chart(tmp_path: Path, cli) -> None:
    import shutil

    root = tmp_path / "net"
    shutil.copytree(EXAMPLE, root)
    out = root / "att.svg"
    result = cli("-C", str(root), "chart", "ATT-90", "--site", "lincoln", "--out", str(out))
    assert result.exit_code == 0, result.output
    text = out.read_text(encoding="utf-8")
    assert text.startswith("<?xml") and 'role="img"' in text and "<desc" in text
    assert palette.IMPROVEMENT in text  # Lincoln's step-up against its frozen baseline
