"""Commands are imported when they run: the list in `nic --help` and completion stays whole."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
import typer

from nictools.cli.app import LAZY_COMMANDS, command_help
from nictools.cli.main import app

SRC = Path(__file__).resolve().parents[2] / "src"


@pytest.mark.parametrize("name", list(LAZY_COMMANDS))
def test_the_listed_help_line_is_the_commands_own(name: str) -> None:
    """The line written beside `lazy_command(...)` is the one the command itself would show."""
    assert LAZY_COMMANDS[name].help == command_help(name)


HELP = """
import sys
from nictools.cli.app import NicGroup
if {real!r}:  # never list stand-ins: every command imported and built
    NicGroup._listing = property(lambda self: False, lambda self, value: None)
from nictools.cli.main import run
sys.argv = ["nic", "--help"]
try:
    run()
except SystemExit:
    pass
"""


def test_help_lists_every_command_as_the_commands_themselves_would() -> None:
    env = {**os.environ, "PYTHONPATH": str(SRC), "COLUMNS": "200", "TERM": "dumb"}
    lazy, real = (subprocess.run([sys.executable, "-c", HELP.format(real=flag)], capture_output=True, text=True,
                                 check=True, env=env).stdout for flag in (False, True))
    assert lazy == real
    for name, command in LAZY_COMMANDS.items():
        assert f" {name} " in lazy and (command.help or "")[:40] in lazy


def test_help_and_version_import_no_command_module() -> None:
    probe = ("import sys\nfrom nictools.cli.main import run\nsys.argv = ['nic', '--help']\n"
             "try:\n    run()\nexcept SystemExit:\n    pass\n"
             "print('LOADED:' + ','.join(sorted(m for m in sys.modules if m.startswith('nictools.cli.')"
             " and m not in ('nictools.cli.app', 'nictools.cli.main', 'nictools.cli.start'))))")
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True,
                         env={**os.environ, "PYTHONPATH": str(SRC)})
    assert out.stdout.strip().splitlines()[-1] == "LOADED:"


def test_bash_completion_lists_every_command_with_its_help(tmp_path: Path) -> None:
    env = {**os.environ, "PYTHONPATH": str(SRC), "_NIC_COMPLETE": "complete_zsh", "_TYPER_COMPLETE_ARGS": "nic "}
    done = subprocess.run([sys.executable, "-c", "from nictools.cli.main import run; run()"], cwd=tmp_path, env=env,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    for name, lazy in LAZY_COMMANDS.items():
        assert f'"{name}":' in done.stdout, name
    assert "Check the network" in done.stdout


def test_an_unknown_command_still_says_so(cli) -> None:
    result = cli("valdate")
    assert result.exit_code == 2 and "valdate" in result.stderr
