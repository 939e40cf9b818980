"""One analysis per site and measure: every command that gives a verdict gives the same one.

The test walks the JSON of `nic chart`, `nic status`, `nic compare` and `nic report`
for every site and measure of a network, collects every `assessment` object, and
requires those with the same site, measure and as-of date to be identical. It runs on
the bundled example (with its git history) and on the generated 200-site network.
"""

from __future__ import annotations

import json
import subprocess
import sys
from collections import defaultdict
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[2]
AS_OF = "2026-06-12"
KEYS = {"site", "measure", "as_of", "chart", "rules", "baseline", "phase", "centre", "lcl", "ucl", "signal",
        "signal_since", "words"}


def _assessments(data: Any, where: str, found: list[tuple[str, dict[str, Any]]]) -> list[tuple[str, dict[str, Any]]]:
    if isinstance(data, dict):
        for key, value in data.items():
            if key == "assessment" and value is not None:
                found.append((where, value))
            else:
                _assessments(value, where, found)
    elif isinstance(data, list):
        for value in data:
            _assessments(value, where, found)
    return found


def _json(cli, root: Path, *args: str) -> Any:
    result = cli("-C", str(root), *args, "--format", "json")
    assert result.exit_code == 0, (args, result.output)
    return json.loads(result.stdout)


def _walk_commands(cli, root: Path, measures: list[str], sites: list[str]) -> list[tuple[str, dict[str, Any]]]:
    found: list[tuple[str, dict[str, Any]]] = []
    for measure in measures:
        _assessments(_json(cli, root, "chart", measure, "--all-sites", "--as-of", AS_OF), f"chart {measure}", found)
    _assessments(_json(cli, root, "status", "--as-of", AS_OF), "status", found)
    _assessments(_json(cli, root, "report", "--as-of", AS_OF), "report", found)
    for i in range(0, len(sites), 8):
        _assessments(_json(cli, root, "compare", *sites[i:i + 8], "--as-of", AS_OF), "compare", found)
    return found


def _check_identical(found: list[tuple[str, dict[str, Any]]]) -> dict[tuple[str, str], set[str]]:
    groups: dict[tuple[Any, Any, Any], list[tuple[str, dict[str, Any]]]] = defaultdict(list)
    for where, a in found:
        assert KEYS <= set(a), (where, sorted(KEYS - set(a)))
        assert a["signal"] in ("improvement", "concern", "both", "none", "too-few-points", "change"), a
        groups[(a["site"], a["measure"], a["as_of"])].append((where, a))
    seen: dict[tuple[str, str], set[str]] = defaultdict(set)
    for key, items in groups.items():
        first_where, first = items[0]
        for where, other in items[1:]:
            assert other == first, f"{key}: {first_where} and {where} disagree:\n{first}\n{other}"
        for where, _ in items:
            seen[(key[0], key[1])].add(where.split()[0])
    return seen


@pytest.fixture(scope="module")
def example_repo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from nictools.scaffold.example_history import create_example

    root = tmp_path_factory.mktemp("verdict-example") / "net"
    create_example(root)
    return root


def test_every_command_gives_the_same_assessment_on_the_example(example_repo: Path, cli) -> None:
    from nictools.load.network import load_network

    network, _ = load_network(example_repo)
    measures = sorted(network.measures)
    sites = sorted(network.sites)
    seen = _check_identical(_walk_commands(cli, example_repo, measures, sites))
    for (site, measure) in network.data:
        assert {"chart", "status", "compare"} <= seen[(site, measure)], (site, measure, seen[(site, measure)])
    outcome = "ATT-90"
    for site in sites:
        if (site, outcome) in network.data:
            assert "report" in seen[(site, outcome)], site


def test_every_command_gives_the_same_assessment_at_200_sites(tmp_path: Path, cli) -> None:
    root = tmp_path / "net200"
    subprocess.run([sys.executable, str(ROOT / "benchmarks" / "generate.py"), "--sites", "200", "--seed", "1",
                    "--out", str(root)], check=True, capture_output=True)
    for args in (["init", "-q"], ["add", "-A"], ["-c", "user.name=t", "-c", "user.email=t@example.org",
                                                 "commit", "-q", "-m", "network", "--date", "2026-06-12T12:00:00"]):
        subprocess.run(["git", *args], cwd=root, check=True, capture_output=True,
                       env={"GIT_COMMITTER_DATE": "2026-06-12T12:00:00", "PATH": "/usr/bin:/bin",
                            "HOME": str(tmp_path)})
    from nictools.load.network import load_network

    network, _ = load_network(root)
    outcome = next(m for m, r in network.measures.items() if r.model.type == "outcome")
    found: list[tuple[str, dict[str, Any]]] = []
    _assessments(_json(cli, root, "chart", outcome, "--all-sites", "--as-of", AS_OF), "chart", found)
    _assessments(_json(cli, root, "status", "--as-of", AS_OF), "status", found)
    _assessments(_json(cli, root, "report", "--as-of", AS_OF), "report", found)
    seen = _check_identical(found)
    with_data = [s for s, m in network.data if m == outcome]
    assert len(with_data) >= 150
    for site in with_data:
        assert {"chart", "status", "report"} <= seen[(site, outcome)], site


def test_the_declared_chart_type_is_the_type_used_everywhere(example_repo: Path, cli) -> None:
    """FAMILY-CONTACT is a c chart: chart, status and report all say so (the report drew an I chart)."""
    found = _walk_commands(cli, example_repo, ["FAMILY-CONTACT"], ["lincoln"])
    charts = {a["chart"] for _, a in found if a["measure"] == "FAMILY-CONTACT"}
    assert charts == {"c"}
