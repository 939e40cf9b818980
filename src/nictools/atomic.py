"""Atomic writes: a temporary file in the same folder, flushed, then renamed over.

A reader (or a crash) sees the old file or the new one, never half of one. With
`exclusive=True` the file must not exist yet: the finished temporary file is hard-linked
to its name (`os.link` fails if the name is taken, atomically, on Linux, macOS and
Windows/NTFS), so a new file is never put over one another process has just created.
Where a file system has no hard links, the name is taken with `O_CREAT | O_EXCL` instead.
"""

from __future__ import annotations

import errno
import os
import tempfile
from pathlib import Path
from typing import Iterable


def _create_exclusive(tmp: str, path: Path) -> None:
    """Give the finished `tmp` the name `path`, failing with FileExistsError if it is taken."""
    try:
        os.link(tmp, path)
    except FileExistsError:
        raise
    except (NotImplementedError, AttributeError, OSError) as exc:
        if isinstance(exc, OSError) and exc.errno not in _NO_LINKS:
            raise
        # no hard links here (FAT, some network drives): claim the name, then fill it
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o644)
        os.close(fd)
        try:
            os.replace(tmp, path)
        except BaseException:
            os.unlink(path)
            raise
        return
    os.unlink(tmp)


#: errnos that mean "this file system has no hard links", not "this link failed"
_NO_LINKS = {getattr(errno, name) for name in ("EPERM", "ENOTSUP", "EOPNOTSUPP", "ENOSYS", "EMLINK", "EXDEV", "EACCES")
             if hasattr(errno, name)}


def write_atomic(path: Path, data: str | bytes | Iterable[str | bytes], *, encoding: str = "utf-8",
                 exclusive: bool = False) -> Path:
    """Write `data` to `path` atomically and return the path (`exclusive`: only if it does not exist).

    `data` may also be pieces (an iterable of text or bytes), written one after the other, so a
    large output never needs to be held whole."""
    path = Path(path)
    pieces = [data] if isinstance(data, (str, bytes)) else data
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    except OSError as exc:
        raise _where(exc, path)
    try:
        with os.fdopen(fd, "wb") as handle:
            for piece in pieces:
                handle.write(piece.encode(encoding) if isinstance(piece, str) else piece)
            handle.flush()
            os.fsync(handle.fileno())
        if path.exists() and not exclusive:
            try:
                os.chmod(tmp, path.stat().st_mode & 0o777)
            except OSError:
                pass
        else:
            os.chmod(tmp, 0o644)
        if exclusive:
            _create_exclusive(tmp, path)
        else:
            os.replace(tmp, path)
    except BaseException as exc:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        if isinstance(exc, OSError) and not isinstance(exc, FileExistsError):
            raise _where(exc, path)
        raise
    return path


def _where(exc: OSError, path: Path) -> OSError:
    """`exc`, saying which file could not be written (the CLI turns it into a plain message)."""
    exc.filename = str(path)
    exc.nic_doing = "write"  # type: ignore[attr-defined]
    return exc
