"""Formatters: one Result, many renderings. Each takes the result and a stream.

`FORMATTERS` maps a `--format` name to a module path and function, imported only
when that format is asked for.
"""

from __future__ import annotations

import importlib
import os
from typing import Callable, TextIO

from nictools.problems import Result

FORMATTERS: dict[str, str] = {
    "text": "nictools.formatters.text:write_text",
    "json": "nictools.formatters.json:write_json",
    "github": "nictools.formatters.github:write_github",
    "sarif": "nictools.formatters.sarif:write_sarif",
    "junit": "nictools.formatters.junit:write_junit",
    "gitlab": "nictools.formatters.gitlab:write_gitlab",
}

Formatter = Callable[..., None]


def wants_color(stream: TextIO) -> bool:
    """Colour for people only: never under NO_COLOR (no-color.org, it wins), always under
    FORCE_COLOR (force-color.org: CI logs that render colour), else only on a terminal."""
    if os.environ.get("NO_COLOR"):
        return False
    if os.environ.get("FORCE_COLOR"):
        return True
    isatty = getattr(stream, "isatty", None)
    return bool(isatty and isatty())


def get_formatter(name: str) -> Formatter:
    module, _, function = FORMATTERS[name].partition(":")
    return getattr(importlib.import_module(module), function)


__all__ = ["FORMATTERS", "Result", "TextIO", "get_formatter", "wants_color"]
