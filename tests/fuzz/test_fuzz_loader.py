"""Fuzzing the loader: bytes -> text -> YAML or CSV never raises, and every problem is
located inside the text; valid documents written by nic's own writer read back equal.
"""

from __future__ import annotations

import csv
import io
import math
import os
import re

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from nictools.bounds import EARLIEST, LATEST
from nictools.load.network import validate_document
from nictools.load.tables import KNOWN_COLUMNS, read_table
from nictools.load.text import decode
from nictools.load.yaml import read_yaml
from nictools.model import MODELS
from nictools.problems import Problem
from nictools.scaffold.advance import round_trip_yaml

EXAMPLES = int(os.environ.get("NIC_FUZZ_EXAMPLES", "100"))
FAST = settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck))

# YAML-ish text: the characters and fragments that drive libyaml's scanner into its corners.
FRAGMENTS = ["\n", " ", "  ", "- ", ": ", "? ", "---", "...", "#", "&a ", "*a", "!!python/object:os.system ",
             "!foo ", "[", "]", "{", "}", ",", "'", '"', "|", ">", "%YAML 1.2\n", "%TAG ! tag:x:\n", "\t", "\\",
             "id", "title", "plan", "questions", "C01", "2025-09-01", "0o17", "0x1F", ".inf", "~", "yes", "null",
             "<<: ", "\r\n", "\ufeff", "\x00", "\x85", "\u2028", "é", "\U0001f600", "=======\n", "<<<<<<< HEAD\n"]
yamlish = st.lists(st.one_of(st.sampled_from(FRAGMENTS), st.text(max_size=8)), max_size=60).map("".join)
KINDS = sorted(MODELS)


#: What each parser counts as a line break: libyaml follows YAML 1.1 (CR, NEL, LS and PS
#: too); Python's csv module breaks at CR and LF. A lone CR or LS therefore starts a line.
YAML_BREAKS = re.compile("\r\n|[\r\n\x85\u2028\u2029]")
CSV_BREAKS = re.compile("\r\n|[\r\n]")
LF = re.compile("\n")


def assert_located(problems: list[Problem], text: str | None, path: str,
                   breaks: re.Pattern[str] = YAML_BREAKS) -> None:
    """Each problem names the file and sits at a line (and column) the text has (0 = whole file)."""
    for p in problems:
        assert p.path == path
        assert p.code.startswith("NIC") and p.message
        # a control character is located by LF lines (load/yaml.py `_reader_problem`), other
        # YAML problems by libyaml's: either convention must put the problem inside the text
        assert any(_inside(p, breaks_.split(text or ""), text) for breaks_ in {breaks, LF}), p


def _inside(p: Problem, lines: list[str], text: str | None) -> bool:
    if not 0 <= p.line <= len(lines) + 1:
        return False
    return text is None or not 1 <= p.line <= len(lines) or 0 <= p.column <= len(lines[p.line - 1]) + 2


def load_one(raw: bytes, kind: str, path: str) -> list[Problem]:
    """What load_network does with one file's bytes."""
    text = decode(raw, path, check_tabs=kind != "data")
    problems = list(text.problems)
    if text.fatal or text.text is None:
        # byte problems count lines by LF, as an editor showing the raw bytes would
        assert_located(problems, text.text or raw.decode("utf-8", "replace"), path, LF)
        return problems
    if kind == "data":
        table = read_table(text.text, path)
        assert_located(table.problems, text.text, path, CSV_BREAKS)
        return problems + table.problems
    else:
        doc = read_yaml(text.text, path)
        problems += doc.problems
        if doc.data is not None:
            _, found = validate_document(kind, doc, path)
            problems += found
    assert_located(problems, text.text, path)
    return problems


@FAST
@given(st.binary(max_size=400), st.sampled_from([*KINDS, "data"]))
def test_arbitrary_bytes_give_problems_not_exceptions(raw: bytes, kind: str) -> None:
    load_one(raw, kind, "sites/a/pdsa/C01.yaml")


