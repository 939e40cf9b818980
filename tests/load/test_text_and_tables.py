"""Bytes to text and CSV to rows: every bad byte or cell is a located problem."""

from __future__ import annotations

from nictools.load.tables import read_table
from nictools.load.text import decode


def test_bom_crlf_are_warnings_and_text_is_cleaned() -> None:
    text = decode(b"\xef\xbb\xbfid: C01\r\ntitle: t\r\n", "f.yaml")
    assert [p.code for p in text.problems] == ["NIC003", "NIC006"]
    assert text.text == "id: C01\ntitle: t\n" and not text.fatal


def test_non_utf8_names_the_line() -> None:
    text = decode("id: C01\ntitle: caf\xe9\n".encode("latin-1"), "f.yaml")
    [problem] = text.problems
    assert (problem.code, problem.line, problem.column) == ("NIC002", 2, 11)
    assert text.fatal


def test_conflict_markers_and_tabs() -> None:
    conflict = decode(b"id: C01\n<<<<<<< HEAD\ntitle: a\n=======\ntitle: b\n>>>>>>> other\n", "f.yaml")
    assert [(p.code, p.line) for p in conflict.problems] == [("NIC004", 2)]
    tabs = decode(b"plan:\n\tobjective: x\n", "f.yaml")
    assert [(p.code, p.line) for p in tabs.problems] == [("NIC005", 2)]


def test_csv_rows_keep_line_numbers_and_name_bad_numbers() -> None:
    table = read_table('period,numerator,denominator,note\n2025-09-01,3,10,\n2025-09-08,"1,234",10,"two\nlines"\n'
                       "09/15/2025,12,5,\n2025-09-22,4,,\n2025-09-29,\"3,5\",10,\n", "d.csv")
    assert table.kind == "ratio"
    assert [r.line for r in table.rows] == [2, 3, 5, 6, 7]
    assert table.rows[3].denominator is None  # a gap, never zero
    found = {(p.code, p.line): p.message for p in table.problems}
    assert "thousands separator" in found[("NIC022", 3)]
    assert "YYYY-MM-DD" in found[("NIC023", 5)]
    assert "decimal comma" in found[("NIC022", 7)]
    columns = {(p.code, p.line): p.column for p in table.problems}
    assert columns[("NIC022", 3)] == 12 and columns[("NIC022", 7)] == 12  # the caret lands on the cell


def test_problem_columns_follow_a_quoted_newline_onto_the_next_line() -> None:
    table = read_table('period,note,value\n2025-09-01,"two\nlines",x1\n', "d.csv")
    (problem,) = [p for p in table.problems if p.code == "NIC022"]
    assert (problem.line, problem.column) == (3, 8)


def test_csv_wrong_header_and_wrong_width() -> None:
    assert [p.code for p in read_table("week,attendance\n2025-09-01,3\n", "d.csv").problems][:1] == ["NIC021"]
    wide = read_table("period,value\n2025-09-01,1,234\n", "d.csv")
    assert [(p.code, p.line) for p in wide.problems] == [("NIC020", 2)]
