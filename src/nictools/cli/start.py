"""The `nic` console script: a repeated history command is answered before anything heavy loads.

`run()` asks the result cache (`nictools.cli.result_cache`) first: a `nic status`, `nic log` or
`nic diff` whose inputs are the ones of a run kept in the cache prints what that run printed,
byte for byte, on stdout and stderr, and exits 0, having imported neither typer, pydantic,
numpy nor GitPython. Otherwise the command runs as usual (`nictools.cli.main.run`); when the
cache follows it, what it writes is also recorded, and kept when it succeeded (exit 0, no
progress bar drawn) and its inputs are still the same afterwards (a commit made while it ran
would otherwise be filed under the older key).
"""

from __future__ import annotations

import sys
from typing import Any


def utf8_streams() -> None:
    """Write UTF-8 whatever the locale: on Windows a pipe or file defaults to a code page
    (cp1252) that cannot encode `→`, `·` or a school's name, and output would fail."""
    for stream in (sys.stdout, sys.stderr):
        encoding = (getattr(stream, "encoding", None) or "").lower().replace("-", "").replace("_", "")
        if encoding != "utf8" and hasattr(stream, "reconfigure"):
            stream.reconfigure(encoding="utf-8")


class Recording:
    """A text stream that passes everything on and keeps a copy of the text written.

    Anything that goes around the text (the binary `buffer`), or a progress bar drawn on a
    terminal, spoils the copy: such a run is not kept."""

    def __init__(self, stream: Any) -> None:
        self._stream = stream
        self.parts: list[str] = []
        self.spoiled = False

    def write(self, text: str) -> int:
        if not isinstance(text, str):
            self.spoiled = True
        else:
            self.parts.append(text)
        return self._stream.write(text)

    def writelines(self, lines: Any) -> None:
        for line in lines:
            self.write(line)

    @property
    def buffer(self) -> Any:
        self.spoiled = True
        return self._stream.buffer

    def text(self) -> str:
        return "".join(self.parts)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._stream, name)

    def __iter__(self) -> Any:
        return iter(self._stream)


#: the commands the result cache answers (`nictools.cli.result_cache.COMMANDS`): no other call loads it
_FOLLOWED = frozenset({"status", "log", "diff"})

#: set by anything that writes what a replay cannot give again (`nictools.cli.options.Progress`)
SPOILED: list[bool] = []


def _replay(out: str, err: str) -> None:
    try:
        if out:
            sys.stdout.write(out)
            sys.stdout.flush()
        if err:
            sys.stderr.write(err)
            sys.stderr.flush()
    except BrokenPipeError:
        sys.exit(0)
    except OSError as exc:
        from nictools.cli.main import _output_failed

        _output_failed(exc)
    sys.exit(0)


def run() -> None:
    """The `nic` console script."""
    utf8_streams()
    argv = sys.argv[1:]
    found = None
    if _FOLLOWED & set(argv):
        try:
            from nictools.cli import result_cache

            found = result_cache.lookup(argv)
        except Exception:  # the cache only ever saves time: anything odd runs the command as usual
            found = None
    if found is not None and found.found is not None:
        _replay(*found.found)
    from nictools.cli import main

    if found is None:
        main.run()
        return
    out, err = Recording(sys.stdout), Recording(sys.stderr)
    sys.stdout, sys.stderr = out, err  # type: ignore[assignment]
    succeeded = False
    try:
        main.run()
        succeeded = True
    except SystemExit as done:
        succeeded = done.code in (0, None)
        raise
    finally:
        sys.stdout, sys.stderr = out._stream, err._stream
        if succeeded and not (out.spoiled or err.spoiled or SPOILED):
            _keep(found, out.text(), err.text())


def _keep(found: Any, out: str, err: str) -> None:
    try:
        from nictools.cli import result_cache

        if result_cache.key_of(found.call) == found.key:
            result_cache.store(found.key, out, err)
    except Exception:
        pass
