"""The checks are listed explicitly, and each reports only the codes it declares.

Every failing case under tests/checks/cases/fail/ is loaded and each check of the
suite run on its own: a code a check does not declare is a bug in the declaration
(or in the check), and the case's own code must come from the loader or from a check
that declares it.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from nictools.catalogue import CATALOGUE
from nictools.checks import suite
from nictools.checks.registry import Check, FileCheck, emits, file_check
from nictools.validate import load_for_checks
from tests.checks.test_cases import CASES, make_case_network


def test_every_check_defined_in_a_check_module_is_in_the_suite() -> None:
    defined = {value.name for module in suite.MODULES for value in vars(module).values()
               if isinstance(value, (Check, FileCheck))}
    listed = [check.name for check in (*suite.CHECKS, *suite.FILE_CHECKS)]
    assert len(listed) == len(set(listed)), "a check is listed twice"
    assert defined == set(listed)


def test_a_check_must_declare_catalogued_codes() -> None:
    with pytest.raises(ValueError):
        emits("NIC999")
    with pytest.raises(ValueError):
        emits()
    with pytest.raises(ValueError):
        file_check("NIC999")


@pytest.mark.parametrize("case_file", sorted((CASES / "fail").glob("*.yaml")), ids=lambda p: p.stem)
def test_each_check_reports_only_its_declared_codes(tmp_path: Path, case_file: Path,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    case = yaml.safe_load(case_file.read_text(encoding="utf-8"))
    network, loaded = load_for_checks(make_case_network(tmp_path, case, monkeypatch))
    found = {p.code for p in loaded}
    for check in suite.CHECKS:
        reported = {p.code for p in check(network)}
        assert reported <= check.codes, f"{check.name} reported {sorted(reported - check.codes)} it does not declare"
        found |= reported
    for file_check_ in suite.FILE_CHECKS:
        reported = {p.code for rec in network.records() for p in file_check_(rec, network.texts.get(rec.path))}
        assert reported <= file_check_.codes, f"{file_check_.name} reported {sorted(reported - file_check_.codes)}"
        found |= reported
    assert case["code"] in found
    assert found <= set(CATALOGUE)


def test_every_catalogued_code_has_a_home() -> None:
    """A code no check declares must come from the loader (files, syntax, schema)."""
    declared = set().union(*(check.codes for check in (*suite.CHECKS, *suite.FILE_CHECKS)))
    loader_families = ("NIC0", "NIC1")
    homeless = {code for code in CATALOGUE if code not in declared and not code.startswith(loader_families)}
    assert homeless == set()
