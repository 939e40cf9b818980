"""Build a case of the corpus on disk (a git repository), and fingerprint a folder."""

from __future__ import annotations

import builtins
import contextlib
import hashlib
import io
import os
import shutil
import stat
import subprocess
import textwrap
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterator, Mapping

from tests.bad_inputs.cases import DATA, PDSA, Case
from tests.conftest import MINIMAL

HUGE_BYTES = 50 * 1024 * 1024


@dataclass
class Built:
    """A case on disk: the network root, its git repository, and what the runner must simulate."""

    root: Path
    repo: Path
    unreadable: list[Path] = field(default_factory=list)


def git_env(date: str = "2025-09-20T12:00:00+00:00") -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("GIT_")}
    env.update(GIT_CONFIG_GLOBAL="/dev/null", GIT_CONFIG_NOSYSTEM="1", GIT_TEMPLATE_DIR="",
               GIT_AUTHOR_DATE=date, GIT_COMMITTER_DATE=date)
    return env


def _git(repo: Path, *args: str, date: str = "2025-09-20T12:00:00+00:00") -> None:
    subprocess.run(["git", "-c", "user.name=t", "-c", "user.email=t@t", "-c", "init.defaultBranch=main", *args],
                   cwd=repo, env=git_env(date), check=True, capture_output=True)


def _write(root: Path, files: Mapping[str, str | bytes | None]) -> None:
    for rel, content in files.items():
        path = root / rel
        if content is None:
            if path.is_dir() and not path.is_symlink():
                shutil.rmtree(path)
            elif path.exists() or path.is_symlink():
                path.unlink()
            continue
        if path.is_dir() and not path.is_symlink():
            shutil.rmtree(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8", newline="")


def build(case: Case, tmp: Path) -> Built:
    """MINIMAL committed, then the case's overlay (and setup step) committed on top of it.

    Two commits, so `nic diff` and `nic log` read the bad version against a good one.
    The 50 MB case gets no git repository (it runs `nic validate` only).
    """
    outside = tmp / "outside"
    outside.mkdir()
    repo = tmp / "repo"
    root = repo / "networks" / "ninth" if case.setup == "subfolder" else repo
    base = {rel: textwrap.dedent(text) for rel, text in MINIMAL.items()}
    overlay: dict[str, str | bytes | None] = dict(case.files)
    if case.setup == "not-a-network":
        base = {"README.md": "Notes for the team.\n", "aims/aim.yaml": base["aims/network-aim.yaml"]}
    if case.setup == "network-yaml-folder":
        overlay["network.yaml"] = None
        overlay["network.yaml/README.md"] = "This should have been a file.\n"
    root.mkdir(parents=True)
    git = case.setup != "huge"
    _write(root, base)
    if git:
        _git(repo, "init", "-q")
        _git(repo, "add", "-A")
        _git(repo, "commit", "-q", "--no-gpg-sign", "-m", "the network", date="2025-09-10T12:00:00+00:00")
    _write(root, overlay)
    if case.setup == "symlink-file":
        (outside / "secret.csv").write_text("period,numerator,denominator\n2025-09-01,1,2\n")
        (root / DATA).symlink_to(outside / "secret.csv")
    elif case.setup == "symlink-folder":
        (outside / "pdsa").mkdir()
        (outside / "pdsa" / "C01.yaml").write_text(textwrap.dedent(MINIMAL[PDSA]))
        shutil.rmtree(root / "sites/lincoln/pdsa", ignore_errors=True)
        (root / "sites/lincoln/pdsa").symlink_to(outside / "pdsa", target_is_directory=True)
    elif case.setup == "symlink-broken":
        (root / "change-ideas/CI-02.yaml").symlink_to(outside / "missing.yaml")
    elif case.setup == "huge":
        row = b"2025-09-01,80,100\n"
        (root / DATA).write_bytes(b"period,numerator,denominator\n" + row * (HUGE_BYTES // len(row) + 1))
    if git:
        _git(repo, "add", "-A")
        _git(repo, "commit", "-q", "--no-gpg-sign", "--allow-empty", "-m", f"case {case.name}")
    built = Built(root, repo)
    if case.setup == "fifo":
        os.mkfifo(root / DATA)
    elif case.setup == "unreadable":
        (root / PDSA).chmod(0)
        built.unreadable.append(root / PDSA)
    return built


def fingerprint(folder: Path) -> dict[str, str]:
    """Every file, folder and link under `folder` (.git included) -> a digest of what it holds."""
    out: dict[str, str] = {}
    for current, dirs, files in os.walk(folder, followlinks=False):
        here = Path(current)
        for name in dirs + files:
            path = here / name
            rel = path.relative_to(folder).as_posix()
            info = path.lstat()
            if stat.S_ISLNK(info.st_mode):
                out[rel] = "link:" + os.readlink(path)
            elif stat.S_ISDIR(info.st_mode):
                out[rel] = "dir"
            elif not stat.S_ISREG(info.st_mode):
                out[rel] = "special"
            elif info.st_mode & 0o777 == 0:
                out[rel] = f"unreadable:{info.st_size}:{info.st_mtime_ns}"
            else:
                out[rel] = hashlib.sha256(path.read_bytes()).hexdigest() + f":{info.st_mtime_ns}"
    return out


@contextlib.contextmanager
def unreadable_for_root(paths: list[Path]) -> Iterator[None]:
    """Root reads any file, so chmod 000 hides nothing: make opening these paths fail as it would for a user."""
    if not paths or os.geteuid() != 0:
        yield
        return
    blocked = {str(p) for p in paths}
    real_open = builtins.open

    def guarded(file: Any, *args: Any, **kwargs: Any) -> Any:
        if isinstance(file, (str, os.PathLike)) and os.path.abspath(os.fspath(file)) in blocked:
            raise PermissionError(13, "Permission denied", os.fspath(file))
        return real_open(file, *args, **kwargs)

    real_os_open = os.open

    def guarded_os_open(file: Any, *args: Any, **kwargs: Any) -> int:
        if isinstance(file, (str, os.PathLike)) and os.path.abspath(os.fspath(file)) in blocked:
            raise PermissionError(13, "Permission denied", os.fspath(file))
        return real_os_open(file, *args, **kwargs)

    builtins.open = guarded  # type: ignore[assignment]
    io.open = guarded  # type: ignore[assignment]
    os.open = guarded_os_open  # type: ignore[assignment]
    try:
        yield
    finally:
        builtins.open = real_open  # type: ignore[assignment]
        io.open = real_open  # type: ignore[assignment]
        os.open = real_os_open  # type: ignore[assignment]
