"""The library face of `nic validate`: load, check, filter, return a Result.

    result = run(root, paths=[...], select=[...], ignore=[...])

Problems come from the loader (files, syntax, schema) and the registered network
checks. Then, in order: `--select`/`--ignore` (or the network's settings),
`per_file_ignores`, inline `# nic: ignore[...]` comments (see `nictools.suppressions`),
and `status: draft` on a cycle, which silences the warnings and infos of the PDSA
practice family (NIC4xx) on that file: a draft is work in progress.
"""

from __future__ import annotations

import fnmatch
import gc
import os
from pathlib import Path
from typing import Iterable, Mapping, Sequence

from nictools.catalogue import CATALOGUE, matches
from nictools.checks.suite import CHECKS, FILE_CHECKS
from nictools.errors import NicError
from nictools.load.network import (LAZY_KINDS, Incremental, ParseCache, StaleCache, load_network,
                                   problem_rows, problems_of_rows)
from nictools.model.network import Network, Record
from nictools.problems import Problem, Result, Severity
from nictools.suppressions import ALL, FileSuppressions, parse_suppressions

#: the family that `status: draft` quiets (its warnings and infos only)
DRAFT_SILENCES = "NIC4"


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


def _suppressed_inline(problem: Problem, comments: dict[str, FileSuppressions], texts: dict[str, str]) -> bool:
    """True when a `# nic: ignore[...]` comment in the problem's file silences it."""
    found = comments.get(problem.path)
    if found is None:
        text = texts.get(problem.path)  # (read now if it was left unread: `nictools.load.text.LazyTexts`)
        if text is None:
            return False
        found = comments[problem.path] = parse_suppressions(text)
    if not found.lines and not found.whole_file:
        return False
    info = CATALOGUE.get(problem.code)
    selectors = found.whole_file + found.lines.get(problem.line, [])
    return any(s.upper() == ALL or (info is not None and matches(s, info)) for s in selectors)


def _silenced_by_draft(problem: Problem, drafts: set[str]) -> bool:
    return (problem.path in drafts and problem.code.startswith(DRAFT_SILENCES)
            and problem.severity is not Severity.ERROR)


def relative_targets(root: Path, paths: Iterable[Path]) -> list[str]:
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


def file_problems(record: Record, text: str | None) -> list[Problem]:
    """The problems of every file check (`FILE_CHECKS`) on one artifact and its file's text."""
    return [problem for check in FILE_CHECKS for problem in check(record, text)]


def check_network(network: Network) -> list[Problem]:
    """Every check of the suite over the loaded network: the file checks, then the cross-file ones.

    The cyclic garbage collector is paused while the checks run (as while loading):
    the loaded network is a large heap of acyclic objects, and every full collection
    would walk all of it again, which made checks on 1,000 sites 20x slower than on 200.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        return file_check_problems(network) + cross_file_problems(network)
    finally:
        if enabled:
            gc.enable()


def file_check_problems(network: Network) -> list[Problem]:
    """The file checks (`FILE_CHECKS`) of every artifact, from the cache where the loader has them."""
    problems: list[Problem] = []
    for rec in network.records():
        done = network.file_checked.get(rec.path)
        problems.extend(file_problems(rec, network.texts.get(rec.path)) if done is None else done)
    return problems


def cross_file_problems(network: Network) -> list[Problem]:
    """The checks between files (`CHECKS`); with `network.focus`, of the files in focus only."""
    return [problem for check in CHECKS for problem in check(network)]


def _tracked_files(network: Network):  # -> TrackedFiles | None
    """The files git tracks, asked of git (through the history layer, the one that runs it) only
    when a change idea's material names a path: that is what NIC019 checks."""
    from nictools.export.materials import is_url

    if not any(m.link.strip() and (not is_url(m.link) or m.link.strip().lower().startswith("file:"))
               for rec in network.change_ideas.values() for m in rec.model.materials):
        return None
    from nictools.history.git import tracked_files

    return tracked_files(network.root)


def load_for_checks(root: Path, overlay: Mapping[str, str] | None = None, cache: ParseCache | None = None,
                    disk_cache: bool = False, incremental: Incremental | None = None) -> tuple[Network, list[Problem]]:
    """The network as the checks see it: loaded (the file checks run as each file is parsed, or
    come from the cache with its parse), with the files git tracks when a check needs them."""
    network, problems = load_network(root, overlay, cache, disk_cache=disk_cache, file_checks=file_problems,
                                     incremental=incremental)
    network.tracked = _tracked_files(network)
    return network, problems


def checked_incrementally(root: Path) -> tuple[Network, list[Problem]]:
    """Load and check the network, re-checking only what changed since the last `nic validate`.

    The last run's state is kept in the user's cache folder (`nictools.load.cache`): each
    file's stat signature, content key, parse and file-check problems, facts (what other
    files' checks read of it: `nictools.model.network.facts_of`), and the problems the checks
    between files found in each file. When the files are the ones listed then, today is the
    same day, and every changed file loads and has the facts it had, no other file's problems
    can have changed: the checks run on the changed files and the hub (network.yaml,
    drivers.yaml, aims, measures, change ideas: few, and always built), and every other file
    keeps its problems without being built (`Network.focus`). Otherwise every check runs on
    every file. Either way the problems are a cold run's (`tests/load/test_file_cache.py`
    compares them after random edits).
    """
    from nictools.load.cache import FileCache

    disk = FileCache(root)
    if disk.db is None:
        network, problems = load_for_checks(root)
        return network, problems + check_network(network)
    lazy = False
    try:
        try:
            network, problems, lazy = _check_incrementally(root, disk, allow_lazy=True)
        except StaleCache:  # a cache entry the last run relied on is gone: read as if cold
            network, problems, lazy = _check_incrementally(root, disk, allow_lazy=False)
        return network, problems
    finally:
        if not lazy:  # (unbuilt records keep the cache open to be built if read later)
            disk.close()


