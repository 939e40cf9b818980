"""Runs analysis: the Anhøj rules (qicharts2's default) and the IHI rules.

Both look at the signs of the points about the centre line, ignoring points exactly on
it and missing ones (spc-rules.md §5 and §7). The limits are exact:

* Anhøj: ``longest_run_max = round(log2 m) + 3``; ``crossings_min = qbinom(0.05, m-1, ½)``
  computed from the exact binomial CDF (integers up to m = 1000, log space beyond).
* IHI: the too-few / too-many runs limits come from the exact Swed–Eisenhart
  distribution of the number of runs with m_below = ⌊m/2⌋ and m_above = ⌈m/2⌉ — the
  construction behind Perla, Provost & Murray (2011) Table 1: *lower* is the largest r
  with P(R ≤ r) ≤ 5 %, *upper* the smallest r with P(R ≥ r) ≤ 5 %; fewer runs than
  *lower* are "too few", more than *upper* "too many". See IHI_RUNS_TABLE_NOTE.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import lru_cache
from typing import Literal

import numpy as np
from numpy.typing import NDArray

FloatArray = NDArray[np.float64]
NotEnough = Literal["not enough data"]
NOT_ENOUGH: NotEnough = "not enough data"
IHI_MIN_USEFUL = 10  # IHI rules are meant for 10 or more useful points
IHI_SHIFT = 6  # 6 or more consecutive points on one side of the centre
IHI_TREND = 5  # 5 or more consecutive points going up (or down), ties counted once
_EXACT_UP_TO = 1000  # integer arithmetic up to here, log-space floats beyond

IHI_RUNS_TABLE_NOTE = (
    "IHI runs limits: exact Swed-Eisenhart distribution, m_below = floor(m/2), "
    "m_above = ceil(m/2), 5 % in each tail (too few if runs < lower, too many if "
    "runs > upper). Reproduces the rows of Perla, Provost & Murray (2011) Table 1 "
    "quoted in the literature (10 -> 3..9, 20 -> 6..16)."
)


# --------------------------------------------------------------------------- limits


def longest_run_max(m: int) -> int:
    """Schilling's limit: round(log2 m) + 3 (log2 of an integer is never x.5)."""
    return int(round(math.log2(m))) + 3


def _log_binom_row(a: int) -> FloatArray:
    """log C(a, k) for k = 0..a, by cumulative sums of logs (vectorised)."""
    k = np.arange(1, a + 1, dtype=np.float64)
    return np.concatenate(([0.0], np.cumsum(np.log(a - k + 1.0) - np.log(k))))


@lru_cache(maxsize=4096)
def crossings_min(m: int) -> int:
    """qbinom(0.05, m - 1, 0.5): the smallest c with P(Binom(m-1, ½) ≤ c) ≥ 0.05."""
    trials = m - 1
    if trials <= 0:
        return 0
    if trials <= _EXACT_UP_TO:
        total = 1 << trials  # P(X ≤ c) ≥ 1/20  ⇔  20·Σ C(trials, i) ≥ 2^trials
        acc, term = 0, 1
        for c in range(trials + 1):
            acc += term
            if 20 * acc >= total:
                return c
            term = term * (trials - c) // (c + 1)
        return trials
    logc = _log_binom_row(trials) - trials * math.log(2.0)
    cdf = np.cumsum(np.exp(logc))
    return int(np.searchsorted(cdf, 0.05, side="left"))


def _runs_pmf_exact(m: int) -> tuple[list[int], list[int], int]:
    """Swed–Eisenhart: counts of arrangements with r runs, for r = 2.., and the total."""
    a, b = m // 2, m - m // 2
    rs: list[int] = []
    counts: list[int] = []
    for r in range(2, m + 1):
        if r % 2 == 0:
            j = r // 2
            c = 2 * math.comb(a - 1, j - 1) * math.comb(b - 1, j - 1) if j <= a else 0
        else:
            j = (r - 1) // 2
            c = math.comb(a - 1, j - 1) * math.comb(b - 1, j) + math.comb(a - 1, j) * math.comb(b - 1, j - 1)
        if c:
            rs.append(r)
            counts.append(c)
    return rs, counts, math.comb(m, a)


def _runs_pmf_float(m: int) -> tuple[NDArray[np.int64], FloatArray]:
    """The same distribution in log space (for large m)."""
    a, b = m // 2, m - m // 2
    la, lb = _log_binom_row(a - 1), _log_binom_row(b - 1)
    ltot = _log_binom_row(m)[a]
    j = np.arange(1, a + 1)
    even_r = 2 * j
    even = np.log(2.0) + la[j - 1] + lb[j - 1] - ltot
    odd_r = 2 * j + 1
    with np.errstate(invalid="ignore"):
        t1 = np.where(j <= b - 1, la[j - 1] + lb[np.minimum(j, b - 1)], -np.inf)
        t2 = np.where(j <= a - 1, la[np.minimum(j, a - 1)] + lb[j - 1], -np.inf)
    odd = np.logaddexp(t1, t2) - ltot
    r = np.concatenate((even_r, odd_r))
    lp = np.concatenate((even, odd))
    o = np.argsort(r)
    return r[o], np.exp(lp[o])


