"""Where an export is written, and how: only to `--out`, atomically, never over the user's work.

Defaults, in the current folder (or the `-C` folder): `nic-export/` for CSV,
`nic-export.xlsx`, `nic-export.sqlite`, `change-package-<ID>/`. An output that exists
and is not empty is refused unless `--force`; even then a folder is replaced only when
it holds what nic writes there (`datapackage.json`, `manifest.json`), so `--force`
cannot wipe an unrelated folder. Nothing is ever written inside `.git`. A file is written
with `write_atomic`; a folder is written into a hidden temporary folder beside it and
renamed into place, so a reader sees the old export or the new one, never half of one.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

from nictools.atomic import write_atomic
from nictools.errors import NicError
from nictools.output_format import Formats
from nictools.output_format import pick_format as pick

FORMATS = ("csv", "xlsx", "sqlite")
DEFAULT_OUT = {"csv": "nic-export", "xlsx": "nic-export.xlsx", "sqlite": "nic-export.sqlite"}
_SUFFIXES = {".xlsx": "xlsx", ".sqlite": "sqlite", ".sqlite3": "sqlite", ".db": "sqlite"}


EXPORT_FORMATS = Formats(
    "export", FORMATS, _SUFFIXES, default="csv",
    refused={".xls": "Excel files are written as .xlsx",
             ".csv": "CSV is written as a folder of files, one per table: give a folder name"})


def pick_format(fmt: str | None, out: Path | None) -> str:
    """The format asked for, else the one `--out`'s extension names, else csv."""
    return pick(EXPORT_FORMATS, fmt, out)


def _inside_git(path: Path) -> bool:
    return ".git" in path.absolute().parts or ".git" in path.resolve().parts


def check_target(path: Path, *, folder: bool, force: bool, marker: str | None = None) -> None:
    """Stop (NicError) when writing `path` could destroy something or lands inside .git."""
    if _inside_git(path):
        raise NicError(f"{path} is inside a .git folder: nic never writes there.", "Choose another --out.")
    if not path.exists() and not path.is_symlink():
        return
    if folder and not path.is_dir():
        raise NicError(f"{path} exists and is not a folder.", "Choose another --out (a folder name).")
    if not folder and path.is_dir():
        raise NicError(f"{path} is a folder.", "Give --out a file name, e.g. nic-export.xlsx.")
    empty = (not any(path.iterdir())) if folder else path.stat().st_size == 0
    if empty:
        return
    if not force:
        raise NicError(f"{path} exists and is not empty.", "Choose another --out, or add --force to replace it.")
    if folder and marker and not (path / marker).is_file():
        raise NicError(f"{path} is not empty and does not look like an earlier export (it has no {marker}), "
                       "so nic will not replace it, even with --force.", "Choose another --out.")


def write_file(path: Path, data: bytes, *, force: bool) -> Path:
    check_target(path, folder=False, force=force)
    return write_atomic(path, data)


def write_folder(path: Path, files: dict[str, bytes], *, force: bool, marker: str | None = None) -> Path:
    """Write `files` (relative path -> bytes) as the folder `path`, swapping it in whole."""
    check_target(path, folder=True, force=force, marker=marker)
    parent = path.absolute().parent
    parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{path.name}.", suffix=".tmp", dir=parent))
    try:
        for rel, data in files.items():
            write_atomic(tmp / rel, data)
        os.chmod(tmp, 0o755)
        if path.is_dir() and not any(path.iterdir()):
            path.rmdir()
        if path.exists():
            old = Path(tempfile.mkdtemp(prefix=f".{path.name}.", suffix=".old", dir=parent))
            os.rmdir(old)
            os.rename(path, old)
            os.rename(tmp, path)
            shutil.rmtree(old, ignore_errors=True)
        else:
            os.rename(tmp, path)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return path
