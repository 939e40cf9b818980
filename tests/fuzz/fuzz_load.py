"""atheris harness: bytes -> the functions `load_network` uses for one file.

    python tests/fuzz/fuzz_load.py --target=yaml -runs=200000 CORPUS_DIR
    python tests/fuzz/fuzz_load.py --target=csv -runs=200000 CORPUS_DIR

`--target=yaml` fuzzes decode -> read_yaml -> validate_document (the kind is picked by
the first byte), plus the history path (`parse_yaml_blob`); `--target=csv` fuzzes
decode -> read_table and `parse_csv_blob`. The loader documents no exception for user
bytes, so any exception is a crash. Problems must sit inside the file.

Not a pytest module (no `test_` prefix): `tests/fuzz/run.sh` runs it, outside CI.
"""

from __future__ import annotations

import re
import sys

import atheris

with atheris.instrument_imports(include=["nictools"]):
    from nictools.history.blobs import parse_csv_blob, parse_yaml_blob
    from nictools.load.network import validate_document
    from nictools.load.tables import read_table
    from nictools.load.text import decode
    from nictools.load.yaml import read_yaml
    from nictools.model import MODELS

KINDS = sorted(MODELS)


#: What each parser counts as a line break (as in test_fuzz_loader.py): libyaml follows
#: YAML 1.1 (CR, NEL, LS, PS too), the csv module CR and LF; byte problems count LF only.
YAML_BREAKS = re.compile("\r\n|[\r\n\x85\u2028\u2029]")
CSV_BREAKS = re.compile("\r\n|[\r\n]")
LF = re.compile("\n")


def _check(problems: list, text: str, breaks: re.Pattern[str]) -> None:
    """Every problem sits on a line the text has, at a column that line has (0 = whole file)."""
    for p in problems:
        ok = False
        for lines in (breaks.split(text), text.split("\n")):  # control characters are located by LF lines
            inside = 0 <= p.line <= len(lines) + 1 and p.column >= 0
            if inside and 1 <= p.line <= len(lines):
                inside = p.column <= len(lines[p.line - 1]) + 2
            ok = ok or inside
        if not (ok and p.code.startswith("NIC") and p.message):
            raise AssertionError(f"problem outside the file: {p!r}")


def fuzz_yaml(data: bytes) -> None:
    if not data:
        return
    kind = KINDS[data[0] % len(KINDS)]
    raw = data[1:]
    path = f"{kind}.yaml"
    text = decode(raw, path)
    if text.fatal or text.text is None:
        _check(text.problems, text.text or raw.decode("utf-8", "replace"), LF)
    else:
        doc = read_yaml(text.text, path)
        problems = list(doc.problems)
        if doc.data is not None:
            problems += validate_document(kind, doc, path)[1]
        _check(problems, text.text, YAML_BREAKS)
    parse_yaml_blob(raw, path)


def fuzz_csv(data: bytes) -> None:
    path = "sites/a/data/ATT.csv"
    text = decode(data, path, check_tabs=False)
    if text.fatal or text.text is None:
        _check(text.problems, text.text or data.decode("utf-8", "replace"), LF)
    else:
        _check(read_table(text.text, path).problems, text.text, CSV_BREAKS)
    parse_csv_blob(data, path)


def main() -> None:
    targets = {"yaml": fuzz_yaml, "csv": fuzz_csv}
    chosen = [a.split("=", 1)[1] for a in sys.argv if a.startswith("--target=")]
    argv = [a for a in sys.argv if not a.startswith("--target=")]
    target = targets[chosen[-1] if chosen else "yaml"]
    atheris.Setup(argv, target)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
