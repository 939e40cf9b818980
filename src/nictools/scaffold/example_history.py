"""`nic init --example DIR`: the bundled example network as a git repository with a school year of history.

The history is *derived* from the example's own dates, so it stays consistent when the
example changes: each PDSA cycle is committed stage by stage (plan on `recorded_on`, do
when the test ended, study and act a few days later), each site's data grows week by week,
the driver diagram is revised mid-year (its last `revisions` entry, with the reason in
the commit message), a site whose data stops early goes quiet, one cycle's predictions
are committed together with its `do` (planned on paper, written up after the test), and
the convenings are annotated tags.

It is written with ONE `git fast-import` stream: no per-commit git process, no user
config (GIT_CONFIG_GLOBAL/NOSYSTEM), fixed names and dates, so the same example gives
the same commit ids every time.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import re
import shutil
import textwrap
from dataclasses import dataclass, field
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import Any, Iterable

from nictools.errors import NicError

BRANCH = "main"
TIMEZONE = "-0500"
_TZ = dt.timezone(dt.timedelta(hours=-5))
START = dt.date(2025, 8, 4)
END = dt.date(2026, 6, 26)
STAGES = ("do", "study", "act")


@dataclass(frozen=True)
class Person:
    name: str
    email: str

    def signature(self, when: dt.datetime) -> str:
        return f"{self.name} <{self.email}> {int(when.timestamp())} {TIMEZONE}"


HUB = Person("R. Mensah", "r.mensah@riverbend.example.org")
HUB_DATA = Person("T. Nakamura", "t.nakamura@riverbend.example.org")


@dataclass(frozen=True)
class Convening:
    tag: str
    day: dt.date
    message: str


CONVENINGS = (
    Convening("convening/2025-08", dt.date(2025, 8, 11), "Launch convening: aim, measures and the first driver diagram."),
    Convening("convening/2025-10", dt.date(2025, 10, 22), "Fall convening: first cycles and first ramps."),
    Convening("convening/2026-01", dt.date(2026, 1, 12), "Winter convening: the driver diagram is revised."),
    Convening("convening/2026-04", dt.date(2026, 4, 15), "Spring convening: what is ready to spread."),
)


@dataclass
class Commit:
    when: dt.datetime
    author: Person
    message: str
    files: dict[str, bytes]
    order: int = 0


@dataclass
class History:
    commits: list[Commit] = field(default_factory=list)
    tags: list[tuple[Convening, int]] = field(default_factory=list)  # convening, index of the commit it tags
    late_prediction: str = ""  # `site/C04`: the cycle whose predictions were committed with its do
    stale_site: str = ""


# --- reading the bundled example -----------------------------------------------------------


def example_root() -> Traversable:
    """The example network inside the installed package (works from a wheel, too)."""
    return resources.files("nictools") / "example"


def example_files(root: Traversable | Path | None = None) -> dict[str, bytes]:
    """Every file of the example: relative path -> bytes, in path order."""
    base = root if root is not None else example_root()
    out: dict[str, bytes] = {}

    def walk(node: Any, prefix: str) -> None:
        for child in node.iterdir():
            name = child.name
            if name in ("__pycache__", ".DS_Store") or name.endswith(".pyc"):
                continue
            rel = f"{prefix}{name}"
            if child.is_dir():
                walk(child, rel + "/")
            else:
                out[rel] = child.read_bytes()

    if not base.is_dir():
        raise NicError("The bundled example network is missing from this installation of nictools.",
                       "Reinstall it (pip install --force-reinstall nic-toolkit).")
    walk(base, "")
    return dict(sorted(out.items()))


def _data(text: str, path: str) -> dict[str, Any]:
    from nictools.load.yaml import read_yaml

    data = read_yaml(text, path).data
    return data if isinstance(data, dict) else {}


def _date(value: Any) -> dt.date | None:
    try:
        return dt.date.fromisoformat(str(value)) if value else None
    except ValueError:
        return None


# --- text surgery on the final files (so every intermediate version is the final one, cut) ---

_TOP_KEY = re.compile(r"([A-Za-z_][\w-]*)\s*:")


def drop_top_level(text: str, keys: Iterable[str]) -> str:
    """`text` without the top-level blocks of `keys` (their own comments go with them)."""
    drop = set(keys)
    lines = text.splitlines(keepends=True)
    blocks: list[tuple[str | None, list[str]]] = [(None, [])]
    for line in lines:
        match = _TOP_KEY.match(line)
        if match:
            pending: list[str] = []
            previous = blocks[-1][1]
            while previous and previous[-1].startswith("#"):  # a comment just above belongs to the key
                pending.insert(0, previous.pop())
            blocks.append((match.group(1), pending + [line]))
        else:
            blocks[-1][1].append(line)
    kept = "".join("".join(body) for key, body in blocks if key not in drop)
    return kept.rstrip("\n") + "\n" if kept.strip() else kept


def drop_plan_questions(text: str) -> str:
    """The cycle without `plan.questions` (block or flow style), comments above it included."""
    lines = text.splitlines(keepends=True)
    out: list[str] = []
    in_plan = skipping = False
    for line in lines:
        stripped = line.rstrip("\n")
        indent = len(stripped) - len(stripped.lstrip(" "))
        if _TOP_KEY.match(line):
            in_plan = stripped.startswith("plan:")
            skipping = False
        elif skipping:
            if not stripped.strip() or indent > 2 or stripped.lstrip().startswith("- ") and indent == 2:
                continue
            skipping = False
        if in_plan and not skipping and re.match(r"  questions\s*:", stripped):
            while out and out[-1].startswith("  #"):
                out.pop()
            skipping = not stripped.split(":", 1)[1].strip()
            continue
        out.append(line)
    return "".join(out)


def set_top_level_status(text: str, status: str) -> str:
    return re.sub(r"(?m)^status:[^\n#]*", f"status: {status}", text, count=1)


def earlier_drivers(text: str) -> tuple[str, str]:
    """drivers.yaml before its last revision, and the commit message of that revision.

    Before: no drivers the revision proposed, retired ones still active, the last
    revision entry not yet written. Made by ruamel's round trip, so the rest is unchanged.
    """
    import io

    from ruamel.yaml import YAML

    yaml = YAML(typ="rt")
    yaml.preserve_quotes = True
    yaml.width = 4096
    yaml.indent(mapping=2, sequence=4, offset=2)
    doc = yaml.load(text)
    revisions = doc.get("revisions") or []
    secondary = doc.get("secondary") or []
    last = revisions[-1] if len(revisions) > 1 else None
    removed = [i for i, d in enumerate(secondary) if d.get("status") == "proposed"] or ([len(secondary) - 1] if secondary else [])
    names = [str(secondary[i].get("id")) for i in removed]
    for i in reversed(removed):
        del secondary[i]
    for driver in secondary:
        if driver.get("status") == "retired":
            del driver["status"]
            driver.pop("description", None)
    if last is not None:
        del revisions[-1]
        summary = textwrap.fill(" ".join(str(last["summary"]).split()), 72)
        reason = textwrap.fill("Why: " + " ".join(str(last["reason"]).split()), 72)
        message = f"Driver diagram revised ({last['date']})\n\n{summary}\n\n{reason}\n"
    else:
        message = f"Driver diagram: add {', '.join(names)}\n"
    out = io.StringIO()
    yaml.dump(doc, out)
    return out.getvalue(), message


# --- who commits -----------------------------------------------------------------------


def _person(name: str, site: str) -> Person:
    """A git identity from a team entry: `U. Ferreira until December 2025` -> U. Ferreira."""
    short = re.match(r"\s*([A-Z]\.(?:\s*[A-Z]\.)*\s*[A-Z][\w'-]+)", name)
    name = short.group(1) if short else " ".join(re.split(r"[(,;]", name)[0].split()[:2]) or name
    handle = ".".join(re.findall(r"[a-z]+", name.lower())) or "team"
    return Person(name, f"{handle}@{site}.example.org")


def site_people(site: dict[str, Any], site_id: str) -> tuple[Person, Person]:
    """(team lead, data lead) from site.yaml's team; staff only, never students."""
    team = [m for m in site.get("team") or [] if isinstance(m, dict) and m.get("name")]

    def find(word: str) -> dict[str, Any] | None:
        return next((m for m in team if word in str(m.get("role", "")).lower()), None)

    lead = find("team lead") or find("lead") or (team[0] if team else None)
    data = find("data") or (team[1] if len(team) > 1 else lead)
    fallback = _person(str(site.get("coach") or f"{site_id} team"), site_id)
    return (_person(str(lead["name"]), site_id) if lead else fallback,
            _person(str(data["name"]), site_id) if data else fallback)


