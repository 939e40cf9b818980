"""Entry point: registers every command on the app and runs it.

Command modules import only typer at the top; each command imports what it needs
(numpy, matplotlib, git) inside its function, so `nic --version` stays fast.
"""

from __future__ import annotations

import functools
import sys
from typing import Any, Callable

import typer

from nictools.cli.app import app
from nictools.cli.chart import chart_command
from nictools.cli.explain import explain_command
from nictools.cli.entry import import_command
from nictools.cli.export import export_command
from nictools.cli.fix import fix_command
from nictools.cli.migrate import migrate_command
from nictools.cli.rename import rename_command
from nictools.cli.diagram import diagram_command
from nictools.cli.convening import convening_app
from nictools.cli.report import report_command
from nictools.cli.schema import schema_command
from nictools.cli.data import data_app
from nictools.cli.init import init_command
from nictools.cli.web_editor import web_editor_command
from nictools.cli.new import new_app
from nictools.cli.pdsa import pdsa_app
from nictools.cli.phase import phase_app
from nictools.cli.compare import compare_command
from nictools.cli.diff import diff_command
from nictools.cli.log import log_command
from nictools.cli.lsp import lsp_command
from nictools.cli.status import status_command
from nictools.cli.sync import sync_command
from nictools.cli.validate import validate_command

def _short_help(function: object) -> str | None:
    """A docstring's first paragraph as one line: the command list wraps it to the terminal
    (the docstring's own line breaks would show as ragged lines)."""
    doc = (getattr(function, "__doc__", None) or "").strip()
    return " ".join(doc.split("\n\n", 1)[0].split()) or None


def _command(name: str, function: object) -> None:
    app.command(name, short_help=_short_help(function))(function)  # type: ignore[arg-type]


def _safe_output(function: Callable[..., Any]) -> Callable[..., Any]:
    """`function` run with stdout and stderr showing control characters, never obeying them
    (`nictools.terminal`). Only the command's own run: click's help and usage text keep
    their colours."""
    @functools.wraps(function)
    def run_command(*args: Any, **kwargs: Any) -> Any:
        from nictools.terminal import safe_streams

        with safe_streams():
            return function(*args, **kwargs)

    return run_command


#: commands that speak a protocol on stdout (a language server): their bytes are not for a terminal
_PROTOCOL_COMMANDS = ("lsp",)


def _wrap_commands(typer_app: typer.Typer) -> None:
    for info in typer_app.registered_commands:
        if info.callback is not None and info.name not in _PROTOCOL_COMMANDS:
            info.callback = _safe_output(info.callback)
    for group in typer_app.registered_groups:
        if group.typer_instance is not None:
            _wrap_commands(group.typer_instance)


_command("validate", validate_command)
_command("schema", schema_command)
_command("chart", chart_command)
_command("explain", explain_command)
_command("fix", fix_command)
_command("rename", rename_command)
_command("migrate", migrate_command)
_command("init", init_command)
app.add_typer(new_app, name="new")
app.add_typer(pdsa_app, name="pdsa")
app.add_typer(phase_app, name="phase")
app.add_typer(data_app, name="data")
_command("diagram", diagram_command)
_command("status", status_command)
_command("log", log_command)
_command("diff", diff_command)
_command("compare", compare_command)
_command("report", report_command)
app.add_typer(convening_app, name="convening")
_command("export", export_command)
_command("import", import_command)
_command("sync", sync_command)
_command("web-editor", web_editor_command)
_command("lsp", lsp_command)


_wrap_commands(app)  # after every command is registered above


def utf8_streams() -> None:
    """Write UTF-8 whatever the locale: on Windows a pipe or file defaults to a code page
    (cp1252) that cannot encode `→`, `·` or a school's name, and output would fail."""
    for stream in (sys.stdout, sys.stderr):
        encoding = (getattr(stream, "encoding", None) or "").lower().replace("-", "").replace("_", "")
        if encoding != "utf8" and hasattr(stream, "reconfigure"):
            stream.reconfigure(encoding="utf-8")


def _output_failed(exc: OSError) -> None:
    """Standard output could not be written (a full disk, /dev/full): say so plainly, exit 2."""
    import os

    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())  # Python's own flush at exit must not fail again
    except (OSError, ValueError, AttributeError):
        pass
    from nictools.faults import plain_os_error

    cause = plain_os_error(exc).message.split(": ", 1)[-1]
    try:
        sys.stderr.write(f"error: Could not write the output to standard output: {cause}\n"
                         "hint: Send the output somewhere with space (a file on another disk, or a pipe) "
                         "and run the command again.\n")
        sys.stderr.flush()
    except OSError:
        pass
    sys.exit(2)


def run() -> None:
    """The `nic` console script.

    Output that fails outside a command (`--help`, `--version`, the last flush) is said in
    plain words with exit 2, as inside one (`NicGroup.invoke`)."""
    utf8_streams()
    try:
        app(prog_name="nic")
    except BrokenPipeError:
        sys.exit(0)
    except OSError as exc:
        _output_failed(exc)
    except SystemExit as done:
        try:
            sys.stdout.flush()
        except BrokenPipeError:
            pass
        except OSError as exc:
            _output_failed(exc)
        raise done


if __name__ == "__main__":
    run()
