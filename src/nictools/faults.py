"""Faults of the machine, not of nic or the files: a full disk, a read-only folder, no permission.

`plain_os_error` turns an `OSError` into a `NicError` that says what failed, where, and
what to do; the CLI's error boundary uses it for any `OSError` whose errno is one of
`ENVIRONMENT_ERRNOS`, so such a fault is exit 2 with a message, never "internal error".
"""

from __future__ import annotations

import errno
import os
from pathlib import Path

from nictools.errors import NicError

#: errno -> (what happened, what to do)
_WHAT: dict[int, tuple[str, str]] = {
    errno.ENOSPC: ("the disk is full", "Free some space on that disk (or write somewhere else) and run the command again."),
    errno.EROFS: ("the file system is read-only", "Run the command on a copy you can write to, or remount the disk "
                  "read-write."),
    errno.EACCES: ("permission denied", "Check that you may write there (ls -l), or run the command somewhere you may."),
    errno.EPERM: ("the operation is not permitted", "Check the file's permissions and whether it is locked "
                  "(chattr, or open in another program)."),
    errno.EISDIR: ("it is a folder", "Give a file name, not a folder."),
    errno.ENOTDIR: ("part of the path is not a folder", "Check the path: a file stands where a folder should be."),
    errno.EIO: ("the disk reported an input/output error", "Check the disk or network drive, then run the command "
                "again."),
    errno.ENAMETOOLONG: ("the name is too long", "Use a shorter path."),
    errno.EMFILE: ("too many files are open", "Close other programs (or raise `ulimit -n`) and try again."),
    errno.ENOENT: ("a folder on the way does not exist", "Check the path, or create the folder first."),
}
for _name, _text in (("EDQUOT", ("your disk quota is used up", "Free some space within your quota, or ask the "
                                 "administrator for more.")),
                     ("EFBIG", ("the file would be larger than this file system allows",
                                "Write to another disk.")),
                     ("ETXTBSY", ("the file is in use", "Close the program that has it open and try again.")),
                     ("EBUSY", ("the file or folder is busy", "Close the program that has it open and try again."))):
    if hasattr(errno, _name):
        _WHAT[getattr(errno, _name)] = _text

#: the errnos the CLI reports as a fault of the machine (exit 2), not as a bug (exit 3)
ENVIRONMENT_ERRNOS = frozenset(_WHAT) - {errno.ENOENT, errno.ENOTDIR, errno.EISDIR}


def plain_os_error(exc: OSError, where: Path | str | None = None, doing: str = "") -> NicError:
    """A `NicError` for an OSError: what (`doing` and the cause), where (the path), what to do."""
    what, todo = _WHAT.get(exc.errno or 0, (exc.strerror or str(exc), "Check the path and the disk, then try again."))
    path = where if where is not None else (exc.filename or "")
    place = f" ({os.fspath(path)})" if path else ""
    verb = f"Could not {doing}" if doing else "Could not finish"
    return NicError(f"{verb}{place}: {what}.", todo)