def _check_incrementally(root: Path, disk: object, allow_lazy: bool) -> tuple[Network, list[Problem], bool]:
    from nictools.clock import today

    inc = Incremental(disk, allow_lazy=allow_lazy)
    network, problems = load_for_checks(root, incremental=inc)
    day = today().isoformat()
    kept = _previous_cross(inc, day)
    focus = _focus(inc) if kept is not None else None
    enabled = gc.isenabled()
    gc.disable()
    try:
        problems.extend(file_check_problems(network))
        if focus is None:
            inc.build_all()
            cross = cross_file_problems(network)
        else:
            network.focus = focus
            try:
                files = set(network.files)
                cross = [p for p in cross_file_problems(network) if p.path in focus or p.path not in files]
            finally:
                network.focus = None
            assert kept is not None
            cross += [p for path, found in kept.items() if path in files and path not in focus for p in found]
    finally:
        if enabled:
            gc.enable()
    by_path: dict[str, list[Problem]] = {}
    for problem in cross:
        by_path.setdefault(problem.path, []).append(problem)
    disk.store_run({"today": day, "files": {path: state.row() for path, state in inc.files.items()},  # type: ignore[attr-defined]
                    "cross": {path: problem_rows(found) for path, found in by_path.items()}})
    return network, problems + cross, inc.lazy


def _previous_cross(inc: Incremental, day: str) -> dict[str, list[Problem]] | None:
    """The problems the last run's checks between files found, by file, when they can stand for
    this run's on files not re-checked: same files unbuilt, same day, rows that read."""
    stored = inc.previous_run.get("cross")
    if not inc.lazy or inc.previous_run.get("today") != day or not isinstance(stored, dict):
        return None
    try:
        return {path: problems_of_rows(rows, path) for path, rows in stored.items()}
    except ValueError:
        return None


def _focus(inc: Incremental) -> frozenset[str] | None:
    """The files to re-check when every changed file loads and keeps its facts: those and the hub
    (None: every file, when anything else changed)."""
    for path in inc.changed:
        before, now = inc.previous.get(path), inc.files.get(path)
        if before is None or now is None or now.stored_facts is None or before.stored_facts != now.stored_facts:
            return None
    hub = {path for path, state in inc.files.items() if state.kind not in LAZY_KINDS}  # (few, always built)
    return frozenset(inc.changed | hub)


def run(
    root: Path,
    paths: Sequence[Path] = (),
    select: Sequence[str] = (),
    ignore: Sequence[str] = (),
    strict: bool = False,
    overlay: Mapping[str, str] | None = None,
    cache: ParseCache | None = None,
    disk_cache: bool = False,
) -> tuple[Result, Network]:
    """Validate the network at `root`; report on `paths` only when given.

    `overlay` (relative path -> text) is read instead of those files on disk, and `cache`
    keeps each file's parse between runs: the language server (`nic lsp`) checks an
    editor's unsaved buffers with them, parsing only what changed since its last check.
    `disk_cache` keeps each file's parse between runs, keyed by content, in the user's cache
    folder (`nictools.load.cache`): `nic validate` after one edit parses one file.
    """
    enabled = gc.isenabled()
    gc.disable()  # as in loading and checking: collections would walk the whole loaded network again
    try:
        return _run(root, paths, select, ignore, strict, overlay, cache, disk_cache)
    finally:
        if enabled:
            gc.enable()


def _run(root: Path, paths: Sequence[Path], select: Sequence[str], ignore: Sequence[str], strict: bool,
         overlay: Mapping[str, str] | None, cache: ParseCache | None,
         disk_cache: bool = False) -> tuple[Result, Network]:
    targets = relative_targets(root, paths)
    if disk_cache and not overlay and cache is None and not os.environ.get("NICTOOLS_NO_CACHE"):
        network, problems = checked_incrementally(root)
    else:
        network, problems = load_for_checks(root, overlay, cache)
        problems.extend(check_network(network))
    settings = network.config.model.settings if network.config else None
    select = list(select) or (settings.select if settings else [])
    ignore = list(ignore) + (settings.ignore if settings else [])
    per_file = settings.per_file_ignores if settings else {}
    drafts = {rec.path for rec in network.cycles.values() if rec.facts.get("status") == "draft"}
    comments: dict[str, FileSuppressions] = {}
    kept = [
        p for p in problems
        if _selected(p, select, ignore)
        and not _ignored_for_path(p, per_file)
        and not _silenced_by_draft(p, drafts)
        and not _suppressed_inline(p, comments, network.texts)
        and any(t == "" or p.path == t or (t.endswith("/") and p.path.startswith(t)) for t in targets)
    ]
    files = [f for f in network.files if any(t == "" or f == t or (t.endswith("/") and f.startswith(t)) for t in targets)]
    return Result(kept, files=len(files), strict=strict), network
