"""Start-up stays light: help, version and validate import no heavy module."""

from __future__ import annotations

import subprocess
import sys

import pytest

HEAVY = ("matplotlib", "git", "numpy")

PROBE = """
import sys
from nictools.cli.main import app
try:
    app({args!r}, prog_name="nic", standalone_mode=False)
except SystemExit:
    pass
except Exception:
    pass
print("HEAVY:" + ",".join(m for m in {heavy!r} if m in sys.modules))
"""


@pytest.mark.parametrize("args", [["--help"], ["--version"], ["validate", "--help"], ["-C", "{root}", "validate"]])
def test_light_commands_import_no_heavy_module(args: list[str], make_network) -> None:
    root = make_network()
    args = [a.replace("{root}", str(root)) for a in args]
    out = subprocess.run([sys.executable, "-c", PROBE.format(args=args, heavy=HEAVY)],
                         capture_output=True, text=True, check=True)
    assert out.stdout.strip().splitlines()[-1] == "HEAVY:", f"{args} imported {out.stdout.strip()}"


def test_python_dash_m_and_version() -> None:
    out = subprocess.run([sys.executable, "-m", "nictools", "--version"], capture_output=True, text=True, check=True)
    assert out.stdout.startswith("nic (nictools) ")
