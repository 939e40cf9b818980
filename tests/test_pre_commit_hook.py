"""The pre-commit hook checks the whole network on every commit, and the real pre-commit refuses
commits that break the network.

The published hook (`.pre-commit-hooks.yaml`) is run as pre-commit runs it for a network: the
example network from `nic init --example`, with the `.pre-commit-config.yaml` that `nic init`
writes, only its `repo:` pointed at a local git copy of this project (the real one is on GitHub).
pre-commit builds the hook's environment from it (`language: python`), `pre-commit install` puts
it in front of `git commit`, and each test commits through git.
"""

from __future__ import annotations

import importlib.util
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

PROJECT = Path(__file__).resolve().parents[1]
HOOKS = PROJECT / ".pre-commit-hooks.yaml"
SRC = PROJECT / "src"


def test_hook_definition() -> None:
    [hook] = yaml.safe_load(HOOKS.read_text(encoding="utf-8"))
    assert (hook["id"], hook["entry"], hook["language"]) == ("nic-validate", "nic validate", "python")
    # the whole network, whatever was staged: pre-commit never passes deleted files to a hook,
    # and a change to one file can break a reference in another
    assert hook["pass_filenames"] is False and hook["always_run"] is True and "files" not in hook
    assert re.fullmatch(r"\d+\.\d+\.\d+", hook["minimum_pre_commit_version"])


def test_what_the_hook_runs_checks_the_whole_network(make_network, cli) -> None:
    """`nic validate` with no file names, from the repository's top, sees a reference broken elsewhere."""
    root = make_network({"change-ideas/CI-01.yaml": None})  # the cycle and measure still name CI-01
    result = cli("-C", str(root), "validate")
    assert result.exit_code == 1 and "CI-01" in result.stdout
    # and with a network in a subfolder: the args `nic init` writes, after the command
    result = cli("validate", "-C", str(root))
    assert result.exit_code == 1 and "CI-01" in result.stdout


# --- the real pre-commit -----------------------------------------------------------------------

needs_pre_commit = pytest.mark.skipif(
    importlib.util.find_spec("pre_commit") is None or shutil.which("git") is None,
    reason="pre-commit (pip install pre-commit, in the test extras) and git are needed")


def _env(home: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("GIT_", "PRE_COMMIT", "VIRTUAL_ENV"))}
    env.update({"PRE_COMMIT_HOME": str(home / "pre-commit-cache"), "GIT_CONFIG_GLOBAL": str(home / "gitconfig"),
                "GIT_CONFIG_NOSYSTEM": "1", "GIT_AUTHOR_NAME": "Test", "GIT_AUTHOR_EMAIL": "test@example.org",
                "GIT_COMMITTER_NAME": "Test", "GIT_COMMITTER_EMAIL": "test@example.org",
                "NIC_TODAY": "2026-07-01", "PYTHONPATH": "", "NO_COLOR": "1"})
    return env


