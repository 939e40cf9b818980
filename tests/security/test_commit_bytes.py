"""Any byte in a commit leaves the history commands working (issue 17, class 3).

git accepts commit messages and author names with control bytes (`\\x01`, ESC), invalid
UTF-8, dates past year 9999, offsets no clock uses (+1400, -1200, +0017, +9999), dates
before 1970 and dates git itself cannot read. Such commits are built here with `git
hash-object -w --literally` (the raw object, as a tool or a hand-edited history could
write it) and `git commit-tree` (dates through GIT_COMMITTER_DATE / GIT_AUTHOR_DATE), each
one changing the network, and every history command must still answer: exit 0, the
events of every commit listed, nothing of one commit leaking into another.
"""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest
from typer.testing import CliRunner

from nictools.cli.main import app
from nictools.history.git import parse_when
from tests.conftest import MINIMAL  # type: ignore[import-not-found]
from tests.history.conftest import GitNetwork, git_env  # type: ignore[import-not-found]

TODAY = "2026-07-01"

#: (author line after `author `, message): each raw commit adds one data row, week by week.
RAW_COMMITS: list[tuple[bytes, bytes]] = [
    (b"Ev\x01il Name <e@example.org> 1758000000 +0000", b"message with \x01 inside\n\nand a body \x01\x02\x03\n"),
    (b"Bad \xff\xfe UTF-8 <b@example.org> 1758600000 +1400", b"bytes \xff\xfe\xc3( not UTF-8\n"),
    (b"Esc \x1b[31mRed\x1b[0m <r@example.org> 1759200000 -1200", b"\x1b]0;title\x07\x1b[2J cleared\n"),
    (b"Odd Minutes <o@example.org> 1759800000 +0017", b"offset of seventeen minutes\n"),
    (b"No Clock <n@example.org> 1760400000 +9999", b"an offset git keeps but no clock has\n"),
    (b"Before Epoch <p@example.org> -100 -1200", b"a negative time\n"),
    (b"Far Future <f@example.org> 253402300800 +1400", b"year 10000\n"),
    (b"Newline\nIn Name <x@example.org> 1761000000 +0000", b"a name that breaks its line\n"),
    (b"Empty Message <m@example.org> 1761600000 +0000", b""),
]


def _git(root: Path, *args: str, input: bytes | None = None, env: dict[str, str] | None = None) -> str:
    done = subprocess.run(["git", *args], cwd=root, input=input, capture_output=True, check=True,
                          env=env or git_env())
    return done.stdout.decode().strip()


def _add_row(root: Path, week: int) -> None:
    path = root / "sites/lincoln/data/ATT.csv"
    with path.open("a", encoding="utf-8", newline="") as fh:
        fh.write(f"2025-{9 + week // 4:02d}-{1 + 7 * (week % 4):02d},{80 + week},100\n")


@pytest.fixture(scope="module")
def odd_repo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    repo = GitNetwork(tmp_path_factory.mktemp("bytes") / "net")
    root = repo.root
    repo.commit("Start the network", "2025-09-01T09:00:00+00:00", dict(MINIMAL))
    for week, (author, message) in enumerate(RAW_COMMITS, start=2):
        _add_row(root, week)
        _git(root, "add", "-A")
        tree, parent = _git(root, "write-tree"), _git(root, "rev-parse", "HEAD")
        raw = (f"tree {tree}\nparent {parent}\n".encode() + b"author " + author + b"\n"
               + b"committer Hub <hub@example.org> 1758000000 +0000\n\n" + message)
        commit = _git(root, "hash-object", "-t", "commit", "-w", "--literally", "--stdin", input=raw)
        _git(root, "update-ref", "HEAD", commit)
    for week, date in enumerate(("2025-11-03T10:00:00+14:00", "2025-11-10T10:00:00-12:00",
                                 "2025-11-17T10:00:00+00:30"), start=20):
        _add_row(root, week)
        _git(root, "add", "-A")
        tree, parent = _git(root, "write-tree"), _git(root, "rev-parse", "HEAD")
        env = git_env(date, name="Commit\x01Tree")
        commit = _git(root, "commit-tree", tree, "-p", parent, input="commit-tree \x01 message\n".encode(), env=env)
        _git(root, "update-ref", "HEAD", commit)
    _git(root, "tag", "-a", "-m", "tag message \x01 with \x1b[2J bytes", "convening/odd", "HEAD")
    _git(root, "reset", "-q", "--hard")
    return root


