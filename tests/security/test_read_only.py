"""Read commands change no byte: not in the network, not in `.git` (index included).

The example network (a year of git history) is hashed file by file, every read
command runs on it, and the hashes must be identical and no file added. Outputs go to a
folder outside the repository; the history blob cache lives in the user's cache folder
(`$XDG_CACHE_HOME/nictools`, here pointed into tmp), never in the repository.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
from pathlib import Path

import pytest
from typer.testing import CliRunner

from nictools.cli.main import app


def tree_hashes(root: Path) -> dict[str, str]:
    """sha256 of every file under root, .git included; symlinks by their target."""
    out: dict[str, str] = {}
    for folder, dirs, files in os.walk(root):
        for name in files:
            path = Path(folder) / name
            rel = path.relative_to(root).as_posix()
            if path.is_symlink():
                out[rel] = "link:" + os.readlink(path)
            else:
                out[rel] = hashlib.sha256(path.read_bytes()).hexdigest()
    return out


@pytest.fixture(scope="module")
def example(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    base = tmp_path_factory.mktemp("readonly")
    root = base / "net"
    result = CliRunner().invoke(app, ["init", "--example", str(root)], catch_exceptions=False,
                                env={"NIC_TODAY": "2026-07-01"})
    assert result.exit_code == 0, result.output
    # an old mtime on a tracked file: any git command that refreshes the index now rewrites .git/index
    os.utime(root / "sites" / "lincoln" / "site.yaml", (1_577_836_800, 1_577_836_800))
    out = base / "out"
    out.mkdir()
    (out / "import.csv").write_text("period,numerator,denominator\n2026-06-22,10,20\n")
    return root, out


def read_commands(root: Path, out: Path) -> list[list[str]]:
    o = str(out)
    return [
        *[["validate", "--format", f] for f in ("text", "json", "github", "sarif", "junit", "gitlab")],
        ["validate", "--strict"], ["validate", str(root / "sites" / "lincoln")],
        ["explain"], ["explain", "NIC203"],
        ["status"], ["status", "--format", "json"], ["status", "--as-of", "2026-01-15"], ["status", "--hub"],
        ["log"], ["log", "--site", "lincoln", "--format", "markdown"], ["log", "--since", "convening/2026-01"],
        ["diff", "convening/2026-01"], ["diff", "2026-01-15", "2026-04-15", "--format", "json"],
        ["compare", "lincoln", "roosevelt"], ["compare", "--cluster", "connect", "--format", "markdown"],
        ["report", "--out", f"{o}/r.html"], ["report", "--out", f"{o}/r.md"], ["report", "--out", f"{o}/r.json"],
        ["report", "--out", f"{o}/r2.html", "--since", "convening/2026-01", "--hub"],
        ["chart", "ATT-90", "--site", "lincoln"], ["chart", "ATT-90", "--site", "lincoln", "--out", f"{o}/c.svg"],
        ["chart", "ATT-90", "--all-sites", "--out", f"{o}/all.png"], ["chart", "ATT-90", "--network", "--format", "json"],
        ["diagram"], ["diagram", "--out", f"{o}/d.svg"], ["diagram", "--format", "dot"],
        ["schema", "--out", f"{o}/schemas"],
        ["export", "--out", f"{o}/tables"], ["export", "--out", f"{o}/x.sqlite"],
        ["export", "--change-package", "CI-01", "--out", f"{o}/package"],
        ["fix", "--check"], ["migrate", "--check"],
        ["rename", "change-idea", "CI-01", "CI-99", "--dry-run"],
        ["rename", "site", "lincoln", "lincoln-hs", "--dry-run"],
        ["convening", "list"],
        ["data", "import", f"{o}/import.csv", "--measure", "ATT-90", "--site", "lincoln"],  # no --yes, no terminal
    ]


def test_read_commands_change_no_byte(example: tuple[Path, Path], tmp_path: Path,
                                      monkeypatch: pytest.MonkeyPatch) -> None:
    root, out = example
    cache = tmp_path / "cache"
    monkeypatch.setenv("XDG_CACHE_HOME", str(cache))
    monkeypatch.delenv("NICTOOLS_CACHE_DIR", raising=False)
    monkeypatch.setenv("MPLCONFIGDIR", str(tmp_path / "mpl"))
    monkeypatch.setenv("NIC_TODAY", "2026-07-01")
    before = tree_hashes(root)
    assert any(p.startswith(".git/") for p in before) and ".git/index" in before
    runner = CliRunner()
    for args in read_commands(root, out):
        result = runner.invoke(app, ["-C", str(root), *args], catch_exceptions=False)
        allowed = (2,) if args[0] == "data" else (0, 1)  # import refuses: no --yes and no terminal to ask
        assert result.exit_code in allowed, (args, result.exit_code, result.output[-1500:])
        after = tree_hashes(root)
        changed = sorted(k for k in before.keys() | after.keys() if before.get(k) != after.get(k))
        assert not changed, (args, changed[:10])
    # outputs went where they were sent, and the history cache to the user's cache folder
    assert (out / "r.html").exists() and (out / "d.svg").exists() and (out / "schemas").is_dir()
    assert (cache / "nictools").is_dir()
    # the trap was live: a plain `git status` (with optional locks) does rewrite the index
    subprocess.run(["git", "-C", str(root), "status", "--short"], capture_output=True, check=True)
    assert tree_hashes(root)[".git/index"] != before[".git/index"]


def test_read_commands_from_a_subfolder_change_no_byte(example: tuple[Path, Path], monkeypatch) -> None:
    root, _ = example
    monkeypatch.setenv("NIC_TODAY", "2026-07-01")
    before = tree_hashes(root)
    for args in (["validate"], ["status"], ["log", "--site", "lincoln"]):
        result = CliRunner().invoke(app, ["-C", str(root / "sites" / "lincoln"), *args], catch_exceptions=False)
        assert result.exit_code in (0, 1), (args, result.output)
    assert tree_hashes(root) == before
