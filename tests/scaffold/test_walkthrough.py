"""The README walk-through (docs/_pending/scaffolding.md) runs as written and ends in a valid network."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

from nictools.validate import run

DOC = Path(__file__).resolve().parents[2] / "README.md"


def walkthrough() -> list[list[str]]:
    text = DOC.read_text()
    block = re.search(r"<!-- walkthrough:.*?-->\n```sh\n(.*?)```", text, re.S)
    assert block, "the walk-through block is missing"
    return [shlex.split(line) for line in block.group(1).splitlines() if line.strip()]


def test_the_walkthrough_runs(cli, tmp_path: Path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    here = tmp_path
    for argv in walkthrough():
        if argv[0] == "cd":
            here = here / argv[1]
            monkeypatch.chdir(here)
            continue
        assert argv[0] == "nic"
        result = cli(*argv[1:])
        assert result.exit_code == 0, (argv, result.output)
    outcome, _ = run(here)
    assert outcome.errors == 0, outcome.problems
    assert (here / "sites/lincoln/pdsa/C01.yaml").read_text().count("\ndo:") == 1
