"""Rows to subgroups: one plotted point per period (spc-rules.md §2).

Why a separate step: every option index (split, freeze, exclude) refers to the
subgroup numbering made here, and the complete-case rule must run before any sum.
Grouping is vectorised (sort once, ``np.add.reduceat``) so 10^5 rows cost milliseconds;
sums and means use extended precision like R (see ``rmath``).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Literal

import numpy as np
from numpy.typing import ArrayLike, NDArray

FloatArray = NDArray[np.float64]
Agg = Literal["mean", "median", "sum"]
AGGS: tuple[str, ...] = ("mean", "median", "sum")

_LD = np.longdouble


@dataclass(frozen=True, eq=False)
class Subgroups:
    """Per-period aggregates, in period order (arrays all of length ``len(periods)``).

    ``count`` is the number of non-missing values after the complete-case rule;
    ``ysum``/``nsum`` are NaN for a subgroup with no values (a gap, never a zero);
    ``nsum`` is None when no denominator was given.
    """

    periods: NDArray[Any]
    count: FloatArray
    ysum: FloatArray
    mean: FloatArray
    sd: FloatArray
    median: FloatArray
    nsum: FloatArray | None
    notices: tuple[str, ...]

    def __len__(self) -> int:
        return len(self.periods)

    def aggregate(self, agg: Agg) -> FloatArray:
        """The plotted value of a run or I chart without denominator."""
        if agg == "mean":
            return self.mean
        if agg == "median":
            return self.median
        if agg == "sum":
            return self.ysum
        raise ValueError(f"unknown agg {agg!r}; use one of {', '.join(AGGS)}")

    def ratio(self) -> FloatArray:
        """Σy/Σn per subgroup; NaN for a zero or missing denominator."""
        if self.nsum is None:
            raise ValueError("no denominator (n) was given")
        with np.errstate(divide="ignore", invalid="ignore"):
            r = self.ysum / self.nsum
        r[~(self.nsum > 0) & ~(self.nsum < 0)] = np.nan
        return r


def _as_float(a: ArrayLike | None, name: str, size: int | None = None) -> FloatArray | None:
    if a is None:
        return None
    try:
        arr = np.asarray(
            [np.nan if v is None else v for v in a] if not isinstance(a, np.ndarray) else a,
            dtype=np.float64,
        )
    except (TypeError, ValueError) as exc:
        raise ValueError(f"{name} must be numbers (missing values as None or NaN): {exc}") from None
    if arr.ndim != 1:
        raise ValueError(f"{name} must be one-dimensional")
    if size is not None and arr.size != size:
        raise ValueError(f"{name} has {arr.size} values but y has {size}")
    return arr


def _is_missing(v: Any) -> bool:
    return v is None or (isinstance(v, float | np.floating) and math.isnan(v))


def _periods(x: Sequence[Any] | NDArray[Any] | None, size: int) -> tuple[NDArray[Any], NDArray[np.bool_]]:
    """The period keys and a mask of rows with a period (rows without one are dropped)."""
    if x is None:
        return np.arange(1, size + 1), np.ones(size, dtype=bool)
    xa = np.asarray(x)
    if xa.ndim != 1 or xa.size != size:
        raise ValueError(f"x has {xa.size} values but y has {size}")
    if xa.dtype.kind == "f":
        keep = ~np.isnan(xa)
    elif xa.dtype.kind == "O":
        keep = np.fromiter((not _is_missing(v) for v in xa), dtype=bool, count=size)
    else:
        keep = np.ones(size, dtype=bool)
    return xa, keep


def _unique_inverse(xa: NDArray[Any]) -> tuple[NDArray[Any], NDArray[np.intp]]:
    """Sorted unique periods and each row's subgroup index; O(n) when already increasing."""
    if xa.size == 0:
        return xa, np.zeros(0, dtype=np.intp)
    try:
        increasing = bool(np.all(xa[1:] > xa[:-1]))
    except TypeError:
        raise ValueError("periods (x) cannot be compared with each other; use one type") from None
    if increasing:
        return xa, np.arange(xa.size, dtype=np.intp)
    try:
        uniq, inv = np.unique(xa, return_inverse=True)
    except TypeError:
        raise ValueError("periods (x) cannot be sorted; use one type") from None
    return uniq, inv.reshape(-1).astype(np.intp)


