"""`nic init`: a new, empty network that validates, with CI and editor support ready.

Everything is checked before the first write (an existing network is never touched),
and files the repository already has (a README, a .gitignore, CI files) are kept, not
overwritten: the report lists what was written and what was kept.
"""

from __future__ import annotations

import json
import os
import shutil
from dataclasses import dataclass, field
from pathlib import Path

from nictools import DISTRIBUTION, REPOSITORY, __version__
from nictools.atomic import write_atomic
from nictools.errors import NicError
from nictools.network import NETWORK_FILE
from nictools.scaffold import templates as t

FOLDERS = ("aims", "measures", "change-ideas", "sites")


@dataclass
class InitReport:
    """What `nic init` did: paths written, existing paths kept, and whether it ran `git init`."""

    root: Path
    written: list[Path] = field(default_factory=list)
    kept: list[Path] = field(default_factory=list)
    git_initialised: bool = False
    git_missing: bool = False


def find_repository(path: Path) -> Path | None:
    """The top of the git repository holding `path` (found by `.git`, without running git)."""
    here = path
    while not here.exists() and here != here.parent:
        here = here.parent
    for folder in (here, *here.parents):
        if (folder / ".git").exists():
            return folder
    return None


def refuse_existing_network(target: Path) -> None:
    if target.exists() and not target.is_dir():
        raise NicError(f"{target} is a file, not a folder.", "Give a folder for the new network.")
    if (target / NETWORK_FILE).exists():
        raise NicError(f"{target / NETWORK_FILE} already exists: there is a network here already.",
                       "nic init never overwrites a network. Pick a new folder, e.g. `nic init my-network`.")


def default_name(target: Path) -> str:
    words = target.resolve().name.replace("-", " ").replace("_", " ").split()
    return " ".join(w[:1].upper() + w[1:] for w in words) or "Our Network"


def network_files(name: str, hub: str) -> dict[str, str]:
    """The network's own files, relative to its folder."""
    files = {
        "network.yaml": t.render(t.network_nodes(name, hub), schema="schemas/network.schema.json",
                                 header="The network: who we are, our clusters, the school calendar and settings for nic."),
        "drivers.yaml": t.render(t.drivers_nodes(), schema="schemas/drivers.schema.json",
                                 header="The driver diagram, the network's theory of improvement:\n"
                                        "aim -> primary drivers -> secondary drivers (change ideas name their drivers)."),
        "README.md": TEAM_README.format(name=name),
    }
    files.update({f"{folder}/.gitkeep": "" for folder in FOLDERS})
    return files


# The actions the workflow `nic init` writes (and action.yml) runs, pinned by full commit: a tag can
# be moved, a commit cannot. The version each commit is tagged with stays beside it in a comment,
# so Dependabot and people can read it. Read from the actions' own repositories (see docs/ci.md,
# "Updating the pinned actions"); tests/integration/test_ci_files.py checks action.yml uses the same.
ACTION_PINS: dict[str, tuple[str, str]] = {
    "actions/checkout": ("3d3c42e5aac5ba805825da76410c181273ba90b1", "v7.0.1"),
    "actions/setup-python": ("5fda3b95a4ea91299a34e894583c3862153e4b97", "v7.0.0"),
    "github/codeql-action/upload-sarif": ("8aad20d150bbac5944a9f9d289da16a4b0d87c1e", "v4.36.2"),
}

PRE_COMMIT_MINIMUM = "3.0.0"
"""The oldest pre-commit the hook is declared for (`minimum_pre_commit_version`)."""


def pinned(action: str) -> str:
    """`owner/name@<commit>  # <tag>`: how a workflow names an action."""
    commit, tag = ACTION_PINS[action]
    return f"{action}@{commit}  # {tag}"


def release_tag() -> str:
    """The git tag of this version (`v0.1.0`): what `rev:` and `uses: ...@` name."""
    return f"v{__version__}"


def requirement() -> str:
    """What CI installs: this release line (`nic-toolkit~=0.1.0`): fixes yes, format changes no."""
    return f"{DISTRIBUTION}~={__version__}"


