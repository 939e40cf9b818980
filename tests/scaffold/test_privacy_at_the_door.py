"""Student names and ids are refused where they come in: worksheet answers, data notes, imports."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from nictools.checks.privacy import first_names, screen_text

sys.path.insert(0, str(Path(__file__).parent))
from helpers import snapshot  # noqa: E402

CYCLE_WITH_SMALL_SCALE = """\
id: C01
title: Exit tickets in one advisory
change_ideas: [CI-01]
plan:
  objective: See whether students finish a two-question exit ticket.
  questions:
    - question: Will students complete it?
      prediction: Most of them will.
  scale: {teachers: 1, classes: 1, students: 7}
"""


def test_the_screen_finds_names_and_ids_but_not_ordinary_words() -> None:
    flagged = {t: [f.text for f in screen_text(t)] for t in (
        "Followed up with Maria Lopez twice", "Jason was absent all week", "We called Emily's family",
        "student id 20231234 moved", "DOB: 3/4/2010")}
    assert flagged == {"Followed up with Maria Lopez twice": ["Maria Lopez"], "Jason was absent all week": ["Jason"],
                       "We called Emily's family": ["Emily"], "student id 20231234 moved": ["student id 20231234"],
                       "DOB: 3/4/2010": ["DOB: 3/4/2010"]}
    for fine in ("Will students finish it? May be.", "Ms. Maria Lopez ran it", "Met Coach Mike after school",
                 "Grace Hall room 301", "Lincoln High School", "Hope: most of them", "Check: whether # it works"):
        assert screen_text(fine) == [], fine
    assert screen_text("Grant Park trip with Maria Lopez", allowed=["Maria Lopez"]) == []
    assert "Maria" in first_names() and "Will" not in first_names()


def test_a_name_in_a_worksheet_answer_is_asked_about(cli, make_network, terminal) -> None:
    root = make_network()
    answers = "CI-01\nCheck in with Jason first\n\nno\nCheck in with the quietest students first\n\n"
    result = cli("-C", str(root), "new", "pdsa", "--site", "lincoln", "--title", "Check-ins", input=answers)
    assert result.exit_code == 0, result.output
    assert "`Jason` looks like a person's name" in result.stderr
    text = (root / "sites/lincoln/pdsa/C02.yaml").read_text()
    assert "Jason" not in text and "Check in with the quietest students first" in text

    answers = "CI-01\nVisit Grace Pavilion first\n\nyes\n"  # a place: a false alarm, kept
    result = cli("-C", str(root), "new", "pdsa", "--site", "lincoln", "--title", "Visits", input=answers)
    assert result.exit_code == 0, result.output
    assert "Visit Grace Pavilion first" in (root / "sites/lincoln/pdsa/C03.yaml").read_text()


def test_an_adults_name_in_who_is_not_asked_about(cli, make_network, terminal) -> None:
    root = make_network()
    answers = "CI-01\nTry it\n\n\nMaria Lopez (advisor)\n"
    result = cli("-C", str(root), "new", "pdsa", "--site", "lincoln", "--title", "Check-ins", input=answers)
    assert result.exit_code == 0, result.output
    assert "looks like" not in result.stderr
    assert "Maria Lopez (advisor)" in (root / "sites/lincoln/pdsa/C02.yaml").read_text()


def test_a_data_note_naming_a_student_is_refused(cli, make_network) -> None:
    root = make_network()
    before = snapshot(root)
    for note, what in (("Maria Lopez was sick", "a person's name"), ("student 20231234 left", "a student id")):
        result = cli("-C", str(root), "data", "add", "ATT", "--site", "lincoln", "--period", "2025-09-15",
                     "--numerator", "85", "--denominator", "100", "--note", note)
        assert result.exit_code == 2 and f"looks like {what}" in result.stderr, result.output
        assert snapshot(root) == before
    assert "privacy_allow" in result.stderr


def test_a_false_alarm_is_marked_once_in_network_yaml(cli, make_network) -> None:
    root = make_network({"sites/lincoln/data/ATT.csv": None})
    network = (root / "network.yaml").read_text() + "settings:\n  privacy_allow: [Grant Pavilion]\n"
    (root / "network.yaml").write_text(network)
    result = cli("-C", str(root), "data", "add", "ATT", "--site", "lincoln", "--period", "2025-09-15",
                 "--numerator", "85", "--denominator", "100", "--note", "Assembly in Grant Pavilion")
    assert result.exit_code == 0, result.output


def test_an_import_with_a_student_name_writes_nothing(cli, make_network, tmp_path: Path) -> None:
    root = make_network()
    sheet = tmp_path / "a.csv"
    sheet.write_text("period,numerator,denominator,note\n2025-09-15,84,100,\n2025-09-22,85,100,Jason moved away\n")
    before = snapshot(root)
    result = cli("-C", str(root), "data", "import", str(sheet), "--measure", "ATT", "--site", "lincoln", "--yes")
    assert result.exit_code == 2 and "row 3 of a.csv: `Jason` looks like a person's name" in result.stderr
    assert snapshot(root) == before


def test_compare_markdown_masks_small_counts(cli, make_network, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    for key, value in dict(GIT_CONFIG_GLOBAL=str(tmp_path / "none"), GIT_CONFIG_NOSYSTEM="1", GIT_AUTHOR_NAME="T",
                           GIT_AUTHOR_EMAIL="t@example.org", GIT_COMMITTER_NAME="T",
                           GIT_COMMITTER_EMAIL="t@example.org").items():
        monkeypatch.setenv(key, value)
    root = make_network({"sites/lincoln/pdsa/C01.yaml": CYCLE_WITH_SMALL_SCALE})
    for args in (("init", "-q"), ("add", "-A"), ("commit", "-q", "-m", "start")):
        subprocess.run(["git", "-C", str(root), *args], check=True, capture_output=True)
    for fmt in ("markdown", "text"):
        result = cli("-C", str(root), "compare", "lincoln", "--format", fmt)
        assert result.exit_code == 0, result.output
        shown = "&lt;10 students" if fmt == "markdown" else "<10 students"  # Markdown escapes the "<"
        assert shown in result.stdout and "7 students" not in result.stdout
