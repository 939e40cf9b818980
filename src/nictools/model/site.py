"""`sites/<site>/site.yaml`: a school, district or university in the network."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import Field

from nictools.model.base import Artifact, Id, Part, Text


class Context(Part):
    level: Literal["elementary", "middle", "high", "k12", "district", "postsecondary", "other"]
    size_band: Literal["small", "medium", "large"]
    setting: Literal["urban", "suburban", "rural", "town"] | None = None
    notes: Text | None = None


class TeamMember(Part):
    """A staff member's role (adults only: never students)."""

    role: Text
    name: Text | None = Field(None, description="Leave empty while the role is vacant.")


class Phase(Part):
    """A new phase of a measure's chart at this site, and why (the change adopted)."""

    measure: Id
    start: dt.date = Field(description="The first period of the new phase.")
    reason: Text
    change_idea: Id | None = None


class Site(Artifact):
    """One site: its context, team and focus."""

    id: Id
    name: Text
    cluster: Id | None = None
    context: Context
    joined: dt.date
    cohort: Text | None = Field(None, description="The cohort the site joined with, e.g. '2024'.")
    status: Literal["active", "paused", "withdrawn"] = "active"
    coach: Text | None = None
    team: list[TeamMember] = Field(default_factory=list)
    focus_drivers: list[Id] = Field(default_factory=list)
    phases: list[Phase] = Field(default_factory=list)
    ask: Text | None = Field(None, description="What the team asks of the network right now.")
