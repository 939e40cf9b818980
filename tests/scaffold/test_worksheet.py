"""The guided PDSA worksheet: `nic new pdsa` and `nic pdsa advance` ask, and any typed text is stored safely."""

from __future__ import annotations

import datetime as dt

from hypothesis import given, settings
from hypothesis import strategies as st

from nictools.load.network import validate_document
from nictools.load.yaml import read_yaml
from nictools.scaffold import templates as t
from nictools.scaffold.worksheet import clean_answer, fill, parse_result
from nictools.validate import run

TRICKY_PLAN = "\n".join([
    "CI-01",                                            # the change idea it tests
    "Check: whether students finish # the ticket",      # objective, two lines
    "- in two minutes, 'quoted' and \"double\"",
    "",
    "Will they finish it?",                             # question 1
    "Yes: most of them",                                # prediction
    "It's short # really",                              # reason
    "Does the advisor keep it up?",                     # question 2
    "no",
    "- she is busy",
    "",                                                 # no question 3
    "B.A. (advisor)",                                   # who
    "Exit ticket: 2 questions",                         # what
    "Room 301",                                         # where
    "6/10/2025",                                        # planned start: refused, asked again
    "2025-10-06",
    "2025-10-17",                                       # planned end
    "26",                                               # students
    "Tickets done",                                     # data to collect
    "Minutes: taken",
    "",
]) + "\n"


def _data(root, rel="sites/lincoln/pdsa/C02.yaml"):  # type: ignore[no-untyped-def]
    doc = read_yaml((root / rel).read_text(encoding="utf-8"), rel)
    assert doc.ok, doc.problems
    return doc.data


def test_new_pdsa_walks_through_the_worksheet_and_stores_every_answer_as_typed(cli, make_network, terminal) -> None:
    root = make_network()
    result = cli("-C", str(root), "new", "pdsa", "--site", "lincoln", "--title", "Exit tickets: round 2",
                 input=TRICKY_PLAN)
    assert result.exit_code == 0, result.output
    assert "Objective" in result.stdout and "prediction for question 1" in result.stdout
    assert "`6/10/2025` is not a date in the form YYYY-MM-DD" in result.stderr
    plan = _data(root)["plan"]
    assert plan["objective"] == "Check: whether students finish # the ticket\n- in two minutes, 'quoted' and \"double\""
    assert [q["question"] for q in plan["questions"]] == ["Will they finish it?", "Does the advisor keep it up?"]
    assert plan["questions"][0]["prediction"] == "Yes: most of them"
    assert plan["questions"][0]["reason"] == "It's short # really"
    assert plan["questions"][1]["prediction"] == "no"  # text, not the boolean false
    assert plan["questions"][1]["reason"] == "- she is busy"
    assert plan["who"] == "B.A. (advisor)" and plan["what"] == "Exit ticket: 2 questions"
    assert str(plan["planned_start"]) == "2025-10-06" and plan["scale"]["students"] == 26
    assert plan["data_to_collect"] == ["Tickets done", "Minutes: taken"]
    assert _data(root)["change_ideas"] == ["CI-01"]
    text = (root / "sites/lincoln/pdsa/C02.yaml").read_text()
    assert "# What you expect, written BEFORE the test" in text  # the template's comments stay
    outcome, _ = run(root)
    assert outcome.errors == 0, outcome.problems


def test_the_worksheet_reads_piped_answers_with_the_flag_and_stops_cleanly_at_the_end(cli, make_network) -> None:
    root = make_network()
    result = cli("-C", str(root), "new", "pdsa", "--site", "lincoln", "--title", "Greeting", "--worksheet",
                 input="CI-01\nGreet each student: by name\n\n")
    assert result.exit_code == 0, result.output
    data = _data(root)
    assert data["plan"]["objective"] == "Greet each student: by name" and len(data["plan"]["questions"]) == 2
    outcome, _ = run(root)
    assert outcome.errors == 0, outcome.problems


