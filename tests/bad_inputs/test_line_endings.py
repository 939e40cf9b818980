"""A CRLF checkout keeps its line endings through nic's writers (#17 class 12).

git's autocrlf on Windows checks files out with CRLF. `nic data add` appends CRLF rows to a CRLF
file (and LF rows to an LF one, a byte-order mark kept); `nic pdsa advance` and `nic phase add`
write the file back with the line endings it had.
"""

from __future__ import annotations

from pathlib import Path


def _crlf(root: Path, rel: str) -> Path:
    path = root / rel
    path.write_bytes(path.read_bytes().replace(b"\r\n", b"\n").replace(b"\n", b"\r\n"))
    return path


def _endings(data: bytes) -> tuple[int, int]:
    """(CRLF line ends, bare LF line ends)."""
    crlf = data.count(b"\r\n")
    return crlf, data.count(b"\n") - crlf


def test_data_add_appends_crlf_rows_to_a_crlf_file(make_network, cli) -> None:
    root = make_network()
    path = _crlf(root, "sites/lincoln/data/ATT.csv")
    for period in ("2025-09-22", "2025-09-15"):  # one at the end, one in between
        result = cli("-C", str(root), "data", "add", "ATT", "--site", "lincoln", "--period", period,
                     "--numerator", "81", "--denominator", "100")
        assert result.exit_code == 0, result.output
    data = path.read_bytes()
    assert _endings(data) == (5, 0), data
    assert b"2025-09-15,81,100\r\n2025-09-22,81,100\r\n" in data


def test_data_add_keeps_lf_and_a_byte_order_mark(make_network, cli) -> None:
    root = make_network()
    path = root / "sites/lincoln/data/ATT.csv"
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes().rstrip(b"\n"))  # BOM, and no newline at the end
    result = cli("-C", str(root), "data", "add", "ATT", "--site", "lincoln", "--period", "2025-09-15",
                 "--numerator", "81", "--denominator", "100")
    assert result.exit_code == 0, result.output
    data = path.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf") and _endings(data) == (0, 4), data


def test_pdsa_advance_keeps_a_crlf_file_crlf(make_network, cli) -> None:
    root = make_network()
    path = _crlf(root, "sites/lincoln/pdsa/C01.yaml")
    before = _endings(path.read_bytes())
    result = cli("-C", str(root), "pdsa", "advance", "C01", "--site", "lincoln")
    assert result.exit_code == 0, result.output
    data = path.read_bytes()
    crlf, lf = _endings(data)
    assert lf == 0 and crlf > before[0], data
    assert b"do:" in data


def test_pdsa_advance_keeps_an_lf_file_lf(make_network, cli) -> None:
    root = make_network()
    result = cli("-C", str(root), "pdsa", "advance", "C01", "--site", "lincoln")
    assert result.exit_code == 0, result.output
    assert b"\r" not in (root / "sites/lincoln/pdsa/C01.yaml").read_bytes()
