"""The one "stop and tell the user" exception.

The library raises `NicError` when a command cannot go on (not a network, unknown
revision, history too shallow); the CLI catches it once, prints the message and the
hint, and exits 2. Problems in the user's files are not errors: they are `Problem`
records (see `nictools.problems`).
"""

from __future__ import annotations


class NicError(Exception):
    """A command cannot run: `message` says what is wrong, `hint` how to fix it."""

    def __init__(self, message: str, hint: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint

    def __str__(self) -> str:
        return self.message if not self.hint else f"{self.message}\n{self.hint}"
