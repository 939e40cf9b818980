"""`-C DIR` and relative paths: git's rule, for every path argument; outputs never in `.git/`.

Each command is run from an unrelated folder with `-C network`: every relative path it is
given (a file to read, an `--out` to write) means a path inside `network/`, and nothing is
written in the folder the command was started from. An output inside `.git/`, or a file
output where a folder or a link to one stands, stops with a message (exit 2).
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest
from typer.testing import CliRunner

from nictools.cli.main import app
from tests.history.conftest import git_env  # type: ignore[import-not-found]

OUTPUTS = {
    "report": ["report", "--format", "markdown", "--out", "{out}"],
    "diagram": ["diagram", "--out", "{out}"],
    "chart": ["chart", "ATT", "--site", "lincoln", "--out", "{out}"],
    "export": ["export", "--format", "csv", "--out", "{out}"],
    "schema": ["schema", "--out", "{out}"],
}
NAMES = {"report": "rel.md", "diagram": "rel.svg", "chart": "rel.svg", "export": "rel-export", "schema": "rel-schemas"}


@pytest.fixture
def places(make_network, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Path, Path]:
    root = make_network()
    subprocess.run(["git", "-C", str(root), "-c", "init.defaultBranch=main", "init", "-q"], check=True, env=git_env())
    subprocess.run(["git", "-C", str(root), "add", "-A"], check=True, env=git_env())
    subprocess.run(["git", "-C", str(root), "commit", "-q", "--no-gpg-sign", "-m", "start"], check=True, env=git_env())
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    return root, elsewhere


def _nic(*args: str) -> object:
    return CliRunner().invoke(app, list(args), env={"NIC_TODAY": "2025-10-15"})


def _relative(root: Path, elsewhere: Path) -> str:
    return os.path.relpath(root, elsewhere)


@pytest.mark.parametrize("command", sorted(OUTPUTS))
def test_out_is_relative_to_the_C_folder(places: tuple[Path, Path], command: str) -> None:
    root, elsewhere = places
    args = [a.format(out=NAMES[command]) for a in OUTPUTS[command]]
    result = _nic("-C", _relative(root, elsewhere), *args)
    assert result.exit_code == 0, result.output
    assert (root / NAMES[command]).exists()
    assert list(elsewhere.iterdir()) == []


@pytest.mark.parametrize("command", sorted(OUTPUTS))
@pytest.mark.parametrize("inside", [".git/out", ".git/hooks/x", "sub/../.git/y", ".GIT/z", ".git"])
def test_no_output_inside_git(places: tuple[Path, Path], command: str, inside: str) -> None:
    root, elsewhere = places
    before = sorted(p.relative_to(root).as_posix() for p in (root / ".git").rglob("*"))
    if inside == ".git" and command not in ("export", "schema"):
        inside = ".git/"  # a file output named .git/ itself: the folder
    name = inside + (".svg" if command in ("diagram", "chart") else ".md" if command == "report" else "")
    name = name.replace("/.svg", "/x.svg").replace("/.md", "/x.md")
    result = _nic("-C", str(root), *[a.format(out=name) for a in OUTPUTS[command]])
    assert result.exit_code == 2, result.output
    assert ".git" in result.output and "Traceback" not in result.output
    assert sorted(p.relative_to(root).as_posix() for p in (root / ".git").rglob("*")) == before


@pytest.mark.parametrize("command", ["report", "diagram", "chart"])
@pytest.mark.parametrize("kind", ["folder", "link-to-folder"])
def test_a_file_output_onto_a_folder_is_refused(places: tuple[Path, Path], command: str, kind: str,
                                                 tmp_path: Path) -> None:
    root, elsewhere = places
    target = tmp_path / "a-folder"
    target.mkdir()
    name = "out.svg" if command != "report" else "out.md"
    if kind == "folder":
        (root / name).mkdir()
    else:
        (root / name).symlink_to(target, target_is_directory=True)
    result = _nic("-C", str(root), *[a.format(out=name) for a in OUTPUTS[command]])
    assert result.exit_code == 2, result.output
    assert "is a folder" in result.output
    assert list(target.iterdir()) == [] and (root / name).is_dir()


def test_validate_and_fix_take_files_relative_to_C(places: tuple[Path, Path]) -> None:
    root, elsewhere = places
    rel = _relative(root, elsewhere)
    result = _nic("-C", rel, "validate", "sites/lincoln/site.yaml")
    assert result.exit_code == 0, result.output
    assert "1 file checked" in result.output
    result = _nic("-C", rel, "fix", "--check", "sites/lincoln")
    assert result.exit_code == 0, result.output
    result = _nic("-C", rel, "validate", "sites/nowhere.yaml")
    assert result.exit_code == 2 and "does not exist" in result.output


def test_data_files_are_read_relative_to_C(places: tuple[Path, Path]) -> None:
    root, elsewhere = places
    (root / "import.csv").write_text("period,numerator,denominator\n2025-09-15,70,100\n")
    result = _nic("-C", str(_relative(root, elsewhere)), "data", "import", "import.csv", "--measure", "ATT",
                  "--site", "lincoln", "--yes")
    assert result.exit_code == 0, result.output
    assert "2025-09-15" in (root / "sites/lincoln/data/ATT.csv").read_text()
    result = _nic("-C", str(_relative(root, elsewhere)), "chart", "--data", "sites/lincoln/data/ATT.csv",
                  "--type", "p")
    assert result.exit_code == 0, result.output
