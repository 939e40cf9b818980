"""Hand-worked centre lines and limits for every chart type (spc-rules.md §4).

Expected values are worked out in the comments and recomputed here with plain
arithmetic, never by calling the library's own helpers.
"""

from __future__ import annotations

import math

import numpy as np
import pytest

from nictools.analysis.spc import analyse

NAN = float("nan")


def approx(v: float) -> object:
    return pytest.approx(v, rel=1e-12, abs=1e-12)


# ------------------------------------------------------------------ run chart


def test_run_chart_odd_length_has_a_point_on_the_median() -> None:
    r = analyse(None, [3, 1, 4, 1, 5])
    assert r.centre.tolist() == [3.0] * 5  # median of 1,1,3,4,5
    (p,) = r.parts
    # 3 lies on the median: signs 0,-,+,-,+  -> 4 useful, 4 runs
    assert (p.n_obs, p.n_useful, p.longest_run, p.crossings) == (5, 4, 1, 3)
    assert (p.longest_run_max, p.crossings_min, p.runs_signal) == (5, 0, False)
    assert p.sigma_signals is None
    assert np.isnan(r.lcl).all() and np.isnan(r.ucl).all()


def test_run_chart_long_run_and_few_crossings_signal() -> None:
    r = analyse(None, [1] * 8 + [9] * 8)  # median 5; 8 below then 8 above
    (p,) = r.parts
    assert r.centre[0] == 5.0
    assert (p.n_useful, p.longest_run, p.crossings) == (16, 8, 1)
    assert (p.longest_run_max, p.crossings_min) == (7, 4)  # round(log2 16)+3, qbinom(.05,15,.5)
    assert p.runs_signal is True
    assert r.runs_signal.all()


def test_constant_series_has_no_useful_points_and_no_signal() -> None:
    r = analyse(None, [2, 2, 2, 2])
    (p,) = r.parts
    assert (p.n_obs, p.n_useful) == (4, 0)
    assert (p.longest_run, p.longest_run_max, p.crossings, p.crossings_min) == (None,) * 4
    assert p.runs_signal is False


def test_run_chart_with_denominators_plots_ratios() -> None:
    r = analyse(["a", "b", "c"], [1, 3, 2], [4, 4, 8])
    assert r.value.tolist() == [0.25, 0.75, 0.25]
    assert r.centre[0] == 0.25


def test_run_chart_median_aggregation() -> None:
    r = analyse([1, 1, 1, 2, 2], [1, 2, 10, 4, 6], agg="median")
    assert r.value.tolist() == [2.0, 5.0]
    assert r.n.tolist() == [3.0, 2.0]
    r = analyse([1, 1, 1, 2, 2], [1, 2, 10, 4, 6], agg="sum")
    assert r.value.tolist() == [13.0, 10.0]
    r = analyse([1, 1, 1, 2, 2], [1, 2, 10, 4, 6])
    assert r.value.tolist() == [13 / 3, 5.0]


# ------------------------------------------------------------------ I and MR


def test_i_chart_hand_worked() -> None:
    y = [10, 12, 11, 14, 13]
    r = analyse(None, y, chart="i")
    cl = 60 / 5  # 12
    amr = (2 + 1 + 3 + 1) / 4  # 1.75; screening limit 3.267*1.75 = 5.717 keeps all
    assert r.centre[0] == approx(cl)
    assert r.ucl[0] == approx(cl + 3 * amr / 1.128)
    assert r.lcl[0] == approx(cl - 3 * amr / 1.128)
    r2 = analyse(None, y, chart="i", sigma=2)
    assert r2.ucl[0] == approx(cl + 2 * amr / 1.128)


def test_i_chart_screening_and_unfloored_lcl() -> None:
    # eleven alternating 1,2 then a spike of 40: MRs are ten 1s and one 39
    y = [1, 2] * 5 + [1, 40]
    cl = (6 * 1 + 5 * 2 + 40) / 12
    amr = (10 + 39) / 11  # 4.4545; 3.267*amr = 14.55 -> the 39 is screened out
    screened = analyse(None, y, chart="i")
    assert screened.ucl[0] == approx(cl + 3 * 1 / 1.128)
    assert screened.lcl[0] == approx(cl - 3 * 1 / 1.128)
    # cl = 4.667, LCL = 4.667 - 2.660 = 2.007: every 1 and 2 is below it, the 40 above
    assert screened.parts[0].sigma_signals == 12
    raw = analyse(None, y, chart="i", screen_mr=False)
    assert raw.ucl[0] == approx(cl + 3 * amr / 1.128)
    assert raw.lcl[0] == approx(cl - 3 * amr / 1.128)
    assert raw.lcl[0] < 0  # the I chart's LCL is never floored
    assert raw.parts[0].sigma_signals == 1


