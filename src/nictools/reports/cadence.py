"""A measure's frequency in words and in days, and the one rule for a quiet site.

Every sentence, header and rule that counts periods says the measure's own period
("months" for monthly data, never "weeks"); "school weeks" is said only where the
network keeps a school calendar (breaks) and the data are weekly or daily.

**Quiet** (shared by `nic status` and `nic report`, docs/practice.md "Quiet sites"): a site
is quiet when nothing has happened there for longer than the network expects. What
happened is the site's latest activity (with git: the last commit that touched its folder;
without: the latest cycle date or data period written in its files). What is expected
is the longest of `settings.quiet_after_weeks` (school weeks, breaks not counted) and,
for each measure the site reports, two of the measure's periods plus its publication lag:
monthly data published a month late is not quiet after four weeks. A withdrawn site is
never quiet: it is listed once as withdrawn.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any, Iterable

#: frequency -> (one period, several periods, days in one period)
PERIODS: dict[str, tuple[str, str, float]] = {
    "daily": ("day", "days", 1.0),
    "weekly": ("week", "weeks", 7.0),
    "monthly": ("month", "months", 365.25 / 12),
    "quarterly": ("quarter", "quarters", 365.25 / 4),
    "yearly": ("year", "years", 365.25),
}
#: A site is quiet after this many of a measure's periods (plus the publication lag) with nothing new.
QUIET_PERIODS = 2


def period_word(frequency: str | None, count: int | None = None) -> str:
    """'month' / 'months' for monthly data; 'period(s)' when the frequency is unknown."""
    one, many, _ = PERIODS.get(frequency or "", ("period", "periods", 7.0))
    return one if count == 1 else many


def count_periods(count: int, frequency: str | None) -> str:
    """'3 months', '1 week'."""
    return f"{count} {period_word(frequency, count)}"


def period_days(frequency: str | None) -> float:
    return PERIODS.get(frequency or "", ("", "", 7.0))[2]


def common_frequency(frequencies: Iterable[str | None]) -> str | None:
    """The one frequency all these measures share, or None when they differ (say 'periods')."""
    found = {f for f in frequencies if f}
    return found.pop() if len(found) == 1 else None


def weeks_between(start: dt.date, end: dt.date, breaks: list[tuple[dt.date, dt.date]]) -> float:
    """Weeks from `start` to `end`, the days inside the calendar's breaks not counted."""
    if end <= start:
        return 0.0
    days = (end - start).days
    for b0, b1 in breaks:
        lo, hi = max(b0, start + dt.timedelta(days=1)), min(b1, end)
        if hi >= lo:
            days -= (hi - lo).days + 1
    return max(days, 0) / 7


@dataclass(frozen=True)
class QuietRule:
    """What counts as quiet for one site: the longest silence the network expects, in days."""

    allowed_days: float
    words: str  # "4 school weeks" / "2 months and a publication lag of 1 month"
    school: bool  # measured in school weeks (breaks not counted)


def quiet_rule(measures: list[Any], quiet_after_weeks: int, breaks: list[tuple[dt.date, dt.date]]) -> QuietRule:
    """The allowed silence for a site that reports `measures` (Measure models)."""
    school = bool(breaks) and all(m.frequency in ("daily", "weekly") for m in measures)
    best_days = quiet_after_weeks * 7.0
    words = f"{quiet_after_weeks} {'school ' if school else ''}week{'s' if quiet_after_weeks != 1 else ''}"
    for m in measures:
        lag = getattr(m, "publication_lag", None) or 0
        days = (QUIET_PERIODS + lag) * period_days(m.frequency)
        if days > best_days:
            best_days = days
            words = count_periods(QUIET_PERIODS, m.frequency) + (
                f" after a publication lag of {count_periods(lag, m.frequency)}" if lag else "") + f" ({m.id})"
    return QuietRule(best_days, words, school and best_days == quiet_after_weeks * 7.0)


@dataclass(frozen=True)
class QuietVerdict:
    quiet: bool
    withdrawn: bool
    silent_days: int | None  # days from the last activity to the as-of date
    silent_words: str  # "9 school weeks" / "5 months"
    rule: QuietRule


def judge_quiet(last: dt.date | None, as_of: dt.date, rule: QuietRule, breaks: list[tuple[dt.date, dt.date]],
                *, status: str = "active", frequency: str | None = None) -> QuietVerdict:
    """The one verdict on whether a site is quiet (status and report both call this)."""
    if status == "withdrawn":
        return QuietVerdict(False, True, None, "", rule)
    if last is None:
        return QuietVerdict(status == "active", False, None, "no activity recorded", rule)
    if rule.school:
        weeks = weeks_between(last, as_of, breaks)
        silent = weeks * 7
        words = f"{weeks:.1f} school weeks (breaks not counted)".replace(".0 ", " ")
    else:
        silent = float(max((as_of - last).days, 0))
        unit = frequency if frequency in PERIODS else "weekly"
        amount = silent / period_days(unit)
        words = f"{amount:.1f} {period_word(unit)}".replace(".0 ", " ")
    return QuietVerdict(status == "active" and silent > rule.allowed_days, False, round(silent), words, rule)


def site_quiet(network: Any, site: str, last: dt.date | None, as_of: dt.date) -> QuietVerdict:
    """Quiet or not, for one site of a loaded network: its measures, the settings and calendar."""
    config = network.config.model if network.config else None
    weeks = config.settings.quiet_after_weeks if config else 4
    breaks = [(b.start, b.end) for b in config.calendar.breaks] if config else []
    measures = [network.measures[m].model for (s, m) in network.data if s == site and m in network.measures]
    record = network.sites.get(site)
    status = record.model.status if record else "active"
    rule = quiet_rule(measures, weeks, breaks)
    return judge_quiet(last, as_of, rule, breaks, status=status,
                       frequency=common_frequency(m.frequency for m in measures))
