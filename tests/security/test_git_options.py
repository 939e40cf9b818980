"""Revisions and names typed on the command line never reach git as options.

Each command is given strings that git would read as options (`--output=FILE` writes a
file, `--upload-pack=CMD` and `--exec=CMD` run a program); nic must refuse them with
exit 2 and plain words, create no file, and leave the repository as it was.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from typer.testing import CliRunner

from nictools.cli.main import app


@pytest.fixture(scope="module")
def repo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("gitopt") / "net"
    result = CliRunner().invoke(app, ["init", "--example", str(root)], catch_exceptions=False,
                                env={"NIC_TODAY": "2026-07-01"})
    assert result.exit_code == 0, result.output
    return root


def _state(root: Path) -> str:
    """Refs and HEAD: what a stray option (a tag, a reset, a fetch) would change."""
    return subprocess.run(["git", "-C", str(root), "for-each-ref", "--format=%(refname) %(objectname)"],
                          capture_output=True, text=True, check=True).stdout + \
        subprocess.run(["git", "-C", str(root), "rev-parse", "HEAD"], capture_output=True, text=True).stdout


HOSTILE = [
    ["diff", "--", "--output={x}"],
    ["diff", "--since=--upload-pack=touch {x}"],
    ["diff", "--", "-p", "--output={x}"],
    ["diff", "--", " --output={x}"],
    ["diff", "HEAD", "--", "--output={x}"],
    ["status", "--as-of", "--exec=touch {x}"],
    ["status", "--as-of=--output={x}"],
    ["log", "--since=--output={x}"],
    ["log", "--until=--upload-pack=touch {x}"],
    ["log", "--since=-n1"],
    ["compare", "lincoln", "--as-of=--output={x}"],
    ["report", "--since=--output={x}", "--out", "{out}"],
    ["report", "--as-of=--upload-pack=touch {x}", "--out", "{out}"],
    ["convening", "tag", "spring", "--rev=--output={x}"],
    ["convening", "tag", "--", "--output={x}"],
    ["convening", "tag", "--", "-d"],
    ["diagram", "--as-of=--output={x}"],
    ["export", "--as-of=--output={x}", "--out", "{out}"],
    ["export", "--change-package", "CI-01", "--as-of", "--upload-pack=touch {x}", "--out", "{out}"],
]


@pytest.mark.parametrize("args", HOSTILE, ids=[" ".join(a)[:50] for a in HOSTILE])
def test_option_like_revisions_are_refused(repo: Path, tmp_path: Path, args: list[str]) -> None:
    pwned = tmp_path / "pwned"
    out = tmp_path / "report.html"
    before = _state(repo)
    argv = [a.format(x=pwned, out=out) for a in args]
    result = CliRunner().invoke(app, ["-C", str(repo), *argv], env={"NIC_TODAY": "2026-07-01"})
    assert result.exit_code == 2, (argv, result.exit_code, result.output)
    words = result.output
    assert any(w in words for w in ("cannot start with `-`", "cannot be a convening name", "needs the history engine",
                                    "not a commit, tag or branch")), words
    assert "Traceback" not in words
    assert not pwned.exists() and not (repo / "pwned").exists()
    assert not out.exists()
    assert _state(repo) == before


def test_a_site_filter_is_not_a_path(repo: Path) -> None:
    result = CliRunner().invoke(app, ["-C", str(repo), "log", "--site", "../../etc"], env={"NIC_TODAY": "2026-07-01"})
    assert result.exit_code == 2
    assert "There is no site `../../etc`" in result.output
    assert "The sites are: ," not in result.output and ", ," not in result.output  # no empty site name listed

