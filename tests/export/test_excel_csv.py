"""`nic export --excel`: a CSV folder Excel opens correctly (byte-order mark, CRLF, TRUE/FALSE,
formulas kept as text), and how R reads each CSV flavour (with Rscript, when it is installed)."""

from __future__ import annotations

import csv
import io
import shutil
import subprocess
from pathlib import Path

import pytest

FORMULAS = ['=HYPERLINK("https://example.org","click")', "+cmd|' /C calc'!A0", "@SUM(A1:A9)", "-2+3"]


@pytest.fixture
def formula_network(make_network):
    return make_network({"sites/lincoln/site.yaml": f"""\
        id: lincoln
        name: '{FORMULAS[0].replace("'", "''")}'
        cluster: rac-1
        context: {{level: high, size_band: large, notes: "{FORMULAS[1].replace('"', '""')}"}}
        joined: 2024-08-15
        coach: '{FORMULAS[2]}'
        ask: '{FORMULAS[3]}'
        """})


def _rows(data: bytes, encoding: str = "utf-8-sig") -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(data.decode(encoding), newline="")))


def test_excel_csv_has_a_bom_crlf_and_excel_booleans(example_tree: Path, cli, tmp_path: Path) -> None:
    out = tmp_path / "excel"
    result = cli("-C", str(example_tree), "export", "--excel", "--out", str(out))
    assert result.exit_code == 0, result.output
    files = sorted(out.glob("*.csv"))
    assert files
    for path in files:
        data = path.read_bytes()
        assert data.startswith(b"\xef\xbb\xbf"), path.name
        assert b"\n" not in data.replace(b"\r\n", b""), path.name  # every line ends CRLF
    points = _rows((out / "data_points.csv").read_bytes())
    assert {r["masked"] for r in points} <= {"TRUE", "FALSE"} and "FALSE" in {r["masked"] for r in points}
    cycles = _rows((out / "cycles.csv").read_bytes())
    assert {r["draft"] for r in cycles} <= {"TRUE", "FALSE"}
    assert "byte-order mark" in (out / "README.txt").read_text(encoding="utf-8")
    plain = tmp_path / "plain"
    assert cli("-C", str(example_tree), "export", "--out", str(plain)).exit_code == 0
    assert not (plain / "sites.csv").read_bytes().startswith(b"\xef\xbb\xbf")  # the default stays as it was
    assert {r["masked"] for r in _rows((plain / "data_points.csv").read_bytes(), "utf-8")} <= {"true", "false"}


def test_excel_csv_keeps_formula_like_text_as_text(formula_network: Path, cli, tmp_path: Path) -> None:
    out = tmp_path / "excel"
    result = cli("-C", str(formula_network), "export", "--excel", "--out", str(out))
    assert result.exit_code == 0, result.output
    [site] = _rows((out / "sites.csv").read_bytes())
    assert site["name"] == "'" + FORMULAS[0]
    assert site["coach"] == "'" + FORMULAS[2] and site["ask"] == "'" + FORMULAS[3]
    assert not any(v.startswith(("=", "+", "-", "@")) for r in _rows((out / "sites.csv").read_bytes())
                   for v in r.values())
    points = _rows((out / "data_points.csv").read_bytes())
    assert all(not r["value"].startswith("'") for r in points)  # numbers are never touched


def test_excel_applies_only_to_csv(example_tree: Path, cli, tmp_path: Path) -> None:
    result = cli("-C", str(example_tree), "export", "--excel", "--format", "sqlite", "--out", str(tmp_path / "x.sqlite"))
    assert result.exit_code == 2 and "--excel applies to the CSV export" in result.stderr
    assert "Traceback" not in result.output and not (tmp_path / "x.sqlite").exists()


