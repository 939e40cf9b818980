"""Writes are atomic: interrupted anywhere, a file is the old one or the new one, byte
for byte, and no temporary file is left behind.

The interruption is a KeyboardInterrupt (Ctrl-C) raised inside `write_atomic`: halfway
through writing the temporary file, at the flush to disk, or just before the rename
over the old file. Each writing command is run once uninterrupted on a copy (the "new"
state), then interrupted at each stage and at each of its writes.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from typing import Any, Callable

import pytest
from typer.testing import CliRunner

import nictools.atomic as atomic
from nictools.atomic import write_atomic
from nictools.cli.main import app
from tests.history.conftest import DO  # type: ignore[import-not-found]

STAGES = ("write", "fsync", "replace")


def files(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def stray(root: Path) -> list[str]:
    return [p.name for p in root.rglob("*") if p.name.endswith(".tmp")]


class Interrupt:
    """Raise KeyboardInterrupt at `stage` of the `nth` atomic write (1-based)."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch, stage: str, nth: int = 1) -> None:
        self.stage, self.nth, self.count = stage, nth, 0
        real_fdopen, real_fsync, real_replace = os.fdopen, os.fsync, os.replace
        interrupt = self

        class HalfHandle:
            def __init__(self, handle: Any) -> None:
                self.handle = handle

            def __enter__(self) -> "HalfHandle":
                return self

            def __exit__(self, *exc: Any) -> None:
                self.handle.close()

            def write(self, data: bytes) -> int:
                if interrupt.due("write"):
                    self.handle.write(data[: len(data) // 2])
                    self.handle.flush()
                    raise KeyboardInterrupt
                return self.handle.write(data)

            def __getattr__(self, name: str) -> Any:
                return getattr(self.handle, name)

        def fdopen(fd: int, *args: Any, **kwargs: Any) -> Any:
            if "w" not in (args[0] if args else kwargs.get("mode", "r")):
                return real_fdopen(fd, *args, **kwargs)  # the loader reads files through os.fdopen too
            self.count += 1
            return HalfHandle(real_fdopen(fd, *args, **kwargs))

        def fsync(fd: int) -> None:
            if self.due("fsync"):
                raise KeyboardInterrupt
            real_fsync(fd)

        def replace(src: Any, dst: Any) -> None:
            if self.due("replace"):
                raise KeyboardInterrupt
            real_replace(src, dst)

        monkeypatch.setattr(atomic.os, "fdopen", fdopen)
        monkeypatch.setattr(atomic.os, "fsync", fsync)
        monkeypatch.setattr(atomic.os, "replace", replace)
        self.fired = False

    def due(self, stage: str) -> bool:
        if stage == self.stage and self.count == self.nth and not self.fired:
            self.fired = True
            return True
        return False


@pytest.mark.parametrize("stage", STAGES)
@pytest.mark.parametrize("exists", [True, False])
def test_write_atomic_keeps_the_old_file_or_none(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, stage: str,
                                                 exists: bool) -> None:
    path = tmp_path / "sites" / "ATT.csv"
    path.parent.mkdir()
    if exists:
        path.write_bytes(b"period,value\n2025-09-01,1\n")
    before = files(tmp_path)
    Interrupt(monkeypatch, stage)
    with pytest.raises(KeyboardInterrupt):
        write_atomic(path, "period,value\n2025-09-01,1\n2025-09-08,2\n" * 1000)
    assert files(tmp_path) == before
    assert stray(tmp_path) == []


def test_write_atomic_keeps_the_mode_and_replaces_a_whole_file(tmp_path: Path) -> None:
    path = tmp_path / "x.yaml"
    path.write_text("a: 1\n")
    path.chmod(0o600)
    write_atomic(path, "a: 2\n")
    assert path.read_text() == "a: 2\n" and (path.stat().st_mode & 0o777) == 0o600
    assert stray(tmp_path) == []


# --- the writing commands --------------------------------------------------------------------

COMMANDS: dict[str, tuple[list[str], dict[str, str]]] = {
    "data add": (["data", "add", "ATT", "--site", "lincoln", "--period", "2025-09-15", "--numerator", "85",
                  "--denominator", "100"], {}),
    "fix": (["fix"], {"sites/lincoln/data/ATT.csv": "period,numerator,denominator\r\n2025-09-08,82,100\r\n"
                                                    "2025-09-01,80,100  \r\n",
                      "change-ideas/CI-01.yaml": "id: CI-01   \r\ntitle: Exit tickets\r\ndescription: d\r\n"
                                                 "drivers: [S1]\r\nstatus: testing\r\n"}),
    "rename": (["rename", "change-idea", "CI-01", "CI-02"], {}),
    "pdsa advance": (["pdsa", "advance", "C01", "--site", "lincoln", "--result", "1=confirmed",
                      "--result", "2=partly"], {"sites/lincoln/pdsa/C01.yaml": DO}),
}


def _run(root: Path) -> Callable[[list[str]], Any]:
    def run(args: list[str]) -> Any:
        return CliRunner().invoke(app, ["-C", str(root), *args], env={"NIC_TODAY": "2025-10-15"})
    return run


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_an_interrupted_command_leaves_old_or_new_files(name: str, make_network, tmp_path: Path,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    args, overrides = COMMANDS[name]
    root = make_network(overrides)
    old = files(root)
    done = tmp_path / "done"
    shutil.copytree(root, done)
    result = _run(done)(args)
    assert result.exit_code == 0, result.output
    new = files(done)
    assert new != old
    writes = sum(1 for k in new if old.get(k) != new[k])
    for nth in range(1, writes + 1):
        for stage in STAGES:
            work = tmp_path / f"{stage}-{nth}"
            shutil.copytree(root, work)
            with monkeypatch.context() as m:
                Interrupt(m, stage, nth)
                result = _run(work)(args)
            assert result.exit_code == 130, (stage, nth, result.output)
            now = files(work)
            assert stray(work) == [], (stage, nth)
            for rel, content in now.items():
                assert content in (old.get(rel), new.get(rel)), (stage, nth, rel)
            assert set(now) <= set(old) | set(new)
            if name == "rename":  # all or nothing: an interrupted rename is undone
                assert now == old, (stage, nth)


# --- real signals to a real `nic rename` at each of its writes -------------------------------

import signal  # noqa: E402
import subprocess  # noqa: E402
import sys  # noqa: E402
import textwrap  # noqa: E402

from tests.conftest import MINIMAL  # noqa: E402  # type: ignore[import-not-found]

#: a child that sends itself `signal` just before or just after its nth rename or replace
#: (every file write, journal write and move of nic ends in one of the two), then runs nic
_KILLER = """
import os, signal, sys
import nictools.atomic as atomic
sig, nth, when = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
count = [0]
def wrap(real):
    def call(*args, **kwargs):
        count[0] += 1
        hit = count[0] == nth
        if hit and when == "before":
            os.kill(os.getpid(), sig)
        result = real(*args, **kwargs)
        if hit and when == "after":
            os.kill(os.getpid(), sig)
        return result
    return call
os.replace = atomic.os.replace = wrap(os.replace)
os.rename = wrap(os.rename)
from nictools.cli.main import app
sys.argv = ["nic", *sys.argv[4:]]
app(prog_name="nic")
"""

SIGNALS = [getattr(signal, name) for name in ("SIGINT", "SIGTERM", "SIGHUP", "SIGQUIT") if hasattr(signal, name)]
CYCLE = textwrap.dedent(MINIMAL["sites/lincoln/pdsa/C01.yaml"])


def _rename_network(make_network) -> Path:
    extra = {f"sites/lincoln/pdsa/C0{i}.yaml": CYCLE.replace("id: C01", f"id: C0{i}") for i in range(2, 5)}
    return make_network(extra)


def _rename_in_child(root: Path, sig: int, nth: int, when: str) -> subprocess.CompletedProcess[bytes]:
    args = ["-C", str(root), "rename", "change-idea", "CI-01", "CI-09"]
    return subprocess.run([sys.executable, "-c", _KILLER, str(sig), str(nth), when, *args], capture_output=True,
                          timeout=120, env={**os.environ, "NIC_TODAY": "2025-10-15"})


def _steps(make_network, tmp_path: Path) -> tuple[Path, dict[str, bytes], int]:
    root = _rename_network(make_network)
    old = files(root)
    probe = tmp_path / "probe"
    shutil.copytree(root, probe)
    done = _rename_in_child(probe, signal.SIGTERM, 10_000, "after")  # never fires: counts nothing, renames
    assert done.returncode == 0, done.stderr
    assert files(probe) != old
    return root, old, 2 * (len([k for k in files(probe) if files(probe)[k] != old.get(k)]) + 1) + 2


@pytest.mark.parametrize("sig", SIGNALS, ids=lambda s: signal.Signals(s).name)
def test_a_signal_at_any_write_of_rename_undoes_it(make_network, tmp_path: Path, sig: int) -> None:
    """SIGINT, SIGTERM, SIGHUP and SIGQUIT, just before and just after each replace and move."""
    root, old, points = _steps(make_network, tmp_path)
    # SIGTERM at every point; the others at every other point, alternating before and after (time)
    every = sig == signal.SIGTERM
    for nth in range(1, points + 1):
        for when in (("before", "after") if every else (("before", "after")[nth % 2],)):
            work = tmp_path / f"{signal.Signals(sig).name}-{nth}-{when}"
            shutil.copytree(root, work)
            done = _rename_in_child(work, sig, nth, when)
            assert b"Traceback" not in done.stderr, done.stderr
            now = files(work)
            if done.returncode == 0:  # the signal came after the last step: the rename is whole
                assert "change-ideas/CI-09.yaml" in now and "change-ideas/CI-01.yaml" not in now, (nth, when)
                continue
            assert done.returncode == 128 + sig, (nth, when, done.returncode, done.stderr)
            assert now == old, (nth, when, sorted(set(now) ^ set(old)))
            assert stray(work) == []


def test_a_rename_killed_outright_is_undone_by_the_next_writer(make_network, tmp_path: Path) -> None:
    """SIGKILL cannot be caught: the journal stays, and the next command that writes undoes it first."""
    root = _rename_network(make_network)
    old = files(root)
    done = _rename_in_child(root, signal.SIGKILL, 5, "after")
    assert done.returncode == -signal.SIGKILL
    assert (root / ".nic-journal.json").exists() and files(root) != old
    fixed = subprocess.run([sys.executable, "-m", "nictools", "-C", str(root), "fix"], capture_output=True,
                           timeout=120)
    assert fixed.returncode == 0, fixed.stderr
    assert b"was stopped before it finished" in fixed.stderr
    assert files(root) == {k: v for k, v in old.items()}
