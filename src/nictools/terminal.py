"""What reaches a terminal: control characters from a repository are shown, never obeyed.

A YAML value, a file name, an author name, a tag message or a source line can hold
escape sequences (`ESC ] 0 ; title BEL` retitles the window, `ESC [ 2 J` clears the
screen, `CSI` as the single byte U+009B does the same on some terminals). Everything
nic prints goes through `visible`: every C0 control character except newline and tab,
DEL, and every C1 control character (U+0080 to U+009F) is written as its escape in the
form `\\u001b`, so `ESC [2J` shows as `\\u001b[2J`. The same six characters are a valid
JSON escape for the same character, so a JSON document passed through `visible` stays
valid and means the same (JSON formats escape C0 themselves; DEL and C1 would
otherwise pass).

`SafeStream` wraps `sys.stdout` and `sys.stderr` for the whole run of a command (the
CLI installs it), so no output path can miss it. Machine formats that do their own
escaping (json, sarif, junit, gitlab) and nic's own colours write to `raw(stream)`.
"""

from __future__ import annotations

import re
from typing import Any, TextIO

_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def _show(match: re.Match[str]) -> str:
    return f"\\u{ord(match.group()):04x}"


def visible(text: str) -> str:
    """`text` with every control character but newline and tab written as `\\uXXXX`."""
    return _CONTROL.sub(_show, text) if _CONTROL.search(text) else text


def has_control(text: str) -> bool:
    """True when `text` holds a control character other than newline and tab."""
    return _CONTROL.search(text) is not None


class SafeStream:
    """A text stream that shows control characters (see `visible`) and passes the rest on."""

    def __init__(self, stream: TextIO) -> None:
        self._stream = stream

    @property
    def raw(self) -> TextIO:
        return self._stream

    def write(self, text: str) -> int:
        self._stream.write(visible(text) if isinstance(text, str) else text)
        return len(text)

    def writelines(self, lines: Any) -> None:
        for line in lines:
            self.write(line)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._stream, name)

    def __iter__(self) -> Any:
        return iter(self._stream)


def raw(stream: Any) -> TextIO:
    """The stream under a `SafeStream` (for output that escapes itself or is nic's own)."""
    while isinstance(stream, SafeStream):
        stream = stream.raw
    return stream
