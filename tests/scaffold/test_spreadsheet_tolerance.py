"""What spreadsheets do to data: title rows, local dates, empty rows, percent cells, a mistyped row."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

import pytest

from nictools.load.local_dates import AmbiguousDates, date_order, infer_order, local_date
from nictools.validate import run

sys.path.insert(0, str(Path(__file__).parent))
from helpers import snapshot  # noqa: E402

MEAN = """\
id: SCORE
title: Belonging score
type: driver
calculation: mean
definition: Mean belonging score (0-100) on the weekly pulse survey.
unit: percent agreeing
frequency: weekly
direction: up
"""
HISTORY = "period,numerator,denominator\n" + "".join(
    f"{dt.date(2025, 8, 4) + dt.timedelta(weeks=i)},{200 + i},{259 + i % 3}\n" for i in range(6))


def _import(cli, root: Path, sheet: Path, *args: str, input: str | None = None):  # type: ignore[no-untyped-def]
    return cli("-C", str(root), "data", "import", str(sheet), "--measure", "ATT", "--site", "lincoln", *args,
               input=input)


def test_title_rows_empty_rows_and_day_first_dates_are_read(cli, make_network, tmp_path: Path) -> None:
    root = make_network({"sites/lincoln/data/ATT.csv": None})
    sheet = tmp_path / "export.csv"
    sheet.write_text("Lincoln High: attendance,,\nExported 2025-10-01,,\nperiod,numerator,denominator\n"
                     "15/9/2025,84,100\n22/9/2025,85,100\n29/9/2025,86,101\n,,\n , ,\n")
    result = _import(cli, root, sheet, "--yes")
    assert result.exit_code == 0, result.output
    assert (root / "sites/lincoln/data/ATT.csv").read_text() == (
        "period,numerator,denominator,note\n2025-09-15,84,100,\n2025-09-22,85,100,\n2025-09-29,86,101,\n")


def test_header_row_option_and_month_first_format(cli, make_network, tmp_path: Path) -> None:
    root = make_network({"sites/lincoln/data/ATT.csv": None})
    sheet = tmp_path / "export.csv"
    sheet.write_text("Week,Present,Enrolled\nsummary,all,weeks\nWeek,Present,Enrolled\n9/8/2025,84,100\n9/1/2025,83,100\n")
    result = _import(cli, root, sheet, "--header-row", "3", "--date-format", "MM/DD/YYYY", "--period-column", "Week",
                     "--numerator-column", "Present", "--denominator-column", "Enrolled", "--yes")
    assert result.exit_code == 0, result.output
    assert "2025-09-01,83,100" in (root / "sites/lincoln/data/ATT.csv").read_text()


def test_ambiguous_dates_stop_with_a_question_and_write_nothing(cli, make_network, tmp_path: Path) -> None:
    root = make_network({"sites/lincoln/data/ATT.csv": None})
    sheet = tmp_path / "export.csv"
    sheet.write_text("period,numerator,denominator\n9/8/2025,84,100\n")
    before = snapshot(root)
    result = _import(cli, root, sheet, "--yes")
    assert result.exit_code == 2
    assert "such as 9/8/2025, could be day/month or month/day" in result.stderr
    assert "--date-format DD/MM/YYYY" in result.stderr and "--date-format MM/DD/YYYY" in result.stderr
    assert snapshot(root) == before


def test_ambiguous_dates_are_asked_about_on_a_terminal(cli, make_network, tmp_path: Path, terminal) -> None:
    root = make_network({"sites/lincoln/data/ATT.csv": None})
    sheet = tmp_path / "export.csv"
    sheet.write_text("period,numerator,denominator\n9/8/2025,84,100\n")
    result = _import(cli, root, sheet, "--yes", input="m\n")
    assert result.exit_code == 0, result.output
    assert "Is 9/8/2025 9 August 2025 (type d) or 8 September 2025 (type m)?" in result.stdout
    assert "2025-09-08,84,100" in (root / "sites/lincoln/data/ATT.csv").read_text()


def test_percent_cells_are_read_for_a_value(cli, make_network, tmp_path: Path) -> None:
    openpyxl = pytest.importorskip("openpyxl")
    root = make_network({"measures/SCORE.yaml": MEAN})
    book = openpyxl.Workbook()
    ws = book.active
    ws.append(["Pulse survey, advisory 301"])
    ws.append(["period", "value"])
    ws.append([dt.datetime(2025, 9, 15), 0.72])
    ws.cell(row=3, column=2).number_format = "0%"
    ws.append([dt.datetime(2025, 9, 22), "75%"])
    ws.append([None, None])
    book.save(tmp_path / "pulse.xlsx")
    result = cli("-C", str(root), "data", "import", str(tmp_path / "pulse.xlsx"), "--measure", "SCORE",
                 "--site", "lincoln", "--yes")
    assert result.exit_code == 0, result.output
    assert (root / "sites/lincoln/data/SCORE.csv").read_text().endswith("2025-09-15,72,,\n2025-09-22,75,,\n")


def test_a_denominator_far_from_recent_ones_is_asked_about(cli, make_network, tmp_path: Path, terminal) -> None:
    root = make_network({"sites/lincoln/data/ATT.csv": HISTORY})
    before = snapshot(root)
    result = cli("-C", str(root), "data", "add", "ATT", "--site", "lincoln", "--period", "2025-09-15",
                 "--numerator", "77", "--denominator", "100", input="n\n")
    assert result.exit_code == 1
    assert "77/100, but the recent denominators are about 260" in result.stderr
    assert snapshot(root) == before
    result = cli("-C", str(root), "data", "add", "ATT", "--site", "lincoln", "--period", "2025-09-15",
                 "--numerator", "77", "--denominator", "100", input="y\n")
    assert result.exit_code == 0, result.output
    outcome, _ = run(root)
    assert [p.code for p in outcome.problems if p.code == "NIC315"] == ["NIC315"]
    assert "the denominator 100 is far from the recent ones (about 260)" in \
        [p.message for p in outcome.problems if p.code == "NIC315"][0]


def test_a_usual_value_is_not_asked_about(cli, make_network, terminal) -> None:
    root = make_network({"sites/lincoln/data/ATT.csv": HISTORY})
    result = cli("-C", str(root), "data", "add", "ATT", "--site", "lincoln", "--period", "2025-09-15",
                 "--numerator", "201", "--denominator", "259")
    assert result.exit_code == 0, result.output
    assert "far from" not in result.output


def test_validate_leaves_a_lasting_ramp_and_a_noted_drop_alone(make_network) -> None:
    ramp = "period,numerator,denominator,note\n" + "".join(
        f"{dt.date(2025, 8, 4) + dt.timedelta(weeks=i)},{20},{30 if i < 5 else 250},\n" for i in range(8))
    noted = HISTORY.replace("\n", ",\n").replace("denominator,", "denominator,note") + "2025-09-15,40,100,half the grade on a trip\n"
    for data in (ramp, noted):
        outcome, _ = run(make_network({"sites/lincoln/data/ATT.csv": data}))
        assert "NIC315" not in [p.code for p in outcome.problems], data


def test_fix_rewrites_spreadsheet_dates_and_refuses_ambiguous_ones(cli, make_network) -> None:
    us = "period,numerator,denominator\n9/1/2025,80,100\n9/8/2025,82,100\n9/15/2025,81,100\n"
    root = make_network({"sites/lincoln/data/ATT.csv": us})
    result = cli("-C", str(root), "fix")
    assert result.exit_code == 0, result.output
    assert (root / "sites/lincoln/data/ATT.csv").read_text() == \
        "period,numerator,denominator\n2025-09-01,80,100\n2025-09-08,82,100\n2025-09-15,81,100\n"

    unclear = "period,numerator,denominator\n1/9/2025,80,100\n8/9/2025,82,100\n"
    root = make_network({"sites/lincoln/data/ATT.csv": unclear})
    result = cli("-C", str(root), "fix")
    assert result.exit_code == 1
    assert "left sites/lincoln/data/ATT.csv alone" in result.stderr and "--date-format" in result.stderr
    assert (root / "sites/lincoln/data/ATT.csv").read_text() == unclear
    result = cli("-C", str(root), "fix", "--date-format", "DD/MM/YYYY")
    assert result.exit_code == 0, result.output
    assert "2025-09-01,80,100\n2025-09-08,82,100" in (root / "sites/lincoln/data/ATT.csv").read_text()


def test_date_orders() -> None:
    assert date_order("DD/MM/YYYY") == "dmy" and date_order("%m/%d/%Y") == "mdy" and date_order("yyyy/mm/dd") == "ymd"
    assert infer_order(["13/9/2025"]) == "dmy" and infer_order(["9/13/2025"]) == "mdy"
    assert infer_order(["9/1/2025", "9/8/2025", "9/15/2025"]) == "mdy"
    assert infer_order(["1/9/25", "8/9/25", "15/9/25"]) == "dmy"
    assert local_date("9/8/25", "dmy") == dt.date(2025, 8, 9)
    with pytest.raises(AmbiguousDates):
        infer_order(["9/8/2025", "10/8/2025"])
