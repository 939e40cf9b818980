"""NIC43x: dates that contradict each other or the calendar.

Planned dates may lie in the future; dates that record what happened (`recorded_on`,
`actual_start`, `actual_end`, a diagram revision) may not. "Today" comes from the
environment variable `NIC_TODAY` (YYYY-MM-DD) when set, so tests and backdated
example networks give the same answer every day.
"""

from __future__ import annotations

import datetime as dt
from typing import Iterator

from nictools.catalogue import make_problem
from nictools.checks.registry import emits
from nictools.model.network import Network, Record
from nictools.problems import Problem

from nictools.clock import TODAY_VARIABLE, today  # noqa: E402,F401  (one source for "today")


def _at(code: str, rec: Record, pointer: tuple, message: str, hint: str | None = None) -> Problem:
    line, col, eline, ecol = rec.doc.locate(pointer)
    return make_problem(code, rec.path, line, col, message, hint=hint,
                        pointer=".".join(str(p) for p in pointer), end_line=eline, end_column=ecol)


def _reversed(rec: Record, parent: tuple, start_name: str, end_name: str, start: dt.date | None,
              end: dt.date | None) -> Iterator[Problem]:
    if start and end and end < start:
        yield _at("NIC430", rec, parent + (end_name,),
                  f"`{end_name}` ({end}) is before `{start_name}` ({start}).")


@emits("NIC430", "NIC431", "NIC432", "NIC433", "NIC434")
def cycle_dates(network: Network) -> Iterator[Problem]:
    """Stage order and dates inside each PDSA cycle."""
    now = today()
    for rec in network.cycles.values():
        if not network.in_focus(rec.path):
            continue
        cycle = rec.model
        plan, do = cycle.plan, cycle.do
        yield from _reversed(rec, ("plan",), "planned_start", "planned_end", plan.planned_start, plan.planned_end)
        if do:
            yield from _reversed(rec, ("do",), "actual_start", "actual_end", do.actual_start, do.actual_end)
        actual = [(("plan", "recorded_on"), plan.recorded_on)]
        if do:
            actual += [(("do", "actual_start"), do.actual_start), (("do", "actual_end"), do.actual_end)]
        for pointer, value in actual:
            if value and value > now:
                yield _at("NIC434", rec, pointer,
                          f"`{pointer[-1]}` is {value}, which is in the future (today is {now}).")
        if do and do.actual_start and plan.recorded_on and do.actual_start < plan.recorded_on:
            yield _at("NIC431", rec, ("do", "actual_start"),
                      f"The test started on {do.actual_start}, before the plan was recorded on {plan.recorded_on}.")
        if cycle.study is not None and do is None:
            yield _at("NIC432", rec, ("study",), "The cycle has a `study` but no `do` section.")
        if cycle.act is not None and cycle.study is None:
            yield _at("NIC433", rec, ("act",), "The cycle has an `act` (a decision) but no `study` section.")


@emits("NIC430", "NIC434")
def other_dates(network: Network) -> Iterator[Problem]:
    """Ranges in aims and the calendar; diagram revisions happened in the past."""
    now = today()
    for rec in network.aims.values():
        b = rec.model.baseline
        if b:
            yield from _reversed(rec, ("baseline",), "start", "end", b.start, b.end)
    if network.config:
        for i, brk in enumerate(network.config.model.calendar.breaks):
            yield from _reversed(network.config, ("calendar", "breaks", i), "start", "end", brk.start, brk.end)
    if network.drivers:
        for i, rev in enumerate(network.drivers.model.revisions):
            if rev.date > now:
                yield _at("NIC434", network.drivers, ("revisions", i, "date"),
                          f"The revision is dated {rev.date}, which is in the future (today is {now}).")
