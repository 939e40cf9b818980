"""`nic validate --format sarif` passes Microsoft's SARIF validator (`sarif-multitool validate`,
the SDK's own rules on top of the 2.1.0 schema) with no error and no warning.

Skipped when the multitool is missing. .ci/run installs it with npm into .ci/node when it
can; set SARIF_MULTITOOL to another copy's bin script.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

PROJECT = Path(__file__).resolve().parents[2]


def find_multitool() -> str | None:
    candidates = [os.environ.get("SARIF_MULTITOOL", ""),
                  str(PROJECT / ".ci" / "node" / "node_modules" / ".bin" / "sarif-multitool")]
    for candidate in candidates:
        if candidate and Path(candidate).is_file():
            return candidate
    return shutil.which("sarif-multitool")


MULTITOOL = find_multitool()
pytestmark = pytest.mark.skipif(MULTITOOL is None, reason="@microsoft/sarif-multitool is not installed")


def test_sarif_of_a_broken_network_passes_the_sarif_multitool(make_network, cli, tmp_path: Path) -> None:
    root = make_network({
        "change-ideas/CI-09.yaml": "id: CI-09\ntitle: [broken\n",  # NIC001 at a column
        "sites/lincoln/data/X.csv": "period,value\n2025-09-01,1,234\n",  # a whole file and a whole line
        "measures/ATT.yaml": None,  # references to a missing file
    })
    (root / "measures" / "ATT.yaml").unlink(missing_ok=True)
    result = cli("-C", str(root), "validate", "--format", "sarif")
    assert result.exit_code == 1
    sarif = tmp_path / "nic.sarif"
    sarif.write_text(result.stdout, encoding="utf-8")
    report = tmp_path / "checked.sarif"
    run = subprocess.run([MULTITOOL, "validate", str(sarif), "--output", str(report), "--log", "ForceOverwrite"],
                         capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stdout + run.stderr
    findings = [r for r in json.loads(report.read_text(encoding="utf-8"))["runs"][0].get("results", [])]
    assert findings == [], "\n".join(f"{r['ruleId']}: {r['message']}" for r in findings)
    assert len(json.loads(result.stdout)["runs"][0]["results"]) >= 3
