"""Every check has a failing and a passing case file under tests/checks/cases/.

A case file holds overrides to the minimal test network (`tests/conftest.py`
MINIMAL; `null` deletes a file) and, for a failing case, where the problem must be
reported. Contents are text, or a mapping for what text cannot say:
`{latin1: ...}` (bytes in Latin-1), `{repeat: ..., times: N}`, `{symlink: target}`,
`{directory: true}`. Every case runs with NIC_TODAY=2026-06-01 unless it sets `today`;
`git: true` makes the network a git repository with every file not ignored added.
"""

from __future__ import annotations

import os
import textwrap
from pathlib import Path

import pytest
import yaml

from nictools.catalogue import CATALOGUE
from nictools.validate import run
from tests.conftest import MINIMAL

CASES = Path(__file__).parent / "cases"
TODAY = "2026-06-01"


def _case_files(kind: str) -> list[Path]:
    return sorted((CASES / kind).glob("*.yaml"))


def write_case_network(root: Path, files: dict) -> None:
    """MINIMAL plus the case's overrides, written under `root`."""
    merged: dict = {k: textwrap.dedent(v) for k, v in MINIMAL.items()}
    merged.update(files)
    for rel, content in merged.items():
        if content is None:
            continue
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, str):
            path.write_bytes(content.encode("utf-8"))
        elif "latin1" in content:
            path.write_bytes(content["latin1"].encode("latin-1"))
        elif "repeat" in content:
            path.write_bytes(content["repeat"].encode("utf-8") * int(content["times"]))
        elif "symlink" in content:
            path.symlink_to(content["symlink"])
        elif content.get("directory"):
            path.mkdir(parents=True, exist_ok=True)
        else:
            raise ValueError(f"unknown content form in case for {rel}: {content}")


def make_case_network(tmp_path: Path, case: dict, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The case's network under `tmp_path` (a git repository when the case says `git: true`)."""
    monkeypatch.setenv("NIC_TODAY", str(case.get("today", TODAY)))
    root = tmp_path / "net"
    write_case_network(root, case.get("files") or {})
    if case.get("git"):
        import subprocess

        env = {**os.environ, "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1"}
        for args in (["init", "-q"], ["add", "-A"]):
            subprocess.run(["git", "-C", str(root), *args], check=True, capture_output=True, env=env)
    return root


def _run_case(tmp_path: Path, case_file: Path, monkeypatch: pytest.MonkeyPatch):
    case = yaml.safe_load(case_file.read_text(encoding="utf-8"))
    result, _ = run(make_case_network(tmp_path, case, monkeypatch))
    return case, result.problems


@pytest.mark.parametrize("case_file", _case_files("fail"), ids=lambda p: p.stem)
def test_failing_case_reports_its_code(tmp_path: Path, case_file: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    case, problems = _run_case(tmp_path, case_file, monkeypatch)
    code = case["code"]
    assert case_file.stem == code and CATALOGUE[code].name == case["name"]
    expect = case["expect"]
    found = [(p.path, p.line) for p in problems if p.code == code]
    assert found, f"{code} not reported; got {[(p.code, p.path, p.line) for p in problems]}"
    assert expect["path"] in {path for path, _ in found}, found
    if "line" in expect:
        assert (expect["path"], expect["line"]) in found, found


@pytest.mark.parametrize("case_file", _case_files("pass"), ids=lambda p: p.stem)
def test_passing_case_does_not_report_its_code(tmp_path: Path, case_file: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    case, problems = _run_case(tmp_path, case_file, monkeypatch)
    assert case_file.stem == case["code"]
    assert case["code"] not in {p.code for p in problems}, [(p.code, p.path, p.line, p.message) for p in problems]


def test_every_catalogued_code_has_a_failing_and_a_passing_case() -> None:
    codes = set(CATALOGUE)
    assert {p.stem for p in _case_files("fail")} == codes
    assert {p.stem for p in _case_files("pass")} == codes


def test_minimal_network_has_no_problems_at_all(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NIC_TODAY", TODAY)
    write_case_network(tmp_path / "net", {})
    result, _ = run(tmp_path / "net")
    assert result.problems == []


if os.name == "nt":  # symlinks need privileges on Windows
    pytestmark = pytest.mark.skip("case files use symlinks")
