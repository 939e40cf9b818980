"""The JSON Schemas in schemas/ are generated from the models and must not drift."""

from __future__ import annotations

from pathlib import Path

from nictools import schemas

PROJECT_SCHEMAS = Path(__file__).resolve().parents[1] / "schemas"


def test_schemas_folder_matches_the_models() -> None:
    stale = schemas.drift(PROJECT_SCHEMAS)
    assert not stale, f"{stale} are out of date: run `nic schema --out schemas`"


def test_drift_is_detected(tmp_path: Path) -> None:
    schemas.write(tmp_path)
    assert schemas.drift(tmp_path) == []
    (tmp_path / "pdsa.schema.json").write_text("{}", encoding="utf-8")
    assert schemas.drift(tmp_path) == ["pdsa.schema.json"]
