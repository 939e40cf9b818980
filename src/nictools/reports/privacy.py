"""Small-cell masking: reports leave the network, small counts must not.

A count below the network's threshold (`settings.small_cell_threshold`, default 10)
is shown as "<10" in every output: numerators and denominators of data, counts of
students in a cycle's scale. Zero is masked too (it is below the threshold).
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


def is_masked(value: Masked) -> bool:
    return isinstance(value, str) and value.startswith("<")
