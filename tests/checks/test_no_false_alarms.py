"""Honest, normal work raises no alarms: the full catalogue over the example network and a
generated one gives no errors and no warnings (a check that cries wolf teaches teams to
ignore all of them)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from nictools.validate import run
from tests.conftest import EXAMPLE

GENERATE = Path(__file__).resolve().parents[2] / "benchmarks" / "generate.py"


def _alarms(root: Path) -> list[tuple[str, str, int, str]]:
    result, _ = run(root)
    return [(p.code, p.path, p.line, p.message) for p in result.problems if p.severity.value != "info"]


def test_example_network_raises_no_alarms() -> None:
    if not (EXAMPLE / "network.yaml").exists():
        pytest.skip("example network not written yet")
    assert _alarms(EXAMPLE) == []


def test_generated_network_raises_no_alarms(tmp_path: Path) -> None:
    if not GENERATE.exists():
        pytest.skip("benchmarks/generate.py not present")
    out = tmp_path / "g20"
    subprocess.run([sys.executable, str(GENERATE), "--sites", "20", "--seed", "3", "--out", str(out)],
                   check=True, stdout=subprocess.DEVNULL)
    assert _alarms(out) == []
