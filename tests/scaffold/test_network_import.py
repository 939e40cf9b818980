"""`nic data import FILE --site-column COL`: every site and measure of one extract, all or nothing."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from nictools.validate import run

sys.path.insert(0, str(Path(__file__).parent))
from helpers import COUNT, snapshot  # noqa: E402

ROOSEVELT = """\
id: roosevelt
name: Roosevelt Academy
context: {level: high, size_band: medium}
joined: 2024-08-15
"""
EXTRACT = """\
District extract, October,,,,
school,week,ATT numerator,ATT denominator,Contacts,note
lincoln,2025-09-15,84,100,12,
lincoln,2025-09-22,85,101,,
Roosevelt Academy,2025-09-15,60,80,7,
Roosevelt Academy,2025-09-22,61,80,9,fire drill on Tuesday
,,,,,
"""


def _network(make_network, **extra):  # type: ignore[no-untyped-def]
    return make_network({"measures/CONTACTS.yaml": COUNT, "sites/roosevelt/site.yaml": ROOSEVELT, **extra})


def _import(cli, root: Path, sheet: Path, *args: str):  # type: ignore[no-untyped-def]
    return cli("-C", str(root), "data", "import", str(sheet), "--site-column", "school", "--period-column", "week", *args)


def test_one_file_fills_every_site_and_measure(cli, make_network, tmp_path: Path) -> None:
    root = _network(make_network)
    sheet = tmp_path / "extract.csv"
    sheet.write_text(EXTRACT)
    result = _import(cli, root, sheet, "--yes")
    assert result.exit_code == 0, result.output
    assert "7 row(s) to add in 4 file(s): 2 site(s), 2 measure(s), 3 new file(s)" in result.stdout
    assert "sites/roosevelt/data/CONTACTS.csv" in result.stdout
    assert (root / "sites/lincoln/data/ATT.csv").read_text().endswith("2025-09-15,84,100\n2025-09-22,85,101\n")
    assert (root / "sites/lincoln/data/CONTACTS.csv").read_text() == "period,value,note\n2025-09-15,12,\n"
    assert (root / "sites/roosevelt/data/CONTACTS.csv").read_text() == \
        "period,value,note\n2025-09-15,7,\n2025-09-22,9,fire drill on Tuesday\n"
    assert (root / "sites/roosevelt/data/ATT.csv").read_text().startswith("period,numerator,denominator,note\n")
    outcome, _ = run(root)
    assert outcome.errors == 0, outcome.problems

    again = _import(cli, root, sheet, "--yes")
    assert again.exit_code == 0 and "Nothing to add" in again.stdout


def test_a_measure_column(cli, make_network, tmp_path: Path) -> None:
    root = _network(make_network)
    sheet = tmp_path / "long.csv"
    sheet.write_text("school,week,measure,numerator,denominator,value\n"
                     "lincoln,2025-09-15,ATT,84,100,\nroosevelt,2025-09-15,CONTACTS,,,7\n")
    result = _import(cli, root, sheet, "--measure-column", "measure", "--yes")
    assert result.exit_code == 0, result.output
    assert (root / "sites/roosevelt/data/CONTACTS.csv").read_text() == "period,value,note\n2025-09-15,7,\n"


def test_one_bad_row_writes_nothing_anywhere(cli, make_network, tmp_path: Path) -> None:
    root = _network(make_network)
    sheet = tmp_path / "extract.csv"
    sheet.write_text(EXTRACT.replace("61,80,9", "81,80,9"))
    before = snapshot(root)
    result = _import(cli, root, sheet, "--yes")
    assert result.exit_code == 2
    assert "row 6 of extract.csv: the numerator (81) is larger than the denominator (80)" in result.stderr
    assert snapshot(root) == before


def test_unknown_sites_are_listed_and_created_on_request(cli, make_network, tmp_path: Path) -> None:
    root = _network(make_network)
    sheet = tmp_path / "extract.csv"
    sheet.write_text(EXTRACT + "Mesa Verde Middle,2025-09-15,50,70,3,\n")
    before = snapshot(root)
    result = _import(cli, root, sheet, "--yes")
    assert result.exit_code == 2
    assert "1 site(s) the network does not have:\n  Mesa Verde Middle (2 rows)" in result.stderr
    assert "--create-sites" in result.stderr and snapshot(root) == before

    result = _import(cli, root, sheet, "--yes", "--create-sites")
    assert result.exit_code == 0, result.output
    assert "created 1 site(s)" in result.stdout
    assert "name: Mesa Verde Middle" in (root / "sites/mesa-verde-middle/site.yaml").read_text()
    assert (root / "sites/mesa-verde-middle/data/ATT.csv").read_text().endswith("2025-09-15,50,70,\n")
    outcome, _ = run(root)
    assert outcome.errors == 0, outcome.problems


def test_a_failed_write_is_undone(cli, make_network, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import nictools.scaffold.network_import as module

    root = _network(make_network)
    sheet = tmp_path / "extract.csv"
    sheet.write_text(EXTRACT)
    before = snapshot(root)
    real = module.write_atomic
    calls = []

    def failing(path, text, **kw):  # type: ignore[no-untyped-def]
        calls.append(path)
        if len(calls) == 3:
            raise OSError(28, "No space left on device")
        return real(path, text, **kw)

    monkeypatch.setattr(module, "write_atomic", failing)
    result = _import(cli, root, sheet, "--yes")
    assert result.exit_code == 2 and "The import failed and was undone" in result.stderr
    assert snapshot(root) == before
