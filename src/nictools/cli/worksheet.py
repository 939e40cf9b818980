"""Asking the PDSA worksheet's questions on a terminal (for `nic new pdsa` and `nic pdsa advance`).

Each answer is one line, or several for the longer ones (an empty line ends them). An
empty answer leaves the field to fill in later. At the end of the input (Ctrl-D, or the
end of piped answers) the remaining questions are skipped and what was answered is
kept; Ctrl-C stops without writing anything. Answers that name a student are refused
at the door (`nictools.checks.privacy.screen_text`).
"""

from __future__ import annotations

import sys
from typing import Any, Callable

import typer

from nictools.errors import NicError
from nictools.scaffold import worksheet as w


class Asker:
    """Reads answers from standard input, one question at a time."""

    def __init__(self, allowed: list[str] | None = None) -> None:
        self.ended = False
        self.allowed = list(allowed or [])
        self.names_ok = False  # while asking for adults (`who`), a name is expected

    def line(self, label: str) -> str | None:
        """One line typed after `label`, or None at the end of the input."""
        if self.ended:
            return None
        typer.echo(f"{label}: ", nl=False)
        raw = sys.stdin.readline()
        if raw == "":
            self.ended = True
            typer.echo("")
            return None
        return raw.rstrip("\r\n")

    def _lines(self, label: str) -> str | None:
        first = self.line(f"{label} {w.MULTILINE_HINT}")
        if not first or not first.strip():
            return first
        lines = [first]
        while (more := self.line("  ...")) not in (None, ""):
            lines.append(more)
        return "\n".join(lines)

    def answer(self, ask: w.Ask, **fmt: Any) -> Any:
        """The answer to `ask` as the file stores it (None when skipped)."""
        label = ask.label.format(**fmt)
        if ask.kind == "choice":
            label = f"{label} ({', '.join(ask.choices)})"
        while True:
            if ask.kind == "lines":
                raw = self._lines(label)
            elif ask.kind == "items":
                items = []
                while (item := self.line(label if not items else "  next item")) not in (None, ""):
                    items.append(w.clean_answer(item))
                items = [i for i in items if i]
                if self.screened("\n".join(items)):
                    return items or None
                continue
            else:
                raw = self.line(label)
            if raw is None:
                return None
            text = w.clean_answer(raw)
            if not text:
                return None
            try:
                value = self.convert(ask, text)
            except NicError as exc:
                typer.echo(f"{exc.message} {exc.hint}".strip(), err=True)
                continue
            self.names_ok = ask.path[-1] == "who"
            if ask.kind not in ("text", "lines") or self.screened(text):
                return value

    def convert(self, ask: w.Ask, text: str) -> Any:
        if ask.kind == "date":
            from nictools.clock import today

            day = w.read_date(text)
            if ask.path[0] == "do" and day > today():
                raise NicError(f"{day} has not come yet (today is {today()}).", "Give the day the test really started or ended.")
            return day
        if ask.kind == "count":
            if not text.isdigit():
                raise NicError(f"`{text}` is not a whole number.", "For example 26.")
            return int(text)
        if ask.kind == "choice":
            value = w.read_word(text, w.AS_PLANNED_WORDS) if ask.path[-1] == "as_planned" else \
                (text if text in ask.choices else None)
            if value is None:
                raise NicError(f"`{text}` is not one of the choices.", f"Say {', '.join(ask.choices)}.")
            return value
        return text

    def screened(self, text: str) -> bool:
        """True when `text` may be stored: no student id, and no name unless the person says
        it is not a student's (a false alarm)."""
        from nictools.checks.privacy import screen_text

        for finding in screen_text(text, names=not self.names_ok, allowed=self.allowed):
            if finding.kind == "name" and not self.ended:
                typer.echo(f"`{finding.text}` looks like a person's name. {w.NO_STUDENTS}", err=True)
                keep = self.line("Is it an adult's name or not a name at all, so keep it? (yes/no)")
                if keep is not None and keep.strip().lower() in ("y", "yes"):
                    self.allowed.append(finding.text)  # a false alarm: not asked again in this worksheet
                    continue
            else:
                typer.echo(f"`{finding.text}` looks like {finding.what}. {w.NO_STUDENTS}", err=True)
            typer.echo("Please type the answer again without it.", err=True)
            return False
        return True

    def word(self, label: str, parse: Callable[[str], str], required: bool = False) -> str | None:
        """A word such as a prediction's result, asked until it is one nic knows."""
        while True:
            raw = self.line(label)
            if raw is None or not raw.strip():
                if required and raw is not None:
                    continue
                return None
            try:
                return parse(raw)
            except NicError as exc:
                typer.echo(f"{exc.message} {exc.hint}", err=True)


def plan_answers(asker: Asker) -> tuple[list[tuple[tuple[Any, ...], Any]], int]:
    """The plan's answers (paths and values) and how many questions were written."""
    typer.echo("PLAN: write it before the test. " + w.NO_STUDENTS)
    answers: list[tuple[tuple[Any, ...], Any]] = [(a.path, asker.answer(a)) for a in w.PLAN_BEFORE]
    number = 0
    while not asker.ended:
        first, *rest = w.PLAN_QUESTION
        question = asker.answer(first, n=number + 1)
        if question is None:
            break
        answers.append((("plan", "questions", number, "question"), question))
        for ask in rest:
            answers.append((("plan", "questions", number, *ask.path), asker.answer(ask, n=number + 1)))
        number += 1
    answers += [(a.path, asker.answer(a)) for a in w.PLAN_AFTER]
    return answers, number


def stage_answers(asker: Asker, stage: str, questions: list[tuple[int, str, str]], marks: dict[int, str],
                  decision: str | None) -> tuple[str | None, list[tuple[tuple[Any, ...], Any]]]:
    """Ask the questions of the stage being added; `marks` gets the predictions' results.

    Returns the decision (for act) and the answers to fill in."""
    answers: list[tuple[tuple[Any, ...], Any]] = []
    if stage == "do":
        typer.echo("DO: what happened when the test ran. " + w.NO_STUDENTS)
        answers = [(a.path, asker.answer(a)) for a in w.DO]
    elif stage == "study":
        typer.echo("STUDY: compare what happened with each prediction.")
        for number, question, prediction in questions:
            if number in marks:
                continue
            typer.echo(f"Q{number}: {question}\n    predicted: {prediction or '(no prediction written)'}")
            found = asker.word("    result (confirmed, partly, not confirmed)", w.parse_result, required=True)
            if found is not None:
                marks[number] = found
        for index, (number, _, _) in enumerate(questions):
            note = w.Ask(("study", "predictions", index, "notes"), f"The evidence for Q{number}, e.g. 41 of 62 (66%)")
            answers.append((note.path, asker.answer(note)))
        answers += [(a.path, asker.answer(a)) for a in w.STUDY_AFTER]
    elif stage == "act":
        typer.echo("ACT: what you decided, and what comes next.")
        if decision is None:
            decision = asker.word("Decision (adopt, adapt or abandon)", w.parse_decision, required=True)
        answers = [(a.path, asker.answer(a)) for a in w.ACT_AFTER]
    return decision, answers
