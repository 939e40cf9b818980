"""The guided PDSA worksheet: the IHI worksheet's questions, and typed answers stored safely.

`nic new pdsa` and `nic pdsa advance` ask these questions on a terminal (the asking is in
`nictools.cli.worksheet`; this module prints nothing). Whatever a person types, colons,
`#`, quotes, a leading dash, several lines, is put into the cycle's file with ruamel.yaml's
round trip, never pasted into YAML text: the template's comments and key order stay,
and a worksheet answer never causes a YAML error. Every filled file is read back with
the reader `nic validate` uses and must give back exactly the text that was typed.

    text = fill(template_text, [(("plan", "objective"), "Check: whether…")])
"""

from __future__ import annotations

import datetime as dt
import io
import re
from dataclasses import dataclass
from typing import Any, Iterable, Sequence

from nictools.errors import NicError

# --- the questions ---------------------------------------------------------------------


@dataclass(frozen=True)
class Ask:
    """One question of the worksheet: where the answer goes and how it is read."""

    path: tuple[Any, ...]
    label: str
    kind: str = "text"  # text | lines (several lines, an empty line ends) | date | items | count | choice
    choices: tuple[str, ...] = ()
    help: str = ""


PLAN_BEFORE = (
    Ask(("plan", "objective"), "Objective: what is this test for, in one sentence", "lines",
        help="e.g. See whether students finish a two-question exit ticket in advisory."),
)
#: asked for each question of the plan, in turn (N is its number)
PLAN_QUESTION = (
    Ask(("question",), "Question {n} the test answers (empty when you have no more)", "text"),
    Ask(("prediction",), "  Your prediction for question {n}, written BEFORE the test", "text"),
    Ask(("reason",), "  Why you predict that", "text"),
)
PLAN_AFTER = (
    Ask(("plan", "who"), "Who runs the test (adults' roles or initials)", "text"),
    Ask(("plan", "what"), "What exactly is tried", "text"),
    Ask(("plan", "where"), "Where", "text"),
    Ask(("plan", "planned_start"), "First day of the test (YYYY-MM-DD)", "date"),
    Ask(("plan", "planned_end"), "Last day of the test (YYYY-MM-DD)", "date"),
    Ask(("plan", "scale", "students"), "How many students it reaches", "count"),
    Ask(("plan", "data_to_collect"), "Data to collect, one item a line (an empty line ends)", "items"),
)
DO = (
    Ask(("do", "as_planned"), "Was the test carried out as planned", "choice", ("yes", "no", "partly")),
    Ask(("do", "what_happened"), "What happened (numbers where you have them)", "lines"),
    Ask(("do", "surprises"), "What surprised you", "lines"),
    Ask(("do", "actual_start"), "The day it started (YYYY-MM-DD)", "date"),
    Ask(("do", "actual_end"), "The day it ended (YYYY-MM-DD)", "date"),
)
STUDY_AFTER = (
    Ask(("study", "results"), "What the data showed, in a sentence or two", "lines"),
    Ask(("study", "learned"), "What you learned, including from predictions that were wrong", "lines"),
)
ACT_AFTER = (
    Ask(("act", "reason"), "Why this decision", "lines"),
    Ask(("act", "next_steps"), "What happens next, and at what scale", "lines"),
)
from nictools.scaffold.templates import NO_NAMES as NO_STUDENTS  # noqa: E402, F401  (read as worksheet.NO_STUDENTS)

MULTILINE_HINT = "(several lines are fine; an empty line ends the answer)"

# --- reading answers -------------------------------------------------------------------

#: a prediction's result in the words people use -> the value the file keeps
RESULT_WORDS = {
    "confirmed": "confirmed", "confirm": "confirmed", "yes": "confirmed", "y": "confirmed", "true": "confirmed",
    "borne out": "confirmed", "right": "confirmed", "correct": "confirmed",
    "partly": "partly", "partially": "partly", "partial": "partly", "part": "partly", "partly confirmed": "partly",
    "partially confirmed": "partly", "somewhat": "partly", "some": "partly", "mixed": "partly", "p": "partly",
    "not confirmed": "not_confirmed", "not_confirmed": "not_confirmed", "not-confirmed": "not_confirmed",
    "notconfirmed": "not_confirmed", "unconfirmed": "not_confirmed", "no": "not_confirmed", "n": "not_confirmed",
    "not": "not_confirmed", "false": "not_confirmed", "wrong": "not_confirmed", "disconfirmed": "not_confirmed",
    "not borne out": "not_confirmed",
}
DECISION_WORDS = {"adopt": "adopt", "adopted": "adopt", "keep": "adopt", "adapt": "adapt", "adapted": "adapt",
                  "change": "adapt", "abandon": "abandon", "abandoned": "abandon", "stop": "abandon", "drop": "abandon"}
AS_PLANNED_WORDS = {"yes": "yes", "y": "yes", "no": "no", "n": "no", "partly": "partly", "partially": "partly",
                    "partial": "partly", "somewhat": "partly"}


def _words(text: str) -> str:
    return " ".join(re.sub(r"[^a-z_ -]", " ", text.lower()).replace("-", " ").replace("_", " ").split())


