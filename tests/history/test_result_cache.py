"""The result cache (`nictools.cli.result_cache`): a repeated `nic status`, `log` or `diff` prints
exactly what the command prints, without loading it, and any input that changes the output
changes the key."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from nictools.cli import result_cache
from tests.history.conftest import GitNetwork  # type: ignore[import-not-found]

#: runs `nic ARGS` as the console script does and writes which heavy modules were loaded to $PROBE_OUT
PROBE = """
import atexit, os, sys
def _loaded():
    with open(os.environ["PROBE_OUT"], "w") as fh:
        fh.write(",".join(m for m in ("typer", "pydantic", "numpy", "git") if m in sys.modules))
atexit.register(_loaded)
sys.argv = ["nic", *sys.argv[1:]]
from nictools.cli.start import run
run()
"""


class Nic:
    def __init__(self, root: Path, tmp_path: Path) -> None:
        self.root = root
        self.cache = tmp_path / "cache"
        self.probe = tmp_path / "probe.txt"
        self.env = {k: v for k, v in os.environ.items()
                    if not k.startswith(("GIT_", "NICTOOLS_", "NIC_")) and k not in ("NO_COLOR", "FORCE_COLOR")}
        self.env.update(GIT_CONFIG_GLOBAL="/dev/null", GIT_CONFIG_NOSYSTEM="1", NIC_NO_PROGRESS="1",
                        NIC_TODAY="2026-03-01", NICTOOLS_CACHE_DIR=str(self.cache), PROBE_OUT=str(self.probe))

    def __call__(self, *args: str, **env: str) -> tuple[int, str, str, bool]:
        """(exit code, stdout, stderr, whether the answer came from the cache)."""
        done = subprocess.run([sys.executable, "-c", PROBE, "-C", str(self.root), *args], capture_output=True,
                              env={**self.env, **env}, cwd=self.root)
        loaded = self.probe.read_text().split(",")
        return done.returncode, done.stdout.decode("utf-8"), done.stderr.decode("utf-8"), "typer" not in loaded

    def loaded(self) -> list[str]:
        return [m for m in self.probe.read_text().split(",") if m]

    def rows(self) -> int:
        path = self.cache / result_cache.FILE_NAME
        if not path.exists():
            return 0
        with sqlite3.connect(path) as db:
            return db.execute("SELECT count(*) FROM results").fetchone()[0]


@pytest.fixture
def nic(history_repo: GitNetwork, tmp_path: Path) -> Nic:
    return Nic(history_repo.root, tmp_path)


@pytest.mark.parametrize("args", [["status"], ["log", "--since", "2025-09-20"], ["diff", "--since", "2025-09-20"]])
@pytest.mark.parametrize("fmt", ["text", "json", "markdown"])
def test_a_repeat_prints_what_the_command_prints(nic: Nic, history_repo: GitNetwork, args: list[str], fmt: str) -> None:
    (history_repo.root / "sites/lincoln/pdsa/C09.yaml").write_text("id: C09\n", encoding="utf-8")  # a note on stderr
    first = nic(*args, "--format", fmt)
    again = nic(*args, "--format", fmt)
    assert first[0] == 0 and not first[3]
    assert again[3], "the repeat ran the command"
    assert again[:3] == first[:3]
    assert "uncommitted change" in first[2]
    if fmt == "json":
        json.loads(again[1])


def test_a_repeat_is_the_same_as_a_run_without_any_cache(nic: Nic) -> None:
    plain = nic("log", "--since", "2025-09-20", NICTOOLS_NO_CACHE="1")
    nic("log", "--since", "2025-09-20")
    repeat = nic("log", "--since", "2025-09-20")
    assert repeat[3] and repeat[:3] == plain[:3]


def test_each_input_changes_the_answer(nic: Nic, history_repo: GitNetwork) -> None:
    code, before, _, _ = nic("status")
    assert code == 0 and nic("status")[3]
    # another option, another day
    assert not nic("status", "--site", "lincoln")[3]
    assert not nic("status", NIC_TODAY="2026-03-02")[3]
    assert nic("status", NIC_TODAY="2026-03-01")[3]
    # uncommitted changes: a note, and gone again when they are
    extra = history_repo.root / "sites/roosevelt/pdsa/C01.yaml"
    extra.parent.mkdir(parents=True)
    extra.write_text("id: C01\n", encoding="utf-8")
    noted = nic("status")
    assert not noted[3] and "uncommitted change" in noted[2]
    extra.unlink()
    assert nic("status")[3]
    # a new convening tag (status reads them)
    history_repo.git("tag", "-a", "-m", "Winter convening", "convening/winter", "HEAD~1",
                     date="2026-01-10T10:00:00+00:00")
    tagged = nic("status")
    assert not tagged[3] and tagged[1] != before
    assert nic("status")[3]
    # a new commit
    history_repo.commit("Roosevelt data", "2026-02-20T10:00:00+00:00",
                        {"sites/roosevelt/data/ATT.csv": "period,numerator,denominator\n2025-09-01,50,80\n"
                                                         "2026-02-16,60,80\n"})
    after = nic("status")
    assert not after[3] and after[1] != tagged[1]
    again = nic("status")
    assert again[3] and again[1] == after[1]


def test_a_revision_that_moves_is_resolved_again(nic: Nic, history_repo: GitNetwork) -> None:
    history_repo.git("tag", "mark", "HEAD~3")
    first = nic("diff", "mark")
    assert nic("diff", "mark")[3]
    history_repo.git("tag", "-f", "mark", "HEAD~1")
    moved = nic("diff", "mark")
    assert not moved[3] and moved[1] != first[1]
    assert nic("diff", "mark", "HEAD")[1] == moved[1]


def test_errors_are_the_commands_own_and_not_kept(nic: Nic) -> None:
    for args in (["status", "--site", "nowhere"], ["diff", "no-such-tag"], ["log", "--since", "--until"],
                 ["status", "--as-of", "2024-01-01"]):
        first = nic(*args)
        again = nic(*args)
        assert first[0] == 2 and not first[3] and not again[3], args
        assert again[:3] == first[:3]
    assert nic.rows() == 0


def test_a_broken_cache_costs_time_only(nic: Nic) -> None:
    good = nic("log", "--since", "2025-09-20")
    path = nic.cache / result_cache.FILE_NAME
    with sqlite3.connect(path) as db:
        assert db.execute("UPDATE results SET out = replace(out, 'C01', 'C99')").rowcount == 1
    again = nic("log", "--since", "2025-09-20")
    assert not again[3] and again[:3] == good[:3]
    assert nic("log", "--since", "2025-09-20")[3]  # the row was written again
    path.write_bytes(b"not a database at all")
    broken = nic("log", "--since", "2025-09-20")
    assert not broken[3] and broken[:3] == good[:3]


@pytest.mark.parametrize("variable", ["NICTOOLS_NO_CACHE", "NICTOOLS_NO_RESULT_CACHE"])
def test_it_can_be_turned_off(nic: Nic, variable: str) -> None:
    for _ in range(2):
        done = nic("status", **{variable: "1"})
        assert done[0] == 0 and not done[3]
    assert nic.rows() == 0


def test_quiet_output_is_kept_apart(nic: Nic, history_repo: GitNetwork) -> None:
    (history_repo.root / "sites/lincoln/pdsa/C09.yaml").write_text("id: C09\n", encoding="utf-8")
    loud = nic("diff", "--since", "2025-09-20")
    quiet = nic("-q", "diff", "--since", "2025-09-20")
    assert not quiet[3] and quiet[2] == "" and "uncommitted" in loud[2]
    assert nic("diff", "--since", "2025-09-20", "-q")[2] == ""


def test_the_code_fingerprint_is_in_the_key(history_repo: GitNetwork, monkeypatch: pytest.MonkeyPatch) -> None:
    call = result_cache.parse(["-C", str(history_repo.root), "status"])
    assert call is not None
    key = result_cache.key_of(call)
    assert key is not None and result_cache.key_of(call) == key
    monkeypatch.setattr(result_cache, "code_fingerprint", lambda: b"other code")
    assert result_cache.key_of(call) not in (None, key)


@pytest.mark.parametrize("argv", [["status", "--help"], ["status", "-o", "out.txt"], ["log", "--", "x"],
                                  ["status", "-fjson"], ["status", "--format", "html"], ["validate"],
                                  ["diff"], ["diff", "a", "--since", "b"], ["diff", "a", "b", "c"],
                                  ["log", "--since"], ["status", "--site", "-q"], ["status", "extra"], []])
def test_calls_it_does_not_follow_are_left_to_the_command(argv: list[str]) -> None:
    assert result_cache.parse(argv) is None


def test_global_options_go_before_or_after_the_command() -> None:
    call = result_cache.parse(["log", "-q", "--since=2025-01-01", "-C", "net", "-s", "lincoln"])
    assert call is not None and call.quiet and call.directory == "net"
    assert call.values == {"since": ["2025-01-01"], "site": ["lincoln"]}


def test_the_options_followed_are_the_commands_own() -> None:
    """The cache's grammar names each command's options as the command declares them (and whether
    each takes a value); an option it does not follow sends the call to the command."""
    from typer.main import get_command

    from nictools.cli.main import app

    group = get_command(app)
    ctx = group.make_context("nic", ["status"])
    for name, grammar in result_cache.COMMANDS.items():
        command = group.get_command(ctx, name)
        declared = {opt: not (p.is_flag or p.count) for p in command.params if p.param_type_name == "option"
                    for opt in p.opts + p.secondary_opts}
        arguments = [p.name for p in command.params if p.param_type_name == "argument"]
        followed = {**{o: True for o in grammar.valued}, **{o: False for o in grammar.flags}}
        for option, valued in followed.items():
            assert declared.get(option) is valued, (name, option)
        assert set(declared) - set(followed) <= {"--output-file", "-o", "--help", "-h"}, name
        assert tuple(arguments) == grammar.positionals, name


def test_the_start_knows_the_commands_the_cache_follows() -> None:
    from nictools.cli import start

    assert start._FOLLOWED == set(result_cache.COMMANDS)


def test_the_cache_keeps_the_newest_rows_only(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NICTOOLS_CACHE_DIR", str(tmp_path))
    monkeypatch.setattr(result_cache, "KEEP_ROWS", 3)
    for i in range(5):
        result_cache.store(f"k{i}", f"out {i}\n", "")
    assert [result_cache.recall(f"k{i}") for i in range(5)] == [None, None, ("out 2\n", ""), ("out 3\n", ""),
                                                                ("out 4\n", "")]
    monkeypatch.setattr(result_cache, "KEEP_CHARACTERS", 10)
    result_cache.store("big", "x" * 50, "y")
    assert result_cache.recall("big") == ("x" * 50, "y") and result_cache.recall("k4") is None


def test_control_characters_stay_shown_on_a_repeat(nic: Nic, history_repo: GitNetwork) -> None:
    """What a repeat prints is what the command printed after showing control characters
    (`nictools.terminal`): an escape in a commit or a file is never replayed raw."""
    history_repo.commit("Data \x1b]0;owned\x07", "2026-02-10T10:00:00+00:00",
                        {"sites/roosevelt/data/ATT.csv": "period,numerator,denominator\n2025-09-01,50,80\n"
                                                         "2026-02-09,61,80\n"}, name="Eve \x1b[31mRed")
    first = nic("log", "--since", "2026-01-01")
    again = nic("log", "--since", "2026-01-01")
    assert again[3] and again[:3] == first[:3]
    assert "\x1b" not in again[1] and "\\u001b" in again[1]



def test_the_output_does_not_depend_on_colour_or_width_settings(nic: Nic) -> None:
    """The key holds no colour or terminal-width setting because the three commands' output does not
    depend on them: when it does, they must go into `result_cache.key_of`."""
    for args in (["status"], ["log", "--since", "2025-09-20", "-f", "markdown"], ["diff", "--since", "2025-09-20"]):
        plain = nic(*args, NICTOOLS_NO_CACHE="1")
        for env in ({"FORCE_COLOR": "1", "COLUMNS": "40"}, {"NO_COLOR": "1", "COLUMNS": "300"},
                    {"NIC_OUTPUT_FORMAT": "json", "TERM": "dumb"}):
            assert nic(*args, NICTOOLS_NO_CACHE="1", **env)[:3] == plain[:3], (args, env)
