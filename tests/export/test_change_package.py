"""`nic export --change-package ID`: the folder, its escaping, its materials, and its refusals."""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import shutil
import textwrap
from pathlib import Path

import pytest

EXAMPLE = Path(__file__).resolve().parents[2] / "src" / "nictools" / "example"

HOSTILE_TITLE = '<script>alert("x")</script> *bold* [click](javascript:alert(1)) | pipe'


def test_the_package_of_an_adopted_idea(example_repo: Path, cli, tmp_path: Path) -> None:
    out = tmp_path / "pkg"
    result = cli("-C", str(example_repo), "export", "--change-package", "CI-02", "--out", str(out))
    assert result.exit_code == 0, result.output
    names = sorted(p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file())
    assert names == ["README.md", "card.html", "charts/outcome-harbor-view.svg", "charts/outcome-roosevelt.svg",
                     "manifest.json"]
    readme = (out / "README.md").read_text(encoding="utf-8")
    assert readme.startswith("# CI-02: Weekly two-minute advisor check-in")
    # the report's careful verdict: both adopting sites show concern after adoption, and teacher time rose
    assert "Mixed: an improvement signal after adoption" in readme and "Evidence of improvement" not in readme
    assert "TEACHER-MIN: concern since" in readme  # the balancing measure is in the package
    assert "S1 Consistent, personal advisory check-ins" in readme  # its driver
    assert "Roosevelt High School C01" in readme and "partly confirmed" in readme  # cycles with predictions
    assert "**Decision:** adopt" in readme
    assert "![Roosevelt High School: weeks since adoption](charts/outcome-roosevelt.svg)" in readme
    assert "[Check-in prompt card](<https://example.org/ninth-grade-network/materials/check-in-card.pdf>)" in readme
    html = (out / "card.html").read_text(encoding="utf-8")
    assert html.startswith("<!doctype html>") and "<script" not in html
    assert "http://" not in html.replace("http://www.w3.org", "")  # nothing fetched: styles and charts inline
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["change_idea"]["id"] == "CI-02"
    assert [f["path"] for f in manifest["files"]] == [n for n in names if n != "manifest.json"]
    for entry in manifest["files"]:
        assert hashlib.sha256((out / entry["path"]).read_bytes()).hexdigest() == entry["sha256"]
    assert [link["title"] for link in manifest["links"]] == ["Check-in prompt card",
                                                             "Roosevelt's ramp, told at the January convening"]
    svg = (out / "charts/outcome-roosevelt.svg").read_text(encoding="utf-8")
    assert svg.startswith("<?xml") and "<title" in svg


@pytest.fixture
def hostile(tmp_path: Path) -> Path:
    """A copy of the example in a git work tree, with a change idea whose text and materials misbehave."""
    repo = tmp_path / "repo"
    root = repo / "network"
    shutil.copytree(EXAMPLE, root)
    repo.mkdir(exist_ok=True)
    _git(repo, "init", "-q")  # a real repository: materials come only from files git tracks
    (repo / "shared").mkdir()
    (repo / "shared" / "poster.txt").write_bytes(b"poster \x00 bytes")
    (root / "materials").mkdir()
    (root / "materials" / "card.txt").write_text("the card", encoding="utf-8")
    (root / "materials" / "folder").mkdir()
    (tmp_path / "secret.txt").write_text("outside", encoding="utf-8")
    os.symlink(tmp_path / "secret.txt", root / "materials" / "sneaky.txt")
    idea = (root / "change-ideas" / "CI-07.yaml").read_text(encoding="utf-8")
    idea = idea.replace("title: Same-day absence texts in the home language", f"title: '{HOSTILE_TITLE}'")
    idea = idea.split("materials:")[0] + textwrap.dedent("""\
        materials:
          - title: The card
            link: materials/card.txt
          - title: Shared poster
            link: ../shared/poster.txt
          - title: Outside
            link: ../../secret.txt
          - title: Through a symlink
            link: materials/sneaky.txt
          - title: Git config
            link: ../.git/config
          - title: Absolute
            link: /etc/passwd
          - title: A folder
            link: materials/folder
          - title: Script
            link: "javascript:alert(1)"
          - title: "Web <b>page</b>"
            link: "https://example.org/a page?x=<y>&z=(1)"
        conditions:
          worked:
            - "<img src=x onerror=alert(1)>"
        """)
    (root / "change-ideas" / "CI-07.yaml").write_text(idea, encoding="utf-8")
    _git(repo, "add", "-A")
    return root


