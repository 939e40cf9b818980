"""Edge values through every command that writes them out (#17 classes 1, 8 and 12).

The corpus runs every reading command over each case; the exports and the JSON report are
not among them (they cost a second each). Here the cases of edge values (years 1 and 9999,
numbers like 1e300, other digits, alias bombs in bytes, ids differing only in case, a
looping aim) go through `export` in every format, `report --format json` and the JSON of
`chart`, `status` and `compare`: exit 0, 1 or 2, never a traceback, nothing written to the
repository, and what is written parses.
"""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from tests.bad_inputs.cases import CASES
from tests.bad_inputs.corpus import build, fingerprint
from tests.bad_inputs.test_bad_inputs import _fixed_world, no_bug, run  # noqa: F401  (the autouse fixture)

EDGE = ["alias-bomb-bytes", "csv-period-year-9999", "csv-period-year-1", "csv-number-1e300", "site-joined-year-9999",
        "aim-target-1e300", "csv-unicode-digits", "yaml-unicode-digits", "ids-differ-only-in-case", "aim-parent-loop",
        "material-git-ignored", "csv-infinite-number"]


def test_every_edge_case_is_in_the_corpus() -> None:
    assert set(EDGE) <= {c.name for c in CASES}


@pytest.mark.parametrize("name", EDGE)
def test_exports_and_json_outputs_survive_edge_values(name: str, tmp_path: Path) -> None:
    [case] = [c for c in CASES if c.name == name]
    built = build(case, tmp_path)
    out = tmp_path / "out"
    out.mkdir()
    before = fingerprint(built.repo)
    commands = [
        (["export", "--format", "sqlite", "--out", str(out / "n.sqlite")], out / "n.sqlite"),
        (["export", "--format", "xlsx", "--out", str(out / "n.xlsx")], out / "n.xlsx"),
        (["export", "--format", "csv", "--out", str(out / "csv")], out / "csv"),
        (["export", "--excel", "--out", str(out / "excel")], out / "excel"),
        (["export", "--change-package", "CI-01", "--out", str(out / "package")], None),
        (["report", "--format", "json", "--out", str(out / "report.json")], out / "report.json"),
        (["chart", "ATT", "--site", "lincoln", "--format", "json"], None),
        (["status", "--format", "json"], None),
        (["compare", "lincoln", "--format", "json"], None),
    ]
    for args, written in commands:
        result = run(built, *args)
        no_bug(result, " ".join(args))
        if result.exit_code == 0 and written is not None and written.suffix == ".json":
            json.loads(written.read_text(encoding="utf-8"))
        if result.exit_code == 0 and written is not None and written.suffix == ".sqlite":
            with sqlite3.connect(written) as db:
                assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        if result.exit_code == 0 and args[-1] != str(out / "package") and "--format" in args \
                and args[args.index("--format") + 1] == "json" and written is None:
            json.loads(result.stdout)
    assert fingerprint(built.repo) == before, "a command wrote to the repository"
