"""Time nictools.analysis.spc.analyse on 10^3, 10^4, 10^5 points (run, i and p charts).

Usage: PYTHONPATH=src python benchmarks/bench_analysis.py [--repeat N]
Prints the best of N runs (default 7) in milliseconds, for weekly ISO-date periods
(strings, already in order) and for shuffled rows (which need the sort).
The reference, qicharts2 0.8.1 in R, needs ~0.6 s / 6.5 s / 73 s for the same sizes.
"""

from __future__ import annotations

import argparse
import datetime as dt
import time

import numpy as np

from nictools.analysis.spc import analyse


def _periods(size: int) -> np.ndarray:
    start = dt.date(1900, 1, 1)
    return np.array([(start + dt.timedelta(days=7 * i)).isoformat() for i in range(size)])


def _best(fn, repeat: int) -> float:
    best = float("inf")
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - t)
    return best * 1000


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--repeat", type=int, default=7)
    args = ap.parse_args()
    rng = np.random.default_rng(1)
    print(f"{'points':>8} {'chart':>5} {'ordered ms':>11} {'shuffled ms':>12} {'to_json ms':>11}")
    for size in (1_000, 10_000, 100_000):
        x = _periods(size)
        n = rng.integers(50, 150, size).astype(float)
        y = rng.binomial(n.astype(int), 0.3).astype(float)
        perm = rng.permutation(size)
        for chart in ("run", "i", "p"):
            nn = n if chart == "p" else None
            ordered = _best(lambda: analyse(x, y, nn, chart=chart), args.repeat)
            shuffled = _best(
                lambda: analyse(x[perm], y[perm], None if nn is None else nn[perm], chart=chart),
                args.repeat,
            )
            res = analyse(x, y, nn, chart=chart)
            js = _best(res.to_json_dict, max(1, args.repeat // 3))
            print(f"{size:>8} {chart:>5} {ordered:>11.2f} {shuffled:>12.2f} {js:>11.1f}")


if __name__ == "__main__":
    main()