def test_i_chart_missing_value_breaks_moving_ranges() -> None:
    r = analyse(None, [1, 2, None, 4, 5], chart="i")
    # MRs: 1, NA, NA, 1 -> AMR 1 (no bridge |4-2| = 2); mean of 1,2,4,5 = 3
    assert r.centre[0] == 3.0
    assert r.ucl[0] == approx(3 + 3 / 1.128)
    (p,) = r.parts
    assert (p.n_obs, p.n_useful) == (5, 4)  # n_obs counts the missing point
    assert math.isnan(r.value[2])


def test_mr_chart_hand_worked_and_never_signals_runs() -> None:
    r = analyse(None, [10, 12, 11, 14, 13], chart="mr")
    assert math.isnan(r.value[0])
    assert r.value[1:].tolist() == [2, 1, 3, 1]
    assert r.centre[0] == 1.75
    assert r.ucl[0] == approx(3.267 * 1.75)
    assert r.lcl[0] == 0.0
    r2 = analyse(None, [10, 12, 11, 14, 13], chart="mr", sigma=2)
    assert r2.ucl[0] == approx(3.267 / 3 * 2 * 1.75)
    # MRs: eight 1s then eight 10s -> a run of 8 > 7 about the mean MR 5.5; still no signal
    y = list(range(9)) + [18, 28, 38, 48, 58, 68, 78, 88]
    r3 = analyse(None, y, chart="mr")
    (p,) = r3.parts
    assert (p.n_obs, p.n_useful, p.longest_run, p.longest_run_max) == (17, 16, 8, 7)
    assert p.runs_signal is False
    assert not r3.runs_signal.any()


# ------------------------------------------------------------------ X-bar and S

EQUAL = ([1, 1, 1, 2, 2, 2, 3, 3, 3], [1, 2, 3, 2, 4, 6, 3, 3, 3])  # means 2,4,3; SDs 1,2,0
C4_3 = math.sqrt(math.pi) / 2  # c4(3) = sqrt(2/2) * Gamma(1.5)/Gamma(1)
C4_2 = math.sqrt(2 / math.pi)  # c4(2) = sqrt(2) * Gamma(1)/Gamma(0.5)


def test_xbar_equal_sizes_uses_mean_sd() -> None:
    r = analyse(*EQUAL, chart="xbar")
    assert r.value.tolist() == [2.0, 4.0, 3.0]
    assert r.n.tolist() == [3, 3, 3]
    sbar = (1 + 2 + 0) / 3
    a3 = 3 / (C4_3 * math.sqrt(3))  # 1.954
    assert r.centre[0] == approx(3.0)
    assert r.ucl[0] == approx(3 + a3 * sbar)
    assert r.lcl[0] == approx(3 - a3 * sbar)


def test_s_chart_equal_sizes() -> None:
    r = analyse(*EQUAL, chart="s")
    assert r.value.tolist() == pytest.approx([1.0, 2.0, 0.0])
    c5 = math.sqrt(1 - C4_3**2)
    assert r.centre[0] == approx(1.0)
    assert r.ucl[0] == approx(1 + 3 * c5 / C4_3)  # B4(3) = 2.568
    assert r.lcl[0] == 0.0  # 1 - 3*c5/c4 < 0 is floored


