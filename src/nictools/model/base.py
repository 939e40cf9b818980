"""Shared pieces of every artifact model: strictness, ids, the format version."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field

FORMAT_VERSION = 1
ID_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9_.-]*$"


def _number_to_text(value: Any) -> Any:
    """`id: 7` or `title: 3.5` in YAML is a number; these fields are text, so accept it as text."""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return str(value)
    return value


Id = Annotated[
    str,
    BeforeValidator(_number_to_text),
    Field(pattern=ID_PATTERN, max_length=64, description="Letters, digits, `-`, `_` and `.`; for example CI-07."),
]
#: A link to a PDSA cycle: `C03` at the same site, or `site/C03` at another site.
CycleRef = Annotated[
    str,
    BeforeValidator(_number_to_text),
    Field(pattern=r"^([A-Za-z0-9][A-Za-z0-9_.-]*/)?[A-Za-z0-9][A-Za-z0-9_.-]*$", max_length=130,
          description="A cycle id (`C03`) or another site's cycle (`roosevelt/C03`)."),
]
Text = Annotated[str, BeforeValidator(_number_to_text)]
Status = Literal["active", "proposed", "retired"]


class Artifact(BaseModel):
    """Strict: an unknown field is a problem (usually a typo), never silently kept."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, populate_by_name=False, allow_inf_nan=False)

    format: Literal[1] | None = Field(
        None, description="The format version of this file; `nic migrate` upgrades older files."
    )


class Part(BaseModel):
    """A nested part of an artifact: strict like the artifact itself."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, allow_inf_nan=False)
