"""The environment every git process nic starts runs in (standard library only).

Kept apart from `nictools.history.git` so that what must be cheap (the result cache's
look-up before start-up, `nictools.cli.result_cache`) runs git exactly as the history
layer does without importing it.
"""

from __future__ import annotations

import os

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
