"""`nic chart MEASURE --site | --all-sites | --network` in a network, and the aggregate."""

from __future__ import annotations

import datetime as dt
import json
import textwrap
from pathlib import Path

import pytest

from tests.conftest import MINIMAL  # type: ignore[import-not-found]
from nictools.load.tables import read_table
from nictools.measurement.series import network_series


def weeks(k: int, start: str = "2025-09-01") -> list[str]:
    d = dt.date.fromisoformat(start)
    return [(d + dt.timedelta(days=7 * i)).isoformat() for i in range(k)]


def ratio_csv(rows: list[tuple[str, int | None, int | None]]) -> str:
    return "period,numerator,denominator\n" + "".join(
        f"{p},{'' if a is None else a},{'' if b is None else b}\n" for p, a, b in rows)


LINCOLN = [80, 82, 79, 81, 80, 78, 86, 88, 87, 89, 90, 88]

SITE_WITH_PHASE = """\
    id: lincoln
    name: Lincoln High School
    cluster: rac-1
    context: {level: high, size_band: large}
    joined: 2024-08-15
    phases:
      - measure: ATT
        start: 2025-10-13
        reason: Exit tickets in every advisory
        change_idea: CI-01
    """

CYCLE_WITH_START = textwrap.dedent(MINIMAL["sites/lincoln/pdsa/C01.yaml"]) + textwrap.dedent("""\
      planned_start: 2025-09-22
      scale: {teachers: 1, classes: 1}
    do:
      as_planned: "yes"
      actual_start: 2025-09-29
    """)


@pytest.fixture
def network(make_network) -> Path:
    return make_network({
        "sites/lincoln/site.yaml": SITE_WITH_PHASE,
        "sites/lincoln/pdsa/C01.yaml": CYCLE_WITH_START,
        "sites/lincoln/data/ATT.csv": ratio_csv([(p, v, 100) for p, v in zip(weeks(12), LINCOLN)]),
    })


def test_site_chart_has_the_phase_and_the_measure_type(cli, network: Path) -> None:
    result = cli("-C", str(network), "chart", "ATT", "--site", "lincoln", "--format", "json")
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["chart"] == "p"  # the measure's declared chart
    assert [pt["part"] for pt in data["points"]] == [1] * 6 + [2] * 6
    assert data["points"][0]["centre"] == pytest.approx(sum(LINCOLN[:6]) / 600)
    text = cli("-C", str(network), "chart", "ATT", "--site", "lincoln").stdout
    assert "New phase: Exit tickets in every advisory" in text
    assert "Lincoln High School" in text


def test_site_chart_picture_has_the_phase_reason_and_the_pdsa_marker(cli, network: Path, tmp_path: Path) -> None:
    import xml.etree.ElementTree as ET

    out = tmp_path / "att.svg"
    result = cli("-C", str(network), "chart", "ATT", "--site", "lincoln", "--out", str(out))
    assert result.exit_code == 0, result.stderr
    root = ET.parse(out).getroot()
    texts = [t.text or "" for t in root.iter("{http://www.w3.org/2000/svg}text")]
    assert any("Exit tickets in every" in t for t in texts)
    assert "C01 CI-01 · 1 class" in texts
    png = tmp_path / "att.png"  # matplotlib draws the same description for PNG and PDF
    assert cli("-C", str(network), "chart", "ATT", "--site", "lincoln", "--out", str(png)).exit_code == 0
    assert png.read_bytes().startswith(b"\x89PNG")


def test_options_override_the_measure(cli, network: Path) -> None:
    data = json.loads(cli("-C", str(network), "chart", "ATT", "--site", "lincoln", "--type", "run",
                          "--rules", "ihi", "--format", "json").stdout)
    assert (data["chart"], data["rules"]) == ("run", "ihi")


def test_unknown_measure_and_site_suggest_the_close_name(cli, network: Path) -> None:
    result = cli("-C", str(network), "chart", "ATTT", "--site", "lincoln")
    assert result.exit_code == 2 and "Did you mean `ATT`" in result.stderr
    result = cli("-C", str(network), "chart", "ATT", "--site", "lincon")
    assert result.exit_code == 2 and "Did you mean `lincoln`" in result.stderr


