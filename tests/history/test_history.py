"""The history engine and `nic status/log/diff/compare` on small repositories built here."""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
from pathlib import Path

import pytest

from nictools.errors import NicError
from nictools.history.provenance import same_prediction
from nictools.history.session import History
from nictools.reports.status import school_weeks_between
from nictools.model.network_config import Break

from tests.history.conftest import ACT, GitNetwork, git_env  # type: ignore[import-not-found]

import datetime as dt

GOLDEN = Path(__file__).resolve().parents[1] / "golden" / "history"


@pytest.fixture(autouse=True)
def _private_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NICTOOLS_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setenv("NIC_NO_PROGRESS", "1")


def golden(name: str, text: str) -> None:
    path = GOLDEN / name
    if os.environ.get("NIC_UPDATE_GOLDEN") or not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    assert text == path.read_text(encoding="utf-8")


def run(cli, repo: GitNetwork, *args: str):
    return cli("-C", str(repo.root), *args)


# --- golden output -------------------------------------------------------------------------


def test_status_text_is_golden(cli, history_repo):
    result = run(cli, history_repo, "status", "--hub")
    assert result.exit_code == 0, result.stderr
    golden("status.txt", result.stdout)
    assert "[quiet]" in result.stdout.split("roosevelt")[1]


def test_log_text_is_golden(cli, history_repo):
    result = run(cli, history_repo, "log")
    assert result.exit_code == 0, result.stderr
    golden("log.txt", result.stdout)
    assert "lincoln · cycle C01 (Exit tickets in one advisory) · study: prediction 2 not confirmed · J. Rivera" \
        in result.stdout


def test_diff_text_is_golden(cli, history_repo):
    result = run(cli, history_repo, "diff", "--since", "2025-09-20")
    assert result.exit_code == 0, result.stderr
    golden("diff.txt", result.stdout)
    assert "Three sites said attendance moved with calls home." in result.stdout


def test_compare_text_is_golden(cli, history_repo):
    result = run(cli, history_repo, "compare", "lincoln", "roosevelt")
    assert result.exit_code == 0, result.stderr
    golden("compare.txt", result.stdout)


# --- behaviour -----------------------------------------------------------------------------


def test_status_as_of_a_date_sees_the_network_then(cli, history_repo):
    result = run(cli, history_repo, "status", "--as-of", "2025-09-20", "--format", "json")
    data = json.loads(result.stdout)
    lincoln = next(s for s in data["sites"] if s["id"] == "lincoln")
    assert lincoln["stages"] == {"plan": 0, "do": 1, "study": 0, "act": 0}
    assert data["as_of"] == "2025-09-20"
    assert "provenance" not in lincoln  # hub information stays out unless asked for


def test_quiet_ignores_school_breaks():
    breaks = [Break(name="Winter", start=dt.date(2025, 12, 20), end=dt.date(2026, 1, 4))]
    assert school_weeks_between(dt.date(2025, 12, 12), dt.date(2026, 1, 9), breaks) == pytest.approx(12 / 7)  # 28 days, 16 of them in the break


def test_log_filters_by_site_change_idea_and_window(cli, history_repo):
    out = run(cli, history_repo, "log", "--site", "roosevelt").stdout
    assert out and all("roosevelt" in line for line in out.splitlines())
    out = run(cli, history_repo, "log", "--change-idea", "CI-01", "--since", "2025-09-23", "--until", "2025-09-30").stdout
    assert "act: adapt (next: C02)" in out and "2025-09-16" not in out and "2026" not in out


def test_a_file_renamed_is_followed_by_id(cli, history_repo):
    history_repo.git("mv", "sites/lincoln/pdsa/C01.yaml", "sites/lincoln/pdsa/c01-exit-tickets.yaml")
    history_repo.commit("Rename", "2026-02-03T10:00:00+00:00")
    out = run(cli, history_repo, "log", "--since", "2026-02-03").stdout
    assert "added" not in out and "removed" not in out


def test_markdown_escapes_user_text(cli, history_repo):
    history_repo.commit("Odd title", "2026-02-04T10:00:00+00:00",
                        {"sites/lincoln/pdsa/C01.yaml": ACT.replace("Exit tickets in one advisory", "<b>*bold*</b> | [x]")})
    out = run(cli, history_repo, "diff", "HEAD~1", "--format", "markdown").stdout
    assert r"&lt;b&gt;\*bold\*&lt;/b&gt; \| \[x\]" in out  # one escaper: HTML escaped, marks backslashed


def test_a_broken_old_version_is_tolerated(cli, history_repo):
    history_repo.commit("Broken", "2026-02-05T10:00:00+00:00", {"sites/lincoln/pdsa/C02.yaml": "id: C02\nplan: [\n"})
    history_repo.commit("Fixed", "2026-02-06T10:00:00+00:00",
                        {"sites/lincoln/pdsa/C02.yaml": ACT.replace("C01", "C02").replace("next_cycle: C02", "")})
    result = run(cli, history_repo, "log", "--since", "2026-02-05")
    assert result.exit_code == 0
    assert "could not read" in result.stdout and "act: adapt" in result.stdout


