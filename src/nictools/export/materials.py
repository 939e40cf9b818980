"""A change idea's materials: web addresses, or files inside the repository.

A material's `link` is a web address (listed as a link, never fetched) or a path
relative to the network's folder. A path is copied only when it names a file that,
after following symlinks, lies inside the repository (the git work tree holding the
network, else the network's folder), outside `.git`, and that git tracks: a git-ignored
or never-added file (`raw/students-with-names.csv`, `.env`) is not part of what the
network shares, so it is never copied nor listed (`nic validate` reports it as NIC019).
Anything else is skipped with a reason the user can act on.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path, PurePosixPath, PureWindowsPath
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from nictools.history.git import TrackedFiles

_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")
WEB_SCHEMES = ("http", "https")


def is_url(link: str) -> bool:
    """True for anything with a scheme (`https:`, `mailto:`, `javascript:`); a Windows drive is a path."""
    return bool(_SCHEME.match(link.strip())) and not re.match(r"^[A-Za-z]:[\\/]", link.strip())


def is_web_address(link: str) -> bool:
    return is_url(link) and link.strip().split(":", 1)[0].lower() in WEB_SCHEMES


def repository_top(root: Path) -> Path:
    """The git work tree holding the network (found by `.git`, without starting git), else the network."""
    root = root.resolve()
    for folder in (root, *root.parents):
        if (folder / ".git").exists():
            return folder
    return root


@dataclass(frozen=True)
class Resolved:
    """Where a material's path leads: a file to copy, or why not."""

    path: Path | None
    why_not: str = ""


NOT_TRACKED = "git does not track it (it is ignored or was never added), so it is not part of the repository"
MISSING = "no such file in the repository"
NO_REPOSITORY = "the network is not in a git repository, so nic cannot tell which files it shares"


def resolve_material(root: Path, link: str, tracked: TrackedFiles | None) -> Resolved:
    """The file a material's path names, if it is safe to copy: inside the repository and tracked by git
    (`tracked` is `nictools.history.git.tracked_files(root)`; None when there is no repository)."""
    text = link.strip()
    if not text:
        return Resolved(None, "the link is empty")
    if text.startswith(("/", "\\")) or PureWindowsPath(text).drive or PureWindowsPath(text).is_absolute():
        return Resolved(None, "an absolute path: give a path relative to the network's folder")
    parts = PurePosixPath(text.replace("\\", "/")).parts
    if ".git" in parts:
        return Resolved(None, "it points inside .git")
    top = repository_top(root)
    try:
        target = (root / Path(*parts)).resolve(strict=True)
    except (OSError, RuntimeError, ValueError):  # ValueError: a NUL byte in the link
        return Resolved(None, MISSING)
    if not (target == top or top in target.parents):
        return Resolved(None, "it leads outside the repository")
    if ".git" in target.relative_to(top).parts:
        return Resolved(None, "it points inside .git")
    if not target.is_file():
        return Resolved(None, "it is a folder, not a file" if target.is_dir() else "it is not a regular file")
    if tracked is None:
        return Resolved(None, NO_REPOSITORY)
    if not tracked.tracks(target):
        return Resolved(None, NOT_TRACKED)
    return Resolved(target)
