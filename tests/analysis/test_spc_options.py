"""Parts, freeze, exclude, data preparation and the JSON contract (spc-rules.md §2, §3, §8)."""

from __future__ import annotations

import json
import math

import numpy as np
import pytest

from nictools.analysis.prepare import group, positions_of
from nictools.analysis.spc import analyse, classify_signals

PART_KEYS = ["part", "n_obs", "n_useful", "longest_run", "longest_run_max", "crossings",
             "crossings_min", "runs_signal", "sigma_signals"]
POINT_KEYS = ["period", "value", "numerator", "denominator", "n", "part", "baseline",
              "excluded", "centre", "lcl", "ucl", "sigma_signal", "runs_signal"]


# ------------------------------------------------------------------ parts / freeze / exclude


def test_parts_are_computed_separately_and_mrs_do_not_cross() -> None:
    r = analyse(None, [1, 2, 3, 10, 11, 12], chart="i", splits=[3])
    assert r.part.tolist() == [0, 0, 0, 1, 1, 1]
    assert r.centre.tolist() == [2, 2, 2, 11, 11, 11]
    # each part: MRs 1, 1 -> sigma 1/1.128 (the jump 3 -> 10 is not a moving range)
    assert r.ucl[0] == pytest.approx(2 + 3 / 1.128, rel=1e-12)
    assert r.ucl[5] == pytest.approx(11 + 3 / 1.128, rel=1e-12)
    assert [p.part for p in r.parts] == [1, 2]
    assert [(p.start, p.stop) for p in r.parts] == [(0, 3), (3, 6)]


def test_mr_chart_restarts_at_each_part() -> None:
    r = analyse(None, [1, 2, 3, 10, 11, 12], chart="mr", splits=[3])
    assert math.isnan(r.value[0]) and math.isnan(r.value[3])


def test_splits_outside_range_are_ignored_with_a_notice() -> None:
    r = analyse(None, [1, 2, 3, 4], splits=[0, 4, 9])
    assert len(r.parts) == 1
    assert sum("ignored" in n for n in r.notices) == 3


def test_freeze_uses_baseline_for_centre_but_tests_all_points() -> None:
    r = analyse(None, list(range(1, 11)), freeze=4)
    assert r.centre.tolist() == [2.5] * 10  # median of 1..4
    assert r.baseline.tolist() == [True] * 4 + [False] * 6
    (p,) = r.parts
    # 1,2 below; 3..10 above (8 points) -> longest 8 > 6, crossings 1 < 2
    assert (p.n_obs, p.n_useful, p.longest_run, p.crossings) == (10, 10, 8, 1)
    assert p.runs_signal is True


def test_freeze_is_ignored_with_a_notice_when_parts_are_given() -> None:
    r = analyse(None, list(range(1, 11)), freeze=4, splits=[5])
    assert r.baseline.all()
    assert r.centre.tolist() == [3.0] * 5 + [8.0] * 5
    assert any("freeze was ignored because parts were given" in n for n in r.notices)


def test_freeze_must_be_positive() -> None:
    with pytest.raises(ValueError):
        analyse(None, [1, 2, 3], freeze=0)


def test_exclude_leaves_estimation_and_runs_but_can_still_signal() -> None:
    r = analyse(None, [1, 2, 100, 3, 4], chart="i", exclude=[2])
    # base 1,2,3,4: mean 2.5; MRs bridge the excluded point: 1, 1, 1
    assert r.centre[0] == 2.5
    assert r.ucl[0] == pytest.approx(2.5 + 3 / 1.128, rel=1e-12)
    assert r.sigma_signal.tolist() == [False, False, True, False, False]
    (p,) = r.parts
    assert (p.n_obs, p.n_useful, p.crossings, p.sigma_signals) == (4, 4, 1, 1)
    assert r.excluded.tolist() == [False, False, True, False, False]


def test_part_runs_signal_is_copied_to_its_points() -> None:
    y = [5, 6, 5, 6, 5, 6] + [1] * 8 + [9] * 8
    r = analyse(None, y, splits=[6])
    assert [p.runs_signal for p in r.parts] == [False, True]
    assert r.runs_signal.tolist() == [False] * 6 + [True] * 16


# ------------------------------------------------------------------ data preparation


def test_rows_grouped_by_sorted_period_and_missing_period_dropped() -> None:
    s = group(["2024-03", "2024-01", None, "2024-03", "2024-02"], [3, 1, 99, 5, 2])
    assert s.periods.tolist() == ["2024-01", "2024-02", "2024-03"]
    assert s.mean.tolist() == [1, 2, 4]
    assert s.count.tolist() == [1, 1, 2]
    assert s.sd[2] == pytest.approx(math.sqrt(2))


def test_all_missing_subgroup_is_a_gap_not_a_zero() -> None:
    s = group([1, 1, 2], [None, None, 4], [5, 5, 5])
    assert math.isnan(s.ysum[0]) and math.isnan(s.nsum[0]) and s.count[0] == 0
    assert math.isnan(s.ratio()[0])
    r = analyse([1, 2, 3], [1, None, 3], chart="i")
    assert math.isnan(r.value[1])
    assert r.to_json_dict()["points"][1]["value"] is None


def test_positions_of_periods() -> None:
    x = ["2024-03", "2024-01", "2024-02"]
    assert positions_of(x, ["2024-01", "2024-03"]) == [0, 2]
    with pytest.raises(ValueError, match="2023-12"):
        positions_of(x, ["2023-12"])


def test_mean_is_computed_like_r_so_points_on_the_centre_are_found() -> None:
    # R: mean(c(0.1, 0.2, 0.3)) == 0.2 exactly; a naive float64 sum gives 0.20000000000000004
    r = analyse(None, [0.1, 0.2, 0.3], chart="i")
    assert r.centre[0] == 0.2
    assert r.parts[0].n_useful == 2