def test_a_measure_needs_a_site_all_sites_or_network(cli, network: Path) -> None:
    result = cli("-C", str(network), "chart", "ATT")
    assert result.exit_code == 2 and "--site" in result.stderr


TWO_SITES = {
    "sites/roosevelt/site.yaml": """\
        id: roosevelt
        name: Roosevelt High School
        cluster: rac-1
        context: {level: high, size_band: small}
        joined: 2024-08-15
        """,
    "sites/lincoln/data/ATT.csv": ratio_csv([("2025-09-01", 80, 100), ("2025-09-08", 82, 100),
                                             ("2025-09-15", 85, 100)]),
    "sites/roosevelt/data/ATT.csv": ratio_csv([("2025-09-01", 30, 50), ("2025-09-08", None, None),
                                               ("2025-09-15", 40, 50)]),
}


def test_network_sums_numerators_and_denominators_and_flags_a_missing_site(cli, make_network) -> None:
    root = make_network(TWO_SITES)
    # three points: too few for a baseline, so the measure's p chart is a run chart unless asked for
    result = cli("-C", str(root), "chart", "ATT", "--network", "--type", "p", "--format", "json")
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert set(data) == {"site", "chart"} and data["site"] is None
    points = data["chart"]["points"]
    assert [(p["numerator"], p["denominator"]) for p in points] == [(110, 150), (82, 100), (125, 150)]
    assert points[0]["value"] == pytest.approx(110 / 150)  # not the mean of 80% and 60%
    assert data["chart"]["points"][0]["centre"] == pytest.approx(317 / 400)
    declared = json.loads(cli("-C", str(root), "chart", "ATT", "--network", "--format", "json").stdout)
    assert declared["chart"]["chart"] == "run" and declared["chart"]["assessment"]["signal"] == "too-few-points"
    assert "2025-09-08: roosevelt did not report" in result.stderr
    assert "2025-09-15: roosevelt reported again" in result.stderr


def test_network_series_hand_worked(tmp_path: Path) -> None:
    a = read_table(ratio_csv([("2025-09-01", 8, 10), ("2025-09-08", 9, 10)]), "a.csv")
    b = read_table(ratio_csv([("2025-09-08", 1, 30)]), "b.csv")
    agg = network_series({"a": a, "b": b}, "proportion")
    assert agg.series.y.tolist() == [8, 10] and agg.series.n.tolist() == [10, 40]
    [change] = agg.reporting_changes
    assert change.period == dt.date(2025, 9, 8) and change.joined == ("b",) and change.missing == ()
    means = network_series({
        "a": read_table("period,value,n\n2025-09-01,3.0,10\n", "a.csv"),
        "b": read_table("period,value,n\n2025-09-01,4.0,30\n", "b.csv"),
    }, "mean")
    assert means.series.y.tolist() == [pytest.approx(3.75)]  # weighted by n


def test_all_sites_wraps_each_chart_and_pages_the_picture(cli, make_network, tmp_path: Path) -> None:
    root = make_network(TWO_SITES)
    result = cli("-C", str(root), "chart", "ATT", "--all-sites", "--format", "json")
    data = json.loads(result.stdout)
    assert [d["site"] for d in data] == ["lincoln", "roosevelt"]
    assert all(set(d) == {"site", "chart"} for d in data)
    out = tmp_path / "pages" / "att.png"
    result = cli("-C", str(root), "chart", "ATT", "--all-sites", "--per-page", "1", "--out", str(out))
    assert result.exit_code == 0, result.stderr
    assert sorted(p.name for p in out.parent.iterdir()) == ["att-1.png", "att-2.png"]
    per_site = tmp_path / "sites" / "att-{site}.svg"
    cli("-C", str(root), "chart", "ATT", "--all-sites", "--out", str(per_site))
    assert sorted(p.name for p in per_site.parent.iterdir()) == ["att-lincoln.svg", "att-roosevelt.svg"]
