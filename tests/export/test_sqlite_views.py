"""The SQLite export's views (latest_assessment, cycles_by_stage, spread_matrix) run in Python's
sqlite3 and in the sqlite3 command-line shell, and return the rows a coordinator expects."""

from __future__ import annotations

import shutil
import sqlite3
import subprocess
from pathlib import Path

import pytest

from nictools.export.write_sqlite import VIEWS


@pytest.fixture(scope="module")
def database(example_repo: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    from typer.testing import CliRunner

    from nictools.cli.main import app

    out = tmp_path_factory.mktemp("views") / "network.sqlite"
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("NIC_TODAY", "2026-07-01")
        mp.setenv("NICTOOLS_CACHE_DIR", str(out.parent / "cache"))
        result = CliRunner().invoke(app, ["-C", str(example_repo), "export", "--out", str(out)],
                                    catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return out


def _rows(db: sqlite3.Connection, sql: str) -> list[sqlite3.Row]:
    db.row_factory = sqlite3.Row
    return list(db.execute(sql))


def test_the_views_are_in_the_file(database: Path) -> None:
    with sqlite3.connect(database) as db:
        views = {r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type = 'view'")}
    assert views == set(VIEWS) == {"latest_assessment", "cycles_by_stage", "spread_matrix"}


def test_latest_assessment_is_the_last_point_of_each_site_and_measure(database: Path, example_repo: Path) -> None:
    from nictools.load.network import load_network

    network, _ = load_network(example_repo)
    with sqlite3.connect(database) as db:
        rows = _rows(db, "SELECT * FROM latest_assessment")
        keys = {(r["site_id"], r["measure_id"], r["subgroup"], r["stratum"]) for r in rows}
        assert len(keys) == len(rows)  # one row each
        expected = {tuple(k) for k in db.execute("SELECT DISTINCT site_id, measure_id, subgroup, stratum FROM data_points")}
        assert keys == expected
    for row in rows:
        if row["subgroup"] is not None or row["stratum"] is not None:
            continue
        table = network.data[(row["site_id"], row["measure_id"])]
        periods = sorted(str(r.period) for r in table.rows if getattr(r, "subgroup", None) in (None, "")
                         and getattr(r, "stratum", None) in (None, ""))
        assert row["latest_period"] == periods[-1] and row["first_period"] == periods[0], row["site_id"]
        assert row["points"] == len(periods)
        assert row["measure_title"] == network.measures[row["measure_id"]].model.title


def test_cycles_by_stage_counts_every_site_at_every_stage(database: Path, example_repo: Path) -> None:
    from nictools.load.network import load_network

    network, _ = load_network(example_repo)
    with sqlite3.connect(database) as db:
        rows = _rows(db, "SELECT site_id, stage, cycles FROM cycles_by_stage")
    assert len(rows) == 4 * len(network.sites)
    counted = {(r["site_id"], r["stage"]): r["cycles"] for r in rows}
    for site in network.sites:
        for stage in ("plan", "do", "study", "act"):
            expected = sum(1 for (s, _), rec in network.cycles.items() if s == site and rec.model.stage == stage)
            assert counted[(site, stage)] == expected, (site, stage)
    assert sum(counted.values()) == len(network.cycles)


def test_spread_matrix_agrees_with_the_reports_spread_states(database: Path, example_repo: Path) -> None:
    """The view decides each idea's state at each site as the convening report does (reports.evidence)."""
    import datetime as dt

    from nictools.export.source import read_source
    from nictools.reports.activity import Timeline
    from nictools.reports.evidence import site_state

    source = read_source(example_repo)
    timeline = Timeline(source.network, dt.date(2026, 7, 1), decided=source.decided)
    with sqlite3.connect(database) as db:
        rows = _rows(db, "SELECT change_idea_id, site_id, state FROM spread_matrix")
    view = {(r["change_idea_id"], r["site_id"]): r["state"] for r in rows}
    report = {}
    for idea in source.network.change_ideas:
        for site in source.network.sites:
            state, _ = site_state(source.network, timeline, site, idea)
            if state:
                report[(idea, site)] = state
    assert view == report
    assert {"adopted", "testing"} <= set(view.values())


def test_the_views_run_in_the_sqlite3_shell(database: Path) -> None:
    shell = shutil.which("sqlite3")
    if shell is None:
        pytest.skip("the sqlite3 command-line shell is not installed")
    for view in VIEWS:
        done = subprocess.run([shell, "-readonly", "-csv", str(database), f'SELECT count(*) FROM "{view}"'],
                              capture_output=True, text=True, timeout=60)
        assert done.returncode == 0 and int(done.stdout.strip()) > 0, (view, done.stderr)


def test_every_query_in_docs_export_runs(database: Path) -> None:
    """The example queries in docs/export.md run on the example and return rows."""
    import re

    doc = (Path(__file__).resolve().parents[2] / "docs" / "export.md").read_text(encoding="utf-8")
    queries = re.findall(r"```sql\n(.*?)```", doc, re.S)
    assert len(queries) >= 4
    with sqlite3.connect(database) as db:
        for query in queries:
            assert db.execute(query).fetchall(), query
