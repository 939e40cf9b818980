"""Dates at the edges of the calendar on every history option (issue 17, class 8, the history half).

`--as-of`, `--since` and `--until` are resolved in one place (`History`); the first and last
days a date can hold, and days that are not dates at all, must give a plain answer (exit
0) or a plain error (exit 2 with `error:` and `hint:`), never an internal error (exit 3).
The repository also holds a commit dated year 10000 at its tip, so "the last commit's day"
is an edge too.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from typer.testing import CliRunner

from nictools.cli.main import app
from tests.conftest import MINIMAL  # type: ignore[import-not-found]
from tests.history.conftest import GitNetwork, git_env  # type: ignore[import-not-found]

EDGES = ["0001-01-01", "9999-12-31", "1969-12-31", "2100-01-01", "0000-01-01", "10000-01-01", "2025-02-30"]


def _git(root: Path, *args: str, input: bytes | None = None) -> str:
    return subprocess.run(["git", *args], cwd=root, input=input, capture_output=True, check=True,
                          env=git_env()).stdout.decode().strip()


def _build(root: Path, far_future_tip: bool) -> Path:
    net = GitNetwork(root)
    net.commit("Start", "2025-09-01T09:00:00+00:00", dict(MINIMAL))
    net.commit("More data", "2025-09-20T09:00:00+00:00", {
        "sites/lincoln/data/ATT.csv": MINIMAL["sites/lincoln/data/ATT.csv"] + "2025-09-15,85,100\n"})
    if far_future_tip:
        (root / "sites/lincoln/data/ATT.csv").write_text(
            MINIMAL["sites/lincoln/data/ATT.csv"] + "2025-09-15,85,100\n2025-09-22,86,100\n", encoding="utf-8")
        _git(root, "add", "-A")
        tree, parent = _git(root, "write-tree"), _git(root, "rev-parse", "HEAD")
        raw = (f"tree {tree}\nparent {parent}\nauthor A <a@example.org> 253402300800 +1400\n"
               f"committer A <a@example.org> 253402300800 +1400\n\nA clock set to year 10000\n").encode()
        _git(root, "update-ref", "HEAD", _git(root, "hash-object", "-t", "commit", "-w", "--literally", "--stdin",
                                              input=raw))
    return root


@pytest.fixture(scope="module", params=[False, True], ids=["plain", "year-10000-tip"])
def repo(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _build(tmp_path_factory.mktemp("edges") / "net", request.param)


def _commands(day: str, out: Path) -> list[list[str]]:
    return [
        ["status", "--as-of", day], ["status", "--as-of", day, "--format", "json"],
        ["log", "--since", day], ["log", "--until", day], ["log", "--since", day, "--until", day],
        ["diff", "--since", day], ["diff", day], ["diff", "HEAD~1", day],
        ["report", "--format", "markdown", "--as-of", day], ["report", "--format", "json", "--since", day],
        ["export", "--as-of", day, "--out", str(out / "export")],
        ["diagram", "--as-of", day], ["compare", "lincoln", "--as-of", day],
    ]


@pytest.mark.parametrize("day", EDGES)
def test_edge_dates_get_a_plain_answer_or_a_plain_error(repo: Path, tmp_path: Path, day: str) -> None:
    env = {"NIC_TODAY": "2026-07-01", "NICTOOLS_CACHE_DIR": str(tmp_path / "cache"), "NIC_NO_PROGRESS": "1"}
    for args in _commands(day, tmp_path):
        result = CliRunner().invoke(app, ["-C", str(repo), *args], env=env, catch_exceptions=False)
        assert result.exit_code in (0, 2), (args, result.exit_code, result.output)
        assert "Traceback" not in result.output and "internal error" not in result.output, args
        if result.exit_code == 2:
            assert "error:" in result.stderr and "hint:" in result.stderr, (args, result.stderr)
            assert result.stdout == "", args


def test_a_day_far_after_today_is_measured_as_of_today(repo: Path, tmp_path: Path) -> None:
    env = {"NIC_TODAY": "2026-07-01", "NICTOOLS_CACHE_DIR": str(tmp_path / "cache"), "NIC_NO_PROGRESS": "1"}
    result = CliRunner().invoke(app, ["-C", str(repo), "status", "--as-of", "9999-12-31"], env=env,
                                catch_exceptions=False)
    assert result.exit_code == 0
    assert "nic measures as of today" in result.stderr


def test_a_day_before_the_first_commit_is_a_plain_error(repo: Path, tmp_path: Path) -> None:
    env = {"NIC_TODAY": "2026-07-01", "NICTOOLS_CACHE_DIR": str(tmp_path / "cache"), "NIC_NO_PROGRESS": "1"}
    result = CliRunner().invoke(app, ["-C", str(repo), "status", "--as-of", "0001-01-01"], env=env,
                                catch_exceptions=False)
    assert result.exit_code == 2
    assert "0001-01-01 is before the first commit (2025-09-01)" in result.stderr
