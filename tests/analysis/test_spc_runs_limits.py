"""Runs-analysis limits: the spc-rules.md §5 table, qbinom, and the IHI runs table."""

from __future__ import annotations

import itertools
import math
from fractions import Fraction

import pytest

from nictools.analysis import runs as rn

# spc-rules.md §5, "Limits for small and common m (from R)"
SPEC_M = list(range(1, 41)) + [50, 60, 70, 80, 90, 100, 200, 500, 1000]
SPEC_LONGEST = [3, 4, 5, 5, 5, 6, 6, 6, 6, 6, 6, 7, 7, 7, 7, 7, 7, 7, 7, 7,
                7, 7, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8,
                9, 9, 9, 9, 9, 10, 11, 12, 13]
SPEC_CROSSINGS = [0, 0, 0, 0, 0, 1, 1, 1, 2, 2, 2, 3, 3, 4, 4, 4, 5, 5, 6, 6,
                  6, 7, 7, 8, 8, 8, 9, 9, 10, 10, 11, 11, 11, 12, 12, 13, 13, 14, 14, 14,
                  19, 23, 28, 32, 37, 41, 88, 231, 474]


@pytest.mark.parametrize(("m", "expected"), list(zip(SPEC_M, SPEC_LONGEST)))
def test_longest_run_max_matches_spec_table(m: int, expected: int) -> None:
    assert rn.longest_run_max(m) == expected


@pytest.mark.parametrize(("m", "expected"), list(zip(SPEC_M, SPEC_CROSSINGS)))
def test_crossings_min_matches_spec_table(m: int, expected: int) -> None:
    assert rn.crossings_min(m) == expected


@pytest.mark.parametrize("m", [12, 23, 46, 91, 182, 363, 725])
def test_longest_run_max_steps_where_spec_says(m: int) -> None:
    assert rn.longest_run_max(m) == rn.longest_run_max(m - 1) + 1


def _qbinom_exact(m: int) -> int:
    """Independent: smallest c with P(Binom(m-1, 1/2) <= c) >= 0.05, in Fractions."""
    trials = m - 1
    acc = Fraction(0)
    for c in range(trials + 1):
        acc += Fraction(math.comb(trials, c), 2**trials)
        if acc >= Fraction(1, 20):
            return c
    return trials


@pytest.mark.parametrize("m", [1001, 1002, 1500, 2047, 3001])
def test_crossings_min_log_space_path_agrees_with_exact(m: int) -> None:
    assert rn.crossings_min(m) == _qbinom_exact(m)


def test_crossings_min_large_m_is_fast_and_plausible() -> None:
    c = rn.crossings_min(100_000)
    # normal approximation: (m-1)/2 - 1.645 * sqrt(m-1)/2
    assert abs(c - (99_999 / 2 - 1.6449 * math.sqrt(99_999) / 2)) < 2


# ---------------------------------------------------------------- IHI runs table


def _brute_force_limits(m: int) -> tuple[int, int]:
    """Enumerate every arrangement of floor(m/2) below and ceil(m/2) above the median."""
    a = m // 2
    counts: dict[int, int] = {}
    for below in itertools.combinations(range(m), a):
        signs = [0] * m
        for i in below:
            signs[i] = 1
        r = 1 + sum(1 for i in range(1, m) if signs[i] != signs[i - 1])
        counts[r] = counts.get(r, 0) + 1
    total = sum(counts.values())
    rs = sorted(counts)
    lower = max(r for r in rs if Fraction(sum(counts[s] for s in rs if s <= r), total) <= Fraction(1, 20))
    upper = min(r for r in rs if Fraction(sum(counts[s] for s in rs if s >= r), total) <= Fraction(1, 20))
    return lower, upper


@pytest.mark.parametrize("m", range(10, 17))
def test_swed_eisenhart_limits_match_brute_force_enumeration(m: int) -> None:
    assert rn.swed_eisenhart_limits(m) == _brute_force_limits(m)


@pytest.mark.parametrize(("m", "lower", "upper"), [(10, 3, 9), (20, 6, 16)])
def test_ihi_limits_match_widely_quoted_rows(m: int, lower: int, upper: int) -> None:
    # Perla, Provost & Murray (2011) Table 1 rows quoted throughout the IHI literature
    assert rn.ihi_runs_limits(m) == (lower, upper)


# Published rows (Perla et al. 2011, Table 1) for 10..40, then the exact derivation.
IHI_TABLE = {
    10: (3, 9), 11: (3, 10), 12: (3, 11), 13: (4, 11), 14: (4, 12), 15: (5, 12),
    16: (5, 13), 17: (5, 13), 18: (6, 14), 19: (6, 15), 20: (6, 16), 21: (7, 16),
    22: (7, 17), 23: (7, 17), 24: (8, 18), 25: (8, 18), 26: (9, 19), 27: (9, 20),
    28: (10, 20), 29: (10, 21), 30: (11, 22), 31: (11, 22), 32: (11, 23), 33: (11, 24),
    34: (12, 24), 35: (12, 25), 36: (13, 25), 37: (13, 26), 38: (14, 26), 39: (14, 27),
    40: (15, 27), 41: (15, 28), 42: (16, 28), 43: (16, 29), 44: (17, 29), 45: (17, 30),
    46: (17, 31), 47: (18, 31), 48: (18, 32), 49: (19, 32), 50: (19, 33), 51: (20, 33),
    52: (20, 34), 53: (21, 34), 54: (21, 35), 55: (21, 36), 56: (22, 36), 57: (22, 37),
    58: (23, 37), 59: (23, 38), 60: (24, 38),
}


@pytest.mark.parametrize(("m", "limits"), sorted(IHI_TABLE.items()))
def test_ihi_table_10_to_60(m: int, limits: tuple[int, int]) -> None:
    assert rn.ihi_runs_limits(m) == limits


def test_published_table_joins_the_derivation_at_its_last_row() -> None:
    assert rn.swed_eisenhart_limits(40) == rn.PERLA_TABLE_1[40]


@pytest.mark.parametrize("m", [40, 41, 61, 200, 999])
def test_ihi_log_space_distribution_agrees_with_exact(m: int) -> None:
    rs, counts, total = rn._runs_pmf_exact(m)
    r, p = rn._runs_pmf_float(m)
    exact = {rr: c / total for rr, c in zip(rs, counts)}
    approx = {int(rr): float(pp) for rr, pp in zip(r, p) if pp > 0}
    assert set(exact) == set(approx)
    for rr in exact:
        assert approx[rr] == pytest.approx(exact[rr], rel=1e-9, abs=1e-300)


def test_ihi_limits_beyond_exact_range_use_float_path() -> None:
    lo, up = rn.ihi_runs_limits(1001)
    # symmetric-ish about the expected number of runs, 1 + 2ab/m
    expected = 1 + 2 * 500 * 501 / 1001
    assert lo < expected < up
    assert abs((expected - lo) - (up - expected)) <= 2
