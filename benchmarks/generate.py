"""Write a realistic synthetic network of N sites, for benchmarks and load tests.

    python benchmarks/generate.py --sites 200 --seed 1 --out /tmp/net200

The network follows the format in docs/format.md: network.yaml, drivers.yaml, one network
aim, eight measures and 35 change ideas at network level; per site a site.yaml,
about ten PDSA cycles (ramps, replications of other sites' cycles, adaptations, all three
decisions, some cycles still in planning) and a school year of weekly outcome data. It
validates with no errors. The output depends only on --sites and --seed.

Plain standard library on purpose (no nictools, no YAML library): the benchmark must not
measure the thing it feeds. YAML is written by hand with careful quoting (`yaml_text`).

The structure is built in two steps so a history mode can be added later: `plan_network`
decides everything (sites, cycles with the date of each stage, data series), and the
`*_doc` / `*_csv` functions render one file as it stood on a given date (`as_of`): a cycle
shows only the stages reached by then, a data file only the weeks already past.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import re
import sys
import textwrap
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

# --------------------------------------------------------------------------------------
# YAML writing: block style, two-space indentation, quoted only where YAML needs it.
# --------------------------------------------------------------------------------------

WIDTH = 92
_RESERVED = {
    "", "~", "null", "true", "false", "yes", "no", "on", "off", "y", "n",
}
_PLAIN_OK = re.compile(r"[A-Za-z0-9(][^\n\t]*\Z")
_NUMBERISH = re.compile(r"[-+]?(\d[\d_,:.]*|\.\d+)([eE][-+]?\d+)?\Z|[-+]?\.(inf|nan)\Z|0[xob][0-9a-f_]+\Z",
                        re.IGNORECASE)
_DATEISH = re.compile(r"\d{4}-\d{1,2}-\d{1,2}")
_SIMPLE_ID = re.compile(r"[A-Za-z][A-Za-z0-9_./-]*\Z")


def _needs_quotes(text: str) -> bool:
    if text.lower() in _RESERVED or not _PLAIN_OK.match(text):
        return True
    if _NUMBERISH.match(text) or _DATEISH.match(text):
        return True
    if text != text.strip() or ": " in text or " #" in text or text.endswith(":"):
        return True
    return False


def scalar(value: Any) -> str:
    """One value as a YAML scalar (YAML 1.1 and 1.2 read it the same way)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return repr(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    text = str(value)
    return json.dumps(text, ensure_ascii=False) if _needs_quotes(text) else text


def _block_text(text: str, indent: int, prefix_len: int) -> list[str] | None:
    """A long text as a folded (`>-`) or literal (`|-`) block, or None if it fits its line."""
    pad = " " * indent
    if "\n" in text:
        lines = text.strip("\n").split("\n")
        return ["|-"] + [(pad + line) if line else "" for line in lines]
    if prefix_len + 1 + len(text) <= WIDTH + 8 or "  " in text or text != text.strip():
        return None
    wrapped = textwrap.wrap(text, width=max(40, WIDTH - indent), break_long_words=False,
                            break_on_hyphens=False)
    return [">-"] + [pad + line for line in wrapped]


def _flow_list(items: list[Any]) -> str | None:
    """`[CI-01, CI-02]` for short lists of plain ids, else None."""
    if not items:
        return "[]"
    if all(isinstance(i, str) and _SIMPLE_ID.match(i) and not _needs_quotes(i) for i in items):
        text = "[" + ", ".join(items) + "]"
        if len(text) < 60:
            return text
    if all(isinstance(i, (int, float)) and not isinstance(i, bool) for i in items):
        return "[" + ", ".join(repr(i) for i in items) + "]"
    return None


def _emit(value: Any, indent: int, out: list[str], key_prefix: str) -> None:
    """Append `key_prefix` + value to out (key_prefix is 'key:' or '-' with its indent)."""
    if isinstance(value, dict):
        if not value:
            out.append(f"{key_prefix} {{}}")
            return
        out.append(key_prefix)
        _emit_mapping(value, indent + 2, out)
    elif isinstance(value, list):
        flow = _flow_list(value)
        if flow is not None:
            out.append(f"{key_prefix} {flow}")
            return
        out.append(key_prefix)
        _emit_sequence(value, indent + 2, out)
    elif isinstance(value, str):
        block = _block_text(value, indent + 2, len(key_prefix))
        if block is None:
            out.append(f"{key_prefix} {scalar(value)}")
        else:
            out.append(f"{key_prefix} {block[0]}")
            out.extend(block[1:])
    else:
        out.append(f"{key_prefix} {scalar(value)}")


def _emit_mapping(mapping: dict[str, Any], indent: int, out: list[str], first_prefix: str | None = None) -> None:
    pad = " " * indent
    for i, (key, value) in enumerate(mapping.items()):
        if value is None:
            continue
        prefix = (first_prefix if (i == 0 and first_prefix is not None) else pad) + f"{key}:"
        _emit(value, indent, out, prefix)


def _emit_sequence(items: list[Any], indent: int, out: list[str]) -> None:
    pad = " " * indent
    for item in items:
        if isinstance(item, dict) and item:
            first = next(k for k, v in item.items() if v is not None)
            trimmed = {first: item[first], **{k: v for k, v in item.items() if k != first}}
            _emit_mapping(trimmed, indent + 2, out, first_prefix=pad + "- ")
        else:
            _emit(item, indent, out, pad + "-")


def yaml_text(doc: dict[str, Any], comment: str | None = None) -> str:
    """A mapping as a YAML document (keys in the given order; None values are left out)."""
    out: list[str] = []
    if comment:
        out.extend("# " + line if line else "#" for line in comment.split("\n"))
    _emit_mapping(doc, 0, out)
    return "\n".join(out) + "\n"


def blank_lines_between_sections(text: str, keys: tuple[str, ...]) -> str:
    """Put an empty line before the given top-level keys (for people reading the file)."""
    lines = text.split("\n")
    result: list[str] = []
    for line in lines:
        if result and any(line.startswith(k + ":") for k in keys):
            result.append("")
        result.append(line)
    return "\n".join(result)


def csv_text(header: list[str], rows: list[list[Any]]) -> str:
    """CSV with LF line endings; numbers without trailing zeros; text quoted when needed."""
    def cell(v: Any) -> str:
        if v is None:
            return ""
        if isinstance(v, float):
            return f"{v:.4f}".rstrip("0").rstrip(".")
        if isinstance(v, dt.date):
            return v.isoformat()
        s = str(v)
        return '"' + s.replace('"', '""') + '"' if any(c in s for c in ',"\n') else s
    return "".join(",".join(cell(v) for v in row) + "\n" for row in [header, *rows])


# --------------------------------------------------------------------------------------
# The school calendar
# --------------------------------------------------------------------------------------

YEAR_START = dt.date(2025, 8, 25)   # a Monday
YEAR_END = dt.date(2026, 6, 12)
BREAKS = [
    ("Thanksgiving break", dt.date(2025, 11, 24), dt.date(2025, 11, 28)),
    ("Winter break", dt.date(2025, 12, 22), dt.date(2026, 1, 2)),
    ("Spring break", dt.date(2026, 3, 23), dt.date(2026, 3, 27)),
]


def in_break(day: dt.date) -> bool:
    return any(start <= day <= end for _, start, end in BREAKS)


def school_weeks(start: dt.date = YEAR_START, end: dt.date = YEAR_END) -> list[dt.date]:
    """The Mondays of the weeks with school (break weeks left out)."""
    weeks = []
    monday = start - dt.timedelta(days=start.weekday())
    while monday <= end:
        if not in_break(monday):
            weeks.append(monday)
        monday += dt.timedelta(days=7)
    return weeks


def next_school_day(day: dt.date) -> dt.date:
    while day.weekday() >= 5 or in_break(day):
        day += dt.timedelta(days=1)
    return day


def add_school_weeks(day: dt.date, weeks: int) -> dt.date:
    """The Friday `weeks` school weeks after the Monday of `day`'s week."""
    monday = day - dt.timedelta(days=day.weekday())
    counted = 0
    while True:
        if not in_break(monday):
            counted += 1
            if counted == weeks:
                return monday + dt.timedelta(days=4)
        monday += dt.timedelta(days=7)


# --------------------------------------------------------------------------------------
# Network-level content: drivers, measures, change ideas
# --------------------------------------------------------------------------------------

PRIMARY = [
    ("P1", "Every ninth grader is known by an adult who notices and acts",
     "Students come to school when someone there knows them, expects them and follows up when they miss."),
    ("P2", "Teams see attendance data weekly and respond early",
     "Ninth-grade teams look at last week's attendance by student and act before absences pile up."),
    ("P3", "Families are partners in attendance",
     "Families hear good news as well as bad, in their language, and are asked what gets in the way."),
]
SECONDARY = [
    ("S1", "Consistent, personal advisory check-ins", ["P1"], "active"),
    ("S2", "Students feel they belong in ninth grade", ["P1"], "active"),
    ("S3", "A smooth move from eighth to ninth grade", ["P1", "P3"], "active"),
    ("S4", "A weekly team review of attendance by student", ["P2"], "active"),
    ("S5", "A clear, tiered response when a student starts missing", ["P2", "P1"], "active"),
    ("S6", "Accurate, timely period attendance records", ["P2"], "active"),
    ("S7", "Positive two-way communication with families", ["P3"], "active"),
    ("S8", "Barriers outside school are found and addressed", ["P3", "P2"], "active"),
    ("S9", "First period is worth arriving on time for", ["P1"], "proposed"),
    ("S10", "Incentives and recognition for attendance", ["P2"], "retired"),
]

# (id, title, drivers, status, what the change asks of staff)
CHANGE_IDEAS = [
    ("CI-01", "Greeting every student by name at the door", ["S2"], "testing", "greet each student by name at the classroom door"),
    ("CI-02", "Weekly two-minute advisor check-in", ["S1"], "ready_to_spread", "hold a two-minute one-on-one check-in with each advisee every week"),
    ("CI-03", "Shared check-in tracker", ["S1", "S4"], "implementing", "log each check-in in the shared tracker the same day"),
    ("CI-04", "Weekly twenty-minute attendance huddle", ["S4", "S5"], "ready_to_spread", "review the watch list together every Tuesday and assign one adult per student"),
    ("CI-05", "Tiered response ladder", ["S5", "S7"], "testing", "follow the ladder: text home after one absence, call after two, meeting after three"),
    ("CI-06", "Good-news calls home", ["S7"], "implementing", "make one good-news call home per advisee in the first six weeks"),
    ("CI-07", "Same-day absence texts in the home language", ["S7", "S6"], "implementing", "send a same-day text in the family's home language when a student is absent"),
    ("CI-08", "Attendance taken in the first ten minutes", ["S6"], "testing", "take period attendance in the first ten minutes and correct it by noon"),
    ("CI-09", "Weekly attendance raffle", ["S10"], "retired", "enter students with a full week of attendance in a Friday raffle"),
    ("CI-10", "Eleventh-grade peer mentors", ["S2", "S3"], "implementing", "pair each ninth grader with an eleventh-grade mentor who meets them weekly"),
    ("CI-11", "Summer bridge follow-up in September", ["S3"], "idea", "reconnect summer bridge students with their bridge mentor in the first month"),
    ("CI-12", "Student goal setting with attendance self-tracking", ["S2", "S5"], "idea", "set a weekly attendance goal with each student and let them track it"),
    ("CI-13", "Transportation barrier check", ["S8"], "implementing", "ask each student with two absences how they get to school and solve transport problems"),
    ("CI-14", "Family visits at a time the family chooses", ["S8", "S7"], "testing", "visit families of students with three absences at a time the family chooses"),
    ("CI-15", "Small-group check-in cards", ["S1"], "implementing", "run check-ins in groups of four with a short card each student fills in"),
    ("CI-16", "First-period warm start", ["S9"], "idea", "open first period with a five-minute activity students look forward to"),
    ("CI-17", "Counselor-led attendance success plans", ["S5", "S8"], "idea", "write a short success plan with each student who misses three days in a month"),
]

MEASURES = [
    # id, title, type, calculation, chart, direction, unit
    ("ATT-90", "Ninth graders attending 90% or more of class periods", "outcome", "proportion", "p", "up", "proportion of ninth graders"),
    ("ADULT-CHECKIN", "Students reporting an adult checked in with them", "driver", "proportion", "p", "up", "proportion of survey respondents"),
    ("BELONG", "Sense of belonging (weekly pulse, 1-5)", "driver", "mean", "xbar", "up", "mean score on a 1 to 5 scale"),
    ("CHECKIN-DONE", "Planned advisory check-ins completed", "process", "proportion", "p", "up", "proportion of planned check-ins"),
    ("FOLLOWUP-2D", "Flagged students followed up within two school days", "process", "proportion", "p", "up", "proportion of flagged students"),
    ("FAMILY-CONTACT", "Positive family contacts logged", "process", "count", "c", "up", "contacts per week"),
    ("TEACHER-MIN", "Teacher minutes per week on network routines", "balancing", "mean", "i", "down", "minutes per teacher per week"),
    ("REFERRALS", "Office referrals per 100 ninth graders", "balancing", "rate", "u", "down", "referrals per 100 ninth graders"),
]


def drivers_doc() -> dict[str, Any]:
    return {
        "format": 1,
        "aim": "network-aim",
        "primary": [{"id": i, "title": t, "description": d} for i, t, d in PRIMARY],
        "secondary": [
            {"id": i, "title": t, "primary_drivers": p, "status": None if s == "active" else s}
            for i, t, p, s in SECONDARY
        ],
        "revisions": [
            {"date": dt.date(2025, 8, 11), "summary": "First version agreed at the launch convening.",
             "reason": "Built from the network's causal analysis and the sites' fishbone diagrams."},
            {"date": dt.date(2026, 1, 12), "summary": "Retired S10 (incentives); proposed S9 (first period).",
             "reason": "Raffle cycles showed a one-week bump and no lasting change; several teams traced "
                       "missed periods to first period."},
        ],
    }


def measure_doc(mid: str, title: str, mtype: str, calc: str, chart: str, direction: str, unit: str) -> dict[str, Any]:
    doc: dict[str, Any] = {
        "format": 1, "id": mid, "title": title, "type": mtype, "calculation": calc,
        "definition": f"{title}, counted the same way every week at every site.",
        "unit": unit, "frequency": "weekly", "direction": direction,
        "chart": {"type": chart, "rules": "anhoej"}, "scope": "site",
        "collection": {"who": "The site's data lead", "source": "The student information system",
                       "when": "Every Monday, for the week before"},
    }
    if calc in ("proportion", "rate"):
        doc["numerator"] = {"description": f"Count for: {title.lower()}"}
        doc["denominator"] = {"description": "Ninth graders enrolled that week",
                              "exclusion": "Students enrolled for fewer than three days that week"}
    if calc == "rate":
        doc["multiply"] = 100
    if mid == "ATT-90":
        doc["goal"] = 0.85
    order = ["format", "id", "title", "type", "calculation", "definition", "numerator", "denominator",
             "unit", "multiply", "frequency", "direction", "chart", "scope", "collection", "goal"]
    return {k: doc[k] for k in order if k in doc}


def change_idea_doc(cid: str, title: str, drivers: list[str], status: str, ask: str,
                    origin: str | None, adapted_from: str | None) -> dict[str, Any]:
    return {
        "format": 1, "id": cid, "title": title,
        "description": f"Ninth-grade staff {ask}. The aim is that no student's absences go unnoticed for more than a week.",
        "drivers": drivers, "origin_site": origin, "status": status, "adapted_from": adapted_from,
        "evidence": "Practice in network schools and the research on ninth-grade on-track indicators.",
    }


# --------------------------------------------------------------------------------------
# Sites and their cycles, planned once, rendered as of any date
# --------------------------------------------------------------------------------------

SCHOOL_NAMES = [
    "Lincoln", "Roosevelt", "Jefferson", "Washington", "Franklin", "Kennedy", "Madison", "Hamilton",
    "Riverside", "Lakeview", "Oak Grove", "Cedar Ridge", "Pine Hill", "Maple Park", "Harbor View",
    "Mesa Verde", "North Valley", "Eastside", "Westfield", "Southgate", "Fairview", "Highland",
    "Brookside", "Sunnyvale", "Garfield", "Douglass", "Chavez", "King", "Parks", "Tubman",
]
STAFF = ["J. Rivera", "A. Chen", "M. Okafor", "D. Patel", "S. Nguyen", "L. Haddad", "R. Johnson",
         "K. Mendoza", "T. Williams", "E. Kowalski", "P. Adeyemi", "H. Park", "C. Romero", "N. Ibrahim"]
RETIRED_AFTER = dt.date(2025, 12, 1)  # no new cycles of a retired change idea after this
RAMP = [  # (scale label, teachers, students) from small to whole grade
    ("one teacher, one class", 1, 26),
    ("grade-level team", 5, 120),
    ("whole ninth grade", 16, 380),
]


@dataclass
class Stage:
    name: str
    date: dt.date          # the day the stage was written down


@dataclass
class PlannedCycle:
    site: str
    id: str
    change_idea: str | None
    ask: str
    purpose: str
    start: dt.date
    end: dt.date
    scale: int                       # index into RAMP
    continues: str | None = None
    adapted_from: str | None = None
    replicates: str | None = None
    decision: str | None = None
    next_cycle: str | None = None
    stages: list[Stage] = field(default_factory=list)
    draft: bool = False
    results: tuple[str, str] = ("confirmed", "partly")
    variant: int = 0                 # picks the wording from the text banks
    students: int = 0
    lead: str = "The ninth-grade team"
    next_recorded: dt.date | None = None  # when the next cycle's plan was written down


@dataclass
class PlannedSite:
    id: str
    name: str
    cluster: str
    size: str
    enrolled: int
    joined: dt.date
    coach: str
    team: list[tuple[str, str]]
    cycles: list[PlannedCycle] = field(default_factory=list)
    weekly: list[tuple[dt.date, int, int, str | None]] = field(default_factory=list)
    last_day: dt.date = YEAR_END


@dataclass
class PlannedNetwork:
    sites: list[PlannedSite]
    as_of: dt.date


def _site_ids(n: int, rng: random.Random) -> list[tuple[str, str]]:
    out = []
    for i in range(n):
        base = SCHOOL_NAMES[i % len(SCHOOL_NAMES)]
        number = i // len(SCHOOL_NAMES)
        name = f"{base} High School" if number == 0 else f"{base} High School {number + 1}"
        sid = base.lower().replace(" ", "-") + ("" if number == 0 else f"-{number + 1}")
        out.append((sid, name))
    rng.shuffle(out)
    return out


def _plan_cycles(site: PlannedSite, earlier: dict[str, list[PlannedCycle]], rng: random.Random,
                 stale: bool) -> None:
    """About ten cycles in ramps of one to three, from one class to the whole grade.

    A ramp's next cycle `continues` an adopted cycle or is `adapted_from` an adapted one; the
    first cycle of a ramp may replicate another site's cycle of the same change idea. The last
    two cycles of an active site are still open (one being carried out, one in planning).
    """
    weeks = school_weeks(dt.date(2025, 9, 8), dt.date(2026, 5, 22))
    count = rng.randint(8, 12)
    if stale:  # the site stopped in December: a few cycles, all in the fall
        weeks = [w for w in weeks if w < dt.date(2025, 12, 1)]
        count = rng.randint(3, 5)
    testable = [ci for ci in CHANGE_IDEAS if ci[3] != "idea"]
    slot = 0
    while len(site.cycles) < count and slot < len(weeks):
        cid, _title, _drivers, status, ask = rng.choice(testable)
        if status == "retired" and weeks[slot] >= RETIRED_AFTER:
            continue
        ramp_len = 1 if status == "retired" else rng.choice((1, 2, 3, 3))
        previous: PlannedCycle | None = None
        for step in range(ramp_len):
            if len(site.cycles) >= count or slot >= len(weeks):
                break
            start = weeks[slot]
            length = rng.choice((2, 2, 3, 4))
            end = add_school_weeks(start, length)
            slot += length
            c = PlannedCycle(site.id, f"C{len(site.cycles) + 1:02d}", cid, ask,
                             "implement" if step == 2 else "test", start, end, step)
            if previous is not None:
                if previous.decision == "adapt":
                    c.adapted_from = previous.id
                else:
                    c.continues = previous.id
                previous.next_cycle = c.id
            else:
                sources = [x for x in earlier.get(cid, []) if x.start < start]
                if sources and rng.random() < 0.5:
                    source = rng.choice(sources)
                    c.replicates = f"{source.site}/{source.id}"
            if status == "retired":
                c.decision, c.results = "abandon", ("partly", "not_confirmed")
            elif step < ramp_len - 1:
                c.decision = rng.choice(("adopt", "adopt", "adapt"))
            else:
                c.decision = rng.choice(("adopt", "adopt", "adopt", "abandon"))
                if c.decision == "abandon":
                    c.results = ("partly", "not_confirmed")
            c.variant = rng.randrange(1 << 16)
            c.students = min(site.enrolled, RAMP[step][2] if step < 2 else site.enrolled)
            c.lead = f"{site.team[0][1]} and the ninth-grade team" if step else f"{rng.choice(STAFF)} (one teacher)"
            site.cycles.append(c)
            previous = c
        slot += rng.choice((0, 1))
    for c in site.cycles:
        if c.decision == "adapt" and c.next_cycle is None:  # the ramp was cut short
            c.decision = "adopt"
        recorded = c.start - dt.timedelta(days=rng.choice((3, 4, 7)))
        study_day = next_school_day(c.end + dt.timedelta(days=3))
        c.stages = [Stage("plan", recorded), Stage("do", c.start), Stage("study", study_day),
                    Stage("act", next_school_day(study_day + dt.timedelta(days=1)))]
    if not stale and len(site.cycles) >= 3:
        last, before = site.cycles[-1], site.cycles[-2]
        last.stages, last.decision, last.next_cycle = last.stages[:1], None, None
        last.draft = rng.random() < 0.1
        if before.next_cycle is None:
            before.stages, before.decision = before.stages[:2], None
    elif stale and site.cycles:
        site.cycles[-1].stages = site.cycles[-1].stages[:2]
        site.cycles[-1].decision = site.cycles[-1].next_cycle = None
    by_id = {c.id: c for c in site.cycles}
    for c in site.cycles:
        if c.next_cycle:
            c.next_recorded = by_id[c.next_cycle].stages[0].date
        earlier.setdefault(c.change_idea, []).append(c)


def _plan_data(site: PlannedSite, rng: random.Random) -> None:
    """A year of weekly ATT-90 data; a sustained shift after an adopted whole-grade change."""
    base = rng.uniform(0.66, 0.80)
    adopted = [c for c in site.cycles if c.decision == "adopt" and c.scale >= 1 and len(c.stages) == 4]
    shift_from = adopted[0].end + dt.timedelta(days=3) if adopted and rng.random() < 0.6 else None
    lift = rng.uniform(0.04, 0.08)
    for monday in school_weeks():
        if monday > site.last_day:
            break
        denominator = site.enrolled - rng.randint(0, max(2, site.enrolled // 40))
        p = base + (lift if shift_from and monday >= shift_from else 0.0)
        p += rng.gauss(0, 0.012)
        sd = (p * (1 - p) / denominator) ** 0.5
        numerator = round(denominator * min(0.99, max(0.05, rng.gauss(p, sd))))
        note = None
        if shift_from and monday >= shift_from and monday - shift_from < dt.timedelta(days=7):
            note = "Change adopted for the whole grade this week"
        site.weekly.append((monday, numerator, denominator, note))


def plan_network(n_sites: int, seed: int) -> PlannedNetwork:
    rng = random.Random(seed)
    sites = []
    earlier: dict[str, list[PlannedCycle]] = {}
    for index, (sid, name) in enumerate(_site_ids(n_sites, rng)):
        size = rng.choice(("small", "medium", "medium", "large"))
        enrolled = {"small": rng.randint(70, 140), "medium": rng.randint(180, 320), "large": rng.randint(360, 520)}[size]
        staff = rng.sample(STAFF, 4)
        site = PlannedSite(
            sid, name, "connect" if index % 2 == 0 else "respond", size, enrolled,
            dt.date(2025, 6, 2) if index % 3 else dt.date(2024, 6, 3), staff[0],
            [("Team lead", staff[1]), ("Data lead", staff[2]), ("Ninth-grade counselor", staff[3])],
        )
        stale = rng.random() < 0.05
        if stale:
            site.last_day = dt.date(2026, 1, 30)
        _plan_cycles(site, earlier, rng, stale)
        _plan_data(site, rng)
        sites.append(site)
    return PlannedNetwork(sites, as_of=dt.date(2026, 6, 26))


# --------------------------------------------------------------------------------------
# Rendering one file as of a date
# --------------------------------------------------------------------------------------

def network_doc() -> dict[str, Any]:
    return {
        "format": 1,
        "name": "Synthetic Ninth Grade On-Track Network",
        "hub": "Benchmark Education Partnership",
        "description": "A generated network for benchmarks: ninth-grade attendance across many schools.",
        "aim": "network-aim",
        "clusters": [
            {"id": "connect", "name": "Connection Research Action Cluster", "primary_driver": "P1"},
            {"id": "respond", "name": "Early Response Research Action Cluster", "primary_driver": "P2"},
        ],
        "calendar": {"breaks": [{"name": n, "start": s, "end": e} for n, s, e in BREAKS]},
    }


def aim_doc() -> dict[str, Any]:
    return {
        "format": 1, "id": "network-aim", "title": "Ninth graders in school, every week",
        "statement": "By June 12, 2026, 85% of ninth graders in network schools will attend at least 90% "
                     "of their class periods each week, up from 72% in the fall of 2025.",
        "for_whom": {"population": "Ninth-grade students in network schools",
                     "strata": ["English learners", "Students with disabilities", "Students new to the district"]},
        "outcome_measure": "ATT-90",
        "baseline": {"start": dt.date(2025, 8, 25), "end": dt.date(2025, 10, 3), "value": 0.72},
        "target": {"value": 0.85, "date": YEAR_END},
    }


def site_doc(site: PlannedSite) -> dict[str, Any]:
    return {
        "format": 1, "id": site.id, "name": site.name, "cluster": site.cluster,
        "context": {"level": "high", "size_band": site.size},
        "joined": site.joined, "cohort": str(site.joined.year), "status": "active", "coach": site.coach,
        "team": [{"role": r, "name": n} for r, n in site.team],
        "focus_drivers": ["P1", "S1"] if site.cluster == "connect" else ["P2", "S4"],
    }


def _scale_doc(index: int, students: int, days: int) -> dict[str, Any]:
    label, teachers, _students = RAMP[index]
    return {"teachers": teachers, "students": students, "days": days, "notes": label}


QUESTIONS = [
    ("Will staff carry the change out every week as planned?", "At least four out of five planned times.",
     "It fits into time the team already has."),
    ("Can we do it for every student in the group within the week?", "Yes, for nearly everyone present.",
     "The routine takes a few minutes per student."),
    ("Will students with two or more absences last month miss fewer periods?",
     "Yes, most of them miss fewer periods within three weeks.",
     "Students come when an adult expects them and follows up."),
    ("Will students notice the change when asked?", "Most will mention it without prompting.",
     "It is visible and personal."),
    ("Will teachers spend under 30 extra minutes a week on it?", "Yes, about 20 minutes.",
     "The pilot teacher needed about that much."),
    ("Will families answer more often?", "About half will answer within a day.",
     "Families want to hear from a named adult."),
]
HAPPENED = [
    "Most weeks went as planned; one week was lost to testing.",
    "Ran every week. One teacher was out for three days and a colleague covered.",
    "Started a few days late after picture day; otherwise as planned.",
    "Ran as planned; the tally was kept on paper and entered on Fridays.",
]
SURPRISES = [
    "Students asked for the routine when it was skipped.",
    "Two students raised problems at home that went to the counselor.",
    "Families called back to thank the teacher.",
    None,
]
LEARNED = [
    "The routine works when it has a fixed time in the week.",
    "It holds up beyond one enthusiastic teacher when the logging is simple.",
    "The students we most need to reach need a second chance in the week.",
    "Where the hand-off happens matters as much as the idea.",
]


def cycle_doc(c: PlannedCycle, as_of: dt.date | None = None) -> dict[str, Any]:
    """A PDSA cycle as it stood on `as_of` (all its stages when None)."""
    stages = [s for s in c.stages if as_of is None or s.date <= as_of]
    names = {s.name for s in stages}
    label = RAMP[c.scale][0]
    v = c.variant
    days = 5 * max(1, round((c.end - c.start).days / 7))
    picks = [QUESTIONS[v % 2], QUESTIONS[2 + (v >> 1) % 2], QUESTIONS[4 + (v >> 2) % 2]][: 2 + (v >> 3) % 2]
    doc: dict[str, Any] = {
        "format": 1, "id": c.id,
        "title": f"{c.ask[0].upper()}{c.ask[1:]} ({label})",
        "status": "draft" if c.draft else None,
        "purpose": c.purpose,
        "change_ideas": [c.change_idea] if c.change_idea else [],
        "continues": c.continues, "adapted_from": c.adapted_from, "replicates": c.replicates,
        "plan": {
            "objective": f"Find out whether we can {c.ask} at the scale of a {label}, and whether "
                         f"students notice.",
            "questions": [{"question": q, "prediction": p, "reason": r} for q, p, r in picks],
            "who": c.lead, "where": "Ninth-grade classrooms",
            "planned_start": c.start, "planned_end": c.end,
            "scale": _scale_doc(c.scale, c.students, days),
            "data_to_collect": ["A tally of the times the change was done", "Weekly period attendance"],
            "measures": ["ATT-90"],
            "recorded_on": c.stages[0].date,
        },
    }
    if "do" in names:
        doc["do"] = {"as_planned": ("yes", "partly")[v % 2], "actual_start": c.start,
                     "actual_end": c.end if "study" in names else None,
                     "what_happened": HAPPENED[(v >> 4) % len(HAPPENED)],
                     "surprises": SURPRISES[(v >> 6) % len(SURPRISES)]}
    if "study" in names:
        results = [c.results[0]] + [c.results[1]] * (len(picks) - 1)
        doc["study"] = {
            "predictions": [{"question": i + 1, "result": r} for i, r in enumerate(results)],
            "results": "The tally and the attendance data were reviewed at the team meeting.",
            "learned": LEARNED[(v >> 8) % len(LEARNED)],
        }
    if "act" in names and c.decision:
        # as of an earlier date, the next cycle may not have been planned yet
        next_cycle = c.next_cycle if as_of is None or (c.next_recorded and c.next_recorded <= as_of) else None
        doc["act"] = {"decision": c.decision, "next_cycle": next_cycle,
                      "next_scale": _scale_doc(min(c.scale + 1, 2), RAMP[min(c.scale + 1, 2)][2], days) if c.next_cycle else None,
                      "next_steps": {"adopt": "Keep it and widen the test.", "adapt": "Change the timing and test again.",
                                     "abandon": "Stop; share what we learned with the cluster."}[c.decision]}
    return doc


def data_csv(site: PlannedSite, as_of: dt.date | None = None) -> str:
    rows = [[m, num, den, note] for m, num, den, note in site.weekly
            if as_of is None or m + dt.timedelta(days=7) <= as_of]
    return csv_text(["period", "numerator", "denominator", "note"], rows)


# --------------------------------------------------------------------------------------
# Writing
# --------------------------------------------------------------------------------------

def write_network(net: PlannedNetwork, out: Path, as_of: dt.date | None = None) -> int:
    """Write every file of the network as of a date; returns the number of files written."""
    files: dict[str, str] = {
        "network.yaml": yaml_text(network_doc()),
        "drivers.yaml": yaml_text(drivers_doc()),
        "aims/network-aim.yaml": yaml_text(aim_doc()),
    }
    for m in MEASURES:
        files[f"measures/{m[0]}.yaml"] = yaml_text(measure_doc(*m))
    origins = {c.change_idea: s.id for s in reversed(net.sites) for c in s.cycles}
    for cid, title, drivers, status, ask in CHANGE_IDEAS:
        files[f"change-ideas/{cid}.yaml"] = yaml_text(change_idea_doc(
            cid, title, drivers, status, ask, origins.get(cid) if cid in ("CI-13", "CI-15") else None,
            "CI-02" if cid == "CI-15" else None))
    # more change ideas so the count is like a real network's second year
    for k in range(18, 36):
        base = CHANGE_IDEAS[k % len(CHANGE_IDEAS)]
        cid = f"CI-{k:02d}"
        files[f"change-ideas/{cid}.yaml"] = yaml_text(change_idea_doc(
            cid, f"{base[1]}, variant {k - 16}", base[2] if base[3] != "retired" else ["S4"], "idea", base[4], None, base[0]))
    for site in net.sites:
        files[f"sites/{site.id}/site.yaml"] = yaml_text(site_doc(site))
        for c in site.cycles:
            if as_of is None or c.stages[0].date <= as_of:
                files[f"sites/{site.id}/pdsa/{c.id}.yaml"] = yaml_text(cycle_doc(c, as_of))
        files[f"sites/{site.id}/data/ATT-90.csv"] = data_csv(site, as_of)
    for rel, text in files.items():
        path = out / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8", newline="\n")
    return len(files)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sites", type=int, required=True, help="number of sites (schools)")
    parser.add_argument("--seed", type=int, default=1, help="random seed (the same seed gives the same network)")
    parser.add_argument("--out", type=Path, required=True, help="folder to write the network into")
    parser.add_argument("--history", action="store_true",
                        help="also write ~3 years of git history (DIR becomes the git root; fast-import)")
    args = parser.parse_args(argv)
    if args.sites < 1:
        parser.error("--sites must be at least 1")
    if args.history:
        sys.path.insert(0, str(Path(__file__).resolve().parent))
        import generate_history  # the history mode lives beside this file

        return generate_history.main(["--sites", str(args.sites), "--seed", str(args.seed), "--out", str(args.out)])
    if args.out.exists() and any(args.out.iterdir()):
        parser.error(f"{args.out} is not empty; give a new or empty folder")
    started = time.perf_counter()
    net = plan_network(args.sites, args.seed)
    count = write_network(net, args.out)
    print(f"wrote {count} files for {args.sites} sites to {args.out} in {time.perf_counter() - started:.2f} s",
          file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
