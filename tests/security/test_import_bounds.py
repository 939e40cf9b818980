"""`nic data import` bounds what it reads from a spreadsheet (#17 class 9).

A zip holds 1 GB of repeated text in about 1 MB: an .xlsx whose shared strings inflate that
far took import to 2.2 GB. Parts are bounded uncompressed (50 MB each, 100 MB in all) before
openpyxl opens the file, shared strings are counted streaming (200,000 at most), and a sheet
or CSV file is read up to 100,000 rows: each with a plain message (what, how large, what to
do), exit 2, nothing written.
"""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path
from typing import Callable, Iterator

import pytest

from nictools.scaffold.data_entry import MAX_ROWS, MAX_SHARED_STRINGS


def _good(path: Path) -> Path:
    import openpyxl

    book = openpyxl.Workbook()
    book.active.append(["period", "numerator", "denominator", "note"])
    book.active.append(["2025-09-15", 70, 100, "first week"])
    book.save(path)
    return path


_SHARED = "xl/sharedStrings.xml"
WITH_NOTES = {"sites/lincoln/data/ATT.csv": "period,numerator,denominator,note\n2025-09-01,80,100,\n"}


def _wired(name: str, data: bytes) -> bytes:
    """The good workbook's parts, changed so its note cell is shared string 0 (openpyxl writes inline text)."""
    if name == "[Content_Types].xml":
        return data.replace(b"</Types>", b'<Override PartName="/xl/sharedStrings.xml" ContentType="application/'
                                          b'vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>')
    if name == "xl/_rels/workbook.xml.rels":
        return data.replace(b"</Relationships>", b'<Relationship Id="rIdSS" Type="http://schemas.openxmlformats.org/'
                                                  b'officeDocument/2006/relationships/sharedStrings" '
                                                  b'Target="sharedStrings.xml"/></Relationships>')
    if name == "xl/worksheets/sheet1.xml":
        return data.replace(b'<c r="D2" t="inlineStr"><is><t>first week</t></is></c>', b'<c r="D2" t="s"><v>0</v></c>')
    return data


def _replaced(path: Path, member: str, chunks: Callable[[], Iterator[bytes]]) -> Path:
    """A copy of a good workbook with `member` streamed from `chunks` (deflated as it is written);
    shared strings are wired in (content type, relationship, a cell that uses one)."""
    good = _good(path.with_name("good.xlsx"))
    with zipfile.ZipFile(good) as source, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as out:
        names = source.namelist() + ([member] if member not in source.namelist() else [])
        for name in names:
            if name == member:
                with out.open(name, "w", force_zip64=True) as target:
                    for chunk in chunks():
                        target.write(chunk)
            else:
                data = source.read(name)
                out.writestr(name, _wired(name, data) if member == _SHARED else data)
    return path


def _gigabyte_of_shared_strings() -> Iterator[bytes]:
    yield b'<?xml version="1.0" encoding="UTF-8"?>\n<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="1" uniqueCount="1"><si><t>'
    block = b"x" * (1 << 20)
    for _ in range(1024):
        yield block
    yield b"</t></si></sst>"


def _many_shared_strings() -> Iterator[bytes]:
    yield b'<?xml version="1.0" encoding="UTF-8"?>\n<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
    yield b"".join(b"<si><t>%d</t></si>" % i for i in range(MAX_SHARED_STRINGS + 1))
    yield b"</sst>"


def _many_rows() -> Iterator[bytes]:
    yield (b'<?xml version="1.0" encoding="UTF-8"?>\n<worksheet xmlns="http://schemas.openxmlformats.org/'
           b'spreadsheetml/2006/main"><sheetData>')
    for start in range(1, MAX_ROWS + 3, 10_000):
        yield b"".join(b'<row r="%d"><c r="B%d"><v>1</v></c></row>' % (i, i) for i in range(start, start + 10_000))
    yield b"</sheetData></worksheet>"


