"""The library face of `nic validate`: load, check, filter, return a Result.

    result = run(root, paths=[...], select=[...], ignore=[...])

Problems come from the loader (files, syntax, schema) and the registered network
checks; `--select`/`--ignore` and the network's settings filter them.
"""

from __future__ import annotations

import fnmatch
from pathlib import Path
from typing import Iterable, Sequence

from nictools.checks import references as _references  # noqa: F401  (registers checks)
from nictools.checks.registry import CATALOGUE, NETWORK_CHECKS, matches
from nictools.errors import NicError
from nictools.load.network import load_network
from nictools.model.network import Network
from nictools.problems import Problem, Result


def _selected(problem: Problem, select: Sequence[str], ignore: Sequence[str]) -> bool:
    info = CATALOGUE.get(problem.code)
    if info is None:
        return True
    if select and not any(matches(s, info) for s in select):
        return False
    return not any(matches(s, info) for s in ignore)


def _ignored_for_path(problem: Problem, per_file: dict[str, list[str]]) -> bool:
    info = CATALOGUE.get(problem.code)
    if info is None:
        return False
    return any(fnmatch.fnmatch(problem.path, pattern) and any(matches(s, info) for s in codes)
               for pattern, codes in per_file.items())


def _relative_targets(root: Path, paths: Iterable[Path]) -> list[str]:
    """The files or folders to report on, relative to the root ('' = everything)."""
    targets = []
    for raw in paths:
        path = Path(raw).resolve()
        if not path.exists():
            raise NicError(f"{raw} does not exist.", "Give files or folders inside the network.")
        if path == root:
            return [""]
        if root not in path.parents:
            raise NicError(f"{raw} is not inside the network at {root}.",
                           "Give files or folders inside the network, or use -C to pick the network.")
        rel = path.relative_to(root).as_posix()
        targets.append(rel + "/" if path.is_dir() else rel)
    return targets or [""]


def check_network(network: Network) -> list[Problem]:
    """Every registered check over the loaded network."""
    problems: list[Problem] = []
    for check in NETWORK_CHECKS:
        problems.extend(check(network))
    return problems


def run(
    root: Path,
    paths: Sequence[Path] = (),
    select: Sequence[str] = (),
    ignore: Sequence[str] = (),
    strict: bool = False,
) -> tuple[Result, Network]:
    """Validate the network at `root`; report on `paths` only when given."""
    targets = _relative_targets(root, paths)
    network, problems = load_network(root)
    problems.extend(check_network(network))
    settings = network.config.model.settings if network.config else None
    select = list(select) or (settings.select if settings else [])
    ignore = list(ignore) + (settings.ignore if settings else [])
    per_file = settings.per_file_ignores if settings else {}
    kept = [
        p for p in problems
        if _selected(p, select, ignore)
        and not _ignored_for_path(p, per_file)
        and any(t == "" or p.path == t or (t.endswith("/") and p.path.startswith(t)) for t in targets)
    ]
    files = [f for f in network.files if any(t == "" or f == t or (t.endswith("/") and f.startswith(t)) for t in targets)]
    return Result(kept, files=len(files), strict=strict), network
