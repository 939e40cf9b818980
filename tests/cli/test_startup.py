"""Start-up stays light: help, version and validate import no heavy module."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

HEAVY = ("matplotlib", "git", "numpy")

PROBE = """
import sys
from nictools.cli.main import app
try:
    app({args!r}, prog_name="nic", standalone_mode=False)
except SystemExit:
    pass
except Exception:
    pass
print("HEAVY:" + ",".join(m for m in {heavy!r} if m in sys.modules))
"""


@pytest.mark.parametrize("args", [["--help"], ["--version"], ["validate", "--help"], ["-C", "{root}", "validate"]])
def test_light_commands_import_no_heavy_module(args: list[str], make_network) -> None:
    root = make_network()
    args = [a.replace("{root}", str(root)) for a in args]
    out = subprocess.run([sys.executable, "-c", PROBE.format(args=args, heavy=HEAVY)],
                         capture_output=True, text=True, check=True)
    assert out.stdout.strip().splitlines()[-1] == "HEAVY:", f"{args} imported {out.stdout.strip()}"


def test_python_dash_m_and_version() -> None:
    out = subprocess.run([sys.executable, "-m", "nictools", "--version"], capture_output=True, text=True, check=True)
    assert out.stdout.startswith("nic (nictools) ")


def _committed(root, tmp_path):  # type: ignore[no-untyped-def]
    """The network at `root` as one commit of a new git repository (git's own settings kept out)."""
    env = {"GIT_CONFIG_GLOBAL": "/dev/null", "GIT_CONFIG_NOSYSTEM": "1", "GIT_AUTHOR_NAME": "T",
           "GIT_AUTHOR_EMAIL": "t@example.org", "GIT_COMMITTER_NAME": "T", "GIT_COMMITTER_EMAIL": "t@example.org",
           "PATH": "/usr/bin:/bin:/usr/local/bin", "HOME": str(tmp_path)}
    for args in (["init", "-q"], ["add", "-A"], ["commit", "-q", "--no-gpg-sign", "-m", "start"]):
        subprocess.run(["git", *args], cwd=root, env=env, check=True, capture_output=True)
    return root


def test_status_draws_nothing_and_reads_git_through_gitpython(make_network, tmp_path) -> None:
    """`nic status` draws nothing (numpy is fine: it analyses the measures) and reads git through the one
    git layer, built on GitPython (`git` is imported when the repository is opened, not at start-up)."""
    root = _committed(make_network(), tmp_path)
    out = subprocess.run([sys.executable, "-c", PROBE.format(args=["-C", str(root), "status"],
                                                             heavy=("matplotlib", "git"))],
                         capture_output=True, text=True, check=True,
                         env={**os.environ, "NICTOOLS_CACHE_DIR": str(tmp_path / "cache"), "NIC_NO_PROGRESS": "1"})
    lines = out.stdout.strip().splitlines()
    assert lines[-1] == "HEAVY:git", f"status imported {lines[-1]}"
    assert any("lincoln" in line for line in lines), out.stdout  # the command really ran


def test_log_and_diff_build_no_pydantic_adapters_for_their_options(make_network, tmp_path) -> None:
    """`nic log` and `nic diff` read no model: their plain text, yes/no and path options are taken
    without typer's pydantic adapters, so pydantic is never imported; bad values still read the same."""
    root = _committed(make_network(), tmp_path)
    run_env = {**os.environ, "NICTOOLS_CACHE_DIR": str(tmp_path / "cache"), "NIC_NO_PROGRESS": "1"}
    for args in (["log", "--since", "2000-01-01", "-f", "json", "-o", str(tmp_path / "out.json")],
                 ["diff", "--since", "2000-01-01", "-o", str(tmp_path / "out.txt")]):
        out = subprocess.run([sys.executable, "-c", PROBE.format(args=["-C", str(root), *args], heavy=("pydantic",))],
                             capture_output=True, text=True, check=True, env=run_env)
        assert out.stdout.strip().splitlines()[-1] == "HEAVY:", f"{args[0]} imported {out.stdout.strip()}"
    assert (tmp_path / "out.json").read_text(encoding="utf-8").lstrip().startswith(("{", "["))
    bad = subprocess.run([sys.executable, "-m", "nictools", "-C", str(root), "log", "-o", str(tmp_path)],
                         capture_output=True, text=True, env={**run_env, "COLUMNS": "400"})
    assert bad.returncode == 2 and "is a directory" in bad.stderr


def test_validate_with_paths_and_selections_builds_no_typer_adapter(make_network) -> None:
    root = make_network()
    args = ["-C", str(root), "validate", "sites/", "network.yaml", "--select", "NIC1", "--ignore", "NIC101"]
    out = subprocess.run([sys.executable, "-c", PROBE.format(args=args, heavy=("typer._adapters",))],
                         capture_output=True, text=True, check=True)
    assert out.stdout.strip().splitlines()[-1] == "HEAVY:", out.stdout


CONSOLE_PROBE = """
import atexit, sys
atexit.register(lambda: open({out!r}, "w").write(",".join(m for m in {heavy!r} if m in sys.modules)))
sys.argv = ["nic", *{args!r}]
from nictools.cli.start import run
run()
"""


@pytest.mark.parametrize("args", [["status"], ["log", "--since", "2000-01-01"], ["diff", "HEAD"]])
def test_a_repeated_history_command_imports_neither_pydantic_numpy_nor_git(args: list[str], make_network,
                                                                          tmp_path) -> None:
    """The second identical `nic status`/`log`/`diff` is answered from the result cache before the
    command (typer, pydantic, numpy, GitPython) is loaded (nictools.cli.result_cache)."""
    root = _committed(make_network(), tmp_path)
    run_env = {k: v for k, v in os.environ.items() if not k.startswith("NICTOOLS_")}
    run_env.update(NICTOOLS_CACHE_DIR=str(tmp_path / "cache"), NIC_NO_PROGRESS="1")
    heavy = ("typer", "pydantic", "numpy", "git")
    seen = []
    for _ in range(2):
        probe = CONSOLE_PROBE.format(out=str(tmp_path / "loaded"), heavy=heavy, args=["-C", str(root), *args])
        done = subprocess.run([sys.executable, "-c", probe], capture_output=True, env=run_env, check=True)
        seen.append(((tmp_path / "loaded").read_text(), done.stdout, done.stderr))
    assert "typer" in seen[0][0] and "git" in seen[0][0]  # the first run is the command itself
    assert seen[1][0] == "", f"the repeat imported {seen[1][0]}"
    assert seen[1][1:] == seen[0][1:] and seen[0][1]