def test_no_worksheet_off_a_terminal(cli, make_network) -> None:
    root = make_network()
    result = cli("-C", str(root), "new", "pdsa", "--site", "lincoln", "--title", "Greeting", input="Objective: x\n")
    assert result.exit_code == 0 and "Objective" not in result.stdout
    assert _data(root)["plan"]["objective"] == ""


def test_a_student_id_in_an_answer_is_refused_and_asked_again(cli, make_network, terminal) -> None:
    root = make_network()
    result = cli("-C", str(root), "new", "pdsa", "--site", "lincoln", "--title", "Greeting",
                 input="CI-01\nFollow up student 20231234 first\n\nFollow up the three students first\n\n")
    assert result.exit_code == 0, result.output
    assert "looks like a student id" in result.stderr
    text = (root / "sites/lincoln/pdsa/C02.yaml").read_text()
    assert "20231234" not in text and _data(root)["plan"]["objective"] == "Follow up the three students first"


TWO_QUESTIONS = """\
id: C01
title: Exit tickets in one advisory
change_ideas: [CI-01]
plan:
  objective: See whether students finish a two-question exit ticket.
  questions:
    - question: Will students complete it?
      prediction: Most of them will.
    - question: Will the advisor keep it up?
      prediction: Yes.
"""


def test_advance_asks_each_stage_and_reads_results_in_words(cli, make_network, terminal) -> None:
    root = make_network({"sites/lincoln/pdsa/C01.yaml": TWO_QUESTIONS})
    rel = "sites/lincoln/pdsa/C01.yaml"
    do = "partially\nReached 19 of 31: the rest absent\n\nThe bell # rang early\n\n2025-10-06\n2025-10-17\n2025-10-10\n"
    result = cli("-C", str(root), "pdsa", "advance", "C01", "--site", "lincoln", input=do)
    assert result.exit_code == 0, result.output
    data = _data(root, rel)["do"]
    assert data["as_planned"] == "partly" and data["what_happened"] == "Reached 19 of 31: the rest absent"
    assert data["surprises"] == "The bell # rang early" and str(data["actual_end"]) == "2025-10-10"
    assert "has not come yet" in result.stderr

    study = "maybe\nnot confirmed\nPartially\n41 of 62 (66%)\n\nMost did: not all\n\nAdvisors need time:\n- ten minutes\n\n"
    result = cli("-C", str(root), "pdsa", "advance", "C01", "--site", "lincoln", input=study)
    assert result.exit_code == 0, result.output
    assert "`maybe` is not a result nic knows" in result.stderr
    data = _data(root, rel)["study"]
    assert [p["result"] for p in data["predictions"]] == ["not_confirmed", "partly"]
    assert data["predictions"][0]["notes"] == "41 of 62 (66%)"
    assert data["results"] == "Most did: not all" and data["learned"] == "Advisors need time:\n- ten minutes"

    result = cli("-C", str(root), "pdsa", "advance", "C01", "--site", "lincoln", input="Adapted\nKeep it: shorter\n\n")
    assert result.exit_code == 0, result.output
    act = _data(root, rel)["act"]
    assert act["decision"] == "adapt" and act["reason"] == "Keep it: shorter"
    outcome, _ = run(root)
    assert outcome.errors == 0, outcome.problems


def test_result_option_takes_words(cli, make_network) -> None:
    root = make_network({"sites/lincoln/pdsa/C01.yaml": TWO_QUESTIONS})
    rel = "sites/lincoln/pdsa/C01.yaml"
    assert cli("-C", str(root), "pdsa", "advance", "C01", "--site", "lincoln").exit_code == 0
    result = cli("-C", str(root), "pdsa", "advance", "C01", "--site", "lincoln", "--result", "1=not confirmed",
                 "--result", "2=yes")
    assert result.exit_code == 0, result.output
    assert [p["result"] for p in _data(root, rel)["study"]["predictions"]] == ["not_confirmed", "confirmed"]


