"""What a check over a loaded network is, and the codes it may report.

A check is a generator over a loaded `Network` yielding Problems. It never reads
files, prints or exits: it looks at the model and says what is wrong. Each check
declares the codes it can report with `@emits(...)`; the declaration is data on the
check, not a registration. `nictools.checks.suite.CHECKS` lists the checks
`nic validate` runs, explicitly, and a test holds every check to its codes.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Callable, Iterator

from nictools.catalogue import CATALOGUE
from nictools.problems import Problem

if TYPE_CHECKING:
    from nictools.model.network import Network

CheckFunction = Callable[["Network"], Iterator[Problem]]


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
