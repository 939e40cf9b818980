"""Where the bundled example is, for tests that copy it."""

from pathlib import Path

EXAMPLE = Path(__file__).resolve().parents[2] / "src" / "nictools" / "example"
