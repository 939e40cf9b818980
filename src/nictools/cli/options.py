"""Shared pieces of the history commands: opening the history, progress, notes, output."""

from __future__ import annotations

import json
import os
import sys
import time
from contextlib import contextmanager
from typing import Any, Callable, Iterator

import typer

from nictools.cli.app import state

HISTORY_FORMATS = ("text", "json", "markdown")


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

            self.bar = RichProgress(TextColumn("reading the history"), BarColumn(), MofNCompleteColumn(),
                                    console=Console(stderr=True), transient=True)
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


def emit(output_format: str, report: Any, text: Callable[[Any], str], markdown: Callable[[Any], str] | None) -> None:
    if output_format == "json":
        sys.stdout.write(json.dumps(report.to_json(), indent=2, ensure_ascii=False, default=str) + "\n")
    elif output_format == "markdown" and markdown is not None:
        sys.stdout.write(markdown(report))
    else:
        sys.stdout.write(text(report))
