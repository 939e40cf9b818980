"""The report and the small multiples at a real network's size (#21).

    python benchmarks/bench_report_scale.py --sites 150      # about a minute

Generates `generate_history.py --monthly --sites N` (hospitals, 36 monthly points, six withdrawn
sites, a commit a quarter filled in afterwards, a convening tag each quarter) into a temporary
folder, then times `nic report` (HTML) and `nic chart READMIT --all-sites --per-page N` as fresh
processes and prints the report's size, its site pages and the wall-clock times. The budget
at 150 sites (README, "The report at 150 sites and more") is checked by tests/reports/test_scale.py.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent


def timed(*args: str, cwd: Path) -> float:
    started = time.perf_counter()
    subprocess.run([sys.executable, "-m", "nictools", *args], cwd=cwd, check=True, capture_output=True)
    return time.perf_counter() - started


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sites", type=int, default=150)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "net"
        subprocess.run([sys.executable, str(HERE / "generate_history.py"), "--monthly", "--sites", str(args.sites),
                        "--out", str(root)], check=True, capture_output=True)
        report = Path(tmp) / "report.html"
        seconds = timed("-q", "report", "-o", str(report), cwd=root)
        html = report.read_text(encoding="utf-8")
        chart = timed("-q", "chart", "READMIT", "--all-sites", "--per-page", str(args.sites), "-o",
                      str(Path(tmp) / "all.png"), cwd=root)
        pages = html.count('<section class="site')
        print(f"{args.sites} monthly sites: nic report {seconds:.1f} s, {len(html.encode()) / 1e6:.2f} MB, "
              f"{pages} site pages; "
              f"nic chart --all-sites --per-page {args.sites}: {chart:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
