"""`nic init`: a network that validates, CI ready, git initialised; never over an existing network."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

from nictools import __version__
from nictools.validate import run

sys.path.insert(0, str(Path(__file__).parent))
from helpers import snapshot  # noqa: E402


def test_init_writes_a_network_that_validates(cli, tmp_path: Path) -> None:
    target = tmp_path / "net"
    result = cli("init", str(target), "--name", "Test Network", "--hub", "Test Hub")
    assert result.exit_code == 0, result.output
    for rel in ("network.yaml", "drivers.yaml", "README.md", ".gitignore", ".pre-commit-config.yaml",
                ".github/workflows/nic.yml", ".gitlab-ci.yml", "schemas/pdsa.schema.json",
                ".vscode/settings.json", ".vscode/extensions.json",
                "aims/.gitkeep", "measures/.gitkeep", "change-ideas/.gitkeep", "sites/.gitkeep"):
        assert (target / rel).is_file(), rel
    assert (target / ".git").is_dir()
    assert "wrote" in result.stdout and "network.yaml" in result.stdout
    assert (target / "network.yaml").read_text().startswith(
        "# yaml-language-server: $schema=schemas/network.schema.json\n")
    outcome, _ = run(target)
    assert outcome.errors == 0, outcome.problems
    workflow = (target / ".github/workflows/nic.yml").read_text()
    assert "fetch-depth: 0" in workflow and "nic validate --format github" in workflow
    assert 'python-version: "3.11"' in workflow and f'pip install "nic-toolkit~={__version__}"' in workflow
    assert "permissions:\n  contents: read" in workflow and "cache: pip" in workflow
    assert re.search(r"uses: actions/checkout@[0-9a-f]{40}  # v\d+\.\d+\.\d+\n", workflow)
    gitlab = (target / ".gitlab-ci.yml").read_text()
    assert "GIT_DEPTH: 0" in gitlab and "--format gitlab" in gitlab and "codequality:" in gitlab
    precommit = (target / ".pre-commit-config.yaml").read_text()
    # the project's published hook (language: python, the whole network on every commit), at this release
    assert f"rev: v{__version__}\n" in precommit and "- id: nic-validate\n" in precommit
    assert "language: system" not in precommit and "args:" not in precommit
    vscode = json.loads((target / ".vscode/settings.json").read_text())
    assert vscode["yaml.schemas"]["./schemas/aim.schema.json"] == ["aims/*.yaml", "aims/*.yml"]
    for rel in (".vscode/settings.json", ".vscode/extensions.json"):  # shared with the team, not ignored
        assert subprocess.run(["git", "check-ignore", "-q", rel], cwd=target).returncode == 1, rel
    readme = (target / "README.md").read_text()
    assert "nic new pdsa" in readme and "nic validate" in readme


def test_init_refuses_an_existing_network_and_writes_nothing(cli, tmp_path: Path) -> None:
    target = tmp_path / "net"
    assert cli("init", str(target)).exit_code == 0
    (target / "network.yaml").write_text("format: 1\nname: Mine\nhub: Me\n")
    before = snapshot(target)
    result = cli("init", str(target))
    assert result.exit_code == 2
    assert "already exists" in result.stderr and "never overwrites" in result.stderr
    assert snapshot(target) == before


def test_init_in_a_subfolder_of_a_repository_puts_ci_at_the_top(cli, tmp_path: Path) -> None:
    (tmp_path / ".git").mkdir()
    (tmp_path / "README.md").write_text("our project\n")
    result = cli("init", str(tmp_path / "network"))
    assert result.exit_code == 0, result.output
    assert not (tmp_path / "network" / ".git").exists()  # no repository inside the repository
    assert "nic -C network validate --format github" in (tmp_path / ".github/workflows/nic.yml").read_text()
    assert "args: [-C, network]" in (tmp_path / ".pre-commit-config.yaml").read_text()
    assert (tmp_path / "README.md").read_text() == "our project\n"  # kept
    vscode = json.loads((tmp_path / ".vscode/settings.json").read_text())
    assert vscode["yaml.schemas"]["./network/schemas/pdsa.schema.json"][0] == "network/sites/*/pdsa/*.yaml"
    assert (tmp_path / "network" / "README.md").is_file()


def test_init_asks_for_name_and_hub_on_a_terminal(cli, tmp_path: Path, terminal) -> None:
    result = cli("init", str(tmp_path / "ninth-grade"), input="\nRiverbend\n")
    assert result.exit_code == 0, result.output
    text = (tmp_path / "ninth-grade" / "network.yaml").read_text()
    assert "name: Ninth Grade\n" in text and "hub: Riverbend\n" in text


def test_the_gitignore_and_ci_files_parse_as_yaml(tmp_path: Path) -> None:
    from nictools.load.yaml import read_yaml
    from nictools.scaffold.init import repository_files

    for prefix in ("", "net/"):
        for rel, text in repository_files(prefix).items():
            if rel.endswith((".yml", ".yaml")):
                assert read_yaml(text, rel).problems == [], rel
