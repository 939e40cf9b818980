"""Asking for missing values: on a terminal, prompt; with no terminal, stop and name the option.

Shared by `nic new`, `nic pdsa advance` and `nic data import`. Tests make the
session interactive by patching `is_interactive`.
"""

from __future__ import annotations

import os
import sys
import typing
from pathlib import Path
from typing import Any, Sequence

import typer


def is_interactive() -> bool:
    """True when a person can answer: standard input is a terminal."""
    try:
        return sys.stdin.isatty()
    except (AttributeError, ValueError):
        return False


def require(value: str | None, option: str, label: str, example: str, *, choices: Sequence[str] = ()) -> str:
    """`value`, or the answer to a prompt, or a NicError naming `option` (nothing is written)."""
    from nictools.errors import NicError

    if value is not None and str(value).strip():
        return check_choice(value, choices, option) if choices else value
    if not is_interactive():
        raise NicError(f"{option} is required: {label}.",
                       f"Give it on the command line, e.g. `{example}` (nic asks for it only on a terminal).")
    return ask(label[0].upper() + label[1:], choices)


def ask(label: str, choices: Sequence[str] = ()) -> str:
    """Prompt until the answer is not empty (and is one of `choices`, when given)."""
    shown = f"{label} ({', '.join(choices)})" if choices else label
    while True:
        answer = str(typer.prompt(shown)).strip()
        if not answer:
            continue
        if not choices or answer in choices:
            return answer
        typer.echo(f"Please answer one of: {', '.join(choices)}.", err=True)


def check_choice(value: str, choices: Sequence[str], option: str) -> str:
    from nictools.errors import NicError
    from nictools.suggest import did_you_mean

    if value in choices:
        return value
    raise NicError(f"{option} `{value}` is not one of the choices.",
                   f"{did_you_mean(value, choices)}Use one of: {', '.join(choices)}.")


def choices_of(model: Any, name: str) -> tuple[str, ...]:
    """The allowed values of a Literal field of a pydantic model (a single source of truth)."""
    annotation = model.model_fields[name].annotation
    found: list[str] = []

    def walk(a: Any) -> None:
        if typing.get_origin(a) is typing.Literal:
            found.extend(str(v) for v in typing.get_args(a) if isinstance(v, str))
        for arg in typing.get_args(a):
            if typing.get_origin(arg) is typing.Literal or typing.get_args(arg):
                walk(arg)

    walk(annotation)
    return tuple(dict.fromkeys(found))


def shown_path(path: Path) -> str:
    """A written path as the user would type it: relative to where they are, when inside it."""
    try:
        rel = os.path.relpath(path)
    except ValueError:
        return str(path)
    return str(path) if rel.startswith("..") else rel


def ask_before_writing(yes: bool, question: str = "Add these rows?", shown: str = "the table above") -> None:
    """Nothing is written without a yes: `--yes`, or an answer on a terminal (exit 2 without one)."""
    from nictools.errors import NicError

    if yes:
        return
    if not is_interactive():
        raise NicError("Nothing was written: nic asks before importing, and there is no terminal to ask on.",
                       f"Check {shown}, then run the same command with --yes.")
    if not typer.confirm(question, default=False):
        typer.echo("Nothing was written.")
        raise typer.Exit(1)