def _at(day: dt.date, minutes: int, salt: str) -> dt.datetime:
    """A time on `day`: `minutes` after midnight, nudged by a stable hash so commits spread out."""
    jitter = int(hashlib.sha1(salt.encode()).hexdigest()[:4], 16) % 37
    return dt.datetime(day.year, day.month, day.day, tzinfo=_TZ) + dt.timedelta(minutes=minutes + jitter)


def _clamp(day: dt.date) -> dt.date:
    return min(max(day, START), END)


# --- the history -----------------------------------------------------------------------


def plan_history(files: dict[str, bytes]) -> History:
    """Every commit and tag of the example's history, in order; the last tree equals `files`."""
    history = History()
    commits: list[Commit] = []
    seq = 0

    def add(day: dt.date, minutes: int, author: Person, message: str, changed: dict[str, bytes], salt: str = "") -> Commit:
        nonlocal seq
        seq += 1
        commit = Commit(_at(_clamp(day), minutes, salt or message), author, message, changed, seq)
        commits.append(commit)
        return commit

    text = {path: raw.decode("utf-8", errors="replace") for path, raw in files.items()}
    handled: set[str] = set()

    def enc(s: str) -> bytes:
        return s.encode("utf-8")

    # the hub's launch: network, measures, the network aim, the first driver diagram, shared change ideas
    launch = CONVENINGS[0].day
    if "network.yaml" in files:
        # the set-up `nic init` writes beside the network (schemas, editor settings, CI) arrives with it
        setup = {p: files[p] for p in files if is_setup_file(p)}
        message = "Start the network: name, hub, clusters and the school calendar\n"
        if setup:
            message += "\nWith the JSON Schemas, VS Code settings, pre-commit, GitHub Actions and GitLab CI.\n"
        add(START, 9 * 60, HUB, message, {"network.yaml": files["network.yaml"], **setup})
        handled.add("network.yaml")
        handled.update(setup)
    measures = {p: files[p] for p in files if p.startswith("measures/")}
    if measures:
        add(START + dt.timedelta(days=2), 14 * 60, HUB_DATA,
            "Measures: operational definitions agreed with the site data leads\n", measures)
        handled.update(measures)
    aims = {p: _data(text[p], p) for p in files if p.startswith("aims/")}
    network_aims = {p: files[p] for p, d in aims.items() if not d.get("site")}
    if network_aims:
        add(START + dt.timedelta(days=3), 10 * 60, HUB, "Network aim: ninth graders in school, known and on track\n",
            network_aims)
        handled.update(network_aims)
    drivers_revision: tuple[dt.date, str] | None = None
    if "drivers.yaml" in files:
        drivers = _data(text["drivers.yaml"], "drivers.yaml")
        revisions = [r for r in drivers.get("revisions") or [] if isinstance(r, dict)]
        first = _date(revisions[0].get("date")) if revisions else None
        before, message = earlier_drivers(text["drivers.yaml"])
        add(first or launch, 15 * 60, HUB, "Driver diagram, first version agreed at the launch convening\n",
            {"drivers.yaml": enc(before)})
        last = _date(revisions[-1].get("date")) if len(revisions) > 1 else None
        drivers_revision = (last or dt.date(2026, 1, 12), message)
        handled.add("drivers.yaml")

    # sites
    sites: dict[str, dict[str, Any]] = {}
    people: dict[str, tuple[Person, Person]] = {}
    joined_on: dict[str, dt.date] = {}
    for path in files:
        parts = path.split("/")
        if len(parts) == 3 and parts[0] == "sites" and parts[2] in ("site.yaml", "site.yml"):
            site_id = parts[1]
            sites[site_id] = _data(text[path], path)
            people[site_id] = site_people(sites[site_id], site_id)
            joined = max(_date(sites[site_id].get("joined")) or launch, launch + dt.timedelta(days=1))
            joined_on[site_id] = joined
            changed = {path: enc(drop_top_level(text[path], ["phases"]))}
            site_aims = {p: files[p] for p, d in aims.items() if d.get("site") == site_id}
            changed.update(site_aims)
            handled.update(changed)
            add(joined, 10 * 60 + 30, people[site_id][0], f"{site_id}: join the network (site, team and site aim)\n",
                changed)
            phases = [p for p in sites[site_id].get("phases") or [] if isinstance(p, dict)]
            if phases:
                start = min(_date(p.get("start")) or END for p in phases)
                reason = " ".join(str(phases[0].get("reason", "")).split())
                measures_named = ", ".join(str(p.get("measure")) for p in phases)
                add(start, 8 * 60, people[site_id][0],
                    f"{site_id}: new chart phase for {measures_named}\n\n{reason}\n", {path: files[path]})

    # cycles, stage by stage
    cycles: list[tuple[str, str, dict[str, Any]]] = []
    for path in files:
        parts = path.split("/")
        if len(parts) == 4 and parts[0] == "sites" and parts[2] == "pdsa" and path.endswith((".yaml", ".yml")):
            cycles.append((path, parts[1], _data(text[path], path)))
    late = _late_prediction_cycle(cycles)
    history.late_prediction = late
    first_plan: dict[str, dt.date] = {}
    last_act: dict[str, dt.date] = {}
    for path, site_id, cycle in cycles:
        handled.add(path)
        lead, data_lead = people.get(site_id, (HUB, HUB))
        plan = cycle.get("plan") if isinstance(cycle.get("plan"), dict) else {}
        do = cycle.get("do") if isinstance(cycle.get("do"), dict) else {}
        cycle_id = str(cycle.get("id", path.rsplit("/", 1)[-1].split(".")[0]))
        title = " ".join(str(cycle.get("title", "")).split())
        planned = _date(plan.get("planned_start"))
        plan_day = _date(plan.get("recorded_on")) or (planned - dt.timedelta(days=3) if planned else launch)
        plan_day = max(plan_day, joined_on.get(site_id, launch))
        present = [s for s in STAGES if s in cycle]
        is_late = f"{site_id}/{cycle_id}" == late
        full = text[path]
        plan_text = drop_top_level(full, STAGES)
        if is_late:
            plan_text = drop_plan_questions(plan_text)
        add(plan_day, 16 * 60 + 20, lead, f"{site_id} {cycle_id}: plan ({title})\n", {path: enc(plan_text)})
        for idea in cycle.get("change_ideas") or []:
            first_plan[str(idea)] = min(first_plan.get(str(idea), END), plan_day)
        day = plan_day
        for index, stage in enumerate(present):
            version = drop_top_level(full, present[index + 1:])
            if stage == "do":
                start = _date(do.get("actual_start"))
                end = _date(do.get("actual_end"))
                day = max(end or ((start or planned or day) + dt.timedelta(days=10)), day + dt.timedelta(days=1))
                message = f"{site_id} {cycle_id}: do"
                if is_late:
                    message += " (and the plan's questions and predictions, written up after the test)"
                add(day, 15 * 60 + 40, data_lead, message + "\n", {path: enc(version)})
            elif stage == "study":
                day = day + dt.timedelta(days=3)
                add(day, 16 * 60, data_lead, f"{site_id} {cycle_id}: study{_study_summary(cycle)}\n", {path: enc(version)})
            else:
                day = day + dt.timedelta(days=2)
                act = cycle.get("act") if isinstance(cycle.get("act"), dict) else {}
                decision = act.get("decision")
                add(day, 16 * 60 + 45, lead, f"{site_id} {cycle_id}: act: {decision or 'decided'}\n", {path: enc(version)})
                for idea in cycle.get("change_ideas") or []:
                    last_act[str(idea)] = max(last_act.get(str(idea), START), day)

    # change ideas: the hub's at launch; a site's own (or an adaptation) when first planned; status changes after acts
    for path in files:
        if not path.startswith("change-ideas/"):
            continue
        handled.add(path)
        idea = _data(text[path], path)
        idea_id = str(idea.get("id", ""))
        origin = str(idea.get("origin_site") or "")
        status = str(idea.get("status") or "idea")
        early = set_top_level_status(text[path], "testing") if status in ("implementing", "ready_to_spread", "retired") else text[path]
        local = bool(origin or idea.get("adapted_from")) and idea_id in first_plan
        day = first_plan[idea_id] if local else max(launch, joined_on.get(origin, launch))
        author = people[origin][0] if origin in people else HUB
        add(day, 15 * 60 + 30 if not local else 15 * 60, author,
            f"Change idea {idea_id}: {' '.join(str(idea.get('title', '')).split())}\n", {path: enc(early)}, salt=path)
        if early != text[path]:
            when = last_act.get(idea_id, drivers_revision[0] if drivers_revision else END) + dt.timedelta(days=1)
            add(when, 11 * 60, HUB, f"Change idea {idea_id}: status {status}\n", {path: files[path]}, salt=path)

    if drivers_revision:
        add(drivers_revision[0], 17 * 60, HUB, drivers_revision[1], {"drivers.yaml": files["drivers.yaml"]})

    # data, week by week: each site's files grow one period at a time
    by_site: dict[str, list[str]] = {}
    for path in files:
        parts = path.split("/")
        if len(parts) == 4 and parts[0] == "sites" and parts[2] == "data" and path.endswith(".csv"):
            by_site.setdefault(parts[1], []).append(path)
            handled.add(path)
    stale: tuple[dt.date, str] | None = None
    for site_id, paths in sorted(by_site.items()):
        tables = {p: _csv_rows(text[p]) for p in paths}
        periods = sorted({period for header, rows in tables.values() for period, _ in rows})
        data_lead = people.get(site_id, (HUB, HUB))[1]
        shown: dict[str, int] = {}
        for period in periods:
            changed: dict[str, bytes] = {}
            names = []
            for p, (header, rows) in tables.items():
                count = max((i + 1 for i, (row_period, _) in enumerate(rows) if row_period <= period), default=0)
                if count and count != shown.get(p):
                    shown[p] = count
                    body = header + "".join(line for _, line in rows[:count])
                    changed[p] = files[p] if count == len(rows) else enc(body)
                    names.append(p.rsplit("/", 1)[-1].rsplit(".", 1)[0])
            if changed:
                day = max(period + dt.timedelta(days=7), joined_on.get(site_id, launch))
                add(day, 15 * 60, data_lead, f"{site_id}: data for the week of {period} ({', '.join(names)})\n",
                    changed, salt=site_id + str(period))
        if periods and (stale is None or periods[-1] < stale[0]):
            stale = (periods[-1], site_id)
    history.stale_site = stale[1] if stale else ""

    # anything else the example holds (a README, materials) arrives at launch
    rest = {p: files[p] for p in files if p not in handled}
    if rest:
        add(launch, 16 * 60, HUB, "Network documents\n", rest)

    commits.sort(key=lambda c: (c.when, c.order))
    # the final tree must be the example, exactly
    tree: dict[str, bytes] = {}
    for commit in commits:
        tree.update(commit.files)
    stray = {p: files[p] for p in files if tree.get(p) != files[p]}
    if stray:
        last = commits[-1].when + dt.timedelta(minutes=5)
        commits.append(Commit(last, HUB, "Bring the example up to date\n", stray, seq + 1))
    history.commits = commits
    for convening in CONVENINGS:
        cutoff = dt.datetime(convening.day.year, convening.day.month, convening.day.day, 23, 59, tzinfo=_TZ)
        index = max((i for i, c in enumerate(commits) if c.when <= cutoff), default=None)
        if index is not None:
            history.tags.append((convening, index))
    return history


