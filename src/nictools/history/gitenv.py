"""The git layer's light half: the environment every git process nic starts runs in, and plain
git processes for what must be cheap (standard library only).

`nictools.history.git` runs git through GitPython, which costs a tenth of a second to load
(it runs `git version` as it loads). The result cache's look-up before start-up
(`nictools.cli.result_cache`) runs a few plumbing commands with `start_git` instead: the same
program, environment and options, no GitPython. These two modules are the only ones that start
processes (tests/history/test_git_layer.py).
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

#: Inherited variables that change what git reads are dropped; these are harmless or needed.
KEEP_GIT_VARS = frozenset({"GIT_EXEC_PATH", "GIT_CONFIG_NOSYSTEM", "GIT_CONFIG_GLOBAL", "GIT_CEILING_DIRECTORIES",
                           "GIT_DISCOVERY_ACROSS_FILESYSTEM", "GIT_SSL_CAINFO", "GIT_SSL_NO_VERIFY",
                           "GIT_PYTHON_GIT_EXECUTABLE", "GIT_PYTHON_REFRESH"})
#: Writing (a convening tag) also keeps who the user says they are.
KEEP_FOR_WRITING = KEEP_GIT_VARS | {"GIT_AUTHOR_NAME", "GIT_AUTHOR_EMAIL", "GIT_COMMITTER_NAME",
                                    "GIT_COMMITTER_EMAIL", "GIT_AUTHOR_DATE", "GIT_COMMITTER_DATE"}
#: Set for every git process nic starts.
OUR_VARS = {"GIT_NO_LAZY_FETCH": "1", "GIT_OPTIONAL_LOCKS": "0", "GIT_TERMINAL_PROMPT": "0", "LC_ALL": "C",
            "GIT_NO_REPLACE_OBJECTS": "1"}
#: Options before every git command nic runs (reading never refreshes the index).
GIT_OPTIONS = ("--no-optional-locks", "-c", "core.quotepath=off")


def git_env(*, writing: bool = False) -> dict[str, str]:
    """A clean environment: no inherited GIT_* that redirect or reshape what git reads."""
    keep = KEEP_FOR_WRITING if writing else KEEP_GIT_VARS
    env = {k: v for k, v in os.environ.items() if not k.startswith("GIT_") or k in keep}
    env.update(OUR_VARS)
    return env


def git_executable() -> str:
    """The git program nic runs (GitPython's variable, as the history layer honours it)."""
    return os.environ.get("GIT_PYTHON_GIT_EXECUTABLE") or "git"


def start_git(folder: Path, *args: str) -> "subprocess.Popen[bytes]":
    """`git ARGS` started in `folder` with nic's environment and options; its output on a pipe.

    Only for plumbing whose arguments nic writes itself or has checked (a user's revision never
    starts with `-` and is given after `--end-of-options`, as `Repository.resolve` does)."""
    return subprocess.Popen([git_executable(), *GIT_OPTIONS, "-C", str(folder), *args], env=git_env(),
                            stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)


def output_of(process: "subprocess.Popen[bytes]") -> bytes | None:
    """What a started git process printed, or None when it failed."""
    out, _ = process.communicate()
    return out if process.returncode == 0 else None
