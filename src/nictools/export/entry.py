"""The data-entry workbook (`nic export --format xlsx --for-entry`): what a team fills in, as sheets.

A sheet per measure (the site's rows so far, then room for new ones), a sheet per open
PDSA cycle (the worksheet's questions for its next stage) and a sheet of instructions.
`nic import` reads the same sheets back (`nictools.scaffold.entry_import`), from the
workbook or from any sheet saved as CSV, so the column names here are the contract:

* data sheet `ATT`: `site, period, ATT numerator, ATT denominator, note` (a count or a
  mean: `ATT`, and `ATT n` for a mean), the layout `nic data import --site-column` reads;
* cycle sheet `lincoln C03`: `key, question, answer`; its first rows say which cycle and
  which stage (`cycle`, `stage`), then a row per question (`do.what_happened`, ...).

This module builds plain rows; `nictools.export.write_xlsx.render_entry` makes the
workbook (dates as date cells, data validation, drop-downs).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from nictools.model.network import Network

CHOICES = {"do.as_planned": ("yes", "no", "partly"), "act.decision": ("adopt", "adapt", "abandon"),
           "result": ("confirmed", "partly", "not confirmed")}
ENTRY_ROWS = 60  # empty rows with validation below each data sheet's rows


@dataclass
class EntrySheet:
    """One sheet: its name, kind (data, cycle, instructions), header and rows."""

    name: str
    kind: str
    header: list[str]
    rows: list[list[Any]] = field(default_factory=list)
    measure: str = ""
    calculation: str = ""
    choices: dict[int, tuple[str, ...]] = field(default_factory=dict)  # row index -> choices of its answer


def number_columns(measure_id: str, calculation: str) -> list[str]:
    if calculation in ("proportion", "rate"):
        return [f"{measure_id} numerator", f"{measure_id} denominator"]
    if calculation == "mean":
        return [measure_id, f"{measure_id} n"]
    return [measure_id]


def _number(x: float | None) -> Any:
    if x is None:
        return None
    return int(x) if x == int(x) else x


def data_sheet(network: Network, measure_id: str, sites: list[str]) -> EntrySheet:
    measure = network.measures[measure_id].model
    columns = number_columns(measure_id, measure.calculation)
    sheet = EntrySheet(measure_id[:31], "data", ["site", "period", *columns, "note"], measure=measure_id,
                       calculation=measure.calculation)
    for site in sites:
        table = network.data.get((site, measure_id))
        for row in (table.rows if table else []):
            if row.period is None or row.subgroup or row.stratum:
                continue
            if measure.calculation in ("proportion", "rate"):
                numbers = [_number(row.numerator), _number(row.denominator)]
            elif measure.calculation == "mean":
                numbers = [_number(row.value), _number(row.n)]
            else:
                numbers = [_number(row.value)]
            sheet.rows.append([site, row.period, *numbers, row.note or None])
    return sheet


def cycle_sheet(network: Network, site: str, cycle_id: str) -> EntrySheet | None:
    from nictools.model.pdsa import STAGES
    from nictools.scaffold import worksheet as w
    from nictools.scaffold.advance import questions_of

    cycle = network.cycles[(site, cycle_id)].model
    if cycle.stage == "act":
        return None
    stage = STAGES[STAGES.index(cycle.stage) + 1]
    sheet = EntrySheet(f"{site} {cycle_id}"[:31], "cycle", ["key", "question", "answer"])
    sheet.rows += [["cycle", f"{cycle.title} (do not change this row)", f"{site}/{cycle_id}"],
                   ["stage", "The stage these answers add (do not change this row)", stage]]

    def add(path: tuple[Any, ...], label: str, choices: tuple[str, ...] = ()) -> None:
        if choices:
            sheet.choices[len(sheet.rows)] = choices
        sheet.rows.append([".".join(str(p) for p in path), label, None])

    if stage == "do":
        for ask in w.DO:
            add(ask.path, ask.label, ask.choices)
    elif stage == "study":
        for index, (number, question, prediction) in enumerate(questions_of(cycle)):
            add(("study", "predictions", index, "result"),
                f"Q{number}: {question} Predicted: {(prediction or '(none written)').rstrip('.')}. Was it borne out?",
                CHOICES["result"])
            add(("study", "predictions", index, "notes"), f"Q{number}: the evidence (numbers seen)")
        for ask in w.STUDY_AFTER:
            add(ask.path, ask.label)
    else:
        add(("act", "decision"), "Decision", CHOICES["act.decision"])
        for ask in w.ACT_AFTER:
            add(ask.path, ask.label)
    return sheet


INSTRUCTIONS = [
    "How to use this workbook",
    "",
    "1. Data sheets (one per measure): add a row for each new period below the rows already there. "
    "Type the date of the period's first day (the week's Monday, or the 1st of the month) and the numbers. "
    "Do not change the column names. Rows already there are checked, not added again.",
    "2. Cycle sheets (one per open PDSA cycle): fill the `answer` column for the questions of the next stage. "
    "Leave a sheet empty if the cycle has not moved on.",
    "3. Save the workbook (or any sheet as CSV) and run:  nic import THIS-FILE.xlsx  "
    "nic shows every change, checks it, and writes all of it or nothing.",
    "",
    "Aggregates only: no student names or ids anywhere, notes included. Adults' roles and initials only.",
    "This workbook holds the site's unmasked counts for data entry: keep it within the team, do not share it.",
]


def entry_sheets(network: Network, site: str | None = None) -> list[EntrySheet]:
    """The sheets of the workbook for one site (or every site)."""
    sites = [site] if site else sorted(network.sites)
    measures = sorted(m for m, r in network.measures.items() if getattr(r.model, "status", "active") != "retired")
    sheets = [EntrySheet("instructions", "instructions", ["instructions"], [[line] for line in INSTRUCTIONS])]
    sheets += [data_sheet(network, m, sites) for m in measures]
    for s, cycle_id in sorted(network.cycles):
        if s in sites:
            sheet = cycle_sheet(network, s, cycle_id)
            if sheet is not None:
                sheets.append(sheet)
    return sheets

