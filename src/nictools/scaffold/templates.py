"""The text of every file `nic init` and `nic new` write: YAML with a comment on each field.

Teachers fill these in by hand, so each field says what goes there, with an example,
and every field the model requires is present (a test checks this against `MODELS`).
Files are built from small nodes rather than dumped from data, so the comments sit
where a reader needs them; values are quoted only when YAML would misread them.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass, field
from typing import Any, Sequence, Union

NO_NAMES = "No student names or ids: adults' roles and initials only."

# --- nodes and rendering ---------------------------------------------------------------


@dataclass
class Key:
    """`key: value` with a comment above it; `children` make it a nested mapping,
    `items` a list of mappings."""

    key: str
    value: Any = None
    comment: str = ""
    children: list["Node"] | None = None
    items: list[list["Node"]] | None = None
    blank_before: bool = False


@dataclass
class Note:
    """Comment-only lines: guidance, or a commented-out example of an optional block."""

    text: str
    blank_before: bool = False


Node = Union[Key, Note]

_PLAIN = re.compile(r"[A-Za-z(][^\n\t:#\[\]{}&*!|>'\"%@`]*\Z")
_PLAIN_IN_FLOW = re.compile(r"[A-Za-z][^\n\t:#\[\]{},&*!|>'\"%@`]*\Z")
_LOOKS_LIKE_OTHER = re.compile(r"(?i)(true|false|yes|no|on|off|null|~|y|n)\Z")


def scalar(value: Any, *, in_flow: bool = False) -> str:
    """A value as YAML text: plain when that reads back as the same text, else double-quoted."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return repr(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(scalar(v, in_flow=True) for v in value) + "]"
    text = str(value)
    pattern = _PLAIN_IN_FLOW if in_flow else _PLAIN
    if text and pattern.match(text) and text == text.strip() and " #" not in text and not _LOOKS_LIKE_OTHER.match(text):
        return text
    return json.dumps(text, ensure_ascii=False)


def _comment_lines(text: str, pad: str) -> list[str]:
    return [f"{pad}# {line}".rstrip() for line in text.splitlines()]


def render_nodes(nodes: Sequence[Node], indent: int = 0) -> list[str]:
    pad = " " * indent
    lines: list[str] = []
    for node in nodes:
        if node.blank_before and lines:
            lines.append("")
        if isinstance(node, Note):
            lines.extend(_comment_lines(node.text, pad))
            continue
        if node.comment:
            lines.extend(_comment_lines(node.comment, pad))
        if node.children is not None:
            lines.append(f"{pad}{node.key}:")
            lines.extend(render_nodes(node.children, indent + 2))
        elif node.items is not None:
            if not node.items:
                lines.append(f"{pad}{node.key}: []")
                continue
            lines.append(f"{pad}{node.key}:")
            for item in node.items:
                rendered = render_nodes(item, indent + 4)
                first = next(i for i, line in enumerate(rendered) if not line.lstrip().startswith("#"))
                for i in range(first):  # the first key's comment sits level with the dash
                    rendered[i] = f"{pad}  " + rendered[i].lstrip()
                rendered[first] = f"{pad}  - " + rendered[first][indent + 4:]
                lines.extend(rendered)
        else:
            text = scalar(node.value)
            lines.append(f"{pad}{node.key}:" + (f" {text}" if text else ""))
    return lines


def render(nodes: Sequence[Node], header: str = "", schema: str | None = None) -> str:
    """A whole file: the schema line editors read, a header comment, the fields."""
    lines: list[str] = []
    if schema:
        lines.append(f"# yaml-language-server: $schema={schema}")
    if header:
        lines.extend(_comment_lines(header, ""))
    lines.extend(render_nodes(nodes))
    return "\n".join(lines) + "\n"


# --- network.yaml and drivers.yaml -----------------------------------------------------


def network_nodes(name: str, hub: str) -> list[Node]:
    return [
        Key("format", 1, "The version of the file format (nic reads version 1)."),
        Key("name", name, "The network's name, e.g. Ninth Grade On-Track Network."),
        Key("hub", hub, "The organisation that coordinates the network, e.g. Riverbend Education Partnership."),
        Key("description", "", "What the network works on and why, in two or three sentences."),
        Note("The id of the network aim, once aims/<id>.yaml exists (`nic new aim`), e.g.\n"
             "aim: network-aim", blank_before=True),
        Key("clusters", comment="Research Action Clusters: sites working on one primary driver together, e.g.\n"
                                "  - id: connect\n    name: Connection cluster\n    primary_driver: P1",
            items=[], blank_before=True),
        Key("calendar", comment="School breaks: no data is expected then, and no site counts as quiet.",
            children=[Key("breaks", comment="e.g.\n  - name: Winter break\n    start: 2025-12-22\n    end: 2026-01-02",
                          items=[])], blank_before=True),
        Key("settings", comment="Settings for nic (the same names as its command-line options).",
            children=[
                Key("quiet_after_weeks", 4, "A site with no activity for this many school weeks is marked quiet."),
                Key("small_cell_threshold", 10, "Reports mask counts below this, so no student can be singled out."),
            ], blank_before=True),
    ]


