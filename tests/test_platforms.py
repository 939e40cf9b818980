"""Linux, macOS and Windows: ids and displayed paths use forward slashes whatever the OS,
output is UTF-8 whatever the locale, and case-insensitive file systems do not fool rename."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path, PurePosixPath, PureWindowsPath

import pytest

from nictools.network import relative
from nictools.rename import target_taken

SRC = Path(__file__).resolve().parents[1] / "src"


@pytest.mark.parametrize(("root", "path"), [
    (PureWindowsPath(r"C:\Users\ana\network"), PureWindowsPath(r"C:\Users\ana\network\sites\lincoln\pdsa\C01.yaml")),
    (PurePosixPath("/home/ana/network"), PurePosixPath("/home/ana/network/sites/lincoln/pdsa/C01.yaml")),
])
def test_network_paths_are_forward_slashed_on_every_os(root, path) -> None:
    assert relative(root, path) == "sites/lincoln/pdsa/C01.yaml"


def test_the_repository_prefix_of_a_windows_subfolder() -> None:
    top, network = PureWindowsPath(r"D:\work\repo"), PureWindowsPath(r"D:\work\repo\networks\ninth")
    assert network.relative_to(top).as_posix() + "/" == "networks/ninth/"  # as scaffold.init computes it


def test_output_is_utf8_where_the_locale_is_not(make_network) -> None:
    """A Windows pipe defaults to cp1252; PYTHONIOENCODING gives Linux the same handicap."""
    root = make_network({"change-ideas/CI-01.yaml": "id: CI-01\ntitle: t\ndescription: d\ndrivers: [S→9]\n"})
    done = subprocess.run([sys.executable, "-m", "nictools", "-C", str(root), "validate"], capture_output=True,
                          env={**os.environ, "PYTHONPATH": str(SRC), "PYTHONIOENCODING": "cp1252"})
    assert done.returncode == 1, done.stderr.decode("utf-8", "replace")
    assert "S→9" in done.stdout.decode("utf-8")


def test_a_case_only_rename_is_no_clash(tmp_path: Path) -> None:
    source = tmp_path / "CI-01.yaml"
    source.write_text("id: CI-01\n", encoding="utf-8")
    assert not target_taken(source, tmp_path / "CI-02.yaml")
    assert not target_taken(source, source)  # what a case-insensitive disk reports for ci-01.yaml
    (tmp_path / "CI-02.yaml").write_text("id: CI-02\n", encoding="utf-8")
    assert target_taken(source, tmp_path / "CI-02.yaml")
