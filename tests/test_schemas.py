"""The JSON Schemas are generated from the models and must not drift, in either copy:
schemas/ at the top of the project and schemas_data/ inside the package (shipped in the wheel)."""

from __future__ import annotations

from pathlib import Path

import pytest

import nictools
from nictools import schemas

PROJECT_SCHEMAS = Path(__file__).resolve().parents[1] / "schemas"
PACKAGED_SCHEMAS = Path(nictools.__file__).resolve().parent / schemas.PACKAGED_FOLDER


@pytest.mark.parametrize("folder", [PROJECT_SCHEMAS, PACKAGED_SCHEMAS], ids=["schemas", "schemas_data"])
def test_schema_folder_matches_the_models(folder: Path) -> None:
    stale = schemas.drift(folder)
    assert not stale, f"{stale} are out of date: run `nic schema --out {folder}`"


def test_packaged_schemas_are_read_through_the_package() -> None:
    assert sorted(p.name for p in schemas.packaged_folder().iterdir() if p.name.endswith(".json")) \
        == sorted(schemas.generate())
    assert schemas.packaged("pdsa")["$id"] == schemas.SCHEMA_BASE + "pdsa.schema.json"


def test_drift_is_detected(tmp_path: Path) -> None:
    schemas.write(tmp_path)
    assert schemas.drift(tmp_path) == []
    (tmp_path / "pdsa.schema.json").write_text("{}", encoding="utf-8")
    assert schemas.drift(tmp_path) == ["pdsa.schema.json"]