def drivers_nodes() -> list[Node]:
    return [
        Key("format", 1, "The version of the file format (nic reads version 1)."),
        Note("The id of the aim the diagram serves, once it exists, e.g.\naim: network-aim"),
        Key("primary", comment="Primary drivers: the few big levers that move the aim, e.g.\n"
                               "  - id: P1\n    title: Every ninth grader is known by an adult who notices",
            items=[], blank_before=True),
        Key("secondary", comment="Secondary drivers: where change ideas act; each names the primary drivers it feeds, e.g.\n"
                                 "  - id: S1\n    title: Consistent advisory check-ins\n    primary_drivers: [P1]",
            items=[], blank_before=True),
        Key("revisions", comment="Each change to the diagram, dated, with the reason, e.g.\n"
                                 "  - date: 2026-01-12\n    summary: Added S9 (first period)\n"
                                 "    reason: Three teams found most missed periods were first period.",
            items=[], blank_before=True),
    ]


# --- the artifacts of `nic new` --------------------------------------------------------


def site_nodes(site_id: str, name: str, level: str, size_band: str, joined: dt.date, *,
               setting: str | None = None, cluster: str | None = None, coach: str | None = None,
               cohort: str | None = None) -> list[Node]:
    return [
        Key("format", 1, "The version of the file format (nic reads version 1)."),
        Key("id", site_id, "The site's id: the same as its folder name under sites/, e.g. lincoln."),
        Key("name", name, "The school's (or district's) full name, e.g. Lincoln High School."),
        Key("cluster", cluster, "The id of its cluster in network.yaml, if any, e.g. connect."),
        Key("context", comment="What kind of place this is, so others know where a change worked.", children=[
            Key("level", level, "elementary, middle, high, k12, district, postsecondary or other."),
            Key("size_band", size_band, "small, medium or large."),
            Key("setting", setting, "urban, suburban, rural or town."),
            Key("notes", "", "Anything that helps others read your results, e.g. About 260 ninth graders in 10 advisories."),
        ]),
        Key("joined", joined, "The date the site joined the network (YYYY-MM-DD)."),
        Key("cohort", cohort, "The cohort the site joined with, e.g. \"2025\" (in quotes)."),
        Key("status", "active", "active, paused or withdrawn."),
        Key("coach", coach, "The improvement coach who works with the team, e.g. M. Okafor."),
        Key("team", comment=f"The improvement team: role and name of each adult. {NO_NAMES} e.g.\n"
                            "  - role: Team lead\n    name: E. Kowalski", items=[]),
        Key("focus_drivers", [], "The drivers the team works on, e.g. [P1, S1]."),
        Key("ask", "", "What the team asks of the network right now, e.g. Advice on keeping mentoring going."),
    ]


def aim_nodes(aim_id: str, title: str, statement: str, outcome_measure: str, *, site: str | None = None,
              parent: str | None = None, population: str | None = None, target_value: float | None = None,
              target_date: dt.date | None = None) -> list[Node]:
    nodes: list[Node] = [
        Key("format", 1, "The version of the file format (nic reads version 1)."),
        Key("id", aim_id, "The aim's id: the same as the file name, e.g. network-aim or lincoln-aim."),
        Key("title", title, "A short name, e.g. Ninth graders attending 90% of days."),
        Key("statement", statement, "The aim in one sentence: what, for whom, how much, by when, e.g.\n"
                                    "By June 2026, 85% of ninth graders attend at least 90% of school days."),
        Key("parent", parent, "For a site aim: the network aim it serves, e.g. network-aim."),
        Key("site", site, "For a site aim: the site's id, e.g. lincoln."),
        Key("outcome_measure", outcome_measure, "The id of the outcome measure in measures/, e.g. ATT-90."),
    ]
    if population:
        nodes.append(Key("for_whom", comment="Who the aim is for.", children=[
            Key("population", population, "e.g. ninth-grade students"),
            Key("strata", [], "Groups reported separately, e.g. [English learners]."),
        ]))
    else:
        nodes.append(Note("Who the aim is for, e.g.\nfor_whom:\n  population: ninth-grade students\n"
                          "  strata: [English learners]"))
    nodes.append(Note("The baseline the aim starts from, e.g.\nbaseline:\n  start: 2025-08-25\n  end: 2025-10-31\n"
                      "  value: 0.71"))
    if target_value is not None and target_date is not None:
        nodes.append(Key("target", comment="The value the aim commits to (a proportion as 0-1), and by when.", children=[
            Key("value", target_value), Key("date", target_date)]))
    else:
        nodes.append(Note("The value the aim commits to (a proportion as 0-1), and by when, e.g.\n"
                          "target:\n  value: 0.85\n  date: 2026-06-12"))
    nodes.append(Key("status", "active", "active, proposed or retired."))
    return nodes


