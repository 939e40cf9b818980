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

    description: Text = Field(description="What is counted, in plain words.",
                              examples=["Ninth-graders on track at the end of the period"])
    inclusion: Text | None = Field(None, description="Who or what is counted in (the inclusion rule).",
                                   examples=["Enrolled for at least 20 days of the period"])
    exclusion: Text | None = Field(None, description="Who or what is left out (the exclusion rule).",
                                   examples=["Students who transferred out during the period"])


class ChartSettings(Part):
    """How the measure's chart is drawn."""

    type: ChartType = Field("run", description="The chart, by qicharts2's name: `run` (run chart, the default), "
                            "`i` (individuals), `p` (proportions), `u` (rates), `c` (counts), `xbar`, `s`, …",
                            examples=["run", "p"])
    rules: Literal["anhoej", "ihi"] = Field("anhoej", description="The run-chart rule set: `anhoej` (long runs, "
                                            "few crossings) or `ihi` (shift, trend, runs, astronomical point).")
    baseline_until: dt.date | None = Field(None, description="Freeze the first phase's centre line and limits on "
                                           "data up to this period (instead of its first baseline_points).",
                                           examples=["2024-12-31"])
    baseline_points: int | None = Field(
        None, ge=1, description="How many useful points at the start of each phase make its frozen baseline "
        "(default: network.yaml's settings.baseline_points, else 20). Fewer than 12 gives unreliable limits.",
        examples=[20])


class Tracks(Part):
    """What the measure watches: the drivers it tells about and the changes it follows."""

    drivers: list[Id] = Field(default_factory=list, description="Ids of the drivers (in drivers.yaml) this measure tells about.",
                              examples=[["SD1"]])
    change_ideas: list[Id] = Field(default_factory=list, description="Ids of the change ideas (in change-ideas/) "
                                   "whose carrying-out this measure follows (usual for a process measure).",
                                   examples=[["CI-01"]])


class Collection(Part):
    """The data collection plan."""

    who: Text = Field(description="Who collects the data.", examples=["Ninth-grade team lead"])
    source: Text = Field(description="Where the data come from.", examples=["Student information system, attendance report"])
    when: Text = Field(description="When the data are collected.", examples=["Every Friday after the last period"])
    sampling: Text | None = Field(None, description="How a sample is drawn, if not everyone is counted.",
                                  examples=["All ninth-graders; no sampling"])


class DefinitionVersion(Part):
    """A dated change of definition; it starts a new phase on every chart of the measure."""

    since: dt.date = Field(description="The first period the new definition applies to.", examples=["2025-01-06"])
    definition: Text = Field(description="The definition in force from that date.")
    reason: Text = Field(description="Why the definition changed.", examples=["The district changed its attendance codes."])


class Measure(Artifact):
    """A measure: outcome, driver, process or balancing."""

    id: Id = Field(description="The measure's id, used wherever it is named; its YAML and each site's data CSV carry it as their name.",
                   examples=["ATT-90"])
    title: Text = Field(description="A short name, shown on charts and in reports.", examples=["Ninth-graders on track"])
    type: Literal["outcome", "driver", "process", "balancing"] = Field(
        description="What the measure tells: `outcome` (the aim itself is improving), `driver` (a primary or secondary "
                    "driver is moving), `process` (a change is being carried out reliably) or `balancing` (nothing else "
                    "broke because of the changes).", examples=["outcome", "process"])
    calculation: Literal["count", "proportion", "rate", "mean"] = Field(
        description="How a value is computed each period: `count` (a number of events), `proportion` (numerator over "
                    "denominator, 0–1), `rate` (events per `multiply` units) or `mean` (an average).",
        examples=["proportion"])
    definition: Text = Field(description="The operational definition, in words anyone can apply the same way.")
    numerator: Count | None = Field(None, description="For a proportion or rate: what is counted on top.")
    denominator: Count | None = Field(None, description="For a proportion or rate: what it is counted out of.")
    unit: Text = Field(description="What one value means, e.g. 'percent of students' or 'referrals per 100 students'.",
                       examples=["percent of students"])
    multiply: float | None = Field(None, description="Show rates per this many (e.g. 100 for 'per 100 students').",
                                   examples=[100])
    frequency: Frequency = Field(description="How often a value is recorded: one data row per period.",
                                 examples=["weekly", "monthly"])
    direction: Literal["up", "down"] | None = Field(
        None, description="Which way is improvement: required for outcome, driver and process measures; leave it "
        "out for a balancing or context measure that has no good direction (a change either way is then 'a change "
        "to look at').")
    publication_lag: int | None = Field(
        None, ge=0, description="How many periods after a period ends its data is usually published (e.g. 1 for "
        "monthly data that arrives the month after). Sites are judged quiet only after this lag.", examples=[1])
    chart: ChartSettings = Field(default_factory=ChartSettings, description="The chart: its type, rule set and frozen baseline.")
    tracks: Tracks = Field(default_factory=Tracks, description="The drivers and change ideas this measure follows.")
    scope: Literal["network", "site"] = Field("site", description="`site`: each site keeps its own data "
                                              "(sites/<site>/data/<measure>.csv); `network`: one series for the whole network.")
    collection: Collection | None = Field(None, description="The data collection plan: who, from where, when, sampling.")
    goal: float | None = Field(None, description="An optional goal line on charts (a proportion as 0–1).", examples=[0.9])
    versions: list[DefinitionVersion] = Field(default_factory=list, description="Dated changes of definition, oldest "
                                              "first; each starts a new phase on the measure's charts.")
    status: Status = Field("active", description="`active`, `proposed` (not collected yet) or `retired` (no longer "
                           "collected; its id stays reserved).")
    retired_on: dt.date | None = Field(None, description="When it was retired; cycles planned after this date should not use it. The id stays reserved forever.")
