"""NIC30x: measurement data against its measure, its frequency and the calendar.

The reader (`nictools.load.tables`) already reports cells that are not numbers or
dates; these checks look at the rows as a time series.

Frequency rules (documented in docs/checks.md):
* weekly: every period starts on the same weekday (the file's most common one);
  a gap is a missing week whose start does not fall in a calendar break;
* monthly: periods start on the 1st; a gap is a missing month whose 1st is not in a break;
* quarterly and yearly: a gap is more than about a quarter (a year) between periods;
* daily: no alignment or gap checks (school days vary too much to guess).
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from typing import Iterator

from nictools.checks.dates import today
from nictools.checks.registry import make_problem, network_check
from nictools.load.tables import DataRow, DataTable
from nictools.model.network import Network
from nictools.problems import Problem

_WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


def _in_break(day: dt.date, breaks: list[tuple[dt.date, dt.date]]) -> bool:
    return any(start <= day <= end for start, end in breaks)


def _next_month(day: dt.date) -> dt.date:
    return dt.date(day.year + (day.month == 12), day.month % 12 + 1, 1)


def _missing(previous: dt.date, current: dt.date, frequency: str,
             breaks: list[tuple[dt.date, dt.date]]) -> list[dt.date]:
    """The periods expected strictly between two consecutive periods, breaks left out."""
    expected: list[dt.date] = []
    if frequency == "weekly":
        day = previous + dt.timedelta(days=7)
        while day < current - dt.timedelta(days=3):
            if not _in_break(day, breaks):
                expected.append(day)
            day += dt.timedelta(days=7)
    elif frequency == "monthly":
        day = _next_month(previous)
        while day < current.replace(day=1):
            if not _in_break(day, breaks):
                expected.append(day)
            day = _next_month(day)
    elif frequency in ("quarterly", "yearly"):
        limit = 106 if frequency == "quarterly" else 396
        if (current - previous).days > limit and not _in_break(previous + dt.timedelta(days=limit // 2), breaks):
            expected.append(previous + dt.timedelta(days=limit // 2))
    return expected


@network_check
def data_series(network: Network) -> Iterator[Problem]:
    """Each data file as a time series: order, duplicates, alignment, gaps, values."""
    now = today()
    breaks = [(b.start, b.end) for b in network.config.model.calendar.breaks] if network.config else []
    for (_, measure_id), table in network.data.items():
        measure = network.measures.get(measure_id)
        if measure is None or not table.rows:
            continue
        yield from _values(table, measure.model.calculation, network.texts.get(table.path, ""))
        rows = [r for r in table.rows if r.period is not None]
        if not rows:
            continue
        yield from _order_and_duplicates(table, rows)
        for row in rows:
            assert row.period is not None
            if row.period > now:
                yield make_problem("NIC308", table.path, row.line, 1,
                                   f"Row {row.line} is for the period {row.period}, which has not started yet (today is {now}).",
                                   pointer="period")
        yield from _frequency(table, rows, measure.model.frequency, breaks)


def _values(table: DataTable, calculation: str, text: str) -> Iterator[Problem]:
    index = {name: i for i, name in enumerate(table.columns)}
    lines = text.split("\n") if text else []

    class _Columns:
        """Character columns of a row's cells, computed only for rows with a problem."""

        def __init__(self, row_line: int) -> None:
            self.source = lines[row_line - 1] if 0 < row_line <= len(lines) else ""

        def get(self, name: str, default: int = 0) -> int:
            return cell_column(self.source, index[name]) if name in index else default

    unreadable = {p.line for p in table.problems if p.code in ("NIC022", "NIC024")}  # a value is there, not a number nic reads
    counted = ("numerator", "denominator", "n") + (("value",) if calculation == "count" else ())
    col = index  # membership tests below
    for row in table.rows:
        cols = _Columns(row.line)
        for name in counted:
            number = getattr(row, name)
            if number is not None and number < 0:
                yield make_problem("NIC305", table.path, row.line, cols.get(name),
                                   f"Row {row.line}: `{name}` is {_num(number)}; counts cannot be negative.", pointer=name)
        num, den = row.numerator, row.denominator
        if den == 0 and num is not None:
            yield make_problem("NIC306", table.path, row.line, cols.get("denominator"),
                               f"Row {row.line}: the denominator is 0.", pointer="denominator")
        elif calculation == "proportion" and num is not None and den is not None and num > den >= 0:
            yield make_problem("NIC304", table.path, row.line, cols.get("numerator"),
                               f"Row {row.line}: the numerator ({_num(num)}) is larger than the denominator ({_num(den)}).",
                               pointer="numerator")
        values = [row.value] if "value" in col else [row.numerator, row.denominator]
        if all(v is None for v in values) and not row.note and row.period is not None and row.line not in unreadable:
            yield make_problem("NIC309", table.path, row.line, 1,
                               f"Row {row.line} ({row.period}) has no value and no note.")


