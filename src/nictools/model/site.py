"""`sites/<site>/site.yaml`: a school, district or university in the network."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import Field

from nictools.model.base import Artifact, Id, Part, Text


class Context(Part):
    """What kind of place the site is; reports compare sites under like conditions."""

    level: Literal["elementary", "middle", "high", "k12", "district", "postsecondary", "other"] = Field(
        description="The kind of site: a school's level, a district or a postsecondary institution.", examples=["high"])
    size_band: Literal["small", "medium", "large"] = Field(description="Its size, in broad bands (no exact enrolment).")
    setting: Literal["urban", "suburban", "rural", "town"] | None = Field(None, description="Where it is.")
    notes: Text | None = Field(None, description="Anything else about the context that matters for spread.")


class TeamMember(Part):
    """A staff member's role (adults only: never students)."""

    role: Text = Field(description="The role in the team.", examples=["Ninth-grade team lead"])
    name: Text | None = Field(None, description="Leave empty while the role is vacant.")


class Phase(Part):
    """A new phase of a measure's chart at this site, and why (the change adopted)."""

    measure: Id = Field(description="The id of the measure whose chart starts a new phase.", examples=["ATT-90"])
    start: dt.date = Field(description="The first period of the new phase.")
    reason: Text = Field(description="Why: the sustained shift and what the team changed.")
    change_idea: Id | None = Field(None, description="The id of the change idea adopted, if one was.")


class Site(Artifact):
    """One site: its context, team and focus."""

    id: Id = Field(description="The site's id: the same as its folder's name under sites/.", examples=["lincoln"])
    name: Text = Field(description="The site's full name.", examples=["Lincoln High School"])
    cluster: Id | None = Field(None, description="The id of its cluster (in network.yaml), if any.")
    context: Context = Field(description="The site's level, size and setting.")
    joined: dt.date = Field(description="When the site joined the network (YYYY-MM-DD).", examples=["2024-08-15"])
    cohort: Text | None = Field(None, description="The cohort the site joined with, e.g. '2024'.")
    status: Literal["active", "paused", "withdrawn"] = Field("active", description="`active`, `paused` or `withdrawn`. "
                                                             "A withdrawn site is left out of the report's tiles, "
                                                             "small multiples, funnel and quiet list, and listed once "
                                                             "as withdrawn (`nic site withdraw`).")
    withdrawn_on: dt.date | None = Field(None, description="When the site left the network (YYYY-MM-DD).")
    withdrawn_reason: Text | None = Field(None, description="Why the site left the network, in plain words.",
                                          examples=["Merged with Eastside Hospital"])
    coach: Text | None = Field(None, description="The improvement coach who supports the team.")
    team: list[TeamMember] = Field(default_factory=list, description="The staff roles in the site's team (adults only).")
    focus_drivers: list[Id] = Field(default_factory=list, description="Ids of the drivers the site works on.",
                                    examples=[["SD1"]])
    phases: list[Phase] = Field(default_factory=list, description="New phases of this site's charts, each after a "
                                "sustained shift the team can explain.")
    ask: Text | None = Field(None, description="What the team asks of the network right now.")
