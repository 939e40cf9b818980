"""`nic new`: free ids, today's date, checked references, prompts on a terminal, refusals that write nothing."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from nictools.validate import run

sys.path.insert(0, str(Path(__file__).parent))
from helpers import snapshot  # noqa: E402


def test_new_pdsa_takes_the_next_free_id_and_todays_date(cli, make_network) -> None:
    root = make_network()
    result = cli("-C", str(root), "new", "pdsa", "--site", "lincoln", "--change-idea", "CI-01", "--continues", "C01",
                 "--title", "Exit tickets in three advisories")
    assert result.exit_code == 0, result.output
    path = root / "sites/lincoln/pdsa/C02.yaml"
    assert "C02.yaml" in result.stdout
    text = path.read_text()
    assert "id: C02" in text and "continues: C01" in text and "change_ideas: [CI-01]" in text
    assert "recorded_on: 2025-10-15" in text
    assert "# A short name" in text
    outcome, _ = run(root)
    assert outcome.errors == 0, outcome.problems


def test_unknown_site_gets_did_you_mean_and_nothing_is_written(cli, make_network) -> None:
    root = make_network()
    before = snapshot(root)
    result = cli("-C", str(root), "new", "pdsa", "--site", "lincon", "--title", "x")
    assert result.exit_code == 2
    assert "no site `lincon`" in result.stderr and "Did you mean `lincoln`?" in result.stderr
    assert snapshot(root) == before


def test_unknown_change_idea_gets_did_you_mean(cli, make_network) -> None:
    root = make_network()
    before = snapshot(root)
    result = cli("-C", str(root), "new", "pdsa", "--site", "lincoln", "--change-idea", "CI-1", "--title", "x")
    assert result.exit_code == 2 and "Did you mean `CI-01`?" in result.stderr
    assert snapshot(root) == before


def test_without_a_terminal_a_missing_site_is_named_and_nothing_is_written(cli, make_network) -> None:
    root = make_network()
    before = snapshot(root)
    result = cli("-C", str(root), "new", "pdsa", "--title", "Exit tickets")
    assert result.exit_code == 2
    assert "--site is required" in result.stderr
    assert result.stdout == ""
    assert snapshot(root) == before


def test_on_a_terminal_missing_values_are_asked_for(cli, make_network, terminal) -> None:
    root = make_network()
    result = cli("-C", str(root), "new", "pdsa", input="lincoln\nGreeting at the door\n")
    assert result.exit_code == 0, result.output
    assert "title: Greeting at the door" in (root / "sites/lincoln/pdsa/C02.yaml").read_text()


def test_a_prompted_choice_is_asked_again_until_it_is_one_of_the_choices(cli, make_network, terminal) -> None:
    root = make_network()
    result = cli("-C", str(root), "new", "site", "--name", "Oak Park Middle", "--size", "small", input="midle\nmiddle\n")
    assert result.exit_code == 0, result.output
    assert "Please answer one of" in result.output
    assert "level: middle" in (root / "sites/oak-park-middle/site.yaml").read_text()


@pytest.mark.parametrize("args, path", [
    (["site", "roosevelt", "--name", "Roosevelt High", "--level", "high", "--size", "large", "--cluster", "rac-1"],
     "sites/roosevelt/site.yaml"),
    (["change-idea", "--title", "Door greetings", "--driver", "S1"], "change-ideas/CI-02.yaml"),
    (["measure", "--title", "Check-ins done", "--type", "process", "--calculation", "proportion", "--unit", "percent",
      "--frequency", "weekly", "--direction", "up"], "measures/M-01.yaml"),
    (["aim", "--site", "lincoln", "--title", "Lincoln on track", "--statement", "By June 2026, 85% attend.",
      "--outcome-measure", "ATT", "--target-value", "0.85", "--target-date", "2026-06-12"], "aims/lincoln-aim.yaml"),
])
def test_each_kind_writes_a_file_that_validates(cli, make_network, args: list[str], path: str) -> None:
    root = make_network()
    result = cli("-C", str(root), "new", *args)
    assert result.exit_code == 0, result.output
    assert (root / path).is_file() and path.rsplit("/", 1)[-1] in result.stdout
    outcome, _ = run(root)
    assert outcome.errors == 0, outcome.problems


def test_a_site_aim_names_the_network_aim_as_parent(cli, make_network) -> None:
    root = make_network()
    cli("-C", str(root), "new", "aim", "--site", "lincoln", "--title", "t", "--statement", "s", "--outcome-measure", "ATT")
    assert "parent: network-aim" in (root / "aims/lincoln-aim.yaml").read_text()


def test_an_existing_id_is_never_overwritten(cli, make_network) -> None:
    root = make_network()
    before = snapshot(root)
    result = cli("-C", str(root), "new", "pdsa", "--site", "lincoln", "--title", "x", "--id", "C01")
    assert result.exit_code == 2 and "already exists" in result.stderr
    assert snapshot(root) == before


def test_a_wrong_choice_is_refused_with_the_choices(cli, make_network) -> None:
    root = make_network()
    result = cli("-C", str(root), "new", "measure", "--title", "t", "--type", "outcom", "--calculation", "count",
                 "--unit", "u", "--frequency", "weekly", "--direction", "up")
    assert result.exit_code == 2 and "Did you mean `outcome`?" in result.stderr


def test_one_of_each_in_a_new_network_validates_with_no_errors(cli, tmp_path: Path) -> None:
    """init, then one artifact of every kind, a cycle taken through every stage, and data."""
    root = tmp_path / "net"
    assert cli("init", str(root), "--name", "N", "--hub", "H").exit_code == 0
    drivers = root / "drivers.yaml"
    drivers.write_text(drivers.read_text().replace("primary: []", "primary:\n  - id: P1\n    title: Relationships")
                       .replace("secondary: []", "secondary:\n  - id: S1\n    title: Check-ins\n    primary_drivers: [P1]"))
    steps = [
        ["new", "measure", "ATT-90", "--title", "Attending", "--type", "outcome", "--calculation", "proportion",
         "--unit", "percent of students", "--frequency", "weekly", "--direction", "up"],
        ["new", "aim", "--title", "On track", "--statement", "By June 2026, 85% attend 90%.", "--outcome-measure", "ATT-90"],
        ["new", "site", "lincoln", "--name", "Lincoln High School", "--level", "high", "--size", "medium"],
        ["new", "change-idea", "--title", "Check-ins", "--driver", "S1"],
        ["new", "pdsa", "--site", "lincoln", "--change-idea", "CI-01", "--title", "Check-ins in one advisory"],
        ["pdsa", "advance", "C01", "--site", "lincoln"],
        ["pdsa", "advance", "C01", "--site", "lincoln", "--result", "1=partly", "--result", "2=confirmed"],
        ["pdsa", "advance", "C01", "--site", "lincoln", "--decision", "adapt"],
        ["data", "add", "ATT-90", "--site", "lincoln", "--period", "2025-09-08", "--numerator", "201", "--denominator", "259"],
    ]
    for step in steps:
        result = cli("-C", str(root), *step)
        assert result.exit_code == 0, (step, result.output)
    outcome, _ = run(root)
    assert outcome.errors == 0, outcome.problems
    cycle = (root / "sites/lincoln/pdsa/C01.yaml").read_text()
    assert cycle.startswith("# yaml-language-server: $schema=../../../schemas/pdsa.schema.json\n")