#: Perla, Provost & Murray (2011), Table 1, as reproduced in the IHI run-chart
#: literature: useful observations -> (lower, upper) limits for the number of runs.
#: The published rows differ by one from an exact Swed-Eisenhart derivation in a few
#: places (e.g. 15 -> 5-12, derived 4-13), so the published values win where they exist.
PERLA_TABLE_1: dict[int, tuple[int, int]] = {
    10: (3, 9), 11: (3, 10), 12: (3, 11), 13: (4, 11), 14: (4, 12),
    15: (5, 12), 16: (5, 13), 17: (5, 13), 18: (6, 14), 19: (6, 15),
    20: (6, 16), 21: (7, 16), 22: (7, 17), 23: (7, 17), 24: (8, 18),
    25: (8, 18), 26: (9, 19), 27: (9, 20), 28: (10, 20), 29: (10, 21),
    30: (11, 22), 31: (11, 22), 32: (11, 23), 33: (11, 24), 34: (12, 24),
    35: (12, 25), 36: (13, 25), 37: (13, 26), 38: (14, 26), 39: (14, 27),
    40: (15, 27),
}


def ihi_runs_limits(m: int) -> tuple[int, int]:
    """(lower, upper) number of runs for m useful points; signal if runs < lower or > upper.

    The published table for 10-40 useful points; beyond it, the exact Swed-Eisenhart
    limits (5 % in each tail), which agree with the table's last row.
    """
    if m in PERLA_TABLE_1:
        return PERLA_TABLE_1[m]
    return swed_eisenhart_limits(m)


@lru_cache(maxsize=4096)
def swed_eisenhart_limits(m: int) -> tuple[int, int]:
    """Exact 5 %-per-tail limits for the number of runs of floor(m/2) and ceil(m/2) signs."""
    if m < 2:
        return (1, max(m, 1))
    if m <= _EXACT_UP_TO:
        rs, counts, total = _runs_pmf_exact(m)
        lower, acc = rs[0], 0
        for r, c in zip(rs, counts):
            acc += c
            if 20 * acc <= total:
                lower = r
            else:
                break
        upper, acc = rs[-1], 0
        for r, c in zip(reversed(rs), reversed(counts)):
            acc += c
            if 20 * acc <= total:
                upper = r
            else:
                break
        return lower, upper
    r, p = _runs_pmf_float(m)
    low_cdf = np.cumsum(p)
    ok = np.nonzero(low_cdf <= 0.05)[0]
    lower = int(r[ok[-1]]) if ok.size else int(r[0])
    up_cdf = np.cumsum(p[::-1])
    ok = np.nonzero(up_cdf <= 0.05)[0]
    upper = int(r[::-1][ok[-1]]) if ok.size else int(r[-1])
    return lower, upper


# --------------------------------------------------------------------------- runs


@dataclass(frozen=True, eq=False)
class SignRuns:
    """Runs of useful points (not missing, not on the centre line) within one part.

    ``positions`` are the useful points' indices in the part; a run covers
    ``positions[starts[j] : starts[j] + lengths[j]]`` and lies on side ``sides[j]``.
    """

    n_obs: int
    positions: NDArray[np.intp]
    starts: NDArray[np.intp]
    lengths: NDArray[np.intp]
    sides: NDArray[np.int8]

    @property
    def n_useful(self) -> int:
        return int(self.positions.size)

    @property
    def longest_run(self) -> int | None:
        return int(self.lengths.max()) if self.lengths.size else None

    @property
    def crossings(self) -> int | None:
        return int(self.lengths.size - 1) if self.lengths.size else None

    def member_sides(self, min_length: int, size: int) -> NDArray[np.int8]:
        """Per point of the part: the side (+1/-1) of a run of ≥ min_length it belongs to."""
        out = np.zeros(size, dtype=np.int8)
        for s, ln, sd in zip(self.starts, self.lengths, self.sides):
            if ln >= min_length:
                out[self.positions[s : s + ln]] = sd
        return out


