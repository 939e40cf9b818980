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

`SafeStream` wraps `sys.stdout` and `sys.stderr` while a command runs (the CLI wraps
every command's function in `safe_streams`), so no output path of a command can miss it;
click's own help and usage text, printed before a command runs, keep their colours.
Machine formats that do their own escaping (json, sarif, junit, gitlab) and nic's own
colours write to `raw(stream)`; error messages go through `visible` explicitly.
"""

from __future__ import annotations

import re
import sys
from contextlib import contextmanager
from typing import Any, Iterator, TextIO

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
    """A text stream that shows control characters (see `visible`) and passes the rest on.

    An OSError from writing (stdout on a full disk or /dev/full) leaves tagged with the
    stream's name (`nic_stream`), so the CLI can say it was the output that failed."""

    def __init__(self, stream: TextIO, name: str = "", *, sanitize: bool = True) -> None:
        self._stream = stream
        self._name = name
        self._sanitize = sanitize
        self._raw: SafeStream | None = None

    @property
    def raw(self) -> Any:
        """The same stream without the showing of control characters (errors still tagged)."""
        if not self._sanitize:
            return self
        if self._raw is None:
            self._raw = SafeStream(self._stream, self._name, sanitize=False)
        return self._raw

    def write(self, text: str) -> int:
        try:
            self._stream.write(visible(text) if self._sanitize and isinstance(text, str) else text)
        except OSError as exc:
            exc.nic_stream = self._name  # type: ignore[attr-defined]
            raise
        return len(text)

    def flush(self) -> None:
        try:
            self._stream.flush()
        except OSError as exc:
            exc.nic_stream = self._name  # type: ignore[attr-defined]
            raise

    def writelines(self, lines: Any) -> None:
        for line in lines:
            self.write(line)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._stream, name)

    def __iter__(self) -> Any:
        return iter(self._stream)


@contextmanager
def safe_streams() -> Iterator[None]:
    """`sys.stdout` and `sys.stderr` as `SafeStream`s for the block (the CLI runs each command in one)."""
    out, err = sys.stdout, sys.stderr
    if not isinstance(out, SafeStream):
        sys.stdout = SafeStream(out, "standard output")  # type: ignore[assignment]
    if not isinstance(err, SafeStream):
        sys.stderr = SafeStream(err, "standard error")  # type: ignore[assignment]
    try:
        yield
    finally:
        sys.stdout, sys.stderr = out, err


def raw(stream: Any) -> Any:
    """The stream without the showing of control characters (for output that escapes itself
    or is nic's own colours)."""
    return stream.raw if isinstance(stream, SafeStream) else stream