def _git(repo: Path, *args: str) -> None:
    env = {**os.environ, "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1"}
    subprocess.run(["git", "-C", str(repo), *args], check=True, capture_output=True, env=env)


def test_materials_inside_the_repository_are_copied_and_the_rest_skipped(hostile: Path, cli, tmp_path: Path) -> None:
    out = tmp_path / "pkg"
    result = cli("-C", str(hostile), "export", "--change-package", "CI-07", "--out", str(out))
    assert result.exit_code == 0, result.output
    assert (out / "materials" / "card.txt").read_text(encoding="utf-8") == "the card"
    assert (out / "materials" / "poster.txt").read_bytes() == b"poster \x00 bytes"  # inside the repository
    assert sorted(p.name for p in (out / "materials").iterdir()) == ["card.txt", "poster.txt"]
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    skipped = {s["title"]: s["why"] for s in manifest["skipped"]}
    assert skipped == {
        "Outside": "it leads outside the repository",
        "Through a symlink": "it leads outside the repository",
        "Git config": "it points inside .git",
        "Absolute": "an absolute path: give a path relative to the network's folder",
        "A folder": "it is a folder, not a file",
        "Script": "only web addresses (http, https) are listed as links",
    }
    assert [link["title"] for link in manifest["links"]] == ["Web <b>page</b>"]
    for title in skipped:
        assert f"material `{title}`" in result.stderr  # a warning each, not an error
    assert "outside" not in {p.read_text(errors="replace") for p in out.rglob("*.txt")}


def test_user_text_is_escaped_in_html_and_markdown(hostile: Path, cli, tmp_path: Path) -> None:
    out = tmp_path / "pkg"
    assert cli("-C", str(hostile), "export", "--change-package", "CI-07", "--out", str(out)).exit_code == 0
    html = (out / "card.html").read_text(encoding="utf-8")
    assert "<script" not in html and "<img" not in html and "<b>page" not in html
    assert "&lt;script&gt;" in html and "&lt;img src=x onerror=alert(1)&gt;" in html
    assert 'href="javascript:' not in html
    assert 'href="https://example.org/a%20page?x=%3Cy%3E&amp;z=(1)"' in html
    readme = (out / "README.md").read_text(encoding="utf-8")
    assert "<script>" not in readme and "<img" not in readme
    assert "&lt;script&gt;" in readme and r"\*bold\*" in readme and r"\[click\]" in readme and r"\|" in readme
    assert "(<https://example.org/a%20page?x=%3Cy%3E&z=(1)>)" in readme  # the link cannot break out
    assert "](javascript:" not in readme


def test_unknown_change_idea_suggests_the_nearest(example_tree: Path, cli, tmp_path: Path) -> None:
    result = cli("-C", str(example_tree), "export", "--change-package", "ci-07", "--out", str(tmp_path / "p"))
    assert result.exit_code == 2
    assert "There is no change idea `ci-07`" in result.stderr and "Did you mean `CI-07`?" in result.stderr
    assert not (tmp_path / "p").exists()


def test_format_does_not_apply_to_a_change_package(example_tree: Path, cli, tmp_path: Path) -> None:
    result = cli("-C", str(example_tree), "export", "--change-package", "CI-07", "--format", "xlsx")
    assert result.exit_code == 2 and "--format does not apply" in result.stderr


def test_as_of_gives_the_card_as_it_stood_then(example_repo: Path, cli, tmp_path: Path) -> None:
    out = tmp_path / "then"
    result = cli("-C", str(example_repo), "export", "--change-package", "CI-02", "--as-of", "2025-10-01",
                 "--out", str(out))
    assert result.exit_code == 0, result.output
    readme = (out / "README.md").read_text(encoding="utf-8")
    assert "as of 2025-10-01" in readme
    assert "Evidence of improvement" not in readme and "no site has adopted it yet" in readme
    assert not (out / "charts").exists()  # no adopting site yet: no aligned chart