def nic(root: Path, *args: str, cache: Path):
    env = {"NIC_TODAY": TODAY, "NICTOOLS_CACHE_DIR": str(cache), "NIC_NO_PROGRESS": "1"}
    return CliRunner().invoke(app, ["-C", str(root), *args], env=env, catch_exceptions=False)


COMMANDS = [
    ["log"], ["log", "--format", "json"], ["log", "--format", "markdown"], ["log", "--since", "2025-10-01"],
    ["diff", "--since", "2025-09-02"], ["diff", "--since", "2025-09-02", "--format", "json"],
    ["status"], ["status", "--format", "json"], ["status", "--as-of", "2025-12-01"],
    ["compare", "lincoln", "--format", "json"], ["report", "--format", "markdown"],
    ["report", "--format", "json", "--since", "convening/odd"], ["convening", "list"],
    ["convening", "list", "--format", "json"], ["diagram", "--as-of", "2025-12-01"],
]


@pytest.mark.parametrize("args", COMMANDS, ids=[" ".join(a) for a in COMMANDS])
def test_history_commands_survive_any_byte(odd_repo: Path, tmp_path: Path, args: list[str]) -> None:
    result = nic(odd_repo, *args, cache=tmp_path / "cache")
    assert result.exit_code == 0, (args, result.exit_code, result.output)
    assert "Traceback" not in result.output and "internal error" not in result.output


def test_export_survives_any_byte(odd_repo: Path, tmp_path: Path) -> None:
    out = tmp_path / "export"
    result = nic(odd_repo, "export", "--out", str(out), cache=tmp_path / "cache")
    assert result.exit_code == 0, result.output
    events = (out / "events.csv").read_text(encoding="utf-8")
    assert "Ev\x01il Name" in events and "Far Future" in events


def test_every_commit_is_read_whole(odd_repo: Path, tmp_path: Path) -> None:
    """One data event per odd commit, each with its own author: no record split inside a field."""
    result = nic(odd_repo, "log", "--format", "json", cache=tmp_path / "cache")
    events = json.loads(result.stdout)["events"]
    data = [e for e in events if e["event"] == "data" and e["author"] != "J. Rivera"]  # not the first commit
    authors = [e["author"] for e in data]
    assert len(data) == len(RAW_COMMITS) + 3, authors
    assert "Ev\x01il Name" in authors
    assert "Bad \ufffd\ufffd UTF-8" in authors  # invalid UTF-8 shown as replacement characters
    assert authors.count("Commit\x01Tree") == 3
    dates = {e["author"]: e["date"] for e in data}
    assert dates["Far Future"] == "9999-12-31T23:59:59+00:00"  # past what a date can hold: the latest there is
    assert dates["Before Epoch"] == "1970-01-01T00:00:00+00:00"  # git cannot read it either: shown as 1970
    assert dates["Odd Minutes"].endswith("+00:17")
    assert dates["No Clock"].endswith("+00:00")  # +9999 is no offset: read as UTC
    assert any(d.endswith("+14:00") for d in dates.values()) and any(d.endswith("-12:00") for d in dates.values())


def test_the_cache_gives_the_same_answer(odd_repo: Path, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    first = nic(odd_repo, "log", cache=cache)
    second = nic(odd_repo, "log", cache=cache)
    assert first.exit_code == second.exit_code == 0
    assert first.stdout == second.stdout


@pytest.mark.parametrize(("raw", "expected"), [
    (b"1700000000 +0000", "2023-11-14T22:13:20+00:00"),
    (b"1700000000 -0130", "2023-11-14T20:43:20-01:30"),
    (b"253402300800 +1400", "9999-12-31T23:59:59+00:00"),
    (b"-62135596801 +0000", "0001-01-01T00:00:00+00:00"),
    (b"99999999999999999999999 +0000", "9999-12-31T23:59:59+00:00"),
    (b"1700000000 +2400", "2023-11-14T22:13:20+00:00"),
    (b"", "1970-01-01T00:00:00+00:00"),
    (b"garbage", "1970-01-01T00:00:00+00:00"),
    (b"1700000000", "2023-11-14T22:13:20+00:00"),
])
def test_any_raw_date_is_a_date(raw: bytes, expected: str) -> None:
    assert parse_when(raw).isoformat() == expected
