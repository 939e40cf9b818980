"""`nic pdsa advance`: the next section, prompts for study and act, comments and order kept."""

from __future__ import annotations

import sys
from pathlib import Path

from nictools.validate import run

sys.path.insert(0, str(Path(__file__).parent))
from helpers import snapshot  # noqa: E402

COMMENTED = """\
# Our first cycle. Written by E.K.
id: C01
title: Exit tickets in one advisory   # keep it short
change_ideas: [CI-01]
plan:
  objective: "See whether students finish a two-question exit ticket."
  questions:
    - question: Will students complete it?
      prediction: Most of them will.   # 20 of 26
      reason: It takes two minutes.
    - question: Will the advisor keep it up?
      prediction: Yes.
  planned_start: 2025-10-06
"""


def test_advance_adds_do_then_study_then_act_keeping_the_file(cli, make_network) -> None:
    root = make_network({"sites/lincoln/pdsa/C01.yaml": COMMENTED})
    path = root / "sites/lincoln/pdsa/C01.yaml"
    result = cli("-C", str(root), "pdsa", "advance", "C01", "--site", "lincoln")
    assert result.exit_code == 0, result.output
    assert "added the do section" in result.stdout and "C01.yaml" in result.stdout
    text = path.read_text()
    assert text.startswith(COMMENTED)  # every byte of the plan kept, comments and quotes included
    assert "\ndo:\n" in text and "actual_start: 2025-10-06" in text and "# Was the test carried out as planned?" in text

    result = cli("-C", str(root), "pdsa", "advance", "C01", "--site", "lincoln", "--result", "1=partly",
                 "--result", "2=confirmed")
    assert result.exit_code == 0, result.output
    text = path.read_text()
    assert "# Q1: Will students complete it?" in text and "# Predicted: Most of them will." in text
    assert "result: partly" in text and "result: confirmed" in text

    result = cli("-C", str(root), "pdsa", "advance", "C01", "--site", "lincoln", "--decision", "adopt")
    assert result.exit_code == 0, result.output
    text = path.read_text()
    assert text.startswith(COMMENTED)
    assert text.index("\ndo:") < text.index("\nstudy:") < text.index("\nact:")
    outcome, _ = run(root)
    assert outcome.errors == 0, outcome.problems

    before = snapshot(root)
    result = cli("-C", str(root), "pdsa", "advance", "C01", "--site", "lincoln")
    assert result.exit_code == 2 and "complete" in result.stderr and "--continues C01" in result.stderr
    assert snapshot(root) == before


def test_study_without_a_terminal_names_the_missing_results(cli, make_network) -> None:
    root = make_network({"sites/lincoln/pdsa/C01.yaml": COMMENTED + "do:\n  as_planned: yes\n"})
    before = snapshot(root)
    result = cli("-C", str(root), "pdsa", "advance", "C01", "--site", "lincoln", "--result", "1=partly")
    assert result.exit_code == 2 and "question 2" in result.stderr and "--result" in result.stderr
    assert snapshot(root) == before


def test_study_asks_for_each_prediction_on_a_terminal(cli, make_network, terminal) -> None:
    root = make_network({"sites/lincoln/pdsa/C01.yaml": COMMENTED + "do:\n  as_planned: yes\n"})
    result = cli("-C", str(root), "pdsa", "advance", "C01", "--site", "lincoln", input="not_confirmed\npartly\n")
    assert result.exit_code == 0, result.output
    assert "predicted: Most of them will." in result.output
    text = (root / "sites/lincoln/pdsa/C01.yaml").read_text()
    assert "result: not_confirmed" in text and "result: partly" in text


def test_act_asks_for_the_decision_on_a_terminal(cli, make_network, terminal) -> None:
    study = "study:\n  predictions:\n    - question: 1\n      result: confirmed\n"
    root = make_network({"sites/lincoln/pdsa/C01.yaml": COMMENTED + "do:\n  as_planned: yes\n" + study})
    result = cli("-C", str(root), "pdsa", "advance", "C01", "--site", "lincoln", input="adapt\n")
    assert result.exit_code == 0, result.output
    assert "decision: adapt" in (root / "sites/lincoln/pdsa/C01.yaml").read_text()


def test_an_unknown_cycle_gets_did_you_mean(cli, make_network) -> None:
    root = make_network()
    result = cli("-C", str(root), "pdsa", "advance", "C1", "--site", "lincoln")
    assert result.exit_code == 2 and "Did you mean `C01`?" in result.stderr


def test_advance_on_every_example_cycle_keeps_its_text(tmp_path: Path) -> None:
    """On real files: the part before the new section is unchanged, and the result is valid."""
    import datetime as dt
    import shutil

    from nictools.scaffold.advance import advance_cycle
    from nictools.scaffold.new import load
    from tests_paths import EXAMPLE  # type: ignore[import-not-found]

    root = tmp_path / "ex"
    shutil.copytree(EXAMPLE, root)
    network = load(root)
    for (site, cycle_id), record in sorted(network.cycles.items()):
        if record.model.stage != "plan":
            continue
        before = (root / record.path).read_text()
        advance_cycle(root, network, site, cycle_id, dt.date(2026, 6, 20))
        after = (root / record.path).read_text()
        assert after.startswith(before.rstrip("\n")), record.path
