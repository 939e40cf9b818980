"""`change-ideas/*.yaml`: a concrete change to practice that might move a driver."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import Field

from nictools.model.base import Artifact, Id, Part, Text

Lifecycle = Literal["idea", "testing", "implementing", "ready_to_spread", "retired"]


class Material(Part):
    """A handout, protocol or slide deck that helps others carry the change out."""

    title: Text = Field(description="What the material is.", examples=["Check-in card (two prompts)"])
    link: Text = Field(description="A web address, or a path inside the repository.")


class Conditions(Part):
    """Under which conditions the change worked, learned from the cycles that tested it."""

    worked: list[Text] = Field(default_factory=list, description="Conditions where it worked.")
    did_not_work: list[Text] = Field(default_factory=list, description="Conditions where it did not.")


class ChangeIdea(Artifact):
    """A change idea: what to try, which drivers it acts on, and where it came from."""

    id: Id = Field(description="The change idea's id, unique in the network; its YAML carries it as its name (CI-07.yaml).", examples=["CI-07"])
    title: Text = Field(description="A short name for the change.", examples=["Two-minute weekly check-ins"])
    description: Text = Field(description="What the change to practice is, concretely enough for another site to try it.")
    drivers: list[Id] = Field(description="Ids of the secondary (or primary) drivers it acts on (in drivers.yaml).",
                              examples=[["SD1"]])
    origin_site: Id | None = Field(None, description="The site where the idea came from, if any.")
    status: Lifecycle = Field("idea", description="Where it stands: `idea`, `testing`, `implementing`, "
                              "`ready_to_spread` (ready for other sites) or `retired` (the id stays reserved).")
    retired_on: dt.date | None = Field(None, description="When it was retired; cycles planned after this date should not use it. The id stays reserved forever.")
    adapted_from: Id | None = Field(None, description="The change idea this one adapts.")
    evidence: Text | None = Field(None, description="Where the idea comes from: research, practice, another network.")
    materials: list[Material] = Field(default_factory=list, description="Materials that help carry the change out, each with a title and where to find it.")
    conditions: Conditions | None = Field(None, description="Conditions where it worked and where it did not.")
