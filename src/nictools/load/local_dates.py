"""Dates as spreadsheets write them: 9/8/2025, 09.08.25, 9-8-2025.

Excel and Google Sheets show (and save to CSV) a date in the computer's local form, so
9/8/2025 is the 9th of August in most of the world and September 8 in the United States.
nic never guesses between the two: the order is given (`--date-format DD/MM/YYYY`), or
it follows from the dates themselves (a 13 or more in the first place means day first;
or only one reading gives periods evenly spaced in the file's order), or nic asks.

    order = date_order("DD/MM/YYYY")              # "dmy"
    order = infer_order(["9/8/2025", "16/8/2025"])  # "dmy": 16 cannot be a month
    day = local_date("9/8/2025", "dmy")           # 2025-08-09
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Sequence

from nictools.errors import NicError

_LOCAL = re.compile(r"\s*(\d{1,4})[/.-](\d{1,2})[/.-](\d{1,4})\s*\Z")
ORDERS = ("dmy", "mdy", "ymd")
_SPELLED = {
    "dmy": ("dd/mm/yyyy", "d/m/y", "dd/mm/yy", "d/m/yyyy", "dd.mm.yyyy", "dd-mm-yyyy", "%d/%m/%y",
            "%d.%m.%y", "%d-%m-%y", "day-first", "day first", "dmy"),
    "mdy": ("mm/dd/yyyy", "m/d/y", "mm/dd/yy", "m/d/yyyy", "mm.dd.yyyy", "mm-dd-yyyy", "%m/%d/%y", "%m.%d.%y",
            "%m-%d-%y", "month-first", "month first", "mdy", "us"),
    "ymd": ("yyyy/mm/dd", "y/m/d", "yyyy-mm-dd", "yyyy.mm.dd", "%y/%m/%d", "%y-%m-%d", "%y.%m.%d", "ymd", "iso"),
}
HINT = ("Say which with --date-format DD/MM/YYYY (day first, as in most of the world) or "
        "--date-format MM/DD/YYYY (month first, as in the United States).")


class AmbiguousDates(NicError):
    """Day and month could be either way round; `example` is a date that shows it."""

    def __init__(self, where: str, example: str) -> None:
        self.example = example
        super().__init__(f"The dates in {where}, such as {example}, could be day/month or month/day.", HINT)


def date_order(text: str) -> str:
    """`--date-format` as one of ORDERS (DD/MM/YYYY, MM/DD/YYYY, YYYY/MM/DD, strftime or words)."""
    spelled = text.strip().lower()
    for order, spellings in _SPELLED.items():
        if spelled in spellings or spelled.replace("%", "") in (s.replace("%", "") for s in spellings):
            return order
    raise NicError(f"--date-format `{text}` is not a date format nic knows.", HINT)


def parts(text: str) -> tuple[int, int, int] | None:
    """The three numbers of a local date, or None when `text` is not one."""
    m = _LOCAL.match(text)
    return (int(m.group(1)), int(m.group(2)), int(m.group(3))) if m else None


def _year(y: int) -> int:
    return 2000 + y if y < 100 else y


def local_date(text: str, order: str) -> dt.date | None:
    """`text` read in `order`, or None when it is not a real date that way."""
    found = parts(text)
    if found is None:
        return None
    a, b, c = found
    try:
        if order == "dmy":
            return dt.date(_year(c), b, a)
        if order == "mdy":
            return dt.date(_year(c), a, b)
        return dt.date(_year(a), b, c)
    except ValueError:
        return None


def _evenly_spaced(days: Sequence[dt.date]) -> bool:
    """In order and regular: all a whole number of weeks apart, or all on the first of a month."""
    if any(later <= earlier for earlier, later in zip(days, days[1:])):
        return False
    return all((later - earlier).days % 7 == 0 for earlier, later in zip(days, days[1:])) or \
        all(d.day == 1 for d in days)


def infer_order(texts: Sequence[str], where: str = "the file") -> str | None:
    """The order the local dates in `texts` are written in (None when there are none).

    A NicError when a date cannot be read either way; AmbiguousDates when both readings
    fit (every number 12 or less, and the spacing does not settle it)."""
    local = [t.strip() for t in texts if parts(t)]
    if not local:
        return None
    if all(parts(t)[0] > 31 for t in local):  # type: ignore[index]
        return "ymd"
    fits = [order for order in ("dmy", "mdy") if all(local_date(t, order) for t in local)]
    if not fits:
        bad = next(t for t in local if not local_date(t, "dmy") and not local_date(t, "mdy")) \
            if any(not local_date(t, "dmy") and not local_date(t, "mdy") for t in local) else local[0]
        raise NicError(f"`{bad}` in {where} is not a date either way round (day/month or month/day).",
                       "Fix the date, or give --date-format to say how the dates are written.")
    if len(fits) == 1:
        return fits[0]
    spaced = [order for order in fits if _evenly_spaced([local_date(t, order) for t in local])]  # type: ignore[misc]
    if len(spaced) == 1 and len(local) >= 3:
        return spaced[0]
    example = next((t for t in local if parts(t)[0] != parts(t)[1]), local[0])  # type: ignore[index]
    raise AmbiguousDates(where, example)


def spelled_out(day: dt.date) -> str:
    """A date no one can misread: 9 August 2025."""
    return f"{day.day} {day.strftime('%B')} {day.year}"
