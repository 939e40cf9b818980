"""Text for people: grouped by file, the source line with a caret, the hint.

User text is never rich markup (a YAML value like `[a, b]` would read as a tag):
everything is built from `Text` objects, and never a terminal control (`make_console`). Colour only on a terminal or under FORCE_COLOR,
never under NO_COLOR (`wants_color`).
"""

from __future__ import annotations

from itertools import groupby
from typing import TYPE_CHECKING, Iterable, Mapping, TextIO

from nictools.formatters import wants_color
from nictools.problems import Result, Severity
from nictools.terminal import raw, visible

if TYPE_CHECKING:
    from rich.console import Console

_STYLE = {Severity.ERROR: "bold red", Severity.WARNING: "yellow", Severity.INFO: "cyan"}


def make_console(stream: TextIO, color: bool | None = None) -> Console:
    """A console that colours only a real terminal (or FORCE_COLOR) and honours NO_COLOR, and whose
    text never carries a terminal control: user text is shown with `nictools.terminal.visible`,
    segment by segment, before rich adds its own colours (so it can write to the raw stream,
    under the CLI's `SafeStream`). rich is imported only here: plain text needs none of it."""
    from rich.console import Console
    from rich.segment import Segment

    class SafeConsole(Console):
        def _render_buffer(self, buffer: Iterable[Segment]) -> str:
            return super()._render_buffer(
                Segment(visible(text), style, control) if not control else Segment(text, style, control)
                for text, style, control in buffer)

    if color is None:
        color = wants_color(stream)
    return SafeConsole(file=raw(stream), force_terminal=color, no_color=not color, highlight=False,
                       soft_wrap=True, emoji=False, markup=False)


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


#: one line of output: its style, and its (text, rich style or None) pieces
Line = tuple["str | None", list[tuple[str, "str | None"]]]


def write_text(result: Result, stream: TextIO, sources: Mapping[str, str] | None = None,
               color: bool | None = None, show_source: bool = True, show_summary: bool = True,
               **_: object) -> None:
    if color is None:
        color = wants_color(stream)
    lines = _lines(result, sources or {}, show_source, show_summary)
    if color:
        from rich.text import Text

        console = make_console(stream, color)
        for style, pieces in lines:
            console.print(Text.assemble(*pieces, style=style or ""))
        return
    # without colour the pieces are the text: written as they are, without rich's rendering of each
    # (the same characters; a thousand problems took rich 0.4 s)
    out = raw(stream)
    out.write("".join("".join(text for text, _ in pieces) + "\n" for _, pieces in lines))


def _lines(result: Result, sources: Mapping[str, str], show_source: bool, show_summary: bool) -> list[Line]:
    out: list[Line] = []
    for path, group in groupby(result.problems, key=lambda p: p.path):
        out.append(("bold underline", [(visible(path), None)]))
        lines = sources.get(path, "").split("\n") if show_source else []
        for p in group:
            out.append((None, [("  ", None), (visible(f"{p.path}:{p.line}:{p.column}"), "bold"), (": ", None),
                               (f"{p.severity.value} {p.code}", _STYLE[p.severity]), (f" [{p.name}] ", "dim"),
                               (visible(p.message), None)]))
            if p.line and p.line <= len(lines):
                source = visible(lines[p.line - 1].replace("\t", " ").rstrip())
                if len(source) > 160:
                    source = source[:157] + "..."
                out.append(("dim", [(f"    {p.line:>4} | ", None), (source, None)]))
                if p.column:
                    width = max(1, (p.end_column - p.column) if p.end_line == p.line and p.end_column > p.column else 1)
                    width = min(width, max(1, len(source) - p.column + 1))
                    caret = " " * (p.column - 1) + "^" * width
                    out.append(("dim", [("         | ", None), (caret, _STYLE[p.severity])]))
            if p.hint:
                out.append(("green", [("    hint: ", None), (visible(p.hint), None)]))
        out.append((None, []))
    if not show_summary:
        return out
    counts = []
    for n, word in ((result.errors, "error"), (result.warnings, "warning"), (result.infos, "info")):
        if n:
            counts.append(_plural(n, word))
    checked = f"{_plural(result.files, 'file')} checked"
    if counts:
        out.append(("bold red" if result.errors else "bold yellow", [(f"Found {', '.join(counts)} ({checked}).", None)]))
    else:
        out.append(("bold green", [(f"All good: no problems ({checked}).", None)]))
    return out
