"""Faults of the machine are said in plain words (what, where, what to do), exit 1 or 2, never 3.

A full disk (ENOSPC while writing or renaming), a read-only file system (EROFS, also for
the write lock), standard output on /dev/full, a damaged or DOCTYPE-carrying .xlsx, and
`nic init` failing part-way (which removes what it wrote, so running it again works).
Running as root, chmod hides nothing, so the faults are raised where the OS would raise them.
"""

from __future__ import annotations

import errno
import os
import subprocess
import sys
import zipfile
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

import nictools.atomic as atomic
import nictools.lock as lock
from nictools.cli.main import app
from tests.history.conftest import DO, git_env  # type: ignore[import-not-found]

WRITERS: dict[str, list[str]] = {
    "data add": ["data", "add", "ATT", "--site", "lincoln", "--period", "2025-09-15", "--numerator", "85",
                 "--denominator", "100"],
    "new pdsa": ["new", "pdsa", "--site", "lincoln", "--title", "Another"],
    "new change-idea": ["new", "change-idea", "--title", "Another", "--driver", "S1"],
    "rename": ["rename", "change-idea", "CI-01", "CI-02"],
    "pdsa advance": ["pdsa", "advance", "C01", "--site", "lincoln", "--result", "1=confirmed", "--result", "2=partly"],
    "fix": ["fix"],
    "report --out": ["report", "--format", "markdown", "--out", "r.md"],
    "diagram --out": ["diagram", "--out", "d.svg"],
    "chart --out": ["chart", "ATT", "--site", "lincoln", "--out", "c.svg"],
    "schema --out": ["schema", "--out", "s"],
}
OVERRIDES = {"sites/lincoln/pdsa/C01.yaml": DO,
             "change-ideas/CI-01.yaml": "id: CI-01   \ntitle: Exit tickets\ndescription: d\ndrivers: [S1]\n"
                                        "status: testing\n"}


