"""`change-ideas/*.yaml`: a concrete change to practice that might move a driver."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import Field

from nictools.model.base import Artifact, Id, Part, Text

Lifecycle = Literal["idea", "testing", "implementing", "ready_to_spread", "retired"]


class Material(Part):
    title: Text
    link: Text = Field(description="A web address, or a path inside the repository.")


class Conditions(Part):
    worked: list[Text] = Field(default_factory=list, description="Conditions where it worked.")
    did_not_work: list[Text] = Field(default_factory=list, description="Conditions where it did not.")


class ChangeIdea(Artifact):
    """A change idea: what to try, which drivers it acts on, and where it came from."""

    id: Id
    title: Text
    description: Text
    drivers: list[Id] = Field(description="Secondary (or primary) drivers it acts on.")
    origin_site: Id | None = Field(None, description="The site where the idea came from, if any.")
    status: Lifecycle = "idea"
    retired_on: dt.date | None = Field(None, description="When it was retired; cycles planned after this date should not use it. The id stays reserved forever.")
    adapted_from: Id | None = Field(None, description="The change idea this one adapts.")
    evidence: Text | None = Field(None, description="Where the idea comes from: research, practice, another network.")
    materials: list[Material] = Field(default_factory=list)
    conditions: Conditions | None = None
