"""Fuzzing the models: documents generated from the pydantic models themselves (so a new
field is covered without touching this file) load clean; a mutated one gives located
NIC1xx problems, never an exception.
"""

from __future__ import annotations

import datetime as dt
import io
import os
import re
import types
import typing
from typing import Any

from annotated_types import Ge, Gt, Le, Lt, MaxLen
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pydantic import BaseModel

from nictools.load.network import validate_document
from nictools.load.text import decode
from nictools.load.yaml import read_yaml
from nictools.model import MODELS
from nictools.scaffold.advance import round_trip_yaml

EXAMPLES = int(os.environ.get("NIC_FUZZ_EXAMPLES", "60"))
FAST = settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck))

text = st.text(st.characters(codec="utf-8", exclude_categories=["Cs", "Cc", "Zl", "Zp"]), min_size=1, max_size=20) \
    .filter(lambda s: s.strip() == s and s != "")
dates = st.dates(dt.date(1990, 1, 1), dt.date(2100, 1, 1)).map(dt.date.isoformat)


def _pattern_strategy(pattern: str, max_len: int) -> st.SearchStrategy[str]:
    return st.from_regex(re.compile(pattern.replace("$", r"\Z")), fullmatch=True).filter(lambda s: len(s) <= max_len)


def strategy_for(annotation: Any, metadata: list[Any] = ()) -> st.SearchStrategy[Any]:
    """Valid values for one annotation, read from the model (constraints included)."""
    origin = typing.get_origin(annotation)
    args = typing.get_args(annotation)
    if origin is typing.Annotated:
        return strategy_for(args[0], [*metadata, *args[1:]])
    if origin in (typing.Union, types.UnionType):
        return st.one_of([strategy_for(a, metadata) for a in args])
    if origin is typing.Literal:
        return st.sampled_from(args)
    if origin is list:
        return st.lists(strategy_for(args[0]), max_size=3)
    if origin is dict:
        return st.dictionaries(strategy_for(args[0]), strategy_for(args[1]), max_size=2)
    if annotation is type(None):
        return st.none()
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return model_strategy(annotation)
    pattern = next((getattr(m, "pattern", None) for m in _flat(metadata) if getattr(m, "pattern", None)), None)
    max_len = next((m.max_length for m in _flat(metadata) if isinstance(m, MaxLen)), 64)
    low = next((m.ge for m in _flat(metadata) if isinstance(m, Ge)), None)
    if annotation is str:
        return _pattern_strategy(pattern, max_len) if pattern else text
    if annotation is bool:
        return st.booleans()
    if annotation is int:
        return st.integers(min_value=low if low is not None else -1000, max_value=10_000)
    if annotation is float:  # within the field's bounds (ge/gt/le/lt), rounded as a person types
        bounds = _flat(metadata)
        above = next((m.gt for m in bounds if isinstance(m, Gt)), None)
        below = next((m.lt for m in bounds if isinstance(m, Lt)), None)
        low_f = low if low is not None else (above if above is not None else -1e6)
        high = next((m.le for m in bounds if isinstance(m, Le)), below if below is not None else 1e6)
        return st.floats(low_f, high, allow_nan=False, exclude_min=above is not None,
                         exclude_max=below is not None).map(lambda f: round(f, 4)).filter(
            lambda f: (above is None or f > above) and (below is None or f < below) and low_f <= f <= high)
    if annotation is dt.date:
        return dates
    raise AssertionError(f"no strategy for {annotation!r}: teach tests/fuzz/test_fuzz_model.py the new type")


def _flat(metadata: Any) -> list[Any]:
    out = []
    for m in metadata:
        out.append(m)
        out.extend(getattr(m, "metadata", []) or [])
    return out


def model_strategy(model: type[BaseModel]) -> st.SearchStrategy[dict[str, Any]]:
    required, optional = {}, {}
    for name, info in model.model_fields.items():
        strategy = strategy_for(info.annotation, info.metadata)
        (required if info.is_required() else optional)[name] = strategy
    return st.fixed_dictionaries(required, optional=optional)


def dump(data: dict[str, Any]) -> str:
    out = io.StringIO()
    round_trip_yaml().dump(data, out)
    return out.getvalue()


def load(source: str, kind: str) -> tuple[Any, list[Any], str]:
    path = f"{kind}.yaml"
    decoded = decode(source.encode("utf-8"), path)
    assert decoded.text is not None and not decoded.fatal, decoded.problems
    doc = read_yaml(decoded.text, path)
    assert doc.ok, doc.problems
    model, problems = validate_document(kind, doc, path)
    return model, problems, decoded.text


kinds = st.sampled_from(sorted(MODELS))


@FAST
@given(kinds.flatmap(lambda k: st.tuples(st.just(k), model_strategy(MODELS[k]))))
def test_generated_documents_validate(case: tuple[str, dict[str, Any]]) -> None:
    kind, data = case
    model, problems, _ = load(dump(data), kind)
    assert problems == [] and model is not None
    assert model == MODELS[kind].model_validate(data)


WRONG = st.sampled_from([[1, 2], {"a": 1}, "not a date or number", -5, True, None, "", "two words"])


@FAST
@given(kinds.flatmap(lambda k: st.tuples(st.just(k), model_strategy(MODELS[k]))), st.data())
def test_mutated_documents_give_located_schema_problems(case: tuple[str, dict[str, Any]], data: st.DataObject) -> None:
    kind, doc = case
    how = data.draw(st.sampled_from(["drop", "unknown", "wrong"]))
    model = MODELS[kind]
    if how == "drop":
        required = [n for n, f in model.model_fields.items() if f.is_required()]
        if not required:
            return
        doc.pop(data.draw(st.sampled_from(required)))
    elif how == "unknown":
        doc[data.draw(st.sampled_from(["titel", "id2", "notes", "Plan", "x"]))] = "value"
    else:
        doc[data.draw(st.sampled_from(sorted(model.model_fields)))] = data.draw(WRONG)
    source = dump(doc)
    try:
        model.model_validate(doc)
    except Exception:
        pass
    else:
        return  # the mutation happened to be valid (e.g. an optional field set to None)
    result, problems, decoded = load(source, kind)
    assert result is None and problems
    lines = decoded.split("\n")
    for p in problems:
        assert p.code.startswith("NIC1"), p
        assert 1 <= p.line <= len(lines), (p, source)
        assert 1 <= p.column <= len(lines[p.line - 1]) + 1, (p, source)
        assert p.message and "{" not in p.message.split("`")[0]  # words, not a dict dump


def test_every_model_field_has_a_strategy() -> None:
    for kind, model in MODELS.items():
        model_strategy(model).example()


def test_format_version_that_is_a_mapping_is_described_in_words() -> None:
    """Found by the fuzzer: the message printed the Python dict `{'a': 1}`."""
    doc = read_yaml("format: {a: 1}\nprimary: []\n", "drivers.yaml")
    _, problems = validate_document("drivers", doc, "drivers.yaml")
    assert [p.code for p in problems] == ["NIC107"]
    assert problems[0].message == "Format version a mapping of fields is not one this nic reads (it reads 1)."
    assert (problems[0].line, problems[0].column) == (1, 9)
