"""`nic chart --data`: any CSV in the data format, outside a network."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

PART_KEYS = {"part", "n_obs", "n_useful", "longest_run", "longest_run_max", "crossings", "crossings_min",
             "runs_signal", "sigma_signals"}
IHI_KEYS = {"shift", "trend", "too_few_runs", "too_many_runs"}
POINT_KEYS = {"period", "value", "numerator", "denominator", "n", "part", "baseline", "excluded", "centre",
              "lcl", "ucl", "sigma_signal", "runs_signal"}


def weeks(k: int, start: str = "2025-09-01") -> list[str]:
    import datetime as dt

    d = dt.date.fromisoformat(start)
    return [(d + dt.timedelta(days=7 * i)).isoformat() for i in range(k)]


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


P_ROWS = [(80, 100), (82, 100), (78, 100), (85, 100), (81, 100), (79, 100), (90, 100), (91, 100), (92, 100),
          (93, 100), (94, 100), (95, 100)]


@pytest.fixture
def p_csv(tmp_path: Path) -> Path:
    lines = ["period,numerator,denominator"] + [f"{p},{a},{b}" for p, (a, b) in zip(weeks(len(P_ROWS)), P_ROWS)]
    return write(tmp_path, "att.csv", "\n".join(lines) + "\n")


def test_p_chart_json_is_the_contract(cli, p_csv: Path) -> None:
    result = cli("chart", "--data", str(p_csv), "--type", "p", "--format", "json")
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert set(data) == {"chart", "rules", "parts", "points"}
    assert data["chart"] == "p" and data["rules"] == "anhoej"
    assert [set(p) for p in data["parts"]] == [PART_KEYS]
    assert all(set(pt) == POINT_KEYS for pt in data["points"])
    assert [pt["period"] for pt in data["points"]] == weeks(12)
    centre = sum(a for a, _ in P_ROWS) / sum(b for _, b in P_ROWS)
    first = data["points"][0]
    assert first["value"] == pytest.approx(0.80)
    assert first["centre"] == pytest.approx(centre)
    assert first["numerator"] == 80 and first["denominator"] == 100
    assert 0 <= first["lcl"] < first["centre"] < first["ucl"] <= 1


def test_ihi_rules_add_the_four_rules_to_each_part(cli, p_csv: Path) -> None:
    result = cli("chart", "--data", str(p_csv), "--type", "p", "--rules", "ihi", "--format", "json")
    data = json.loads(result.stdout)
    assert data["rules"] == "ihi"
    assert set(data["parts"][0]) == PART_KEYS | IHI_KEYS


def test_p_rows_sharing_a_period_sum_numerators_and_denominators(cli, tmp_path: Path) -> None:
    csv = write(tmp_path, "p.csv", "period,numerator,denominator\n2025-09-01,3,10\n2025-09-01,7,30\n"
                "2025-09-08,5,10\n2025-09-15,6,20\n")
    data = json.loads(cli("chart", "--data", str(csv), "--type", "p", "--format", "json").stdout)
    first = data["points"][0]
    assert (first["numerator"], first["denominator"]) == (10, 40)
    assert first["value"] == pytest.approx(0.25)  # 10/40, not the mean of 0.3 and 0.233
    assert first["centre"] == pytest.approx(21 / 70)


def test_i_chart_combines_rows_of_a_period_by_mean_or_median(cli, tmp_path: Path) -> None:
    rows = "period,value\n2025-09-01,1\n2025-09-01,2\n2025-09-01,9\n2025-09-08,4\n2025-09-15,5\n2025-09-22,6\n"
    csv = write(tmp_path, "i.csv", rows)
    mean = json.loads(cli("chart", "--data", str(csv), "--type", "i", "--format", "json").stdout)
    median = json.loads(cli("chart", "--data", str(csv), "--type", "i", "--agg", "median", "--format", "json").stdout)
    assert mean["points"][0]["value"] == pytest.approx(4.0)
    assert median["points"][0]["value"] == pytest.approx(2.0)
    assert mean["points"][0]["n"] == 3
    assert mean["points"][0]["ucl"] is not None


def test_xbar_chart_uses_the_rows_of_a_period_as_its_subgroup(cli, tmp_path: Path) -> None:
    lines = ["period,subgroup,value"]
    values = [[3.0, 3.2, 3.4], [3.1, 3.3, 3.2], [2.9, 3.0, 3.4], [3.5, 3.1, 3.3], [3.2, 3.2, 3.5]]
    for p, vs in zip(weeks(5), values):
        lines += [f"{p},adv-{k},{v}" for k, v in enumerate(vs)]
    csv = write(tmp_path, "x.csv", "\n".join(lines) + "\n")
    data = json.loads(cli("chart", "--data", str(csv), "--type", "xbar", "--format", "json").stdout)
    assert [pt["n"] for pt in data["points"]] == [3] * 5
    assert data["points"][0]["value"] == pytest.approx(3.2)
    grand = sum(sum(v) for v in values) / 15
    assert data["points"][0]["centre"] == pytest.approx(grand)
    assert data["points"][0]["lcl"] < grand < data["points"][0]["ucl"]


def test_run_chart_has_no_limits_and_says_so_in_words(cli, tmp_path: Path) -> None:
    values = [5, 6, 5, 7, 6, 5, 9, 9, 10, 9, 10, 11, 10, 12]
    csv = write(tmp_path, "r.csv", "period,value\n" + "".join(f"{p},{v}\n" for p, v in zip(weeks(14), values)))
    data = json.loads(cli("chart", "--data", str(csv), "--format", "json").stdout)
    assert data["chart"] == "run"
    assert all(pt["lcl"] is None and pt["ucl"] is None and pt["sigma_signal"] is None for pt in data["points"])
    assert data["parts"][0]["sigma_signals"] is None
    text = cli("chart", "--data", str(csv)).stdout
    assert "useful points" in text and "longest run" in text


def test_split_exclude_and_freeze_by_period(cli, p_csv: Path) -> None:
    split = cli("chart", "--data", str(p_csv), "--type", "p", "--split", "2025-10-13", "--format", "json")
    parts = [pt["part"] for pt in json.loads(split.stdout)["points"]]
    assert parts == [1] * 6 + [2] * 6
    frozen = json.loads(cli("chart", "--data", str(p_csv), "--type", "p", "--baseline-until", "2025-10-06",
                            "--format", "json").stdout)
    assert [pt["baseline"] for pt in frozen["points"]] == [True] * 6 + [False] * 6
    assert frozen["points"][0]["centre"] == pytest.approx(485 / 600)
    excluded = json.loads(cli("chart", "--data", str(p_csv), "--type", "p", "--exclude", "2025-10-13",
                              "--format", "json").stdout)
    assert [pt["excluded"] for pt in excluded["points"]].count(True) == 1
    assert excluded["parts"][0]["n_obs"] == 11


def test_freeze_and_split_together_say_which_applies(cli, p_csv: Path) -> None:
    result = cli("chart", "--data", str(p_csv), "--type", "p", "--freeze", "4", "--split", "2025-10-13")
    assert result.exit_code == 0
    assert "freeze was ignored" in result.stderr


def test_excluding_a_period_not_in_the_data_names_the_nearest(cli, p_csv: Path) -> None:
    result = cli("chart", "--data", str(p_csv), "--type", "p", "--exclude", "2025-10-14")
    assert result.exit_code == 2
    assert "2025-10-14" in result.stderr and "2025-10-13" in result.stderr


def test_bad_csv_is_a_located_problem_and_exit_1(cli, tmp_path: Path) -> None:
    csv = write(tmp_path, "bad.csv", "period,numerator,denominator\n2025-09-01,80,100\n2025-09-08,8O,100\n")
    result = cli("chart", "--data", str(csv), "--type", "p")
    assert result.exit_code == 1
    assert f"{csv.as_posix()}:3:12: error NIC022" in result.stderr  # the character column of `8O`
    assert "`8O` is not a number" in result.stderr
    assert result.stdout == ""


def test_p_chart_of_values_without_denominators_explains(cli, tmp_path: Path) -> None:
    csv = write(tmp_path, "v.csv", "period,value\n2025-09-01,3\n2025-09-08,4\n")
    result = cli("chart", "--data", str(csv), "--type", "p")
    assert result.exit_code == 2
    assert "numerator,denominator" in result.stderr


def test_unknown_chart_type_suggests(cli, p_csv: Path) -> None:
    result = cli("chart", "--data", str(p_csv), "--type", "xbr")
    assert result.exit_code == 2
    assert "Did you mean `xbar`" in result.stderr


def test_out_writes_the_picture_by_extension(cli, p_csv: Path, tmp_path: Path) -> None:
    for ext, magic in (("png", b"\x89PNG"), ("svg", b"<?xml"), ("pdf", b"%PDF")):
        out = tmp_path / f"chart.{ext}"
        result = cli("chart", "--data", str(p_csv), "--type", "p", "--out", str(out))
        assert result.exit_code == 0, result.stderr
        assert out.read_bytes().startswith(magic)
    bad = cli("chart", "--data", str(p_csv), "--out", str(tmp_path / "chart.jpg"))
    assert bad.exit_code == 2 and ".png, .svg or .pdf" in bad.stderr
