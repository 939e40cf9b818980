"""NIC109: required text left empty, such as a template's `objective: ""`.

`nic new` writes every field with an empty value for the team to fill in. A required
field that is still `""` parses, so the schema alone lets it pass; this check walks the
models (not the YAML) so every required text field of every artifact is covered,
including fields added later.
"""

from __future__ import annotations

from typing import Any, Iterator

from pydantic import BaseModel

from nictools.catalogue import make_problem
from nictools.checks.registry import file_check
from nictools.load.yaml import format_pointer
from nictools.model.network import Record
from nictools.problems import Problem


def _fields(model_type: type[BaseModel]) -> list[tuple[str, bool, str | None]]:
    """(name, required, description) of a model's fields, read once per model class."""
    found = _FIELDS.get(model_type)
    if found is None:
        found = _FIELDS[model_type] = [(name, field.is_required(), field.description)
                                       for name, field in model_type.model_fields.items()]
    return found


_FIELDS: dict[type, list[tuple[str, bool, str | None]]] = {}


def empty_required_text(model: BaseModel, pointer: tuple = ()) -> Iterator[tuple[tuple, str | None]]:
    """(pointer, field description) of each required text field holding only whitespace."""
    values = model.__dict__
    for name, required, description in _fields(type(model)):
        value = values.get(name)
        if isinstance(value, str):
            if required and not value.strip():
                yield (*pointer, name), description
        elif isinstance(value, BaseModel):
            yield from empty_required_text(value, (*pointer, name))
        elif isinstance(value, list):
            for i, item in enumerate(value):
                if isinstance(item, BaseModel):
                    yield from empty_required_text(item, (*pointer, name, i))


@file_check("NIC109")
def required_text_filled(rec: Record[Any], text: str | None = None) -> Iterator[Problem]:
    """Required text fields that are still empty."""
    for pointer, description in empty_required_text(rec.model):
        line, col, eline, ecol = rec.doc.locate(pointer)
        field = format_pointer(pointer)
        hint = f"Fill in `{pointer[-1]}`" + (f": {description.rstrip('.')}" if description else "") + "."
        items = [i for i, part in enumerate(pointer) if isinstance(part, int)]
        if items:
            listed = pointer[items[-1] - 1]
            hint += f" If this entry of `{listed}` is not needed, delete it."
        yield make_problem("NIC109", rec.path, line, col, f"`{field}` is required but still empty.", hint=hint,
                           pointer=field, end_line=eline, end_column=ecol)
