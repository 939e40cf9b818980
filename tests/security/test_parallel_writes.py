"""Writers started at once never lose each other's work: real processes, one network.

Every command that reads, changes and writes back a file holds the network's write lock
(`.nic.lock`, `nictools.lock`) and reads again once it holds it; new files are created
exclusively. Six `nic data add` on one CSV keep all six rows; four `nic new pdsa` get
four ids; a waiter gives up with a plain message and exit 1; a lock left by a dead
process is taken over.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from nictools.atomic import write_atomic
from nictools.lock import LOCK_NAME, is_stale, network_lock


def _start(root: Path, args: list[str], **env: str) -> subprocess.Popen[bytes]:
    environment = {**os.environ, "NIC_TODAY": "2026-06-01", **env}
    return subprocess.Popen([sys.executable, "-m", "nictools", "-C", str(root), *args], env=environment,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)


def _all(procs: list[subprocess.Popen[bytes]]) -> list[tuple[int, str]]:
    out = []
    for p in procs:
        stdout, stderr = p.communicate(timeout=300)
        out.append((p.returncode, (stdout + stderr).decode(errors="replace")))
    return out


def _monday(n: int) -> str:
    return (dt.date(2025, 9, 15) + dt.timedelta(weeks=n)).isoformat()


def test_six_data_adds_at_once_keep_every_row(make_network) -> None:
    root = make_network()
    csv = root / "sites/lincoln/data/ATT.csv"
    rounds, width = 3, 6
    for r in range(rounds):
        procs = [_start(root, ["data", "add", "ATT", "--site", "lincoln", "--period", _monday(r * width + i),
                               "--numerator", str(50 + i), "--denominator", "100"]) for i in range(width)]
        results = _all(procs)
        assert [code for code, _ in results] == [0] * width, results
    lines = csv.read_text().splitlines()
    periods = [line.split(",")[0] for line in lines[1:]]
    assert len(periods) == 2 + rounds * width
    assert periods == sorted(periods)
    assert not (root / LOCK_NAME).exists()


def test_the_same_period_twice_at_once_is_written_once(make_network) -> None:
    root = make_network()
    procs = [_start(root, ["data", "add", "ATT", "--site", "lincoln", "--period", "2025-09-15",
                           "--numerator", str(60 + i), "--denominator", "100"]) for i in range(4)]
    results = _all(procs)
    assert sorted(code for code, _ in results) == [0, 2, 2, 2], results
    assert sum("already has the period 2025-09-15" in text for _, text in results) == 3
    assert (root / "sites/lincoln/data/ATT.csv").read_text().count("2025-09-15") == 1


def test_a_new_data_file_made_at_once_by_two_keeps_both_rows(make_network) -> None:
    root = make_network({"sites/lincoln/data/ATT.csv": None})
    procs = [_start(root, ["data", "add", "ATT", "--site", "lincoln", "--period", _monday(i),
                           "--numerator", "70", "--denominator", "100"]) for i in range(4)]
    results = _all(procs)
    assert [code for code, _ in results] == [0] * 4, results
    text = (root / "sites/lincoln/data/ATT.csv").read_text()
    assert text.count("\n") == 5 and text.startswith("period,")


def test_four_new_cycles_at_once_get_four_ids(make_network) -> None:
    root = make_network()
    before = {p.name: p.read_bytes() for p in (root / "sites/lincoln/pdsa").iterdir()}
    procs = [_start(root, ["new", "pdsa", "--site", "lincoln", "--title", f"Cycle number {i}"]) for i in range(4)]
    results = _all(procs)
    assert [code for code, _ in results] == [0] * 4, results
    after = {p.name: p.read_text() for p in (root / "sites/lincoln/pdsa").iterdir()}
    new = sorted(set(after) - set(before))
    assert new == ["C02.yaml", "C03.yaml", "C04.yaml", "C05.yaml"]
    titles = sorted(next(line for line in after[name].splitlines() if line.startswith("title:")) for name in new)
    assert titles == [f"title: Cycle number {i}" for i in range(4)]  # none replaced another
    assert all(after[name].encode() == before[name] for name in before)


def test_the_same_explicit_id_at_once_is_written_once(make_network) -> None:
    root = make_network()
    procs = [_start(root, ["new", "pdsa", "--site", "lincoln", "--id", "C09", "--title", f"Mine {i}"])
             for i in range(3)]
    results = _all(procs)
    assert sorted(code for code, _ in results) == [0, 2, 2], results
    assert sum("already exists" in text for _, text in results) == 2


def test_a_waiter_gives_up_with_a_plain_message_and_exit_1(make_network) -> None:
    root = make_network()
    csv = root / "sites/lincoln/data/ATT.csv"
    before = csv.read_bytes()
    with network_lock(root):  # held by this (living) test process
        started = time.monotonic()
        code, text = _all([_start(root, ["data", "add", "ATT", "--site", "lincoln", "--period", "2025-09-15",
                                         "--numerator", "1", "--denominator", "2"], NIC_LOCK_TIMEOUT="1")])[0]
        assert time.monotonic() - started < 60
    assert code == 1, text
    assert "Another nic command" in text and "Traceback" not in text and LOCK_NAME in text
    assert csv.read_bytes() == before


def test_a_lock_left_by_a_dead_process_is_taken_over(make_network) -> None:
    root = make_network()
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    (root / LOCK_NAME).write_text(json.dumps({"pid": dead.pid, "host": socket.gethostname(), "time": time.time()}))
    code, text = _all([_start(root, ["data", "add", "ATT", "--site", "lincoln", "--period", "2025-09-15",
                                     "--numerator", "1", "--denominator", "2"], NIC_LOCK_TIMEOUT="5")])[0]
    assert code == 0, text
    assert not (root / LOCK_NAME).exists()


def test_stale_rules() -> None:
    me = json.dumps({"pid": os.getpid(), "host": socket.gethostname(), "time": 0}).encode()
    assert not is_stale(me, age=10_000)  # alive on this host: never stale
    other = json.dumps({"pid": 1, "host": "another-host", "time": 0}).encode()
    assert not is_stale(other, age=5) and is_stale(other, age=10_000)
    assert not is_stale(b"", age=1) and is_stale(b"", age=10_000)  # being written, or left half written


def test_exclusive_write_never_replaces_a_file(tmp_path: Path) -> None:
    path = tmp_path / "C01.yaml"
    write_atomic(path, "first\n", exclusive=True)
    with pytest.raises(FileExistsError):
        write_atomic(path, "second\n", exclusive=True)
    assert path.read_text() == "first\n"
    assert [p.name for p in tmp_path.iterdir()] == ["C01.yaml"]


def test_four_phases_added_at_once_keep_all_four(make_network) -> None:
    """`nic phase add` reads, changes and replaces site.yaml: under the lock, none is lost."""
    root = make_network()
    procs = [_start(root, ["phase", "add", "ATT", "--site", "lincoln", "--from", _monday(i + 2),
                           "--reason", f"Explained shift number {i}"]) for i in range(4)]
    results = _all(procs)
    assert [code for code, _ in results] == [0] * 4, results
    text = (root / "sites/lincoln/site.yaml").read_text()
    assert sorted(line.strip() for line in text.splitlines() if "Explained shift number" in line) == [
        f"reason: Explained shift number {i}" for i in range(4)]
