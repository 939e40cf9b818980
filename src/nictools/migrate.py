"""`nic migrate`: bring files written for older format versions to the current one.

Every file may say `format: N`; a file without it is read as the current version.
`MIGRATIONS[N]` upgrades one file's text from version N to N+1; `nic migrate` runs the
steps in order and then writes the new `format:` value in place. Today the format is
at version 1 and there is nothing to migrate, so the registry is empty: the machinery
exists (and is tested with a fabricated version 0) so that a later change of format
never strands a network.

A migration step is a function of the file kind (`pdsa`, `measure`, …) and its text,
returning the new text. Work on the text (or at positions from
`nictools.load.yaml.read_yaml`) so comments and key order stay. For example, had
version 0 called predictions `hypothesis`:

    def _questions_say_prediction(kind: str, text: str) -> str:
        if kind != "pdsa":
            return text
        return re.sub(r"^(\\s*)hypothesis:", r"\\1prediction:", text, flags=re.MULTILINE)

    MIGRATIONS = {0: _questions_say_prediction}
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Mapping

from nictools.atomic import write_atomic
from nictools.errors import NicError
from nictools.load.network import read_file_bytes
from nictools.load.text import decode
from nictools.load.yaml import read_yaml
from nictools.model.base import FORMAT_VERSION
from nictools.network import list_files

Migration = Callable[[str, str], str]

#: version N -> the step that upgrades a file from N to N+1 (none yet: the format is at 1)
MIGRATIONS: dict[int, Migration] = {}

_YAML_KINDS = ("network", "drivers", "aim", "measure", "change-idea", "site", "pdsa")


@dataclass
class FileMigration:
    path: str
    from_version: int
    text: str


def _with_version(text: str, path: str, version: int) -> str:
    """The text with its `format:` value set to `version`, edited in place."""
    doc = read_yaml(text, path)
    if not doc.ok or doc.node_at(("format",))[1] != 1:
        return text
    line, col, eline, ecol = doc.locate(("format",))
    lines = text.split("\n")
    if line != eline:
        return text
    lines[line - 1] = lines[line - 1][: col - 1] + str(version) + lines[line - 1][ecol - 1:]
    return "\n".join(lines)


def plan_migrations(root: Path, migrations: Mapping[int, Migration] | None = None,
                    current: int = FORMAT_VERSION) -> list[FileMigration]:
    """Every file below the current version, with its upgraded text (nothing written)."""
    steps = MIGRATIONS if migrations is None else migrations
    out: list[FileMigration] = []
    for f in list_files(root).files:
        if f.kind not in _YAML_KINDS:
            continue
        path = root / f.path
        if path.is_symlink() or not path.is_file():
            continue
        raw, _ = read_file_bytes(path, f.path)
        if raw is None:
            continue  # unreadable: `nic validate` says why
        decoded = decode(raw, f.path)
        if decoded.text is None or decoded.fatal:
            continue
        doc = read_yaml(decoded.text, f.path)
        if not doc.ok or not isinstance(doc.data, dict):
            continue
        version = doc.data.get("format", current)
        if not isinstance(version, int) or isinstance(version, bool):
            raise NicError(f"{f.path}: `format: {version}` is not a version number.",
                           f"Write `format: {current}` (or the version the file was written for).")
        if version > current:
            raise NicError(f"{f.path} uses format {version}, newer than this nic reads ({current}).",
                           "Upgrade nictools (pip install -U nic-toolkit).")
        if version == current:
            continue
        text = decoded.text
        for step in range(version, current):
            if step not in steps:
                raise NicError(f"{f.path} uses format {version}, and nic has no way to upgrade format {step}.",
                               "Upgrade nictools, or convert the file by hand (see docs/format.md).")
            text = steps[step](f.kind, text)
        out.append(FileMigration(f.path, version, _with_version(text, f.path, current)))
    return out


def migrate_files(root: Path) -> list[FileMigration]:
    """Plan and write the migrations under the network's write lock (files read once it is held)."""
    from nictools.lock import network_lock

    with network_lock(root):
        plan = plan_migrations(root)
        apply_migrations(root, plan)
    return plan


def apply_migrations(root: Path, plan: list[FileMigration]) -> None:
    for item in plan:
        write_atomic(root / item.path, item.text)
