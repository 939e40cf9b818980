"""`nic data add` and `nic data import`: every row checked first; a refusal writes nothing."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

import pytest

from nictools.validate import run

sys.path.insert(0, str(Path(__file__).parent))
from helpers import COUNT, snapshot  # noqa: E402


def add(cli, root: Path, *args: str):
    return cli("-C", str(root), "data", "add", *args)


def test_add_appends_a_row(cli, make_network) -> None:
    root = make_network()
    result = add(cli, root, "ATT", "--site", "lincoln", "--period", "2025-09-15", "--numerator", "85", "--denominator", "100")
    assert result.exit_code == 0, result.output
    assert "ATT.csv" in result.stdout
    assert (root / "sites/lincoln/data/ATT.csv").read_text().endswith("2025-09-08,82,100\n2025-09-15,85,100\n")


def test_add_creates_the_file_with_the_measures_header(cli, make_network) -> None:
    root = make_network({"measures/CONTACTS.yaml": COUNT})
    result = add(cli, root, "CONTACTS", "12", "--site", "lincoln", "--period", "2025-09-08", "--note", "new script, week 1")
    assert result.exit_code == 0, result.output
    assert (root / "sites/lincoln/data/CONTACTS.csv").read_text() == 'period,value,note\n2025-09-08,12,"new script, week 1"\n'
    outcome, _ = run(root)
    assert outcome.errors == 0, outcome.problems


def test_a_missing_week_goes_in_period_order(cli, make_network) -> None:
    root = make_network({"sites/lincoln/data/ATT.csv": "period,numerator,denominator\n2025-09-01,80,100\n2025-09-15,82,100\n"})
    assert add(cli, root, "ATT", "--site", "lincoln", "--period", "2025-09-08", "--numerator", "81",
               "--denominator", "100").exit_code == 0
    assert (root / "sites/lincoln/data/ATT.csv").read_text().splitlines()[1:] == [
        "2025-09-01,80,100", "2025-09-08,81,100", "2025-09-15,82,100"]


@pytest.mark.parametrize("args, said", [
    (["--period", "2025-09-08", "--numerator", "1", "--denominator", "2"], "already has the period 2025-09-08"),
    (["--period", "2025-10-20", "--numerator", "1", "--denominator", "2"], "has not started yet"),
    (["--period", "2025-09-15", "0.8"], "not a single value"),
    (["--period", "2025-09-15", "--numerator", "120", "--denominator", "100"], "larger than the denominator"),
    (["--period", "2025-09-15", "--numerator", "-1", "--denominator", "100"], "cannot be negative"),
    (["--period", "2025-09-15", "--numerator", "1.5", "--denominator", "100"], "whole number"),
    (["--period", "2025-09-19", "--numerator", "1", "--denominator", "100"], "did you mean 2025-09-15?"),
    (["--period", "15/09/2025", "--numerator", "1", "--denominator", "100"], "YYYY-MM-DD"),
    (["--period", "2025-09-15", "--numerator", "1,000", "--denominator", "100"], "thousands separator"),
    (["--period", "2025-09-15", "--numerator", "1", "--denominator", "100", "--note", "x"], "no `note` column"),
])
def test_add_refuses_and_writes_nothing(cli, make_network, args: list[str], said: str) -> None:
    root = make_network()
    before = snapshot(root)
    result = add(cli, root, "ATT", "--site", "lincoln", *args)
    assert result.exit_code == 2, result.output
    assert said in result.stderr
    assert snapshot(root) == before


def test_a_count_refuses_a_numerator_and_a_negative_value(cli, make_network) -> None:
    root = make_network({"measures/CONTACTS.yaml": COUNT})
    before = snapshot(root)
    assert "single value, not a numerator" in add(cli, root, "CONTACTS", "--site", "lincoln", "--period", "2025-09-08",
                                                   "--numerator", "1", "--denominator", "2").stderr
    assert "cannot be negative" in add(cli, root, "CONTACTS", "--site", "lincoln",
                                       "--period", "2025-09-08", "--", "-3").stderr
    assert snapshot(root) == before


def test_unknown_measure_and_site_get_did_you_mean(cli, make_network) -> None:
    root = make_network()
    assert "Did you mean `ATT`?" in add(cli, root, "AT", "1", "--site", "lincoln", "--period", "2025-09-15").stderr
    assert "Did you mean `lincoln`?" in add(cli, root, "ATT", "1", "--site", "lincon", "--period", "2025-09-15").stderr


SHEET = "Week,Present,Enrolled,Comment\n2025-09-08,82,100,\n2025-09-15,84,100,\n2025-09-22,86,101,fire drill\n"


def test_import_shows_the_rows_and_writes_with_yes(cli, make_network, tmp_path: Path) -> None:
    root = make_network({"sites/lincoln/data/ATT.csv": "period,numerator,denominator,note\n2025-09-08,82,100,\n"})
    sheet = tmp_path / "attendance.csv"
    sheet.write_text(SHEET)
    result = cli("-C", str(root), "data", "import", str(sheet), "--measure", "ATT", "--site", "lincoln",
                 "--period-column", "Week", "--numerator-column", "Present", "--denominator-column", "enrolled",
                 "--note-column", "Comment", "--yes")
    assert result.exit_code == 0, result.output
    assert "1 row(s) are already in" in result.stdout
    assert "2025-09-22  86" in result.stdout
    assert (root / "sites/lincoln/data/ATT.csv").read_text().splitlines()[-1] == "2025-09-22,86,101,fire drill"


def test_import_without_a_terminal_or_yes_writes_nothing(cli, make_network, tmp_path: Path) -> None:
    root = make_network()
    sheet = tmp_path / "attendance.csv"
    sheet.write_text("period,numerator,denominator\n2025-09-15,84,100\n")
    before = snapshot(root)
    result = cli("-C", str(root), "data", "import", str(sheet), "--measure", "ATT", "--site", "lincoln")
    assert result.exit_code == 2 and "--yes" in result.stderr
    assert "2025-09-15" in result.stdout  # the table was shown
    assert snapshot(root) == before


def test_import_asks_on_a_terminal(cli, make_network, tmp_path: Path, terminal) -> None:
    root = make_network()
    sheet = tmp_path / "attendance.csv"
    sheet.write_text("period,numerator,denominator\n2025-09-15,84,100\n")
    before = snapshot(root)
    declined = cli("-C", str(root), "data", "import", str(sheet), "--measure", "ATT", "--site", "lincoln", input="n\n")
    assert declined.exit_code == 1 and snapshot(root) == before
    accepted = cli("-C", str(root), "data", "import", str(sheet), "--measure", "ATT", "--site", "lincoln", input="y\n")
    assert accepted.exit_code == 0, accepted.output
    assert "2025-09-15,84,100" in (root / "sites/lincoln/data/ATT.csv").read_text()


def test_import_writes_nothing_when_one_row_is_wrong(cli, make_network, tmp_path: Path) -> None:
    root = make_network()
    sheet = tmp_path / "attendance.csv"
    sheet.write_text("period,numerator,denominator\n2025-09-15,84,100\n2025-09-22,84%,100\n2025-09-29,120,100\n")
    before = snapshot(root)
    result = cli("-C", str(root), "data", "import", str(sheet), "--measure", "ATT", "--site", "lincoln", "--yes")
    assert result.exit_code == 2
    assert "row 3 of attendance.csv" in result.stderr and "percentage" in result.stderr
    assert snapshot(root) == before


def test_import_reads_an_xlsx_file(cli, make_network, tmp_path: Path) -> None:
    openpyxl = pytest.importorskip("openpyxl")
    root = make_network()
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["Week", "Present", "Enrolled"])
    sheet.append([dt.datetime(2025, 9, 15), 84, 100])
    sheet.append([dt.datetime(2025, 9, 22), 85, 100])
    book.save(tmp_path / "attendance.xlsx")
    result = cli("-C", str(root), "data", "import", str(tmp_path / "attendance.xlsx"), "--measure", "ATT",
                 "--site", "lincoln", "--period-column", "Week", "--numerator-column", "Present",
                 "--denominator-column", "Enrolled", "--yes")
    assert result.exit_code == 0, result.output
    assert (root / "sites/lincoln/data/ATT.csv").read_text().endswith("2025-09-15,84,100\n2025-09-22,85,100\n")


def test_import_names_a_missing_column(cli, make_network, tmp_path: Path) -> None:
    root = make_network()
    sheet = tmp_path / "a.csv"
    sheet.write_text(SHEET)
    result = cli("-C", str(root), "data", "import", str(sheet), "--measure", "ATT", "--site", "lincoln",
                 "--period-column", "Wek")
    assert result.exit_code == 2 and "Did you mean `Week`?" in result.stderr