def read_word(text: str, words: dict[str, str]) -> str | None:
    """The value a typed word stands for ("not confirmed", "Partially", "NO") or None."""
    typed = text.strip().lower()
    if typed in words:
        return words[typed]
    return words.get(_words(text))


def parse_result(text: str) -> str:
    """A prediction's result in words -> confirmed | partly | not_confirmed, or a NicError."""
    found = read_word(text, RESULT_WORDS)
    if found is None:
        raise NicError(f"`{text}` is not a result nic knows.",
                       "Say confirmed (or yes), partly (or partially), or not confirmed (or no).")
    return found


def parse_decision(text: str) -> str:
    found = read_word(text, DECISION_WORDS)
    if found is None:
        raise NicError(f"`{text}` is not a decision nic knows.", "Say adopt, adapt or abandon.")
    return found


_LINE_BREAKS = re.compile("\r\n|[\r\x85\u2028\u2029\x0b\x0c]")
_CONTROL = re.compile("[\x00-\x08\x0e-\x1f\x7f-\x84\x86-\x9f\ufeff\ufffe\uffff]")


def clean_answer(text: str) -> str:
    """What is kept of a typed answer: one kind of line break, no control characters, tabs
    as spaces, no spaces at line ends or blank lines around it. Nothing else changes."""
    text = _LINE_BREAKS.sub("\n", text)
    text = _CONTROL.sub("", text).replace("\t", " ")
    lines = [line.rstrip() for line in text.split("\n")]
    return "\n".join(lines).strip("\n").strip(" ") if any(lines) else ""


def read_date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text.strip())
    except ValueError:
        raise NicError(f"`{text.strip()}` is not a date in the form YYYY-MM-DD.", "For example 2025-10-20.") from None


# --- storing answers -------------------------------------------------------------------


def _yaml() -> Any:
    from nictools.scaffold.advance import round_trip_yaml

    return round_trip_yaml()


def _plain_reads_back(text: str) -> bool:
    from nictools.scaffold.templates import scalar

    return scalar(text) == text


def yaml_value(value: Any) -> Any:
    """A Python value as the node ruamel should write: text quoted or as a block as it needs."""
    from ruamel.yaml.scalarstring import DoubleQuotedScalarString, LiteralScalarString

    if isinstance(value, (list, tuple)):
        return [yaml_value(v) for v in value]
    if not isinstance(value, str):
        return value
    if "\n" in value:
        lines = value.split("\n")
        # a literal block keeps every character as typed, unless a line starts with a space
        # (the block's indentation would change) or the text has odd characters
        if not lines[0].startswith(" ") and all(line == line.rstrip() and line.isprintable() for line in lines):
            return LiteralScalarString(value)
        return DoubleQuotedScalarString(value)
    return value if _plain_reads_back(value) else DoubleQuotedScalarString(value)


def _set(doc: Any, path: Sequence[Any], value: Any) -> None:
    node = doc
    for step in path[:-1]:
        if isinstance(step, str) and (node.get(step) is None):
            node[step] = {}
        node = node[step]
    node[path[-1]] = yaml_value(value)


def _get(data: Any, path: Sequence[Any]) -> Any:
    for step in path:
        if data is None:
            return None
        data = data[step] if isinstance(step, int) else data.get(step)
    return data


def _same(stored: Any, value: Any) -> bool:
    if isinstance(value, (list, tuple)):
        return isinstance(stored, list) and len(stored) == len(value) and all(map(_same, stored, value))
    return stored == value


def fill(text: str, answers: Iterable[tuple[Sequence[Any], Any]], rel: str = "") -> str:
    """`text` (a cycle's YAML) with each answer put at its path; comments and order kept.

    The result is read back as `nic validate` reads it; an answer that would not come back
    exactly as typed is a bug here, said as such (the file is not written)."""
    answers = [(tuple(path), value) for path, value in answers if value not in (None, "", [])]
    if not answers:
        return text
    yaml = _yaml()
    doc = yaml.load(text)
    for path, value in answers:
        _set(doc, path, value)
    out = io.StringIO()
    yaml.dump(doc, out)
    filled = out.getvalue()
    from nictools.load.yaml import read_yaml

    back = read_yaml(filled, rel or "worksheet.yaml")
    if not back.ok or back.data is None:
        raise NicError("nic could not store an answer safely (it would not read back).",
                       "This is a bug in nictools: please report it, with the answer you typed.")
    for path, value in answers:
        stored = _get(back.data, path)
        if isinstance(value, dt.date) and str(stored) == value.isoformat():
            continue
        if not _same(stored, value):
            raise NicError(f"nic could not store the answer `{str(value)[:60]}` exactly as typed.",
                           "This is a bug in nictools: please report it, with the answer you typed.")
    return filled


def validate_text(text: str, rel: str) -> None:
    """The filled cycle must fit the model (a NicError saying why, when not)."""
    from nictools.load.network import validate_document
    from nictools.load.yaml import read_yaml

    doc = read_yaml(text, rel)
    model, problems = validate_document("pdsa", doc, rel) if doc.data is not None else (None, doc.problems)
    if model is None or problems:
        details = "; ".join(p.message for p in problems) or "it could not be read back"
        raise NicError(f"The worksheet's answers would leave {rel} invalid: {details}",
                       "Check the answers (dates as YYYY-MM-DD, whole numbers for counts).")

