"""The shipped JSON Schemas accept every file of the example network and refuse bad ones,
as an editor using them would (YAML 1.2 read, dates as strings, then JSON Schema)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from nictools import schemas
from nictools.load.yaml import read_yaml
from nictools.network import list_files

jsonschema = pytest.importorskip("jsonschema")

EXAMPLE = Path(__file__).resolve().parents[2] / "src" / "nictools" / "example"
KINDS = {"network", "drivers", "aim", "measure", "change-idea", "site", "pdsa"}
YAML_FILES = [f for f in list_files(EXAMPLE).files if f.kind in KINDS]


def errors(kind: str, text: str) -> list[Any]:
    doc = read_yaml(text, "file.yaml")
    assert doc.ok, doc.problems
    validator = jsonschema.Draft202012Validator(schemas.packaged(kind),
                                                format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER)
    return sorted(validator.iter_errors(doc.data), key=lambda e: e.json_path)


def test_the_example_has_every_kind_of_file() -> None:
    assert {schemas.schema_file(f.kind) for f in YAML_FILES} == set(schemas.generate())
    assert len(YAML_FILES) > 80


@pytest.mark.parametrize("file", YAML_FILES, ids=lambda f: f.path)
def test_every_example_file_matches_its_schema(file: Any) -> None:
    found = errors(file.kind, (EXAMPLE / file.path).read_text(encoding="utf-8"))
    assert not found, [f"{e.json_path}: {e.message}" for e in found]


GOOD_PDSA = (EXAMPLE / "sites" / "lincoln" / "pdsa" / "C01.yaml").read_text(encoding="utf-8")
GOOD_AIM = (EXAMPLE / "aims" / "network-aim.yaml").read_text(encoding="utf-8")

BAD = [
    # kind, text, the JSON path of the error, what the schema says
    ("pdsa", GOOD_PDSA.replace("title: Roosevelt", "titel: Roosevelt"), "$", "Additional properties"),
    ("pdsa", GOOD_PDSA.replace("    teachers: 1\n", "    teachers: one\n", 1), "$.plan.scale", "is not valid"),
    ("pdsa", GOOD_PDSA.replace("recorded_on: 2025-10-16", "recorded_on: 16/10/2025"), "$.plan.recorded_on",
     "is not valid"),
    ("pdsa", GOOD_PDSA.replace("purpose: test", "purpose: guess"), "$.purpose", "is not one of"),
    ("aim", GOOD_AIM.replace("id: network-aim\n", ""), "$", "'id' is a required property"),
]


@pytest.mark.parametrize(("kind", "text", "where", "says"), BAD, ids=[f"{b[0]}-{b[3]}" for b in BAD])
def test_bad_files_are_refused_where_the_mistake_is(kind: str, text: str, where: str, says: str) -> None:
    found = errors(kind, text)
    assert found, "the schema accepted a bad file"
    assert any(e.json_path == where and says in e.message for e in found), \
        [f"{e.json_path}: {e.message}" for e in found]


def test_docs_show_the_settings_nic_init_writes() -> None:
    import json
    import re

    from nictools.scaffold.init import repository_files

    doc = (EXAMPLE.parents[2] / "docs" / "editors.md").read_text(encoding="utf-8")
    [block] = [b for b in re.findall(r"```json\n(.*?)```", doc, re.S) if '"yaml.schemas"' in b]
    assert json.loads(block) == json.loads(repository_files("")[".vscode/settings.json"])
    assert json.loads(block)["yaml.schemas"] == schemas.editor_mapping()
