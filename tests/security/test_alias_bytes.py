"""YAML aliases are bounded in bytes, not only in values (#17 class 1).

A 1 MB string aliased 3,000 times is a 1 MB file with 3,000 values: few enough values, but
3 GB once every alias is expanded (pydantic copies each string). The reader counts the bytes
each alias expands to and stops at a file's limit (10 MB) with NIC011, before a model, a check
or a report is built from it: in the working tree, in every version from history, and before
a round-trip writer (`nic pdsa advance`, `nic phase add`) lets ruamel read the file.
"""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from nictools.load.yaml import MAX_EXPANDED_BYTES, load_round_trip, read_yaml
from nictools.errors import NicError

BIG = "x" * (1024 * 1024)


def _bomb(head: str, count: int, indent: str = "    ") -> str:
    return head.replace("BIG", f'&big "{BIG}"') + "".join(f"{indent}- *big\n" for _ in range(count))


IDEA_BOMB = _bomb("id: CI-01\ntitle: Exit tickets\ndescription: BIG\ndrivers: [S1]\nstatus: testing\n"
                  "conditions:\n  worked:\n", 3000)
#: a variant: many small anchors, each a 100 kB string, aliased inside one PDSA cycle's questions
CYCLE_BOMB = ("id: C01\ntitle: T\nchange_ideas: [CI-01]\nplan:\n  objective: &o \"" + "y" * 100_000 + "\"\n"
              "  questions:\n" + "".join("    - question: *o\n      prediction: *o\n      reason: *o\n" for _ in range(200)))


@pytest.mark.parametrize("text", [IDEA_BOMB, CYCLE_BOMB], ids=["1MB-x3000", "100kB-x600"])
def test_expanded_bytes_are_bounded_before_building(text: str) -> None:
    assert len(text.encode()) < 2 * 1024 * 1024  # the file itself is small
    doc = read_yaml(text, "f.yaml")
    assert not doc.ok and doc.data is None
    assert [p.code for p in doc.problems] == ["NIC011"]
    assert "10 MB" in doc.problems[0].message and doc.problems[0].line >= 1


def test_non_ascii_text_counts_in_utf8_bytes() -> None:
    wide = "é" * (MAX_EXPANDED_BYTES // 8)  # 2 bytes each: the expanded file holds ~12 MB in 6 aliases
    text = f'a: &a "{wide}"\nb: [*a, *a, *a, *a, *a]\n'
    assert [p.code for p in read_yaml(text, "f.yaml").problems] == ["NIC011"]


def test_a_file_under_the_bound_reads_with_its_aliases() -> None:
    text = 'a: &a "' + "z" * 1000 + '"\nb: [*a, *a, *a]\n'
    doc = read_yaml(text, "f.yaml")
    assert doc.ok and doc.data["b"] == ["z" * 1000] * 3


def test_round_trip_reader_refuses_the_bomb_and_never_lets_a_panic_out() -> None:
    from ruamel.yaml import YAML

    with pytest.raises(NicError, match="10 MB"):
        load_round_trip(YAML(typ="rt"), IDEA_BOMB, "change-ideas/CI-01.yaml")

    class Panic(BaseException):  # pyo3's PanicException derives from BaseException
        pass

    class Exploding:
        def load(self, text: str) -> None:
            raise Panic("called `Result::unwrap()` on an `Err` value")

    with pytest.raises(NicError, match="could not be read for editing"):
        load_round_trip(Exploding(), "id: C01\n", "sites/lincoln/pdsa/C01.yaml")


def _git(root: Path, *args: str) -> None:
    env = {**os.environ, "GIT_AUTHOR_NAME": "T", "GIT_AUTHOR_EMAIL": "t@example.org", "GIT_COMMITTER_NAME": "T",
           "GIT_COMMITTER_EMAIL": "t@example.org", "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1",
           "GIT_AUTHOR_DATE": "2025-09-20T12:00:00+00:00", "GIT_COMMITTER_DATE": "2025-09-20T12:00:00+00:00"}
    subprocess.run(["git", "-C", str(root), *args], check=True, env=env, capture_output=True)


def _nic(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """A real process, with its address space capped at 1.5 GB: the 3 GB of the old reader fails it."""
    code = ("import resource,sys; resource.setrlimit(resource.RLIMIT_AS, (1536 * 2**20, 1536 * 2**20)); "
            "from nictools.cli.main import run; sys.argv = ['nic'] + sys.argv[1:]; run()")
    env = {**os.environ, "NIC_TODAY": "2025-10-01", "NO_COLOR": "1", "XDG_CACHE_HOME": str(root.parent / "cache")}
    return subprocess.run([sys.executable, "-c", code, "-C", str(root), *args], capture_output=True, text=True,
                          env=env, timeout=300)


@pytest.mark.skipif(sys.platform == "win32", reason="resource limits are POSIX")
def test_every_command_reads_the_bomb_from_the_tree_and_from_history(make_network) -> None:
    root = make_network()
    _git(root, "init", "-q", "-b", "main")
    _git(root, "add", ".")
    _git(root, "commit", "-qm", "clean")
    (root / "change-ideas/CI-01.yaml").write_text(IDEA_BOMB, encoding="utf-8")
    (root / "sites/lincoln/pdsa/C01.yaml").write_text(CYCLE_BOMB, encoding="utf-8")
    _git(root, "commit", "-qam", "bomb")
    out = root.parent / "out"
    out.mkdir()
    validate = _nic(root, "validate")
    assert validate.returncode == 1 and validate.stdout.count("NIC011") == 2, validate.stdout + validate.stderr
    for args in (["status"], ["log"], ["diff", "HEAD~1"], ["report", "--format", "json"],
                 ["compare", "--since", "HEAD~1"], ["export", "sqlite", "--out", str(out / "n.db")],
                 ["pdsa", "advance", "C01", "--site", "lincoln"]):
        result = _nic(root, *args)
        assert result.returncode in (0, 1, 2), (args, result.returncode, result.stderr[-2000:])
        assert "Traceback" not in result.stderr and "MemoryError" not in result.stderr, (args, result.stderr[-2000:])


@pytest.mark.skipif(sys.platform == "win32", reason="resource limits are POSIX")
@pytest.mark.parametrize("args", [["site", "withdraw", "lincoln", "--date", "2025-09-30", "--reason", "Merged"],
                                  ["phase", "add", "ATT", "--site", "lincoln", "--from", "2025-09-15",
                                   "--reason", "Explained"]])
def test_commands_that_edit_site_yaml_refuse_a_bomb_and_change_nothing(make_network, args: list[str]) -> None:
    site = _bomb("id: lincoln\nname: BIG\ncluster: rac-1\ncontext: {level: high, size_band: large}\n"
                 "joined: 2024-08-15\nnotes:\n", 3000, indent="  ")
    root = make_network({"sites/lincoln/site.yaml": site})
    before = (root / "sites/lincoln/site.yaml").read_bytes()
    done = _nic(root, *args)
    assert done.returncode in (1, 2), done.stderr
    said = done.stderr + done.stdout
    assert "Traceback" not in said and ("10 MB" in said or "nic validate sites/lincoln/site.yaml" in said), said
    assert (root / "sites/lincoln/site.yaml").read_bytes() == before
