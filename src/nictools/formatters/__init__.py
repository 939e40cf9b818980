"""Formatters: one Result, many renderings. Each takes the result and a stream.

`FORMATTERS` maps a `--format` name to a module path and function, imported only
when that format is asked for.
"""

from __future__ import annotations

import importlib
import os
from typing import Callable, Mapping, TextIO

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
    FORCE_COLOR (force-color.org: CI logs that render colour) and in a GitLab CI job (its log
    shows ANSI colours), else only on a terminal. A file (`--output-file`) never gets colour."""
    import sys

    if os.environ.get("NO_COLOR"):
        return False
    if os.environ.get("FORCE_COLOR") or os.environ.get("GITLAB_CI") == "true":
        return stream is sys.stdout or stream is sys.stderr
    isatty = getattr(stream, "isatty", None)
    return bool(isatty and isatty())


FORMAT_VARIABLE = "NIC_OUTPUT_FORMAT"


def default_format(environ: Mapping[str, str] | None = None) -> str:
    """`nic validate`'s format when `--format` is not given: NIC_OUTPUT_FORMAT if set, else
    `github` (annotations) inside GitHub Actions (GITHUB_ACTIONS=true), else `text`. A GitLab CI
    job (GITLAB_CI=true) keeps `text`, its log being text; its Code Quality report is a file
    (`--format gitlab --output-file ...`)."""
    from nictools.errors import NicError

    env = os.environ if environ is None else environ
    chosen = env.get(FORMAT_VARIABLE, "").strip()
    if chosen:
        if chosen not in FORMATTERS:
            raise NicError(f"{FORMAT_VARIABLE}={chosen} is not a format nic validate knows.",
                           f"Set it to one of {', '.join(FORMATTERS)}, or unset it.")
        return chosen
    if env.get("GITHUB_ACTIONS") == "true":
        return "github"
    return "text"


def get_formatter(name: str) -> Formatter:
    module, _, function = FORMATTERS[name].partition(":")
    return getattr(importlib.import_module(module), function)


__all__ = ["FORMATTERS", "FORMAT_VARIABLE", "default_format", "Result", "TextIO", "get_formatter", "wants_color"]
