"""Every bad input of the corpus through `nic validate`, then through every command.

For each case: no traceback (exit 3 is a bug), the documented exit status, the exact
codes, every problem located in the file the case names (line >= 1 unless the problem
is about the whole file), and not one byte written to the repository (.git included).
"""

from __future__ import annotations

import json
from unittest import mock
from pathlib import Path
from typing import Any

import pytest
import typer
import typer.testing
from typer.testing import CliRunner

from nictools.cli.main import app
from tests.bad_inputs.cases import CASES, WHOLE_FILE, Case, readme_table
from tests.bad_inputs.corpus import Built, build, fingerprint, unreadable_for_root

README = Path(__file__).with_name("README.md")
FORMATS = ("text", "json", "github", "sarif", "junit", "gitlab")


@pytest.fixture(autouse=True)
def _fixed_world(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A fixed today, no colour, and the history cache kept out of the user's home."""
    monkeypatch.setenv("NIC_TODAY", "2025-10-01")
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))


#: typer's CliRunner builds the click command anew on every call (0.1 s); the corpus builds it once
COMMAND = typer.main.get_command(app)
RUNNER = CliRunner()


def run(built: Built, *args: str) -> Any:
    """`nic --debug -C ROOT ARGS…`: --debug prints the traceback of a bug, so the assertion shows it."""
    with unreadable_for_root(built.unreadable), mock.patch.object(typer.testing, "_get_command", lambda _: COMMAND):
        return RUNNER.invoke(app, ["--debug", "-C", str(built.root), *args], catch_exceptions=False)


def no_bug(result: Any, what: str) -> None:
    output = result.stdout + result.stderr
    assert result.exit_code != 3 and "Traceback" not in output, f"`nic {what}` hit a bug:\n{output}"
    assert result.exit_code in (0, 1, 2), f"`nic {what}` exited {result.exit_code}:\n{output}"


def _ids(cases: list[Case]) -> list[Any]:
    return [pytest.param(c, id=c.name) for c in cases]


@pytest.mark.parametrize("case", _ids(CASES))
def test_validate_locates_every_problem_and_writes_nothing(case: Case, tmp_path: Path) -> None:
    built = build(case, tmp_path)
    before = fingerprint(built.repo)

    result = run(built, "validate", "--format", "json")

    no_bug(result, "validate")
    assert result.exit_code == case.exit, result.stdout + result.stderr
    assert fingerprint(built.repo) == before, "nic validate wrote to the repository"
    if case.exit == 2:
        assert result.stdout == ""
        assert result.stderr.startswith("error: ") and "\nhint: " in result.stderr, result.stderr
        assert case.says in result.stderr, result.stderr
        return
    problems = json.loads(result.stdout)["problems"]
    assert any(case.says in p["message"] + " " + p["hint"] for p in problems), (case.says, problems)
    assert {p["code"] for p in problems} == set(case.codes), problems
    for p in problems:
        assert p["path"] == case.located, p
        assert p["message"] and p["hint"], p
        if p["code"] not in WHOLE_FILE:
            assert p["line"] >= 1, f"{p['code']} is not located on a line: {p}"
    if case.setup == "subfolder":  # annotations name the file from the repository's top
        github = run(built, "validate", "--format", "github")
        assert f"file=networks/ninth/{case.located}," in github.stdout, github.stdout


def costly(out: Path) -> list[list[str]]:
    """Commands that draw or write files (0.1-0.3 s each): each case runs one of them in turn."""
    return [
        ["chart", "ATT", "--site", "lincoln", "--out", str(out / "chart.svg")],
        ["chart", "ATT", "--all-sites", "--out", str(out / "all-sites.png")],
        *[["diagram", "--format", f, "--out", str(out / f"diagram.{f}")] for f in ("svg", "png", "pdf")],
        ["report", "--out", str(out / "report.html")],
        ["schema", "--out", str(out / "schemas")],
    ]


def commands(out: Path, index: int) -> tuple[list[list[str]], list[list[str]]]:
    """(read commands, write commands) for the `index`th case; outputs go to `out`, outside the repository."""
    turn = costly(out)
    reads = [["validate", "--format", f] for f in FORMATS] + [
        ["explain", "NIC001"],
        ["chart", "ATT", "--site", "lincoln"],
        ["chart", "ATT", "--all-sites"],
        *[["diagram", "--format", f, "--out", str(out / f"diagram.{f}")] for f in ("mermaid", "dot", "json")],
        turn[index % len(turn)],
        ["status"],
        ["log"],
        ["diff", "HEAD~1"],
        ["compare", "lincoln"],
        ["report", "--format", "markdown", "--out", str(out / "report.md")],
        ["fix", "--check"],
        ["migrate", "--check"],
        ["rename", "measure", "ATT", "ATT-2", "--dry-run"],
        ["convening", "list"],
    ]
    writes = [
        ["new", "change-idea", "--title", "Exit slips", "--driver", "S1"],
        ["new", "site", "roosevelt", "--name", "Roosevelt High", "--level", "high", "--size", "small"],
        ["data", "add", "ATT", "--site", "lincoln", "--period", "2025-09-15", "--numerator", "81",
         "--denominator", "100"],
        ["pdsa", "advance", "C01", "--site", "lincoln"],
        ["new", "pdsa", "--site", "lincoln", "--title", "Exit slips", "--change-idea", "CI-01"],
    ]
    return reads, writes


COMMAND_CASES = [c for c in CASES if c.commands]


@pytest.mark.filterwarnings("error::UserWarning")  # a library's warning would reach the user's terminal
@pytest.mark.parametrize("index", [pytest.param(i, id=c.name) for i, c in enumerate(COMMAND_CASES)])
def test_every_command_over_the_corpus(index: int, tmp_path: Path) -> None:
    case = COMMAND_CASES[index]
    built = build(case, tmp_path)
    out = tmp_path / "out"
    out.mkdir()
    reads, writes = commands(out, index)
    before = fingerprint(built.repo)
    outside = fingerprint(tmp_path / "outside")  # where the case's links point
    for args in reads:
        result = run(built, *args)
        no_bug(result, " ".join(args))
        assert fingerprint(built.repo) == before, f"`nic {' '.join(args)}` wrote to the repository"
    for args in writes:
        no_bug(run(built, *args), " ".join(args))
        assert fingerprint(tmp_path / "outside") == outside, f"`nic {' '.join(args)}` wrote through a link"


def test_every_costly_command_meets_every_kind_of_file() -> None:
    """Taking turns still puts each costly command over broken YAML, CSV, paths and the network folder."""
    turn = costly(Path("out"))
    for k, command in enumerate(turn):
        kinds = {COMMAND_CASES[i].kind for i in range(k, len(COMMAND_CASES), len(turn))}
        assert "data CSV" in kinds and len(kinds) >= 6, (command, kinds)


def test_readme_lists_every_case() -> None:
    text = README.read_text(encoding="utf-8")
    assert readme_table() in text, "tests/bad_inputs/README.md is stale: paste `python -m tests.bad_inputs.cases`"
    assert len(CASES) >= 60 and len({c.name for c in CASES}) == len(CASES)
