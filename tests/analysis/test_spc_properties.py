"""Invariants (hypothesis): signals do not depend on location, scale or direction of time.

Integer data keep the arithmetic exact; for the I chart's limits, points within a hair
of a limit (where float rounding could legitimately flip a comparison) are not compared.
"""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from nictools.analysis.spc import ChartResult, analyse

series = st.lists(st.integers(min_value=0, max_value=50), min_size=2, max_size=40)
shift = st.integers(min_value=-20, max_value=20)
factor = st.integers(min_value=1, max_value=10)
charts = st.sampled_from(["run", "i"])


def _stats(r: ChartResult) -> list[tuple[object, ...]]:
    return [(p.n_obs, p.n_useful, p.longest_run, p.crossings, p.runs_signal) for p in r.parts]


def _clear(r: ChartResult) -> np.ndarray:
    """Points not within a relative 1e-9 of a limit."""
    scale = np.maximum(np.abs(r.ucl), 1.0)
    with np.errstate(invalid="ignore"):
        near = (np.abs(r.value - r.ucl) < 1e-9 * scale) | (np.abs(r.value - r.lcl) < 1e-9 * scale)
    return ~near


def _same_signals(a: ChartResult, b: ChartResult) -> None:
    assert _stats(a) == _stats(b)
    assert a.runs_signal.tolist() == b.runs_signal.tolist()
    keep = _clear(a) & _clear(b)
    assert a.sigma_signal[keep].tolist() == b.sigma_signal[keep].tolist()


@settings(max_examples=150, deadline=None)
@given(series, shift, charts)
def test_adding_a_constant_changes_no_signal(y: list[int], c: int, chart: str) -> None:
    _same_signals(analyse(None, y, chart=chart), analyse(None, [v + c for v in y], chart=chart))


@settings(max_examples=150, deadline=None)
@given(series, factor, charts)
def test_scaling_by_a_positive_factor_changes_no_signal(y: list[int], a: int, chart: str) -> None:
    _same_signals(analyse(None, y, chart=chart), analyse(None, [v * a for v in y], chart=chart))


@settings(max_examples=150, deadline=None)
@given(series, st.sampled_from([1, 2, 4]), charts)
def test_scaling_by_a_fraction_changes_no_signal(y: list[int], d: int, chart: str) -> None:
    # dividing by a power of two is exact in binary floating point
    _same_signals(analyse(None, y, chart=chart), analyse(None, [v / d for v in y], chart=chart))


@settings(max_examples=150, deadline=None)
@given(series, charts)
def test_reversing_keeps_longest_run_and_crossings(y: list[int], chart: str) -> None:
    fwd = analyse(None, y, chart=chart)
    rev = analyse(None, y[::-1], chart=chart)
    assert _stats(fwd) == _stats(rev)


@settings(max_examples=100, deadline=None)
@given(series, st.integers(min_value=1, max_value=39))
def test_parts_partition_the_points(y: list[int], split: int) -> None:
    r = analyse(None, y, chart="i", splits=[split])
    assert sum(p.n_obs for p in r.parts) == len(y)
    assert r.parts[0].start == 0 and r.parts[-1].stop == len(y)
