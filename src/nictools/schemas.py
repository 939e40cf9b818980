"""JSON Schemas generated from the pydantic models (the single source of truth).

`nic schema --out DIR` writes them. Two generated copies are kept: `schemas/` at the top
of the project (for links and for tools that read the repository) and
`nictools/schemas_data/` inside the package (so an installed nic carries them; see
`packaged()`). A test regenerates both and fails on any drift. Editors use them for
completion through a `# yaml-language-server: $schema=…` line or the VS Code YAML
extension's `yaml.schemas` setting (docs/editors.md).
"""

from __future__ import annotations

import json
from importlib.resources import files
from importlib.resources.abc import Traversable
from pathlib import Path

from nictools import __version__
from nictools.atomic import write_atomic

#: Every schema's `$id` is this base + its file name: the file in `schemas/` on the repository's
#: main branch, so an `$id` is also where the schema can be fetched (SchemaStore's catalog `url`).
SCHEMA_BASE = "https://raw.githubusercontent.com/nictools/nictools/main/schemas/"
#: The SchemaStore catalog entries, kept beside the schemas at the top of the project.
CATALOG_FILE = "catalog.json"
#: the package folder holding the generated schemas (package data, shipped in the wheel)
PACKAGED_FOLDER = "schemas_data"


#: the files each schema describes, as globs from the network's folder (VS Code's `yaml.schemas`)
FILE_GLOBS: dict[str, tuple[str, ...]] = {
    "network": ("network.yaml", "network.yml"),
    "drivers": ("drivers.yaml", "drivers.yml"),
    "aim": ("aims/*.yaml", "aims/*.yml"),
    "measure": ("measures/*.yaml", "measures/*.yml"),
    "change-idea": ("change-ideas/*.yaml", "change-ideas/*.yml"),
    "site": ("sites/*/site.yaml", "sites/*/site.yml"),
    "pdsa": ("sites/*/pdsa/*.yaml", "sites/*/pdsa/*.yml"),
}


#: What each kind of file is, in SchemaStore's catalog.
DESCRIPTIONS: dict[str, str] = {
    "network": "A networked improvement community's network.yaml (nictools): name, hub, clusters, calendar, settings",
    "drivers": "A networked improvement community's driver diagram, drivers.yaml (nictools)",
    "aim": "An aim of a networked improvement community (nictools aims/*.yaml)",
    "measure": "A measure's operational definition (nictools measures/*.yaml)",
    "change-idea": "A change idea of a networked improvement community (nictools change-ideas/*.yaml)",
    "site": "A site of a networked improvement community (nictools sites/<site>/site.yaml)",
    "pdsa": "A PDSA cycle: plan, do, study, act (nictools sites/<site>/pdsa/*.yaml)",
}

#: The globs offered to SchemaStore, matched anywhere in a path. Only paths specific enough not to
#: match other projects' files: a bare `network.yaml`, `drivers.yaml`, `aims/*.yaml` or
#: `measures/*.yaml` would put nictools' schema on unrelated files, so those kinds carry no
#: fileMatch there (editors pick them up from the settings `nic init` writes, or the `$schema` line).
CATALOG_GLOBS: dict[str, tuple[str, ...]] = {
    "network": (),
    "drivers": (),
    "aim": (),
    "measure": (),
    "change-idea": ("**/change-ideas/*.yaml", "**/change-ideas/*.yml"),
    "site": ("**/sites/*/site.yaml", "**/sites/*/site.yml"),
    "pdsa": ("**/sites/*/pdsa/*.yaml", "**/sites/*/pdsa/*.yml"),
}


def catalog() -> str:
    """The SchemaStore catalog entries (`schemas` of its catalog.json) for every schema, as JSON text."""
    entries = []
    for kind in FILE_GLOBS:
        entry: dict[str, object] = {"name": f"nictools {kind}", "description": DESCRIPTIONS[kind]}
        if CATALOG_GLOBS[kind]:
            entry["fileMatch"] = list(CATALOG_GLOBS[kind])
        entry["url"] = SCHEMA_BASE + schema_file(kind)
        entries.append(entry)
    return json.dumps({"schemas": entries}, indent=2, ensure_ascii=False) + "\n"


def schema_file(kind: str) -> str:
    return f"{kind}.schema.json"


def editor_mapping(prefix: str = "") -> dict[str, list[str]]:
    """The `yaml.schemas` setting for a network at `prefix` ('' or 'folder/') in the editor's workspace:
    schema file (relative to the workspace, in the network's schemas/) -> the globs of its files."""
    return {f"./{prefix}schemas/{schema_file(kind)}": [prefix + g for g in globs] for kind, globs in FILE_GLOBS.items()}


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


def packaged_folder() -> Traversable:
    """The schemas shipped inside the installed package."""
    return files("nictools") / PACKAGED_FOLDER


def packaged(kind: str) -> dict[str, object]:
    """The shipped JSON Schema of one kind of file (`aim`, `pdsa`, ...)."""
    data: dict[str, object] = json.loads((packaged_folder() / schema_file(kind)).read_text(encoding="utf-8"))
    return data


__all__ = ["CATALOG_FILE", "CATALOG_GLOBS", "FILE_GLOBS", "catalog", "PACKAGED_FOLDER", "editor_mapping", "__version__", "drift", "generate", "packaged", "packaged_folder", "schema_file", "write"]
