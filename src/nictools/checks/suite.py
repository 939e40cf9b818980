"""The checks `nic validate` runs over a loaded network, in order.

Listed here by hand, not collected by import side effects: a check that is not in
`CHECKS` does not run, and `tests/checks/test_suite.py` fails on a check module that
defines one and leaves it out.
"""

from __future__ import annotations

from nictools.checks import completeness, data, dates, model, practice, privacy, references, text
from nictools.checks.registry import Check, FileCheck

CHECKS: tuple[Check, ...] = (
    dates.cycle_dates,
    dates.other_dates,
    data.data_series,
    data.short_baselines,
    practice.predictions,
    practice.ramps_and_decisions,
    model.driver_links,
    model.retired_in_new_cycles,
    model.aims_and_measures,
    model.aim_parent_loops,
    model.ids_differing_only_in_case,
    privacy.student_level_data,
    references.references,
    references.file_names_match_ids,
    references.material_links,
    text.control_characters_in_data,
)

#: the checks of one artifact alone, run as each file is parsed (and kept in the cache with it)
FILE_CHECKS: tuple[FileCheck, ...] = (
    completeness.required_text_filled,
    privacy.student_level_text,
    text.control_characters,
)

#: every module that defines checks (the test walks these for checks left out of CHECKS)
MODULES = (completeness, data, dates, model, practice, privacy, references, text)
