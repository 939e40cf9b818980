"""The pre-commit hook passes the network's files to `nic validate`, and nothing else."""

from __future__ import annotations

import re
from pathlib import Path

import yaml

HOOKS = Path(__file__).resolve().parents[1] / ".pre-commit-hooks.yaml"


def test_hook_definition_and_file_pattern(make_network, cli) -> None:
    [hook] = yaml.safe_load(HOOKS.read_text(encoding="utf-8"))
    assert (hook["id"], hook["entry"], hook["language"], hook["pass_filenames"]) == (
        "nic-validate", "nic validate", "python", True)
    files = re.compile(hook["files"])
    network_files = ["network.yaml", "drivers.yaml", "aims/network-aim.yaml", "measures/ATT.yaml",
                     "change-ideas/CI-01.yaml", "sites/lincoln/site.yaml", "sites/lincoln/pdsa/C01.yaml",
                     "sites/lincoln/data/ATT.csv", "network/sites/lincoln/pdsa/C01.yaml"]
    assert all(files.search(f) for f in network_files)
    assert not any(files.search(f) for f in [".github/workflows/ci.yaml", ".pre-commit-config.yaml",
                                             "docs/notes.yaml", "sites/lincoln/notes.csv"])
    # what pre-commit runs: nic validate with the changed files
    root = make_network()
    result = cli("validate", *(str(root / f) for f in network_files[:8]))
    assert result.exit_code == 0, result.stdout
