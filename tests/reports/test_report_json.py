"""`nic report --format json` in memory in line with its input (#17 class 9).

It peaked at 1.3 GB for a 2.6 MB CSV: `json.dumps(..., indent=1)` holds every small piece
of the text in a list before joining them (about seven times the output), and each site's
outcome series was written twice, in its network tile and on its site page. The report is
now written part by part (`Report.iter_json`), the same text `json.dumps` gave, and a tile
names the page's series instead of repeating it.
"""

from __future__ import annotations

import gc
import json
import os
import subprocess
import sys
import tracemalloc
from pathlib import Path

import pytest

from nictools.report import ReportRequest, make_report

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def network(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("gen") / "net"
    subprocess.run([sys.executable, str(ROOT / "benchmarks" / "generate.py"), "--sites", "60", "--seed", "3",
                    "--out", str(out)], check=True, capture_output=True)
    return out


def _report(root: Path, monkeypatch: pytest.MonkeyPatch):
    import nictools.reports.model as model

    monkeypatch.setenv("NIC_TODAY", "2026-06-01")
    seen = {}
    original = model.Report.iter_json

    def spy(self, indent: int = 1):
        seen["report"] = self
        return original(self, indent)

    monkeypatch.setattr(model.Report, "iter_json", spy)
    pieces, _ = make_report(ReportRequest(root=root, fmt="json"))
    return seen["report"], pieces


def test_the_pieces_make_the_text_json_dumps_gives(network: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    report, pieces = _report(network, monkeypatch)
    assert "".join(pieces) == json.dumps(report.to_json(), indent=1, ensure_ascii=False) + "\n"


def test_writing_holds_a_part_not_the_whole_report(network: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    report, _ = _report(network, monkeypatch)
    gc.collect()
    tracemalloc.start()
    try:
        whole = json.dumps(report.to_json(), indent=1, ensure_ascii=False)
        _, at_once = tracemalloc.get_traced_memory()
        del whole
        tracemalloc.reset_peak()
        written = sum(len(piece) for piece in report.iter_json())
        _, in_pieces = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert written > 1_000_000
    assert in_pieces < at_once / 3, (in_pieces, at_once)


def test_each_site_series_is_written_once(network: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _, pieces = _report(network, monkeypatch)
    data = json.loads("".join(pieces))
    tiles = data["network"]["sites"]
    paged = {page["site"] for page in data["sites"]}
    named = [t for t in tiles if t["series"] and "same_as" in t["series"]]
    # a tile whose site has a page points at the page's series (beyond 40 sites only sites with
    # something to say get a page, `--site-pages`); the others carry their own
    assert len(named) == len([t for t in tiles if t["site"] in paged]) > 20 and len(tiles) > 50
    assert all("points" in t["series"] for t in tiles if t["site"] not in paged and t["series"])
    for tile in named:
        index = int(tile["series"]["same_as"].split("[")[1].split("]")[0])
        page = data["sites"][index]
        assert page["site"] == tile["site"] and page["outcome"]["points"]
        assert tile["series"]["title"] == tile["name"]  # the tile's own title stays
    text = "".join(pieces)
    first = data["sites"][0]["outcome"]["points"][0]
    assert text.count(json.dumps(first["x"])) < 4 * len(data["sites"])  # no second copy per site


@pytest.mark.skipif(sys.platform == "win32", reason="peak RSS via resource (POSIX)")
def test_json_costs_no_more_than_markdown(network: Path, tmp_path: Path) -> None:
    """Peak memory of the whole command, JSON against Markdown (the same report model)."""
    code = ("import resource, sys; from nictools.cli.main import run; sys.argv = ['nic'] + sys.argv[1:]\n"
            "try:\n    run()\nexcept SystemExit:\n    pass\n"
            "sys.stderr.write('PEAK %d\\n' % resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)\n")
    peaks = {}
    for fmt in ("markdown", "json"):
        done = subprocess.run([sys.executable, "-c", code, "-q", "-C", str(network), "report", "--format", fmt,
                               "--out", str(tmp_path / f"r.{fmt}")], capture_output=True, text=True, timeout=600,
                              env={**os.environ, "NIC_TODAY": "2026-06-01"})
        peaks[fmt] = int(done.stderr.rsplit("PEAK ", 1)[1].split()[0])
    assert peaks["json"] < peaks["markdown"] * 1.15, peaks


def test_the_writer_gives_json_dumps_text_for_awkward_values() -> None:
    """The report's JSON is written without the json module's encoder; odd values read the same as before:
    NaN as null (but as NaN inside an assessment's own `to_json`), infinities, tuples, empty containers,
    keys that are not text, dates, words outside ASCII, a series' words and a completeness's share."""
    import datetime as dt
    import math

    from nictools.reports.model import Completeness, Marker, Point, Series, _JsonWriter, _plain

    series = Series("Attendance: Šite “7”", "ATT-90", "percent", "up", "run",
                    [Point(dt.date(2025, 9, 8), math.nan, 0.5, None, math.inf, "improvement", "<10", "masked"),
                     Point(3.5, -0.0, -math.inf, 1e-20, 123456789.123, None, 12, 40, 2, False)],
                    x_kind="date", percent=True, goal=None, status="improvement",
                    markers=[Marker(dt.date(2025, 10, 1), "C\n01", "cycle", end=dt.datetime(2025, 10, 2, 8, 30))])
    values = [
        series,
        {"empty list": [], "empty dict": {}, "tuple": (1, (2.5, "x")), 3: "int key", None: [True, None]},
        [Completeness("ATT-90", 0, 0), Completeness("ATT-90", 30, 27, 1, "weekly")],
        [],
        {},
        "plain text\t\u2028",
        math.nan,
    ]
    for indent in (1, 2):
        writer = _JsonWriter(indent)
        for value in values:
            expected = json.dumps(_plain(value), indent=indent, ensure_ascii=False)
            for depth in (0, 1, 3):
                assert "".join(writer.chunks(value, 0, depth=depth)) == expected
            out: list[str] = []
            writer.raw({"nan": math.nan, "inf": [math.inf], 1.5: "float key", False: 0}, 0, out)
            assert "".join(out) == json.dumps({"nan": math.nan, "inf": [math.inf], 1.5: "float key", False: 0},
                                              indent=indent, ensure_ascii=False)