def test_xbar_one_odd_subgroup_size_switches_to_pooled_sd() -> None:
    x = [1, 1, 1, 2, 2, 2, 3, 3]
    y = [1, 2, 3, 2, 4, 6, 3, 5]  # sizes 3,3,2; SDs 1, 2, sqrt(2)
    r = analyse(x, y, chart="xbar")
    pooled = math.sqrt((2 * 1 + 2 * 4 + 1 * 2) / (2 + 2 + 1))
    cl = (3 * 2 + 3 * 4 + 2 * 4) / 8
    assert r.centre[0] == approx(cl)
    assert r.ucl[0] == approx(cl + 3 / (C4_3 * math.sqrt(3)) * pooled)
    assert r.ucl[2] == approx(cl + 3 / (C4_2 * math.sqrt(2)) * pooled)  # per-size A3
    s = analyse(x, y, chart="s")
    assert s.centre[0] == approx(pooled)
    c5_2 = math.sqrt(1 - C4_2**2)
    assert s.ucl[2] == approx((1 + 3 * c5_2 / C4_2) * pooled)


def test_xbar_subgroup_of_one_has_no_limits() -> None:
    r = analyse([1, 1, 2, 2, 3], [1, 3, 2, 4, 9], chart="xbar")
    assert math.isnan(r.ucl[2]) and math.isnan(r.lcl[2])
    assert not math.isnan(r.ucl[0])


# ------------------------------------------------------------------ C, U, P


def test_c_chart() -> None:
    r = analyse(None, [20, 25, 30, 25], chart="c")
    assert r.centre[0] == 25.0
    assert (r.lcl[0], r.ucl[0]) == (25 - 15, 25 + 15)
    low = analyse(None, [2, 4, 6, 4], chart="c")
    assert (low.lcl[0], low.ucl[0]) == (0.0, 4 + 3 * 2)  # LCL floored at 0
    assert low.numerator.tolist() == [2, 4, 6, 4]


def test_u_chart() -> None:
    r = analyse(None, [20, 30, 25], [2, 3, 2.5], chart="u")
    assert r.value.tolist() == pytest.approx([10, 10, 10])
    assert r.centre[0] == 10.0
    assert r.ucl[0] == approx(10 + 3 * math.sqrt(10 / 2))
    assert r.lcl[1] == approx(10 - 3 * math.sqrt(10 / 3))
    low = analyse(None, [2, 6, 4], [1, 2, 1], chart="u")
    assert low.centre[0] == 3.0 and low.lcl[0] == 0.0  # floored
    assert low.ucl[0] == approx(3 + 3 * math.sqrt(3))  # never capped


def test_p_chart_zero_denominator_and_floor() -> None:
    r = analyse(["w1", "w2", "w3", "w4"], [5, 10, 15, 0], [50, 100, 100, 0], chart="p")
    cl = 30 / 250
    assert r.centre[0] == approx(cl)
    s1 = math.sqrt(cl * (1 - cl) / 50)
    assert r.ucl[0] == approx(cl + 3 * s1)
    assert r.lcl[0] == 0.0
    assert math.isnan(r.value[3]) and math.isnan(r.ucl[3]) and math.isnan(r.lcl[3])
    assert any("w4" in n and "zero" in n for n in r.notices)
    pt = r.to_json_dict()["points"][3]
    assert (pt["value"], pt["lcl"], pt["ucl"], pt["sigma_signal"]) == (None, None, None, False)
    assert (pt["numerator"], pt["denominator"]) == (0, 0)
    (p,) = r.parts
    assert (p.n_obs, p.n_useful) == (4, 3)


def test_p_chart_ucl_capped_at_one() -> None:
    r = analyse(None, [9, 1, 9], [10, 2, 10], chart="p")
    cl = 19 / 22
    s2 = math.sqrt(cl * (1 - cl) / 2)
    assert r.ucl[1] == 1.0
    assert r.lcl[1] == approx(cl - 3 * s2)


def test_missing_numerator_blanks_its_denominator() -> None:
    r = analyse(None, [1, None, 3], [10, 10, 10], chart="p")
    assert r.centre[0] == approx(4 / 20)  # not 4/30
    assert math.isnan(r.numerator[1]) and math.isnan(r.denominator[1])
    assert r.n.tolist() == [1, 0, 1]


def test_p_chart_needs_denominators() -> None:
    with pytest.raises(ValueError, match="denominators"):
        analyse(None, [1, 2, 3], chart="p")


# ------------------------------------------------------------------ Laney P' and U'


