"""Shared pieces of the commands: path arguments, opening the history, progress, notes, output.

Paths follow git's rule: a relative path given on the command line (a file to validate or
fix, `--data`, `data import FILE`, every `--out`, `init DIR`) is relative to the `-C` folder
when `-C` is given, else to the current folder. `resolve_path` applies it; `output_path`
also refuses to write inside a `.git` folder, and a file output where a folder (or a link
to one) stands.
"""

from __future__ import annotations

import json
import os
import sys
import time
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Callable, Iterator, Optional, TextIO

import typer

from nictools.cli.app import state

HISTORY_FORMATS = ("text", "json", "markdown")


def resolve_path(ctx: typer.Context, path: Path | None) -> Path | None:
    """`path` as git resolves it under `-C DIR`: relative to DIR (else to the current folder)."""
    if path is None:
        return None
    path = Path(path).expanduser()
    base = state(ctx).directory
    return path if path.is_absolute() or base is None else base / path


def output_path(ctx: typer.Context, path: Path | None, *, folder: bool = False, option: str = "--out") -> Path | None:
    """An output path (`resolve_path`), refused inside `.git/` and, for a file (`folder` False),
    where a folder or a link to a folder stands."""
    from nictools.errors import NicError

    resolved = resolve_path(ctx, path)
    if resolved is None:
        return None
    absolute = Path(os.path.abspath(resolved))
    try:
        real = absolute.resolve()
    except (OSError, RuntimeError):
        real = absolute
    if any(part.lower() == ".git" for candidate in (absolute, real) for part in candidate.parts):
        raise NicError(f"{option} {path} is inside a .git folder, which belongs to git; nic never writes there.",
                       f"Give {option} a path outside .git, e.g. the network's folder or a folder beside it.")
    if not folder and resolved.is_dir():
        link = " (a link to a folder)" if resolved.is_symlink() else ""
        raise NicError(f"{option} {path} is a folder{link}; nic writes a file there.",
                       f"Give a file name, e.g. {option} {Path(path) / 'output'}.<extension>, or remove the "
                       "folder or link.")
    return resolved


def output_file_option() -> Any:
    """`-o/--output-file FILE`: write what the command prints to FILE instead (atomically)."""
    return typer.Option(None, "--output-file", "-o", dir_okay=False, show_default=False,
                        help="Write the output to FILE (atomically, replacing it) instead of printing it.")


@contextmanager
def output_to(path: Optional[Path]) -> Iterator[TextIO]:
    """Standard output, or a buffer written atomically to `path` once the command has produced it all
    (nothing is written when it stops with an error)."""
    if path is None:
        yield sys.stdout
        return
    import io

    from nictools.atomic import write_atomic
    from nictools.errors import NicError

    buffer = io.StringIO()
    yield buffer
    try:
        write_atomic(path, buffer.getvalue())
    except OSError as exc:
        raise NicError(f"Cannot write {path}: {exc.strerror or exc}.",
                       "Check that the folder exists and is writable, or pick another --output-file.") from None


def check_format(value: str, allowed: tuple[str, ...] = HISTORY_FORMATS) -> str:
    from nictools.errors import NicError

    if value not in allowed:
        raise NicError(f"Unknown format `{value}`.", f"Use one of: {', '.join(allowed)}.")
    return value


class Progress:
    """A rich progress bar on stderr, shown only on a terminal and only once a read passes a second."""

    def __init__(self, enabled: bool) -> None:
        self.enabled = enabled and sys.stderr.isatty() and not os.environ.get("NIC_NO_PROGRESS")
        self.started = time.monotonic()
        self.total = 0
        self.done = 0
        self.bar: Any = None
        self.task: Any = None

    def __call__(self, done: int, total: int) -> None:
        self.total += total
        self.done += done
        if not self.enabled:
            return
        if self.bar is None:
            if time.monotonic() - self.started < 1.0:
                return
            from rich.console import Console
            from rich.progress import BarColumn, MofNCompleteColumn, Progress as RichProgress, TextColumn

            from nictools.cli.start import SPOILED
            from nictools.terminal import raw

            SPOILED.append(True)  # a run that drew a bar is not kept for replay (nictools.cli.result_cache)
            self.bar = RichProgress(TextColumn("reading the history"), BarColumn(), MofNCompleteColumn(),
                                    console=Console(file=raw(sys.stderr)), transient=True)
            self.bar.start()
            self.task = self.bar.add_task("read", total=self.total)
        self.bar.update(self.task, completed=self.done, total=self.total)

    def stop(self) -> None:
        if self.bar is not None:
            self.bar.stop()


@contextmanager
def reading_history(ctx: typer.Context) -> Iterator[Any]:
    """The network's history (`nictools.history.session.open_history`), with a progress bar and
    its notes printed on stderr at the end."""
    from nictools.history.session import open_history

    st = state(ctx)
    root = st.root()
    progress = Progress(not st.quiet)
    with open_history(root) as history:
        history.progress = progress
        try:
            yield history
        finally:
            progress.stop()
        if not st.quiet:
            for note in history.notes:
                sys.stderr.write(f"note: {note}\n")


def emit(output_format: str, report: Any, text: Callable[[Any], str], markdown: Callable[[Any], str] | None,
         output_file: Optional[Path] = None) -> None:
    with output_to(output_file) as stream:
        if output_format == "json":
            stream.write(json.dumps(report.to_json(), indent=2, ensure_ascii=False, default=str) + "\n")
        elif output_format == "markdown" and markdown is not None:
            stream.write(markdown(report))
        else:
            stream.write(text(report))
