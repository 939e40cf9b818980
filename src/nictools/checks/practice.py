"""NIC40x: PDSA practice: predictions, their study, ramps and decisions.

These look at how a cycle is written up, not whether it parses: quality gaps are
warnings or infos (a team is never blocked for an unfinished write-up), only
impossible facts (a loop, a question number that does not exist) are errors.
`status: draft` silences the warnings and infos of this family on its file (see
`nictools.validate`).
"""

from __future__ import annotations

from typing import Iterator

from nictools.catalogue import make_problem
from nictools.checks.registry import emits
from nictools.load.yaml import format_pointer
from nictools.model.network import Network, Record
from nictools.problems import Problem


def _at(code: str, rec: Record, pointer: tuple, message: str, hint: str | None = None) -> Problem:
    line, col, eline, ecol = rec.doc.locate(pointer)
    return make_problem(code, rec.path, line, col, message, hint=hint, pointer=format_pointer(pointer),
                        end_line=eline, end_column=ecol)


@emits("NIC401", "NIC402", "NIC403", "NIC404", "NIC405", "NIC412")
def predictions(network: Network) -> Iterator[Problem]:
    """Questions with predictions before the test; each prediction studied after it."""
    for rec in network.cycles.values():
        if not network.in_focus(rec.path):
            continue
        cycle = rec.model
        questions = cycle.plan.questions
        past_planning = cycle.stage != "plan"
        if past_planning:
            with_prediction = [q for q in questions if q.prediction]
            if not with_prediction:
                pointer = ("plan", "questions") if questions else ("plan",)
                what = "none of its questions has a prediction" if questions else "its plan has no questions"
                yield _at("NIC401", rec, pointer, f"The cycle is at the {cycle.stage} stage but {what}.")
            else:
                for i, q in enumerate(questions):
                    if not q.prediction:
                        yield _at("NIC402", rec, ("plan", "questions", i),
                                  f"Question {i + 1} ('{_short(q.question)}') has no prediction.")
        if cycle.study is None:
            continue
        answered: dict[int, int] = {}
        for j, check in enumerate(cycle.study.predictions):
            if check.question > len(questions):
                yield _at("NIC404", rec, ("study", "predictions", j, "question"),
                          f"The study answers question {check.question}, but the plan has "
                          f"{len(questions)} question{'s' if len(questions) != 1 else ''}.")
            elif check.question in answered:
                yield _at("NIC405", rec, ("study", "predictions", j, "question"),
                          f"Question {check.question} is answered twice in the study "
                          f"(entries {answered[check.question] + 1} and {j + 1}).")
            answered.setdefault(check.question, j)
        for i, q in enumerate(questions):
            if q.prediction and (i + 1) not in answered:
                yield _at("NIC403", rec, ("study",),
                          f"The study does not say whether the prediction of question {i + 1} "
                          f"('{_short(q.prediction)}') was confirmed.",
                          hint=f"Add `- question: {i + 1}` with `result: confirmed | partly | not_confirmed` "
                               "under `study.predictions`.")
        if not cycle.study.results and not cycle.study.learned:
            yield _at("NIC412", rec, ("study",), "The study records neither `results` nor `learned`.")


def _short(text: str, width: int = 50) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


@emits("NIC406", "NIC407", "NIC408", "NIC409", "NIC410", "NIC411", "NIC413", "NIC414")
def ramps_and_decisions(network: Network) -> Iterator[Problem]:
    """Ramps run forward at one site; adapt leads somewhere; links read both ways."""
    cycles = network.cycles
    # what one cycle's problems read of the others comes from their facts (`facts_of`), so an
    # unchanged cycle need not be built (`nictools.validate.checked_incrementally`)
    followers: dict[tuple[str, str], list[tuple[str, str]]] = {}
    for key, rec in cycles.items():
        for ref in (rec.facts["continues"], rec.facts["adapted_from"]):
            if ref:
                followers.setdefault(network.resolve_cycle(ref, key[0]), []).append(key)

    order: dict[tuple[str, str], int] = {}
    for key, rec in cycles.items():
        if not network.in_focus(rec.path):
            continue
        cycle = rec.model
        site = key[0]
        if cycle.continues:
            target = network.resolve_cycle(cycle.continues, site)
            if target[0] != site:
                yield _at("NIC408", rec, ("continues",),
                          f"`continues: {cycle.continues}` points to a cycle at site `{target[0]}`.")
            elif target in cycles:
                # a cycle not yet begun is ordered by when it was written down
                mine = cycle.started_on or cycle.plan.recorded_on
                theirs = cycles[target].facts["started_on"] or cycles[target].facts["recorded_on"]
                if mine and theirs and theirs > mine.isoformat():
                    yield _at("NIC407", rec, ("continues",),
                              f"This cycle starts {mine} but continues {cycle.continues}, which starts later ({theirs}).")
            # a loop: follow continues until it leaves the known cycles or comes back
            seen = [key]
            current = target
            while current in cycles and current not in seen:
                seen.append(current)
                nxt = cycles[current].facts["continues"]
                if not nxt:
                    break
                current = network.resolve_cycle(nxt, current[0])
            if current == key:
                if not order:
                    order.update((k, i) for i, k in enumerate(cycles))
                if all(order[key] <= order[member] for member in seen):  # reported once, on its first cycle
                    chain = " → ".join(c for _, c in seen) + f" → {key[1]}"
                    yield _at("NIC406", rec, ("continues",), f"The ramp goes round in a circle: {chain}.")
        if cycle.replicates:
            target = network.resolve_cycle(cycle.replicates, site)
            if target[0] == site:
                yield _at("NIC413", rec, ("replicates",),
                          f"`replicates: {cycle.replicates}` is a cycle at this site (`{site}`).")
        if cycle.purpose in ("test", "implement") and not cycle.change_ideas:
            yield _at("NIC411", rec, ("change_ideas",) if rec.doc.node_at(("change_ideas",))[1] == 1 else ("id",),
                      f"The cycle's purpose is `{cycle.purpose}` but it names no change idea.")
        if cycle.do and cycle.do.as_planned in ("no", "partly", False) and not cycle.do.what_happened:
            yield _at("NIC414", rec, ("do", "as_planned"),
                      "The test was not fully carried out as planned, and `what_happened` is empty.")
        act = cycle.act
        if act is None:
            continue
        if act.decision == "adapt" and not act.next_cycle and key not in followers:
            yield _at("NIC409", rec, ("act", "decision"),
                      "The decision is `adapt`, but no next cycle is named and no cycle continues this one.")
        if act.next_cycle:
            nxt_key = network.resolve_cycle(act.next_cycle, site)
            shared = set(cycle.change_ideas) & set(cycles[nxt_key].facts["change_ideas"]) if nxt_key in cycles else set()
            if shared and key not in _links_back(network, nxt_key):
                yield _at("NIC410", rec, ("act", "next_cycle"),
                          f"The next cycle {act.next_cycle} does not link back to {key[1]} "
                          "(with `continues`, `adapted_from` or `replicates`).")


def _links_back(network: Network, key: tuple[str, str]) -> set[tuple[str, str]]:
    facts = network.cycles[key].facts
    return {network.resolve_cycle(ref, key[0]) for ref in (facts["continues"], facts["adapted_from"], facts["replicates"])
            if ref}
