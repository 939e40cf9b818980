"""The typer application, its global options and the one error boundary.

Every command runs inside `NicGroup.invoke`: a `NicError` prints its message and
hint on stderr and exits 2 (1 for a `LockTimeout`); a fault of the machine (a full disk,
a read-only folder, stdout on /dev/full) is said in plain words and exits 2; any other
exception says it is a bug and exits 3 (`--debug` shows the traceback). While a command
runs, stdout and stderr are `nictools.terminal.SafeStream`s (`cli.main` wraps every
command's function in `safe_streams`): a control character from a repository is shown,
never obeyed. Exit codes: 0 no errors, 1 problems found,
2 the command could not run, 3 internal error.
"""

from __future__ import annotations

import sys
import traceback
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Optional

import typer
from typer.core import TyperGroup

from nictools import __version__
from nictools.errors import NicError

EXIT_OK, EXIT_PROBLEMS, EXIT_CANNOT_RUN, EXIT_BUG = 0, 1, 2, 3


@dataclass
class State:
    """Global options, shared with every command through the click context."""

    directory: Optional[Path] = None
    debug: bool = False
    quiet: bool = False

    def root(self, start: Path | None = None) -> Path:
        """The network this command works on (walking up to network.yaml)."""
        from nictools.network import find_root

        return find_root(self.directory or start)


def _say_error(message: str, hint: str = "") -> None:
    from nictools.formatters import wants_color
    from nictools.terminal import raw, visible

    stream = raw(sys.stderr)
    use_color = wants_color(stream)
    red = "\033[1;31m" if use_color else ""
    reset = "\033[0m" if use_color else ""
    try:
        stream.write(f"{red}error:{reset} {visible(message)}\n")
        if hint:
            stream.write(f"hint: {visible(hint)}\n")
        stream.flush()
    except OSError:
        pass  # stderr itself is gone: the exit status still tells


def _stdout_failed() -> bool:
    """Whether standard output cannot take what was written to it (a full disk, /dev/full)."""
    try:
        raw(sys.stdout).flush()
    except OSError:
        return True
    except Exception:
        return False
    return False


def _silence_stdout() -> None:
    """Point stdout at the null device, so Python's own flush at exit cannot fail again."""
    import os

    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, raw(sys.stdout).fileno())
    except (OSError, ValueError, AttributeError):
        pass


def raw(stream: Any) -> Any:
    from nictools.terminal import raw as unwrap

    return unwrap(stream)


def _is_cli_exception(exc: BaseException) -> bool:
    """Exceptions that typer/click handle themselves (Exit, Abort, usage errors).

    Matched by module because typer may bundle its own copy of click.
    """
    return type(exc).__module__.split(".")[0] in ("click", "typer")


GLOBAL_FLAGS = ("-q", "--quiet", "--debug")
GLOBAL_VALUED = ("-C", "--directory")


def _option_index(command: Any) -> tuple[dict[str, bool], bool]:
    """A command's option names -> whether each takes a value; and whether it has subcommands."""
    takes: dict[str, bool] = {}
    for param in getattr(command, "params", []):
        if getattr(param, "param_type_name", "") != "option":
            continue
        valued = not (getattr(param, "is_flag", False) or getattr(param, "count", False))
        for name in [*param.opts, *param.secondary_opts]:
            takes[name] = valued
    return takes, hasattr(command, "get_command")


def hoist_global_options(group: Any, ctx: Any, args: list[str]) -> list[str]:
    """Move the global options (-C DIR, -q/--quiet, --debug) found after a command name to the front,
    so `nic validate -q` means `nic -q validate`. A command's own option of the same name wins,
    option values are skipped over, and nothing after `--` is touched."""
    moved: list[str] = []
    kept: list[str] = []
    command: Any = group
    own, is_group = _option_index(group)
    started = False  # past the first command name
    i = 0
    while i < len(args):
        token = args[i]
        if token == "--":
            kept.extend(args[i:])
            break
        name = token.split("=", 1)[0] if token.startswith("--") else token
        if started and name not in own and (name in GLOBAL_FLAGS or name in GLOBAL_VALUED
                                            or (token.startswith("-C") and len(token) > 2 and not token.startswith("--"))):
            if name in GLOBAL_VALUED and "=" not in token and i + 1 < len(args):
                moved.extend(args[i:i + 2])
                i += 2
                continue
            moved.append(token)
            i += 1
            continue
        kept.append(token)
        if token.startswith("-") and token != "-":
            if own.get(name) and "=" not in token and not (len(token) > 2 and not token.startswith("--")
                                                            and token[:2] in own):
                if i + 1 < len(args):
                    kept.append(args[i + 1])
                    i += 1
        elif is_group:
            sub = command.get_command(ctx, token)
            if sub is None:
                kept.extend(args[i + 1:])
                break
            command, started = sub, True
            own, is_group = _option_index(sub)
        i += 1
    return moved + kept