def _files(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def _invoke(root: Path, args: list[str]) -> Any:
    return CliRunner().invoke(app, ["-C", str(root), *args], env={"NIC_TODAY": "2025-10-15"})


def _fail(code: int) -> Any:
    def raiser(*args: Any, **kwargs: Any) -> Any:
        raise OSError(code, os.strerror(code))
    return raiser


@pytest.mark.parametrize("name", sorted(WRITERS))
@pytest.mark.parametrize("fault", ["disk-full-at-write", "disk-full-at-rename", "read-only"])
def test_a_write_fault_is_a_plain_message(name: str, fault: str, make_network, monkeypatch: pytest.MonkeyPatch) -> None:
    root = make_network(OVERRIDES)
    before = _files(root)
    if fault == "disk-full-at-write":
        monkeypatch.setattr(atomic.os, "fsync", _fail(errno.ENOSPC))
        monkeypatch.setattr(atomic.os, "link", _fail(errno.ENOSPC))
    elif fault == "disk-full-at-rename":
        monkeypatch.setattr(atomic.os, "replace", _fail(errno.ENOSPC))
        monkeypatch.setattr(atomic.os, "link", _fail(errno.ENOSPC))
    else:
        real_open = os.open

        def read_only_open(path: Any, flags: int, *args: Any) -> int:
            if flags & (os.O_WRONLY | os.O_RDWR | os.O_CREAT):
                raise OSError(errno.EROFS, os.strerror(errno.EROFS), str(path))
            return real_open(path, flags, *args)

        monkeypatch.setattr(lock.os, "open", read_only_open)
        monkeypatch.setattr(atomic.tempfile, "mkstemp", _fail(errno.EROFS))
    result = _invoke(root, WRITERS[name])
    assert result.exit_code in (1, 2), (result.exit_code, result.output)
    said = result.output
    assert "internal error" not in said and "Traceback" not in said
    assert ("disk is full" in said) if fault.startswith("disk") else ("read-only" in said), said
    assert "hint:" in said
    assert _files(root) == before  # nothing half written, no lock or journal left


@pytest.mark.parametrize("args", [["validate"], ["validate", "--format", "json"], ["explain", "NIC001"],
                                  ["diagram"], ["log"], ["--help"], ["--version"], ["export", "--out", "-"]],
                         ids=lambda a: " ".join(a))
def test_stdout_on_dev_full(args: list[str], make_network) -> None:
    if not Path("/dev/full").exists():
        pytest.skip("no /dev/full here")
    root = make_network()
    subprocess.run(["git", "-C", str(root), "-c", "init.defaultBranch=main", "init", "-q"], check=True, env=git_env())
    subprocess.run(["git", "-C", str(root), "add", "-A"], check=True, env=git_env())
    subprocess.run(["git", "-C", str(root), "commit", "-q", "--no-gpg-sign", "-m", "start"], check=True, env=git_env())
    with open("/dev/full", "w") as full:
        done = subprocess.run([sys.executable, "-m", "nictools", "-C", str(root), *args], stdout=full,
                              stderr=subprocess.PIPE, timeout=120, env={**os.environ, "NIC_TODAY": "2025-10-15"})
    err = done.stderr.decode()
    assert done.returncode == 2, err
    assert "Could not write the output to standard output: the disk is full." in err
    assert "Traceback" not in err and "Exception ignored" not in err


def _xlsx(path: Path, member: str, change: Any) -> Path:
    import openpyxl

    good = path.with_name("good.xlsx")
    book = openpyxl.Workbook()
    book.active.append(["period", "numerator", "denominator"])
    book.active.append(["2025-09-15", 70, 100])
    book.save(good)
    with zipfile.ZipFile(good) as source, zipfile.ZipFile(path, "w") as out:
        for name in source.namelist():
            data = source.read(name)
            out.writestr(name, change(data) if name == member else data)
    return path


XLSX = {
    "malformed-sheet": ("xl/worksheets/sheet1.xml", lambda d: d[: len(d) // 2]),
    "malformed-workbook": ("xl/workbook.xml", lambda d: d.replace(b"<sheets>", b"<sheets><<")),
    "doctype-entities": ("xl/worksheets/sheet1.xml",
                         lambda d: b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaaaaaa">'
                                   b'<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">]>' + d.replace(b"<v>70</v>", b"<v>&b;</v>")),
    "doctype-external": ("xl/workbook.xml",
                         lambda d: b'<?xml version="1.0"?>\n<!-- x -->\n<!doctype x [<!ENTITY e SYSTEM '
                                   b'"file:///etc/passwd">]>' + d),
    "doctype-shared-strings": ("[Content_Types].xml", lambda d: b"<!DOCTYPE t>" + d),
}


@pytest.mark.parametrize("case", sorted(XLSX))
def test_a_bad_xlsx_is_a_plain_message(case: str, make_network, tmp_path: Path) -> None:
    root = make_network()
    member, change = XLSX[case]
    path = _xlsx(tmp_path / f"{case}.xlsx", member, change)
    before = _files(root)
    result = _invoke(root, ["data", "import", str(path), "--measure", "ATT", "--site", "lincoln", "--yes"])
    assert result.exit_code == 2, result.output
    assert path.name in result.output and "hint:" in result.output
    assert "internal error" not in result.output
    if case.startswith("doctype"):
        assert "DOCTYPE" in result.output
    assert _files(root) == before


@pytest.mark.parametrize("nth", [1, 4, 9, 14])
def test_init_that_fails_part_way_removes_what_it_wrote(nth: int, tmp_path: Path,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    import nictools.scaffold.init as init

    real = init.write_atomic
    count = [0]

    def failing(path: Path, data: Any, **kwargs: Any) -> Path:
        count[0] += 1
        if count[0] == nth:
            raise atomic._where(OSError(errno.ENOSPC, os.strerror(errno.ENOSPC)), Path(path))
        return real(path, data, **kwargs)

    target = tmp_path / "new-network"
    with monkeypatch.context() as m:
        m.setattr(init, "write_atomic", failing)
        result = CliRunner().invoke(app, ["init", str(target), "--name", "Ours"])
    assert result.exit_code == 2, result.output
    assert "disk is full" in result.output and str(target) in result.output
    assert not target.exists()  # every file and folder it made is gone
    result = CliRunner().invoke(app, ["init", str(target), "--name", "Ours"])
    assert result.exit_code == 0, result.output
    assert CliRunner().invoke(app, ["-C", str(target), "validate"]).exit_code == 0


def test_init_that_fails_in_an_existing_folder_keeps_what_was_there(tmp_path: Path,
                                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    import nictools.scaffold.init as init

    target = tmp_path / "team"
    target.mkdir()
    (target / "notes.txt").write_text("ours\n")
    import nictools.history.git as git_layer

    def failing_git(*args: Any, **kwargs: Any) -> bytes:
        raise git_layer.GitFailed("boom")

    monkeypatch.setattr(git_layer, "run_git", failing_git)  # nic init runs git through the one git layer
    del init
    result = CliRunner().invoke(app, ["init", str(target), "--name", "Ours"])
    assert result.exit_code == 2, result.output
    assert "git init failed" in result.output
    assert sorted(p.name for p in target.iterdir()) == ["notes.txt"]
