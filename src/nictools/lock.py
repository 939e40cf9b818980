"""One writer at a time: a lock file in the network's folder, held while nic changes files.

Every command that reads a file, changes it and writes it back (`data add`, `data import`,
`new`, `pdsa advance`, `rename`, `fix`, `migrate`) does the whole read-change-write while
holding `network_lock(root)`, and reads the files again after acquiring it, so two `nic`
processes started at once never lose each other's rows or pick the same new id.

The lock is the file `.nic.lock` in the network's root, created with
`os.open(O_CREAT | O_EXCL)`, which is atomic on Linux, macOS and Windows (local disks and
NFSv3+), and removed when the command ends. It holds who made it (`pid`, `host`, `time`).
A lock is stale, and is taken over, when its process is gone (same host, pid not
running) or, from another host (a shared drive), when it is older than `STALE_SECONDS`;
a lock file nic has not finished writing counts as stale after the same time. A waiter
tries again every few hundredths of a second and gives up after `NIC_LOCK_TIMEOUT`
seconds (default 30) with a `LockTimeout`: a plain message, exit 1.

Why not the `filelock` package: on Unix it leaves its lock file behind after release
(so every network would carry an untracked `.nic.lock` in `git status`), and a lock
file that exists only while a command runs is easy to explain; the stale-lock rules
above cover a process that was killed.

Once the lock is held, a change that a killed nic left half done (its undo journal, see
`nictools.journal`) is undone before the command goes on.
"""

from __future__ import annotations

import json
import os
import random
import socket
import sys
import time
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Iterator

from nictools.errors import NicError

LOCK_NAME = ".nic.lock"
STALE_SECONDS = 600.0
DEFAULT_TIMEOUT = 30.0


class LockTimeout(NicError):
    """Another nic kept the network locked for longer than the timeout (exit 1)."""

    exit_code = 1


def _timeout() -> float:
    try:
        return max(0.0, float(os.environ.get("NIC_LOCK_TIMEOUT", DEFAULT_TIMEOUT)))
    except ValueError:
        return DEFAULT_TIMEOUT


def pid_running(pid: int) -> bool:
    """True when a process with this id is running on this machine (or we cannot tell)."""
    if pid <= 0:
        return False
    if sys.platform == "win32":  # os.kill(pid, 0) would send CTRL_C_EVENT on Windows
        import ctypes

        kernel32 = ctypes.windll.kernel32  # type: ignore[attr-defined]
        handle = kernel32.OpenProcess(0x1000, False, pid)  # PROCESS_QUERY_LIMITED_INFORMATION
        if not handle:
            return kernel32.GetLastError() == 5  # access denied: it exists
        try:
            code = ctypes.c_ulong()
            kernel32.GetExitCodeProcess(handle, ctypes.byref(code))
            return code.value == 259  # STILL_ACTIVE
        finally:
            kernel32.CloseHandle(handle)
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    except OSError:
        return True
    return True


def _owner() -> dict[str, Any]:
    return {"pid": os.getpid(), "host": socket.gethostname(), "time": time.time()}


def _read(path: Path) -> bytes | None:
    try:
        with open(path, "rb") as handle:
            return handle.read(4096)
    except FileNotFoundError:
        return None
    except OSError:
        return b""


def is_stale(content: bytes, age: float) -> bool:
    """Whether a lock file with this content, this many seconds old, belongs to nobody."""
    try:
        info = json.loads(content.decode("utf-8"))
        pid, host = int(info["pid"]), str(info["host"])
    except (ValueError, KeyError, TypeError, UnicodeDecodeError):
        return age > STALE_SECONDS  # being written just now, or garbage left by a crash
    if host == socket.gethostname():
        return not pid_running(pid)
    return age > STALE_SECONDS


def _age(path: Path) -> float:
    try:
        return time.time() - path.stat().st_mtime
    except OSError:
        return 0.0


def _break(path: Path, content: bytes) -> None:
    """Remove a stale lock, unless someone replaced it since we read it."""
    aside = path.with_name(f"{LOCK_NAME}.stale-{os.getpid()}-{random.randrange(1 << 30)}")
    try:
        os.rename(path, aside)
    except OSError:
        return
    if _read(aside) == content:
        try:
            os.unlink(aside)
        except OSError:
            pass
        return
    try:  # not the one we judged stale: put it back (a new holder made it a moment ago)
        os.link(aside, path)
    except OSError:
        pass
    try:
        os.unlink(aside)
    except OSError:
        pass


def _unwritable(root: Path, exc: OSError) -> NicError:
    from nictools.faults import plain_os_error

    return plain_os_error(exc, root / LOCK_NAME, "lock the network for writing")


def acquire(root: Path, timeout: float | None = None) -> bytes:
    """Create the lock file (waiting for another nic to finish); return what it holds."""
    path = Path(root) / LOCK_NAME
    timeout = _timeout() if timeout is None else timeout
    deadline = time.monotonic() + timeout
    delay = 0.01
    while True:
        content = json.dumps(_owner()).encode("utf-8")
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o644)
        except FileExistsError:
            held = _read(path)
            if held is not None and is_stale(held, _age(path)):
                _break(path, held)
                continue
        except OSError as exc:
            raise _unwritable(Path(root), exc) from None
        else:
            try:
                os.write(fd, content)
            except OSError as exc:
                os.close(fd)
                os.unlink(path)
                raise _unwritable(Path(root), exc) from None
            os.close(fd)
            return content
        if time.monotonic() >= deadline:
            who = ""
            try:
                info = json.loads((_read(path) or b"").decode("utf-8"))
                who = f" (process {int(info['pid'])} on {info['host']})"
            except Exception:
                pass
            raise LockTimeout(
                f"Another nic command{who} is changing this network: gave up waiting after {timeout:g} s "
                f"for {path}.",
                "Run the command again when the other one has finished. If no nic is running, delete "
                f"{path} (set NIC_LOCK_TIMEOUT to wait longer).")
        time.sleep(delay * (0.5 + random.random()))
        delay = min(delay * 1.5, 0.2)


def release(root: Path, content: bytes) -> None:
    path = Path(root) / LOCK_NAME
    if _read(path) == content:
        try:
            os.unlink(path)
        except OSError:
            pass


_held: dict[str, int] = {}


@contextmanager
def network_lock(root: Path, timeout: float | None = None) -> Iterator[None]:
    """Hold the network's write lock for the block (re-entrant within one process)."""
    key = os.path.abspath(root)
    if _held.get(key):
        _held[key] += 1
        try:
            yield
        finally:
            _held[key] -= 1
        return
    content = acquire(Path(root), timeout)
    _held[key] = 1
    try:
        from nictools.journal import recover

        recover(Path(root))  # a change a killed nic left half done is undone before anything else
        yield
    finally:
        _held.pop(key, None)
        release(Path(root), content)