@pytest.mark.skipif(shutil.which("Rscript") is None, reason="R is not installed")
def test_how_base_r_reads_the_booleans_of_each_flavour(example_tree: Path, cli, tmp_path: Path) -> None:
    """Base R's read.csv reads the --excel CSV's TRUE/FALSE as logical and skips its byte-order mark;
    the default CSV's true/false stays text unless colClasses says logical (docs/export.md)."""
    for flag, folder in (("--excel", "excel"), (None, "plain")):
        args = ["-C", str(example_tree), "export", "--out", str(tmp_path / folder)] + ([flag] if flag else [])
        assert cli(*args).exit_code == 0
    script = (
        f'e <- read.csv("{tmp_path / "excel" / "data_points.csv"}"); '
        f'p <- read.csv("{tmp_path / "plain" / "data_points.csv"}"); '
        f'q <- read.csv("{tmp_path / "plain" / "data_points.csv"}", colClasses = c(masked = "logical")); '
        'cat(names(e)[1], class(e$masked), class(p$masked), class(q$masked), sep = "\\n")')
    done = subprocess.run(["Rscript", "-e", script], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["site_id", "logical", "character", "logical"]


ODD = FORMULAS + ["+1 more (a tab or CR first is stripped on reading)", "'quoted already", "'=both"]


@pytest.fixture
def odd_network(make_network):
    notes = "".join(f"2025-09-{8 + 7 * i:02d},81,100,\"{text.replace(chr(34), chr(34) * 2)}\"\n"
                    for i, text in enumerate(ODD))
    return make_network({
        "sites/lincoln/site.yaml": f"""\
            id: lincoln
            name: '{ODD[0].replace("'", "''")}'
            cluster: rac-1
            context: {{level: high, size_band: large}}
            joined: 2024-08-15
            coach: '{ODD[2]}'
            ask: '{ODD[3]}'
            """,
        "sites/lincoln/data/ATT.csv": "period,numerator,denominator,note\n2025-09-01,80,100,\n" + notes})


@pytest.mark.parametrize("excel", [False, True], ids=["plain", "excel"])
def test_every_csv_flavour_neutralises_formulas_and_reverses_exactly(odd_network: Path, cli, tmp_path: Path,
                                                                     excel: bool) -> None:
    """#17 class 12: the plain CSV export wrote `=HYPERLINK(…)`, `+cmd` and `@SUM` as they were."""
    out = tmp_path / "csv"
    result = cli("-C", str(odd_network), "export", "--out", str(out), *(["--excel"] if excel else []))
    assert result.exit_code == 0, result.output
    for path in out.glob("*.csv"):
        for row in _rows(path.read_bytes()):
            for value in row.values():
                assert not value.startswith(("=", "+", "-", "@", "\t", "\r")), (path.name, value)
    [site] = _rows((out / "sites.csv").read_bytes())
    texts = set(site.values())
    for text in ODD[:1] + ODD[2:4]:
        assert "'" + text in texts
    notes = {r["note"] for r in _rows((out / "data_points.csv").read_bytes())}
    assert {"'" + t for t in ODD} <= notes  # text that starts with ' gets one more, so the rule reverses
    assert all(not r["value"].startswith("'") for r in _rows((out / "data_points.csv").read_bytes()))
    # the documented read-back (drop one leading ') gives every text back exactly
    assert {n[1:] if n.startswith("'") else n for n in notes} - {""} == set(ODD)
    readme = (out / "README.txt").read_text(encoding="utf-8")
    assert "drop one leading '" in readme and 'sub("^\'", "", x)' in readme and "str.replace" in readme


def test_xlsx_keeps_every_formula_start_as_text(odd_network: Path, cli, tmp_path: Path) -> None:
    from openpyxl import load_workbook

    out = tmp_path / "n.xlsx"
    assert cli("-C", str(odd_network), "export", "--out", str(out)).exit_code == 0
    book = load_workbook(out)
    cells = [c for row in book["data_points"].iter_rows(min_row=2) for c in row if isinstance(c.value, str)]
    for text in ODD[:5]:
        [found] = [c for c in cells if c.value == text]
        assert found.data_type == "s"  # exact text, stored as text: never a formula


@pytest.mark.skipif(shutil.which("Rscript") is None, reason="R is not installed")
def test_r_reads_the_text_back_with_the_documented_line(odd_network: Path, cli, tmp_path: Path) -> None:
    out = tmp_path / "csv"
    assert cli("-C", str(odd_network), "export", "--out", str(out)).exit_code == 0
    script = ("points <- read.csv('data_points.csv', stringsAsFactors = FALSE, encoding = 'UTF-8')\n"
              "strip_mark <- function(x) if (is.character(x)) sub(\"^'\", \"\", x) else x\n"
              "points[] <- lapply(points, strip_mark)\n"
              "writeLines(points$note[nzchar(points$note)], 'notes.txt', useBytes = TRUE)\n")
    subprocess.run(["Rscript", "-e", script], cwd=out, check=True, capture_output=True, timeout=120)
    assert sorted((out / "notes.txt").read_text(encoding="utf-8").split("\n")[:-1]) == sorted(ODD)
