"""`nic data import`: gaps inside the file are said before writing; --quiet quiets the preview."""

from __future__ import annotations

from pathlib import Path

GAPPY = "period,numerator,denominator\n2025-09-08,82,100\n2025-09-15,84,100\n2025-10-06,86,101\n"


def test_import_reports_gaps_inside_the_file_before_writing(cli, make_network, tmp_path: Path) -> None:
    root = make_network()
    sheet = tmp_path / "attendance.csv"
    sheet.write_text(GAPPY)
    result = cli("-C", str(root), "data", "import", str(sheet), "--measure", "ATT", "--site", "lincoln")
    assert result.exit_code == 2  # no terminal and no --yes: nothing written
    assert "skips 2 weekly periods" in result.stderr and "2025-09-22, 2025-09-29" in result.stderr
    assert "NIC307" in result.stderr


def test_quiet_quiets_the_preview_but_not_the_gaps(cli, make_network, tmp_path: Path) -> None:
    root = make_network()
    sheet = tmp_path / "attendance.csv"
    sheet.write_text(GAPPY)
    result = cli("-C", str(root), "--quiet", "data", "import", str(sheet), "--measure", "ATT", "--site", "lincoln",
                 "--yes")
    assert result.exit_code == 0, result.output
    assert "row(s) to add" not in result.stdout and "2025-09-15  84" not in result.stdout
    assert "skips 2 weekly periods" in result.stderr
    assert "2025-10-06,86,101" in (root / "sites/lincoln/data/ATT.csv").read_text()


def test_a_network_wide_import_names_each_sites_gaps_and_is_quiet_when_asked(cli, make_network, tmp_path: Path) -> None:
    root = make_network()
    extract = tmp_path / "district.csv"
    extract.write_text("school,period,ATT numerator,ATT denominator\n"
                       "lincoln,2025-09-15,84,100\nlincoln,2025-10-06,86,101\n")
    result = cli("-C", str(root), "--quiet", "data", "import", str(extract), "--site-column", "school", "--yes")
    assert result.exit_code == 0, result.output
    assert "district.csv (lincoln) skips 2 weekly periods" in result.stderr and "NIC307" in result.stderr
    assert "row(s)" not in result.stdout.split("wrote")[0]  # no preview table before the result line
    assert "2025-10-06,86,101" in (root / "sites/lincoln/data/ATT.csv").read_text()
