"""`drivers.yaml`: the driver diagram, the network's theory of improvement."""

from __future__ import annotations

import datetime as dt

from pydantic import Field

from nictools.model.base import Artifact, Id, Part, Status, Text


class PrimaryDriver(Part):
    id: Id
    title: Text
    description: Text | None = None
    status: Status = "active"
    retired_on: dt.date | None = Field(None, description="When it was retired (the id stays reserved forever).")


class SecondaryDriver(Part):
    id: Id
    title: Text
    description: Text | None = None
    primary_drivers: list[Id] = Field(description="The primary drivers this one feeds (many-to-many).")
    status: Status = "active"
    retired_on: dt.date | None = Field(None, description="When it was retired (the id stays reserved forever).")


class Revision(Part):
    """A dated edit of the diagram and why it was made."""

    date: dt.date
    summary: Text
    reason: Text


class DriverDiagram(Artifact):
    """Aim -> primary drivers -> secondary drivers (change ideas link to drivers)."""

    aim: Id | None = Field(None, description="The aim the diagram serves.")
    primary: list[PrimaryDriver]
    secondary: list[SecondaryDriver] = Field(default_factory=list)
    revisions: list[Revision] = Field(default_factory=list)
