"""The one git layer: nothing else runs git, and what a caller's environment says cannot redirect it."""

from __future__ import annotations

import ast
import os
from pathlib import Path

import pytest

from tests.history.conftest import GitNetwork  # type: ignore[import-not-found]

SRC = Path(__file__).resolve().parents[2] / "src" / "nictools"
LAYER = SRC / "history" / "git.py"
LIGHT = SRC / "history" / "gitenv.py"  # the layer's light half: plain git processes, no GitPython


def _imports(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names


def test_only_the_git_layer_starts_processes_or_imports_gitpython() -> None:
    offenders = []
    for path in sorted(SRC.rglob("*.py")):
        if path == LAYER:
            continue
        if path == LIGHT:
            assert "subprocess" in _imports(path) and not {n for n in _imports(path) if n.startswith(("git", "nictools"))}
            continue
        found = {n for n in _imports(path) if n in ("subprocess", "git", "gitdb") or n.startswith(("git.", "gitdb."))}
        if found:
            offenders.append(f"{path.relative_to(SRC)}: {', '.join(sorted(found))}")
    assert offenders == [], offenders
    assert {"git", "git.db", "subprocess"} <= _imports(LAYER)  # GitPython: its runner and object database


def test_a_callers_git_dir_does_not_redirect_nic(cli, history_repo: GitNetwork, tmp_path: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    """A hook runs nic with GIT_DIR and GIT_INDEX_FILE set; nic still reads the network's repository."""
    monkeypatch.setenv("NICTOOLS_CACHE_DIR", str(tmp_path / "cache"))
    clean = cli("-C", str(history_repo.root), "log")
    other = GitNetwork(tmp_path / "other")
    other.commit("Elsewhere", "2025-01-01T00:00:00+00:00", {"README.md": "another repository\n"})
    monkeypatch.setenv("GIT_DIR", str(other.root / ".git"))
    monkeypatch.setenv("GIT_INDEX_FILE", str(other.root / ".git" / "index"))
    monkeypatch.setenv("GIT_WORK_TREE", str(other.root))
    redirected = cli("-C", str(history_repo.root), "log")
    assert redirected.exit_code == clean.exit_code == 0, redirected.stderr
    assert redirected.stdout == clean.stdout
    assert os.environ["GIT_DIR"] == str(other.root / ".git")  # put back for the caller