def _csv_rows(content: str) -> tuple[str, list[tuple[dt.date, str]]]:
    """A data file's header line and its rows as (period, line); rows without a date stay with the last."""
    lines = content.splitlines(keepends=True)
    if not lines:
        return "", []
    rows: list[tuple[dt.date, str]] = []
    last = START
    for line in lines[1:]:
        period = _date(line.split(",", 1)[0].strip().strip('"')) or last
        last = period
        rows.append((period, line))
    return lines[0], rows


def _study_summary(cycle: dict[str, Any]) -> str:
    study = cycle.get("study") if isinstance(cycle.get("study"), dict) else {}
    marks = [f"prediction {p.get('question')} {str(p.get('result', '')).replace('_', ' ')}"
             for p in study.get("predictions") or [] if isinstance(p, dict)]
    return f": {', '.join(marks)}" if marks else ""


def _late_prediction_cycle(cycles: list[tuple[str, str, dict[str, Any]]]) -> str:
    """The cycle whose test started latest after its planned start (ties: path order)."""
    best: tuple[int, str] | None = None
    for _, site_id, cycle in sorted(cycles, key=lambda c: c[0]):
        plan = cycle.get("plan") if isinstance(cycle.get("plan"), dict) else {}
        do = cycle.get("do") if isinstance(cycle.get("do"), dict) else {}
        planned, actual = _date(plan.get("planned_start")), _date(do.get("actual_start"))
        if not (planned and actual and plan.get("questions") and "study" in cycle):
            continue
        delay = (actual - planned).days
        if best is None or delay > best[0]:
            best = (delay, f"{site_id}/{cycle.get('id')}")
    return best[1] if best else ""