def repository_files(prefix: str) -> dict[str, str]:
    """Files that belong at the top of the git repository (CI, pre-commit, editor settings, .gitignore)."""
    from nictools.schemas import editor_mapping

    where = f" -C {prefix.rstrip('/')}" if prefix else ""
    hook_args = f"\n        args: [-C, {prefix.rstrip('/')}]" if prefix else ""
    return {
        ".gitignore": GITIGNORE,
        ".pre-commit-config.yaml": PRE_COMMIT.format(repository=REPOSITORY, rev=release_tag(), args=hook_args,
                                                     minimum=PRE_COMMIT_MINIMUM, distribution=DISTRIBUTION),
        ".github/workflows/nic.yml": GITHUB_WORKFLOW.format(
            where=where, requirement=requirement(), checkout=pinned("actions/checkout"),
            setup_python=pinned("actions/setup-python")),
        ".gitlab-ci.yml": GITLAB_CI.format(where=where, requirement=requirement()),
        # VS Code with Red Hat's YAML extension: completion and checks while typing (docs/editors.md)
        ".vscode/settings.json": json.dumps({"yaml.schemas": editor_mapping(prefix)}, indent=2) + "\n",
        ".vscode/extensions.json": json.dumps({"recommendations": ["redhat.vscode-yaml"]}, indent=2) + "\n",
    }


def init_network(target: Path, name: str | None = None, hub: str = "") -> InitReport:
    """Create a network in `target` (made if missing); `git init` unless it is in a repository."""
    from nictools import schemas

    target = target.absolute()
    refuse_existing_network(target)
    top = find_repository(target)
    new_repository = top is None
    top = target if top is None else top
    prefix = "" if top == target else target.relative_to(top).as_posix() + "/"
    report = InitReport(target)
    planned: list[tuple[Path, str]] = []
    for rel, text in network_files(name or default_name(target), hub).items():
        planned.append((target / rel, text))
    for rel, text in repository_files(prefix).items():
        planned.append((top / rel, text))
    planned += [(target / "schemas" / name, text) for name, text in schemas.generate().items()]
    # folders this call creates, so a failure part-way can remove them (deepest first)
    new_folders = sorted({folder for path, _ in planned for folder in (path.parent, *path.parent.parents)
                          if not folder.exists() and (folder == target or target in folder.parents
                                                      or folder == top or top in folder.parents)},
                         key=lambda f: len(f.parts), reverse=True)
    try:
        for path, text in planned:
            if path.exists():
                report.kept.append(path)
                continue
            try:
                report.written.append(write_atomic(path, text, exclusive=True))
            except FileExistsError:  # made by someone else a moment ago: theirs is kept
                report.kept.append(path)
        if new_repository:
            git = shutil.which("git")
            if git is None:
                report.git_missing = True
            else:
                from nictools.history.git import GitFailed, run_git

                try:
                    run_git(target, "init", "-q")
                except GitFailed as exc:
                    raise NicError(f"git init failed in {target}: {exc}",
                                   "Check that git works (git --version) and the folder is writable, then run "
                                   "nic init again.") from None
                report.git_initialised = True
    except BaseException:
        _undo_init(report, new_folders, target if new_repository else None)
        raise
    return report


def _undo_init(report: InitReport, new_folders: list[Path], repository: Path | None) -> None:
    """Remove what a failed `nic init` wrote, so running it again starts clean."""
    for path in reversed(report.written):
        try:
            os.unlink(path)
        except OSError:
            pass
    if repository is not None and (repository / ".git").is_dir():  # there was none: this call made it
        shutil.rmtree(repository / ".git", ignore_errors=True)
    for folder in new_folders:
        try:
            folder.rmdir()
        except OSError:
            pass
    report.written.clear()


