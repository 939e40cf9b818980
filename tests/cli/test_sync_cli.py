"""`nic sync` against a local bare remote: save with a message naming the change, share, stop safely on a conflict."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest


@pytest.fixture(autouse=True)
def git_identity(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("NIC_TODAY", "2025-10-15")
    for key, value in dict(GIT_CONFIG_GLOBAL=str(tmp_path / "gitconfig"), GIT_CONFIG_NOSYSTEM="1",
                           GIT_AUTHOR_NAME="E. Kowalski", GIT_AUTHOR_EMAIL="team@example.org",
                           GIT_COMMITTER_NAME="E. Kowalski", GIT_COMMITTER_EMAIL="team@example.org",
                           GIT_TEMPLATE_DIR="").items():
        monkeypatch.setenv(key, value)
    (tmp_path / "gitconfig").write_text("[init]\n\tdefaultBranch = main\n[pull]\n\trebase = false\n")


def git(folder: Path, *args: str) -> str:
    return subprocess.run(["git", "-C", str(folder), *args], check=True, capture_output=True, text=True).stdout


@pytest.fixture
def two_clones(tmp_path: Path, make_network) -> tuple[Path, Path]:  # type: ignore[no-untyped-def]
    seed = make_network()
    git(seed, "init", "-q")
    git(seed, "add", "-A")
    git(seed, "commit", "-q", "-m", "Start the network")
    remote = tmp_path / "remote.git"
    subprocess.run(["git", "clone", "-q", "--bare", str(seed), str(remote)], check=True)
    a, b = tmp_path / "a", tmp_path / "b"
    for clone in (a, b):
        subprocess.run(["git", "clone", "-q", str(remote), str(clone)], check=True)
    return a, b


def test_sync_saves_with_a_message_naming_the_change_and_shares_it(cli, two_clones) -> None:
    a, b = two_clones
    result = cli("-C", str(a), "pdsa", "advance", "C01", "--site", "lincoln")
    assert result.exit_code == 0, result.output
    result = cli("-C", str(a), "sync")
    assert result.exit_code == 0, result.output
    assert "saved: lincoln C01: do" in result.stdout and "sent to origin" in result.stdout
    assert git(a, "log", "-1", "--format=%s") == "lincoln C01: do\n"

    (b / "sites/lincoln/data/ATT.csv").write_text((b / "sites/lincoln/data/ATT.csv").read_text() + "2025-09-15,84,100\n")
    result = cli("-C", str(b), "sync")
    assert result.exit_code == 0, result.output
    assert "saved: lincoln ATT: data" in result.stdout and "brought in 1 change(s)" in result.stdout
    assert "do:" in (b / "sites/lincoln/pdsa/C01.yaml").read_text()  # a's work arrived
    assert git(b, "status", "--porcelain") == ""

    result = cli("-C", str(a), "sync")
    assert result.exit_code == 0 and "nothing new to save" in result.stdout
    assert "2025-09-15,84,100" in (a / "sites/lincoln/data/ATT.csv").read_text()


def test_a_conflict_stops_in_plain_words_and_loses_nothing(cli, two_clones) -> None:
    a, b = two_clones
    path = "sites/lincoln/pdsa/C01.yaml"
    for clone, words in ((a, "Try it in two advisories."), (b, "Try it in the whole grade.")):
        text = (clone / path).read_text().replace("See whether students finish a two-question exit ticket.", words)
        (clone / path).write_text(text)
    assert cli("-C", str(a), "sync").exit_code == 0
    result = cli("-C", str(b), "sync")
    assert result.exit_code == 1
    assert f"Someone else changed {path} in the same places as you" in result.stderr
    assert "Nothing was lost" in result.stderr and "What to do" in result.stderr
    assert "Try it in the whole grade." in (b / path).read_text()  # b's words, in b's file
    assert "<<<<<<<" not in (b / path).read_text()
    assert git(b, "log", "-1", "--format=%s") == "lincoln C01: plan\n"  # b's work is saved in a commit
    assert not (b / ".git/rebase-merge").exists() and not (b / ".git/rebase-apply").exists()
    assert "Try it in two advisories." in git(a, "show", f"origin/main:{path}")


def test_errors_stop_before_anything_is_saved(cli, two_clones) -> None:
    a, _ = two_clones
    (a / "sites/lincoln/pdsa/C01.yaml").write_text("id: C01\ntitle: [broken\n")
    head = git(a, "rev-parse", "HEAD")
    result = cli("-C", str(a), "sync")
    assert result.exit_code == 2 and "Nothing was saved or sent" in result.stderr
    assert git(a, "rev-parse", "HEAD") == head


def test_no_remote_saves_here_and_says_so(cli, make_network) -> None:
    root = make_network()
    git(root, "init", "-q")
    result = cli("-C", str(root), "sync")
    assert result.exit_code == 0, result.output
    assert "saved:" in result.stdout and "no shared repository" in result.stderr
    assert git(root, "status", "--porcelain") == ""
