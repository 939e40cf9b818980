"""Shared fixtures: small networks written into tmp_path, and a CLI runner."""

from __future__ import annotations

import textwrap
from pathlib import Path
from typing import Callable

import pytest
from typer.testing import CliRunner

from nictools.cli.main import app

EXAMPLE = Path(__file__).resolve().parents[1] / "src" / "nictools" / "example"

MINIMAL = {
    "network.yaml": """\
        format: 1
        name: Test Network
        hub: Test Hub
        aim: network-aim
        clusters:
          - id: rac-1
            name: Relationships
            primary_driver: P1
        """,
    "drivers.yaml": """\
        aim: network-aim
        primary:
          - id: P1
            title: Relationships with adults
        secondary:
          - id: S1
            title: Advisory check-ins
            primary_drivers: [P1]
        """,
    "aims/network-aim.yaml": """\
        id: network-aim
        title: On track
        statement: By June 2026, 90% of ninth graders attend 90% of days.
        outcome_measure: ATT
        baseline: {start: 2024-09-02, end: 2025-06-13, value: 0.7}
        target: {value: 0.9, date: 2026-06-12}
        """,
    "measures/ATT.yaml": """\
        id: ATT
        title: Attending 90%
        type: outcome
        calculation: proportion
        definition: Students attending at least 90% of the week's days.
        numerator: {description: Ninth graders attending 90% or more of the week's days}
        denominator: {description: Ninth graders enrolled that week}
        unit: percent of students
        frequency: weekly
        direction: up
        chart: {type: p}
        collection: {who: Data clerk, source: Student information system, when: Every Monday}
        """,
    "change-ideas/CI-01.yaml": """\
        id: CI-01
        title: Exit tickets
        description: A two-question exit ticket at the end of advisory.
        drivers: [S1]
        status: testing
        """,
    "sites/lincoln/site.yaml": """\
        id: lincoln
        name: Lincoln High School
        cluster: rac-1
        context: {level: high, size_band: large}
        joined: 2024-08-15
        """,
    "sites/lincoln/pdsa/C01.yaml": """\
        id: C01
        title: Exit tickets in one advisory
        change_ideas: [CI-01]
        plan:
          objective: See whether students finish a two-question exit ticket.
          questions:
            - question: Will students complete it?
              prediction: Most of them will.
              reason: It takes two minutes.
        """,
    "sites/lincoln/data/ATT.csv": "period,numerator,denominator\n2025-09-01,80,100\n2025-09-08,82,100\n",
}


@pytest.fixture
def make_network(tmp_path: Path) -> Callable[..., Path]:
    """Write MINIMAL (plus overrides; None deletes a file) into a fresh folder."""

    def build(overrides: dict[str, str | bytes | None] | None = None, base: dict[str, str] | None = None) -> Path:
        root = tmp_path / "net"
        files: dict[str, str | bytes | None] = {**(base if base is not None else MINIMAL), **(overrides or {})}
        for rel, content in files.items():
            if content is None:
                continue
            path = root / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            if isinstance(content, bytes):
                path.write_bytes(content)
            else:
                path.write_text(textwrap.dedent(content), encoding="utf-8", newline="")
        return root

    return build


@pytest.fixture
def cli() -> Callable[..., object]:
    """Run `nic ARGS…` through typer's CliRunner; stdout and stderr apart."""
    runner = CliRunner()

    def invoke(*args: str, input: str | None = None):
        return runner.invoke(app, list(args), input=input, catch_exceptions=False)

    return invoke


GOLDEN = Path(__file__).resolve().parent / "golden"


@pytest.fixture
def golden() -> Callable[[str, str], None]:
    """Compare text with tests/golden/NAME; NIC_UPDATE_GOLDEN=1 rewrites the file instead."""
    import os

    def check(name: str, text: str) -> None:
        path = GOLDEN / name
        if os.environ.get("NIC_UPDATE_GOLDEN") == "1" or not path.exists():
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
            if os.environ.get("NIC_UPDATE_GOLDEN") != "1":
                pytest.fail(f"wrote new golden file {path}; check it and run again")
        assert text == path.read_text(encoding="utf-8"), f"output differs from {path} (NIC_UPDATE_GOLDEN=1 rewrites it)"

    return check


@pytest.fixture(autouse=True)
def _no_forced_colour(monkeypatch: pytest.MonkeyPatch) -> None:
    """Output is plain in tests even when the calling shell or CI sets FORCE_COLOR; and validate's
    default format is text even when the suite itself runs in GitHub Actions or GitLab CI."""
    for name in ("FORCE_COLOR", "GITHUB_ACTIONS", "GITLAB_CI", "NIC_OUTPUT_FORMAT", "GITHUB_STEP_SUMMARY"):
        monkeypatch.delenv(name, raising=False)


@pytest.fixture(autouse=True, scope="session")
def _cache_outside_the_home_folder(tmp_path_factory: pytest.TempPathFactory):
    """The suite's caches (history blobs, parsed files) go to a temporary folder, not ~/.cache."""
    import os

    if os.environ.get("NICTOOLS_CACHE_DIR"):
        yield
        return
    os.environ["NICTOOLS_CACHE_DIR"] = str(tmp_path_factory.mktemp("nic-cache"))
    try:
        yield
    finally:
        os.environ.pop("NICTOOLS_CACHE_DIR", None)
