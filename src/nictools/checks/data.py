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
from typing import Callable, Iterator

from nictools.checks.dates import today
from nictools.catalogue import make_problem
from nictools.checks.registry import emits
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


def gaps_in(periods: list[dt.date], frequency: str, breaks: list[tuple[dt.date, dt.date]]) -> list[dt.date]:
    """Every period missing between the first and last of `periods` (the NIC307 rule, for
    `nic data import` to say before writing what `nic validate` would say after)."""
    days = sorted(set(periods))
    out: list[dt.date] = []
    for previous, current in zip(days, days[1:]):
        out += _missing(previous, current, frequency, breaks)
    return out


@emits("NIC022", "NIC301", "NIC302", "NIC303", "NIC304", "NIC315",
       "NIC305", "NIC306", "NIC307", "NIC308", "NIC309")
def data_series(network: Network) -> Iterator[Problem]:
    """Each data file as a time series: order, duplicates, alignment, gaps, values."""
    now = today()
    breaks = [(b.start, b.end) for b in network.config.model.calendar.breaks] if network.config else []
    for (_, measure_id), table in network.data.items():
        if not network.in_focus(table.path):
            continue
        measure = network.measures.get(measure_id)
        if measure is None or not table.rows:
            continue
        yield from _values(table, measure.model.calculation, lambda path=table.path: network.texts.get(path, ""))
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
        if measure.model.calculation in ("proportion", "rate"):
            yield from _unusual_denominators(table, rows)


#: a denominator is unusual when it is below 1/FAR_FACTOR or above FAR_FACTOR times the
#: median of the (up to) RECENT denominators before it, of which at least LEAST are needed
FAR_FACTOR, RECENT, LEAST = 2.0, 8, 4


def far_from_recent(denominators: list[float | None], notes: list[str | None] | None = None, *,
                    settled: bool = True) -> list[tuple[int, float]]:
    """(index, recent median) of each denominator (in period order) that is less than half,
    or more than twice, the median of the ones before it (and the one just before): usually a typo (77/100 for
    201/259) or a changed definition. A row with a note is never flagged (the note says why).

    `settled` (a whole file, as `nic validate` reads it): a rise counts only when the next
    period falls back, since a ramp (one advisory, then the whole grade) rises and stays.
    Unsettled (the commands that add data, which ask before writing): every far value.
    The one home of this rule: NIC315 and the data commands both use it."""
    out: list[tuple[int, float]] = []
    for i, value in enumerate(denominators):
        before = [d for d in denominators[max(0, i - RECENT):i] if d]
        if value is None or len(before) < LEAST or (notes and notes[i]):
            continue
        ordered = sorted(before)  # statistics.median's own steps, without its per-call overhead
        half = len(ordered) // 2
        median = ordered[half] if len(ordered) % 2 else (ordered[half - 1] + ordered[half]) / 2
        yardsticks = (median, before[-1])  # far from the recent median and from the period just before
        if all(value < y / FAR_FACTOR for y in yardsticks):
            out.append((i, median))
        elif all(value > y * FAR_FACTOR for y in yardsticks):
            following = denominators[i + 1] if i + 1 < len(denominators) else None
            if not settled or (following is not None and following < median * FAR_FACTOR):
                out.append((i, median))
    return out


def _unusual_denominators(table: DataTable, rows: list[DataRow]) -> Iterator[Problem]:
    groups: dict[tuple, list[DataRow]] = {}
    for row in sorted(rows, key=lambda r: r.period):  # type: ignore[arg-type, return-value]
        groups.setdefault((row.subgroup, row.stratum), []).append(row)
    for members in groups.values():
        for i, median in far_from_recent([r.denominator for r in members], [r.note for r in members]):
            row = members[i]
            yield make_problem("NIC315", table.path, row.line, 1,
                               f"Row {row.line} ({row.period}): the denominator {_num(row.denominator or 0)} is far from "
                               f"the recent ones (about {_num(round(median))}).", pointer="denominator")