def measure_nodes(measure_id: str, title: str, measure_type: str, calculation: str, unit: str, frequency: str,
                  direction: str | None, *, definition: str = "") -> list[Node]:
    ratio = calculation in ("proportion", "rate")
    nodes: list[Node] = [
        Key("format", 1, "The version of the file format (nic reads version 1)."),
        Key("id", measure_id, "The measure's id: the same as the file name and the data files' names, e.g. ATT-90."),
        Key("title", title, "A short name, e.g. Ninth graders attending 90% of the week."),
        Key("type", measure_type, "outcome (the aim itself), driver, process (is the change carried out?) "
                                  "or balancing (did anything else break?)."),
        Key("calculation", calculation, "count, proportion, rate or mean: it decides the data file's columns."),
        Key("definition", definition, "The operational definition, so anyone counts the same way, e.g.\n"
                                      "Ninth graders present for at least 90% of the week's periods."),
    ]
    if ratio:
        nodes.append(Key("numerator", comment="What is counted on top.", children=[
            Key("description", "", "e.g. Ninth graders present for at least 90% of periods that week."),
            Key("inclusion", None, "Who is in, e.g. Students enrolled all week."),
            Key("exclusion", None, "Who is out, e.g. Students on a long-term medical absence."),
        ]))
        nodes.append(Key("denominator", comment="What the count is out of.", children=[
            Key("description", "", "e.g. Ninth graders enrolled that week."),
        ]))
    nodes += [
        Key("unit", unit, "What one value means, e.g. percent of students, or referrals per 100 students."),
        Key("frequency", frequency, "daily, weekly, monthly, quarterly or yearly: how often a data point is added."),
    ]
    if direction:
        nodes.append(Key("direction", direction, "up or down: which way is improvement."))
    nodes += [
        Key("chart", comment="How `nic chart` draws it.", children=[
            Key("type", {"proportion": "p", "rate": "u", "count": "c", "mean": "i"}.get(calculation, "run"),
                "run, i, p, u, c, xbar, s, ... (p for a proportion, u for a rate, c for a count)."),
        ]),
        Key("scope", "site", "site (each site collects it) or network."),
        Key("collection", comment=f"The data collection plan: who, from where, when. Aggregates only: {NO_NAMES}",
            children=[
                Key("who", "", "e.g. The site's data lead."),
                Key("source", "", "e.g. The student information system's weekly attendance export."),
                Key("when", "", "e.g. Every Monday, for the week before."),
            ]),
        Key("status", "active", "active, proposed or retired."),
    ]
    return nodes


def change_idea_nodes(idea_id: str, title: str, drivers: Sequence[str], *, description: str = "",
                      origin_site: str | None = None, adapted_from: str | None = None) -> list[Node]:
    return [
        Key("format", 1, "The version of the file format (nic reads version 1)."),
        Key("id", idea_id, "The change idea's id: the same as the file name, e.g. CI-07."),
        Key("title", title, "A short name, e.g. Two-minute advisory check-ins."),
        Key("description", description, "What people do differently, concretely enough to try tomorrow, e.g.\n"
                                        "Each advisor has a two-minute one-on-one with every advisee once a week."),
        Key("drivers", list(drivers), "The secondary (or primary) drivers it acts on, from drivers.yaml, e.g. [S1]."),
        Key("origin_site", origin_site, "The site the idea came from, if any, e.g. roosevelt."),
        Key("status", "idea", "idea, testing, implementing, ready_to_spread or retired."),
        Key("adapted_from", adapted_from, "The change idea this one adapts, if any, e.g. CI-02."),
        Key("evidence", "", "Where the idea comes from: research, practice, another network."),
        Key("materials", comment="Handouts, templates and links, e.g.\n"
                                 "  - title: Check-in card\n    link: https://example.org/card.pdf", items=[]),
    ]


