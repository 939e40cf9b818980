"""'Did you mean': the nearest known id, with zero-padding and case not counted as a difference."""

from __future__ import annotations

from nictools.suggest import closest, did_you_mean


def test_a_number_without_its_zero_padding_finds_the_padded_id() -> None:
    assert closest("CI-7", ["CI-07", "CI-17", "CI-01"]) == "CI-07"
    assert closest("c3", ["C03", "C13"]) == "C03"


def test_case_and_near_misses_and_nothing_close() -> None:
    assert closest("lincon", ["lincoln", "roosevelt"]) == "lincoln"
    assert closest("LINCOLN", ["lincoln"]) == "lincoln"
    assert did_you_mean("zzzzzz", ["lincoln", "roosevelt"]) == ""
