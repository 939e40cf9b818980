"""Each format round-trips through the tool a user would open it with, and --as-of reads the past."""

from __future__ import annotations

import csv
import datetime as dt
import json
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from nictools.export.tables import ORDER, SPECS


def _git(root: Path, *args: str) -> str:
    return subprocess.run(["git", *args], cwd=root, capture_output=True, text=True, check=True).stdout.strip()


@pytest.fixture(scope="module")
def exports(example_repo: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The example exported once in each format (through the CLI)."""
    from typer.testing import CliRunner

    from nictools.cli.main import app

    out = tmp_path_factory.mktemp("exports")
    paths = {"csv": out / "tables", "xlsx": out / "network.xlsx", "sqlite": out / "network.sqlite"}
    runner = CliRunner()
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("NIC_TODAY", "2026-07-01")
        mp.setenv("NICTOOLS_CACHE_DIR", str(out / "cache"))
        for fmt, path in paths.items():
            result = runner.invoke(app, ["-C", str(example_repo), "export", "--format", fmt, "--out", str(path)],
                                   catch_exceptions=False)
            assert result.exit_code == 0, result.output
            assert f"wrote {path}" in result.stdout
    return paths


def _csv(path: Path) -> list[dict[str, str]]:
    with path.open(newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def test_csv_folder_reads_back_with_the_csv_module(exports, example_repo: Path) -> None:
    folder = exports["csv"]
    assert sorted(p.name for p in folder.iterdir()) == sorted([f"{t}.csv" for t in ORDER] + ["README.txt",
                                                                                            "datapackage.json"])
    raw = (folder / "sites.csv").read_bytes()
    assert not raw.startswith(b"\xef\xbb\xbf") and b"\r\n" in raw  # UTF-8 without BOM, RFC 4180 line ends
    package = json.loads((folder / "datapackage.json").read_text(encoding="utf-8"))
    assert package["profile"] == "tabular-data-package"
    for resource in package["resources"]:
        rows = _csv(folder / resource["path"])
        with (folder / resource["path"]).open(newline="", encoding="utf-8") as handle:
            header = next(csv.reader(handle))
        assert header == [f["name"] for f in resource["schema"]["fields"]]
        assert resource["schema"]["fields"] == [{"name": c.name, "type": c.type, "description": c.description}
                                                for c in SPECS[resource["name"]].columns]
    points = _csv(folder / "data_points.csv")
    assert len(points) > 2000
    assert all(dt.date.fromisoformat(p["period"]) for p in points)
    assert {p["masked"] for p in points} == {"true", "false"}
    masked = next(p for p in points if p["masked"] == "true")
    assert masked["numerator"] == "" or masked["denominator"] == "" or masked["n"] == ""
    events = _csv(folder / "events.csv")
    assert len(events) > 1000 and events[0]["committed_at"].endswith("Z")
    assert events[-1]["commit"] == _git(example_repo, "rev-parse", "HEAD")
    meta = {r["key"]: r["value"] for r in _csv(folder / "meta.csv")}
    assert meta["network_name"] == "Ninth Grade On-Track Network" and meta["small_cell_threshold"] == "10"
    assert meta["as_of_revision"] == "working tree" and meta["events"] == "yes"
    readme = (folder / "README.txt").read_text(encoding="utf-8")
    assert "data_points.csv" in readme and "read_csv" in readme


def test_xlsx_has_a_typed_sheet_per_table(exports) -> None:
    from openpyxl import load_workbook

    wb = load_workbook(exports["xlsx"])
    assert wb.sheetnames == ORDER + ["columns"]
    points = wb["data_points"]
    assert points.freeze_panes == "A2"
    header = [c.value for c in points[1]]
    assert header == SPECS["data_points"].column_names
    assert points[1][0].font.bold
    row = [c for c in points[2]]
    named = dict(zip(header, row))
    assert isinstance(named["period"].value, dt.datetime) and named["period"].number_format == "yyyy-mm-dd"
    assert isinstance(named["masked"].value, bool)
    assert isinstance(named["value"].value, float)
    assert points.column_dimensions["A"].width >= len("cedar-ridge")
    assert points.max_row == len(_csv(exports["csv"] / "data_points.csv")) + 1
    events = wb["events"]
    assert isinstance(events["B2"].value, dt.datetime)  # committed_at, UTC


def test_sqlite_opens_with_types_keys_and_meta(exports) -> None:
    db = sqlite3.connect(exports["sqlite"])
    try:
        assert db.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        assert db.execute("PRAGMA foreign_key_check").fetchall() == []
        tables = [r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type='table' ORDER BY rowid")]
        assert tables == ORDER
        info = {r[1]: (r[2], r[5]) for r in db.execute("PRAGMA table_info(data_points)")}
        assert info["period"] == ("DATE", 0) and info["numerator"] == ("REAL", 0) and info["masked"][0] == "BOOLEAN"
        assert info["site_id"][1] == 1 and info["line"][1] == 3  # the primary key
        fks = {(r[2], r[3], r[4]) for r in db.execute("PRAGMA foreign_key_list(data_points)")}
        assert fks == {("sites", "site_id", "site_id"), ("measures", "measure_id", "measure_id")}
        meta = dict(db.execute("SELECT key, value FROM meta"))
        assert {"nictools_version", "network_name", "as_of_date", "as_of_revision", "exported_at"} <= set(meta)
        # the same rows as the CSV folder
        for table in ("sites", "data_points", "cycles", "predictions", "events"):
            count = db.execute(f'SELECT count(*) FROM "{table}"').fetchone()[0]
            assert count == len(_csv(exports["csv"] / f"{table}.csv")), table
        # a join an analyst would write
        (adopted,) = db.execute("SELECT count(*) FROM decisions d JOIN cycles c USING (site_id, cycle_id) "
                                "WHERE d.decision = 'adopt' AND c.stage = 'act'").fetchone()
        assert adopted > 0
        assert db.execute("SELECT count(*) FROM data_points WHERE masked AND numerator IS NOT NULL "
                          "AND numerator < 10").fetchone() == (0,)
    finally:
        db.close()


def test_as_of_exports_the_older_state(example_repo: Path, cli, tmp_path: Path) -> None:
    out = tmp_path / "then.sqlite"
    result = cli("-C", str(example_repo), "export", "--out", str(out), "--as-of", "2025-10-01")
    assert result.exit_code == 0, result.output
    commit = _git(example_repo, "rev-list", "-1", "--first-parent", "--before=2025-10-01T23:59:59", "HEAD")
    then = sqlite3.connect(out)
    try:
        meta = dict(then.execute("SELECT key, value FROM meta"))
        assert meta["as_of_revision"] == commit and meta["as_of_date"] == "2025-10-01"
        (last_event,) = then.execute("SELECT max(date) FROM events").fetchone()
        assert last_event <= "2025-10-01"
        (last_period,) = then.execute("SELECT max(period) FROM data_points").fetchone()
        assert last_period <= "2025-10-01"
        (cycles,) = then.execute("SELECT count(*) FROM cycles").fetchone()
        (acted,) = then.execute("SELECT count(*) FROM cycles WHERE stage = 'act'").fetchone()
    finally:
        then.close()
    from nictools.history.session import History

    with History(example_repo) as history:
        past = history.network(commit)
    assert cycles == len(past.cycles) < len(list(example_repo.glob("sites/*/pdsa/*.yaml")))
    assert acted == sum(1 for r in past.cycles.values() if r.model.stage == "act")


def test_a_folder_without_git_exports_without_events(example_tree: Path, cli, tmp_path: Path) -> None:
    out = tmp_path / "tables"
    result = cli("-C", str(example_tree), "export", "--out", str(out))
    assert result.exit_code == 0, result.output
    assert not (out / "events.csv").exists() and (out / "sites.csv").exists()
    assert "without the events table" in result.stderr and "not in a git repository" in result.stderr
    meta = {r["key"]: r["value"] for r in _csv(out / "meta.csv")}
    assert meta["events"].startswith("no")
    assert "events" not in [r["name"] for r in json.loads((out / "datapackage.json").read_text())["resources"]]
    result = cli("-C", str(example_tree), "export", "--out", str(tmp_path / "x.sqlite"), "--as-of", "2025-10-01")
    assert result.exit_code == 2 and "git history" in result.stderr and "Traceback" not in result.output


def test_export_writes_only_to_out(example_repo: Path, cli, tmp_path: Path) -> None:
    before = _git(example_repo, "status", "--porcelain", "--ignored")
    out = tmp_path / "a" / "b" / "net.xlsx"
    assert cli("-C", str(example_repo), "export", "--out", str(out)).exit_code == 0
    assert out.is_file()
    assert _git(example_repo, "status", "--porcelain", "--ignored") == before
    assert [p.name for p in out.parent.iterdir()] == ["net.xlsx"]  # no temporary file left behind


def test_pandas_is_not_needed(example_tree: Path, tmp_path: Path) -> None:
    """Every format is written with pandas made unimportable, and pandas is no dependency."""
    script = (
        "import sys\n"
        "class Block:\n"
        "    def find_spec(self, name, path=None, target=None):\n"
        "        if name.split('.')[0] in ('pandas', 'polars', 'pyarrow'):\n"
        "            raise ImportError('blocked: ' + name)\n"
        "sys.meta_path.insert(0, Block())\n"
        "from nictools.export.run import ExportRequest, export_tables\n"
        "from pathlib import Path\n"
        f"root, out = Path({str(example_tree)!r}), Path({str(tmp_path)!r})\n"
        "for fmt in ('csv', 'xlsx', 'sqlite'):\n"
        "    export_tables(ExportRequest(root=root, fmt=fmt, out=out / ('t.' + fmt)))\n"
        "print('ok')\n")
    src = Path(__file__).resolve().parents[2] / "src"
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                          env={"PYTHONPATH": str(src), "PATH": "/usr/bin:/bin", "NIC_TODAY": "2026-07-01",
                               "HOME": str(tmp_path)})
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "ok"
    pyproject = (Path(__file__).resolve().parents[2] / "pyproject.toml").read_text(encoding="utf-8")
    assert "pandas" not in pyproject


def test_xlsx_keeps_formula_like_text_as_text(make_network, cli, tmp_path: Path) -> None:
    root = make_network({"sites/lincoln/site.yaml": """\
        id: lincoln
        name: '=HYPERLINK("https://example.org","click")'
        cluster: rac-1
        context: {level: high, size_band: large}
        joined: 2024-08-15
        """, "sites/lincoln/data/ATT.csv": "period,numerator,denominator,note\n2025-09-01,80,100,bell\x07 rang\n"})
    out = tmp_path / "n.xlsx"
    result = cli("-C", str(root), "export", "--out", str(out))
    assert result.exit_code == 0, result.output
    from openpyxl import load_workbook

    wb = load_workbook(out)
    name = wb["sites"]["B2"]
    assert name.data_type == "s" and name.value == '=HYPERLINK("https://example.org","click")'
    header = [c.value for c in wb["data_points"][1]]
    assert wb["data_points"].cell(2, header.index("note") + 1).value == "bell rang"
