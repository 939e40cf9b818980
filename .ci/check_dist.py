"""Check the built wheel and sdist in DIST: what they hold, and that the wheel works installed.

Run by .ci/run (and the release workflow) after `python -m build --outdir DIST`: the wheel
carries the example network, py.typed, the JSON Schemas and the licence; its metadata names the
distribution nic-toolkit, the project URLs and a classifier per Python version; the sdist carries
README, CHANGELOG, LICENSE and the whole test suite (every file under tests/) with the files the
tests read beside the package; the wheel installed into a fresh virtual environment runs
`nic --version`, starts the example network from its package data and validates it, and tests
from the unpacked sdist pass against it; `nic lsp` without the `lsp`
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
from nictools import DISTRIBUTION, REPOSITORY, __version__  # noqa: E402
from nictools.model import MODELS  # noqa: E402


def fail(message: str) -> None:
    sys.exit(f"check_dist: {message}")


# Files outside tests/ that the tests read (they skip, or fail, without them)
READ_BY_TESTS = ("README.md", "CHANGELOG.md", "LICENSE", "pyproject.toml", "action.yml", ".pre-commit-hooks.yaml",
                 ".ci/run", ".ci/check_dist.py", ".ci/actionlint.cjs", ".github/workflows/release.yml",
                 "benchmarks/generate.py", "docs/ci.md", "docs/checks.md", "docs/editors.md", "docs/format.md")
# A quick part of the suite, run from the unpacked sdist against the installed wheel
SDIST_TESTS = ("tests/integration/test_ci_docs.py", "tests/integration/test_ci_files.py", "tests/test_schemas.py")


def test_suite_files() -> set[str]:
    """Every file of the test suite in this checkout (caches left out)."""
    return {p.relative_to(PROJECT).as_posix() for p in (PROJECT / "tests").rglob("*")
            if p.is_file() and "__pycache__" not in p.parts and not p.name.endswith((".pyc", ".pyo"))
            and ".hypothesis" not in p.parts and ".pytest_cache" not in p.parts}


def check_metadata(wheel: Path) -> None:
    stem = wheel.name.split("-")[0]
    meta = zipfile.ZipFile(wheel).read(f"{stem}-{__version__}.dist-info/METADATA").decode("utf-8")
    header = meta.split("\n\n", 1)[0]
    if f"Name: {DISTRIBUTION}\n" not in header:
        fail(f"the wheel's metadata does not name the distribution {DISTRIBUTION}")
    urls = [line for line in header.splitlines() if line.startswith("Project-URL: ")]
    if len(urls) < 3 or not all(REPOSITORY in line for line in urls):
        fail(f"the wheel's project URLs are missing or not on {REPOSITORY}: {urls}")
    pythons = [line for line in header.splitlines() if line.startswith("Classifier: Programming Language :: Python :: 3.")]
    if not pythons:
        fail("the wheel has no classifier for a Python version")
    body = meta.split("\n\n", 1)[1]
    relative = [m for m in __import__("re").findall(r"\]\(([^)#]+)\)", body) if "://" not in m]
    if relative:
        fail(f"the long description (README) has relative links, broken on the package index: {relative[:5]}")


def main(dist: Path) -> None:
    stem = DISTRIBUTION.replace("-", "_")  # wheel and sdist file names normalise the name
    wheels = list(dist.glob(f"{stem}-{__version__}-*.whl"))
    sdists = list(dist.glob(f"{stem}-{__version__}.tar.gz"))
    if len(wheels) != 1 or len(sdists) != 1:
        fail(f"expected one wheel and one sdist of {__version__} in {dist}, found {wheels + sdists}")
    names = set(zipfile.ZipFile(wheels[0]).namelist())
    example = {p.relative_to(PROJECT / "src").as_posix() for p in (PROJECT / "src/nictools/example").rglob("*")
               if p.is_file()}
    wanted = example | {"nictools/py.typed", f"{stem}-{__version__}.dist-info/licenses/LICENSE"} \
        | {f"nictools/schemas_data/{kind}.schema.json" for kind in MODELS}
    if missing := sorted(wanted - names):
        fail(f"the wheel lacks {len(missing)} files, e.g. {missing[:5]}")
    check_metadata(wheels[0])
    top = f"{stem}-{__version__}/"
    members = set(tarfile.open(sdists[0]).getnames())
    if missing := sorted({top + n for n in READ_BY_TESTS} - members):
        fail(f"the sdist lacks {missing}")
    if missing := sorted({top + n for n in test_suite_files()} - members):
        fail(f"the sdist lacks {len(missing)} files of the test suite, e.g. {missing[:5]} (see MANIFEST.in)")
    if stray := sorted(m for m in members if "/.ci/node/" in m or "__pycache__" in m):
        fail(f"the sdist carries build leftovers, e.g. {stray[:5]}")

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
        if lsp.returncode != 2 or "nic-toolkit[lsp]" not in lsp.stderr or "Traceback" in lsp.stderr:
            fail(f"nic lsp without pygls exited {lsp.returncode}: {lsp.stderr!r}")
        # the sdist's tests, run against the installed wheel (pytest and ruamel come from the index)
        with tarfile.open(sdists[0]) as archive:
            archive.extractall(tmp, filter="data")
        subprocess.run([str(bin_dir / "python"), "-m", "pip", "install", "-q", "--disable-pip-version-check",
                        "pytest", "jsonschema"], check=True, env=env)
        tests = subprocess.run([str(bin_dir / "python"), "-m", "pytest", "-q", "-p", "no:cacheprovider", *SDIST_TESTS],
                               cwd=Path(tmp) / top, env=env, capture_output=True, text=True)
        if tests.returncode != 0:
            fail(f"tests from the sdist failed against the wheel:\n{tests.stdout[-3000:]}{tests.stderr[-2000:]}")
    print(f"check_dist: {wheels[0].name} ({len(names)} files) and {sdists[0].name} ({len(members)} files) are"
          f" complete (the test suite's {len(test_suite_files())} files included); the installed wheel runs"
          f" nic {__version__}, validates the example network and passes {len(SDIST_TESTS)} test files from the sdist")


if __name__ == "__main__":
    main(Path(sys.argv[1] if len(sys.argv) > 1 else "dist-ci"))