def test_prediction_provenance_ignores_trivial_edits():
    assert same_prediction("Most of them will.", "most of them  will")
    assert same_prediction("Most students will finish it", "Most students will finsh it")
    assert not same_prediction("Most of them will.", "Hardly anyone will.")


def test_uncommitted_changes_are_noted(cli, history_repo):
    (history_repo.root / "sites/lincoln/site.yaml").write_text("id: lincoln\n")
    result = run(cli, history_repo, "status")
    assert "not in the history" in result.stderr


def test_commits_that_change_nothing_are_not_counted(cli, history_repo):
    before = json.loads(run(cli, history_repo, "diff", "2025-09-10", "--format", "json").stdout)["commits"]
    history_repo.git("commit", "-q", "--allow-empty", "--no-gpg-sign", "-m", "Nothing changed",
                     date="2026-03-01T10:00:00+00:00")
    history_repo.commit("Note for C02", "2026-03-02T10:00:00+00:00", {"notes.md": "a file outside the network\n"})
    after = json.loads(run(cli, history_repo, "diff", "2025-09-10", "--format", "json").stdout)["commits"]
    assert after == before + 1  # the commit adding notes.md counts; the empty one does not
    with History(history_repo.root) as history:
        head = history.resolve("HEAD")
        subjects = [c.subject for c in history.repo.log(head)]
        assert "Nothing changed" not in subjects and "Note for C02" in subjects
        assert [c.subject for c in history.repo.log(head, with_changes=False)] == subjects


# --- errors --------------------------------------------------------------------------------


def test_a_revision_starting_with_a_dash_is_never_an_option(cli, history_repo):
    result = run(cli, history_repo, "diff", "--output=/tmp/x")
    assert result.exit_code == 2
    with History(history_repo.root) as history:
        with pytest.raises(NicError, match="cannot start with `-`"):
            history.resolve("--output=/tmp/owned")
    assert not Path("/tmp/owned").exists()


def test_an_unknown_revision_suggests_the_nearest(cli, history_repo):
    result = run(cli, history_repo, "diff", "convening-2")
    assert result.exit_code == 2
    assert "convening-1" in result.stderr


def test_a_date_before_the_history_says_where_it_starts(cli, history_repo):
    result = run(cli, history_repo, "status", "--as-of", "2024-01-01")
    assert result.exit_code == 2
    assert "2025-09-01" in result.stderr


def test_no_commits_yet(cli, tmp_path):
    repo = GitNetwork(tmp_path / "empty")
    (repo.root / "network.yaml").write_text("name: x\nhub: y\n")
    result = cli("-C", str(repo.root), "status")
    assert result.exit_code == 2
    assert "no commits yet" in result.stderr


def test_a_partial_clone_is_refused_never_fetched(cli, history_repo):
    history_repo.git("config", "remote.origin.promisor", "true")
    result = run(cli, history_repo, "log")
    assert result.exit_code == 2
    assert "partial clone" in result.stderr and "never fetches" in result.stderr


# --- shallow clones ------------------------------------------------------------------------


@pytest.fixture
def shallow(history_repo, tmp_path):
    target = tmp_path / "shallow"
    subprocess.run(["git", "clone", "-q", "--depth", "2", f"file://{history_repo.root}", str(target)],
                   env=git_env(), check=True)
    return GitNetwork.__new__(GitNetwork), target


def test_shallow_clone_answers_inside_its_history(cli, shallow):
    _, target = shallow
    result = cli("-C", str(target), "log")
    assert result.exit_code == 0, result.stderr
    assert "shallow" in result.stderr
    assert " · added · " not in result.stdout  # the boundary commit is a snapshot, never "everything added"
    assert "2026-02-02" in result.stdout
    status = cli("-C", str(target), "status")
    assert status.exit_code == 0 and "history starts" in status.stdout


def test_shallow_clone_stops_when_older_history_is_needed(cli, shallow):
    _, target = shallow
    for args in (("log", "--since", "2025-09-01"), ("diff", "--since", "2025-09-10"), ("status", "--as-of", "2025-09-20")):
        result = cli("-C", str(target), *args)
        assert result.exit_code == 2, args
        assert "fetch-depth: 0" in result.stderr and "git fetch --unshallow" in result.stderr


# --- read commands change nothing -------------------------------------------------------------


def _fingerprint(root: Path) -> str:
    digest = hashlib.sha256()
    for path in sorted(root.rglob("*")):
        digest.update(str(path.relative_to(root)).encode())
        if path.is_file():
            digest.update(path.read_bytes())
            digest.update(str(path.stat().st_mtime_ns).encode())
    return digest.hexdigest()


def test_read_commands_change_nothing(cli, history_repo):
    (history_repo.root / "sites/lincoln/site.yaml").touch()  # a stat-dirty index would tempt git to refresh it
    before = _fingerprint(history_repo.root)
    for args in (("status", "--hub"), ("log",), ("diff", "convening-1"), ("compare", "--cluster", "rac-1"),
                 ("status", "--as-of", "convening-1")):
        assert run(cli, history_repo, *args).exit_code == 0, args
    assert _fingerprint(history_repo.root) == before
