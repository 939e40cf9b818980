"""`nic pdsa advance`: move a cycle to its next stage by adding the empty do, study or act section.

The file is edited with ruamel.yaml's round trip, so the team's comments, key order and
quoting stay exactly as they were; only the new section (with a comment on each field)
is added, after the stage before it. The result is validated before it is written.
"""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Mapping, Sequence

from nictools.atomic import write_atomic
from nictools.errors import NicError
from nictools.model.network import Network
from nictools.model.pdsa import STAGES, Cycle
from nictools.scaffold import templates as t
from nictools.scaffold.new import check_ref

RESULTS = ("confirmed", "partly", "not_confirmed")
DECISIONS = ("adopt", "adapt", "abandon")


@dataclass(frozen=True)
class Advanced:
    path: Path
    stage: str


def round_trip_yaml() -> Any:
    """ruamel's round trip, set to the format's style (2-space maps, `- ` indented under its key)."""
    from ruamel.yaml import YAML

    yaml = YAML(typ="rt")
    yaml.preserve_quotes = True
    yaml.width = 4096
    yaml.indent(mapping=2, sequence=4, offset=2)
    return yaml


def find_cycle(root: Path, network: Network, site: str, cycle_id: str) -> tuple[Cycle, Path]:
    """The cycle's model and file; unknown ids get "did you mean", unreadable files a pointer to validate."""
    check_ref(site, network.sites, "site", "Sites are defined in sites/<id>/site.yaml.")
    record = network.cycles.get((site, cycle_id))
    if record is not None and not record.doc.ok:  # it loaded, with a problem such as a duplicate key
        raise NicError(f"{record.path} has problems, so nic cannot add to it safely.",
                       f"Run `nic validate {record.path}`, fix what it says, then advance the cycle.")
    if record is None:
        for suffix in (".yaml", ".yml"):
            path = root / "sites" / site / "pdsa" / f"{cycle_id}{suffix}"
            if path.exists():
                rel = path.relative_to(root).as_posix()
                raise NicError(f"{rel} has problems, so nic cannot add to it safely.",
                               f"Run `nic validate {rel}`, fix what it says, then advance the cycle.")
        check_ref(cycle_id, [c for s, c in network.cycles if s == site], f"cycle at {site}",
                  f"Cycles are in sites/{site}/pdsa/ (`nic new pdsa --site {site}` starts one).")
    assert record is not None
    return record.model, root / record.path


def next_stage(cycle: Cycle, cycle_id: str) -> str:
    index = STAGES.index(cycle.stage)
    if index + 1 >= len(STAGES):
        raise NicError(f"Cycle {cycle_id} is complete: it has its act (decision: {cycle.act.decision if cycle.act else '?'}).",
                       f"Start the next cycle with `nic new pdsa --continues {cycle_id} …`.")
    return STAGES[index + 1]


def questions_of(cycle: Cycle) -> list[tuple[int, str, str]]:
    """The plan's questions as (number, question, prediction), numbered from 1."""
    return [(i, q.question, q.prediction or "") for i, q in enumerate(cycle.plan.questions, start=1)]


def section_nodes(stage: str, cycle: Cycle, today: dt.date, *, results: Mapping[int, str] | None = None,
                  decision: str | None = None, next_cycle: str | None = None) -> list[t.Node]:
    if stage == "do":
        planned = cycle.plan.planned_start
        return t.do_nodes(planned if planned and planned <= today else today)
    if stage == "study":
        questions = questions_of(cycle)
        results = dict(results or {})
        missing = [n for n, _, _ in questions if n not in results]
        if missing:
            raise NicError(f"The study needs a result for each prediction; missing: question {', '.join(map(str, missing))}.",
                           "Give --result N=confirmed|partly|not_confirmed for each question, "
                           f"e.g. --result {missing[0]}=partly.")
        extra = sorted(set(results) - {n for n, _, _ in questions})
        if extra:
            raise NicError(f"The plan has {len(questions)} question(s); there is no question {extra[0]}.",
                           "Number the results like the plan's questions, from 1.")
        from nictools.scaffold.worksheet import read_word, RESULT_WORDS

        for n, value in list(results.items()):
            word = read_word(value, RESULT_WORDS)
            if word is None:
                raise NicError(f"`{value}` (question {n}) is not a result nic knows.",
                               "Use one of: confirmed (or yes), partly (or partially), not confirmed (or no).")
            results[n] = word
        return t.study_nodes(questions, results)
    if decision is not None and decision not in DECISIONS:
        from nictools.scaffold.worksheet import DECISION_WORDS, read_word

        decision = read_word(decision, DECISION_WORDS) or decision
    if decision not in DECISIONS:
        raise NicError(f"The act needs a decision: {', '.join(DECISIONS)}" + (f", not `{decision}`." if decision else "."),
                       "Give --decision adopt|adapt|abandon.")
    return t.act_nodes(decision, next_cycle)