class NicGroup(TyperGroup):
    """The one error boundary around every command."""

    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:
        if ctx.parent is None:
            args = hoist_global_options(self, ctx, list(args))
        return super().parse_args(ctx, args)

    def invoke(self, ctx: Any) -> Any:
        from nictools.faults import ENVIRONMENT_ERRNOS, plain_os_error

        try:
            try:
                return super().invoke(ctx)
            finally:
                raw(sys.stdout).flush()  # output that cannot be written fails here, with a message
        except NicError as exc:
            _say_error(exc.message, exc.hint)
            raise typer.Exit(getattr(exc, "exit_code", EXIT_CANNOT_RUN)) from None
        except KeyboardInterrupt as exc:  # Ctrl-C, or a signal turned into one (nictools.journal.Interrupted)
            try:
                sys.stderr.write("Interrupted.\n")
            except OSError:
                pass
            raise typer.Exit(128 + getattr(exc, "signum", 2)) from None
        except BrokenPipeError:
            _silence_stdout()
            raise typer.Exit(EXIT_OK) from None
        except OSError as exc:
            if getattr(exc, "nic_stream", None) or _stdout_failed():
                _silence_stdout()
                cause = plain_os_error(exc).message.split(": ", 1)[-1]
                _say_error(f"Could not write the output to {getattr(exc, 'nic_stream', None) or 'standard output'}: "
                           f"{cause}",
                           "Send the output somewhere with space (a file on another disk, or a pipe) and run "
                           "the command again.")
                raise typer.Exit(EXIT_CANNOT_RUN) from None
            if exc.errno in ENVIRONMENT_ERRNOS or getattr(exc, "nic_doing", None):
                error = plain_os_error(exc, doing=getattr(exc, "nic_doing", ""))
                _say_error(error.message, error.hint)
                raise typer.Exit(EXIT_CANNOT_RUN) from None
            self._bug(ctx)
        except Exception as exc:
            if _is_cli_exception(exc):
                raise  # usage errors and exits: typer/click print them (exit 2 for usage)
            self._bug(ctx)

    def _bug(self, ctx: Any) -> None:
        state = ctx.obj if isinstance(ctx.obj, State) else State()
        if state.debug:
            traceback.print_exc()
        _say_error(
            "nic hit an internal error. This is a bug in nictools, not a problem in your files.",
            "Run the same command with --debug and report the traceback to the nictools developers.",
        )
        raise typer.Exit(EXIT_BUG) from None


app = typer.Typer(
    cls=NicGroup,
    name="nic",
    help="Tools for networked improvement communities: validate, chart and report on a network's "
    "aims, measures, driver diagram, change ideas, PDSA cycles and data kept in git.",
    no_args_is_help=True,
    add_completion=True,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"nic (nictools) {__version__}")
        raise typer.Exit()


@app.callback()
def main(
    ctx: typer.Context,
    directory: Optional[Path] = typer.Option(
        None, "-C", "--directory", help="Run as if started in DIR (the network or a folder inside it).",
        file_okay=False, show_default=False,
    ),
    debug: bool = typer.Option(False, "--debug", help="Show the Python traceback of an internal error."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="Print only problems and results, no progress or summary."),
    version: bool = typer.Option(False, "--version", "-V", callback=_version, is_eager=True,
                                 help="Show the version and exit."),
) -> None:
    """Global options go before the command or after it: `nic -C network validate -q`."""
    ctx.obj = State(directory=directory, debug=debug, quiet=quiet)


def state(ctx: typer.Context) -> State:
    obj = ctx.find_root().obj
    return obj if isinstance(obj, State) else State()
