"""Global options after the command (`nic validate -q`), and shell completion of ids and choices.

Completion is tested twice: the functions directly, and through the mechanism a shell uses
(typer's `_NIC_COMPLETE` environment variable, in a subprocess started in the network's folder).
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace

import pytest

from nictools.cli.completion import change_idea_ids, complete_validate_format, measure_ids, site_ids
from tests.conftest import EXAMPLE

SRC = Path(__file__).resolve().parents[2] / "src"


# --- global options after the command -----------------------------------------------------------


def test_quiet_after_the_command(make_network, cli) -> None:
    root = make_network()
    assert "All good" in cli("-C", str(root), "validate").stdout
    for args in (("-C", str(root), "-q", "validate"), ("-C", str(root), "validate", "-q"),
                 ("validate", "-C", str(root), "--quiet"), ("validate", f"--directory={root}", "-q")):
        result = cli(*args)
        assert result.exit_code == 0, (args, result.output)
        assert result.stdout == "", args


def test_directory_after_the_command_and_in_a_nested_command(make_network, cli, tmp_path: Path) -> None:
    root = make_network()
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    cwd = os.getcwd()
    os.chdir(elsewhere)
    try:
        assert cli("validate").exit_code == 2  # no network here
        assert cli("validate", "-C", str(root)).exit_code == 0
        result = cli("new", "change-idea", "--title", "Check-in cards", "--driver", "S1", "-C", str(root), "-q")
        assert result.exit_code == 0, result.output
        assert (root / "change-ideas" / "CI-02.yaml").is_file()
    finally:
        os.chdir(cwd)


def test_option_values_and_arguments_are_not_taken_for_global_options(make_network, cli) -> None:
    """`--title -q` is a title, and everything after `--` is an argument."""
    root = make_network()
    result = cli("-C", str(root), "new", "change-idea", "--title", "-q", "--driver", "S1")
    assert result.exit_code == 0, result.output
    assert '\ntitle: "-q"\n' in (root / "change-ideas" / "CI-02.yaml").read_text(encoding="utf-8")
    result = cli("-C", str(root), "validate", "--", "-q")
    assert result.exit_code == 2 and "-q" in result.output  # a path named -q, not the option


def test_debug_after_the_command_shows_the_traceback(make_network, cli, monkeypatch) -> None:
    import nictools.validate

    def boom(*args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(nictools.validate, "run", boom)
    root = make_network()
    plain = cli("-C", str(root), "validate")
    debug = cli("-C", str(root), "validate", "--debug")
    assert plain.exit_code == debug.exit_code == 3
    assert "Traceback" not in plain.stderr and "Traceback" in debug.stderr and "RuntimeError: boom" in debug.stderr


# --- completion functions -------------------------------------------------------------------------


def _ctx(directory: Path | None = None) -> SimpleNamespace:
    root = SimpleNamespace(params={"directory": directory})
    return SimpleNamespace(find_root=lambda: root)


def test_completion_functions_read_the_network(monkeypatch) -> None:
    monkeypatch.chdir(EXAMPLE / "sites")  # a folder inside the network: found by walking up
    assert [v for v, _ in site_ids(_ctx(), "")] == sorted(p.name for p in (EXAMPLE / "sites").iterdir())
    assert site_ids(_ctx(), "li") == [("lincoln", "Lincoln High School")]
    assert ("ATT-90", "Ninth graders attending 90% or more of their class periods") in measure_ids(_ctx(), "")
    assert [v for v, _ in measure_ids(_ctx(), "att")] == ["ATT-90"]  # case-insensitive prefix
    assert [v for v, _ in change_idea_ids(_ctx(), "CI-1")] == [f"CI-{n}" for n in range(10, 18)]
    assert [v for v, _ in complete_validate_format("s")] == ["sarif"]


def test_completion_follows_minus_c_and_is_quiet_outside_a_network(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    assert site_ids(_ctx(), "") == [] and measure_ids(_ctx(), "") == []
    assert [v for v, _ in site_ids(_ctx(EXAMPLE), "ro")] == ["roosevelt"]


def test_completion_survives_a_broken_file(make_network, monkeypatch) -> None:
    root = make_network({"measures/BROKEN.yaml": "id: [unclosed\n", "measures/LIST.yaml": "- a list\n"})
    monkeypatch.chdir(root)
    assert [v for v, _ in measure_ids(_ctx(), "")] == ["ATT", "BROKEN", "LIST"]  # file names stand in


# --- completion as a shell asks for it -----------------------------------------------------------


def _complete(cwd: Path, words: str, shell: str = "bash") -> list[str]:
    """What `nic` answers a shell's completion request for the command line `words` (cursor at the end)."""
    env = {**os.environ, "PYTHONPATH": str(SRC), "_NIC_COMPLETE": f"complete_{shell}"}
    if shell == "bash":
        env.update({"COMP_WORDS": words, "COMP_CWORD": str(len(words.split(" ")) - 1)})
    else:
        env["_TYPER_COMPLETE_ARGS"] = words
    done = subprocess.run([sys.executable, "-c", "from nictools.cli.main import run; run()"], cwd=cwd, env=env,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    return done.stdout.splitlines()


@pytest.mark.parametrize("words, expected", [
    ("nic chart ", ["ADULT-CHECKIN", "ATT-90", "BELONG", "CHECKIN-DONE", "FAMILY-CONTACT", "FOLLOWUP-2D",
                    "REFERRALS", "TEACHER-MIN"]),
    ("nic chart ATT-90 --site li", ["lincoln"]),
    ("nic status --site ", sorted(p.name for p in (EXAMPLE / "sites").iterdir())),
    ("nic log --change-idea CI-0", [f"CI-0{n}" for n in range(1, 10)]),
    ("nic new pdsa --change-idea CI-1", [f"CI-{n}" for n in range(10, 18)]),
    ("nic data add RE", ["REFERRALS"]),
    ("nic data import week.csv --measure RE", ["REFERRALS"]),
    ("nic validate --format ", ["github", "gitlab", "json", "junit", "sarif", "text"]),
    ("nic status --format m", ["markdown"]),
    ("nic chart ATT-90 --rules ", ["anhoej", "ihi"]),
])
def test_bash_completion_of_ids_and_choices(words: str, expected: list[str]) -> None:
    assert _complete(EXAMPLE, words) == expected


def test_completion_with_minus_c_from_outside_and_zsh_titles(tmp_path: Path) -> None:
    assert _complete(tmp_path, f"nic -C {EXAMPLE} report --site ha") == ["harbor-view"]
    zsh = "\n".join(_complete(EXAMPLE, "nic chart ATT", shell="zsh"))
    assert '"ATT-90":"Ninth graders attending 90% or more of their class periods"' in zsh