def cycle_nodes(cycle_id: str, title: str, recorded_on: dt.date, *, purpose: str = "test",
                change_ideas: Sequence[str] = (), continues: str | None = None, replicates: str | None = None,
                adapted_from: str | None = None, objective: str = "", measures: Sequence[str] = (),
                questions: int = 2) -> list[Node]:
    question = [
        Key("question", "", "A question the test answers, e.g. Will students complete the exit ticket?"),
        Key("prediction", "", "What you expect, written BEFORE the test, e.g. Most of them will."),
        Key("reason", "", "Why you expect it, e.g. It takes two minutes."),
    ]
    return [
        Key("format", 1, "The version of the file format (nic reads version 1)."),
        Key("id", cycle_id, "The cycle's id at this site: the same as the file name, e.g. C03."),
        Key("title", title, "A short name, e.g. Exit tickets in one advisory."),
        Key("purpose", purpose, "test (try a change), learn (build knowledge) or implement (make a change stick)."),
        Key("change_ideas", list(change_ideas), "The change ideas it tests, from change-ideas/, e.g. [CI-07]."),
        Key("continues", continues, "The earlier cycle this one builds on (a ramp), e.g. C02."),
        Key("replicates", replicates, "Another site's cycle this one repeats, e.g. roosevelt/C02."),
        Key("adapted_from", adapted_from, "A cycle whose change this one adapts, e.g. C01 or roosevelt/C01."),
        Key("plan", comment=f"PLAN: write it before the test. {NO_NAMES}", blank_before=True, children=[
            Key("objective", objective, "What this test is for, in one sentence, e.g.\n"
                                        "See whether students finish a two-question exit ticket in advisory."),
            Key("questions", comment="Numbered questions, each with a prediction and its reason.",
                items=[list(question) for _ in range(questions)]),
            Key("who", "", "Who runs the test, e.g. B. Alvarez (advisor)."),
            Key("what", "", "What exactly is tried, e.g. Two-minute check-ins with a two-prompt card."),
            Key("where", "", "Where, e.g. Advisory room 301."),
            Key("planned_start", None, "The first day of the test (YYYY-MM-DD), e.g. 2025-10-20."),
            Key("planned_end", None, "The last day of the test (YYYY-MM-DD), e.g. 2025-10-31."),
            Key("scale", comment="How big the test is: start small (one teacher, one class).", children=[
                Key("teachers", 1), Key("classes", 1), Key("students", None, "How many students, e.g. 31."),
                Key("days", None, "How many school days, e.g. 10."),
            ]),
            Key("data_to_collect", [], "What you will write down, e.g. [Check-ins done, Pulse survey]."),
            Key("measures", list(measures), "The measures it should move, from measures/, e.g. [CHECKIN-DONE]."),
            Key("recorded_on", recorded_on, "The day the plan and predictions were written down."),
        ]),
    ]


# --- the sections `nic pdsa advance` adds ----------------------------------------------

SECTION_NOTES = {
    "do": f"DO: what happened when the test ran. {NO_NAMES}",
    "study": "STUDY: compare what happened with each prediction.",
    "act": "ACT: what the team decided, and what comes next.",
}


def do_nodes(actual_start: dt.date | None) -> list[Node]:
    return [
        Key("as_planned", None, "Was the test carried out as planned? yes, no or partly."),
        Key("what_happened", "", "What happened, with numbers where you have them, e.g.\n"
                                 "Reached 19 of 31 advisees in week 1 and 22 in week 2."),
        Key("surprises", "", "Anything you did not expect, e.g. Students waiting their turn got restless."),
        Key("actual_start", actual_start, "The day the test started (YYYY-MM-DD)."),
        Key("actual_end", None, "The day the test ended (YYYY-MM-DD), e.g. 2025-10-31."),
    ]


def study_nodes(questions: Sequence[tuple[int, str, str]], results: dict[int, str]) -> list[Node]:
    """One entry per plan question: its text and prediction as a comment, the result to mark."""
    items = []
    for number, question, prediction in questions:
        said = f"Q{number}: {question or '(no question text)'}\nPredicted: {prediction or '(no prediction written)'}"
        items.append([
            Key("question", number, said),
            Key("result", results[number], "confirmed, partly or not_confirmed."),
            Key("notes", "", "The evidence, e.g. 41 of 62 check-ins (66%)."),
        ])
    return [
        Key("predictions", comment="Each prediction of the plan, marked.", items=items),
        Key("results", "", "What the data showed, in a sentence or two."),
        Key("learned", "", "What the team learned, including from predictions that were wrong."),
    ]


def act_nodes(decision: str, next_cycle: str | None = None) -> list[Node]:
    return [
        Key("decision", decision, "adopt, adapt or abandon."),
        Key("reason", "", "Why, e.g. Keep the weekly check-in; change the format to small groups."),
        Key("next_cycle", next_cycle, "The id of the next cycle, if one is planned, e.g. C04."),
        Key("next_steps", "", "What happens next, and at what scale, e.g. Two more advisors next month."),
        Note("The scale of the next cycle, e.g.\nnext_scale:\n  teachers: 3\n  classes: 3"),
    ]


@dataclass
class TemplateFile:
    """A rendered file and where it goes (relative to the network root)."""

    path: str
    text: str
    kind: str = ""
    extras: list[str] = field(default_factory=list)
