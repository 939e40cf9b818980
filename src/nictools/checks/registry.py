"""The catalogue of checks: every problem code, its kebab-case name, default
severity, one-line summary and hint, and the docs (why, bad, good).

Codes are stable: a released code is never reused, and families make prefixes
mean something (NIC0xx files, NIC1xx schema, NIC2xx references, NIC3xx
measurement data, NIC4xx PDSA practice, NIC5xx model and repository, NIC6xx privacy).
Loaders and checks build problems through `make_problem`, so the name and default
severity always come from here.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Iterable, Iterator

from nictools.problems import Problem, Severity

ERROR = Severity.ERROR
WARNING = Severity.WARNING
INFO = Severity.INFO


@dataclass(frozen=True)
class CheckInfo:
    """What `nic explain CODE` and docs/checks.md show for one code."""

    code: str
    name: str
    severity: Severity
    summary: str
    hint: str
    why: str = ""
    bad: str = ""
    good: str = ""
    aliases: tuple[str, ...] = ()
    fixable: bool = False


CATALOGUE: dict[str, CheckInfo] = {}
_BY_NAME: dict[str, str] = {}


def define(
    code: str,
    name: str,
    severity: Severity,
    summary: str,
    hint: str,
    *,
    why: str = "",
    bad: str = "",
    good: str = "",
    aliases: Iterable[str] = (),
    fixable: bool = False,
) -> CheckInfo:
    """Add one code to the catalogue; a code or name defined twice is a bug."""
    if code in CATALOGUE or name in _BY_NAME:
        raise ValueError(f"check {code} {name} defined twice")
    info = CheckInfo(code, name, severity, summary, hint, why, bad, good, tuple(aliases), fixable)
    CATALOGUE[code] = info
    _BY_NAME[name] = code
    for alias in info.aliases:
        _BY_NAME[alias] = code
    return info


def lookup(code_or_name: str) -> CheckInfo | None:
    """Find a check by code (`NIC203`, any case) or name (`unknown-change-idea`)."""
    key = code_or_name.strip()
    info = CATALOGUE.get(key.upper())
    if info is None and key.lower() in _BY_NAME:
        info = CATALOGUE[_BY_NAME[key.lower()]]
    return info


def make_problem(
    code: str,
    path: str,
    line: int,
    column: int,
    message: str,
    *,
    hint: str | None = None,
    pointer: str = "",
    end_line: int = 0,
    end_column: int = 0,
    severity: Severity | None = None,
) -> Problem:
    """A Problem for a catalogued code; the hint defaults to the catalogue's."""
    info = CATALOGUE[code]
    return Problem(
        path=path,
        line=line,
        column=column,
        code=code,
        name=info.name,
        severity=severity or info.severity,
        message=message,
        hint=info.hint if hint is None else hint,
        pointer=pointer,
        end_line=end_line,
        end_column=end_column,
    )


def matches(selector: str, info: CheckInfo) -> bool:
    """True when a --select/--ignore entry names this check: a code, a code prefix
    (`NIC2`), a name, or `ALL`."""
    s = selector.strip()
    if not s:
        return False
    if s.upper() == "ALL":
        return True
    if info.code.startswith(s.upper()):
        return True
    return s.lower() == info.name or s.lower() in info.aliases


CheckFunction = Callable[..., Iterator[Problem]]


def _load_catalogue() -> None:
    """Import the catalogue data once, after `define` exists."""
    import nictools.checks.catalogue  # noqa: F401  (fills CATALOGUE)


_load_catalogue()


# --- check functions over the loaded network ---------------------------------------------

NETWORK_CHECKS: list[CheckFunction] = []


def network_check(function: CheckFunction) -> CheckFunction:
    """Register a check: a generator over a loaded `Network` yielding Problems.

    Checks never read files, print or exit; they look at the model and say what is wrong.
    """
    NETWORK_CHECKS.append(function)
    return function


#: checks of one YAML file's artifact alone: their problems depend on nothing but the file, so
#: `nic validate` keeps them with the file's parse in the cache (`nictools.load.cache`)
FILE_CHECKS: list[CheckFunction] = []


def file_check(function: CheckFunction) -> CheckFunction:
    """Register a check of one loaded artifact: a generator over (`Record`, the file's text or None)
    yielding Problems. It must read nothing but that record and text (no other file, no clock)."""
    FILE_CHECKS.append(function)
    return function
