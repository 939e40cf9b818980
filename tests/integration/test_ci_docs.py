"""docs/ci.md shows what nic init writes and what the project ships, at the current version."""

from __future__ import annotations

import re
from pathlib import Path

from nictools import __version__
from nictools.scaffold.init import repository_files

PROJECT = Path(__file__).resolve().parents[2]
CI_DOC = (PROJECT / "docs" / "ci.md").read_text(encoding="utf-8")


def test_the_gitlab_job_in_the_docs_is_the_one_nic_init_writes() -> None:
    job = repository_files("")[".gitlab-ci.yml"].split("\n", 1)[1]  # without its opening comment
    assert job in CI_DOC


def test_versions_named_in_docs_and_hooks_are_this_version() -> None:
    """The version lives in nictools/__init__.py; documents that must name it are checked here."""
    texts = {p: (PROJECT / p).read_text(encoding="utf-8") for p in ("docs/ci.md", "README.md", ".pre-commit-hooks.yaml")}
    for path, text in texts.items():
        for named in re.findall(r"(?:rev: v|nictools/nictools@v|nic-toolkit~=)(\d+\.\d+\.\d+)", text):
            assert named == __version__, f"{path} names {named}; the version is {__version__}"
    assert f"rev: v{__version__}" in texts[".pre-commit-hooks.yaml"]
    assert f"nictools/nictools@v{__version__}" in texts["docs/ci.md"]


def test_the_workflow_and_hook_in_the_docs_are_the_ones_nic_init_writes() -> None:
    workflow = repository_files("")[".github/workflows/nic.yml"]
    assert workflow.split("name: nic\n", 1)[1] in CI_DOC  # without its opening comment
    hook = repository_files("")[".pre-commit-config.yaml"]
    assert hook[hook.index("minimum_pre_commit_version"):] in CI_DOC


def test_every_action_input_is_documented() -> None:
    from ruamel.yaml import YAML

    action = YAML(typ="safe", pure=True).load((PROJECT / "action.yml").read_text(encoding="utf-8"))
    documented = set(re.findall(r"^\| `([\w-]+)` \|", CI_DOC, re.M))
    assert documented == set(action["inputs"])
