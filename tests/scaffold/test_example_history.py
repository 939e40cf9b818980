"""`nic init --example`: the example as a deterministic school year of git history."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

import pytest

from nictools.scaffold.example_history import (create_example, drop_plan_questions, drop_top_level, example_files,
                                               setup_files)
from nictools.validate import run

sys.path.insert(0, str(Path(__file__).parent))
from helpers import snapshot  # noqa: E402


def git(root: Path, *args: str) -> str:
    return subprocess.run(["git", *args], cwd=root, capture_output=True, text=True, check=True).stdout


@pytest.fixture(scope="module")
def example(tmp_path_factory: pytest.TempPathFactory):
    root = tmp_path_factory.mktemp("example") / "net"
    started = time.perf_counter()
    report = create_example(root)
    return root, report, time.perf_counter() - started


def test_the_final_tree_is_the_bundled_example_and_validates(example, monkeypatch) -> None:
    monkeypatch.setenv("NIC_TODAY", "2026-07-01")  # after the school year the example records
    root, report, _ = example
    assert snapshot(root) == {**example_files(), **setup_files()}
    assert git(root, "status", "--porcelain") == ""
    outcome, _ = run(root)
    assert outcome.errors == 0, outcome.problems


def test_it_has_the_schemas_editor_settings_and_ci_that_nic_init_writes(example, cli, tmp_path: Path) -> None:
    """`nic init --example` is set up like a network from `nic init`: same CI, hook, editor settings, schemas."""
    import json

    root, _, _ = example
    assert cli("init", str(tmp_path / "fresh")).exit_code == 0
    for rel in (".github/workflows/nic.yml", ".gitlab-ci.yml", ".pre-commit-config.yaml", ".gitignore",
                ".vscode/settings.json", ".vscode/extensions.json", "schemas/pdsa.schema.json",
                "schemas/measure.schema.json"):
        assert (root / rel).read_bytes() == (tmp_path / "fresh" / rel).read_bytes(), rel
    settings = json.loads((root / ".vscode/settings.json").read_text(encoding="utf-8"))
    assert settings["yaml.schemas"]["./schemas/pdsa.schema.json"][0] == "sites/*/pdsa/*.yaml"
    # committed with the network's first commit, so the example's history starts set up
    first = git(root, "rev-list", "--max-parents=0", "HEAD").strip()
    in_first = git(root, "show", "--name-only", "--format=", first).split()
    assert {".github/workflows/nic.yml", ".pre-commit-config.yaml", "schemas/aim.schema.json",
            ".vscode/settings.json", "network.yaml"} <= set(in_first)


def test_it_is_deterministic_and_fast(example, tmp_path: Path) -> None:
    root, report, seconds = example
    again = create_example(tmp_path / "again")
    assert again.head == report.head == git(root, "rev-parse", "HEAD").strip()
    assert seconds < 2.0, seconds


def test_a_school_year_by_several_authors_with_convening_tags(example) -> None:
    root, report, _ = example
    dates = git(root, "log", "--format=%ad", "--date=short").split()
    assert min(dates) >= "2025-08-01" and max(dates) <= "2026-06-30"
    assert len(dates) > 300
    authors = set(git(root, "log", "--format=%an").splitlines())
    assert len(authors) >= 8
    tags = git(root, "tag", "--list", "convening/*").split()
    assert {"convening/2025-10", "convening/2026-01", "convening/2026-04"} <= set(tags)


def test_cycles_are_committed_stage_by_stage(example) -> None:
    root, _, _ = example
    log = git(root, "log", "--reverse", "--format=%ad %s", "--date=short", "--", "sites/lincoln/pdsa/C01.yaml")
    subjects = [line.split(" ", 1)[1] for line in log.splitlines()]
    assert [s.split(":")[1].split()[0] for s in subjects] == ["plan", "do", "study", "act"]
    assert log.splitlines()[0].startswith("2025-10-16")  # the plan's recorded_on


def test_data_grows_week_by_week_and_the_stale_site_stops_early(example) -> None:
    root, report, _ = example
    weeks = git(root, "log", "--format=%ad", "--date=short", "--", "sites/lincoln/data/ATT-90.csv").split()
    assert len(weeks) >= 30
    assert report.stale_site == "cedar-ridge"
    stale_last = git(root, "log", "-1", "--format=%ad", "--date=short", "--", "sites/cedar-ridge").strip()
    other_last = git(root, "log", "-1", "--format=%ad", "--date=short", "--", "sites/lincoln").strip()
    assert stale_last < "2026-03-01" < other_last


def test_the_driver_diagram_is_revised_mid_year_with_its_reason(example) -> None:
    root, _, _ = example
    log = git(root, "log", "--format=%ad|%B%x00", "--date=short", "--", "drivers.yaml").split("\0")
    revision = next(entry for entry in log if "revised" in entry)
    assert revision.strip().startswith("2026-01-12") and "Why:" in revision
    first = git(root, "show", "convening/2025-10:drivers.yaml")
    assert "id: S9" not in first and "id: S9" in (root / "drivers.yaml").read_text()


def test_one_cycles_predictions_were_committed_with_its_do(example) -> None:
    root, report, _ = example
    site, cycle = report.late_prediction.split("/")
    path = f"sites/{site}/pdsa/{cycle}.yaml"
    commits = git(root, "log", "--reverse", "--format=%H", "--", path).split()
    plan = git(root, "show", f"{commits[0]}:{path}")
    do = git(root, "show", f"{commits[1]}:{path}")
    assert "questions:" not in plan and "prediction:" not in plan
    assert "questions:" in do and "\ndo:" in do


def test_it_refuses_a_folder_that_is_not_empty(cli, tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("mine")
    result = cli("init", "--example", str(tmp_path))
    assert result.exit_code == 2 and "not empty" in result.stderr
    assert snapshot(tmp_path) == {"notes.txt": b"mine"}


def test_the_cli_reports_the_history(cli, tmp_path: Path) -> None:
    result = cli("init", "--example", str(tmp_path / "demo"))
    assert result.exit_code == 0
    assert "commits" in result.stdout and "convening/2026-01" in result.stdout


def test_text_surgery_keeps_everything_else() -> None:
    text = "# head\nid: C1\nplan:\n  objective: x\n  # q\n  questions:\n    - question: a\n      prediction: b\n  who: me\n\n# the do\ndo:\n  as_planned: yes\n"
    assert drop_top_level(text, ["do"]) == "# head\nid: C1\nplan:\n  objective: x\n  # q\n  questions:\n    - question: a\n      prediction: b\n  who: me\n"
    assert drop_plan_questions(text).startswith("# head\nid: C1\nplan:\n  objective: x\n  who: me\n")
