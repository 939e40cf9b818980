"""`drivers.yaml`: the driver diagram, the network's theory of improvement."""

from __future__ import annotations

import datetime as dt

from pydantic import Field

from nictools.model.base import Artifact, Id, Part, Status, Text


class PrimaryDriver(Part):
    """A primary driver: a main lever that moves the aim."""

    id: Id = Field(description="The driver's id, unique among all drivers.", examples=["PD1"])
    title: Text = Field(description="The driver in a few words.", examples=["Students feel known by an adult"])
    description: Text | None = Field(None, description="More about the driver, in plain words.")
    status: Status = Field("active", description="`active`, `proposed` or `retired` (the id stays reserved).")
    retired_on: dt.date | None = Field(None, description="When it was retired (the id stays reserved forever).")


class SecondaryDriver(Part):
    """A secondary driver: a part of the system that feeds one or more primary drivers."""

    id: Id = Field(description="The driver's id, unique among all drivers.", examples=["SD1"])
    title: Text = Field(description="The driver in a few words.", examples=["Regular one-to-one contact"])
    description: Text | None = Field(None, description="More about the driver, in plain words.")
    primary_drivers: list[Id] = Field(description="Ids of the primary drivers this one feeds (many-to-many).",
                                      examples=[["PD1"]])
    status: Status = Field("active", description="`active`, `proposed` or `retired` (the id stays reserved).")
    retired_on: dt.date | None = Field(None, description="When it was retired (the id stays reserved forever).")


class Revision(Part):
    """A dated edit of the diagram and why it was made."""

    date: dt.date = Field(description="When the diagram was changed (YYYY-MM-DD).", examples=["2025-01-15"])
    summary: Text = Field(description="What changed.", examples=["Split PD2 into two secondary drivers"])
    reason: Text = Field(description="Why: what the network learned.")


class DriverDiagram(Artifact):
    """Aim -> primary drivers -> secondary drivers (change ideas link to drivers)."""

    aim: Id | None = Field(None, description="The aim the diagram serves.")
    primary: list[PrimaryDriver] = Field(description="The primary drivers: the main levers that move the aim.")
    secondary: list[SecondaryDriver] = Field(default_factory=list, description="The secondary drivers, each naming "
                                             "the primary drivers it feeds; change ideas name these.")
    revisions: list[Revision] = Field(default_factory=list, description="Dated edits of the diagram and why they "
                                      "were made: the theory evolves as the network learns.")
