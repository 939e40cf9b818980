"""Sums, means and medians computed the way R computes them.

Why: the runs analysis drops points lying *exactly* on the centre line. R's ``sum`` and
``mean`` accumulate in extended precision (``long double``), and ``mean`` adds a
correction pass, so ``mean(c(0.1, 0.2, 0.3))`` is exactly ``0.2`` in R but not with a
naive float64 sum. Matching qicharts2 point for point needs the same arithmetic.
On x86-64 Linux ``numpy.longdouble`` is the same 80-bit format R uses; elsewhere this
degrades gracefully to the best extended type numpy has.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

FloatArray = NDArray[np.float64]

_LD = np.longdouble


def r_sum(a: FloatArray) -> float:
    """``sum(a, na.rm = TRUE)``: sequential extended-precision sum, NaN skipped."""
    a = a[~np.isnan(a)]
    if a.size == 0:
        return 0.0
    return float(np.cumsum(a.astype(_LD))[-1])


def r_mean(a: FloatArray) -> float:
    """``mean(a, na.rm = TRUE)``; NaN for no values (R gives NaN too)."""
    a = a[~np.isnan(a)]
    n = a.size
    if n == 0:
        return float("nan")
    ld = a.astype(_LD)
    s = np.cumsum(ld)[-1] / n
    if np.isfinite(s):
        t = np.cumsum(ld - s)[-1]
        s = s + t / n
    return float(s)


def r_median(a: FloatArray) -> float:
    """``median(a, na.rm = TRUE)``; NaN for no values."""
    a = np.sort(a[~np.isnan(a)])
    n = a.size
    if n == 0:
        return float("nan")
    half = (n + 1) // 2
    if n % 2 == 1:
        return float(a[half - 1])
    return float((a[half - 1] + a[half]) / 2.0)


def r_div(a: float, b: float) -> float:
    """a / b with IEEE results (0/0 = NaN, x/0 = ±Inf) instead of ZeroDivisionError."""
    with np.errstate(divide="ignore", invalid="ignore"):
        return float(np.float64(a) / np.float64(b))
