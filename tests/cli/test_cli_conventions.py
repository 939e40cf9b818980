"""The CLI behaves as command-line tools do: completion, `python -m`, --version, --quiet,
NO_COLOR / FORCE_COLOR, and the exit codes of the README's table (0 ok, 1 problems found,
2 could not run, 3 a bug)."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from nictools import __version__
from nictools.cli.main import app

SRC = Path(__file__).resolve().parents[2] / "src"
ANSI = re.compile(r"\x1b\[")


def nic(*args: str, **env: str) -> subprocess.CompletedProcess[str]:
    """`python -m nictools ARGS` in a subprocess, with this checkout on the path."""
    return subprocess.run([sys.executable, "-m", "nictools", *args], capture_output=True, text=True,
                          env={**os.environ, "PYTHONPATH": str(SRC), **env})


def test_python_dash_m_is_nic() -> None:
    done = nic("--help")
    assert done.returncode == 0
    assert "Usage: nic " in done.stdout and "validate" in done.stdout


def test_version_flags() -> None:
    assert nic("--version").stdout == f"nic (nictools) {__version__}\n"
    assert nic("-V").stdout == f"nic (nictools) {__version__}\n"


def test_show_completion_prints_a_bash_script() -> None:
    done = nic("--show-completion", "bash")
    assert done.returncode == 0
    assert "_NIC_COMPLETE=complete_bash" in done.stdout
    assert "complete -o default -F _nic_completion nic" in done.stdout


@pytest.mark.parametrize(("words", "cword", "expected"), [
    ("nic val", 1, "validate"),
    ("nic -C . sta", 3, "status"),           # global options before the command
    ("nic validate --fo", 2, "--format"),    # a command's options
    ("nic pdsa adv", 2, "advance"),          # sub-commands
])
def test_completion_answers_what_bash_asks(words: str, cword: int, expected: str) -> None:
    done = nic(_NIC_COMPLETE="complete_bash", COMP_WORDS=words, COMP_CWORD=str(cword))
    assert done.returncode == 0, done.stderr
    assert expected in done.stdout.split(), done.stdout


def test_quiet_leaves_only_the_results(make_network, cli, tmp_path: Path) -> None:
    root = make_network({"sites/lincoln/notes.txt": "to do"})  # one warning
    loud, quiet = cli("-C", str(root), "validate"), cli("-C", str(root), "--quiet", "validate")
    assert "Found 1 warning" in loud.stdout and "Found" not in quiet.stdout
    assert "NIC016" in quiet.stdout and loud.exit_code == quiet.exit_code == 0
    github = cli("-C", str(root), "-q", "validate", "--format", "github")
    assert github.stdout.startswith("::warning ") and "nic: 0 errors" not in github.stdout
    made = cli("-q", "init", str(tmp_path / "new"), "--name", "N", "--hub", "H")
    assert made.exit_code == 0 and "wrote" in made.stdout and "next:" not in made.stdout


def _problem_network(make_network) -> Path:
    return make_network({"change-ideas/CI-01.yaml": "id: CI-01\ntitle: t\ndescription: d\ndrivers: [S9]\n"})


def test_no_color_wins_over_force_color(make_network) -> None:
    root = _problem_network(make_network)
    runner = CliRunner()
    forced = runner.invoke(app, ["-C", str(root), "validate"], env={"FORCE_COLOR": "1", "NO_COLOR": None})
    assert forced.exit_code == 1 and ANSI.search(forced.stdout), "FORCE_COLOR colours output off a terminal"
    both = runner.invoke(app, ["-C", str(root), "validate"], env={"FORCE_COLOR": "1", "NO_COLOR": "1"})
    assert both.exit_code == 1 and "NIC2" in both.stdout and not ANSI.search(both.stdout)
    plain = runner.invoke(app, ["-C", str(root), "validate"], env={"FORCE_COLOR": None, "NO_COLOR": None})
    assert not ANSI.search(plain.stdout)  # not a terminal
    error = runner.invoke(app, ["-C", str(root / "nowhere"), "validate"], env={"FORCE_COLOR": "1", "NO_COLOR": "1"})
    assert error.exit_code == 2 and error.stderr.startswith("error: ")


def test_no_color_even_on_a_terminal(make_network, monkeypatch: pytest.MonkeyPatch) -> None:
    from nictools.formatters.text import make_console

    class Terminal:
        def __init__(self) -> None:
            self.text = ""

        def isatty(self) -> bool:
            return True

        def write(self, s: str) -> int:
            self.text += s
            return len(s)

        def flush(self) -> None:
            pass

    monkeypatch.delenv("NO_COLOR", raising=False)
    coloured = Terminal()
    make_console(coloured).print("x", style="bold red")  # type: ignore[arg-type]
    assert ANSI.search(coloured.text)
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.setenv("FORCE_COLOR", "1")
    plain = Terminal()
    make_console(plain).print("x", style="bold red")  # type: ignore[arg-type]
    assert plain.text == "x\n"


def test_exit_codes_follow_the_table(make_network, cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = make_network()
    assert cli("-C", str(root), "validate").exit_code == 0
    assert cli("-C", str(_problem_network(make_network)), "validate").exit_code == 1
    assert cli("-C", str(root), "validate", "--format", "yaml").exit_code == 2      # could not run: bad option value
    assert cli("-C", str(tmp_path), "validate").exit_code == 2                      # no network here
    assert cli("-C", str(root), "status").exit_code == 2                            # no git history
    assert cli("-C", str(root), "validate", "--no-such-flag").exit_code == 2        # usage error (click)
    assert cli("-C", str(root), "schema", "--check", "--out", str(tmp_path)).exit_code == 1  # stale schemas

    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("boom")

    monkeypatch.setattr("nictools.validate.run", broken)
    bug = cli("-C", str(root), "validate")
    assert bug.exit_code == 3
    assert "internal error" in bug.stderr and "Traceback" not in bug.stderr
