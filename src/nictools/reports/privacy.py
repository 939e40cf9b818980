"""Small-cell masking: reports leave the network, small counts must not.

A count below the network's threshold (`settings.small_cell_threshold`, default 10)
is shown as "<10" in every output: numerators and denominators of data, counts of
students in a cycle's scale. Zero is masked too (it is below the threshold).

A numerator and its denominator are masked together (`mask_pair`): shown beside the
proportion, either one gives the other back, and so does a small complement (2 of 200
students *not* attending is a small cell too). The partner of a small count reads
"masked".
"""

from __future__ import annotations

Masked = int | str | None


def mask_count(value: float | int | None, threshold: int) -> Masked:
    """A count as it may be shown: the whole number, or "<threshold" when it is small."""
    if value is None:
        return None
    number = int(round(float(value)))
    if threshold > 0 and number < threshold:
        return f"<{threshold}"
    return number


#: What a count shows when it is hidden only because its partner in a ratio is small.
HIDDEN = "masked"


def mask_pair(numerator: float | int | None, denominator: float | int | None,
              threshold: int) -> tuple[Masked, Masked]:
    """A ratio's counts as they may be shown: both hidden when the numerator, the
    denominator or what separates them is a small cell."""
    num, den = mask_count(numerator, threshold), mask_count(denominator, threshold)
    if numerator is None or denominator is None or threshold <= 0:
        return num, den
    complement = int(round(float(denominator))) - int(round(float(numerator)))
    if is_masked(num) or is_masked(den) or 0 <= complement < threshold:
        return (num if is_masked(num) else HIDDEN), (den if is_masked(den) else HIDDEN)
    return num, den


def is_masked(value: Masked) -> bool:
    return isinstance(value, str) and (value.startswith("<") or value == HIDDEN)
