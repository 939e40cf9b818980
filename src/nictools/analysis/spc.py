"""Run and control chart analysis, as qicharts2 0.8.1 computes it (spc-rules.md).

Entry point: :func:`analyse` turns periods, values and optional denominators into a
:class:`ChartResult` (per-point centre/limits/signals plus per-part runs statistics);
:meth:`ChartResult.to_json_dict` is the ``nic chart --format json`` contract and
:func:`classify_signals` says which signal points are improvement or concern.

Positions: every index option is a 0-based position in the *subgroup* numbering (the
sorted unique periods), not a raw row. ``splits`` are the first points of new parts
(qicharts2's ``part = 20`` is ``splits = [20]``), ``freeze`` is the number of baseline
points (qicharts2's ``freeze``), ``exclude`` are positions left out of the estimation
and of the runs analysis. :func:`~nictools.analysis.prepare.positions_of` maps periods
to positions.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Literal

import numpy as np
from numpy.typing import ArrayLike, NDArray

from . import limits as lim
from . import runs as rn
from .prepare import AGGS, Agg, Subgroups, _plain, group

FloatArray = NDArray[np.float64]
Rules = Literal["anhoej", "ihi"]
RULES: tuple[str, ...] = ("anhoej", "ihi")
Direction = Literal["up", "down"] | None
SignalKind = Literal["improvement", "concern", "neither"]

CHARTS = lim.CHARTS
_NEEDS_N = ("p", "pp", "u", "up")


@dataclass(frozen=True)
class PartSummary:
    """Runs statistics and sigma-signal count of one part (``part`` is 1-based).

    Under ``rules="ihi"`` the Anhøj limits (``longest_run_max``, ``crossings_min``) do not
    apply and are None; ``ihi`` then holds the four rules. ``runs_signal`` is None when
    the IHI rules lack data; ``sigma_signals`` is None for a run chart (no limits).
    """

    part: int
    start: int  # first point (0-based, inclusive)
    stop: int  # one past the last point
    n_obs: int
    n_useful: int
    longest_run: int | None
    longest_run_max: int | None
    crossings: int | None
    crossings_min: int | None
    runs_signal: bool | None
    sigma_signals: int | None
    ihi: rn.IhiResult | None = None

    def to_json_dict(self) -> dict[str, Any]:
        d: dict[str, Any] = {
            "part": self.part,
            "n_obs": self.n_obs,
            "n_useful": self.n_useful,
            "longest_run": self.longest_run,
            "longest_run_max": self.longest_run_max,
            "crossings": self.crossings,
            "crossings_min": self.crossings_min,
            "runs_signal": self.runs_signal,
            "sigma_signals": self.sigma_signals,
        }
        if self.ihi is not None:
            d["shift"] = self.ihi.shift
            d["trend"] = self.ihi.trend
            d["too_few_runs"] = self.ihi.too_few_runs
            d["too_many_runs"] = self.ihi.too_many_runs
        return d


@dataclass(frozen=True, eq=False)
class ChartResult:
    """Everything a renderer or report needs; arrays are per point, in period order.

    ``value`` is the plotted value in natural units (proportions 0-1, MRs on an MR chart,
    subgroup means on X-bar); NaN marks a gap. ``numerator``/``denominator`` are Σy/Σn
    when a denominator was given (``numerator`` is also the count on a C chart), else
    NaN. ``n`` is the number of non-missing values in the period (the subgroup size).
    ``part`` is the 0-based part index. ``sigma_signal`` and ``runs_signal`` are bool
    arrays; ``signal_side`` is +1/-1 for a point that signals high/low (outside the limits,
    in a too-long run, or in an IHI trend), else 0 -- see :func:`classify_signals`.
    """

    chart: str
    rules: str
    sigma: float
    periods: NDArray[Any]
    value: FloatArray
    numerator: FloatArray
    denominator: FloatArray
    n: FloatArray
    part: NDArray[np.intp]
    baseline: NDArray[np.bool_]
    excluded: NDArray[np.bool_]
    centre: FloatArray
    lcl: FloatArray
    ucl: FloatArray
    sigma_signal: NDArray[np.bool_]
    runs_signal: NDArray[np.bool_]
    signal_side: NDArray[np.int8]
    parts: tuple[PartSummary, ...]
    notices: tuple[str, ...]

    @property
    def has_limits(self) -> bool:
        return self.chart != "run"

    def __len__(self) -> int:
        return len(self.periods)

    def to_json_dict(self) -> dict[str, Any]:
        """The ``--format json`` contract: NaN/inf become null, one point per period."""
        limits = self.has_limits
        runs_flag = {p.part - 1: p.runs_signal for p in self.parts}
        value = _nullable(self.value)
        num = _nullable(self.numerator)
        den = _nullable(self.denominator)
        nn = _nullable(self.n, as_int=True)
        cl = _nullable(self.centre)
        lcl = _nullable(self.lcl) if limits else [None] * len(self)
        ucl = _nullable(self.ucl) if limits else [None] * len(self)
        sig = self.sigma_signal.tolist()
        part = self.part.tolist()
        base = self.baseline.tolist()
        excl = self.excluded.tolist()
        points = [
            {
                "period": _plain(self.periods[i]),
                "value": value[i],
                "numerator": num[i],
                "denominator": den[i],
                "n": nn[i],
                "part": part[i] + 1,
                "baseline": base[i],
                "excluded": excl[i],
                "centre": cl[i],
                "lcl": lcl[i],
                "ucl": ucl[i],
                "sigma_signal": sig[i] if limits else None,
                "runs_signal": runs_flag[part[i]],
            }
            for i in range(len(self))
        ]
        return {
            "chart": self.chart,
            "rules": self.rules,
            "parts": [p.to_json_dict() for p in self.parts],
            "points": points,
        }


def _nullable(a: FloatArray, as_int: bool = False) -> list[Any]:
    out: list[Any] = a.tolist()
    finite = np.isfinite(a)
    for i in np.nonzero(~finite)[0]:
        out[i] = None
    if as_int:
        out = [None if v is None else int(v) for v in out]
    return out


def _readonly(*arrays: np.ndarray) -> None:
    for a in arrays:
        a.setflags(write=False)


def _positions(values: Sequence[int], size: int, what: str, notices: list[str], low: int) -> list[int]:
    """Keep valid positions (ints in [low, size-1]); note the ignored ones."""
    kept: list[int] = []
    for v in values:
        iv = int(v)
        if low <= iv < size:
            kept.append(iv)
        else:
            notices.append(f"{what} position {iv} is outside 0..{size - 1}; it was ignored")
    return sorted(set(kept))


def analyse(
    x: Sequence[Any] | NDArray[Any] | None,
    y: ArrayLike,
    n: ArrayLike | None = None,
    *,
    chart: str = "run",
    agg: Agg = "mean",
    splits: Sequence[int] = (),
    freeze: int | None = None,
    part_baselines: Sequence[int] | None = None,
    exclude: Sequence[int] = (),
    rules: Rules = "anhoej",
    screen_mr: bool = True,
    sigma: float = 3.0,
) -> ChartResult:
    """Analyse one series as qicharts2 ``qic()`` would, plus the IHI rules on request.

    Args:
        x: period keys (sortable: ISO dates, numbers...); None means 1..N.
            Rows sharing a period form one subgroup.
        y: values (missing as None/NaN: gaps, never zeros); numerators when ``n`` given.
        n: denominators (required for p, pp, u, up; optional for ip: subgroup size).
        chart: one of ``CHARTS``.
        agg: how several values of one period combine without ``n`` (mean, median, sum);
            X-bar limits still use subgroup means, C charts sums, S charts SDs.
        splits: 0-based positions of the first point of each new part.
        freeze: number of baseline points; ignored (with a notice) when splits are given.
        part_baselines: the number of baseline points at the start of each part (one per
            part, in order; a count at or above the part's size means the whole part). This
            is how a frozen baseline is kept per phase (spc-rules.md says qicharts2 has no
            such option: with ``splits`` its parts each use all their points). Excludes
            ``freeze``.
        exclude: 0-based positions left out of estimation and of the runs analysis.
        rules: "anhoej" (qicharts2) or "ihi" (shift, trend, too few/many runs).
        screen_mr: drop moving ranges ≥ 3.267·AMR once (qicharts2 when attached).
        sigma: limit multiplier k: 3 for control limits, 2 for the "95 %" limits.
    """
    if chart not in CHARTS:
        raise ValueError(f"unknown chart {chart!r}; use one of {', '.join(CHARTS)}")
    if rules not in RULES:
        raise ValueError(f"unknown rules {rules!r}; use one of {', '.join(RULES)}")
    if agg not in AGGS:
        raise ValueError(f"unknown agg {agg!r}; use one of {', '.join(AGGS)}")
    if not sigma > 0:
        raise ValueError("sigma must be positive")
    if chart in _NEEDS_N and n is None:
        raise ValueError(f"a {chart} chart needs denominators (n)")
    if freeze is not None and int(freeze) < 1:
        raise ValueError("freeze is the number of baseline points and must be at least 1")

    sub = group(x, y, n)
    size = len(sub)
    notices = list(sub.notices)
    value, sizes, numerator, _ = _chart_inputs(chart, sub, agg)
    if chart == "t" and np.any(value[~np.isnan(value)] <= 0):
        raise ValueError("a t chart needs every time between events to be greater than zero")

    split_pos = _positions(splits, size, "split", notices, low=1) if size else []
    if part_baselines is not None and freeze is not None:
        raise ValueError("give freeze or part_baselines, not both")
    if split_pos and freeze is not None:
        notices.append(
            "freeze was ignored because parts were given: each part sets its own baseline"
        )
        freeze = None
    excluded = np.zeros(size, dtype=bool)
    excluded[_positions(exclude, size, "exclude", notices, low=0)] = True
    baseline = np.ones(size, dtype=bool) if freeze is None else np.arange(size) < int(freeze)
    if part_baselines is not None:
        starts = [0, *split_pos, size] if size else []
        if len(part_baselines) != max(len(starts) - 1, 0):
            raise ValueError(f"part_baselines has {len(part_baselines)} counts for {max(len(starts) - 1, 0)} parts")
        for j, count in enumerate(part_baselines):
            if int(count) < 1:
                raise ValueError("a part's baseline needs at least one point")
            a, b = starts[j], starts[j + 1]
            baseline[a:b] = np.arange(b - a) < int(count)
    base = baseline & ~excluded
    part = np.searchsorted(np.asarray(split_pos, dtype=np.intp), np.arange(size), side="right")

    plotted = np.full(size, np.nan)
    centre = np.full(size, np.nan)
    lcl = np.full(size, np.nan)
    ucl = np.full(size, np.nan)
    sigma_signal = np.zeros(size, dtype=bool)
    runs_signal = np.zeros(size, dtype=bool)
    side = np.zeros(size, dtype=np.int8)
    summaries: list[PartSummary] = []
    bounds = [0, *split_pos, size] if size else []
    for j in range(len(bounds) - 1):
        a, b = bounds[j], bounds[j + 1]
        sl = slice(a, b)
        pa = lim.PartArrays(
            y=value[sl],
            base=base[sl],
            n=None if sizes is None else sizes[sl],
            ysum=None if numerator is None else numerator[sl],
            sd=sub.sd[sl] if chart in ("xbar", "s") else None,
            sizes_in_part=sub.count[sl] if chart in ("xbar", "s") else None,
        )
        v, cl, lo, hi = lim.compute(chart, pa, sigma, screen_mr)
        plotted[sl], centre[sl], lcl[sl], ucl[sl] = v, cl, lo, hi
        with np.errstate(invalid="ignore"):
            sig = (v > hi) | (v < lo)
        sigma_signal[sl] = sig
        include = ~excluded[sl]
        sr = rn.sign_runs(v, cl, include)
        an = rn.anhoej(sr)
        ihi = rn.ihi(sr, v, include) if rules == "ihi" else None
        flag: bool | None
        if rules == "ihi":
            assert ihi is not None
            flag = ihi.signal
            lr_max: int | None = None
            c_min: int | None = None
        else:
            flag, lr_max, c_min = an.signal, an.longest_run_max, an.crossings_min
        if chart == "mr" and flag is not None:
            flag = False  # qicharts2 reports the statistics but never signals on MRs
        runs_signal[sl] = bool(flag)
        side[sl] = _signal_side(chart, rules, flag, sr, an, v, cl, sig, include)
        summaries.append(
            PartSummary(
                part=j + 1,
                start=a,
                stop=b,
                n_obs=sr.n_obs,
                n_useful=sr.n_useful,
                longest_run=sr.longest_run,
                longest_run_max=lr_max,
                crossings=sr.crossings,
                crossings_min=c_min,
                runs_signal=flag,
                sigma_signals=int(sig.sum()) if chart != "run" else None,
                ihi=ihi,
            )
        )

    nan = np.full(size, np.nan)
    num_out = sub.ysum if (sub.nsum is not None or chart == "c") else nan
    den_out = sub.nsum if sub.nsum is not None else nan
    arrays = tuple(
        np.array(a, copy=True)
        for a in (plotted, num_out, den_out, sub.count, part, baseline, excluded,
                  centre, lcl, ucl, sigma_signal, runs_signal, side)
    )
    _readonly(*arrays)
    return ChartResult(
        chart,
        rules,
        float(sigma),
        sub.periods,
        *arrays,  # type: ignore[arg-type]
        parts=tuple(summaries),
        notices=tuple(notices),
    )


def _chart_inputs(
    chart: str, sub: Subgroups, agg: Agg
) -> tuple[FloatArray, FloatArray | None, FloatArray | None, FloatArray | None]:
    """(value before derivation, sizes/denominators, numerators, denominators) per chart.

    As qicharts2: the value is Σy/Σn with a denominator, else ``agg`` of the period's
    values; C charts plot Σy, S charts the subgroup SD, MR charts derive |Δvalue|.
    """
    value = sub.ratio() if sub.nsum is not None else sub.aggregate(agg)
    if chart == "xbar":
        return value, sub.count, None, None
    if chart == "s":
        return sub.sd, sub.count, None, None
    if chart == "c":
        return sub.ysum, None, None, None
    if chart in _NEEDS_N:
        return value, sub.nsum, sub.ysum, sub.nsum
    if chart == "ip":
        return value, sub.nsum if sub.nsum is not None else sub.count, sub.ysum, sub.nsum
    return value, None, sub.ysum, sub.nsum


def _signal_side(
    chart: str,
    rules: str,
    flag: bool | None,
    sr: rn.SignRuns,
    an: rn.AnhoejResult,
    v: FloatArray,
    cl: FloatArray,
    sig: NDArray[np.bool_],
    include: NDArray[np.bool_],
) -> NDArray[np.int8]:
    """+1/-1 per point that signals high/low; precedence: sigma, long run, trend."""
    size = v.size
    out = np.zeros(size, dtype=np.int8)
    if flag:
        if rules == "ihi":
            out = sr.member_sides(rn.IHI_SHIFT, size)
            _, trend_side = rn.trends(v, include, rn.IHI_TREND)
            out = np.where(out != 0, out, trend_side).astype(np.int8)
        elif an.longest_run_max is not None:
            out = sr.member_sides(an.longest_run_max + 1, size)
    if sig.any():
        with np.errstate(invalid="ignore"):
            hi_lo = np.sign(v - cl).astype(np.int8)
        out = np.where(sig, hi_lo, out).astype(np.int8)
    return out


def classify_signals(result: ChartResult, direction: Direction) -> list[SignalKind | None]:
    """Per point: "improvement", "concern", "neither" (a signal, no direction) or None.

    NHS Making Data Count style: a point outside the limits, in a too-long run or in an
    IHI trend signals high or low; high is improvement when ``direction`` is "up",
    concern when "down". Moving-range signals have no direction ("neither"). A runs
    signal due only to too few crossings (or too many runs) marks no single point; a
    renderer shows it on the centre line (``ChartResult.runs_signal``).
    """
    if direction not in ("up", "down", None):
        raise ValueError("direction must be 'up', 'down' or None")
    out: list[SignalKind | None] = []
    good = 1 if direction == "up" else -1
    for s in result.signal_side.tolist():
        if s == 0:
            out.append(None)
        elif direction is None or result.chart == "mr":
            out.append("neither")
        else:
            out.append("improvement" if s == good else "concern")
    return out
