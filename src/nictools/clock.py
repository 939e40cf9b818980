"""Today's date, injectable: `NIC_TODAY=2026-01-15` makes every command think it is that day.

Tests and reproducible demos need a fixed "today" (a future-period check, the date a
new cycle is recorded on); everything that asks for today asks here.
"""

from __future__ import annotations

import datetime as dt
import os

from nictools.errors import NicError

TODAY_VARIABLE = "NIC_TODAY"


def today() -> dt.date:
    """`NIC_TODAY` if set, else the system date."""
    raw = os.environ.get(TODAY_VARIABLE, "").strip()
    if not raw:
        return dt.date.today()
    try:
        day = dt.date.fromisoformat(raw)
    except ValueError:
        raise NicError(f"{TODAY_VARIABLE}={raw!r} is not a date in the form YYYY-MM-DD.",
                       f"Unset {TODAY_VARIABLE} or give a date such as 2026-01-15.") from None
    from nictools.bounds import date_in_bounds

    if not date_in_bounds(day):
        raise NicError(f"{TODAY_VARIABLE}={raw!r} is outside the dates nic works with (1900 to 2199).",
                       f"Unset {TODAY_VARIABLE} or give a date such as 2026-01-15.")
    return day
