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




def _list_of(annotation: Any) -> Any:
    """`str` or `Path` for a list of them (`list[str]`, `typing.List[Path]`), else None."""
    import typing

    if typing.get_origin(annotation) is list and typing.get_args(annotation) in ((str,), (Path,)):
        return typing.get_args(annotation)[0]
    return None


_TRUE, _FALSE = {"1", "on", "t", "true", "y", "yes"}, {"0", "off", "f", "false", "n", "no"}  # pydantic's words


def _plain_options() -> None:
    """Options of plain text, yes/no and path types without typer's pydantic adapters.

    typer (0.29) turns each option's value into its type through a pydantic `TypeAdapter` built
    when the command runs: importing pydantic and building the adapters cost `nic log` and
    `nic diff` about 0.15 s of a half-second run. Here a `str` option's text, a `bool` given as
    a bool or one of pydantic's yes/no words, a `Path` (through typer's own path checks), and
    lists of texts or paths are taken as they are; any other type or value goes the usual way,
    so errors read the same.
    Skipped when typer's internals are not the ones this was written for.
    """
    try:
        from typer import _coercion, _param_types
        from typer.core import _TyperParameter
    except ImportError:
        return
    base = getattr(_coercion, "RuntimeParam", None)
    coerce_path = getattr(_param_types, "coerce_cli_path", None)
    original = getattr(_TyperParameter, "get_runtime_param", None)
    if base is None or coerce_path is None or original is None or getattr(original, "_nic", False):
        return

    @dataclass(frozen=True)
    class PlainParam(base):  # type: ignore[misc, valid-type]
        full: Any = None  # the parameter, to build typer's own coercion for anything else

        def _coerce_value(self, value: Any, param: Any, ctx: Any) -> Any:
            kind = self.annotation
            if kind is str and isinstance(value, str):
                return value
            if kind is bool:
                if isinstance(value, bool):
                    return value
                if isinstance(value, str):
                    word = value.strip().lower()
                    if word in _TRUE or word in _FALSE or word == "":
                        return word in _TRUE
            if kind is Path and isinstance(value, (str, Path)):
                return coerce_path(Path(value), self.parameter_info, path_type=Path, param=param, ctx=ctx)
            item = _list_of(kind)
            if item is str and isinstance(value, (list, tuple)) and all(isinstance(v, str) for v in value):
                return list(value)
            if item is Path and isinstance(value, (list, tuple)) and all(isinstance(v, (str, Path)) for v in value):
                return [coerce_path(Path(v), self.parameter_info, path_type=Path, param=param, ctx=ctx) for v in value]
            return original(self.full)._coerce_value(value, param, ctx)

    def get_runtime_param(self: Any) -> Any:
        if self._runtime_param is None:
            described = self.type_descriptor
            info = described.parameter_info
            if ((described.annotation in (str, bool, Path) or _list_of(described.annotation) is not None)
                    and described.file_annotation is None
                    and getattr(info, "parser", None) is None and getattr(info, "path_type", None) is None):
                plain = PlainParam(parameter_info=info, annotation=described.annotation, full=self)
                return plain
        return original(self)

    get_runtime_param._nic = True  # type: ignore[attr-defined]
    _TyperParameter.get_runtime_param = get_runtime_param


_plain_options()


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


#: True in the `nic` process itself (`nictools.cli.main.run`), False under a test runner
ONE_SHOT = False


def leave_to_exit(value: Any) -> None:
    """In the `nic` process, keep `value` (a loaded network: a million small objects) until the
    process ends, so it is not freed object by object (a third of a second at 1,000 sites) just
    before the operating system reclaims it all anyway. In a longer-lived process it is freed as usual."""
    if ONE_SHOT:
        import gc

        holder: list[Any] = [value]
        holder.append(holder)  # a cycle the frozen collector never looks at: left to the exit
        gc.freeze()


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


@dataclass(frozen=True)
class LazyCommand:
    """A command whose module is imported only when it runs (or its own help is asked for).

    `target` is `"module:attribute"`: a command function or a `typer.Typer` sub-app. `help` is the
    line `nic --help` and shell completion show beside its name, so listing the commands imports
    none of them (None: the module is imported to read it; tests/cli/test_lazy_commands.py checks
    that a given line is the one the command itself has)."""

    target: str
    help: Optional[str] = None
    #: commands that speak a protocol on stdout (a language server): their bytes are not for a terminal
    protocol: bool = False


