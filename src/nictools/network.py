"""Where a network is and which of its files are which.

A command finds its network by walking up from the current folder (or `-C DIR`)
to `network.yaml`; the network may sit in a subfolder of its git repository.
Only the format's folders are listed, and a symlink that leaves the network is
recorded, never followed.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple

from nictools.errors import NicError

NETWORK_FILE = "network.yaml"
YAML_SUFFIXES = (".yaml", ".yml")


def find_root(start: Path | str | None = None) -> Path:
    """The folder holding `network.yaml`, at `start` or above it."""
    here = Path(start or os.getcwd())
    if not here.exists():
        raise NicError(f"The folder {here} does not exist.", "Check the path given with -C.")
    here = here.resolve()
    if here.is_file():
        here = here.parent
    for folder in (here, *here.parents):
        if (folder / NETWORK_FILE).is_file():
            return folder
        if (folder / NETWORK_FILE).is_dir():
            raise NicError(f"{folder / NETWORK_FILE} is a folder; a network's {NETWORK_FILE} must be a file.",
                           f"Rename or remove the folder, then write {NETWORK_FILE} (`nic init` makes one).")
    raise NicError(
        f"No network found: neither {here} nor any folder above it has a {NETWORK_FILE}.",
        "Run nic inside a network's folder, point at one with `-C DIR`, or start one with `nic init`.",
    )


class NetworkFile(NamedTuple):
    """One file of the network: its kind, path relative to the root, and site if any.

    (A named tuple, not a frozen dataclass: a 1,000-site network lists eleven thousand, and a
    frozen dataclass sets each field through `object.__setattr__`.)"""

    kind: str  # network, drivers, aim, measure, change-idea, site, pdsa, data, unexpected, outside, broken-link
    path: str  # forward slashes, relative to the root
    site: str | None = None


@dataclass
class FileListing:
    files: list[NetworkFile] = field(default_factory=list)
    site_folders: list[str] = field(default_factory=list)


def relative(root: Path, path: Path) -> str:
    return path.relative_to(root).as_posix()


def leads_outside(root: Path, path: Path) -> bool:
    """True when `path` (which need not exist yet) resolves outside `root`: through a
    symlinked file or folder, or `..`."""
    try:
        base = root.resolve()
        target = path.resolve()
    except (OSError, ValueError, RuntimeError):  # a NUL byte, a link loop: cannot be shown to stay inside
        return True
    return not (target == base or base in target.parents)


def _link_problem(root: Path, entry: os.DirEntry[str]) -> str | None:
    """None for a file or a link inside the network; else `outside` or `broken-link` (its target is missing)."""
    if not entry.is_symlink():
        return None
    try:
        target = Path(entry.path).resolve(strict=True)
    except (OSError, RuntimeError):
        return "broken-link"
    return None if target == root or root in target.parents else "outside"


def _scan(root: Path, folder: Path | str) -> list[os.DirEntry[str]]:
    try:
        with os.scandir(folder) as it:
            return sorted(it, key=lambda e: e.name)
    except (FileNotFoundError, NotADirectoryError):
        return []


def _classify_folder(root: Path, folder: Path | str, kind: str, suffixes: tuple[str, ...], out: FileListing,
                     site: str | None = None, rel: str = "") -> None:
    """The files of one folder; `rel` is the folder's path from the root (names are joined to it,
    no path object per file: a 1,000-site network has ten thousand)."""
    rel = rel or relative(root, Path(folder))
    for entry in _scan(root, folder):
        if entry.name.startswith("."):
            continue
        path = f"{rel}/{entry.name}"
        link = _link_problem(root, entry)
        if link:
            out.files.append(NetworkFile(link, path, site))
        elif entry.is_dir():
            out.files.append(NetworkFile("unexpected", path + "/", site))
        elif entry.name.lower().endswith(suffixes):
            out.files.append(NetworkFile(kind, path, site))
        elif entry.name.lower() not in ("readme.md", "readme.txt", ".gitkeep"):
            out.files.append(NetworkFile("unexpected", path, site))


def list_files(root: Path) -> FileListing:
    """Every file the format defines, classified; other top-level files are ignored."""
    out = FileListing()
    for name, kind in (("network.yaml", "network"), ("drivers.yaml", "drivers")):
        p = root / name
        if p.is_symlink() and not (p.resolve() == root or root in p.resolve().parents):
            out.files.append(NetworkFile("outside", name))
        elif p.exists():
            out.files.append(NetworkFile(kind, name))
    _classify_folder(root, root / "aims", "aim", YAML_SUFFIXES, out)
    _classify_folder(root, root / "measures", "measure", YAML_SUFFIXES, out)
    _classify_folder(root, root / "change-ideas", "change-idea", YAML_SUFFIXES, out)
    for entry in _scan(root, root / "sites"):
        if entry.name.startswith("."):
            continue
        path = f"sites/{entry.name}"
        link = _link_problem(root, entry)
        if link:
            out.files.append(NetworkFile(link, path))
            continue
        if not entry.is_dir():
            if entry.name.lower() not in ("readme.md",):
                out.files.append(NetworkFile("unexpected", path))
            continue
        site = entry.name
        out.site_folders.append(site)
        for child in _scan(root, entry.path):
            cpath = f"{path}/{child.name}"
            if child.name.startswith("."):
                continue
            link = _link_problem(root, child)
            if link:
                out.files.append(NetworkFile(link, cpath, site))
            elif child.name in ("site.yaml", "site.yml"):
                out.files.append(NetworkFile("site", cpath, site))
            elif child.name == "pdsa" and child.is_dir():
                _classify_folder(root, child.path, "pdsa", YAML_SUFFIXES, out, site, cpath)
            elif child.name == "data" and child.is_dir():
                _classify_folder(root, child.path, "data", (".csv",), out, site, cpath)
            elif child.name.lower() not in ("readme.md", "notes.md", "materials"):
                out.files.append(NetworkFile("unexpected", cpath + ("/" if child.is_dir() else ""), site))
    return out


def check_inside(root: Path, path: Path) -> None:
    """Stop before writing `path` when a link in its folders leads out of the network."""
    real = path.parent.resolve()
    top = root.resolve()
    rel = path.relative_to(root).as_posix() if path.is_relative_to(root) else str(path)
    if real != top and top not in real.parents:
        raise NicError(f"{rel} would be written outside the network: a folder on its way is a link to {real}.",
                       "Replace the link with a real folder inside the network, then run the command again.")
    if path.is_symlink() and not _target_inside(top, path):
        raise NicError(f"{rel} is a link to {os.readlink(path)}, outside the network; nic does not write through it.",
                       "Replace the link with a real file inside the network, then run the command again.")


def _target_inside(top: Path, path: Path) -> bool:
    target = path.resolve()
    return target == top or top in target.parents


def repository_prefix(root: Path) -> str:
    """The network's folder relative to its git repository's top ('' at the top).

    Found by looking for `.git` upwards, without starting git: CI annotations and
    SARIF need paths from the repository root, and validate must not import git.
    """
    for folder in (root, *root.parents):
        if (folder / ".git").exists():
            rel = root.relative_to(folder).as_posix()
            return "" if rel == "." else rel + "/"
    return ""
