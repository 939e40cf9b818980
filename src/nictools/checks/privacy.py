"""NIC60x: the repository holds aggregates only, never student-level data.

Field and column names that name students' identities, and student ids or birth
dates in free text, are errors. Staff names (in `team`, `coach`, `who`) and
classroom subgroups are normal and never flagged: a check that cries wolf here
teaches teams to ignore the one that matters. The text checks read the raw file
text (comments included: a comment is as public as a value). Field names are searched
only in files that failed to load: a loaded file holds only the format's fields.
"""

from __future__ import annotations

import re
from typing import Any, Iterator

from nictools.checks.registry import file_check, make_problem, network_check
from nictools.load.text import line_of
from nictools.model.network import Network, Record
from nictools.problems import Problem

#: names of fields or columns that hold an individual student's identity
_STUDENT_FIELD = (
    r"(?:student|pupil|learner|child)s?[ _-]?(?:names?|ids?|numbers?|no|nums?|dob|birth[ _-]?dates?|birthdays?|emails?)"
    r"|(?:first|last|given|family|sur)[ _-]?names?|date[ _-]?of[ _-]?birth|birth[ _-]?dates?|dob|ssn|ssid|sasid|lasid|suid"
)
_COLUMN = re.compile(rf"(?:{_STUDENT_FIELD}|name)\Z", re.IGNORECASE)
_YAML_KEY = re.compile(rf"^[ \t]*(?:-[ \t]+)?['\"]?({_STUDENT_FIELD})['\"]?[ \t]*:", re.IGNORECASE | re.MULTILINE)
_STUDENT_ID = re.compile(
    r"\b(?:student|pupil|learner|ssid|sasid|lasid|suid|id)(?:[ \t]*(?:id|no\.?|number|num|#))?[ \t]*[:#=]?[ \t]*(\d{6,10})\b",
    re.IGNORECASE,
)
_BIRTH = re.compile(
    r"\b(?:dob|d\.o\.b\.?|date[ \t]+of[ \t]+birth|birth[ \t]*date|birthday|born(?:[ \t]+on)?)[ \t]*[:=]?[ \t]*"
    r"(\d{4}-\d{1,2}-\d{1,2}|\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4})",
    re.IGNORECASE,
)
_DIGITS_TO_ZERO = str.maketrans("123456789", "000000000")  # "000000" in the result: a run of six digits
_BIRTH_CUES = ("dob", "d.o.b", "birth", "born")


@network_check
def student_level_data(network: Network) -> Iterator[Problem]:
    """Columns, fields and free text that identify individual students (the text of a loaded
    YAML file is read by `student_level_text`, with that file)."""
    for table in network.data.values():
        for i, column in enumerate(table.columns):
            if _COLUMN.match(column.strip()):
                yield make_problem("NIC601", table.path, 1, i + 1,
                                   f"The column `{column}` looks like student-level data.")
    # A file that loaded has only the format's fields (unknown fields fail the schema), so
    # field names need a look only in YAML files that did not load.
    loaded = {r.path for r in network.records()}
    for path, text in network.texts.items():
        if path in loaded:
            continue
        if not path.endswith(".csv"):
            for m in _YAML_KEY.finditer(text):
                line = line_of(text, m.start(1))
                col = m.start(1) - text.rfind("\n", 0, m.start(1))
                yield make_problem("NIC602", path, line, col, f"The field `{m.group(1)}` looks like student-level data.",
                                   end_line=line, end_column=col + len(m.group(1)))
        yield from _free_text(path, text)


@file_check
def student_level_text(rec: Record[Any], text: str | None = None) -> Iterator[Problem]:
    """Student ids and birth dates in the text of one loaded YAML file (comments included)."""
    if text is not None:
        yield from _free_text(rec.path, text)


def _free_text(path: str, text: str) -> Iterator[Problem]:
    lowered = text.lower()
    for m in (_STUDENT_ID.finditer(text) if "000000" in text.translate(_DIGITS_TO_ZERO) else ()):
        line_start = text.rfind("\n", 0, m.start()) + 1
        if text[line_start:m.start()].strip(" \t-") == "" and m.group(0)[:2].lower() == "id" \
                and not m.group(0)[2:3].isalpha():
            continue  # the artifact's own `id:` key, not a student id
        line = line_of(text, m.start())
        col = m.start() - line_start + 1
        yield make_problem("NIC603", path, line, col,
                           f"`{m.group(0).strip()}` looks like a student id.",
                           end_line=line, end_column=col + len(m.group(0)))
    for m in (_BIRTH.finditer(text) if any(cue in lowered for cue in _BIRTH_CUES) else ()):
        line = line_of(text, m.start())
        col = m.start() - text.rfind("\n", 0, m.start())
        yield make_problem("NIC604", path, line, col, f"`{m.group(0).strip()}` looks like a date of birth.",
                           end_line=line, end_column=col + len(m.group(0)))