# --- writing it with git fast-import -------------------------------------------------------


def _quote_path(path: str) -> str:
    if re.fullmatch(r"[A-Za-z0-9._/@+-]+", path):
        return path
    return '"' + path.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'


def fast_import_stream(history: History) -> bytes:
    """The whole history as one fast-import stream (marks :1…:N are the commits in order)."""
    out: list[bytes] = []
    for number, commit in enumerate(history.commits, start=1):
        message = commit.message.encode("utf-8")
        out.append(f"commit refs/heads/{BRANCH}\nmark :{number}\n"
                   f"author {commit.author.signature(commit.when)}\n"
                   f"committer {commit.author.signature(commit.when)}\n"
                   f"data {len(message)}\n".encode("utf-8"))
        out.append(message + b"\n")
        for path, content in sorted(commit.files.items()):
            out.append(f"M 100644 inline {_quote_path(path)}\ndata {len(content)}\n".encode("utf-8"))
            out.append(content + b"\n")
    for convening, index in history.tags:
        message = convening.message.encode("utf-8") + b"\n"
        when = dt.datetime(convening.day.year, convening.day.month, convening.day.day, 18, 0, tzinfo=_TZ)
        out.append(f"tag {convening.tag}\nfrom :{index + 1}\ntagger {HUB.signature(when)}\n"
                   f"data {len(message)}\n".encode("utf-8") + message)
    out.append(b"done\n")
    return b"".join(out)


