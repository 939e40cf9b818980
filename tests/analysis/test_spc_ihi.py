"""IHI run-chart rules: shift, trend, too few / too many runs, not enough data (§7)."""

from __future__ import annotations

import numpy as np

from nictools.analysis import runs as rn
from nictools.analysis.spc import analyse


def _ihi(y: list[float], cl: float) -> rn.IhiResult:
    ya = np.asarray(y, dtype=float)
    include = np.ones(ya.size, dtype=bool)
    sr = rn.sign_runs(ya, np.full(ya.size, cl), include)
    return rn.ihi(sr, ya, include)


def test_shift_skips_points_on_the_centre() -> None:
    # centre 5: signs - + - + | + + + 0 + + | - +  -> a shift of 6 despite the 5 on the line
    y = [1, 6, 1, 6, 6, 7, 6, 5, 7, 6, 1, 6]
    r = _ihi(y, 5)
    assert r.shift is True
    assert r.trend is False  # longest monotone stretch has 3 points
    assert r.runs == 6 and (r.runs_lower, r.runs_upper) == (3, 10)  # 11 useful
    assert r.too_few_runs is False and r.too_many_runs is False
    assert r.signal is True


def test_five_in_a_row_on_one_side_is_not_a_shift() -> None:
    y = [1, 9, 1, 9, 9, 9, 9, 9, 1, 9, 1]
    r = _ihi(y, 5)
    assert r.shift is False


def test_trend_counts_ties_once() -> None:
    # 1,2,2,3,4,5: steps + 0 + + + -> 4 moving steps = 5 points counting the tie once
    base = [0, 9, 0, 9, 0, 9]
    r = _ihi(base + [1, 2, 2, 3, 4, 5] + [0, 9], 4.5)
    assert r.trend is True and r.longest_trend == 5
    # 1,2,2,3,4: only 4 points once the tie is counted once
    r = _ihi(base + [1, 2, 2, 3, 4] + [0, 9, 0], 4.5)
    assert r.trend is False and r.longest_trend == 4


def test_downward_trend() -> None:
    r = _ihi([0, 9, 0, 9, 8, 7, 6, 6, 5, 9, 0, 9], 4.5)
    assert r.trend is True  # 9,8,7,6,(6),5


def test_too_few_runs() -> None:
    r = _ihi([1] * 10 + [9] * 10, 5)  # 20 useful, 2 runs < 6
    assert r.too_few_runs is True and r.too_many_runs is False and r.shift is True


def test_too_many_runs() -> None:
    r = _ihi([1, 9] * 10, 5)  # 20 useful, 20 runs > 16
    assert r.too_many_runs is True and r.too_few_runs is False
    assert r.shift is False and r.trend is False
    r = _ihi([1, 9] * 8, 5)  # 16 useful, 16 runs > 13
    assert r.too_many_runs is True


def test_runs_at_the_table_limits_do_not_signal() -> None:
    # 20 useful, exactly 6 runs (= lower) and exactly 16 runs (= upper)
    six = [1] * 4 + [9] * 3 + [1] * 3 + [9] * 3 + [1] * 3 + [9] * 4
    assert _ihi(six, 5).runs == 6 and _ihi(six, 5).too_few_runs is False
    sixteen = [1, 9] * 7 + [1] * 3 + [9] * 3
    r = _ihi(sixteen, 5)
    assert r.runs == 16 and r.too_many_runs is False


def test_fewer_than_ten_useful_points_is_not_enough_data() -> None:
    r = _ihi([1] * 9 + [5, 5], 5)  # 9 useful
    assert (r.shift, r.trend, r.too_few_runs, r.too_many_runs) == ("not enough data",) * 4
    assert r.signal is None


def test_analyse_with_ihi_rules_uses_the_median_and_reports_the_rules() -> None:
    y = [3, 4, 3, 4, 3, 4, 3, 10, 11, 12, 13, 14, 15]
    r = analyse(None, y, rules="ihi")
    (p,) = r.parts
    assert r.centre[0] == 4.0
    assert p.ihi is not None and p.ihi.shift is True  # 10..15 above the median
    assert p.ihi.trend is True  # 3,10,11,...,15 rises for 7 points
    assert p.runs_signal is True
    assert r.runs_signal.all()
    # points in the shift and the trend are marked high
    assert r.signal_side[7:].tolist() == [1] * 6


def test_ihi_on_mr_chart_reports_rules_but_never_signals() -> None:
    y = list(range(9)) + [18, 28, 38, 48, 58, 68, 78, 88]
    r = analyse(None, y, chart="mr", rules="ihi")
    (p,) = r.parts
    assert p.ihi is not None and p.ihi.shift is True
    assert p.runs_signal is False
