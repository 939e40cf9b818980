"""The GitHub Action (action.yml): its structure, the GitHub schema, and its scripts run for real.

The run steps are executed locally with bash, as a runner would: inputs reach them through
each step's `env` (substituted here), GITHUB_OUTPUT and GITHUB_STEP_SUMMARY are temp files,
and `if:` conditions are evaluated, so a failing `nic validate` still lets the SARIF and
summary steps run. `uses:` steps are stood in for (checkout, setup-python) or checked
(upload-sarif gets a SARIF file that exists).
"""

from __future__ import annotations

import importlib.util
import json
import os
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from ruamel.yaml import YAML

from nictools.scaffold.init import ACTION_PINS

PROJECT = Path(__file__).resolve().parents[2]
ACTION = PROJECT / "action.yml"
SRC = PROJECT / "src"
EXPRESSION = re.compile(r"\$\{\{\s*(.*?)\s*\}\}")

pytestmark = pytest.mark.skipif(shutil.which("bash") is None, reason="the action's steps are bash scripts")


def load_action() -> dict[str, Any]:
    return YAML(typ="safe", pure=True).load(ACTION.read_text(encoding="utf-8"))


# --- structure -----------------------------------------------------------------------------


def test_action_is_composite_with_shells_and_ids() -> None:
    action = load_action()
    assert action["runs"]["using"] == "composite"
    steps = action["runs"]["steps"]
    ids = [s["id"] for s in steps if "id" in s]
    assert len(ids) == len(set(ids))
    for step in steps:
        assert ("run" in step) != ("uses" in step), step.get("name")
        if "run" in step:
            assert step.get("shell") == "bash", f"{step['name']}: a composite run step needs `shell`"
            # inputs go through env, never pasted into the script (script injection)
            assert "${{" not in step["run"], f"{step['name']}: use env for expressions"
        else:
            # pinned by commit (a tag can be moved), the same commits the workflow `nic init` writes uses
            action_name, _, commit = step["uses"].partition("@")
            assert re.fullmatch(r"[0-9a-f]{40}", commit), step["uses"]
            assert ACTION_PINS[action_name][0] == commit, step["uses"]
    for name, (commit, tag) in ACTION_PINS.items():  # the tag beside each pin, for people and Dependabot
        if f"{name}@" in ACTION.read_text(encoding="utf-8"):
            assert f"uses: {name}@{commit}  # {tag}\n" in ACTION.read_text(encoding="utf-8")


def test_every_reference_names_a_declared_input_or_earlier_step() -> None:
    action = load_action()
    declared = set(action["inputs"])
    used: set[str] = set()
    seen_ids: set[str] = set()
    for step in action["runs"]["steps"]:
        texts = [step.get("if", "")] + [str(v) for v in (step.get("env") or {}).values()] \
            + [str(v) for v in (step.get("with") or {}).values()]
        for text in texts:
            used.update(re.findall(r"\binputs\.([\w-]+)", text))
            for ref in re.findall(r"\bsteps\.([\w-]+)\.outputs", text):
                assert ref in seen_ids, f"{step['name']} reads step {ref!r} before it runs"
        if "id" in step:
            seen_ids.add(step["id"])
    output_refs = {m for o in action["outputs"].values() for m in re.findall(r"steps\.([\w-]+)\.", o["value"])}
    assert output_refs <= seen_ids
    assert used == declared, f"unused inputs: {declared - used}; undeclared: {used - declared}"
    for name, spec in action["inputs"].items():
        assert spec["description"] and isinstance(spec["default"], str), name


def test_checkout_takes_the_whole_history_by_default() -> None:
    action = load_action()
    [checkout] = [s for s in action["runs"]["steps"] if s.get("uses", "").startswith("actions/checkout@")]
    assert checkout["with"]["fetch-depth"] == 0
    assert checkout["if"] == "inputs.checkout == 'true'"
    assert action["inputs"]["checkout"]["default"] == "true"
    assert "fetch-depth" in action["inputs"]["checkout"]["description"]


def _check_jsonschema() -> list[str] | None:
    if importlib.util.find_spec("check_jsonschema") is not None:
        return [sys.executable, "-m", "check_jsonschema"]
    exe = shutil.which("check-jsonschema")
    return [exe] if exe else None


@pytest.mark.skipif(_check_jsonschema() is None, reason="check-jsonschema is not installed")
def test_action_matches_githubs_action_schema(tmp_path: Path) -> None:
    command = [*_check_jsonschema(), "--builtin-schema", "vendor.github-actions"]  # type: ignore[misc]
    ok = subprocess.run([*command, str(ACTION)], capture_output=True, text=True)
    assert ok.returncode == 0, ok.stdout + ok.stderr
    # the schema does bite: a composite run step without `shell` is refused
    bad = tmp_path / "action.yml"
    bad.write_text(ACTION.read_text(encoding="utf-8").replace("      shell: bash\n", "", 1), encoding="utf-8")
    refused = subprocess.run([*command, str(bad)], capture_output=True, text=True)
    assert refused.returncode == 1, refused.stdout


