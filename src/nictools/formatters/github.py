"""GitHub Actions workflow commands: each problem becomes an annotation on the PR.

Paths are made relative to the repository root (a network may sit in a subfolder);
newlines and the characters GitHub treats specially are escaped as its docs say.
"""

from __future__ import annotations

from typing import Any, TextIO

from nictools.markdown import inline
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


ANNOTATION_LIMIT = 10
"""GitHub shows at most 10 annotations of each level (error, warning, notice) per step."""

SUMMARY_LIMIT = 1024 * 1024 - 4096
"""A step's job summary holds at most 1 MiB; stay below it, with room for the action's own lines."""


def needs_summary(result: Result) -> bool:
    """Whether GitHub would hide some annotations: more than the limit at any one level."""
    counts: dict[str, int] = {}
    for p in result.problems:
        counts[p.severity.value] = counts.get(p.severity.value, 0) + 1
    return any(n > ANNOTATION_LIMIT for n in counts.values())


def summary_markdown(result: Result, path_prefix: str = "") -> str:
    """Every problem as a Markdown table for the job summary ($GITHUB_STEP_SUMMARY)."""
    s = result.summary()
    head = (f"### nic validate: {s['errors']} errors, {s['warnings']} warnings, {s['infos']} infos\n\n"
            f"GitHub shows only {ANNOTATION_LIMIT} annotations of each kind per step; here are all "
            f"{len(result.problems)} problems.\n\n"
            "| where | severity | code | problem | how to fix it |\n|---|---|---|---|---|\n")
    rows: list[str] = []
    size = len(head.encode("utf-8"))
    for n, p in enumerate(result.problems):
        where = path_prefix + p.path + (f":{p.line}" if p.line else "") + (f":{p.column}" if p.line and p.column else "")
        row = (f"| `{inline(where)}` | {p.severity.value} | {p.code} {inline(p.name)} | {inline(p.message)} | "
               f"{inline(p.hint)} |\n")
        size += len(row.encode("utf-8"))
        if size > SUMMARY_LIMIT - 200:
            rows.append(f"\n… and {len(result.problems) - n} more: run `nic validate` to see them all.\n")
            break
        rows.append(row)
    return head + "".join(rows) + "\n"
