"""The check catalogue: every problem code nic can report, as data.

It sits below everything that reports problems: the loaders (`nictools.load`), the
checks (`nictools.checks`) and the formatters import it; it imports only the problem
record (`nictools.problems`). `record` says what a code is, `codes` lists them all.
"""

from __future__ import annotations

from nictools.catalogue import codes as _codes  # noqa: F401  (the data: fills CATALOGUE)
from nictools.catalogue.record import (CATALOGUE, ERROR, INFO, WARNING, CheckInfo, define, lookup,
                                       make_problem, matches)

__all__ = ["CATALOGUE", "ERROR", "INFO", "WARNING", "CheckInfo", "define", "lookup", "make_problem", "matches"]
