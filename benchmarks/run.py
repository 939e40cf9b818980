"""Run the whole benchmark suite and print one table: every figure next to its floor or peer.

    python benchmarks/run.py             # 200 sites, a year of history, 5 runs each (about 5 minutes)
    python benchmarks/run.py --quick     # 40 sites, 3 runs each (about a minute)
    python benchmarks/run.py --write     # also replace the table in benchmarks/README.md

Everything is generated into a temporary folder first (benchmarks/generate.py for a
synthetic network of N sites, benchmarks/generate_history.py --years 1 for its git
history, `nic init --example` for the example network), then measured. Each figure is
the median of several runs with the spread (min–max); each floor or peer is measured
in the same run, on the same machine, right beside it, so read the ratio rather than
the seconds. The floors are plain work nictools cannot avoid (a bare interpreter, the
C YAML loader over the same files, the same git plumbing and blobs, numpy over the same
arrays, graphviz on the same graph); a ratio near 1 means there is little left to win.

Commands that users run as `nic ...` are timed as fresh processes (`python -m nictools`,
start-up included; their floors then include a bare interpreter's start-up too) and, for
validate, status, log, diff, report and chart, also in this process (no start-up); the
library pieces (analysis, layout) are timed in this process. `--only report --sites 1000`
measures the report at 1,000 sites (with the peak memory of each process).
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import gc
import io
import json
import os
import platform
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
SRC = REPO / "src"
if "--src" in sys.argv[:-1]:  # measure another checkout's code (before/after) with this harness
    SRC = Path(sys.argv[sys.argv.index("--src") + 1]).resolve()
sys.path.insert(0, str(SRC))
README = HERE / "README.md"
START, END = "<!-- bench:table -->", "<!-- /bench:table -->"
#: Modules that must not be imported by light commands (GitPython is `git`).
HEAVY = ("matplotlib", "git", "numpy", "pandas")


# --- timing ------------------------------------------------------------------------------

@dataclass
class Timing:
    runs: list[float]

    @property
    def median(self) -> float:
        return statistics.median(self.runs)

    def text(self) -> str:
        lo, hi = min(self.runs), max(self.runs)
        spread = f" ({_num(lo)}–{_num(hi)})" if len(self.runs) > 1 else ""
        return f"{_num(self.median)}{spread}"


def _num(seconds: float) -> str:
    if seconds >= 1:
        return f"{seconds:.2f} s"
    if seconds >= 0.001:
        return f"{seconds * 1000:.0f} ms" if seconds >= 0.1 else f"{seconds * 1000:.1f} ms"
    return f"{seconds * 1e6:.0f} µs"


#: "wall" (elapsed) or "cpu" (user + system time of this process and the processes it waited for:
#: steadier on a machine shared with other jobs, but blind to work done in parallel).
CLOCK = "wall"


def _clock() -> float:
    if CLOCK == "wall":
        return time.perf_counter()
    me, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return me.ru_utime + me.ru_stime + kids.ru_utime + kids.ru_stime


def timed(fn: Callable[[], object], repeat: int, setup: Callable[[], object] | None = None,
          inner: int = 1) -> Timing:
    """Median of `repeat` runs (each the mean of `inner` calls, for very short work)."""
    runs = []
    for _ in range(repeat):
        if setup:
            setup()
        gc.collect()
        started = _clock()
        for _ in range(inner):
            fn()
        runs.append((_clock() - started) / inner)
    return Timing(runs)


def plus(a: Timing, b: Timing) -> Timing:
    """Two floors added run by run (sorted, so min+min ... max+max)."""
    return Timing([x + y for x, y in zip(sorted(a.runs), sorted(b.runs))])


@dataclass
class Row:
    measure: str
    nic: Timing
    floor: Timing
    note: str

    def cells(self) -> list[str]:
        ratio = self.nic.median / self.floor.median if self.floor.median else float("inf")
        return [self.measure, self.nic.text(), self.floor.text(), f"{ratio:.1f}×", self.note]


# --- running things ----------------------------------------------------------------------

class Bench:
    def __init__(self, work: Path, repeat: int) -> None:
        self.work = work
        self.repeat = repeat
        self.env = {**os.environ, "PYTHONPATH": str(SRC), "NIC_NO_PROGRESS": "1",
                    "NICTOOLS_CACHE_DIR": str(work / "cache")}
        self.env.pop("NICTOOLS_NO_CACHE", None)
        self.rows: list[Row] = []
        self.facts: list[str] = []

    def nic(self, *args: str, cache: Path | None = None, ok: tuple[int, ...] = (0,), env: dict | None = None) -> None:
        run_env = {**self.env, **(env or {})}
        if cache is not None:
            run_env["NICTOOLS_CACHE_DIR"] = str(cache)
        proc = subprocess.run([sys.executable, "-m", "nictools", "-q", *args], env=run_env,
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        if proc.returncode not in ok:
            raise RuntimeError(f"nic {' '.join(args)} exited {proc.returncode}: {proc.stderr.decode()[-500:]}")

    def peak(self, *args: str, env: dict | None = None) -> int:
        """Peak resident memory (bytes) of one `nic ARGS` process (an extra, untimed run).

        Started from a small Python process: on Linux a process's peak counts the memory of the
        process it was forked from until it executes the new program, and this one holds networks."""
        out = subprocess.run([sys.executable, "-c", PEAK, sys.executable, "-m", "nictools", "-q", *args],
                             env={**self.env, **(env or {})}, capture_output=True, text=True, check=True).stdout
        return int(out.split()[-1]) * (1 if sys.platform == "darwin" else 1024)

    def nic_here(self, *args: str, cache: Path | None = None, env: dict | None = None) -> None:
        """`nic ARGS` run in this process (interpreter and imports already warm): the in-process figure."""
        import contextlib

        from nictools.cli.main import app

        saved = {k: os.environ.get(k) for k in ("NICTOOLS_CACHE_DIR", "NIC_NO_PROGRESS", *(env or {}))}
        os.environ.update(NICTOOLS_CACHE_DIR=str(cache or self.work / "cache"), NIC_NO_PROGRESS="1", **(env or {}))
        try:
            with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
                try:
                    app(["-q", *args], prog_name="nic", standalone_mode=False)
                except SystemExit:
                    pass
        finally:
            for key, value in saved.items():
                if value is None:
                    os.environ.pop(key, None)
                else:
                    os.environ[key] = value

    def python(self, code: str) -> None:
        subprocess.run([sys.executable, "-c", code], env=self.env, check=True)

    def add(self, measure: str, nic: Timing, floor: Timing, note: str) -> None:
        row = Row(measure, nic, floor, note)
        self.rows.append(row)
        print("  " + " | ".join(row.cells()), file=sys.stderr, flush=True)


def git(root: Path, *args: str, input: bytes | None = None) -> bytes:
    return subprocess.run(["git", "-C", str(root), *args], input=input, capture_output=True, check=True).stdout


#: Runs argv[1:] and prints its peak resident memory (ru_maxrss: kB on Linux, bytes on macOS).
PEAK = """
import os, subprocess, sys
proc = subprocess.Popen(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
print(os.wait4(proc.pid, 0)[2].ru_maxrss)
"""


# --- floors ------------------------------------------------------------------------------

def read_blobs(root: Path, blobs: list[tuple[str, str]], parse: bool) -> int:
    """One `git cat-file --batch` for every (blob, path); YAML parsed with libyaml, CSV with csv."""
    import yaml

    if not blobs:
        return 0
    out = git(root, "cat-file", "--batch", input="".join(f"{b}\n" for b, _ in blobs).encode())
    pos = 0
    for _, path in blobs:
        nl = out.index(b"\n", pos)
        size = int(out[pos:nl].split()[2])
        data = out[nl + 1:nl + 1 + size]
        pos = nl + 2 + size
        if parse:
            text = data.decode("utf-8")
            if path.endswith(".csv"):
                list(csv.reader(io.StringIO(text)))
            else:
                yaml.load(text, Loader=yaml.CSafeLoader)
    return len(blobs)


def _network_path(path: str) -> bool:
    return path.endswith((".yaml", ".yml", ".csv"))


def blobs_of_log(root: Path, since: str | None) -> tuple[list[tuple[str, str]], int]:
    """`git log --raw` over the window: every changed network file's old and new blob, and the commit count."""
    args = ["log", "--first-parent", "--no-renames", "--root", "--raw", "-z", "--no-abbrev",
            "--format=%x01%H%x00%P%x00%aN%x00%aI%x00%B%x00"]
    if since:
        args.append(f"--since={since}")
    out = git(root, *args)
    blobs: dict[str, str] = {}
    records = out.split(b"\x01")[1:]
    for record in records:
        parts = record.split(b"\0")
        for i, p in enumerate(parts[5:], start=5):
            meta = p.strip()
            if meta.startswith(b":") and i + 1 < len(parts):
                path = parts[i + 1].decode()
                if _network_path(path):
                    for blob in meta.split(b" ")[2:4]:
                        if blob.strip(b"0"):
                            blobs.setdefault(blob.decode(), path)
    return list(blobs.items()), len(records)


def blobs_of_tree(root: Path, commit: str = "HEAD") -> list[tuple[str, str]]:
    out = git(root, "ls-tree", "-r", "-z", commit)
    found = []
    for entry in out.split(b"\0"):
        if entry:
            meta, path = entry.split(b"\t", 1)
            if _network_path(path.decode()):
                found.append((meta.split(b" ")[2].decode(), path.decode()))
    return found


def blobs_of_diff(root: Path, old: str, new: str = "HEAD") -> list[tuple[str, str]]:
    parts = git(root, "diff-tree", "-r", "-z", "--no-renames", "--no-abbrev", old, new).split(b"\0")
    found: dict[str, str] = {}
    for i in range(0, len(parts) - 1, 2):
        meta = parts[i].strip()
        if meta.startswith(b":") and _network_path(parts[i + 1].decode()):
            for blob in meta.split(b" ")[2:4]:
                if blob.strip(b"0"):
                    found.setdefault(blob.decode(), parts[i + 1].decode())
    return list(found.items())


# --- the measures ------------------------------------------------------------------------

PROBE = """
import sys
from nictools.cli.main import app
try:
    app({args!r}, prog_name="nic", standalone_mode=False)
except BaseException:
    pass
print("HEAVY:" + ",".join(m for m in {heavy!r} if m in sys.modules))
"""


def heavy_imports(bench: Bench, args: list[str]) -> str:
    out = subprocess.run([sys.executable, "-c", PROBE.format(args=args, heavy=HEAVY + ("pydantic",))],
                         env=bench.env, capture_output=True, text=True, check=True).stdout
    found = out.strip().splitlines()[-1].split(":", 1)[1]
    return found or "none"


REPEAT_PROBE = """
import atexit, sys
atexit.register(lambda: print("\\nHEAVY:" + ",".join(m for m in {heavy!r} if m in sys.modules)))
sys.argv = ["nic", *{args!r}]
from nictools.cli.start import run
run()
"""


def repeat_imports(bench: Bench, args: list[str]) -> str:
    """The heavy modules a repeated command imports (answered by the result cache)."""
    probe = [sys.executable, "-c", REPEAT_PROBE.format(args=args, heavy=HEAVY + ("pydantic", "typer"))]
    subprocess.run(probe, env=bench.env, capture_output=True, check=True)  # the first run keeps its output
    out = subprocess.run(probe, env=bench.env, capture_output=True, text=True, check=True).stdout
    found = out.strip().splitlines()[-1].split(":", 1)[1]
    return found or "none"


def startup(bench: Bench, network: Path, history: Path) -> None:
    r = bench.repeat * 2
    bare = timed(lambda: bench.python("pass"), r)
    typer = timed(lambda: bench.python("import typer"), r)
    version = timed(lambda: bench.nic("--version"), r)
    helped = timed(lambda: bench.nic("--help"), r)
    heavy = {name: heavy_imports(bench, args) for name, args in (
        ("--version", ["--version"]), ("validate", ["-C", str(network), "validate"]),
        ("status", ["-C", str(history), "status"]))}
    if (SRC / "nictools" / "cli" / "start.py").exists():  # the result cache (#20)
        heavy["status repeated"] = repeat_imports(bench, ["-C", str(history), "status"])
    bench.add("start-up: `nic --version`", version, bare,
              f"floor: `python -c pass`; peer `python -c 'import typer'` {typer.text()} "
              f"({version.median / typer.median:.1f}×). Heavy modules imported: "
              + "; ".join(f"{k}: {v}" for k, v in heavy.items()))
    bench.add("start-up: `nic --help` (every command listed)", helped, typer,
              "peer: `python -c 'import typer'`; commands are imported only when they run, the list shows "
              "each one's help line without importing it")


def validate(bench: Bench, root: Path, label: str, today: str | None) -> None:
    import yaml

    from nictools.formatters.text import write_text
    from nictools.network import list_files
    from nictools.validate import run as run_validate

    if today:
        os.environ["NIC_TODAY"] = today
    files = [f for f in list_files(root).files if f.kind not in ("outside", "unexpected")]
    yamls = [root / f.path for f in files if f.kind != "data"]
    csvs = [root / f.path for f in files if f.kind == "data"]

    def floor() -> None:
        for p in yamls:
            yaml.load(p.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)
        for p in csvs:
            with p.open(newline="", encoding="utf-8") as fh:
                list(csv.reader(fh))

    summary = {}

    def nic() -> None:
        result, network = run_validate(root)
        write_text(result, io.StringIO(), sources={p.path: network.texts.get(p.path, "") for p in result.problems},
                   color=False)
        summary["s"] = result.summary()

    try:
        f = timed(floor, bench.repeat)
        n = timed(nic, bench.repeat)
    finally:
        os.environ.pop("NIC_TODAY", None)
    bench.add(f"validate: {label}", n, f,
              f"{len(yamls)} YAML + {len(csvs)} CSV, in-process; floor: the same files through "
              f"PyYAML's CSafeLoader + csv.reader")
    whole_process_validate(bench, root, label, today, yamls, csvs)


FLOOR_PROCESS = """
import csv, sys, yaml
paths = open(sys.argv[1], encoding="utf-8").read().split("\\n")
for p in paths:
    if p.endswith(".csv"):
        with open(p, newline="", encoding="utf-8") as fh:
            list(csv.reader(fh))
    elif p:
        with open(p, encoding="utf-8") as fh:
            yaml.load(fh.read(), Loader=yaml.CSafeLoader)
"""

READ_PROCESS = """
import sys
for p in open(sys.argv[1], encoding="utf-8").read().split("\\n"):
    if p:
        with open(p, "rb") as fh:
            fh.read()
"""


def whole_process_validate(bench: Bench, root: Path, label: str, today: str | None, yamls: list[Path],
                           csvs: list[Path]) -> None:
    """`nic validate` as CI and pre-commit feel it: a fresh process, cold and after one edit (warm cache)."""
    listing = bench.work / f"files-{root.name}.txt"
    listing.write_text("\n".join(str(p) for p in [*yamls, *csvs]), encoding="utf-8")
    env = {"NIC_TODAY": today} if today else {}
    floor = timed(lambda: subprocess.run([sys.executable, "-c", FLOOR_PROCESS, str(listing)], env=bench.env,
                                         check=True), bench.repeat)
    caches = iter(bench.work / f"vcache-{root.name}-{i}" for i in range(100))
    fresh: list[Path] = []
    cold = timed(lambda: bench.nic("-C", str(root), "validate", cache=fresh[-1], ok=(0, 1), env=env), bench.repeat,
                 setup=lambda: fresh.append(next(caches)))
    bench.add(f"validate: {label}, whole process, cold", cold, floor,
              "`nic validate` in a fresh process (start-up, no cache); floor: a fresh process reading the same "
              "files with PyYAML's CSafeLoader + csv.reader")
    # one change: a cycle's file edited between runs (re-checked alone: its facts stay the same), and
    # another cycle marked draft and back (a fact: every check runs on every file, every model built
    # from the cache; the problems stay about the same, so the row measures the path, not the output)
    cycles = [p for p in yamls if "/pdsa/" in p.as_posix() and b"\nstatus:" not in p.read_bytes()] or yamls
    cycle, other = cycles[0], cycles[-1]
    originals = {cycle: cycle.read_bytes(), other: other.read_bytes()}
    warm_dir = fresh[-1]
    edits = iter(range(1000))

    def edit(path: Path) -> None:
        number = next(edits)
        text = originals[path] + f"# edit {number}\n".encode()
        if path == other and number % 2:
            text = text.replace(b"\ntitle:", b"\nstatus: draft\ntitle:", 1)
        path.write_bytes(text)

    read = timed(lambda: subprocess.run([sys.executable, "-c", READ_PROCESS, str(listing)], env=bench.env,
                                        check=True), bench.repeat)
    try:
        warm = timed(lambda: bench.nic("-C", str(root), "validate", cache=warm_dir, ok=(0, 1), env=env),
                     bench.repeat, setup=lambda: edit(cycle))
        cycle.write_bytes(originals[cycle])
        hub = timed(lambda: bench.nic("-C", str(root), "validate", cache=warm_dir, ok=(0, 1), env=env),
                    bench.repeat, setup=lambda: edit(other))
    finally:
        for path, original in originals.items():
            path.write_bytes(original)
        for folder in fresh:
            shutil.rmtree(folder, ignore_errors=True)
    bench.add(f"validate: {label}, whole process, after one change", warm, read,
              "a fresh `nic validate` after one cycle's file changed (its facts unchanged: the checks run on it and "
              "the hub, every other file keeps its problems and is not built); floor: a fresh process reading the "
              "bytes of every file")
    bench.add(f"validate: {label}, whole process, after a change of facts", hub, read,
              "a fresh `nic validate` after a cycle was marked draft or back (a fact: every file's parse from "
              "the cache, every check on every file); floor: a fresh process reading the bytes of every file")


def history(bench: Bench, root: Path, sites: int) -> None:
    head = git(root, "log", "-1", "--format=%aI").decode().strip()
    day = (dt.datetime.fromisoformat(head) - dt.timedelta(days=91)).date().isoformat()
    first = git(root, "rev-list", "--max-parents=0", "HEAD").decode().split()[0]
    start = dt.datetime.fromisoformat(git(root, "log", "-1", "--format=%aI", first).decode().strip()).date()
    bare = timed(lambda: bench.python("pass"), bench.repeat)
    whole, n_whole = blobs_of_log(root, None)
    recent, n_recent = blobs_of_log(root, day)
    bench.facts.append(f"history: {sites} sites, {n_whole} commits from {start} to {head[:10]} "
                       f"({n_recent} commits in the 3-month window from {day})")
    cases = [
        ("status", "year", ("status",), lambda: blobs_of_tree(root), "`ls-tree HEAD` + `cat-file --batch` of every file"),
        ("log", "year", ("log",), lambda: blobs_of_log(root, None)[0], "`log --raw` + `cat-file --batch` of every changed version"),
        ("log --since", "3 months", ("log", "--since", day), lambda: blobs_of_log(root, day)[0],
         "`log --raw --since` + `cat-file --batch` of every changed version"),
        ("diff FIRST", "year", ("diff", first), lambda: blobs_of_diff(root, first), "`diff-tree` + `cat-file --batch` of both sides"),
        ("diff --since", "3 months", ("diff", "--since", day),
         lambda: blobs_of_diff(root, git(root, "rev-list", "-1", f"--before={day}T00:00:00", "--first-parent", "HEAD")
                               .decode().strip()), "`diff-tree` + `cat-file --batch` of both sides"),
    ]
    for name, window, args, blobs, words in cases:
        count = len(blobs())
        parsed = timed(lambda: read_blobs(root, blobs(), parse=True), bench.repeat)
        raw = timed(lambda: read_blobs(root, blobs(), parse=False), bench.repeat)
        caches = iter(bench.work / f"cache-{name}-{i}" for i in range(100))
        fresh: list[Path] = []

        def new_cache() -> None:
            fresh.append(next(caches))

        # cold and warm are the command's own work: the result cache (a repeat's answer) is off for them
        work = {"NICTOOLS_NO_RESULT_CACHE": "1"}
        cold = timed(lambda: bench.nic("-C", str(root), *args, cache=fresh[-1], env=work), bench.repeat,
                     setup=new_cache)
        warm_dir = fresh[-1]
        warm = timed(lambda: bench.nic("-C", str(root), *args, cache=warm_dir, env=work), bench.repeat)
        bench.nic("-C", str(root), *args, cache=warm_dir)  # runs the command and keeps its output
        repeat = timed(lambda: bench.nic("-C", str(root), *args, cache=warm_dir), bench.repeat)
        bench.add(f"`nic {name}`, {window}, cold cache", cold, plus(parsed, bare),
                  f"floor: {words} ({count} blobs), YAML parsed by libyaml, + bare interpreter start")
        bench.add(f"`nic {name}`, {window}, warm cache", warm, plus(raw, bare),
                  "floor: the same plumbing, no parse (parsed versions are cached), + bare interpreter start")
        bench.add(f"`nic {name}`, {window}, repeated (result cache)", repeat, plus(raw, bare),
                  "the same command again, nothing changed: its output from the result cache "
                  "(git rev-parse, for-each-ref for status; no command loaded); floor: as warm")
        bench.nic_here("-C", str(root), *args, cache=warm_dir)  # imports done once, as in a long-lived process
        here = timed(lambda: bench.nic_here("-C", str(root), *args, cache=warm_dir), bench.repeat)
        bench.add(f"`nic {name}`, {window}, warm cache, in-process", here, raw,
                  "the same command called in this process (no start-up); floor: the same plumbing, no parse")
        for folder in fresh:
            shutil.rmtree(folder, ignore_errors=True)


def _mb(size: int) -> str:
    return f"{size / 1e6:.0f} MB"


def report(bench: Bench, root: Path, sites: int) -> None:
    html_out, json_out = bench.work / "report.html", bench.work / "report.json"
    repeat = max(2, bench.repeat // 2)
    cold = {"NICTOOLS_NO_CACHE": "1"}  # a cold read, as the report's own
    validate_args = ("-C", str(root), "validate")
    html_args = ("-C", str(root), "report", "--out", str(html_out))
    json_args = ("-C", str(root), "report", "--format", "json", "--out", str(json_out))
    validate_cli = timed(lambda: bench.nic(*validate_args, ok=(0, 1), env=cold), repeat)
    html = timed(lambda: bench.nic(*html_args), repeat)
    model = timed(lambda: bench.nic(*json_args), repeat)
    validate_peak, html_peak, json_peak = (bench.peak(*validate_args, env=cold), bench.peak(*html_args),
                                           bench.peak(*json_args))
    text = html_out.read_text(encoding="utf-8")
    charts = len(re.findall(r'<svg role="img"[^>]*class="chart"', text))
    sparks = text.count('class="spark"')
    size = json_out.stat().st_size
    bench.add(f"`nic report` (HTML), {sites} sites", html, validate_cli,
              f"peer: `nic validate` of the same network without its cache (the reading every report needs); "
              f"{charts} full charts + {sparks} sparklines, {len(text.encode()) / 1e6:.1f} MB; peak memory "
              f"{_mb(html_peak)} (validate {_mb(validate_peak)})")
    bench.add(f"`nic report --format json`, {sites} sites", model, validate_cli,
              f"peer: `nic validate` of the same network without its cache; the report model as JSON, "
              f"{size / 1e6:.1f} MB; peak memory {_mb(json_peak)} (validate {_mb(validate_peak)})")

    # the same three commands called in this process: no start-up, the imports already done
    here_validate = lambda: bench.nic_here(*validate_args, env=cold)  # noqa: E731
    here_html = lambda: bench.nic_here(*html_args)  # noqa: E731
    here_json = lambda: bench.nic_here(*json_args)  # noqa: E731
    here_validate(), here_html(), here_json()  # imports done once, as in a long-lived process
    in_validate = timed(here_validate, repeat)
    in_html = timed(here_html, repeat)
    in_json = timed(here_json, repeat)
    bench.add(f"`nic report` (HTML), {sites} sites, in-process", in_html, in_validate,
              "the command called in this process (no start-up); peer: `nic validate` without its cache, in this "
              "process")
    bench.add(f"`nic report --format json`, {sites} sites, in-process", in_json, in_validate,
              "the command called in this process (no start-up); peer: `nic validate` without its cache, in this "
              "process")

    # one chart, by the report's own chart function, against the least an SVG chart costs
    from nictools.render.report_charts import chart_svg, sparkline_svg
    from nictools.reports.model import Marker, Point, Series

    start = dt.date(2024, 8, 26)
    points = [Point(start + dt.timedelta(days=7 * i), 0.6 + 0.01 * (i % 7), 0.63, signal=None) for i in range(36)]
    series = Series("Attendance: site", "ATT-90", "percent", "up", "run", points, x_kind="date", percent=True,
                    goal=0.8, status="none",
                    markers=[Marker(start + dt.timedelta(days=70), "C01", "cycle", end=start + dt.timedelta(days=91)),
                             Marker(start + dt.timedelta(days=140), "phase 2", "phase")])
    chart_svg(series)  # first call imports the drawing library
    one = timed(lambda: chart_svg(series, height=3.4), bench.repeat * 3)
    spark = timed(lambda: sparkline_svg(series, "site"), bench.repeat * 3, inner=20)
    bench.add("report: one site chart (36 weeks, SVG)", one, spark,
              "floor: the same points as a hand-written SVG polyline (the report's sparkline)")


CHART_FLOOR = """
import csv, sys
def polyline(csv_path, svg_path):
    with open(csv_path, newline="", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    ys = [float(r["numerator"]) / float(r["denominator"]) if r.get("denominator") else float(r["value"])
          for r in rows if (r.get("denominator") or r.get("value"))]
    lo, hi = min(ys), max(ys)
    pts = " ".join(f"{20 + 740 * i / max(1, len(ys) - 1):.1f},{300 - 260 * (y - lo) / ((hi - lo) or 1):.1f}"
                   for i, y in enumerate(ys))
    with open(svg_path, "w", encoding="utf-8") as fh:
        fh.write('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 780 320"><polyline fill="none" '
                 f'stroke="black" points="{pts}"/></svg>')
"""


def chart(bench: Bench, root: Path, sites: int) -> None:
    """`nic chart MEASURE --site SITE --out x.svg`: one site's chart of one measure, whole process and in-process."""
    data = sorted(root.glob("sites/*/data/*.csv"))[0]
    site, measure = data.parent.parent.name, data.stem
    svg = bench.work / "chart.svg"
    args = ("-C", str(root), "chart", measure, "--site", site, "--out", str(svg))
    floor_svg = bench.work / "chart_floor.svg"
    empty, validated = bench.work / "chart-cache-empty", bench.work / "chart-cache-validated"
    whole = timed(lambda: bench.nic(*args, cache=empty), bench.repeat, setup=lambda: shutil.rmtree(empty, True))
    bench.nic("-C", str(root), "validate", cache=validated, ok=(0, 1))  # what a validate leaves in the cache
    after_validate = timed(lambda: bench.nic(*args, cache=validated), bench.repeat)
    peak = bench.peak(*args, env={"NICTOOLS_CACHE_DIR": str(empty)})
    floor_code = CHART_FLOOR + "polyline(sys.argv[1], sys.argv[2])\n"
    floor = timed(lambda: subprocess.run([sys.executable, "-c", floor_code, str(data), str(floor_svg)], env=bench.env,
                                         check=True), bench.repeat)
    points = sum(1 for _ in data.open(encoding="utf-8")) - 1
    bench.add(f"`nic chart` one site (SVG), {sites}-site network", whole, floor,
              f"`nic chart {measure} --site {site} --out x.svg` ({points} points) in a fresh process; floor: a "
              "fresh process reading the same CSV and writing its points as a hand-written SVG polyline. Without "
              f"a validate cache nic reads the whole network (every site's files) to chart one site; peak memory "
              f"{_mb(peak)}")
    bench.add(f"`nic chart` one site (SVG), {sites}-site network, after `nic validate`", after_validate, floor,
              "the same, with what `nic validate` left in the cache: the site files it reads are built from the "
              "cache, the others not at all (`load_network_unbuilt`)")
    namespace: dict[str, object] = {}
    exec(CHART_FLOOR, namespace)  # the floor's own function, in this process
    bench.nic_here(*args)  # imports done once, as in a long-lived process
    here = timed(lambda: bench.nic_here(*args), bench.repeat)
    here_floor = timed(lambda: namespace["polyline"](data, floor_svg), bench.repeat, inner=20)
    bench.add(f"`nic chart` one site (SVG), {sites}-site network, in-process", here, here_floor,
              "the same command called in this process (no start-up); floor: the same CSV read and its points "
              "written as a hand-written SVG polyline, in this process")


def analysis(bench: Bench) -> None:
    import numpy as np

    from nictools.analysis.spc import analyse

    rng = np.random.default_rng(1)
    for size in (24, 100, 1000):
        x = np.array([(dt.date(2020, 1, 6) + dt.timedelta(days=7 * i)).isoformat() for i in range(size)])
        y = rng.normal(50, 5, size)

        def floor() -> None:
            centre = y.mean()
            mr = np.abs(np.diff(y)).mean()
            _ = (centre - 2.66 * mr, centre + 2.66 * mr, np.median(y))

        inner = 200 if size < 1000 else 50
        nic = timed(lambda: analyse(x, y, None, chart="i"), bench.repeat, inner=inner)
        f = timed(floor, bench.repeat, inner=inner)
        bench.add(f"chart analysis: i chart, {size} points", nic, f,
                  "in-process `analysis.spc.analyse` (limits, runs rules, signals); floor: numpy mean, median and "
                  "moving range of the same array")


def diagram(bench: Bench, network: Path, label: str, today: str | None) -> None:
    from nictools.diagram.dot import render_dot
    from nictools.diagram.graph import build_graph
    from nictools.diagram.layout import layout_diagram
    from nictools.diagram.svg import render_svg
    from nictools.load.network import load_network

    if today:
        os.environ["NIC_TODAY"] = today
    try:
        net, _ = load_network(network)
        graph = build_graph(net)
    finally:
        os.environ.pop("NIC_TODAY", None)
    ideas = sum(1 for n in graph.nodes if n.kind == "change_idea")
    nic = timed(lambda: render_svg(layout_diagram(graph)), bench.repeat)
    dot_text = render_dot(graph)
    dot = shutil.which("dot")
    if dot:
        peer = timed(lambda: subprocess.run([dot, "-Tsvg"], input=dot_text.encode(), capture_output=True, check=True),
                     bench.repeat)
        words = "peer: graphviz `dot -Tsvg` on the same graph (nic's DOT output; a fresh process)"
    else:
        from dataclasses import asdict

        peer = timed(lambda: json.dumps([asdict(n) for n in graph.nodes] + [asdict(e) for e in graph.edges]),
                     bench.repeat)
        words = "floor: a JSON dump of the same graph (graphviz not installed)"
    bench.add(f"diagram layout + SVG: {label} ({ideas} change ideas, {len(graph.edges)} links)", nic, peer,
              f"in-process; {words}")


def synthetic_diagram(bench: Bench, ideas: int) -> None:
    sys.path.insert(0, str(HERE))
    from bench_diagram import synthetic_graph

    from nictools.diagram.dot import render_dot
    from nictools.diagram.layout import layout_diagram
    from nictools.diagram.svg import render_svg

    graph = synthetic_graph(ideas)
    nic = timed(lambda: render_svg(layout_diagram(graph)), bench.repeat)
    dot_text = render_dot(graph)
    dot = shutil.which("dot")
    if not dot:
        return
    peer = timed(lambda: subprocess.run([dot, "-Tsvg"], input=dot_text.encode(), capture_output=True, check=True),
                 bench.repeat)
    bench.add(f"diagram layout + SVG: synthetic ({ideas} change ideas, {len(graph.edges)} links)", nic, peer,
              "in-process; peer: graphviz `dot -Tsvg` on the same graph")


# --- output ------------------------------------------------------------------------------

def table(bench: Bench, args: argparse.Namespace) -> str:
    load = os.getloadavg() if hasattr(os, "getloadavg") else (float("nan"),) * 3
    flags = (" --quick" if args.quick else "") + (f" --sites {args.sites}" if args.sites else "") + \
        (" --cpu" if args.cpu else "") + "".join(f" --only {part}" for part in args.only or ()) + \
        (f" --repeat {args.repeat}" if args.repeat else "")
    head = (f"`python benchmarks/run.py{flags}` on {dt.date.today()}: "
            f"Python {platform.python_version()}, {os.cpu_count()} CPUs, load average {load[0]:.1f} at the end; "
            f"{'CPU time (user + system, children included)' if CLOCK == 'cpu' else 'elapsed time'}, "
            f"median of {bench.repeat} runs (min–max in brackets"
            + (f"; the report's rows: {max(2, bench.repeat // 2)} runs" if not args.only or "report" in args.only
               else "") + ")"
            + (f"; code measured: {SRC}" if SRC != REPO / "src" else "") + ".\n")
    facts = "".join(f"- {f}\n" for f in bench.facts)
    lines = ["| measure | nictools | floor / peer | ratio | note |", "|---|---:|---:|---:|---|"]
    lines += ["| " + " | ".join(c.replace("|", "\\|") for c in row.cells()) + " |" for row in bench.rows]
    return head + "\n" + facts + "\n" + "\n".join(lines) + "\n"


def write_readme(text: str) -> None:
    readme = README.read_text(encoding="utf-8")
    block = f"{START}\n{text}{END}"
    if START in readme and END in readme:
        readme = re.sub(re.escape(START) + r".*?" + re.escape(END), lambda _m: block, readme, count=1, flags=re.S)
    else:
        readme = readme.rstrip("\n") + "\n\n" + block + "\n"
    README.write_text(readme, encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter, epilog=__doc__)
    parser.add_argument("--quick", action="store_true", help="40 sites and 3 runs each (about a minute)")
    parser.add_argument("--sites", type=int, help="sites in the synthetic network and history (default 200; 40 quick)")
    parser.add_argument("--repeat", type=int, help="runs per figure (default 5; 3 quick)")
    parser.add_argument("--only", action="append", choices=("startup", "validate", "history", "report", "chart",
                                                            "analysis", "diagram"),
                        help="run only these parts (repeatable)")
    parser.add_argument("--write", action="store_true", help=f"replace the table between {START} and {END} "
                                                              "in benchmarks/README.md")
    parser.add_argument("--cpu", action="store_true", help="time CPU (user + system, children included) instead "
                                                            "of elapsed time: steadier on a busy machine")
    parser.add_argument("--src", type=Path, help="measure the nictools in this `src` folder (e.g. another "
                                                   "checkout's, for before/after figures)")
    parser.add_argument("--keep", type=Path, help="generate into this folder and keep it (default: a temporary one)")
    args = parser.parse_args(argv)
    global CLOCK
    CLOCK = "cpu" if args.cpu else "wall"
    sites = args.sites or (40 if args.quick else 200)
    repeat = args.repeat or (3 if args.quick else 5)
    parts = set(args.only or ("startup", "validate", "history", "report", "chart", "analysis", "diagram"))
    work = args.keep or Path(tempfile.mkdtemp(prefix="nic-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    bench = Bench(work, repeat)
    try:
        net, hist, example = work / f"net{sites}", work / f"hist{sites}", work / "example"
        say = lambda text: print(text, file=sys.stderr, flush=True)  # noqa: E731
        say(f"generating inputs into {work}")
        if not net.exists():
            subprocess.run([sys.executable, str(HERE / "generate.py"), "--sites", str(sites), "--out", str(net)],
                           check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        if not hist.exists() and parts & {"history", "startup"}:
            subprocess.run([sys.executable, str(HERE / "generate_history.py"), "--sites", str(sites), "--years", "1",
                            "--out", str(hist)], check=True, stdout=subprocess.DEVNULL)
        if not example.exists():
            bench.nic("init", "--example", str(example), env={"NIC_TODAY": "2026-07-01"})
        example_today = "2026-07-01"
        if "startup" in parts:
            say("start-up")
            startup(bench, net, hist)
        if "validate" in parts:
            say("validate")
            validate(bench, example, "example network (8 sites)", example_today)
            validate(bench, net, f"synthetic, {sites} sites", None)
        if "history" in parts:
            say("status, log, diff")
            history(bench, hist, sites)
        if "report" in parts:
            say("report")
            report(bench, net, sites)
        if "chart" in parts:
            say("chart")
            chart(bench, net, sites)
        if "analysis" in parts:
            say("chart analysis")
            analysis(bench)
        if "diagram" in parts:
            say("diagram")
            diagram(bench, example, "example network", example_today)
            synthetic_diagram(bench, 200)
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
    text = table(bench, args)
    print(text)
    if args.write:
        write_readme(text)
        print(f"wrote the table into {README}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
