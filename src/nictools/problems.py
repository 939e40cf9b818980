"""Problems are data: checks produce them, formatters print them.

A `Problem` is a small, frozen, sortable record (as yamllint's LintProblem and
ruff's diagnostics are), so every output format lists the same problems in the
same order and tests can compare plain lists.
"""

from __future__ import annotations

import enum
from collections import Counter
from dataclasses import dataclass, field
from typing import Iterable

DOCS_URL = "https://github.com/nictools/nictools/blob/main/docs/checks.md"


class Severity(str, enum.Enum):
    """How much a problem matters: only errors fail `nic validate` (unless --strict)."""

    ERROR = "error"
    WARNING = "warning"
    INFO = "info"

    @property
    def rank(self) -> int:
        return {"error": 0, "warning": 1, "info": 2}[self.value]


@dataclass(frozen=True, order=False)
class Problem:
    """One thing wrong in one file, located and explained in plain words.

    `line` and `column` are 1-based; 0 means the problem is about the whole file
    (or the column is unknown). `path` is relative to the network root, with
    forward slashes. `pointer` says where in the data (`plan.questions[1].prediction`).
    """

    path: str
    line: int
    column: int
    code: str
    name: str
    severity: Severity
    message: str
    hint: str = ""
    pointer: str = ""
    end_line: int = 0
    end_column: int = 0

    @property
    def sort_key(self) -> tuple[str, int, int, str, str]:
        return (self.path, self.line, self.column, self.code, self.message)

    @property
    def url(self) -> str:
        return f"{DOCS_URL}#{self.code.lower()}-{self.name}"

    def to_dict(self) -> dict[str, object]:
        """The one machine shape every formatter (JSON, SARIF, …) starts from."""
        return {
            "code": self.code,
            "name": self.name,
            "severity": self.severity.value,
            "path": self.path,
            "line": self.line,
            "column": self.column,
            "end_line": self.end_line or self.line,
            "end_column": self.end_column or self.column,
            "pointer": self.pointer,
            "message": self.message,
            "hint": self.hint,
            "url": self.url,
        }


@dataclass
class Result:
    """The outcome of a validation run; it owns the exit code (as black's Report does)."""

    problems: list[Problem] = field(default_factory=list)
    files: int = 0
    strict: bool = False

    def __post_init__(self) -> None:
        self.problems = sorted_problems(self.problems)

    @property
    def counts(self) -> Counter[str]:
        return Counter(p.severity.value for p in self.problems)

    @property
    def errors(self) -> int:
        return self.counts["error"]

    @property
    def warnings(self) -> int:
        return self.counts["warning"]

    @property
    def infos(self) -> int:
        return self.counts["info"]

    @property
    def exit_code(self) -> int:
        """0 no errors (warnings allowed), 1 problems found (warnings too under --strict)."""
        if self.errors or (self.strict and self.warnings):
            return 1
        return 0

    def summary(self) -> dict[str, int]:
        return {"errors": self.errors, "warnings": self.warnings, "infos": self.infos, "files": self.files}


def sorted_problems(problems: Iterable[Problem]) -> list[Problem]:
    """Sort by (path, line, column, code) and drop exact duplicates."""
    return sorted(set(problems), key=lambda p: p.sort_key)
