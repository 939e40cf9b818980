"""GitHub Actions workflow commands: each problem becomes an annotation on the PR.

Paths are made relative to the repository root (a network may sit in a subfolder);
newlines and the characters GitHub treats specially are escaped as its docs say.
"""

from __future__ import annotations

from typing import Any, TextIO

from nictools.problems import Result

_LEVEL = {"error": "error", "warning": "warning", "info": "notice"}


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def write_github(result: Result, stream: TextIO, path_prefix: str = "", show_summary: bool = True,
                 **_: Any) -> None:
    for p in result.problems:
        props = [f"file={_escape_property(path_prefix + p.path)}"]
        if p.line:
            props.append(f"line={p.line}")
            if p.end_line and p.end_line != p.line:
                props.append(f"endLine={p.end_line}")
            elif p.column:
                props.append(f"col={p.column}")
                if p.end_column and p.end_column > p.column:
                    props.append(f"endColumn={p.end_column}")
        props.append(f"title={_escape_property(f'nic {p.code} {p.name}')}")
        message = p.message + (f"\n{p.hint}" if p.hint else "")
        stream.write(f"::{_LEVEL[p.severity.value]} {','.join(props)}::{_escape_data(message)}\n")
    if not show_summary:
        return
    s = result.summary()
    stream.write(f"nic: {s['errors']} errors, {s['warnings']} warnings, {s['infos']} infos in {s['files']} files\n")