# --- running the steps -----------------------------------------------------------------------


@dataclass
class Run:
    """What a runner saw: each step's outcome, the log, the outputs, the summary."""

    steps: dict[str, str] = field(default_factory=dict)  # step name -> success, failure, skipped
    log: str = ""
    outputs: dict[str, dict[str, str]] = field(default_factory=dict)  # step id -> outputs
    summary: str = ""
    uploaded: list[Path] = field(default_factory=list)
    installed: list[str] = field(default_factory=list)

    @property
    def failed(self) -> bool:
        return "failure" in self.steps.values()


def _value(ref: str, context: dict[str, Any]) -> str:
    """A context reference such as `inputs.sarif` or `steps.validate.outputs.exit-code`."""
    node: Any = context
    for part in ref.split("."):
        node = node.get(part, "") if isinstance(node, dict) else ""
    return str(node)


def _substitute(text: str, context: dict[str, Any]) -> str:
    return EXPRESSION.sub(lambda m: _value(m.group(1), context), text)


def _condition(expr: str, context: dict[str, Any], failed: bool) -> bool:
    """The `if:` forms action.yml uses: `always()` and `ref == 'x'` / `ref != 'x'` joined by &&."""
    if not expr:
        return not failed  # the implicit success()
    terms = [t.strip() for t in expr.split("&&")]
    if "always()" not in terms and failed:
        return False
    for term in terms:
        if term == "always()":
            continue
        m = re.fullmatch(r"([\w.-]+) (==|!=) '([^']*)'", term)
        assert m, f"the test's evaluator does not know `{term}`: extend it"
        equal = _value(m.group(1), context) == m.group(3)
        if equal != (m.group(2) == "=="):
            return False
    return True


def _shims(folder: Path, installed: Path) -> Path:
    """`nic` runs this checkout's nictools; `python` (only the install step calls it) records pip's arguments."""
    folder.mkdir()
    (folder / "nic").write_text(f'#!/bin/sh\nexec "{sys.executable}" -m nictools "$@"\n', encoding="utf-8")
    (folder / "python").write_text(f'#!/bin/sh\nprintf "%s\\n" "$*" >> "{installed}"\n', encoding="utf-8")
    for shim in folder.iterdir():
        shim.chmod(0o755)
    return folder


def run_action(workspace: Path, tmp: Path, **inputs: str) -> Run:
    action = load_action()
    unknown = set(inputs) - set(action["inputs"])
    assert not unknown, unknown
    values = {name: spec["default"] for name, spec in action["inputs"].items()}
    values.update(inputs)
    tmp.mkdir(parents=True, exist_ok=True)
    runner_temp = tmp / "runner-temp"
    runner_temp.mkdir()
    summary, installed = tmp / "summary.md", tmp / "installed.txt"
    summary.touch()
    installed.touch()
    env = {**os.environ, "PATH": f"{_shims(tmp / 'bin', installed)}{os.pathsep}{os.environ['PATH']}",
           "PYTHONPATH": str(SRC), "GITHUB_STEP_SUMMARY": str(summary), "GITHUB_ACTIONS": "true",
           "RUNNER_TEMP": str(runner_temp), "GITHUB_WORKSPACE": str(workspace),
           "GITHUB_ACTION_PATH": str(PROJECT), "NIC_TODAY": "2026-07-01", "NO_COLOR": "1"}
    context: dict[str, Any] = {"inputs": values, "steps": {},
                               "github": {"action_path": str(PROJECT), "workspace": str(workspace)},
                               "runner": {"temp": str(runner_temp)}}
    run = Run()
    for n, step in enumerate(action["runs"]["steps"]):
        name = step.get("name", f"step {n}")
        if not _condition(step.get("if", ""), context, run.failed):
            run.steps[name] = "skipped"
            continue
        outcome = "success"
        if "uses" in step:
            with_ = {k: _substitute(str(v), context) for k, v in (step.get("with") or {}).items()}
            if step["uses"].startswith("github/codeql-action/upload-sarif@"):
                sarif = Path(with_["sarif_file"])
                assert sarif.is_file()
                run.uploaded.append(sarif)
            # actions/checkout and actions/setup-python: the test's workspace and python stand in
        else:
            output = tmp / f"output-{n}"
            output.touch()
            step_env = {**env, "GITHUB_OUTPUT": str(output),
                        **{k: _substitute(str(v), context) for k, v in (step.get("env") or {}).items()}}
            done = subprocess.run(["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", step["run"]],
                                  cwd=workspace, env=step_env, capture_output=True, text=True)
            run.log += f"## {name}\n{done.stdout}{done.stderr}"
            outcome = "success" if done.returncode == 0 else "failure"
            if "id" in step:
                lines = output.read_text(encoding="utf-8").splitlines()
                context["steps"][step["id"]] = {"outputs": dict(line.split("=", 1) for line in lines if "=" in line)}
        run.steps[name] = outcome
    run.summary = summary.read_text(encoding="utf-8")
    run.installed = installed.read_text(encoding="utf-8").splitlines()
    run.outputs = {k: v["outputs"] for k, v in context["steps"].items()}
    return run