#: No user or system git config (and, through the git layer, no inherited GIT_* variables):
#: the same result everywhere.
_FIXED_CONFIG = {"GIT_CONFIG_NOSYSTEM": "1", "GIT_CONFIG_GLOBAL": os.devnull}


@dataclass
class ExampleReport:
    root: Path
    commits: int
    tags: list[str]
    head: str
    late_prediction: str
    stale_site: str


SETUP_FILES = (".gitignore", ".pre-commit-config.yaml", ".gitlab-ci.yml")
SETUP_FOLDERS = ("schemas/", ".vscode/", ".github/")


def is_setup_file(path: str) -> bool:
    """Whether `path` is part of the set-up `nic init` writes (not a network file)."""
    return path in SETUP_FILES or path.startswith(SETUP_FOLDERS)


def setup_files() -> dict[str, bytes]:
    """What `nic init` writes beside a new network at the top of its repository: the JSON Schemas,
    .vscode settings, .gitignore, pre-commit, GitHub Actions and GitLab CI (path -> bytes)."""
    from nictools.schemas import generate
    from nictools.scaffold.init import repository_files

    out = {f"schemas/{name}": text.encode("utf-8") for name, text in generate().items()}
    out.update({rel: text.encode("utf-8") for rel, text in repository_files("").items()})
    return dict(sorted(out.items()))


