"""Benchmark `nic validate` against its floor, in one run on one machine.

    python benchmarks/bench_validate.py --network /tmp/net200
    python benchmarks/bench_validate.py --sites 200          # generates it with generate.py

Measured (best of --repeat runs each):
  read bytes       every network file read from disk
  C loader floor   PyYAML's yaml.load(text, CSafeLoader) over every YAML file
  nic validate     nictools.validate.run in this process (full catalogue) + text output
  check-jsonschema schema only, PDSA files only (if the command is installed; it is a
                   peer for comparison, not a dependency of nictools)
The goal: nic validate within 2x of the C-loader floor, linear in the number of sites.
"""

from __future__ import annotations

import argparse
import gc
import io
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "src"))


def best(fn, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        gc.collect()  # start each run from a clean heap, not the garbage of the last one
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--network", type=Path, help="An existing network folder.")
    parser.add_argument("--sites", type=int, help="Generate a network of N sites with benchmarks/generate.py.")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--no-peer", action="store_true", help="Skip check-jsonschema (slow on big networks).")
    args = parser.parse_args()
    tmp = None
    root = args.network
    if root is None:
        if not args.sites:
            parser.error("give --network DIR or --sites N")
        tmp = tempfile.mkdtemp(prefix="nic-bench-")
        root = Path(tmp) / f"net{args.sites}"
        subprocess.run([sys.executable, str(HERE / "generate.py"), "--sites", str(args.sites), "--seed",
                        str(args.seed), "--out", str(root)], check=True, stdout=subprocess.DEVNULL)
    root = root.resolve()
    try:
        return run(root, args.repeat, peer=not args.no_peer)
    finally:
        if tmp:
            shutil.rmtree(tmp, ignore_errors=True)


def run(root: Path, repeat: int, peer: bool = True) -> int:
    import yaml

    from nictools.formatters.text import write_text
    from nictools.network import list_files
    from nictools.validate import run as validate

    files = [f for f in list_files(root).files if f.kind not in ("outside", "unexpected")]
    yaml_paths = [root / f.path for f in files if f.kind != "data"]
    pdsa_paths = [root / f.path for f in files if f.kind == "pdsa"]
    all_paths = [root / f.path for f in files]
    size = sum(p.stat().st_size for p in yaml_paths)

    def read_bytes() -> None:
        for p in all_paths:
            p.read_bytes()

    def c_loader() -> None:
        for p in yaml_paths:
            yaml.load(p.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)

    outcome = {}

    def nic() -> None:
        result, network = validate(root)
        stream = io.StringIO()
        write_text(result, stream, sources={p.path: network.texts.get(p.path, "") for p in result.problems}, color=False)
        outcome["summary"] = result.summary()

    rows = [("read bytes", best(read_bytes, repeat)), ("C loader floor", best(c_loader, repeat)),
            ("nic validate", best(nic, repeat))]
    checker = shutil.which("check-jsonschema") if peer else None
    schema = Path(__file__).resolve().parents[1] / "schemas" / "pdsa.schema.json"
    if checker and schema.exists():
        def peer_run() -> None:
            subprocess.run([checker, "--schemafile", str(schema), *map(str, pdsa_paths)],
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        rows.append(("check-jsonschema (PDSA only)", best(peer_run, 1)))
    floor = rows[1][1]
    sites = sum(1 for f in files if f.kind == "site")
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(f"network: {root} ({sites} sites, {len(yaml_paths)} YAML files, {size / 1e6:.1f} MB YAML, "
          f"{sum(1 for f in files if f.kind == 'data')} CSV); cpus: {os.cpu_count()}; load {load:.1f}; best of {repeat}")
    print(f"nic validate found: {outcome.get('summary')}")
    print(f"| {'step':<30} | {'seconds':>8} | {'x floor':>7} |")
    print(f"|{'-' * 32}|{'-' * 10}|{'-' * 9}|")
    for name, seconds in rows:
        print(f"| {name:<30} | {seconds:8.3f} | {seconds / floor:7.2f} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