def cell_column(line: str, index: int) -> int:
    """The 1-based character column where field `index` of a CSV line starts."""
    field, quoted = 0, False
    for position, char in enumerate(line):
        if field == index:
            return position + 1
        if char == '"':
            quoted = not quoted
        elif char == "," and not quoted:
            field += 1
    return len(line) + 1 if field == index else 1


def _num(x: float) -> str:
    return str(int(x)) if x == int(x) else str(x)


def _order_and_duplicates(table: DataTable, rows: list[DataRow]) -> Iterator[Problem]:
    seen: dict[tuple, int] = {}
    previous: DataRow | None = None
    unsorted_reported = False
    for row in rows:
        assert row.period is not None
        key = (row.period, row.subgroup, row.stratum)
        if key in seen:
            extra = "".join(f", {k} `{v}`" for k, v in (("subgroup", row.subgroup), ("stratum", row.stratum)) if v)
            yield make_problem("NIC303", table.path, row.line, 1,
                               f"Row {row.line} repeats the period {row.period}{extra} of row {seen[key]}.", pointer="period")
        else:
            seen[key] = row.line
        if previous is not None and previous.period and row.period < previous.period and not unsorted_reported:
            unsorted_reported = True
            yield make_problem("NIC302", table.path, row.line, 1,
                               f"Row {row.line} ({row.period}) comes after row {previous.line} ({previous.period}): "
                               "the rows are not in period order.", pointer="period")
        previous = row


def _frequency(table: DataTable, rows: list[DataRow], frequency: str,
               breaks: list[tuple[dt.date, dt.date]]) -> Iterator[Problem]:
    periods = sorted({r.period for r in rows if r.period is not None})
    first_line = {}
    for r in rows:
        first_line.setdefault(r.period, r.line)
    off: set[dt.date] = set()
    if frequency == "weekly":
        usual = Counter(p.weekday() for p in periods).most_common(1)[0][0]
        for p in periods:
            if p.weekday() != usual:
                off.add(p)
                yield make_problem("NIC301", table.path, first_line[p], 1,
                                   f"The period {p} is a {_WEEKDAYS[p.weekday()]}; this file's weekly periods start on "
                                   f"{_WEEKDAYS[usual]}s.", pointer="period")
    elif frequency == "monthly":
        for p in periods:
            if p.day != 1:
                off.add(p)
                yield make_problem("NIC301", table.path, first_line[p], 1,
                                   f"The period {p} is not the first of a month; monthly periods start on the 1st "
                                   f"(write {p.replace(day=1)}).", pointer="period")
    aligned = [p for p in periods if p not in off]
    for previous, current in zip(aligned, aligned[1:]):
        missing = _missing(previous, current, frequency, breaks)
        if missing:
            shown = ", ".join(str(m) for m in missing[:3]) + (f" and {len(missing) - 3} more" if len(missing) > 3 else "")
            yield make_problem("NIC307", table.path, first_line[current], 1,
                               f"No data between {previous} and {current}: {len(missing)} {frequency} "
                               f"period{'s' if len(missing) != 1 else ''} missing ({shown}).", pointer="period")
