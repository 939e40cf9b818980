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


def _properties(node: object, where: str = "") -> list[tuple[str, dict]]:
    """Every (pointer, property schema) under a `properties` keyword, nested definitions included."""
    found: list[tuple[str, dict]] = []
    if isinstance(node, dict):
        for name, prop in (node.get("properties") or {}).items():
            found.append((f"{where}.{name}", prop))
        for key, value in node.items():
            found.extend(_properties(value, f"{where}/{key}" if key != "properties" else where))
    elif isinstance(node, list):
        for item in node:
            found.extend(_properties(item, where))
    return found


@pytest.mark.parametrize("name", sorted(schemas.generate()))
def test_every_property_has_a_description(name: str) -> None:
    """An editor shows the description on hover: a property without one shows only its title."""
    import json

    schema = json.loads(schemas.generate()[name])
    found = _properties(schema)
    assert found
    bare = [where for where, prop in found if not str(prop.get("description", "")).strip()]
    assert bare == [], f"{name}: no description for {bare}"


def test_the_fields_people_edit_most_say_what_they_mean() -> None:
    pdsa, measure = schemas.packaged("pdsa"), schemas.packaged("measure")
    for stage in ("plan", "do", "study", "act"):
        assert "predict" in pdsa["properties"][stage]["description"] or stage != "plan"
        assert len(pdsa["properties"][stage]["description"]) > 40
    assert "balancing" in measure["properties"]["type"]["description"]
    assert "proportion" in measure["properties"]["calculation"]["description"]


@pytest.mark.parametrize("name", sorted(schemas.generate()))
def test_every_example_fits_its_property(name: str) -> None:
    """An example an editor offers is itself valid where it is offered."""
    import json

    import jsonschema

    schema = json.loads(schemas.generate()[name])
    for where, prop in _properties(schema):
        for example in prop.get("examples", []):
            jsonschema.validate(example, {**prop, "$defs": schema.get("$defs", {})},
                                format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER)


def test_ids_are_stable_urls_of_the_files_on_the_main_branch() -> None:
    import json

    for name, text in schemas.generate().items():
        assert json.loads(text)["$id"] == f"https://raw.githubusercontent.com/nictools/nictools/main/schemas/{name}"


def test_the_schemastore_catalog_entry_is_current_and_well_formed() -> None:
    import json

    import jsonschema

    on_disk = (PROJECT_SCHEMAS / schemas.CATALOG_FILE).read_text(encoding="utf-8")
    assert on_disk == schemas.catalog(), "schemas/catalog.json is out of date: regenerate it from nictools.schemas.catalog()"
    entry_shape = {  # the shape of an entry in SchemaStore's src/api/json/catalog.json
        "type": "object", "required": ["name", "description", "url"], "additionalProperties": False,
        "properties": {"name": {"type": "string", "minLength": 1}, "description": {"type": "string", "minLength": 1},
                       "fileMatch": {"type": "array", "minItems": 1, "items": {"type": "string"}},
                       "url": {"type": "string", "pattern": "^https://"}}}
    entries = json.loads(on_disk)["schemas"]
    for entry in entries:
        jsonschema.validate(entry, entry_shape)
    ids = {json.loads(text)["$id"] for text in schemas.generate().values()}
    assert {e["url"] for e in entries} == ids
    assert {g for e in entries for g in e.get("fileMatch", [])} >= {"**/sites/*/pdsa/*.yaml", "**/change-ideas/*.yaml"}


def test_catalog_globs_match_the_example_network_and_nothing_generic() -> None:
    from fnmatch import fnmatch

    example = Path(nictools.__file__).resolve().parent / "example"
    for kind, globs in schemas.CATALOG_GLOBS.items():
        for glob in globs:
            pattern = glob.replace("**/", "*/")
            hits = [p for p in example.rglob("*") if fnmatch("x/" + p.relative_to(example).as_posix(), pattern)]
            assert hits or glob.endswith(".yml"), glob
            assert not fnmatch("x/config/network.yaml", pattern) and not fnmatch("x/docker-compose.yaml", pattern)
