"""Making Data Count icons as small inline SVGs with text alternatives (one palette)."""

from __future__ import annotations

from html import escape

from nictools.measurement.mdc import ASSURANCE_WORDS, VARIATION_WORDS
from nictools.render.palette import COMMON, CONCERN, IMPROVEMENT, NEITHER

_VARIATION = {  # (colour, letter)
    "common": (COMMON, "~"),
    "improving": (IMPROVEMENT, "+"),
    "concerning": (CONCERN, "−"),
    "both": (NEITHER, "±"),
    "change": (NEITHER, "Δ"),
    "too-few": ("#bbbbbb", "·"),
}
_ASSURANCE = {"pass": (IMPROVEMENT, "P"), "fail": (CONCERN, "F"), "hit-and-miss": (COMMON, "?")}


def _icon(colour: str, letter: str, words: str) -> str:
    return (f'<svg class="mdc" role="img" aria-label="{escape(words)}" viewBox="0 0 24 24" width="24" height="24">'
            f"<title>{escape(words)}</title>"
            f'<circle cx="12" cy="12" r="10.5" fill="#ffffff" stroke="{colour}" stroke-width="2.5"/>'
            f'<text x="12" y="16.5" font-size="13" font-weight="700" text-anchor="middle" fill="{colour}" '
            f'font-family="sans-serif">{escape(letter)}</text></svg>')


def variation_svg(kind: str) -> str:
    colour, letter = _VARIATION[kind]
    return _icon(colour, letter, VARIATION_WORDS[kind])


def assurance_svg(kind: str | None) -> str:
    if kind is None:
        return ""
    colour, letter = _ASSURANCE[kind]
    return _icon(colour, letter, ASSURANCE_WORDS[kind])


def legend_html() -> str:
    items = [variation_svg(k) + f" {escape(VARIATION_WORDS[k])}" for k in _VARIATION]
    items += [assurance_svg(k) + f" {escape(ASSURANCE_WORDS[k])}" for k in _ASSURANCE]
    return '<p class="legend note">' + "".join(f"<span>{i}</span>" for i in items) + "</p>"


__all__ = ["assurance_svg", "legend_html", "variation_svg"]