def _values(table: DataTable, calculation: str, read_text: Callable[[], str]) -> Iterator[Problem]:
    index = {name: i for i, name in enumerate(table.columns)}
    lines: list[str] = []  # the file's lines, read only when a row has a problem to place

    class _Columns:
        """Character columns of a row's cells, computed only for rows with a problem."""

        def __init__(self, row_line: int) -> None:
            self.row_line = row_line

        def get(self, name: str, default: int = 0) -> int:
            if name not in index:
                return default
            if not lines:
                text = read_text()
                lines.extend(text.split("\n") if text else [""])
            source = lines[self.row_line - 1] if 0 < self.row_line <= len(lines) else ""
            return cell_column(source, index[name])

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


#: A frozen baseline needs at least this many useful points (docs/practice.md); kept equal to
#: nictools.measurement.assessment.MIN_BASELINE (checks sit below measurement in the layers).
MIN_BASELINE = 12


def _useful_periods(table: DataTable, until: dt.date) -> int:
    """Periods up to `until` that give a value (the whole group's rows, not strata)."""
    seen = set()
    for r in table.rows:
        if r.period is None or r.stratum is not None or r.period > until:
            continue
        if table.kind == "ratio":
            ok = r.numerator is not None and r.denominator is not None and r.denominator > 0
        else:
            ok = r.value is not None
        if ok:
            seen.add(r.period)
    return len(seen)


@emits("NIC370")
def short_baselines(network: Network) -> Iterator[Problem]:
    """NIC370: a measure's effective baseline is shorter than MIN_BASELINE useful points."""
    hint = (f"Give the baseline {MIN_BASELINE} to 20 useful points; with fewer, the limits are unreliable "
            "and ordinary periods read as signals.")
    config = network.config
    setting = config.model.settings.baseline_points if config is not None else 20
    inheriting = []
    for measure_id, rec in sorted(network.measures.items()):
        m = rec.model
        if m.status == "retired":
            continue
        own = m.chart.baseline_points
        if own is None:
            inheriting.append(measure_id)
        elif own < MIN_BASELINE:
            line, col, eline, ecol = rec.doc.locate(("chart", "baseline_points"))
            yield make_problem("NIC370", rec.path, line, col,
                               f"`{measure_id}` freezes its baseline on {own} points (fewer than {MIN_BASELINE}).",
                               hint=hint + " Raise `chart.baseline_points` to 20, or remove it to use network.yaml's.",
                               pointer="chart.baseline_points", end_line=eline, end_column=ecol)
        until = m.chart.baseline_until
        if until is not None:
            short = sorted((site, n) for (site, mid), table in network.data.items() if mid == measure_id
                           and 0 < (n := _useful_periods(table, until)) < MIN_BASELINE)
            if short:
                line, col, eline, ecol = rec.doc.locate(("chart", "baseline_until"))
                where = ", ".join(f"{site} ({n})" for site, n in short)
                yield make_problem("NIC370", rec.path, line, col,
                                   f"`{measure_id}`'s baseline ends {until}, which leaves fewer than {MIN_BASELINE} "
                                   f"useful points at {where}.",
                                   hint=hint + " Move `chart.baseline_until` later, or remove it.",
                                   pointer="chart.baseline_until", end_line=eline, end_column=ecol)
    if config is not None and setting < MIN_BASELINE and (inheriting or not network.measures):
        line, col, eline, ecol = config.doc.locate(("settings", "baseline_points"))
        used = f" ({', '.join(inheriting)} use it)" if inheriting else ""
        yield make_problem("NIC370", config.path, line, col,
                           f"`settings.baseline_points` is {setting} (fewer than {MIN_BASELINE}){used}.",
                           hint=hint + " Set `baseline_points` to 20 (the default), or remove it.",
                           pointer="settings.baseline_points", end_line=eline, end_column=ecol)
