"""Which format a command writes: the one place that reads `--format` and `--out`'s extension.

Every command that writes a file picks its format here, by one rule: `--format` when
given (and it must agree with an extension that names another format); else the
format the file's extension names; else the command's default (`report.html` is HTML,
an export folder is CSV), or a question back when the command has no default.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Mapping

from nictools.errors import NicError


@dataclass(frozen=True)
class Formats:
    """What one command can write."""

    what: str                                  # "report", "export", "diagram", "chart"
    names: tuple[str, ...]                     # what --format accepts
    extensions: Mapping[str, str]              # a file extension -> the format it names
    default: str | None = None                 # without --format, for stdout or an unnamed extension
    file_default: bool = True                  # an extension nothing names means the default
    refused: Mapping[str, str] = field(default_factory=dict)  # an extension -> why it cannot be written
    file_hint: str = ""                        # what to say when a file name tells nothing

    def _names(self) -> str:
        """".png, .svg or .pdf": the extensions in the order given."""
        names = list(self.extensions)
        return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " or " + names[-1]


def pick_format(formats: Formats, given: str | None, out: Path | None) -> str:
    """The format to write, or a NicError (exit 2) that says what to give instead."""
    suffix = out.suffix.lower() if out is not None else ""
    named = formats.extensions.get(suffix)
    if given is not None:
        value = given.strip().lower()
        if value not in formats.names:
            raise NicError(f"Unknown {formats.what} format `{given}`.", f"Use one of: {', '.join(formats.names)}.")
        if named is not None and named != value and out is not None:
            raise NicError(f"--format {value} does not match the file name `{out.name}`.",
                           "Leave out --format (the extension picks it), or give the file a name that matches "
                           "the format.")
        return value
    if out is not None:
        if named is not None:
            return named
        if suffix in formats.refused:
            raise NicError(f"nic {formats.what} cannot write `{out.name}`.", f"{formats.refused[suffix]}, or give --format.")
        if not formats.file_default or formats.default is None:
            raise NicError(f"nic cannot tell which format to write from the file name `{out.name}`.",
                           formats.file_hint or f"End the name with {formats._names()}.")
    if formats.default is None:
        raise NicError(f"Say which format to write for the {formats.what}.", f"Give --format ({', '.join(formats.names)}).")
    return formats.default
