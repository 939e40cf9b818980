"""Check the built wheel and sdist in DIST: what they hold, and that the wheel works installed.

Run by .ci/run after `python -m build --outdir DIST`: the wheel carries the example network,
py.typed, the JSON Schemas and the licence; the sdist carries README, CHANGELOG and LICENSE;
and the wheel installed into a fresh virtual environment runs `nic --version`, starts the
example network from its package data and validates it, and `nic lsp` without the `lsp`
extra says how to install it. Usage: python .ci/check_dist.py DIST
"""

from __future__ import annotations

import os
import subprocess
import sys
import tarfile
import tempfile
import venv
import zipfile
from pathlib import Path

PROJECT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(PROJECT / "src"))
from nictools import __version__  # noqa: E402
from nictools.model import MODELS  # noqa: E402


def fail(message: str) -> None:
    sys.exit(f"check_dist: {message}")


def main(dist: Path) -> None:
    wheels = list(dist.glob(f"nictools-{__version__}-*.whl"))
    sdists = list(dist.glob(f"nictools-{__version__}.tar.gz"))
    if len(wheels) != 1 or len(sdists) != 1:
        fail(f"expected one wheel and one sdist of {__version__} in {dist}, found {wheels + sdists}")
    names = set(zipfile.ZipFile(wheels[0]).namelist())
    example = {p.relative_to(PROJECT / "src").as_posix() for p in (PROJECT / "src/nictools/example").rglob("*")
               if p.is_file()}
    wanted = example | {"nictools/py.typed", f"nictools-{__version__}.dist-info/licenses/LICENSE"} \
        | {f"nictools/schemas_data/{kind}.schema.json" for kind in MODELS}
    if missing := sorted(wanted - names):
        fail(f"the wheel lacks {len(missing)} files, e.g. {missing[:5]}")
    top = f"nictools-{__version__}/"
    members = set(tarfile.open(sdists[0]).getnames())
    if missing := sorted({top + n for n in ("README.md", "CHANGELOG.md", "LICENSE", "pyproject.toml")} - members):
        fail(f"the sdist lacks {missing}")

    with tempfile.TemporaryDirectory() as tmp:
        env_dir = Path(tmp) / "venv"
        venv.create(env_dir, with_pip=True)
        bin_dir = env_dir / ("Scripts" if os.name == "nt" else "bin")
        env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
        env["NIC_TODAY"] = "2026-07-01"
        subprocess.run([str(bin_dir / "python"), "-m", "pip", "install", "-q", "--disable-pip-version-check",
                        str(wheels[0])], check=True, env=env)
        nic = str(bin_dir / "nic")
        out = subprocess.run([nic, "--version"], capture_output=True, text=True, check=True, env=env, cwd=tmp)
        if out.stdout.strip() != f"nic (nictools) {__version__}":
            fail(f"nic --version said {out.stdout!r}")
        subprocess.run([nic, "init", "--example", "example"], check=True, env=env, cwd=tmp, stdout=subprocess.DEVNULL)
        subprocess.run([nic, "-C", "example", "--quiet", "validate"], check=True, env=env, cwd=tmp)
        # the language server is the optional `lsp` extra: without it, `nic lsp` says how to install it
        lsp = subprocess.run([nic, "lsp"], capture_output=True, text=True, env=env, cwd=tmp,
                             stdin=subprocess.DEVNULL, timeout=60)
        if lsp.returncode != 2 or "nictools[lsp]" not in lsp.stderr or "Traceback" in lsp.stderr:
            fail(f"nic lsp without pygls exited {lsp.returncode}: {lsp.stderr!r}")
    print(f"check_dist: {wheels[0].name} ({len(names)} files) and {sdists[0].name} ({len(members)} files) are"
          f" complete; the installed wheel runs nic {__version__} and validates the example network")


if __name__ == "__main__":
    main(Path(sys.argv[1] if len(sys.argv) > 1 else "dist-ci"))
