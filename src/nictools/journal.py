"""An undo journal for changes that span several files (`nic rename`), and signals that undo.

Before each step (a file rewritten, a file or folder moved) the journal file
`.nic-journal.json` in the network's root is rewritten, atomically and flushed to disk,
with every step begun so far and how to undo it (the file's original bytes; the move's
source and target). If the command is interrupted, by an exception or any catchable
signal (SIGINT, SIGTERM, SIGHUP, SIGQUIT where they exist; see `signals_interrupt`),
the steps are undone in reverse order and the journal removed. If the process was killed
outright (SIGKILL, power loss), the journal stays, and the next nic command that takes
the network's write lock undoes it first (`recover`), so the network is never left half
renamed. Each undo step is safe to repeat (a step begun but not done undoes to itself).
"""

from __future__ import annotations

import base64
import json
import os
import signal
import sys
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Iterator

from nictools.atomic import write_atomic

JOURNAL_NAME = ".nic-journal.json"

#: the signals a command can catch, by name, where this platform has them
SIGNAL_NAMES = ("SIGINT", "SIGTERM", "SIGHUP", "SIGQUIT", "SIGBREAK")


class Interrupted(KeyboardInterrupt):
    """A catchable signal arrived; the CLI exits 128 + its number (130 for Ctrl-C)."""

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = signum


def _signals() -> list[int]:
    return [getattr(signal, name) for name in SIGNAL_NAMES if hasattr(signal, name)]


@contextmanager
def signals_interrupt() -> Iterator[None]:
    """Inside the block, every catchable signal raises `Interrupted` (so `finally` and undo run)."""
    def raise_it(signum: int, frame: Any) -> None:
        raise Interrupted(signum)

    with _handlers(raise_it):
        yield


@contextmanager
def signals_deferred() -> Iterator[list[int]]:
    """Inside the block, catchable signals are noted, not acted on (an undo must finish);
    the first one noted is raised as `Interrupted` when the block ends."""
    noted: list[int] = []

    def note(signum: int, frame: Any) -> None:
        noted.append(signum)

    with _handlers(note):
        yield noted
    if noted:
        raise Interrupted(noted[0])


@contextmanager
def _handlers(handler: Any) -> Iterator[None]:
    previous: dict[int, Any] = {}
    try:
        for signum in _signals():
            try:
                previous[signum] = signal.signal(signum, handler)
            except (ValueError, OSError):  # not the main thread, or not settable here
                pass
        yield
    finally:
        for signum, old in previous.items():
            try:
                signal.signal(signum, old)
            except (ValueError, OSError):
                pass


class Journal:
    """The steps of one multi-file change, written down before each is taken."""

    def __init__(self, root: Path, command: str) -> None:
        self.root = Path(root)
        self.path = self.root / JOURNAL_NAME
        self.command = command
        self.steps: list[dict[str, Any]] = []

    def _save(self) -> None:
        write_atomic(self.path, json.dumps({"command": self.command, "steps": self.steps}, indent=1))

    def before_write(self, rel: str) -> None:
        """Note the file's bytes as they are now, before it is rewritten."""
        target = self.root / rel
        original = target.read_bytes() if target.is_file() else None
        self.steps.append({"op": "write", "path": rel,
                           "original": None if original is None else base64.b64encode(original).decode("ascii")})
        self._save()

    def before_writes(self, rels: list[str]) -> None:
        """Note many files' bytes at once (one journal write, not one per file)."""
        for rel in rels:
            target = self.root / rel
            original = target.read_bytes() if target.is_file() else None
            self.steps.append({"op": "write", "path": rel,
                               "original": None if original is None else base64.b64encode(original).decode("ascii")})
        self._save()

    def before_move(self, source: str, target: str) -> None:
        self.steps.append({"op": "move", "source": source, "target": target})
        self._save()

    def undo(self) -> None:
        undo_steps(self.root, self.steps)
        self.finish()

    def finish(self) -> None:
        try:
            os.unlink(self.path)
        except FileNotFoundError:
            pass


def undo_steps(root: Path, steps: list[dict[str, Any]]) -> None:
    """Undo `steps` in reverse order; each is safe to undo twice or when it never happened."""
    for step in reversed(steps):
        if step.get("op") == "move":
            source, target = root / step["source"], root / step["target"]
            if os.path.lexists(target) and not os.path.lexists(source):
                os.rename(target, source)
        elif step.get("op") == "write":
            path = root / step["path"]
            if step.get("original") is None:
                if path.is_file():
                    os.unlink(path)
            else:
                original = base64.b64decode(step["original"])
                if not path.is_file() or path.read_bytes() != original:
                    write_atomic(path, original)


def recover(root: Path) -> str | None:
    """Undo a change a killed nic left half done; return a note saying so (None if there was none)."""
    path = Path(root) / JOURNAL_NAME
    if not path.is_file():
        return None
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        steps = data["steps"]
        command = str(data.get("command", "a command"))
    except (OSError, ValueError, KeyError, TypeError):
        return None  # not ours to judge: leave it for a person
    with signals_deferred():
        undo_steps(Path(root), steps)
        os.unlink(path)
    note = (f"note: an earlier `nic {command}` was stopped before it finished; what it had changed was put "
            "back first.\n")
    try:
        sys.stderr.write(note)
    except OSError:
        pass
    return note
