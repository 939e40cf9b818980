""""Did you mean …?": the closest known name to a misspelled one."""

from __future__ import annotations

import difflib
import re
from typing import Iterable

_NUMBER = re.compile(r"\d+")


def _unpadded(text: str) -> str:
    """`CI-07` and `ci-7` alike: lower case, numbers without leading zeros."""
    return _NUMBER.sub(lambda m: str(int(m.group())), text.lower())


def closest(value: str, known: Iterable[str]) -> str | None:
    """The known name nearest to `value`, or None when nothing is close.

    Case-insensitive equality wins; short ids (`S2` for `S1`) get a looser cutoff
    than long words, since one character is a bigger share of them.
    """
    options = list(known)
    lowered = {o.lower(): o for o in options}
    if value.lower() in lowered:
        return lowered[value.lower()]
    unpadded = {_unpadded(o): o for o in options}
    if _unpadded(value) in unpadded:  # CI-7 for CI-07, C3 for C03
        return unpadded[_unpadded(value)]
    cutoff = 0.5 if len(value) <= 4 else 0.6
    found = difflib.get_close_matches(value, options, n=1, cutoff=cutoff)
    if not found:
        found = difflib.get_close_matches(value.lower(), list(lowered), n=1, cutoff=cutoff)
        found = [lowered[f] for f in found]
    return found[0] if found else None


def did_you_mean(value: str, known: Iterable[str]) -> str:
    """`Did you mean `x`? ` or the empty string."""
    match = closest(value, known)
    return f"Did you mean `{match}`? " if match else ""