def _import(root: Path, path: Path, limit_mb: int | None = None) -> subprocess.CompletedProcess[str]:
    """`nic data import` in a real process; with `limit_mb`, its address space is capped there."""
    code = "import sys; from nictools.cli.main import run; sys.argv = ['nic'] + sys.argv[1:]; run()"
    if limit_mb:
        code = (f"import resource; resource.setrlimit(resource.RLIMIT_AS, ({limit_mb} * 2**20, {limit_mb} * 2**20)); "
                + code)
    return subprocess.run([sys.executable, "-c", code, "-C", str(root), "data", "import", str(path),
                           "--measure", "ATT", "--site", "lincoln", "--yes"],
                          capture_output=True, text=True, timeout=600,
                          env={**os.environ, "NIC_TODAY": "2025-10-15", "NO_COLOR": "1"})


def _files(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in root.rglob("*") if p.is_file()}


@pytest.mark.skipif(sys.platform == "win32", reason="resource limits are POSIX")
def test_a_gigabyte_of_shared_strings_is_refused_without_reading_it(make_network, tmp_path: Path) -> None:
    root = make_network(WITH_NOTES)
    path = _replaced(tmp_path / "bomb.xlsx", "xl/sharedStrings.xml", _gigabyte_of_shared_strings)
    assert path.stat().st_size < 4 * 1024 * 1024  # a few MB on disk, 1 GB inflated
    before = _files(root)
    result = _import(root, path, limit_mb=700)
    assert result.returncode == 2, result.stderr[-2000:]
    assert "xl/sharedStrings.xml is 1,024 MB uncompressed" in result.stderr and "50 MB" in result.stderr
    assert "hint:" in result.stderr and "Traceback" not in result.stderr
    assert _files(root) == before


@pytest.mark.parametrize("member, chunks, words", [
    ("xl/sharedStrings.xml", _many_shared_strings, f"more than {MAX_SHARED_STRINGS:,} different texts"),
    ("xl/worksheets/sheet1.xml", _many_rows, f"more than {MAX_ROWS:,} rows"),
], ids=["shared-strings-count", "rows"])
def test_counts_beyond_the_bounds_are_refused(member: str, chunks: Callable[[], Iterator[bytes]], words: str,
                                              make_network, cli, tmp_path: Path) -> None:
    root = make_network(WITH_NOTES)
    path = _replaced(tmp_path / "big.xlsx", member, chunks)
    before = _files(root)
    result = cli("-C", str(root), "data", "import", str(path), "--measure", "ATT", "--site", "lincoln", "--yes")
    assert result.exit_code == 2, result.output
    assert words in result.stderr and "hint:" in result.stderr
    assert _files(root) == before


def test_a_csv_beyond_the_bounds_is_refused(make_network, cli, tmp_path: Path) -> None:
    root = make_network(WITH_NOTES)
    path = tmp_path / "rows.csv"
    path.write_text("period,numerator,denominator\n" + "2025-09-15,70,100\n" * (MAX_ROWS + 1), encoding="utf-8")
    result = cli("-C", str(root), "data", "import", str(path), "--measure", "ATT", "--site", "lincoln", "--yes")
    assert result.exit_code == 2 and f"more than {MAX_ROWS:,} rows" in result.stderr, result.output
    path.write_bytes(b"period,numerator,denominator\n" + b"2025-09-15,70,100," + b"x" * (11 * 1024 * 1024) + b"\n")
    result = cli("-C", str(root), "data", "import", str(path), "--measure", "ATT", "--site", "lincoln", "--yes")
    assert result.exit_code == 2 and "nic imports CSV files up to 10 MB" in result.stderr, result.output


def test_a_good_workbook_still_imports(make_network, cli, tmp_path: Path) -> None:
    root = make_network(WITH_NOTES)
    path = _good(tmp_path / "ok.xlsx")
    result = cli("-C", str(root), "data", "import", str(path), "--measure", "ATT", "--site", "lincoln", "--yes")
    assert result.exit_code == 0, result.output
    assert "2025-09-15,70,100" in (root / "sites/lincoln/data/ATT.csv").read_text(encoding="utf-8")
