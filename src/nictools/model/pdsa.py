"""`sites/<site>/pdsa/*.yaml`: one PDSA cycle, committed stage by stage."""

from __future__ import annotations

import datetime as dt
from typing import Callable, Literal

from pydantic import Field

from nictools.model.base import Artifact, CycleRef, Id, Part, Text

Decision = Literal["adopt", "adapt", "abandon"]
PredictionResult = Literal["confirmed", "partly", "not_confirmed"]
STAGES = ("plan", "do", "study", "act")


class Scale(Part):
    """How big the test is: one teacher and one class first, then wider."""

    sites: int | None = Field(None, ge=0, description="How many sites take part.", examples=[1])
    teachers: int | None = Field(None, ge=0, description="How many teachers (or other adults) carry it out.", examples=[1])
    classes: int | None = Field(None, ge=0, description="How many classes or groups.", examples=[1])
    students: int | None = Field(None, ge=0, description="How many students it reaches.", examples=[25])
    days: int | None = Field(None, ge=0, description="How many school days the test lasts.", examples=[10])
    notes: Text | None = Field(None, description="Anything else about the scale, in words.")

    def in_words(self, *, widest: bool = False, students: Callable[[int], object] = str) -> str:
        """The scale in words, the one home of this phrase: "1 teacher, 2 classes, 25 students".

        `widest=True` gives only the widest unit ("3 sites", else classes, teachers,
        students), as a chart's cycle mark does. `students` shows the student count:
        outputs that leave the network pass their small-cell mask. With no counts, the
        notes (or nothing).
        """
        units = (("sites", "site", "sites"), ("classes", "class", "classes"),
                 ("teachers", "teacher", "teachers"), ("students", "student", "students"))
        if widest:
            for name, one, many in units:
                value = getattr(self, name)
                if value:
                    return f"{value} {one if value == 1 else many}"
            return ""
        parts = []
        for name, one, many in (units[0], units[2], units[1], units[3], ("days", "day", "days")):
            value = getattr(self, name)
            if value is None or (value == 0 and name != "students"):
                continue
            shown = students(value) if name == "students" else value
            parts.append(f"{shown} {one if shown == 1 else many}")
        return ", ".join(parts) or (self.notes or "")


class Question(Part):
    """A question the test answers, with the prediction written before the test."""

    question: Text = Field(description="What the test should tell you.",
                           examples=["Can one advisor check in with all advisees in a week?"])
    prediction: Text | None = Field(None, description="What you expect to happen, written before the test.",
                                    examples=["Yes, but only just, in a 20-minute advisory."])
    reason: Text | None = Field(None, description="Why we predict this (the theory behind it).")


class Plan(Part):
    """Plan: the objective, the questions with their predictions, who/what/when/where, and the data to collect."""

    objective: Text = Field(description="What this cycle sets out to do or learn, in one sentence.",
                            examples=["Try two-minute check-ins in one advisory."])
    questions: list[Question] = Field(default_factory=list, description="The questions the test answers, each with "
                                      "a prediction and its reason; the Study stage refers to them by number (1, 2, …).")
    who: Text | None = Field(None, description="Who carries out the test (roles or names of adults, never students).",
                             examples=["Advisor of room 301"])
    what: Text | None = Field(None, description="What exactly is done.", examples=["Two-minute check-ins with a two-prompt card"])
    where: Text | None = Field(None, description="Where it happens.", examples=["Advisory room 301"])
    planned_start: dt.date | None = Field(None, description="The first day of the test, as planned (YYYY-MM-DD).",
                                          examples=["2025-10-20"])
    planned_end: dt.date | None = Field(None, description="The last day of the test, as planned (YYYY-MM-DD).",
                                        examples=["2025-10-31"])
    scale: Scale | None = Field(None, description="How big the test is: start small (one teacher, one class).")
    data_to_collect: list[Text] = Field(default_factory=list, description="The data the test collects, one item each.",
                                        examples=[["Check-ins done", "Pulse survey for this advisory"]])
    measures: list[Id] = Field(default_factory=list, description="Ids of the measures (in measures/) this cycle watches.",
                               examples=[["CHECKIN-DONE"]])
    recorded_on: dt.date | None = Field(None, description="When the plan and predictions were written down.")