#: name -> command, in the order `nic --help` lists them (filled by `nictools.cli.main`)
LAZY_COMMANDS: dict[str, LazyCommand] = {}


def lazy_command(name: str, target: str, help: Optional[str] = None, *, protocol: bool = False) -> None:
    """Register `nic NAME`: `lazy_command("validate", "nictools.cli.validate:validate_command", "Check ...")`."""
    LAZY_COMMANDS[name] = LazyCommand(target, help, protocol)


class NicGroup(TyperGroup):
    """The one error boundary around every command; subcommands are imported when used."""

    _listing = False  # True while help or completion only lists the commands

    def list_commands(self, ctx: Any) -> list[str]:
        names = super().list_commands(ctx)
        if ctx.parent is None:
            names += [name for name in LAZY_COMMANDS if name not in names]
        return names

    def get_command(self, ctx: Any, cmd_name: str) -> Any:
        found = super().get_command(ctx, cmd_name)
        if found is not None or ctx.parent is not None or cmd_name not in LAZY_COMMANDS:
            return found
        lazy = LAZY_COMMANDS[cmd_name]
        if self._listing and lazy.help is not None:
            return _listed(cmd_name, lazy)
        command = _build_command(cmd_name, lazy)
        self.commands[cmd_name] = command
        return command

    def format_help(self, ctx: Any, formatter: Any) -> None:
        self._listing = True
        try:
            return super().format_help(ctx, formatter)
        finally:
            self._listing = False

    def shell_complete(self, ctx: Any, incomplete: str) -> Any:
        self._listing = True
        try:
            return super().shell_complete(ctx, incomplete)
        finally:
            self._listing = False

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


def _short_help(function: object) -> str | None:
    """A docstring's first paragraph as one line: the command list wraps it to the terminal
    (the docstring's own line breaks would show as ragged lines)."""
    doc = (getattr(function, "__doc__", None) or "").strip()
    return " ".join(doc.split("\n\n", 1)[0].split()) or None


def _safe_output(function: Any) -> Any:
    """`function` run with stdout and stderr showing control characters, never obeying them
    (`nictools.terminal`). Only the command's own run: click's help and usage text keep
    their colours."""
    import functools

    @functools.wraps(function)
    def run_command(*args: Any, **kwargs: Any) -> Any:
        from nictools.terminal import safe_streams

        with safe_streams():
            return function(*args, **kwargs)

    return run_command


def _wrap_commands(typer_app: typer.Typer) -> None:
    for info in typer_app.registered_commands:
        if info.callback is not None and not getattr(info.callback, "__wrapped__", None):
            info.callback = _safe_output(info.callback)
    for group in typer_app.registered_groups:
        if group.typer_instance is not None:
            _wrap_commands(group.typer_instance)


def load_target(target: str) -> Any:
    import importlib

    module, _, attribute = target.partition(":")
    return getattr(importlib.import_module(module), attribute)


def _build_command(name: str, lazy: LazyCommand) -> Any:
    """The click command of a registered command: its module imported, its options built."""
    from typer.main import get_command_from_info, get_group_from_info
    from typer.models import CommandInfo, TyperInfo

    found = load_target(lazy.target)
    common = dict(pretty_exceptions_short=app.pretty_exceptions_short, rich_markup_mode=app.rich_markup_mode)
    if isinstance(found, typer.Typer):
        _wrap_commands(found)
        return get_group_from_info(TyperInfo(found, name=name), suggest_commands=app.suggest_commands, **common)
    callback = found if lazy.protocol else _safe_output(found)
    return get_command_from_info(CommandInfo(name, callback=callback, short_help=_short_help(found)), **common)


def command_help(name: str) -> Optional[str]:
    """The line the command list shows for `nic NAME`, read from the command itself."""
    found = load_target(LAZY_COMMANDS[name].target)
    if isinstance(found, typer.Typer):
        return found.info.help if isinstance(found.info.help, str) else None
    return _short_help(found)


def _listed(name: str, lazy: LazyCommand) -> Any:
    """A stand-in that only names a command and its help line, for listing it."""
    return typer.core.TyperCommand(name, short_help=lazy.help, help=lazy.help)


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
