"""Measure and wrap text for diagram boxes, with no font library.

Widths come from DejaVu Sans advance widths (`fontmetrics`); kerning is ignored, which
only ever over-estimates a little, so text never spills out of its box.
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache

from nictools.diagram.fontmetrics import BOLD, REGULAR

#: Width (em) for a character outside the table: wide for CJK, a generous default else.
_WIDE = 1.0
_OTHER = 0.68


def _flatten(table: dict[int, tuple[int, ...]]) -> dict[int, float]:
    return {start + i: w / 1000 for start, widths in table.items() for i, w in enumerate(widths)}


_EM = {False: _flatten(REGULAR), True: _flatten(BOLD)}


@lru_cache(maxsize=4096)
def _char_em(char: str, bold: bool) -> float:
    code = ord(char)
    known = _EM[bold].get(code)
    if known is not None:
        return known
    if unicodedata.combining(char) or unicodedata.category(char) in ("Mn", "Me", "Cf"):
        return 0.0
    if unicodedata.east_asian_width(char) in ("W", "F"):
        return _WIDE
    return _OTHER * (1.08 if bold else 1.0)


def text_width(text: str, size: float, bold: bool = False) -> float:
    """The width of `text` in pixels at font `size` (pixels)."""
    return size * sum(_char_em(c, bold) for c in text)


def _split_word(word: str, width: float, size: float, bold: bool) -> list[str]:
    """Break a word longer than the line into pieces that fit (URLs, long compounds)."""
    pieces: list[str] = []
    current = ""
    for char in word:
        if current and text_width(current + char, size, bold) > width:
            pieces.append(current)
            current = char
        else:
            current += char
    if current:
        pieces.append(current)
    return pieces


def wrap_text(text: str, width: float, size: float, bold: bool = False) -> list[str]:
    """Greedy word wrap of `text` into lines no wider than `width` pixels."""
    words: list[str] = []
    for word in text.split():
        if text_width(word, size, bold) > width:
            words.extend(_split_word(word, width, size, bold))
        else:
            words.append(word)
    lines: list[str] = []
    current, current_width = "", 0.0
    space = text_width(" ", size, bold)
    for word in words:
        word_width = text_width(word, size, bold)
        if current and current_width + space + word_width > width:
            lines.append(current)
            current, current_width = word, word_width
        elif current:
            current, current_width = f"{current} {word}", current_width + space + word_width
        else:
            current, current_width = word, word_width
    if current or not lines:
        lines.append(current)
    return lines
