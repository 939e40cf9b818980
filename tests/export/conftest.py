"""Fixtures for `nic export`: the example network with its year of git history, built once per session,
and a plain copy of it that is not a git repository."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

EXAMPLE = Path(__file__).resolve().parents[2] / "src" / "nictools" / "example"


@pytest.fixture(autouse=True)
def quiet_history(monkeypatch: pytest.MonkeyPatch, tmp_path_factory: pytest.TempPathFactory) -> None:
    monkeypatch.setenv("NIC_TODAY", "2026-07-01")  # after the school year the example records
    monkeypatch.setenv("NIC_NO_PROGRESS", "1")
    monkeypatch.setenv("NICTOOLS_CACHE_DIR", str(tmp_path_factory.getbasetemp() / "nic-cache"))


@pytest.fixture(scope="session")
def example_repo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """`nic init --example`: the example network as a git repository (read-only for the tests)."""
    from nictools.scaffold.example_history import create_example

    root = tmp_path_factory.mktemp("export-example") / "net"
    create_example(root)
    return root


@pytest.fixture(scope="session")
def example_tree(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The bundled example as plain files: no git history."""
    root = tmp_path_factory.mktemp("export-tree") / "net"
    shutil.copytree(EXAMPLE, root)
    return root
