"""The spreadsheet round trip: `nic export --format xlsx --for-entry`, filled in, read back with `nic import`."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

import pytest

from nictools.load.yaml import read_yaml
from nictools.validate import run

openpyxl = pytest.importorskip("openpyxl")
sys.path.insert(0, str(Path(__file__).parents[1] / "scaffold"))
from helpers import snapshot  # noqa: E402


@pytest.fixture(autouse=True)
def fixed_today(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NIC_TODAY", "2025-10-15")


def _export(cli, root: Path, out: Path):  # type: ignore[no-untyped-def]
    result = cli("-C", str(root), "export", "--format", "xlsx", "--for-entry", "--site", "lincoln", "--out", str(out))
    assert result.exit_code == 0, result.output
    return openpyxl.load_workbook(out)


def _first_empty(ws) -> int:  # type: ignore[no-untyped-def]
    return next(r for r in range(2, ws.max_row + 2) if ws.cell(r, 1).value is None)


def _fill(book, path: Path, *, numerator: int = 84) -> None:  # type: ignore[no-untyped-def]
    ws = book["ATT"]
    r = _first_empty(ws)
    ws.cell(r, 1, "lincoln")
    ws.cell(r, 2, dt.datetime(2025, 9, 15))
    ws.cell(r, 3, numerator)
    ws.cell(r, 4, 100)
    cycle = book["lincoln C01"]
    for row in cycle.iter_rows(min_row=2):
        key = row[0].value
        if key == "do.as_planned":
            row[2].value = "partly"
        elif key == "do.what_happened":
            row[2].value = "Done in 4 of 5 advisories: one had # an assembly\n- the rest fine"
        elif key == "do.actual_start":
            row[2].value = dt.datetime(2025, 10, 6)
    book.save(path)


def test_the_workbook_has_data_sheets_with_validation_cycle_sheets_and_instructions(cli, make_network, tmp_path) -> None:
    root = make_network()
    book = _export(cli, root, tmp_path / "lincoln.xlsx")
    assert book.sheetnames[0] == "instructions" and "ATT" in book.sheetnames and "lincoln C01" in book.sheetnames
    ws = book["ATT"]
    assert [c.value for c in ws[1]] == ["site", "period", "ATT numerator", "ATT denominator", "note"]
    assert ws.cell(2, 1).value == "lincoln" and isinstance(ws.cell(2, 2).value, dt.datetime)
    validations = {dv.type: dv for dv in ws.data_validations.dataValidation}
    assert {"list", "date", "custom", "whole"} <= set(validations)
    assert "C2<=D2" in validations["custom"].formula1
    assert book["lists"].cell(1, 1).value == "lincoln" and book["lists"].sheet_state == "hidden"
    cycle = [[c.value for c in row] for row in book["lincoln C01"].iter_rows()]
    assert cycle[1] == ["cycle", "Exit tickets in one advisory (do not change this row)", "lincoln/C01"]
    assert ["stage", "The stage these answers add (do not change this row)", "do"] in cycle
    assert "do.what_happened" in [row[0] for row in cycle]


def test_a_filled_workbook_comes_back_whole(cli, make_network, tmp_path) -> None:
    root = make_network()
    book = _export(cli, root, tmp_path / "lincoln.xlsx")
    _fill(book, tmp_path / "filled.xlsx")
    result = cli("-C", str(root), "import", str(tmp_path / "filled.xlsx"), "--yes")
    assert result.exit_code == 0, result.output
    assert "sites/lincoln/data/ATT.csv: add 2025-09-15 84/100" in result.stdout
    assert "sites/lincoln/pdsa/C01.yaml: add the do section" in result.stdout
    assert (root / "sites/lincoln/data/ATT.csv").read_text().splitlines()[-1].startswith("2025-09-15,84,100")
    rel = "sites/lincoln/pdsa/C01.yaml"
    do = read_yaml((root / rel).read_text(), rel).data["do"]
    assert do["as_planned"] == "partly"
    assert do["what_happened"] == "Done in 4 of 5 advisories: one had # an assembly\n- the rest fine"
    outcome, _ = run(root)
    assert outcome.errors == 0, outcome.problems

    again = cli("-C", str(root), "import", str(tmp_path / "filled.xlsx"), "--yes")
    assert again.exit_code == 2 and "already has its do section" in again.stderr


def test_one_wrong_cell_writes_nothing(cli, make_network, tmp_path) -> None:
    root = make_network()
    book = _export(cli, root, tmp_path / "lincoln.xlsx")
    _fill(book, tmp_path / "filled.xlsx", numerator=140)
    before = snapshot(root)
    result = cli("-C", str(root), "import", str(tmp_path / "filled.xlsx"), "--yes")
    assert result.exit_code == 2
    assert "sheet `ATT`: the numerator (140) is larger than the denominator (100)" in result.stderr
    assert snapshot(root) == before


def test_a_data_sheet_saved_as_csv_by_excel_comes_back(cli, make_network, tmp_path) -> None:
    root = make_network()
    sheet = tmp_path / "ATT.csv"
    sheet.write_text("site,period,ATT numerator,ATT denominator,note\r\nlincoln,9/8/2025,82,100,\r\n"
                     "lincoln,9/15/2025,84,100,\r\nlincoln,9/22/2025,85,100,\r\n,,,,\r\n")
    result = cli("-C", str(root), "import", str(sheet), "--yes")
    assert result.exit_code == 0, result.output
    text = (root / "sites/lincoln/data/ATT.csv").read_text()
    assert text.endswith("2025-09-08,82,100\n2025-09-15,84,100\n2025-09-22,85,100\n")  # 9/8 was there: kept once


def test_a_cycle_sheet_saved_as_csv_comes_back(cli, make_network, tmp_path) -> None:
    root = make_network()
    sheet = tmp_path / "cycle.csv"
    sheet.write_text('key,question,answer\ncycle,Exit tickets,lincoln/C01\nstage,The stage,do\n'
                     'do.as_planned,As planned?,yes\ndo.surprises,What surprised you,"Students asked: ""again?"""\n')
    result = cli("-C", str(root), "import", str(sheet), "--yes")
    assert result.exit_code == 0, result.output
    rel = "sites/lincoln/pdsa/C01.yaml"
    assert read_yaml((root / rel).read_text(), rel).data["do"]["surprises"] == 'Students asked: "again?"'


def test_a_corrected_number_is_shown_and_replaces_its_row(cli, make_network, tmp_path) -> None:
    root = make_network()
    before = (root / "sites/lincoln/data/ATT.csv").read_text()
    book = _export(cli, root, tmp_path / "lincoln.xlsx")
    ws = book["ATT"]
    row = next(r for r in range(2, ws.max_row + 1) if ws.cell(r, 2).value == dt.datetime(2025, 9, 8))
    old = (ws.cell(row, 3).value, ws.cell(row, 4).value)
    ws.cell(row, 3, old[0] + 1)
    book.save(tmp_path / "corrected.xlsx")
    result = cli("-C", str(root), "import", str(tmp_path / "corrected.xlsx"), "--yes")
    assert result.exit_code == 0, result.output
    assert (f"sites/lincoln/data/ATT.csv: change 2025-09-08 from {old[0]}/{old[1]} to {old[0] + 1}/{old[1]}"
            in result.stdout)
    after = (root / "sites/lincoln/data/ATT.csv").read_text()
    assert after == before.replace(f"2025-09-08,{old[0]},{old[1]}", f"2025-09-08,{old[0] + 1},{old[1]}")
