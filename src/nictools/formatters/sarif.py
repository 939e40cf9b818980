"""SARIF 2.1.0, for GitHub code scanning and other SARIF viewers.

One run; `tool.driver.rules` lists every catalogued check (so `ruleIndex` is stable);
each result points at `path_prefix + path` (relative to the repository root, with the
`%SRCROOT%` base) and a region: a problem about the whole file covers its lines (SARIF's
whole-artifact form, `startLine: 1, endLine: <line count>`), a problem about a whole line
covers that line. Columns count Unicode code points (`columnKind`), end columns are
exclusive as SARIF wants.
"""

from __future__ import annotations

import json
from typing import Any, TextIO

from nictools import __version__
from nictools.catalogue import CATALOGUE
from nictools.problems import DOCS_URL, Problem, Result

SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
_LEVEL = {"error": "error", "warning": "warning", "info": "note"}


def _rule(info: Any) -> dict[str, Any]:
    anchor = f"{info.code.lower()}-{info.name}"
    help_text = info.hint + (f"\n\nWhy: {info.why}" if info.why else "")
    return {
        "id": info.code,
        "name": info.name,
        "shortDescription": {"text": info.summary},
        "fullDescription": {"text": info.why or info.summary},
        "help": {"text": help_text, "markdown": f"{info.hint}\n\n[Documentation]({DOCS_URL}#{anchor})"},
        "helpUri": f"{DOCS_URL}#{anchor}",
        "defaultConfiguration": {"level": _LEVEL[info.severity.value]},
        "properties": {"tags": [info.code[:4] + "xx"]},
    }


def _region(p: Problem) -> dict[str, int] | None:
    if p.line <= 0:
        return None
    region = {"startLine": p.line}
    if p.column > 0:
        region["startColumn"] = p.column
    end_line = p.end_line if p.end_line >= p.line else p.line
    if p.end_line and end_line != p.line:
        region["endLine"] = end_line
    if p.end_column and p.column > 0 and (end_line > p.line or p.end_column > p.column):
        region["endLine"] = end_line
        region["endColumn"] = p.end_column
    return region


def sarif_document(result: Result, path_prefix: str = "", sources: dict[str, str] | None = None) -> dict[str, Any]:
    codes = sorted(CATALOGUE)
    index = {code: i for i, code in enumerate(codes)}
    results = []
    for p in result.problems:
        location: dict[str, Any] = {"physicalLocation": {
            "artifactLocation": {"uri": path_prefix + p.path, "uriBaseId": "%SRCROOT%"}}}
        region: dict[str, Any] | None = _region(p)
        text = (sources or {}).get(p.path)
        lines = text.split("\n") if text is not None else []
        if region:
            if p.line <= len(lines) and lines[p.line - 1].strip():
                region["snippet"] = {"text": lines[p.line - 1]}
                if "startColumn" not in region:  # the whole line
                    region.update(endLine=p.line, startColumn=1, endColumn=len(lines[p.line - 1].rstrip("\r")) + 1)
        else:  # the whole file
            count = len(lines) - (1 if lines and lines[-1] == "" else 0)
            region = {"startLine": 1, "endLine": max(count, 1)}
        location["physicalLocation"]["region"] = region
        item: dict[str, Any] = {
            "ruleId": p.code,
            "level": _LEVEL[p.severity.value],
            "message": {"text": p.message + (f" {p.hint}" if p.hint else "")},
            "locations": [location],
        }
        if p.code in index:
            item["ruleIndex"] = index[p.code]
        if p.pointer:
            item["properties"] = {"pointer": p.pointer}
        results.append(item)
    return {
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {
                "name": "nic",
                "fullName": "nictools nic validate",
                "version": __version__,
                "informationUri": DOCS_URL.rsplit("/blob/", 1)[0],
                "rules": [_rule(CATALOGUE[c]) for c in codes],
            }},
            "columnKind": "unicodeCodePoints",
            "results": results,
        }],
    }


def write_sarif(result: Result, stream: TextIO, path_prefix: str = "", sources: dict[str, str] | None = None,
                **_: Any) -> None:
    json.dump(sarif_document(result, path_prefix, sources), stream, indent=2, ensure_ascii=False)
    stream.write("\n")
