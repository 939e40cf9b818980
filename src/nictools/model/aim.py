"""`aims/*.yaml`: the network aim and site aims nested under it."""

from __future__ import annotations

import datetime as dt

from pydantic import Field

from nictools.model.base import Artifact, Id, Part, Status, Text


class ForWhom(Part):
    """Who the aim is for, and which groups are reported separately."""

    population: Text = Field(description="Who the aim is for, e.g. 'ninth-grade students'.")
    strata: list[Text] = Field(default_factory=list, description="Equity strata reported separately, e.g. 'English learners'.")


class Baseline(Part):
    """Where the measure stood before the work began."""

    start: dt.date | None = Field(None, description="First day of the baseline period.")
    end: dt.date | None = Field(None, description="Last day of the baseline period.")
    value: float | None = Field(None, description="The measure's value over the baseline period.")


class Target(Part):
    """How much, by when."""

    value: float = Field(description="The value the aim commits to (a proportion as 0–1).")
    date: dt.date = Field(description="By when.")


class Equity(Part):
    """The gap the aim promises to close for some strata, and by when."""

    strata: list[Text] = Field(description="The strata the promise is for, as the `stratum` column of the data "
                               "names them.", examples=[["English learners", "Students with disabilities"]])
    close: float = Field(gt=0, le=1, description="The share of each stratum's baseline gap to the rest of the "
                         "students that the aim promises to close: 0.5 halves it, 1 closes it.", examples=[0.5])
    by: dt.date = Field(description="By when the gap is to be closed that far.", examples=["2026-06-12"])


class Aim(Artifact):
    """What improves, for whom, by how much, by when."""

    id: Id = Field(description="The aim's id, unique in the network; its YAML carries it as its name (network-aim.yaml).", examples=["network-aim"])
    title: Text = Field(description="A short name for the aim.", examples=["Ninth-graders on track"])
    statement: Text = Field(description="The aim in one sentence: what, for whom, how much, by when.")
    parent: Id | None = Field(None, description="The aim this one is nested under (a site aim names the network aim).")
    site: Id | None = Field(None, description="For a site aim: the site's id.")
    for_whom: ForWhom | None = Field(None, description="Who the aim is for, and the equity strata reported separately.")
    outcome_measure: Id = Field(description="The id of the outcome measure (in measures/).")
    baseline: Baseline | None = Field(None, description="Where the outcome measure stood before the work began.")
    target: Target | None = Field(None, description="How much, by when: the value the aim commits to and its date.")
    equity: Equity | None = Field(None, description="The equity promise: which strata, the share of their gap to "
                                  "close, by when; charted as a goal line on the strata (`nic chart --strata`).")
    status: Status = Field("active", description="`active`, `proposed` or `retired` (the id stays reserved).")
