"""Edit one YAML file of the network in place: the one way `nic phase add` and `nic site withdraw`
change a file a person also edits.

The file is read by the bounded reader before ruamel builds anything (`load_round_trip`), the
change is made on ruamel's round-trip document (comments and key order stay), the result must
still validate as its kind, and it is written back atomically with the file's own line endings
and byte-order mark. The caller holds the network's write lock.
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any, Callable

from nictools.atomic import write_atomic
from nictools.errors import NicError


def edit_yaml_file(root: Path, path: Path, kind: str, edit: Callable[[Any], None], doing: str) -> None:
    """Apply `edit` (it may raise NicError) to the document in `path`; `doing` names the change
    in the message when the result would not validate ("Adding the phase")."""
    from nictools.load.network import validate_document
    from nictools.load.yaml import load_round_trip, read_yaml
    from nictools.scaffold.advance import round_trip_yaml

    rel = path.relative_to(root).as_posix()
    raw = path.read_bytes()
    bom, crlf = raw.startswith(b"\xef\xbb\xbf"), b"\r\n" in raw
    yaml = round_trip_yaml()
    data = load_round_trip(yaml, raw.decode("utf-8-sig"), rel)
    if not isinstance(data, dict):
        raise NicError(f"{rel} is not a {kind} file (a mapping of fields).", "Run `nic validate` and fix it first.")
    edit(data)
    buffer = io.StringIO()
    yaml.dump(data, buffer)
    text = buffer.getvalue()
    doc = read_yaml(text, rel)
    model, problems = validate_document(kind, doc, rel) if doc.data is not None else (None, doc.problems)
    if model is None or problems:
        raise NicError(f"{doing} would leave {rel} invalid: "
                       + ("; ".join(p.message for p in problems) or "it could not be read back"),
                       "Run `nic validate` and fix the file first.")
    if crlf:
        text = text.replace("\r\n", "\n").replace("\n", "\r\n")
    write_atomic(path, ("\ufeff" if bom else "") + text)


__all__ = ["edit_yaml_file"]
