"""Time `nic chart`: the analysis of 10^5 points, and `--all-sites` on a generated network.

Usage:
    PYTHONPATH=src python benchmarks/bench_chart.py [--sites 200] [--network DIR] [--repeat 5]

Without --network, a network of --sites sites is generated into a temporary folder with
benchmarks/generate.py. Prints, in seconds (best of --repeat for the analysis):
  * analyse() on 10^5 weekly points for run, i and p charts (qicharts2 needs over a
    minute for this on a 2-core machine);
  * loading the network; assembling every site's chart of ATT-90 (data, phases, PDSA
    markers, analysis); rendering the small multiples to PNG pages of 12; and the whole
    `nic chart ATT-90 --all-sites --out …` command end to end, in a fresh process.
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

HERE = Path(__file__).resolve().parent
SRC = HERE.parent / "src"
sys.path.insert(0, str(SRC))


def best(fn, repeat: int) -> float:
    out = float("inf")
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        out = min(out, time.perf_counter() - t)
    return out


def bench_analysis(repeat: int) -> None:
    import numpy as np

    from nictools.analysis.spc import analyse

    size = 100_000
    start = np.datetime64("1900-01-01", "D")
    x = start + 7 * np.arange(size)
    rng = np.random.default_rng(1)
    n = rng.integers(50, 150, size).astype(float)
    y = rng.binomial(n.astype(int), 0.3).astype(float)
    for chart in ("run", "i", "p"):
        nn = n if chart == "p" else None
        seconds = best(lambda: analyse(x, y, nn, chart=chart), repeat)
        print(f"analyse 10^5 points, {chart:>3} chart: {seconds * 1000:8.1f} ms")


def bench_all_sites(root: Path, measure: str) -> None:
    from nictools.load.network import load_network
    from nictools.measurement.charts import ChartOptions, chart_all_sites
    from nictools.render.charts import render_pages

    t = time.perf_counter()
    network, _ = load_network(root)
    t_load = time.perf_counter() - t
    t = time.perf_counter()
    charts = chart_all_sites(network, measure, ChartOptions())
    t_charts = time.perf_counter() - t
    t = time.perf_counter()
    pages = render_pages(charts, "png", per_page=12)
    t_render = time.perf_counter() - t
    print(f"{len(network.sites)} sites: load {t_load:.2f} s; {len(charts)} charts assembled and analysed "
          f"{t_charts:.2f} s; {len(pages)} PNG pages rendered {t_render:.2f} s ({os.cpu_count()} processes)")
    with tempfile.TemporaryDirectory() as tmp:
        env = {**os.environ, "PYTHONPATH": str(SRC)}
        t = time.perf_counter()
        subprocess.run([sys.executable, "-m", "nictools", "-q", "-C", str(root), "chart", measure, "--all-sites",
                        "--out", str(Path(tmp) / "all.png"), "--format", "json"],
                       check=True, env=env, stdout=subprocess.DEVNULL)
        print(f"`nic chart {measure} --all-sites --out all.png` end to end: {time.perf_counter() - t:.2f} s")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sites", type=int, default=200)
    ap.add_argument("--network", type=Path, help="an existing network (default: generate one)")
    ap.add_argument("--measure", default="ATT-90")
    ap.add_argument("--repeat", type=int, default=5)
    args = ap.parse_args()
    print(f"python {sys.version.split()[0]}, {os.cpu_count()} cpus, {dt.date.today().isoformat()}")
    bench_analysis(args.repeat)
    if args.network:
        bench_all_sites(args.network, args.measure)
        return
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "net"
        subprocess.run([sys.executable, str(HERE / "generate.py"), "--sites", str(args.sites), "--out", str(root)],
                       check=True, stdout=subprocess.DEVNULL)
        bench_all_sites(root, args.measure)


if __name__ == "__main__":
    main()
