"""`measures/*.yaml`: the operational definition of something counted."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import Field

from nictools.model.base import Artifact, Id, Part, Status, Text

ChartType = Literal["run", "i", "mr", "xbar", "s", "t", "p", "pp", "c", "u", "up", "g", "ip"]
Frequency = Literal["daily", "weekly", "monthly", "quarterly", "yearly"]


class Count(Part):
    """A numerator or denominator: what is counted, and what is in and out."""

    description: Text
    inclusion: Text | None = None
    exclusion: Text | None = None


class ChartSettings(Part):
    type: ChartType = Field("run", description="qicharts2's chart name: run, i, p, u, c, xbar, s, …")
    rules: Literal["anhoej", "ihi"] = Field("anhoej", description="The run-chart rule set.")
    baseline_until: dt.date | None = Field(None, description="Freeze the centre line and limits on data up to this period.")
    baseline_points: int | None = Field(
        None, ge=1, description="How many useful points at the start of each phase make its frozen baseline "
        "(default: network.yaml's settings.baseline_points, else 20). Fewer than 12 gives unreliable limits.",
        examples=[20])


class Tracks(Part):
    drivers: list[Id] = Field(default_factory=list)
    change_ideas: list[Id] = Field(default_factory=list)


class Collection(Part):
    """The data collection plan."""

    who: Text
    source: Text
    when: Text
    sampling: Text | None = None


class DefinitionVersion(Part):
    """A dated change of definition; it starts a new phase on every chart of the measure."""

    since: dt.date
    definition: Text
    reason: Text


class Measure(Artifact):
    """A measure: outcome, driver, process or balancing."""

    id: Id
    title: Text
    type: Literal["outcome", "driver", "process", "balancing"]
    calculation: Literal["count", "proportion", "rate", "mean"]
    definition: Text = Field(description="The operational definition, in words anyone can apply the same way.")
    numerator: Count | None = None
    denominator: Count | None = None
    unit: Text = Field(description="What one value means, e.g. 'percent of students' or 'referrals per 100 students'.")
    multiply: float | None = Field(None, description="Show rates per this many (e.g. 100 for 'per 100 students').")
    frequency: Frequency
    direction: Literal["up", "down"] = Field(description="Which way is improvement.")
    chart: ChartSettings = Field(default_factory=ChartSettings)
    tracks: Tracks = Field(default_factory=Tracks)
    scope: Literal["network", "site"] = "site"
    collection: Collection | None = None
    goal: float | None = Field(None, description="An optional goal line on charts (a proportion as 0–1).")
    versions: list[DefinitionVersion] = Field(default_factory=list)
    status: Status = "active"
    retired_on: dt.date | None = Field(None, description="When it was retired; cycles planned after this date should not use it. The id stays reserved forever.")