def create_example(target: Path, files: dict[str, bytes] | None = None) -> ExampleReport:
    """Write the example network into `target` (new or empty) as a git repository with its history,
    with the schemas, editor settings and CI files `nic init` writes (committed at the start)."""
    target = target.absolute()
    if target.exists() and (not target.is_dir() or any(target.iterdir())):
        raise NicError(f"{target} is not empty; nic init --example writes only into a new or empty folder.",
                       "Pick a new folder, e.g. `nic init --example ninth-grade-network`.")
    from nictools.history.git import GitFailed, run_git

    if shutil.which("git") is None:
        raise NicError("git is not installed, and the example network is a git repository.",
                       "Install git (https://git-scm.com) and run the command again.")
    history = plan_history({**(files if files is not None else example_files()), **setup_files()})
    stream = fast_import_stream(history)
    created = not target.exists()

    def run(*args: str, data: bytes | None = None) -> str:
        try:
            out = run_git(target, *args, input=data, env=_FIXED_CONFIG)
        except GitFailed as exc:
            raise NicError(f"git {args[0]} failed while building the example: {exc.words}",
                           "Check that git works (git --version) and the folder is writable.") from None
        return out.decode("utf-8", "replace").strip()

    target.mkdir(parents=True, exist_ok=True)
    try:
        run("init", "-q")
        run("symbolic-ref", "HEAD", f"refs/heads/{BRANCH}")
        run("fast-import", "--quiet", "--done", data=stream)
        run("reset", "-q", "--hard", f"refs/heads/{BRANCH}")
        head = run("rev-parse", "--verify", "--end-of-options", f"refs/heads/{BRANCH}")
    except BaseException:
        shutil.rmtree(target / ".git", ignore_errors=True)
        if created:
            shutil.rmtree(target, ignore_errors=True)
        raise
    return ExampleReport(target, len(history.commits), [c.tag for c, _ in history.tags], head,
                         history.late_prediction, history.stale_site)