def test_result_words() -> None:
    for words, value in (("confirmed", "confirmed"), ("Yes", "confirmed"), ("partly", "partly"),
                         ("partially", "partly"), ("not confirmed", "not_confirmed"), ("Not-Confirmed", "not_confirmed"),
                         ("not_confirmed", "not_confirmed"), ("no", "not_confirmed")):
        assert parse_result(words) == value


_TEMPLATE = t.render(t.cycle_nodes("C09", "A cycle", dt.date(2025, 10, 1), questions=1))


@settings(max_examples=150, deadline=None)
@given(objective=st.text(max_size=80), item=st.text(max_size=30), prediction=st.text(max_size=40))
def test_any_typed_text_round_trips_and_validates(objective: str, item: str, prediction: str) -> None:
    objective, item, prediction = clean_answer(objective), clean_answer(item), clean_answer(prediction)
    filled = fill(_TEMPLATE, [(("plan", "objective"), objective), (("plan", "data_to_collect"), [item] if item else []),
                              (("plan", "questions", 0, "prediction"), prediction)], "sites/x/pdsa/C09.yaml")
    doc = read_yaml(filled, "sites/x/pdsa/C09.yaml")
    assert doc.ok, doc.problems
    assert doc.data["plan"]["objective"] == objective
    assert doc.data["plan"]["questions"][0]["prediction"] == prediction
    if item:
        assert doc.data["plan"]["data_to_collect"] == [item]
    model, problems = validate_document("pdsa", doc, "sites/x/pdsa/C09.yaml")
    assert model is not None and not problems, problems


def test_the_readme_worksheet_transcript_is_what_a_teacher_sees(cli, make_network, terminal, monkeypatch,
                                                                 tmp_path) -> None:
    """README "Getting started", step 1, typed on a terminal: the same prompts, the same file."""
    import re
    import shlex
    import sys as real_sys
    import types
    from pathlib import Path

    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text()
    block = re.search(r"### 1\. Plan a PDSA cycle.*?```text\n(.*?)```", readme, re.S).group(1)
    command, *transcript = block.splitlines(keepends=True)
    idea = "id: CI-07\ntitle: Exit tickets\ndescription: A card.\ndrivers: [S1]\nstatus: testing\n"
    root = make_network({"sites/lincoln/pdsa/C01.yaml": None, "change-ideas/CI-07.yaml": idea})
    prompts = ["Objective: ", "Question ", "  Your prediction", "  Why you", "Who runs", "What exactly", "Where:",
               "First day", "Last day", "How many", "Data to collect", "  next item:", "  ...:", "The change idea"]
    answers = []
    for line in transcript:
        if any(line.startswith(p) for p in prompts):
            head = re.match(r"(.*?\): |[^:]*: )", line)  # the prompt ends at its "): " or its first ": "
            answers.append(line[len(head.group(1)):] if head else "\n")

    class Terminal:
        """Standard input that shows what is typed, as a terminal does."""

        def __init__(self, lines: list[str]) -> None:
            self.lines = lines

        def readline(self) -> str:
            line = self.lines.pop(0) if self.lines else ""
            real_sys.stdout.write(line)
            return line

    monkeypatch.setattr("nictools.cli.worksheet.sys", types.SimpleNamespace(stdin=Terminal(answers)))
    monkeypatch.chdir(root)
    result = cli(*shlex.split(command)[2:], input="")
    assert result.exit_code == 0, result.output
    assert [line.rstrip() for line in result.stdout.splitlines()] == [line.rstrip() for line in transcript]
    assert "title: Exit tickets in one advisory\n" in (root / "sites/lincoln/pdsa/C01.yaml").read_text()
    outcome, _ = run(root)
    assert outcome.errors == 0, outcome.problems