def group(
    x: Sequence[Any] | NDArray[Any] | None,
    y: ArrayLike,
    n: ArrayLike | None = None,
) -> Subgroups:
    """Group rows by period (spc-rules.md §2, steps 1-4).

    With ``n``: a row where y or n is missing loses both (complete-case rule).
    Rows without a period are dropped. Zero denominators are reported in ``notices``.
    """
    ya = _as_float(y, "y")
    assert ya is not None
    na = _as_float(n, "n", ya.size)
    xa, keep = _periods(x, ya.size)
    if not keep.all():
        xa, ya = xa[keep], ya[keep]
        na = None if na is None else na[keep]
    if na is not None:
        bad = np.isnan(ya) | np.isnan(na)
        ya = np.where(bad, np.nan, ya)
        na = np.where(bad, np.nan, na)
    periods, inv = _unique_inverse(xa)
    g = len(periods)
    valid = ~np.isnan(ya)

    if g == ya.size:  # one row per period: no reduction needed
        order = inv if not np.array_equal(inv, np.arange(g)) else None
        yv = ya if order is None else np.empty_like(ya)
        if order is not None:
            yv[order] = ya
        vv = ~np.isnan(yv)
        count = vv.astype(np.float64)
        ysum = yv.copy()
        mean = yv.copy()
        median = yv.copy()
        sd = np.full(g, np.nan)
        nsum = None
        if na is not None:
            nsum = na.copy() if order is None else np.empty_like(na)
            if order is not None:
                nsum[order] = na
    else:
        order = np.argsort(inv, kind="stable")
        gi = inv[order]
        ys = ya[order]
        vs = valid[order]
        rows = np.bincount(inv, minlength=g)
        starts = np.concatenate(([0], np.cumsum(rows)[:-1]))
        count = np.add.reduceat(vs.astype(np.float64), starts)
        ys0 = np.where(vs, ys, 0.0).astype(_LD)
        sums = np.add.reduceat(ys0, starts)
        with np.errstate(divide="ignore", invalid="ignore"):
            m = sums / count
            t = np.add.reduceat(np.where(vs, ys0 - m[gi], 0), starts)
            m = m + t / count
            dev = np.where(vs, ys0 - m[gi], 0)
            var = np.add.reduceat(dev * dev, starts) / (count - 1)
        empty = count == 0
        ysum = sums.astype(np.float64)
        ysum[empty] = np.nan
        mean = m.astype(np.float64)
        mean[empty] = np.nan
        sd = np.sqrt(var.astype(np.float64))
        sd[count < 2] = np.nan
        median = _group_median(ys, gi, vs, starts, count, mean)
        nsum = None
        if na is not None:
            ns = np.where(vs, na[order], 0.0).astype(_LD)
            nsum = np.add.reduceat(ns, starts).astype(np.float64)
            nsum[empty] = np.nan

    notices: list[str] = []
    if nsum is not None:
        zero = (nsum == 0) & (count > 0)
        for p in periods[zero]:
            notices.append(
                f"period {_plain(p)}: the denominator is zero, so the point is missing (a gap)"
            )
    return Subgroups(
        periods=periods,
        count=count,
        ysum=ysum,
        mean=mean,
        sd=sd,
        median=median,
        nsum=nsum,
        notices=tuple(notices),
    )


def _group_median(
    ys: FloatArray,
    gi: NDArray[np.intp],
    vs: NDArray[np.bool_],
    starts: NDArray[np.intp],
    count: FloatArray,
    mean: FloatArray,
) -> FloatArray:
    """Median per subgroup: sort within groups (NaN last), take the middle one or two."""
    if np.all(count <= 2):
        return mean.copy()  # the median of one or two values is their mean
    key = np.where(vs, ys, np.inf)
    o = np.lexsort((key, gi))
    s = ys[o]
    c = count.astype(np.intp)
    lo = starts + np.maximum(c - 1, 0) // 2
    hi = starts + np.maximum(c, 1) // 2
    hi = np.where(c == 0, lo, hi)
    med = (s[lo] + s[hi]) / 2.0
    med[c == 0] = np.nan
    return med


def _plain(v: Any) -> Any:
    """A numpy scalar as its Python value (for messages and JSON)."""
    return v.item() if isinstance(v, np.generic) else v


def positions_of(x: Sequence[Any] | NDArray[Any], wanted: Sequence[Any]) -> list[int]:
    """0-based subgroup positions of the given periods, for ``splits``/``exclude``/``freeze``.

    Raises ValueError naming every period that is not in the data.
    """
    xa, keep = _periods(x, len(x))
    periods, _ = _unique_inverse(xa[keep])
    out: list[int] = []
    missing: list[Any] = []
    for w in wanted:
        i = int(np.searchsorted(periods, w))
        if i < len(periods) and periods[i] == w:
            out.append(i)
        else:
            missing.append(w)
    if missing:
        raise ValueError("period(s) not in the data: " + ", ".join(str(m) for m in missing))
    return out