@FAST
@given(yamlish, st.sampled_from(KINDS))
def test_yaml_ish_text_gives_problems_not_exceptions(text: str, kind: str) -> None:
    load_one(text.encode("utf-8", "surrogatepass"), kind, "aims/x.yaml")


csv_cell = st.one_of(st.sampled_from(["", "NA", "1,000", "3,5", "50%", "2025-09-01", "09/01/2025", "2025-02-30",
                                      '"', '""', "\r", "\n", "1e999", "-0", "nan", "inf"]), st.text(max_size=6))
csvish = st.lists(st.lists(csv_cell, max_size=6), max_size=12).map(
    lambda rows: "\n".join(",".join(r) for r in rows))


@FAST
@given(st.one_of(csvish, st.sampled_from(KNOWN_COLUMNS).flatmap(
    lambda first: csvish.map(lambda body: f"period,{first}\n{body}"))))
def test_csv_ish_text_gives_problems_not_exceptions(text: str) -> None:
    load_one(text.encode("utf-8", "surrogatepass"), "data", "sites/a/data/ATT.csv")


# --- round trips ---------------------------------------------------------------------------

key = st.text(st.characters(codec="utf-8", exclude_categories=["Cs", "Cc"]), min_size=1, max_size=12)
scalar = st.one_of(
    st.none(), st.booleans(), st.integers(-10**12, 10**12),
    st.floats(allow_nan=False, allow_infinity=False, width=64),
    st.text(st.characters(codec="utf-8", exclude_categories=["Cs"], exclude_characters="\r\x85\u2028\u2029"),
            max_size=30),
)
documents = st.dictionaries(key, st.recursive(
    scalar, lambda inner: st.one_of(st.lists(inner, max_size=4), st.dictionaries(key, inner, max_size=4)),
    max_leaves=20), min_size=1, max_size=6)


def _same(a: object, b: object) -> bool:
    if isinstance(a, float) and isinstance(b, (int, float)):
        return a == b or (math.isnan(a) and math.isnan(b))
    if isinstance(a, dict) and isinstance(b, dict):
        return list(a) == list(b) and all(_same(a[k], b[k]) for k in a)
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(_same(x, y) for x, y in zip(a, b))
    return type(a) is type(b) and a == b


@FAST
@given(documents)
def test_documents_written_by_nic_read_back_equal(data: dict) -> None:
    out = io.StringIO()
    round_trip_yaml().dump(data, out)
    text = decode(out.getvalue().encode("utf-8"), "x.yaml", check_tabs=False)
    assert text.text is not None
    doc = read_yaml(text.text, "x.yaml")
    assert doc.ok, (out.getvalue(), doc.problems)
    assert _same(data, doc.data), (out.getvalue(), doc.data)


number = st.one_of(st.none(), st.integers(0, 10**9), st.floats(0, 1e9, allow_nan=False).map(lambda f: round(f, 6)))
# periods within the format's years (nictools.bounds; outside them is NIC025, tested in the corpus)
rows = st.lists(st.tuples(st.dates(EARLIEST, LATEST), number, number,
                          st.text(st.characters(codec="utf-8", exclude_categories=["Cs", "Cc"]), max_size=20)),
                max_size=15)


@FAST
@given(rows)
def test_data_tables_read_back_equal(data: list) -> None:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["period", "numerator", "denominator", "note"])
    for period, num, den, note in data:
        writer.writerow([period.isoformat(), "" if num is None else repr(num), "" if den is None else repr(den), note])
    table = read_table(out.getvalue(), "sites/a/data/ATT.csv")
    assert table.problems == []
    got = [(r.period, r.numerator, r.denominator, r.note or "") for r in table.rows]
    want = [(p, None if a is None else float(a), None if b is None else float(b), n.strip())
            for p, a, b, n in data]
    assert got == want


def test_a_header_field_after_a_quoted_line_break_is_located_on_its_own_line() -> None:
    """Found by the fuzzer: the column of line 2 was reported on line 1."""
    table = read_table('period,"note\nx",colour\n', "sites/a/data/ATT.csv")
    unknown = [p for p in table.problems if "colour" in p.message]
    assert [(p.line, p.column) for p in unknown] == [(2, 4)]
