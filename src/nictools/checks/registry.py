"""What a check is, and the codes it may report.

A check is a generator over a loaded `Network` yielding Problems. It never reads
files, prints or exits: it looks at the model and says what is wrong. Each check
declares the codes it can report with `@emits(...)`; the declaration is data on the
check, not a registration. A file check (`@file_check(...)`) looks at one loaded
artifact and its file's text alone: its problems depend on nothing else, so
`nic validate` keeps them with the file's parse in the cache (`nictools.load.cache`).
`nictools.checks.suite` lists the checks `nic validate` runs, explicitly, and a test
holds every check to its codes.

Two rules let `nic validate` re-check only the files an edit touched
(`nictools.validate.checked_incrementally`): a check skips the artifacts of files not in
focus (`if not network.in_focus(rec.path): continue`; every file is in focus on a whole
run), and what it reads of *another* file (another cycle, a measure, network.yaml...) is
among that file's facts (`Record.facts`, `nictools.model.network.facts_of`): add a field
there before a check reads it of another file. `tests/load/test_file_cache.py` compares re-checks with
whole runs after random edits.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Callable, Iterator

from nictools.catalogue import CATALOGUE
from nictools.problems import Problem

if TYPE_CHECKING:
    from nictools.model.network import Network, Record

CheckFunction = Callable[["Network"], Iterator[Problem]]
FileCheckFunction = Callable[["Record", "str | None"], Iterator[Problem]]


@dataclass(frozen=True)
class Check:
    """One check: its function and the catalogue codes it can report."""

    function: CheckFunction
    codes: frozenset[str]

    @property
    def name(self) -> str:
        return f"{self.function.__module__.rsplit('.', 1)[-1]}.{self.function.__name__}"

    def __call__(self, network: Network) -> Iterator[Problem]:
        return self.function(network)


def emits(*codes: str) -> Callable[[CheckFunction], Check]:
    """Declare a check and the codes it can report; every code must be catalogued."""
    unknown = [c for c in codes if c not in CATALOGUE]
    if unknown or not codes:
        raise ValueError(f"a check must declare catalogued codes; unknown: {unknown or 'none given'}")

    def wrap(function: CheckFunction) -> Check:
        return Check(function, frozenset(codes))

    return wrap


@dataclass(frozen=True)
class FileCheck:
    """A check of one loaded artifact alone: it reads nothing but the record and its file's
    text (no other file, no clock), so its problems can be kept with the file's parse."""

    function: FileCheckFunction
    codes: frozenset[str]

    @property
    def name(self) -> str:
        return f"{self.function.__module__.rsplit('.', 1)[-1]}.{self.function.__name__}"

    def __call__(self, record: Record, text: str | None = None) -> Iterator[Problem]:
        return self.function(record, text)


def file_check(*codes: str) -> Callable[[FileCheckFunction], FileCheck]:
    """Declare a file check and the codes it can report; every code must be catalogued."""
    emits(*codes)  # the same rule for the codes

    def wrap(function: FileCheckFunction) -> FileCheck:
        return FileCheck(function, frozenset(codes))

    return wrap
