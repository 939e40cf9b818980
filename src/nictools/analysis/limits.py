"""Centre line and control limits per chart type, for one part (spc-rules.md §4).

Each function takes the part's arrays and ``base`` (baseline and not excluded: the points
that estimate centre and limits) and returns per-point ``(value, centre, lcl, ucl)``.
``k`` is the sigma multiplier (3 for control limits, 2 for the "95 %" limits).
Clipping happens exactly where qicharts2 clips, and nowhere else.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Literal

import numpy as np
from numpy.typing import NDArray

from .rmath import r_div, r_mean, r_median, r_sum

FloatArray = NDArray[np.float64]
Chart = Literal["run", "i", "mr", "xbar", "s", "t", "p", "pp", "c", "u", "up", "g", "ip"]
CHARTS: tuple[str, ...] = ("run", "i", "mr", "xbar", "s", "t", "p", "pp", "c", "u", "up", "g", "ip")

D2 = 1.128  # d2 for subgroups of two: sigma = mean moving range / d2
MR_UCL = 3.267  # D4 for n = 2: moving-range screening and the MR chart's UCL
IP_SCREEN = 3.2665  # qicharts2 uses this (slightly different) constant for the I' chart
T_POWER = 3.6  # Nelson's transform for times between events


@dataclass(frozen=True, eq=False)
class PartArrays:
    """The inputs of one part: plotted values plus what the estimators need."""

    y: FloatArray  # the value before chart-specific derivation (MR chart derives |Δy|)
    base: NDArray[np.bool_]
    n: FloatArray | None = None  # denominators (p/u/pp/up/ip) or subgroup sizes (xbar/s)
    ysum: FloatArray | None = None  # numerators (p/u/pp/up)
    sd: FloatArray | None = None  # subgroup standard deviations (xbar/s)
    sizes_in_part: FloatArray | None = None  # all subgroup sizes of the part (xbar/s)


Limits = tuple[FloatArray, FloatArray, FloatArray, FloatArray]


def _full(size: int, v: float) -> FloatArray:
    return np.full(size, v, dtype=np.float64)


def _screened_amr(mr: FloatArray, screen: bool, factor: float = MR_UCL) -> float:
    """Mean moving range, optionally recomputed once without MRs ≥ factor·AMR (Nelson)."""
    amr = r_mean(mr)
    if screen:
        keep = mr[~np.isnan(mr)]
        keep = keep[keep < factor * amr]
        amr = r_mean(keep)
    return amr


def run_chart(p: PartArrays, k: float, screen: bool) -> Limits:
    """Centre = median of the baseline values; no limits."""
    size = p.y.size
    return p.y, _full(size, r_median(p.y[p.base])), _full(size, np.nan), _full(size, np.nan)


def _i_core(y: FloatArray, base: NDArray[np.bool_], k: float, screen: bool) -> tuple[float, float, float]:
    yb = y[base]
    cl = r_mean(yb)
    mr = np.abs(np.diff(yb - cl))  # as qicharts2 (about the centre); excluded points removed
    sigma = _screened_amr(mr, screen) / D2
    return cl, cl - k * sigma, cl + k * sigma


def i_chart(p: PartArrays, k: float, screen: bool) -> Limits:
    """Individuals: centre = mean; sigma = (screened) mean moving range / 1.128; no floor."""
    cl, lcl, ucl = _i_core(p.y, p.base, k, screen)
    size = p.y.size
    return p.y, _full(size, cl), _full(size, lcl), _full(size, ucl)


def mr_chart(p: PartArrays, k: float, screen: bool) -> Limits:
    """Moving ranges of consecutive points of the part; UCL = 3.267/3·k·mean MR, LCL = 0."""
    mr = np.concatenate(([np.nan], np.abs(np.diff(p.y))))
    cl = r_mean(mr[p.base])
    size = mr.size
    return mr, _full(size, cl), _full(size, 0.0), _full(size, MR_UCL / 3.0 * k * cl)


def t_chart(p: PartArrays, k: float, screen: bool) -> Limits:
    """I chart on y^(1/3.6), back-transformed; a negative (or undefined) LCL becomes 0.

    Like qicharts2, the plotted value is the round trip (y^(1/3.6))^3.6.
    """
    yt = np.power(p.y, 1.0 / T_POWER)
    cl, lcl, ucl = _i_core(yt, p.base, k, screen)
    size = p.y.size
    back_lcl = 0.0 if (lcl < 0 or math.isnan(lcl)) else float(np.power(lcl, T_POWER))
    return (np.power(yt, T_POWER), _full(size, float(np.power(cl, T_POWER))),
            _full(size, back_lcl), _full(size, float(np.power(ucl, T_POWER))))


def _c4(n: FloatArray) -> FloatArray:
    """Bias-correction constant c4(n); NaN for n ≤ 1."""
    out = np.full(n.shape, np.nan)
    for size in np.unique(n[n > 1]):
        s = float(size)
        out[n == size] = math.sqrt(2.0 / (s - 1.0)) * math.exp(
            math.lgamma(s / 2.0) - math.lgamma((s - 1.0) / 2.0)
        )
    return out


def _sigma_hat(p: PartArrays) -> float:
    """Mean SD if every subgroup of the part has the same size, else the pooled SD.

    As qicharts2: the sizes compared are all of the part's subgroups (an empty one
    counts as size 0), and the pooled denominator is Σ(n_i - 1) over the baseline.
    """
    assert p.n is not None and p.sd is not None and p.sizes_in_part is not None
    nb, sb = p.n[p.base], p.sd[p.base]
    if np.unique(p.sizes_in_part).size > 1:
        return float(np.sqrt(r_div(r_sum((nb - 1) * sb**2), r_sum(nb - 1))))
    return r_mean(sb)


def xbar_chart(p: PartArrays, k: float, screen: bool) -> Limits:
    """Centre = size-weighted grand mean; limits ± A3(n_i)·σ̂, A3 = k/(c4·√n)."""
    assert p.n is not None
    nb, yb = p.n[p.base], p.y[p.base]
    use = nb > 0
    cl = r_div(r_sum(nb[use] * yb[use]), r_sum(nb[use]))
    s = _sigma_hat(p)
    with np.errstate(divide="ignore", invalid="ignore"):
        a3 = k / (_c4(p.n) * np.sqrt(p.n))
    size = p.y.size
    return p.y, _full(size, cl), cl - a3 * s, cl + a3 * s


def s_chart(p: PartArrays, k: float, screen: bool) -> Limits:
    """Plotted SDs; centre = σ̂; limits (1 ± k·c5/c4)·centre, lower floored at 0."""
    assert p.n is not None
    cl = _sigma_hat(p)
    c4 = _c4(p.n)
    with np.errstate(invalid="ignore"):
        ratio = np.sqrt(1.0 - c4**2) / c4
    size = p.y.size
    lower = np.maximum(0.0, 1.0 - k * ratio)
    lower[np.isnan(ratio)] = np.nan
    return p.y, _full(size, cl), lower * cl, (1.0 + k * ratio) * cl


def c_chart(p: PartArrays, k: float, screen: bool) -> Limits:
    """Counts: centre = mean count; limits centre ± k·√centre, LCL floored at 0."""
    cl = r_mean(p.y[p.base])
    sd = math.sqrt(cl) if cl >= 0 else float("nan")
    size = p.y.size
    lcl = max(cl - k * sd, 0.0) if not math.isnan(sd) else float("nan")
    return p.y, _full(size, cl), _full(size, lcl), _full(size, cl + k * sd)


def _ratio_centre(p: PartArrays) -> float:
    assert p.ysum is not None and p.n is not None
    return r_div(r_sum(p.ysum[p.base]), r_sum(p.n[p.base]))


def _sigma_i(p: PartArrays, variance_per_unit: float) -> FloatArray:
    """√(v/n_i); NaN (no limits) for a zero or missing denominator."""
    assert p.n is not None
    with np.errstate(divide="ignore", invalid="ignore"):
        s = np.sqrt(variance_per_unit / p.n)
    s[~(p.n > 0)] = np.nan
    return s


def _clip(lcl: FloatArray, ucl: FloatArray, cap_one: bool) -> tuple[FloatArray, FloatArray]:
    lcl = np.where(lcl < 0, 0.0, lcl)
    if cap_one:
        ucl = np.where(ucl > 1, 1.0, ucl)
    return lcl, ucl


def _laney_sigma_z(p: PartArrays, cl: float, sigma: FloatArray, screen: bool) -> float:
    """σ_z = (screened) mean moving range of baseline z-scores / 1.128."""
    with np.errstate(divide="ignore", invalid="ignore"):
        z = (p.y[p.base] - cl) / sigma[p.base]
    z[~np.isfinite(z)] = np.nan
    return _screened_amr(np.abs(np.diff(z)), screen) / D2


def p_chart(p: PartArrays, k: float, screen: bool) -> Limits:
    """Proportions: centre = ΣΣy/Σn; σ_i = √(p(1-p)/n_i); limits clipped to [0, 1]."""
    cl = _ratio_centre(p)
    s = _sigma_i(p, cl * (1.0 - cl))
    lcl, ucl = _clip(cl - k * s, cl + k * s, cap_one=True)
    return p.y, _full(p.y.size, cl), lcl, ucl


def u_chart(p: PartArrays, k: float, screen: bool) -> Limits:
    """Rates: centre = ΣΣy/Σn; σ_i = √(u/n_i); LCL floored at 0, no cap."""
    cl = _ratio_centre(p)
    s = _sigma_i(p, cl)
    lcl, ucl = _clip(cl - k * s, cl + k * s, cap_one=False)
    return p.y, _full(p.y.size, cl), lcl, ucl


def pp_chart(p: PartArrays, k: float, screen: bool) -> Limits:
    """Laney P′: p-chart σ_i inflated by σ_z of the baseline z-scores."""
    cl = _ratio_centre(p)
    s = _sigma_i(p, cl * (1.0 - cl))
    s = s * _laney_sigma_z(p, cl, s, screen)
    lcl, ucl = _clip(cl - k * s, cl + k * s, cap_one=True)
    return p.y, _full(p.y.size, cl), lcl, ucl


def up_chart(p: PartArrays, k: float, screen: bool) -> Limits:
    """Laney U′: u-chart σ_i inflated by σ_z of the baseline z-scores."""
    cl = _ratio_centre(p)
    s = _sigma_i(p, cl)
    s = s * _laney_sigma_z(p, cl, s, screen)
    lcl, ucl = _clip(cl - k * s, cl + k * s, cap_one=False)
    return p.y, _full(p.y.size, cl), lcl, ucl


def ip_chart(p: PartArrays, k: float, screen: bool) -> Limits:
    """I′ (Taylor): centre = Σy_i·n_i/Σn_i; σ_i = mean(s_j)·√(1/n_i), s_j over all points."""
    assert p.n is not None
    n, y = p.n, p.y
    cl = r_div(r_sum(y[p.base] * n[p.base]), r_sum(n[p.base]))
    with np.errstate(divide="ignore", invalid="ignore"):
        s = math.sqrt(math.pi / 2.0) * np.abs(np.diff(y)) / np.sqrt(1.0 / n[1:] + 1.0 / n[:-1])
        s[~np.isfinite(s)] = np.nan
        sbar = _screened_amr(s, screen, IP_SCREEN)
        sigma = sbar * np.sqrt(1.0 / n)
    return y, _full(y.size, cl), cl - k * sigma, cl + k * sigma


def g_chart(p: PartArrays, k: float, screen: bool) -> Limits:
    """Limits from the mean m (m ± k·√(m(m+1)), LCL ≥ 0); the centre drawn is the median."""
    yb = p.y[p.base]
    m = r_mean(yb)
    sd = math.sqrt(m * (m + 1.0)) if m >= 0 else float("nan")
    size = p.y.size
    lcl = max(m - k * sd, 0.0) if not math.isnan(sd) else float("nan")
    return p.y, _full(size, r_median(yb)), _full(size, lcl), _full(size, m + k * sd)


CHART_FUNCTIONS = {
    "run": run_chart,
    "i": i_chart,
    "mr": mr_chart,
    "xbar": xbar_chart,
    "s": s_chart,
    "t": t_chart,
    "p": p_chart,
    "pp": pp_chart,
    "c": c_chart,
    "u": u_chart,
    "up": up_chart,
    "g": g_chart,
    "ip": ip_chart,
}


def compute(chart: str, p: PartArrays, k: float, screen: bool) -> Limits:
    """Dispatch to the chart's estimator; non-finite centre/limits become NaN (missing)."""
    value, cl, lcl, ucl = CHART_FUNCTIONS[chart](p, k, screen)
    for a in (cl, lcl, ucl):
        a[~np.isfinite(a)] = np.nan
    return value, cl, lcl, ucl


def overdispersion(chart: str, y: FloatArray, n: FloatArray, ysum: FloatArray, base: NDArray[np.bool_],
                   screen: bool = True) -> float | None:
    """Laney's σ_z for a p or u chart's baseline: how much wider than binomial (Poisson) the variation is.

    σ_z ≈ 1: the p (u) chart's limits fit the data; well above 1 (overdispersion, common with
    large denominators) they are too narrow and flag nearly every point (Laney 2002).
    """
    if chart not in ("p", "u"):
        return None
    p = PartArrays(y=y, base=base, n=n, ysum=ysum)
    cl = _ratio_centre(p)
    if not np.isfinite(cl) or cl <= 0 or (chart == "p" and cl >= 1):
        return None
    s = _sigma_i(p, cl * (1.0 - cl) if chart == "p" else cl)
    value = _laney_sigma_z(p, cl, s, screen)
    return float(value) if np.isfinite(value) else None