class Do(Part):
    """Do: was it carried out as planned, what happened, what surprised you."""

    as_planned: Literal["yes", "no", "partly"] | bool | None = Field(None, description="Carried out as planned?")
    what_happened: Text | None = Field(None, description="What happened during the test, in plain words.")
    surprises: Text | None = Field(None, description="What nobody expected.")
    actual_start: dt.date | None = Field(None, description="The day the test actually started (YYYY-MM-DD).")
    actual_end: dt.date | None = Field(None, description="The day the test actually ended (YYYY-MM-DD).")


class PredictionCheck(Part):
    """One prediction of the plan, checked against what happened."""

    question: int = Field(ge=1, description="The number of the plan's question (1 for the first).")
    result: PredictionResult = Field(description="Was the prediction borne out: `confirmed`, `partly` or `not_confirmed`.")
    notes: Text | None = Field(None, description="The evidence, e.g. the numbers seen.", examples=["41 of 62 check-ins (66%)."])


class Study(Part):
    """Study: each prediction checked, the results, what was learned."""

    predictions: list[PredictionCheck] = Field(default_factory=list, description="One entry per question of the plan: "
                                               "was its prediction confirmed?")
    results: Text | None = Field(None, description="What the data showed.")
    learned: Text | None = Field(None, description="What the team learned, for the next cycle and for the network.")


class Act(Part):
    """Act: adopt, adapt or abandon, and what comes next."""

    decision: Decision = Field(description="`adopt` (keep doing it, maybe wider), `adapt` (change it and test again) "
                               "or `abandon` (stop).")
    reason: Text | None = Field(None, description="Why this decision.")
    next_cycle: CycleRef | None = Field(None, description="The cycle that follows (its id), if planned.")
    next_scale: Scale | None = Field(None, description="The scale of the next test (usually wider after `adopt`).")
    next_steps: Text | None = Field(None, description="What happens next, in words.")


class Cycle(Artifact):
    """A small test at one site; its site is the folder it sits in."""

    id: Id = Field(description="The cycle's id, unique at its site; its YAML carries it as its name (C01.yaml).", examples=["C01"])
    title: Text = Field(description="A short name for the test, shown in reports.",
                        examples=["Weekly check-ins in one advisory"])
    status: Literal["draft"] | None = Field(None, description="`draft` marks work in progress: practice checks wait.")
    purpose: Literal["learn", "test", "implement"] = Field(
        "test", description="`test` (try a change idea at small scale, the default), `learn` (build knowledge, no change "
                            "tested) or `implement` (put a change that already works into routine practice).")
    change_ideas: list[Id] = Field(default_factory=list, description="Ids of the change ideas (in change-ideas/) this "
                                   "cycle tests.", examples=[["CI-02"]])
    continues: CycleRef | None = Field(None, description="The earlier cycle this one builds on (a ramp).")
    adapted_from: CycleRef | None = Field(None, description="The cycle whose change this one adapts (`C03`, or "
                                          "another site's `site/C03`).")
    replicates: CycleRef | None = Field(None, description="Another site's cycle this one repeats (`site/C03`).")
    plan: Plan = Field(description="Plan, written before the test: the objective, numbered questions each with a "
                       "prediction and its reason, who/what/when/where, the scale and the data to collect.")
    do: Do | None = Field(None, description="Do, written during or right after the test: carried out as planned? "
                          "What happened, what surprised you, the actual dates.")
    study: Study | None = Field(None, description="Study: each prediction checked against the data (by question "
                                "number), the results and what was learned.")
    act: Act | None = Field(None, description="Act: the decision (adopt, adapt or abandon), why, and the next cycle "
                            "and its scale.")

    @property
    def planned_on(self) -> dt.date | None:
        """When the cycle was planned: the plan's recorded date, else its planned start, else its actual start."""
        return self.plan.recorded_on or self.plan.planned_start or (self.do.actual_start if self.do else None)

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
