"""Time `nic status`, `nic log` and `nic diff` against the plumbing-plus-parse floor, in one run.

    python benchmarks/generate_history.py --sites 200 --out /tmp/hist200
    python benchmarks/bench_history.py /tmp/hist200

The floor: one `git log --raw` over the window plus one `git cat-file --batch` for every
PDSA version in it, parsed with libyaml (PyYAML's CSafeLoader). Each nic command runs as
a user runs it (a fresh `python -m nictools` process), cold (empty cache folder) and
warm (second run). Prints a Markdown table.
"""

from __future__ import annotations

import datetime as dt
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

SRC = Path(__file__).resolve().parents[1] / "src"


def floor(root: Path, since: str | None) -> tuple[float, int]:
    started = time.perf_counter()
    args = ["git", "-C", str(root), "log", "--first-parent", "--raw", "-z", "--no-renames", "--no-abbrev",
            "--format=%x01%H%x00%P%x00%aN%x00%aI%x00"]
    if since:
        args.append(f"--since={since}")
    out = subprocess.run(args, capture_output=True, check=True).stdout
    blobs = []
    for record in out.split(b"\x01")[1:]:
        parts = record.split(b"\0")
        for i, p in enumerate(parts):
            if p.strip().startswith(b":") and b"/pdsa/" in parts[i + 1]:
                new = p.strip().split(b" ")[3]
                if new.strip(b"0"):
                    blobs.append(new)
    proc = subprocess.run(["git", "-C", str(root), "cat-file", "--batch"], input=b"\n".join(blobs) + b"\n",
                          capture_output=True, check=True).stdout
    pos = 0
    count = 0
    while pos < len(proc):
        nl = proc.index(b"\n", pos)
        size = int(proc[pos:nl].split()[2])
        yaml.load(proc[nl + 1:nl + 1 + size], Loader=yaml.CSafeLoader)
        pos = nl + 1 + size + 1
        count += 1
    return time.perf_counter() - started, count


def nic(root: Path, cache: Path, *args: str) -> float:
    env = {**os.environ, "PYTHONPATH": str(SRC), "NICTOOLS_CACHE_DIR": str(cache), "NIC_NO_PROGRESS": "1"}
    started = time.perf_counter()
    subprocess.run([sys.executable, "-m", "nictools", "-C", str(root), *args], env=env, check=True,
                   stdout=subprocess.DEVNULL)
    return time.perf_counter() - started


def best(fn, repeat: int = 3) -> float:
    return min(fn() for _ in range(repeat))


def main() -> int:
    root = Path(sys.argv[1])
    head = subprocess.run(["git", "-C", str(root), "log", "-1", "--format=%aI"], capture_output=True, text=True,
                          check=True).stdout.strip()
    since = (dt.datetime.fromisoformat(head) - dt.timedelta(days=91)).date().isoformat()
    first = subprocess.run(["git", "-C", str(root), "rev-list", "--max-parents=0", "HEAD"], capture_output=True,
                           text=True, check=True).stdout.split()[0]
    commits = subprocess.run(["git", "-C", str(root), "rev-list", "--count", "HEAD"], capture_output=True, text=True,
                             check=True).stdout.strip()
    startup = best(lambda: subprocess.run([sys.executable, "-m", "nictools", "--version"], check=True,
                                          env={**os.environ, "PYTHONPATH": str(SRC)}, capture_output=True) and 0 or 0)
    t0 = time.perf_counter()
    subprocess.run([sys.executable, "-m", "nictools", "--version"], env={**os.environ, "PYTHONPATH": str(SRC)},
                   capture_output=True, check=True)
    startup = time.perf_counter() - t0
    whole_floor, versions = min((floor(root, None) for _ in range(3)), key=lambda x: x[0])
    recent_floor, recent_versions = min((floor(root, since) for _ in range(3)), key=lambda x: x[0])
    rows = []
    cases = [
        ("status", "whole", ("status",)),
        ("status --as-of (3 months ago)", "whole", ("status", "--as-of", since)),
        ("log", "whole", ("log",)),
        ("log --since", "3 months", ("log", "--since", since)),
        ("diff FIRST", "whole", ("diff", first)),
        ("diff --since", "3 months", ("diff", "--since", since)),
    ]
    for name, window, args in cases:
        with tempfile.TemporaryDirectory() as cache_dir:
            cache = Path(cache_dir)
            cold = nic(root, cache, *args)
            warm = min(nic(root, cache, *args) for _ in range(3))
        ref = whole_floor if window == "whole" else recent_floor
        rows.append((name, window, cold, warm, ref))
    print(f"{commits} commits, {versions} PDSA versions ({recent_versions} in the last 3 months since {since}); "
          f"{os.cpu_count()} CPUs; python startup + `nic --version` {startup:.2f} s\n")
    print(f"Floor (git log --raw + one cat-file --batch of every PDSA version + libyaml parse): "
          f"whole history {whole_floor:.2f} s, last 3 months {recent_floor:.2f} s\n")
    print("| command | window | cold cache (s) | warm cache (s) | floor (s) | cold / floor |")
    print("|---|---|---:|---:|---:|---:|")
    for name, window, cold, warm, ref in rows:
        print(f"| `nic {name}` | {window} | {cold:.2f} | {warm:.2f} | {ref:.2f} | {cold / ref:.1f}× |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
