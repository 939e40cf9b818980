"""GitLab Code Quality JSON: merge requests show each problem on its line.

Fingerprints are stable across unrelated edits: they hash the code, the file, the
data pointer (not the line number, which moves when lines are added above) and the
message, plus a counter for identical problems in one file.
"""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from typing import Any, TextIO

from nictools.problems import Result

_SEVERITY = {"error": "major", "warning": "minor", "info": "info"}


def gitlab_report(result: Result, path_prefix: str = "") -> list[dict[str, Any]]:
    seen: Counter[str] = Counter()
    out = []
    for p in result.problems:
        path = path_prefix + p.path
        where = p.pointer or f"line {p.line}"
        key = f"{p.code}\0{path}\0{where}\0{p.message}"
        seen[key] += 1
        fingerprint = hashlib.sha256(f"{key}\0{seen[key]}".encode()).hexdigest()[:32]
        out.append({
            "description": f"{p.code} {p.message}" + (f" {p.hint}" if p.hint else ""),
            "check_name": f"{p.code} {p.name}",
            "fingerprint": fingerprint,
            "severity": _SEVERITY[p.severity.value],
            "location": {"path": path, "lines": {"begin": max(1, p.line)}},
        })
    return out


def write_gitlab(result: Result, stream: TextIO, path_prefix: str = "", **_: Any) -> None:
    json.dump(gitlab_report(result, path_prefix), stream, indent=2, ensure_ascii=False)
    stream.write("\n")
