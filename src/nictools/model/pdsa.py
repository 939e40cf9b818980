"""`sites/<site>/pdsa/*.yaml`: one PDSA cycle, committed stage by stage."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import Field

from nictools.model.base import Artifact, CycleRef, Id, Part, Text

Decision = Literal["adopt", "adapt", "abandon"]
PredictionResult = Literal["confirmed", "partly", "not_confirmed"]
STAGES = ("plan", "do", "study", "act")


class Scale(Part):
    """How big the test is: one teacher and one class first, then wider."""

    sites: int | None = Field(None, ge=0)
    teachers: int | None = Field(None, ge=0)
    classes: int | None = Field(None, ge=0)
    students: int | None = Field(None, ge=0)
    days: int | None = Field(None, ge=0)
    notes: Text | None = None


class Question(Part):
    """A question the test answers, with the prediction written before the test."""

    question: Text
    prediction: Text | None = None
    reason: Text | None = Field(None, description="Why we predict this (the theory behind it).")


class Plan(Part):
    objective: Text
    questions: list[Question] = Field(default_factory=list)
    who: Text | None = None
    what: Text | None = None
    where: Text | None = None
    planned_start: dt.date | None = None
    planned_end: dt.date | None = None
    scale: Scale | None = None
    data_to_collect: list[Text] = Field(default_factory=list)
    measures: list[Id] = Field(default_factory=list)
    recorded_on: dt.date | None = Field(None, description="When the plan and predictions were written down.")


class Do(Part):
    as_planned: Literal["yes", "no", "partly"] | bool | None = Field(None, description="Carried out as planned?")
    what_happened: Text | None = None
    surprises: Text | None = None
    actual_start: dt.date | None = None
    actual_end: dt.date | None = None


class PredictionCheck(Part):
    question: int = Field(ge=1, description="The number of the plan's question (1 for the first).")
    result: PredictionResult
    notes: Text | None = None


class Study(Part):
    predictions: list[PredictionCheck] = Field(default_factory=list)
    results: Text | None = None
    learned: Text | None = None


class Act(Part):
    decision: Decision
    reason: Text | None = None
    next_cycle: CycleRef | None = Field(None, description="The cycle that follows (its id), if planned.")
    next_scale: Scale | None = None
    next_steps: Text | None = None


class Cycle(Artifact):
    """A small test at one site; its site is the folder it sits in."""

    id: Id
    title: Text
    status: Literal["draft"] | None = Field(None, description="`draft` marks work in progress: practice checks wait.")
    purpose: Literal["learn", "test", "implement"] = "test"
    change_ideas: list[Id] = Field(default_factory=list)
    continues: CycleRef | None = Field(None, description="The earlier cycle this one builds on (a ramp).")
    adapted_from: CycleRef | None = None
    replicates: CycleRef | None = Field(None, description="Another site's cycle this one repeats (`site/C03`).")
    plan: Plan
    do: Do | None = None
    study: Study | None = None
    act: Act | None = None

    @property
    def started_on(self) -> dt.date | None:
        """When the test began: the `do` section's actual start, else the planned start.

        The one home of this fact: charts, status, reports and the timeline read it here.
        """
        if self.do is not None and self.do.actual_start:
            return self.do.actual_start
        return self.plan.planned_start

    @property
    def ended_on(self) -> dt.date | None:
        """When the test ended: the actual end, else the planned end, else its start."""
        if self.do is not None and self.do.actual_end:
            return self.do.actual_end
        return self.plan.planned_end or self.started_on

    @property
    def stage(self) -> str:
        """The furthest stage present: plan, do, study or act."""
        for name in reversed(STAGES):
            if getattr(self, name) is not None:
                return name
        return "plan"