def sign_runs(y: FloatArray, cl: FloatArray, include: NDArray[np.bool_]) -> SignRuns:
    """Split the included points' signs about the centre line into runs (vectorised)."""
    with np.errstate(invalid="ignore"):
        sign = np.sign(y - cl)
    useful = include & ~np.isnan(sign) & (sign != 0)
    pos = np.nonzero(useful)[0]
    sg = sign[pos].astype(np.int8)
    if pos.size == 0:
        e = np.zeros(0, dtype=np.intp)
        return SignRuns(int(include.sum()), pos, e, e, np.zeros(0, dtype=np.int8))
    change = np.nonzero(sg[1:] != sg[:-1])[0] + 1
    starts = np.concatenate(([0], change)).astype(np.intp)
    lengths = np.diff(np.concatenate((starts, [sg.size]))).astype(np.intp)
    return SignRuns(int(include.sum()), pos, starts, lengths, sg[starts])


@dataclass(frozen=True)
class AnhoejResult:
    """qicharts2's runs statistics for one part; all None when no point is useful."""

    longest_run: int | None
    longest_run_max: int | None
    crossings: int | None
    crossings_min: int | None
    signal: bool


def anhoej(runs: SignRuns) -> AnhoejResult:
    """Signal if the longest run exceeds its limit or crossings fall short of theirs."""
    m = runs.n_useful
    if m == 0:
        return AnhoejResult(None, None, None, None, False)
    lrm, cm = longest_run_max(m), crossings_min(m)
    lr, cr = runs.longest_run, runs.crossings
    assert lr is not None and cr is not None
    return AnhoejResult(lr, lrm, cr, cm, lr > lrm or cr < cm)


@dataclass(frozen=True)
class Trend:
    """The longest monotone stretch (ties counted once) and its points."""

    length: int  # points in the trend, ties counted once
    direction: int  # +1 up, -1 down, 0 none
    first: int  # part index of the first point of the longest trend
    last: int  # part index of the last point


def trends(y: FloatArray, include: NDArray[np.bool_], min_points: int) -> tuple[Trend, NDArray[np.int8]]:
    """Longest trend plus per-point direction of every trend with ≥ min_points points.

    Missing and excluded points are skipped (their neighbours become consecutive);
    equal consecutive values neither extend nor break a trend.
    """
    size = y.size
    member = np.zeros(size, dtype=np.int8)
    pos = np.nonzero(include & ~np.isnan(y))[0]
    if pos.size < 2:
        return Trend(min(int(pos.size), 1), 0, -1, -1), member
    d = np.sign(np.diff(y[pos]))
    nz = np.nonzero(d)[0]  # steps that move; step j goes from pos[j] to pos[j+1]
    if nz.size == 0:
        return Trend(1, 0, -1, -1), member
    ds = d[nz]
    change = np.nonzero(ds[1:] != ds[:-1])[0] + 1
    starts = np.concatenate(([0], change))
    lengths = np.diff(np.concatenate((starts, [ds.size])))
    best = int(np.argmax(lengths))
    for s, ln in zip(starts, lengths):
        if ln + 1 >= min_points:
            member[pos[nz[s]] : pos[nz[s + ln - 1] + 1] + 1] = int(ds[s])
    s, ln = int(starts[best]), int(lengths[best])
    return Trend(ln + 1, int(ds[s]), int(pos[nz[s]]), int(pos[nz[s + ln - 1] + 1])), member


@dataclass(frozen=True)
class IhiResult:
    """The four computable IHI rules for one part; strings when there is not enough data."""

    shift: bool | NotEnough
    trend: bool | NotEnough
    too_few_runs: bool | NotEnough
    too_many_runs: bool | NotEnough
    runs: int | None  # number of runs = crossings + 1
    runs_lower: int | None
    runs_upper: int | None
    longest_trend: int

    @property
    def signal(self) -> bool | None:
        """Any rule fired; None (not "no signal") when there is not enough data."""
        flags = (self.shift, self.trend, self.too_few_runs, self.too_many_runs)
        if any(f == NOT_ENOUGH for f in flags):
            return None
        return any(bool(f) for f in flags)


def ihi(runs: SignRuns, y: FloatArray, include: NDArray[np.bool_]) -> IhiResult:
    """Shift (≥ 6 on one side), trend (≥ 5 up or down), too few / too many runs."""
    m = runs.n_useful
    trend, _ = trends(y, include, IHI_TREND)
    if m < IHI_MIN_USEFUL:
        return IhiResult(NOT_ENOUGH, NOT_ENOUGH, NOT_ENOUGH, NOT_ENOUGH,
                         None if m == 0 else runs.lengths.size, None, None, trend.length)
    n_runs = int(runs.lengths.size)
    lower, upper = ihi_runs_limits(m)
    lr = runs.longest_run or 0
    return IhiResult(
        shift=lr >= IHI_SHIFT,
        trend=trend.length >= IHI_TREND,
        too_few_runs=n_runs < lower,
        too_many_runs=n_runs > upper,
        runs=n_runs,
        runs_lower=lower,
        runs_upper=upper,
        longest_trend=trend.length,
    )
