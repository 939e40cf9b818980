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


def _check(problems: list, raw_lines: int) -> None:
    for p in problems:
        if not (0 <= p.line <= raw_lines + 1 and p.column >= 0 and p.code.startswith("NIC") and p.message):
            raise AssertionError(f"problem outside the file: {p!r}")


def _lines(raw: bytes) -> int:
    # every line break any parser honours (LF, CR, NEL, LS, PS) can only add lines
    text = raw.decode("utf-8", "replace")
    return len(text.splitlines()) + text.count("\r") + 1


def fuzz_yaml(data: bytes) -> None:
    if not data:
        return
    kind = KINDS[data[0] % len(KINDS)]
    raw = data[1:]
    path = f"{kind}.yaml"
    text = decode(raw, path)
    problems = list(text.problems)
    if not text.fatal and text.text is not None:
        doc = read_yaml(text.text, path)
        problems += doc.problems
        if doc.data is not None:
            problems += validate_document(kind, doc, path)[1]
    _check(problems, _lines(raw))
    parse_yaml_blob(raw, path)


def fuzz_csv(data: bytes) -> None:
    path = "sites/a/data/ATT.csv"
    text = decode(data, path, check_tabs=False)
    problems = list(text.problems)
    if not text.fatal and text.text is not None:
        problems += read_table(text.text, path).problems
    _check(problems, _lines(data))
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
