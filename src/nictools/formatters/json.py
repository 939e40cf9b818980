"""JSON for machines: `{"version": 1, "problems": [...], "summary": {...}}`.

Lines and columns are 1-based; 0 means the whole file. The shape is a contract.
"""

from __future__ import annotations

import json
from typing import Any, TextIO

from nictools.problems import Result


def result_to_dict(result: Result) -> dict[str, Any]:
    return {"version": 1, "problems": [p.to_dict() for p in result.problems], "summary": result.summary()}


def write_json(result: Result, stream: TextIO, **_: Any) -> None:
    json.dump(result_to_dict(result), stream, indent=2, ensure_ascii=False)
    stream.write("\n")