def _git(cwd: Path, env: dict[str, str], *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
    return subprocess.run(["git", *args], cwd=cwd, env=env, capture_output=True, text=True, check=check)


def _hook_repository(where: Path, env: dict[str, str]) -> str:
    """This project as a git repository pre-commit can clone: what the hook needs to install."""
    where.mkdir()
    for name in ("pyproject.toml", "README.md", "LICENSE", ".pre-commit-hooks.yaml", "MANIFEST.in"):
        shutil.copy2(PROJECT / name, where / name)
    shutil.copytree(SRC, where / "src", ignore=shutil.ignore_patterns("__pycache__", "*.egg-info"))
    _git(where, env, "init", "-q", "-b", "main")
    _git(where, env, "add", "-A")
    _git(where, env, "commit", "-q", "--no-gpg-sign", "-m", "nictools")
    return _git(where, env, "rev-parse", "HEAD").stdout.strip()


@pytest.fixture(scope="module")
def guarded(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, str]]:
    """The example network with the hook nic init writes, installed with `pre-commit install`."""
    home = tmp_path_factory.mktemp("pre-commit")
    env = _env(home)
    (home / "gitconfig").write_text("[init]\n\tdefaultBranch = main\n[commit]\n\tgpgsign = false\n", encoding="utf-8")
    rev = _hook_repository(home / "nictools", env)
    network = home / "network"
    subprocess.run([sys.executable, "-m", "nictools", "init", "--example", str(network)], check=True,
                   env={**env, "PYTHONPATH": str(SRC)}, capture_output=True)
    config = network / ".pre-commit-config.yaml"
    written = config.read_text(encoding="utf-8")
    assert "repo: https://github.com/nictools/nictools\n" in written and "- id: nic-validate" in written
    config.write_text(re.sub(r"rev: \S+", f"rev: {rev}", written.replace(
        "https://github.com/nictools/nictools", str(home / "nictools"))), encoding="utf-8")
    _git(network, env, "commit", "-q", "-am", "Use the local copy of the hook")
    pre_commit = [sys.executable, "-m", "pre_commit"]
    installed = subprocess.run([*pre_commit, "install", "--install-hooks"], cwd=network, env=env,
                               capture_output=True, text=True, timeout=900)
    said = installed.stdout + installed.stderr
    if installed.returncode != 0 and re.search(r"Temporary failure in name resolution|Failed to establish a new "
                                               r"connection|Network is unreachable|Could not fetch URL", said):
        pytest.skip("pre-commit could not reach the package index to build the hook's environment")
    assert installed.returncode == 0, said
    return network, env


def _commit(network: Path, env: dict[str, str], message: str) -> subprocess.CompletedProcess[str]:
    return _git(network, env, "commit", "-m", message, check=False)


def _reset(network: Path, env: dict[str, str]) -> None:
    _git(network, env, "reset", "-q", "--hard", "HEAD")


@needs_pre_commit
def test_a_commit_that_keeps_the_network_valid_passes(guarded) -> None:
    network, env = guarded
    readme = network / "sites" / "lincoln" / "notes.md"
    readme.write_text("Notes from the check-in.\n", encoding="utf-8")
    _git(network, env, "add", str(readme))
    done = _commit(network, env, "Lincoln: notes")
    assert done.returncode == 0, done.stdout + done.stderr
    assert re.search(r"nic validate\.+Passed", done.stdout + done.stderr)


@needs_pre_commit
def test_a_commit_that_breaks_another_files_reference_is_refused(guarded) -> None:
    network, env = guarded
    head = _git(network, env, "rev-parse", "HEAD").stdout
    idea = network / "change-ideas" / "CI-03.yaml"
    idea.write_text(idea.read_text(encoding="utf-8").replace("id: CI-03", "id: CI-33"), encoding="utf-8")
    _git(network, env, "add", str(idea))
    done = _commit(network, env, "Renumber a change idea (by hand, badly)")
    output = done.stdout + done.stderr
    try:
        assert done.returncode != 0, output
        assert re.search(r"nic validate\.+Failed", output)
        # the problems are in the files that reference CI-03, which were not staged
        assert "CI-03" in output and "pdsa/" in output
        assert _git(network, env, "rev-parse", "HEAD").stdout == head
    finally:
        _reset(network, env)


@needs_pre_commit
def test_a_commit_that_deletes_a_referenced_file_is_refused(guarded) -> None:
    network, env = guarded
    head = _git(network, env, "rev-parse", "HEAD").stdout
    _git(network, env, "rm", "-q", "change-ideas/CI-03.yaml")
    done = _commit(network, env, "Drop a change idea the cycles still test")
    output = done.stdout + done.stderr
    try:
        assert done.returncode != 0, output
        assert "no files to check" not in output and re.search(r"nic validate\.+Failed", output)
        assert "CI-03" in output
        assert _git(network, env, "rev-parse", "HEAD").stdout == head
    finally:
        _reset(network, env)
