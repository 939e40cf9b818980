"""JSON Schemas generated from the pydantic models (the single source of truth).

`nic schema --out DIR` writes them; `schemas/` in the project holds them, and a test
regenerates them and fails on any drift. Editors use them for completion through a
`# yaml-language-server: $schema=…` line or the VS Code YAML extension's settings.
"""

from __future__ import annotations

import json
from pathlib import Path

from nictools import __version__
from nictools.atomic import write_atomic

SCHEMA_BASE = "https://nictools.github.io/schemas/"


def schema_file(kind: str) -> str:
    return f"{kind}.schema.json"


def generate() -> dict[str, str]:
    """File name -> JSON text, one schema per kind of file."""
    from nictools.model import MODELS

    out = {}
    for kind, model in MODELS.items():
        schema = model.model_json_schema()
        schema = {
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "$id": SCHEMA_BASE + schema_file(kind),
            "title": schema.get("title", kind),
            **{k: v for k, v in schema.items() if k != "title"},
        }
        out[schema_file(kind)] = json.dumps(schema, indent=2, ensure_ascii=False, sort_keys=False) + "\n"
    return out


def write(folder: Path) -> list[Path]:
    """Write every schema into `folder` (atomically, one file each)."""
    return [write_atomic(folder / name, text) for name, text in generate().items()]


def drift(folder: Path) -> list[str]:
    """The schema files in `folder` that differ from the models (missing ones included)."""
    return [name for name, text in generate().items()
            if not (folder / name).is_file() or (folder / name).read_text(encoding="utf-8") != text]


__all__ = ["__version__", "drift", "generate", "schema_file", "write"]