def test_pp_chart_hand_worked() -> None:
    r = analyse(None, [10, 20, 30, 40], [100] * 4, chart="pp")
    cl = 100 / 400
    sp = math.sqrt(cl * (1 - cl) / 100)
    # z = (p - cl)/sp steps by 0.1/sp, so sigma_z = (0.1/sp)/1.128 and sigma' = 0.1/1.128
    assert r.centre[0] == approx(cl)
    assert r.ucl[0] == approx(cl + 3 * sp * ((0.1 / sp) / 1.128))
    assert r.lcl[0] == 0.0  # cl - 0.266 < 0 is floored


def test_up_chart_hand_worked() -> None:
    r = analyse(None, [10, 20, 30, 40], [10] * 4, chart="up")
    # u = 1..4, cl 2.5, sigma_u = 0.5, z = -3,-1,1,3: MR 2 -> sigma_z = 2/1.128
    assert r.centre[0] == 2.5
    assert r.ucl[0] == approx(2.5 + 3 * 0.5 * 2 / 1.128)
    assert r.lcl[0] == 0.0


# ------------------------------------------------------------------ I prime


def test_ip_chart_hand_worked() -> None:
    r = analyse(None, [1, 2, 3], [10, 20, 10], chart="ip")
    assert r.value.tolist() == pytest.approx([0.1, 0.1, 0.3])
    cl = (0.1 * 10 + 0.1 * 20 + 0.3 * 10) / 40
    s = [0.0, math.sqrt(math.pi / 2) * 0.2 / math.sqrt(1 / 20 + 1 / 10)]
    sbar = sum(s) / 2  # screening limit 3.2665*sbar keeps both
    assert r.centre[0] == approx(cl)
    assert r.ucl[0] == approx(cl + 3 * sbar * math.sqrt(1 / 10))
    assert r.ucl[1] == approx(cl + 3 * sbar * math.sqrt(1 / 20))
    assert r.lcl[0] == approx(cl - 3 * sbar * math.sqrt(1 / 10))  # not floored


def test_ip_chart_without_n_uses_subgroup_size() -> None:
    r = analyse([1, 1, 2, 3], [2, 4, 3, 5], chart="ip")
    assert r.value.tolist() == [3.0, 3.0, 5.0]


# ------------------------------------------------------------------ T and G


def test_t_chart_transform() -> None:
    t = [1.0, 2.0, 3.0, 2.0]
    y = [v**3.6 for v in t]
    r = analyse(None, y, chart="t")
    # I chart on t: mean 2, MRs 1,1,1 -> sigma 1/1.128
    assert r.centre[0] == pytest.approx(2**3.6, rel=1e-12)
    assert r.ucl[0] == pytest.approx((2 + 3 / 1.128) ** 3.6, rel=1e-12)
    assert r.lcl[0] == 0.0  # 2 - 2.66 < 0 on the transformed scale
    assert r.value.tolist() == y  # plotted on the original scale
    with pytest.raises(ValueError, match="greater than zero"):
        analyse(None, [1, 0, 2], chart="t")


def test_g_chart_centre_is_median_limits_from_mean() -> None:
    r = analyse(None, [2, 4, 6, 20], chart="g")
    m = 8.0
    assert r.centre[0] == 5.0  # median
    assert r.ucl[0] == approx(m + 3 * math.sqrt(m * (m + 1)))
    assert r.lcl[0] == 0.0


def test_xbar_empty_subgroup_switches_to_pooled_like_qicharts2() -> None:
    # sizes 3,3,3,0: qicharts2 compares all sizes (0 included) and pools with
    # denominator sum(n_i - 1) = 2 + 2 + 2 - 1 = 5 over the numerator 2*1 + 2*4 + 2*0 = 10
    x = [1, 1, 1, 2, 2, 2, 3, 3, 3, 4]
    y = [1, 2, 3, 2, 4, 6, 3, 3, 3, None]
    s = analyse(x, y, chart="s")
    assert s.centre[0] == approx(math.sqrt(10 / 5))
    assert math.isnan(s.value[3]) and math.isnan(s.ucl[3])


def test_agg_applies_to_the_plotted_value_of_other_charts() -> None:
    r = analyse([1, 1, 1, 2, 3], [1, 2, 9, 4, 6], chart="g", agg="median")
    assert r.value.tolist() == [2.0, 4.0, 6.0]
