"""A change package shares only files git tracks (#17 class 2).

A material `link:` to a git-ignored file (`raw/students-with-names.csv`, `.env`) or to a file
never added is a validate problem (NIC019) and is never copied into the package, nor named in its
manifest, README or card; a committed file is copied as before.
"""

from __future__ import annotations

import json
import os
import subprocess
import textwrap
from pathlib import Path

import pytest

from nictools.validate import run
from tests.conftest import MINIMAL  # type: ignore[import-not-found]

SECRET = "Ada Lovelace,2009-12-10,absent 14 days"


def _git(repo: Path, *args: str) -> None:
    env = {**os.environ, "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1", "GIT_AUTHOR_NAME": "T",
           "GIT_AUTHOR_EMAIL": "t@example.org", "GIT_COMMITTER_NAME": "T", "GIT_COMMITTER_EMAIL": "t@example.org"}
    subprocess.run(["git", "-C", str(repo), *args], check=True, capture_output=True, env=env)


def _network(make_network, links: list[str]) -> Path:
    materials = "".join(f"  - title: Material {i}\n    link: '{link}'\n" for i, link in enumerate(links))
    root = make_network({"change-ideas/CI-01.yaml": textwrap.dedent(MINIMAL["change-ideas/CI-01.yaml"])
                         + "materials:\n" + materials})
    (root / ".gitignore").write_text("raw/\n.env\n*.secret\n", encoding="utf-8")
    (root / "raw").mkdir()
    (root / "raw" / "students-with-names.csv").write_text(SECRET, encoding="utf-8")
    (root / ".env").write_text("TOKEN=" + SECRET, encoding="utf-8")
    (root / "materials").mkdir()
    (root / "materials" / "card.txt").write_text("the check-in card", encoding="utf-8")
    (root / "materials" / "draft.txt").write_text(SECRET, encoding="utf-8")  # never added
    _git(root, "init", "-q")
    _git(root, "add", ".gitignore", "network.yaml", "drivers.yaml", "aims", "measures", "change-ideas", "sites",
         "materials/card.txt")
    _git(root, "commit", "-qm", "start")
    return root


LINKS = ["materials/card.txt", "raw/students-with-names.csv", ".env", "materials/draft.txt",
         "materials/../raw/students-with-names.csv", "materials/missing.pdf"]


def test_validate_flags_every_material_git_does_not_track(make_network) -> None:
    root = _network(make_network, LINKS)
    result, _ = run(root)
    found = sorted((p.pointer, p.line) for p in result.problems if p.code == "NIC019")
    assert [pointer for pointer, _ in found] == [f"materials[{i}].link" for i in range(1, 6)], result.problems
    assert all(line >= 1 for _, line in found)
    assert result.exit_code == 1


def test_a_tracked_material_is_fine(make_network) -> None:
    root = _network(make_network, ["materials/card.txt", "https://example.org/card.pdf"])
    result, _ = run(root)
    assert "NIC019" not in {p.code for p in result.problems}, result.problems


def test_a_symlink_to_an_ignored_file_is_not_shared(make_network) -> None:
    root = _network(make_network, ["materials/link.txt"])
    (root / "materials" / "link.txt").symlink_to(root / "raw" / "students-with-names.csv")
    _git(root, "add", "materials/link.txt")  # the link is tracked; what it points at is not
    result, _ = run(root)
    assert "NIC019" in {p.code for p in result.problems}


def test_export_copies_and_lists_only_tracked_files(make_network, cli, tmp_path: Path) -> None:
    root = _network(make_network, LINKS)
    out = tmp_path / "package"
    result = cli("-C", str(root), "export", "--change-package", "CI-01", "--out", str(out))
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in (out / "materials").iterdir()) == ["card.txt"]
    for written in out.rglob("*"):
        if written.is_file():
            data = written.read_bytes()
            assert SECRET.encode() not in data, written
            assert b"students-with-names" not in data and b"draft.txt" not in data and b".env" not in data, written
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert [m["link"] for m in manifest["materials_copied"]] == ["materials/card.txt"]
    assert [s["link"] for s in manifest["skipped"]] == ["materials/missing.pdf"]  # no file, nothing private
    assert "git does not track it" in result.stderr  # the person exporting is told why


def test_export_outside_a_repository_copies_no_file(make_network, cli, tmp_path: Path) -> None:
    root = make_network({"change-ideas/CI-01.yaml": textwrap.dedent(MINIMAL["change-ideas/CI-01.yaml"])
                         + "materials:\n  - title: Card\n    link: materials/card.txt\n"})
    (root / "materials").mkdir()
    (root / "materials" / "card.txt").write_text(SECRET, encoding="utf-8")
    out = tmp_path / "package"
    result = cli("-C", str(root), "export", "--change-package", "CI-01", "--out", str(out))
    assert result.exit_code == 0, result.output
    assert not (out / "materials").exists()
    assert "not in a git repository" in result.stderr


@pytest.mark.parametrize("module", ["nictools.export.materials", "nictools.export.change_package",
                                    "nictools.checks.references", "nictools.validate"])
def test_only_the_git_layer_runs_git(module: str) -> None:
    import importlib
    import inspect

    source = inspect.getsource(importlib.import_module(module))
    assert "subprocess" not in source and "import git" not in source and "GitRunner" not in source