# ------------------------------------------------------------------ JSON contract


def test_json_shape_is_exactly_the_contract() -> None:
    r = analyse(["2024-01", "2024-02", "2024-03"], [1, 0, 3], [10, 0, 10], chart="p")
    d = r.to_json_dict()
    assert list(d) == ["chart", "rules", "parts", "points"]
    assert (d["chart"], d["rules"]) == ("p", "anhoej")
    assert list(d["parts"][0]) == PART_KEYS
    assert all(list(p) == POINT_KEYS for p in d["points"])
    assert [p["period"] for p in d["points"]] == ["2024-01", "2024-02", "2024-03"]
    text = json.dumps(d, allow_nan=False)  # no NaN or Infinity anywhere
    assert "NaN" not in text
    assert d["points"][0]["part"] == 1 and d["parts"][0]["part"] == 1


def test_json_run_chart_has_null_limits_and_sigma_fields() -> None:
    d = analyse(None, [1, 2, 3, 4]).to_json_dict()
    assert all(p["lcl"] is None and p["ucl"] is None and p["sigma_signal"] is None
               for p in d["points"])
    assert d["parts"][0]["sigma_signals"] is None
    assert all(p["numerator"] is None and p["denominator"] is None for p in d["points"])
    assert [p["period"] for p in d["points"]] == [1, 2, 3, 4]
    assert all(type(p["period"]) is int and type(p["n"]) is int for p in d["points"])


def test_json_ihi_parts_have_the_four_rules() -> None:
    d = analyse(None, [1, 2, 3], rules="ihi").to_json_dict()
    part = d["parts"][0]
    assert list(part) == PART_KEYS + ["shift", "trend", "too_few_runs", "too_many_runs"]
    assert part["shift"] == part["trend"] == "not enough data"
    assert part["runs_signal"] is None
    assert part["longest_run_max"] is None and part["crossings_min"] is None


def test_result_arrays_are_read_only() -> None:
    r = analyse(None, [1, 2, 3], chart="i")
    with pytest.raises(ValueError):
        r.centre[0] = 5


def test_unknown_options_are_rejected() -> None:
    for kw in ({"chart": "x"}, {"rules": "nelson"}, {"agg": "mode"}, {"sigma": 0}):
        with pytest.raises(ValueError):
            analyse(None, [1, 2, 3], **kw)  # type: ignore[arg-type]


# ------------------------------------------------------------------ improvement / concern


def test_classify_sigma_and_run_signals_by_direction() -> None:
    y = [1] * 8 + [9] * 8  # run chart: both runs of 8 exceed the limit 7
    r = analyse(None, y)
    assert r.signal_side.tolist() == [-1] * 8 + [1] * 8
    up = classify_signals(r, "up")
    assert up == ["concern"] * 8 + ["improvement"] * 8
    assert classify_signals(r, "down") == ["improvement"] * 8 + ["concern"] * 8
    assert classify_signals(r, None) == ["neither"] * 16


def test_classify_marks_only_points_outside_limits_when_runs_are_random() -> None:
    y = [4, 6] * 5 + [40]
    r = analyse(None, y, chart="i", exclude=[10])  # mean 5, UCL 10.3; runs alternate
    assert r.parts[0].runs_signal is False
    kinds = classify_signals(r, "down")
    assert kinds == [None] * 10 + ["concern"]


def test_classify_points_in_a_long_run_too() -> None:
    y = [1, 2] * 5 + [1, 40]
    r = analyse(None, y, chart="i", screen_mr=False)
    # only the 40 is outside the limits, but the eleven points before it form a run of 11
    # below the mean (limit 7): improvement when lower is better
    assert r.parts[0].sigma_signals == 1
    assert classify_signals(r, "down") == ["improvement"] * 11 + ["concern"]


def test_crossings_only_signal_marks_no_single_point() -> None:
    y = [1, 1, 1, 9, 9, 9, 1, 1, 1, 9, 9, 9, 1, 1, 1, 9, 9, 9, 1, 1, 1, 9, 9, 9, 5]
    r = analyse(None, y)
    (p,) = r.parts
    assert p.longest_run == 3 and p.crossings == 7 and p.crossings_min == 8
    assert p.runs_signal is True
    assert not r.signal_side.any()


def test_mr_signals_have_no_direction() -> None:
    r = analyse(None, [1, 2, 1, 2, 1, 2, 1, 2, 1, 30], chart="mr")
    assert classify_signals(r, "up")[-1] == "neither"


@pytest.mark.parametrize("chart", ["run", "i", "mr", "xbar", "s", "t", "c", "g", "ip"])
@pytest.mark.parametrize("y", [[], [None, None], [5], [5, None], [1, 1, 1]])
def test_degenerate_series_give_nulls_not_errors(chart: str, y: list[float | None]) -> None:
    with np.errstate(all="raise"):
        d = analyse(None, y, chart=chart, rules="ihi").to_json_dict()
    json.dumps(d, allow_nan=False)
    assert len(d["points"]) == len(y)


@pytest.mark.parametrize("chart", ["p", "pp", "u", "up", "ip"])
@pytest.mark.parametrize(("y", "n"), [([], []), ([None], [3]), ([1], [0]), ([1, 2], [0, 0]),
                                      ([0, 0], [4, 5])])
def test_degenerate_ratio_series_give_nulls_not_errors(chart: str, y: list, n: list) -> None:
    json.dumps(analyse(None, y, n, chart=chart).to_json_dict(), allow_nan=False)