@pytest.fixture(scope="module")
def example(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The example network with its year of git history (`nic init --example`)."""
    target = tmp_path_factory.mktemp("example") / "network"
    subprocess.run([sys.executable, "-m", "nictools", "init", "--example", str(target)], check=True,
                   env={**os.environ, "PYTHONPATH": str(SRC)}, capture_output=True)
    return target


def test_clean_network_passes_and_fills_the_summary(example: Path, tmp_path: Path) -> None:
    run = run_action(example, tmp_path, sarif="true")
    assert not run.failed, run.log
    assert run.installed == [f"-m pip install --disable-pip-version-check --quiet {PROJECT}"]
    assert run.outputs["validate"]["exit-code"] == "0"
    assert "nic: 0 errors, 0 warnings, 0 infos" in run.log
    assert run.summary.startswith("**nic validate**: no errors\n\n# Ninth Grade On-Track Network: status as of ")
    assert "\n## lincoln · " in run.summary  # the markdown status, a section per site
    [sarif] = run.uploaded
    assert json.loads(sarif.read_text(encoding="utf-8"))["runs"][0]["results"] == []


def test_problems_become_annotations_and_later_steps_still_run(example: Path, tmp_path: Path) -> None:
    workspace = tmp_path / "repo"
    shutil.copytree(example, workspace / "network", symlinks=True)
    aim = workspace / "network" / "aims" / "network-aim.yaml"
    aim.write_text(aim.read_text(encoding="utf-8") + "colour: blue\n", encoding="utf-8")
    run = run_action(workspace, tmp_path, **{"working-directory": "network", "sarif": "true",
                                             "install": "nic-toolkit==0.1.0 other-package", "args": "--ignore NIC4"})
    assert run.steps["nic validate"] == "failure"
    assert run.outputs["validate"]["exit-code"] == "1"
    assert re.search(r"^::error file=aims/network-aim\.yaml,line=\d+,col=1,endColumn=7,"
                     r"title=nic NIC103 unknown-field::Unknown field `colour`", run.log, re.M), run.log
    assert run.steps["nic validate (SARIF)"] == run.steps["Upload SARIF to code scanning"] == "success"
    [result] = json.loads(run.uploaded[0].read_text(encoding="utf-8"))["runs"][0]["results"]
    assert result["ruleId"] == "NIC103"
    assert run.steps["nic status (job summary)"] == "success"
    assert run.summary.startswith("**nic validate**: problems found")
    assert "# Ninth Grade On-Track Network: status as of" in run.summary
    assert run.installed == ["-m pip install --disable-pip-version-check --quiet nic-toolkit==0.1.0 other-package"]


def test_strict_and_a_network_without_history(make_network, tmp_path: Path) -> None:
    root = make_network({"sites/lincoln/notes.txt": "to do"})  # a stray file: a warning, not an error
    lenient = run_action(root, tmp_path / "a", checkout="false")
    strict = run_action(root, tmp_path / "b", checkout="false", strict="true", **{"status-summary": "false"})
    assert lenient.steps["nic validate"] == "success", lenient.log
    assert "::warning " in lenient.log
    # no git history: the summary step warns instead of failing the job
    assert lenient.steps["nic status (job summary)"] == "success"
    assert "::warning title=nic status::" in lenient.log
    assert strict.steps["nic validate"] == "failure"
    assert strict.steps["nic status (job summary)"] == "skipped" and strict.summary == ""
    assert strict.steps["nic validate (SARIF)"] == "skipped" and not strict.uploaded


def test_a_folder_that_is_no_network_fails_the_job(tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    run = run_action(tmp_path / "empty", tmp_path / "run")
    assert run.outputs["validate"]["exit-code"] == "2"
    assert run.failed and "No network found" in run.log
    assert run.summary.startswith("**nic validate**: could not run")


def test_more_problems_than_github_shows_are_all_in_the_job_summary(make_network, tmp_path: Path) -> None:
    """GitHub shows 10 annotations of each level per step; past that, the summary lists every problem."""
    ideas = {f"change-ideas/CI-{n:02}.yaml": f"id: CI-{n:02}\ntitle: Idea {n}\ndescription: d\ndrivers: [S9]\n"
                                             "status: idea\n" for n in range(2, 16)}
    root = make_network(ideas)
    run = run_action(root, tmp_path, checkout="false", **{"status-summary": "true"})
    assert run.steps["nic validate"] == "failure"
    assert run.log.count("::error ") == 14
    table, _, rest = run.summary.partition("**nic validate**: problems found")
    assert table.startswith("### nic validate: 14 errors") and rest
    assert all(f"| `change-ideas/CI-{n:02}.yaml:" in table for n in range(2, 16))
