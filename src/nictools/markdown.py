"""Markdown, the one escaper: repository text made inert wherever nic writes Markdown.

Every Markdown output (status, log, diff and compare with `--format markdown`, the
report's Markdown, a change package's README, the GitHub job summary) passes text from
the repository through `inline`: HTML escaped (GitHub renders HTML inside Markdown),
Markdown's own marks backslashed, and all whitespace, newlines included, made one
space, so a value cannot open a heading, a list, a table row or a link. Link targets
go through `link_target`. Text nic writes itself (the check catalogue's prose) goes
through `prose`, which keeps its Markdown and escapes only HTML.
"""

from __future__ import annotations

import re
from html import escape
from urllib.parse import quote

_MARKS = re.compile(r"([\\`*_{}\[\]()#+!|~>])")


def inline(value: object) -> str:
    """Repository text made inert in Markdown, on one line; a table cell too (`|` is escaped)."""
    text = escape("" if value is None else str(value), quote=False)
    text = re.sub(r"\s+", " ", text).strip()
    return _MARKS.sub(r"\\\1", text)


def encode_url(url: str) -> str:
    """A web address with spaces, `<`, `>`, quotes and other unsafe characters percent-encoded."""
    return quote(url.strip(), safe=":/?#[]@!$&'()*+,;=%~-._")


def link_target(url: str) -> str:
    """A web address as a Markdown link target that cannot break out of `(<...>)`."""
    return "<" + encode_url(url) + ">"


def prose(text: str) -> str:
    """nic's own prose for Markdown: its Markdown kept, angle brackets and ampersands escaped."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
