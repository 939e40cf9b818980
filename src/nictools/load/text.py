"""Bytes to text: size, encoding, BOM, line endings, conflict markers, tabs.

Each finding is a located Problem; `decode` returns None as text only when the
bytes cannot be read as text at all.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, Callable, Iterator

from nictools.catalogue import make_problem
from nictools.problems import Problem

MAX_FILE_BYTES = 10 * 1024 * 1024
_CONFLICT = re.compile(rb"^(<{7}(?: |$)|={7}$|>{7}(?: |$))", re.MULTILINE)
_TAB_INDENT = re.compile(r"^ *\t", re.MULTILINE)


@dataclass
class Text:
    """Decoded text of one file and what was wrong with its bytes."""

    text: str | None
    problems: list[Problem] = field(default_factory=list)
    fatal: bool = False  # the content must not be parsed


def line_of(data: bytes | str, offset: int) -> int:
    """1-based line number of a byte or character offset."""
    newline = b"\n" if isinstance(data, bytes) else "\n"
    return data.count(newline, 0, offset) + 1  # type: ignore[arg-type]


def too_large(path: str, size: int) -> Problem:
    """The problem for a file over MAX_FILE_BYTES."""
    return make_problem("NIC009", path, 0, 0, f"The file is {size / (1024 * 1024):.1f} MB; nic reads files up to 10 MB.")


def decode(raw: bytes, path: str, *, check_tabs: bool = True) -> Text:
    """Decode a network file, reporting every problem with its bytes at once."""
    problems: list[Problem] = []
    if len(raw) > MAX_FILE_BYTES:
        return Text(None, [too_large(path, len(raw))], True)
    if raw.startswith(b"\xef\xbb\xbf"):
        problems.append(make_problem("NIC003", path, 1, 1, "The file starts with an invisible byte-order mark (BOM)."))
        raw = raw[3:]
    elif raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return Text(None, [make_problem("NIC002", path, 1, 1, "The file is saved as UTF-16, not UTF-8.")], True)
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = line_of(raw, exc.start)
        start = raw.rfind(b"\n", 0, exc.start) + 1
        column = len(raw[start:exc.start].decode("utf-8", "replace")) + 1
        byte = raw[exc.start:exc.start + 1].hex()
        return Text(None, [*problems, make_problem(
            "NIC002", path, line, column,
            f"Byte 0x{byte} on line {line} is not UTF-8 (the file may be saved as Windows-1252 or Latin-1).",
        )], True)
    if "\x00" in text:
        at = text.index("\x00")
        line = line_of(text, at)
        column = at - text.rfind("\n", 0, at)
        return Text(None, [*problems, make_problem(
            "NIC002", path, line, column,
            f"The file holds NUL bytes (the first on line {line}): it is saved as UTF-16, or it is not a text file.",
        )], True)
    if "\r\n" in text:
        problems.append(make_problem("NIC006", path, line_of(text, text.index("\r\n")), 0,
                                     "The file uses Windows line endings (CRLF)."))
        text = text.replace("\r\n", "\n")
    markers = list(_CONFLICT.finditer(text.encode("utf-8"))) if "=======" in text or "<<<<<<<" in text else []
    if markers:
        first = markers[0]
        line = line_of(text.encode("utf-8"), first.start())
        problems.append(make_problem(
            "NIC004", path, line, 1,
            f"Merge-conflict marker `{first.group(0).decode().strip()}` on line {line} "
            f"({len(markers)} marker line{'s' if len(markers) != 1 else ''} in the file).",
        ))
        return Text(text, problems, True)
    if check_tabs and "\t" in text:
        match = _TAB_INDENT.search(text)
        if match:
            line = line_of(text, match.start())
            problems.append(make_problem("NIC005", path, line, match.end() - match.start(),
                                         f"Line {line} is indented with a tab."))
            return Text(text, problems, True)
    return Text(text, problems)


class LazyTexts(dict):  # type: ignore[type-arg]
    """A network's texts (path -> text) where some are read only when asked for.

    A warm `nic validate` knows from each file's stat signature that it is unchanged and takes
    its parse from the cache without reading it (`nictools.load.cache`); its text is read if a
    check or a problem's position needs it. A text that can no longer be read is absent.
    """

    def __init__(self) -> None:
        super().__init__()
        self.later: dict[str, Callable[[], str | None]] = {}

    def __missing__(self, path: str) -> str:
        reader = self.later.pop(path, None)
        text = reader() if reader is not None else None
        if text is None:
            raise KeyError(path)
        self[path] = text
        return text

    def get(self, path: str, default: Any = None) -> Any:  # type: ignore[override]
        try:
            return self[path]
        except KeyError:
            return default

    def __contains__(self, path: object) -> bool:
        return super().__contains__(path) or path in self.later

    def __iter__(self) -> Iterator[str]:
        return iter([*super().keys(), *self.later])

    def __len__(self) -> int:
        return super().__len__() + len(self.later)

    def keys(self) -> Any:
        return list(self)

    def _read_all(self) -> None:
        for path in list(self.later):
            self.get(path)

    def items(self) -> Any:
        self._read_all()
        return super().items()

    def values(self) -> Any:
        self._read_all()
        return super().values()