def add_section(text: str, stage: str, nodes: list[t.Node], path: str = "the cycle's file") -> str:
    """`text` with the `stage` section added after the stage before it (or in place of an empty one).

    The text is bounded (aliases, depth, tags) before ruamel reads it: see `load_round_trip`."""
    from nictools.load.yaml import load_round_trip

    yaml = round_trip_yaml()
    doc = load_round_trip(yaml, text, path)
    snippet = yaml.load(t.render([t.Key(stage, children=nodes)]))
    section = snippet[stage]
    earlier = [k for k in ("plan", *STAGES[: STAGES.index(stage)]) if k in doc and doc[k] is not None]
    if stage in doc:
        doc[stage] = section
    else:
        position = list(doc.keys()).index(earlier[-1]) + 1 if earlier else len(doc)
        doc.insert(position, stage, section)
    blank = "" if text.endswith("\n\n") else "\n"
    doc.yaml_set_comment_before_after_key(stage, before=blank + t.SECTION_NOTES[stage], indent=0)
    # the comment above the section's first field is held by the section's key in the snippet
    first_comment = snippet.ca.items.get(stage, [None] * 4)[3]
    if first_comment:
        slot = doc.ca.items.setdefault(stage, [None, None, None, None])
        slot[3] = first_comment
    out = io.StringIO()
    yaml.dump(doc, out)
    return out.getvalue()


def advance_cycle(root: Path, network: Network, site: str, cycle_id: str, today: dt.date, *,
                  results: Mapping[int, str] | None = None, decision: str | None = None,
                  next_cycle: str | None = None, answers: Sequence[tuple[Sequence[Any], Any]] = ()) -> Advanced:
    """Add the next section to the cycle's file (validated, written atomically); `answers`
    (paths and typed values, from the worksheet) are filled into it.

    The file is read again under the network's write lock, so two `nic pdsa advance` at
    once add two stages in turn (or the second says the cycle is already there), never
    one stage over the other's."""
    from nictools.lock import network_lock
    from nictools.scaffold.new import load

    with network_lock(root):
        return _advance(root, load(root), site, cycle_id, today, results=results, decision=decision,
                        next_cycle=next_cycle, answers=answers)


def _advance(root: Path, network: Network, site: str, cycle_id: str, today: dt.date, *,
             results: Mapping[int, str] | None = None, decision: str | None = None,
             next_cycle: str | None = None, answers: Sequence[tuple[Sequence[Any], Any]] = ()) -> Advanced:
    path, stage, updated = advanced_text(root, network, site, cycle_id, today, results=results, decision=decision,
                                         next_cycle=next_cycle, answers=answers)
    write_atomic(path, updated)
    return Advanced(path, stage)


def advanced_text(root: Path, network: Network, site: str, cycle_id: str, today: dt.date, *,
                  results: Mapping[int, str] | None = None, decision: str | None = None,
                  next_cycle: str | None = None,
                  answers: Sequence[tuple[Sequence[Any], Any]] = ()) -> tuple[Path, str, str]:
    """The cycle's file, its next stage, and the file's text with that stage added (validated)."""
    from nictools.load.network import validate_document
    from nictools.load.yaml import read_yaml
    from nictools.scaffold.worksheet import fill

    cycle, path = find_cycle(root, network, site, cycle_id)
    stage = next_stage(cycle, cycle_id)
    nodes = section_nodes(stage, cycle, today, results=results, decision=decision, next_cycle=next_cycle)
    raw = path.read_bytes().decode("utf-8")
    crlf = "\r\n" in raw  # a CRLF checkout (git's autocrlf on Windows) keeps its line endings
    original = raw.replace("\r\n", "\n")
    rel = path.relative_to(root).as_posix()
    updated = fill(add_section(original, stage, nodes, rel), [a for a in answers if a[0] and a[0][0] == stage], rel)
    doc = read_yaml(updated, rel)
    model, problems = validate_document("pdsa", doc, rel) if doc.data is not None else (None, doc.problems)
    if model is None or problems:
        details = "; ".join(p.message for p in problems) or "it could not be read back"
        raise NicError(f"Adding the {stage} section would leave {rel} invalid: {details}",
                       "Check the answers (dates as YYYY-MM-DD, whole numbers for counts); if the file was valid "
                       "before and they are right, this is a bug in nictools: please report it.")
    return path, stage, (updated.replace("\n", "\r\n") if crlf else updated)