TEAM_README = """\
# {name}

This repository holds our network's improvement work: the aim, the measures, the driver
diagram, change ideas, every site's PDSA cycles and each site's weekly data. It holds
**aggregates only: no student names, ids or dates of birth**, anywhere.

## Where things are

| file | what it is |
|---|---|
| `network.yaml` | the network, its clusters and school breaks |
| `drivers.yaml` | the driver diagram |
| `aims/`, `measures/`, `change-ideas/` | one file each |
| `sites/<site>/site.yaml` | a site and its team |
| `sites/<site>/pdsa/C01.yaml` | one PDSA cycle, filled in stage by stage |
| `sites/<site>/data/<measure>.csv` | a site's data for one measure |

## Add a PDSA cycle

```sh
nic new pdsa --site lincoln --change-idea CI-07 --title "Exit tickets in one advisory"
```

This writes `sites/lincoln/pdsa/C01.yaml` (the next free number) with a comment on every
field. Fill in the plan **before** the test: the objective, each question with your
prediction and why. When the test has run, add the next stage:

```sh
nic pdsa advance C01 --site lincoln     # adds Do, then Study, then Act
```

## Add a week of data

```sh
nic data add ATT-90 --site lincoln --period 2025-09-08 --numerator 201 --denominator 259
nic data add FAMILY-CONTACT --site lincoln --period 2025-09-08 12
```

## Check before you commit

```sh
nic validate
```

Every problem says which file and line, what is wrong and how to fix it. The same check
runs on every push (GitHub Actions or GitLab CI) and, with `pre-commit install`, before
every commit.

In VS Code, accept the recommended YAML extension (Red Hat) when it is offered: every file
then gets completion and is checked as you type.
"""

GITIGNORE = """\
# Operating system and editor clutter
.DS_Store
Thumbs.db
desktop.ini
*~
*.swp
.vscode/*
!.vscode/settings.json
!.vscode/extensions.json
.idea/
# Spreadsheet lock files (Excel, LibreOffice) left while a file is open
~$*
.~lock.*#
# nic's write lock and undo journal, there only while a command writes
.nic.lock
.nic-journal.json
# Python
__pycache__/
.venv/
# Files nic renders (charts, reports, exports): rebuild them with nic instead of committing them
_build/
nic-export/
nic-export.xlsx
nic-export.sqlite
change-package-*/
"""

PRE_COMMIT = """\
# pre-commit (https://pre-commit.com): run `pre-commit install` once, and `nic validate` checks the
# whole network before every commit, deleted files included (pre-commit installs {distribution}
# in an environment of its own the first time). See docs/ci.md.
minimum_pre_commit_version: "{minimum}"
repos:
  - repo: {repository}
    rev: {rev}
    hooks:
      - id: nic-validate{args}
"""

GITHUB_WORKFLOW = """\
# Check the network on every push and pull request: problems show as annotations on the files,
# and all of them in the job summary when there are more than GitHub shows (10 per step).
name: nic
on:
  push:
  pull_request:
permissions:
  contents: read  # nic only reads the repository
jobs:
  validate:
    runs-on: ubuntu-latest
    timeout-minutes: 15
    steps:
      - uses: {checkout}
        with:
          fetch-depth: 0  # the whole history: nic status, diff and report read it
          persist-credentials: false
      - uses: {setup_python}
        with:
          python-version: "3.11"
          cache: pip
          cache-dependency-path: .github/workflows/nic.yml  # the requirement below is the cache key
      - run: pip install "{requirement}"
      - run: nic{where} validate --format github
"""

GITLAB_CI = """\
# Check the network on every push; problems show in the merge request's Code Quality widget.
nic-validate:
  image: python:3.11
  variables:
    GIT_DEPTH: 0  # the whole history: nic status, diff and report read it
    PIP_CACHE_DIR: $CI_PROJECT_DIR/.cache/pip
  cache:
    key: nic-pip
    paths:
      - .cache/pip
  script:
    - pip install "{requirement}"
    - nic{where} validate --format gitlab --output-file gl-code-quality-report.json || (nic{where} validate; exit 1)
  artifacts:
    when: always
    reports:
      codequality: gl-code-quality-report.json
"""
