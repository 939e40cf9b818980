"""Where the language server expects ids, and where it finds them defined (nictools.lsp.ids)."""

from __future__ import annotations

import typing
from pathlib import Path

import pytest
from pydantic import BaseModel

from nictools.load.network import load_network
from nictools.lsp import ids
from nictools.model import MODELS

EXAMPLE = Path(__file__).resolve().parents[2] / "src" / "nictools" / "example"


def _field_names(model: type[BaseModel]) -> set[str]:
    names: set[str] = set()
    todo = [model]
    while todo:
        current = todo.pop()
        for name, info in current.model_fields.items():
            names.add(name)
            stack = [info.annotation]
            while stack:
                annotation = stack.pop()
                if isinstance(annotation, type) and issubclass(annotation, BaseModel):
                    todo.append(annotation)
                stack.extend(typing.get_args(annotation))
    return names


@pytest.mark.parametrize(("kind", "name"), sorted(ids.REFERENCES))
def test_every_field_that_holds_ids_is_a_field_of_its_model(kind: str, name: str) -> None:
    assert name in _field_names(MODELS[kind]), f"{kind} has no field `{name}`: update nictools.lsp.ids.REFERENCES"


@pytest.mark.parametrize(("text", "row", "column", "key"), [
    ("change_ideas: [CI-01, CI-0]\n", 0, 25, "change_ideas"),           # a flow list
    ("plan:\n  measures:\n    - ATT\n    - \n", 3, 6, "measures"),      # a block list, nested
    ("change_ideas:\n- CI\n", 1, 4, "change_ideas"),                    # items at the key's indentation
    ("continues: \n", 0, 11, "continues"),                              # an empty value
    ("phases:\n  - measure: ATT-90\n", 1, 15, "measure"),                # a field of a list item
])
def test_the_field_at_the_cursor_is_found(text: str, row: int, column: int, key: str) -> None:
    spot = ids.spot_at(text, row, column)
    assert (spot.key, spot.in_value) == (key, True)


def test_a_key_itself_or_a_comment_is_not_a_value() -> None:
    assert not ids.spot_at("change_ideas: [CI-01]\n", 0, 3).in_value
    assert ids.spot_at("# see CI-01\n", 0, 8).key is None


def test_definitions_cover_every_kind_of_id_in_the_example() -> None:
    network, _ = load_network(EXAMPLE)
    found = ids.definitions(network)
    assert found[ids.CHANGE_IDEA]["CI-02"].path == "change-ideas/CI-02.yaml"
    assert found[ids.CYCLE]["roosevelt/C02"].path == "sites/roosevelt/pdsa/C02.yaml"
    assert found[ids.SITE]["lincoln"].path == "sites/lincoln/site.yaml"
    assert all(found[k] for k in (ids.MEASURE, ids.DRIVER, ids.AIM, ids.CLUSTER))
    driver = next(iter(found[ids.DRIVER].values()))
    assert driver.path == "drivers.yaml" and driver.line > 1
    primary = [text for text, _ in ids.choices(found, ids.PRIMARY_DRIVER, "drivers.yaml")]
    assert primary and all(found[ids.DRIVER][p].site == "primary" for p in primary)
    here = [text for text, _ in ids.choices(found, ids.CYCLE, "sites/lincoln/pdsa/C09.yaml")]
    assert "C01" in here and "roosevelt/C02" in here and "lincoln/C01" not in here
