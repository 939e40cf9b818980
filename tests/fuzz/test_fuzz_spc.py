"""Fuzzing `analyse()`: any finite series (and gaps) gives a result, never an exception.

Checked on every chart that takes plain values: the arrays have one entry per period,
limits are ordered LCL <= CL <= UCL where present, signal flags and sides are per
point, and an I chart's centre and limits move with a constant and scale with a factor.
"""

from __future__ import annotations

import math
import os
import warnings

import numpy as np
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from nictools.analysis.spc import CHARTS, analyse, classify_signals

EXAMPLES = int(os.environ.get("NIC_FUZZ_EXAMPLES", "100"))  # NIC_FUZZ_EXAMPLES=5000 for a long run
FAST = settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow])

finite = st.floats(min_value=-1e12, max_value=1e12, allow_nan=False, allow_infinity=False)
tiny = st.floats(min_value=-1e-300, max_value=1e-300, allow_nan=False, allow_infinity=False)
huge = st.sampled_from([1e300, -1e300, 1.7e308, -1.7e308, 5e-324])
value = st.one_of(finite, tiny, huge, st.just(0.0), st.just(float("nan")), st.none())
series = st.one_of(
    st.lists(value, min_size=0, max_size=40),
    st.builds(lambda v, k: [v] * k, finite, st.integers(0, 30)),  # constant, incl. all zero
)
VALUE_CHARTS = [c for c in CHARTS if c not in ("p", "pp", "u", "up", "t")]


def _check_shape(result, size: int) -> None:
    assert len(result) == size
    for name in ("value", "centre", "lcl", "ucl", "sigma_signal", "runs_signal", "signal_side", "part"):
        assert getattr(result, name).shape == (size,), name
    assert set(np.unique(result.signal_side).tolist()) <= {-1, 0, 1}
    assert len(classify_signals(result, "up")) == size
    covered = sorted(i for p in result.parts for i in range(p.start, p.stop))
    assert covered == list(range(size))
    result.to_json_dict()  # the JSON contract holds for any input


def _check_order(result) -> None:
    lcl, cl, ucl = result.lcl, result.centre, result.ucl
    present = np.isfinite(lcl) & np.isfinite(cl) & np.isfinite(ucl)
    scale = np.maximum(np.abs(cl), 1.0) * 1e-9
    assert np.all(lcl[present] <= cl[present] + scale[present])
    assert np.all(cl[present] <= ucl[present] + scale[present])


@FAST
@given(series, st.sampled_from(VALUE_CHARTS), st.sampled_from(["anhoej", "ihi"]))
def test_any_series_is_analysed_without_error(y: list[float | None], chart: str, rules: str) -> None:
    if chart in ("c", "g"):
        y = [None if v is None else abs(v) for v in y]
    with warnings.catch_warnings():
        # numpy warnings would reach the user's terminal: allowed only where floats overflow
        moderate = all(v is None or math.isnan(v) or abs(v) <= 1e150 for v in y)
        warnings.simplefilter("error" if moderate else "ignore", RuntimeWarning)
        result = analyse(None, y, chart=chart, rules=rules)
    _check_shape(result, len(y))
    if result.has_limits:
        _check_order(result)


@FAST
@given(st.lists(st.tuples(st.integers(0, 500), st.integers(0, 500)), min_size=0, max_size=30),
       st.sampled_from(["p", "pp", "u", "up"]))
def test_any_ratio_series_is_analysed_without_error(rows: list[tuple[int, int]], chart: str) -> None:
    num = [min(a, b) for a, b in rows] if chart in ("p", "pp") else [a for a, _ in rows]
    den = [b for _, b in rows]  # zero denominators included: a gap, not a crash
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        result = analyse(None, num, den, chart=chart)
    _check_shape(result, len(rows))
    _check_order(result)


@FAST
@given(st.lists(st.integers(-1000, 1000), min_size=2, max_size=30),
       st.integers(-10_000, 10_000), st.sampled_from([1, 2, 4, 8]))
def test_i_chart_centre_and_limits_follow_location_and_scale(y: list[int], c: int, k: int) -> None:
    base = analyse(None, y, chart="i")
    shifted = analyse(None, [v + c for v in y], chart="i")
    scaled = analyse(None, [v * k for v in y], chart="i")
    for name in ("centre", "lcl", "ucl"):
        a, s, m = getattr(base, name), getattr(shifted, name), getattr(scaled, name)
        np.testing.assert_allclose(s, a + c, rtol=1e-9, atol=1e-6, err_msg=name)
        np.testing.assert_allclose(m, a * k, rtol=1e-9, atol=1e-6, err_msg=name)


@FAST
@given(st.lists(finite, min_size=1, max_size=30), st.lists(st.integers(-5, 40), max_size=4),
       st.lists(st.integers(-5, 40), max_size=4), st.one_of(st.none(), st.integers(1, 40)))
def test_options_out_of_range_are_notices_not_errors(y: list[float], splits: list[int], exclude: list[int],
                                                     freeze: int | None) -> None:
    result = analyse(None, y, chart="i", splits=splits, exclude=exclude, freeze=freeze)
    _check_shape(result, len(y))
    assert all(isinstance(n, str) for n in result.notices)


def test_constant_and_empty_series_have_no_signal() -> None:
    for y in ([], [0.0] * 20, [5.0] * 20, [float("nan")] * 5):
        result = analyse(None, y, chart="i")
        assert not result.sigma_signal.any() and not result.runs_signal.any()
        assert all(v is None or math.isfinite(v) for v in
                   (p["centre"] for p in result.to_json_dict()["points"]))
