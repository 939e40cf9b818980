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
from dataclasses import dataclass
from typing import Any, Iterable, Iterator

from nictools.catalogue import make_problem
from nictools.checks.registry import emits, file_check
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


@emits("NIC601", "NIC602", "NIC603", "NIC604")
def student_level_data(network: Network) -> Iterator[Problem]:
    """Columns, fields and free text that identify individual students (the text of a loaded
    YAML file is read by `student_level_text`, with that file)."""
    for table in network.data.values():
        if not network.in_focus(table.path):
            continue
        for i, column in enumerate(table.columns):
            if _COLUMN.match(column.strip()):
                yield make_problem("NIC601", table.path, 1, i + 1,
                                   f"The column `{column}` looks like student-level data.")
    # A file that loaded has only the format's fields (unknown fields fail the schema), so
    # field names need a look only in YAML files that did not load.
    loaded = {r.path for r in network.records()}
    for path in list(network.texts):
        if path in loaded or not network.in_focus(path):
            continue  # (its text may not even have been read: `nictools.load.text.LazyTexts`)
        text = network.texts.get(path)
        if text is None:
            continue
        if not path.endswith(".csv"):
            for m in _YAML_KEY.finditer(text):
                line = line_of(text, m.start(1))
                col = m.start(1) - text.rfind("\n", 0, m.start(1))
                yield make_problem("NIC602", path, line, col, f"The field `{m.group(1)}` looks like student-level data.",
                                   end_line=line, end_column=col + len(m.group(1)))
        yield from _free_text(path, text)


@file_check("NIC603", "NIC604")
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


# --- at the door: text a person is about to put into the repository -------------------


@dataclass(frozen=True)
class Finding:
    """Something in typed text that looks like it identifies a student."""

    kind: str  # id | birth | name
    text: str
    what: str  # in words: "a student id"


#: words after a first name that make it a place or a group, not a person ("Grace Hall", "Lincoln High")
_PLACE_WORDS = frozenset("""academy avenue ave building campus center centre city club college county court day district
drive elementary hall high house lane library middle month park place program programme project road room school
street team university week""".split())
#: words before a name that make it an adult's (titles): "Ms. Maria Lopez", "Coach Mike"
_TITLES = frozenset("mr mrs ms miss dr coach principal teacher advisor counselor counsellor nurse superintendent".split())
_CAPITALISED = re.compile(r"\b([A-Z][a-z]+(?:-[A-Z][a-z]+)?)\b")
_FIRST_NAMES: frozenset[str] | None = None


def first_names() -> frozenset[str]:
    """The bundled first-name list (checks/first_names.txt, where its source is cited)."""
    global _FIRST_NAMES
    if _FIRST_NAMES is None:
        from importlib.resources import files

        text = files("nictools.checks").joinpath("first_names.txt").read_text(encoding="utf-8")
        _FIRST_NAMES = frozenset(line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#"))
    return _FIRST_NAMES


def _names(text: str, allowed: frozenset[str]) -> list[Finding]:
    known = first_names()
    words = list(_CAPITALISED.finditer(text))
    found: list[Finding] = []
    skip = -1
    for i, m in enumerate(words):
        if i <= skip or m.group(1) not in known:
            continue
        before = text[max(0, m.start() - 16):m.start()].rstrip(" .").lower().split()
        if before and before[-1] in _TITLES:
            continue
        following = words[i + 1] if i + 1 < len(words) else None
        pair = following is not None and text[m.end():following.start()].strip() == ""
        if pair and following.group(1).lower() in _PLACE_WORDS:  # type: ignore[union-attr]
            continue
        shown = text[m.start():following.end()] if pair else m.group(1)  # type: ignore[union-attr]
        if shown.lower() in allowed or m.group(1).lower() in allowed:
            continue
        found.append(Finding("name", shown, "a person's name"))
        skip = i + 1 if pair else i
    return found


def screen_text(text: str, *, names: bool = True, allowed: Iterable[str] = ()) -> list[Finding]:
    """What in `text` looks like a student id, a date of birth (the same patterns as NIC603
    and NIC604) or a person's name (a first name from the bundled list, alone or with a
    capitalised last name; not after a title such as Ms. or Coach, not before a place word
    such as High or Hall), for the commands that take typed text to refuse or ask about it
    before it is written, rather than validate finding it after.

    `allowed`: words and names that are not a student's (the network's site names, the
    settings' `privacy_allow` list): the way to mark a false alarm once for good."""
    found: list[Finding] = []
    if "000000" in text.translate(_DIGITS_TO_ZERO):
        found += [Finding("id", m.group(0).strip(), "a student id") for m in _STUDENT_ID.finditer(text)]
    if any(cue in text.lower() for cue in _BIRTH_CUES):
        found += [Finding("birth", m.group(0).strip(), "a date of birth") for m in _BIRTH.finditer(text)]
    if names:
        found += _names(text, frozenset(a.strip().lower() for a in allowed))
    return found


def allowed_words(network: Network) -> list[str]:
    """What the privacy screen takes for no student's name in this network: its sites' names
    and ids, and `settings.privacy_allow` in network.yaml."""
    words: list[str] = []
    if network.config is not None:
        words += list(getattr(network.config.model.settings, "privacy_allow", []) or [])
    for site_id, record in network.sites.items():
        words.append(site_id)
        name = getattr(getattr(record, "model", None), "name", None)
        if name:
            words += [str(name), *str(name).split()]
    return words
