"""Every template has every required field of its model, reads back valid, and comments its fields."""

from __future__ import annotations

import datetime as dt
import typing

import pytest
from pydantic import BaseModel

from nictools.load.network import validate_document
from nictools.load.yaml import read_yaml
from nictools.model import MODELS
from nictools.scaffold import templates as t

DAY = dt.date(2025, 10, 15)
TEMPLATES = {
    "network": lambda: t.network_nodes("Test Network", "Test Hub"),
    "drivers": t.drivers_nodes,
    "site": lambda: t.site_nodes("lincoln", "Lincoln High School", "high", "medium", DAY),
    "aim": lambda: t.aim_nodes("network-aim", "On track", "By June, more.", "ATT-90"),
    "measure": lambda: t.measure_nodes("ATT-90", "Attending", "outcome", "proportion", "percent", "weekly", "up"),
    "change-idea": lambda: t.change_idea_nodes("CI-01", "Exit tickets", ["S1"]),
    "pdsa": lambda: t.cycle_nodes("C01", "Exit tickets: one advisory", DAY, change_ideas=["CI-01"]),
}


def _model_in(annotation: typing.Any) -> type[BaseModel] | None:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in typing.get_args(annotation):
        if (found := _model_in(arg)) is not None:
            return found
    return None


def missing_required(model: type[BaseModel], data: typing.Any, where: str = "") -> list[str]:
    """Required fields absent from `data`, nested models included (present ones, or required ones)."""
    out = []
    for name, info in model.model_fields.items():
        if info.is_required() and (not isinstance(data, dict) or name not in data):
            out.append(where + name)
            continue
        inner = _model_in(info.annotation)
        value = data.get(name) if isinstance(data, dict) else None
        if inner is not None and isinstance(value, dict):
            out += missing_required(inner, value, f"{where}{name}.")
        if inner is not None and isinstance(value, list):
            for i, item in enumerate(value):
                out += missing_required(inner, item, f"{where}{name}[{i}].")
    return out


@pytest.mark.parametrize("kind", sorted(TEMPLATES))
def test_template_has_every_required_field_and_reads_back_valid(kind: str) -> None:
    text = t.render(TEMPLATES[kind]())
    doc = read_yaml(text, f"{kind}.yaml")
    assert doc.problems == []
    assert missing_required(MODELS[kind], doc.data) == []
    model, problems = validate_document(kind, doc, f"{kind}.yaml")
    assert problems == [] and model is not None


@pytest.mark.parametrize("kind", ["site", "aim", "measure", "change-idea", "pdsa"])
def test_every_top_level_field_has_a_comment_above_it(kind: str) -> None:
    lines = t.render(TEMPLATES[kind]()).splitlines()
    for i, line in enumerate(lines):
        if line and not line.startswith(("#", " ")):
            assert i > 0 and lines[i - 1].lstrip().startswith("#") or lines[i - 1] == "" and lines[i - 2].startswith("#"), line


def test_templates_say_no_student_names() -> None:
    assert "No student names" in t.render(TEMPLATES["pdsa"]())
    assert "No student names" in t.render(TEMPLATES["site"]())


@pytest.mark.parametrize("value", ["yes", "No", "12", "2025-01-01", "a: b", "# x", "[x]", "-x", "ok #tag", "", "x'y", "null", "é"])
def test_scalar_reads_back_as_the_same_text(value: str) -> None:
    doc = read_yaml(f"k: {t.scalar(value)}\nl: {t.scalar([value, 'b'])}\n", "x.yaml")
    assert doc.data == {"k": value, "l": [value, "b"]}
