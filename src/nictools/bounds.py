"""The dates and numbers the network format holds.

A period in year 9999, a `joined:` in year 1, a numerator of 1e300: each is a typing slip, and
each breaks something later (a week count to year 9999, an integer SQLite cannot store). The
format bounds them where they are read, and `nic validate` says which value is out of bounds:
NIC024 and NIC025 for CSV data, NIC110 and NIC111 for YAML fields; dates typed on the command
line (`--as-of`, `--since`, `--until`, `NIC_TODAY`) are held to the same years.
"""

from __future__ import annotations

import datetime as dt
import math

from nictools.errors import NicError

EARLIEST = dt.date(1900, 1, 1)
LATEST = dt.date(2199, 12, 31)
#: counts and measurements in a network's aggregates stay far below this; doubles hold every
#: whole number up to 2**53 (about 9.007e15) exactly, and SQLite's integers up to 9.2e18
LARGEST = 1e15

DATE_RANGE = f"{EARLIEST.isoformat()} to {LATEST.isoformat()}"
NUMBER_RANGE = "up to a million billion, 10^15, either side of zero"


def date_in_bounds(day: dt.date) -> bool:
    return EARLIEST <= day <= LATEST


def number_in_bounds(number: float) -> bool:
    return math.isfinite(number) and abs(number) <= LARGEST


def parse_day(text: str, what: str) -> dt.date:
    """A date typed by a user (an option, a variable): YYYY-MM-DD within the format's years."""
    try:
        day = dt.date.fromisoformat(text.strip())
    except ValueError:
        raise NicError(f"{what} `{text}` is not a real date.", "Write dates as YYYY-MM-DD.") from None
    if not date_in_bounds(day):
        raise NicError(f"{what} `{text}` is outside the dates nic works with ({DATE_RANGE}).",
                       "Check the year.")
    return day
