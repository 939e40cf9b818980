"""`nic data import FILE --site-column site`: one extract of a whole network, timed.

    python benchmarks/bench_network_import.py            # 140 sites x 36 months x 2 measures
    python benchmarks/bench_network_import.py --sites 40

Builds a network of N sites with two monthly measures (a proportion and a count) and no
data yet, writes one long CSV (a row per site and month, four measure columns), and runs
the import in a fresh process (`--yes`), as a coordinator would. Prints the elapsed time
of the import and, beside it, of `nic validate` on the same network after it (the reading
any import needs).
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

MEASURES = {
    "ATT": "calculation: proportion\nnumerator: {description: Students attending 90% of days}\n"
           "denominator: {description: Students enrolled}\nunit: percent of students\nchart: {type: p}\n",
    "CONTACTS": "calculation: count\nunit: calls\nchart: {type: c}\n",
}


def build(root: Path, sites: int, months: int) -> Path:
    (root / "measures").mkdir(parents=True)
    (root / "network.yaml").write_text("format: 1\nname: Bench\nhub: Hub\n")
    (root / "drivers.yaml").write_text("format: 1\nprimary: []\nsecondary: []\n")
    for mid, body in MEASURES.items():
        (root / "measures" / f"{mid}.yaml").write_text(
            f"id: {mid}\ntitle: {mid}\ntype: outcome\ndefinition: d\nfrequency: monthly\ndirection: up\n{body}")
    for i in range(sites):
        folder = root / "sites" / f"school-{i:03d}"
        folder.mkdir(parents=True)
        (folder / "site.yaml").write_text(f"id: school-{i:03d}\nname: School {i}\n"
                                          "context: {level: high, size_band: medium}\njoined: 2022-08-01\n")
    extract = root.parent / "extract.csv"
    lines = ["site,period,ATT numerator,ATT denominator,CONTACTS,note"]
    for i in range(sites):
        for m in range(months):
            period = dt.date(2022 + (8 + m) // 12, (8 + m) % 12 + 1, 1)
            den = 250 + i % 50
            lines.append(f"school-{i:03d},{period},{den - 40 - (i + m) % 17},{den},{10 + (i * m) % 13},")
    extract.write_text("\n".join(lines) + "\n")
    return extract


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sites", type=int, default=140)
    parser.add_argument("--months", type=int, default=36)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "net"
        extract = build(root, args.sites, args.months)
        env = {**os.environ, "NIC_TODAY": "2025-12-01"}
        nic = [sys.executable, "-m", "nictools"]
        start = time.perf_counter()
        done = subprocess.run(nic + ["-C", str(root), "data", "import", str(extract), "--site-column", "site", "--yes"],
                              env=env, capture_output=True, text=True)
        elapsed = time.perf_counter() - start
        if done.returncode:
            sys.exit(done.stdout + done.stderr)
        print(done.stdout.strip().splitlines()[0])
        print(f"import: {elapsed:.2f} s ({args.sites} sites x {args.months} months x {len(MEASURES)} measures, "
              f"{args.sites * args.months * len(MEASURES)} values)")
        start = time.perf_counter()
        subprocess.run(nic + ["-C", str(root), "validate", "-q"], env=env, capture_output=True)
        print(f"validate after it: {time.perf_counter() - start:.2f} s")


if __name__ == "__main__":
    main()
