"""Write a synthetic network WITH its git history, for the history benchmarks.

    python benchmarks/generate_history.py --sites 200 --seed 1 --out /tmp/hist200

DIR becomes the network and the git root. About 80 commits per site over three school
years (`--years` to change) (each PDSA cycle committed stage by stage, data added every two weeks, a few
driver-diagram revisions and change-idea status changes by the hub), written with one
`git fast-import` stream, so 16,000 commits take seconds. The output depends only on
--sites and --seed (fixed names, dates and committer). Plain standard library: the
benchmark must not measure the thing it feeds.

This is a stand-in for `benchmarks/generate.py --history` (generate.py was not on main
when this was written); its plan can move into generate.py's `plan_network` later.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import subprocess
import sys
import time
from pathlib import Path

START = dt.date(2022, 8, 29)
YEARS = 3
IDEAS = [f"CI-{i:02d}" for i in range(1, 31)]
MEASURES = ["ATT", "ONTRACK", "REFERRALS", "CHECKINS"]
AUTHORS = ["J. Rivera", "M. Chen", "A. Okafor", "S. Patel", "L. Novak", "R. Haddad"]


def q(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def network_yaml(n_clusters: int) -> str:
    clusters = "".join(f"  - id: rac-{i}\n    name: Cluster {i}\n    primary_driver: P{i}\n" for i in range(1, n_clusters + 1))
    return (f"format: 1\nname: Synthetic History Network\nhub: Benchmark Hub\naim: network-aim\nclusters:\n{clusters}"
            "calendar:\n  breaks:\n" + "".join(
                f"    - {{name: Winter {y}, start: {y}-12-20, end: {y + 1}-01-03}}\n"
                f"    - {{name: Summer {y + 1}, start: {y + 1}-06-15, end: {y + 1}-08-25}}\n" for y in (2022, 2023, 2024))
            + "settings: {quiet_after_weeks: 4}\n")


def drivers_yaml(revisions: int) -> str:
    prim = "".join(f"  - id: P{i}\n    title: Primary driver {i}\n" for i in range(1, 5))
    sec = "".join(f"  - id: S{i}\n    title: Secondary driver {i}\n    primary_drivers: [P{(i - 1) % 4 + 1}]\n"
                  for i in range(1, 9 + revisions))
    revs = "".join(f"  - date: {START + dt.timedelta(days=120 * (r + 1))}\n    summary: Added S{9 + r}\n"
                   f"    reason: Sites reported it in convening {r + 1}.\n" for r in range(revisions))
    return f"aim: network-aim\nprimary:\n{prim}secondary:\n{sec}" + (f"revisions:\n{revs}" if revs else "")


def idea_yaml(cid: str, status: str) -> str:
    return (f"id: {cid}\ntitle: Change idea {cid}\ndescription: A change to practice to try.\n"
            f"drivers: [S{int(cid[3:]) % 8 + 1}]\nstatus: {status}\n")


def measure_yaml(mid: str) -> str:
    return (f"id: {mid}\ntitle: Measure {mid}\ntype: outcome\ncalculation: proportion\n"
            f"definition: Students meeting the {mid} standard this week.\nunit: percent of students\n"
            "frequency: weekly\ndirection: up\nchart: {type: p}\n")


def site_yaml(site: str, cluster: int) -> str:
    return (f"id: {site}\nname: School {site}\ncluster: rac-{cluster}\ncontext: {{level: high, size_band: medium}}\n"
            f"joined: {START}\nteam:\n  - {{role: coach, name: Coach {site}}}\n")


def cycle_yaml(cid: str, idea: str, prev: str | None, stage: int, rng: random.Random, scale: int, start: dt.date) -> str:
    out = [f"id: {cid}", f"title: {q('Testing ' + idea + ' at scale ' + str(scale))}", f"change_ideas: [{idea}]"]
    if prev:
        out.append(f"continues: {prev}")
    out += ["plan:", f"  objective: {q('Learn whether ' + idea + ' works with ' + str(scale) + ' classes.')}",
            "  questions:"]
    for i in range(3):
        out += [f"    - question: {q(f'Question {i + 1} about {idea}?')}",
                f"      prediction: {q(f'We predict outcome {i + 1} will improve a little.')}",
                "      reason: Our theory of improvement says so."]
    out += [f"  scale: {{teachers: {scale}, classes: {scale}}}", f"  planned_start: {start}",
            f"  planned_end: {start + dt.timedelta(days=14)}", "  measures: [ATT]"]
    if stage >= 1:
        out += ["do:", "  as_planned: partly", "  what_happened: Most of it went as planned.",
                f"  actual_start: {start}", f"  actual_end: {start + dt.timedelta(days=14)}"]
    if stage >= 2:
        out += ["study:", "  predictions:"]
        for i in range(3):
            out.append(f"    - {{question: {i + 1}, result: {rng.choice(['confirmed', 'partly', 'not_confirmed'])}}}")
        out.append("  learned: The students responded; the timing needs work.")
    if stage >= 3:
        out += ["act:", f"  decision: {rng.choice(['adopt', 'adapt', 'adapt', 'abandon'])}",
                "  reason: What the study showed."]
    return "\n".join(out) + "\n"


def csv_text(rows: list[tuple[dt.date, int, int]]) -> str:
    return "period,numerator,denominator\n" + "".join(f"{d},{a},{b}\n" for d, a, b in rows)


def plan(n_sites: int, seed: int, years: int = YEARS) -> list[tuple[dt.datetime, str, str, dict[str, str]]]:
    """Every commit: (date, author, message, {path: content}), over `years` school years."""
    rng = random.Random(seed)
    commits: list[tuple[dt.datetime, str, str, dict[str, str]]] = []
    t0 = dt.datetime.combine(START, dt.time(8, 0))
    base = {"network.yaml": network_yaml(4), "drivers.yaml": drivers_yaml(0),
            "aims/network-aim.yaml": "id: network-aim\ntitle: On track\nstatement: 90% on track by 2025.\n"
                                     "outcome_measure: ATT\n"}
    base.update({f"measures/{m}.yaml": measure_yaml(m) for m in MEASURES})
    base.update({f"change-ideas/{c}.yaml": idea_yaml(c, "idea") for c in IDEAS})
    commits.append((t0, "Benchmark Hub", "Start the network", base))
    for r in (r for r in range(6) if 120 * (r + 1) < years * 365):
        commits.append((t0 + dt.timedelta(days=120 * (r + 1)), "Benchmark Hub", f"Driver diagram revision {r + 1}",
                        {"drivers.yaml": drivers_yaml(r + 1),
                         f"change-ideas/{IDEAS[r]}.yaml": idea_yaml(IDEAS[r], "testing")}))
    span = years * 365 - 30
    for s in range(n_sites):
        site = f"site-{s:03d}"
        author = AUTHORS[s % len(AUTHORS)]
        joined = t0 + dt.timedelta(days=1 + s % 7, hours=s % 9)
        commits.append((joined, author, f"{site} joins", {f"sites/{site}/site.yaml": site_yaml(site, s % 4 + 1)}))
        # ten cycles in ramps of 2-3, four stage commits each
        prev = None
        scale = 1
        for c in range(10):
            cid = f"C{c + 1:02d}"
            idea = IDEAS[rng.randrange(len(IDEAS))] if prev is None else idea
            start = (joined + dt.timedelta(days=10 + c * span // 11 + rng.randrange(20))).date()
            cycle_seed = rng.random()
            for stage in range(4):
                when = dt.datetime.combine(start, dt.time(9 + stage, s % 60)) + dt.timedelta(days=stage * 7)
                commits.append((when, author, f"{site} {cid}: {['plan', 'do', 'study', 'act'][stage]}",
                                {f"sites/{site}/pdsa/{cid}.yaml": cycle_yaml(cid, idea, prev, stage, random.Random(cycle_seed), scale, start)}))
            if rng.random() < 0.5:
                prev, scale = cid, scale * 3
            else:
                prev, scale = None, 1
        # data every two weeks (40 commits over three years)
        rows: list[tuple[dt.date, int, int]] = []
        week = START
        for d in range(40 * years // 3):
            for _ in range(3):
                week += dt.timedelta(days=7)
                rows.append((week, 60 + rng.randrange(30), 100))
            when = dt.datetime.combine(week + dt.timedelta(days=1), dt.time(15, s % 60))
            commits.append((when, author, f"{site} data", {f"sites/{site}/data/ATT.csv": csv_text(rows)}))
    commits.sort(key=lambda c: c[0])
    return commits


def fast_import_stream(commits: list[tuple[dt.datetime, str, str, dict[str, str]]]) -> bytes:
    out: list[bytes] = []
    for i, (when, author, message, files) in enumerate(commits):
        stamp = f"{int(when.replace(tzinfo=dt.timezone.utc).timestamp())} +0000"
        msg = message.encode()
        who = f"{author} <{author.split()[-1].lower()}@example.org> {stamp}".encode()
        out += [b"commit refs/heads/main\n", b"mark :%d\n" % (i + 1), b"author " + who + b"\n",
                b"committer " + who + b"\n",
                b"data %d\n" % len(msg), msg, b"\n"]
        if i:
            out.append(b"from :%d\n" % i)
        for path, content in files.items():
            data = content.encode()
            out += [b"M 100644 inline " + path.encode() + b"\n", b"data %d\n" % len(data), data, b"\n"]
        out.append(b"\n")
    return b"".join(out)


# --- a monthly network of hospitals with a history filled in afterwards (#21) -----------------

MONTHLY_START = dt.date(2022, 1, 1)
MONTHS = 36
WITHDRAWN = 6  # sites withdrawn after mergers (their data stops at the merger)
MERGED_PHASES = 4  # sites that absorbed one and record a phase at the merger


def _month(i: int) -> dt.date:
    return dt.date(MONTHLY_START.year + (MONTHLY_START.month - 1 + i) // 12, (MONTHLY_START.month - 1 + i) % 12 + 1, 1)


def monthly_plan(n_sites: int, seed: int, months: int = MONTHS
                 ) -> tuple[list[tuple[dt.datetime, str, str, dict[str, str]]], list[tuple[str, dt.datetime, int]]]:
    """A network of `n_sites` hospitals: an outcome proportion (denominators near 10,000 a month)
    and a direction-less balancing count, `months` monthly points, published a month late; six
    sites withdrawn after mergers, four with a phase at their merger; the history filled in
    afterwards: one commit a quarter dated when the quarter's data arrived, and a convening
    each quarter a few weeks later. Returns (commits, convenings as (name, date, commit index))."""
    rng = random.Random(seed)
    clusters = max(1, min(12, n_sites // 12))
    network = ("format: 1\nname: Hospital Readmissions Network\nhub: Regional Quality Hub\naim: network-aim\n"
               "clusters:\n" + "".join(f"  - id: region-{i}\n    name: Region {i}\n" for i in range(1, clusters + 1))
               + "settings: {quiet_after_weeks: 4, small_cell_threshold: 10}\n")
    aim = ("id: network-aim\ntitle: Fewer readmissions\nstatement: Cut 30-day readmissions from 15% to 12% by "
           f"{_month(months + 6)}.\noutcome_measure: READMIT\nbaseline: {{start: {_month(0)}, end: {_month(11)}, "
           f"value: 0.15}}\ntarget: {{value: 0.12, date: {_month(months + 6)}}}\n")
    readmit = ("id: READMIT\ntitle: 30-day readmissions\ntype: outcome\ncalculation: proportion\n"
               "definition: Discharges followed by an emergency readmission within 30 days.\n"
               "numerator: {description: Discharges readmitted within 30 days}\n"
               "denominator: {description: Discharges in the month}\nunit: percent of discharges\n"
               "frequency: monthly\npublication_lag: 1\ndirection: down\nchart: {type: pp}\n"
               "collection: {who: Hospital analyst, source: Discharge records, when: Monthly}\n")
    admitted = ("id: ADMITTED\ntitle: Admissions\ntype: balancing\ncalculation: count\n"
                "definition: Emergency admissions in the month (context, neither good nor bad).\n"
                "unit: admissions\nfrequency: monthly\npublication_lag: 1\nchart: {type: i}\n"
                "collection: {who: Hospital analyst, source: Admission records, when: Monthly}\n")
    drivers = "aim: network-aim\nprimary:\n  - id: P1\n    title: Safe discharge\n"
    idea = "id: CI-01\ntitle: Follow-up call within 48 hours\ndescription: A nurse calls every patient.\ndrivers: [P1]\nstatus: testing\n"
    t0 = dt.datetime.combine(_month(0), dt.time(9, 0))
    base = {"network.yaml": network, "aims/network-aim.yaml": aim, "measures/READMIT.yaml": readmit,
            "measures/ADMITTED.yaml": admitted, "drivers.yaml": drivers, "change-ideas/CI-01.yaml": idea}
    sites = [f"h{s:03d}" for s in range(n_sites)]
    withdrawn = {sites[i * (n_sites // WITHDRAWN)]: months // 2 + i for i in range(WITHDRAWN)}
    absorbers = {sites[i * (n_sites // WITHDRAWN) + 1]: months // 2 + i for i in range(MERGED_PHASES)}
    short = {sites[-1 - i]: months // 2 for i in range(3)}  # joined late: 18 months of data
    series: dict[str, list[tuple[dt.date, int, int, int]]] = {}
    for s, site in enumerate(sites):
        rate = rng.uniform(0.11, 0.19)
        size = rng.randrange(6000, 14000)
        first = short.get(site, 0)
        last = withdrawn.get(site, months)
        rows = []
        for m in range(first, last):
            den = int(size * rng.uniform(0.9, 1.1)) + (size // 2 if site in absorbers and m >= absorbers[site] else 0)
            p = rate * (0.93 if m >= months * 2 // 3 and s % 3 == 0 else 1.0)
            p = min(max(p + rng.gauss(0, 0.006), 0.01), 0.5)
            rows.append((_month(m), int(round(den * p)), den, int(den * rng.uniform(0.25, 0.35))))
        series[site] = rows
    commits: list[tuple[dt.datetime, str, str, dict[str, str]]] = [(t0, "Regional Quality Hub", "Start the network",
                                                                    base)]
    convenings: list[tuple[str, dt.datetime, int]] = []
    for q in range(months // 3):
        end = _month(3 * q + 3)  # the first month after the quarter
        arrived = dt.datetime.combine(end + dt.timedelta(days=35), dt.time(10, 0))  # a month late, as published
        files: dict[str, str] = {}
        for s, site in enumerate(sites):
            rows = [r for r in series[site] if r[0] < end]
            if not rows:
                continue
            status = ""
            if site in withdrawn and _month(withdrawn[site]) < end:
                status = (f"status: withdrawn\nwithdrawn_on: {_month(withdrawn[site])}\n"
                          f"withdrawn_reason: Merged with {sites[sites.index(site) + 1]}\n")
            phase = ""
            if site in absorbers and _month(absorbers[site]) < end:
                phase = (f"phases:\n  - measure: READMIT\n    start: {_month(absorbers[site])}\n"
                         f"    reason: Merged with {sites[sites.index(site) - 1]}; a larger catchment.\n")
            files[f"sites/{site}/site.yaml"] = (
                f"id: {site}\nname: Hospital {site.upper()}\ncluster: region-{s % clusters + 1}\n"
                f"context: {{level: other, setting: urban, size_band: {'large' if s % 2 else 'medium'}}}\n"
                f"joined: {_month(short.get(site, 0))}\n{status}{phase}")
            files[f"sites/{site}/data/READMIT.csv"] = "period,numerator,denominator\n" + "".join(
                f"{d},{n},{den}\n" for d, n, den, _ in rows)
            files[f"sites/{site}/data/ADMITTED.csv"] = "period,value\n" + "".join(
                f"{d},{a}\n" for d, _, _, a in rows)
        commits.append((arrived, "Regional Quality Hub", f"Data to {_month(3 * q + 2):%Y-%m}", files))
        convenings.append((f"{_month(3 * q + 2):%Y}-q{(_month(3 * q + 2).month - 1) // 3 + 1}",
                           arrived + dt.timedelta(days=14), len(commits)))
    return commits, convenings


def write_monthly(out: Path, n_sites: int, seed: int = 1, months: int = MONTHS) -> int:
    """Write the monthly network with its history and convening tags into `out` (a new folder)."""
    commits, convenings = monthly_plan(n_sites, seed, months)
    stream = fast_import_stream(commits)
    for name, when, mark in convenings:
        stamp = f"{int(when.replace(tzinfo=dt.timezone.utc).timestamp())} +0000"
        msg = f"Convening {name}".encode()
        stream += (b"tag convening/" + name.encode() + b"\nfrom :%d\n" % mark
                   + b"tagger Regional Quality Hub <hub@example.org> " + stamp.encode() + b"\n"
                   + b"data %d\n" % len(msg) + msg + b"\n")
    out.mkdir(parents=True)
    env = {"GIT_CONFIG_GLOBAL": "/dev/null", "GIT_CONFIG_NOSYSTEM": "1", "PATH": "/usr/bin:/bin:/usr/local/bin"}
    subprocess.run(["git", "-c", "init.defaultBranch=main", "init", "-q"], cwd=out, check=True, env=env)
    subprocess.run(["git", "fast-import", "--quiet"], cwd=out, input=stream, check=True, env=env)
    subprocess.run(["git", "checkout", "-q", "-f", "main"], cwd=out, check=True, env=env)
    return len(commits)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sites", type=int, default=200)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--years", type=int, default=YEARS, help="school years of history (default 3)")
    parser.add_argument("--out", type=Path, required=True, help="DIR: the network and the git root (must not exist).")
    parser.add_argument("--monthly", action="store_true",
                        help="a monthly network of hospitals (outcome proportion + balancing count, withdrawn sites, "
                        "a commit a quarter filled in afterwards, a convening tag each quarter)")
    args = parser.parse_args(argv)
    if args.out.exists():
        print(f"{args.out} exists; choose a new folder", file=sys.stderr)
        return 2
    started = time.perf_counter()
    if args.monthly:
        count = write_monthly(args.out, args.sites, args.seed)
        print(f"{count} commits for {args.sites} monthly sites in {time.perf_counter() - started:.1f} s -> {args.out}")
        return 0
    commits = plan(args.sites, args.seed, args.years)
    stream = fast_import_stream(commits)
    args.out.mkdir(parents=True)
    env = {"GIT_CONFIG_GLOBAL": "/dev/null", "GIT_CONFIG_NOSYSTEM": "1", "PATH": "/usr/bin:/bin:/usr/local/bin"}
    subprocess.run(["git", "-c", "init.defaultBranch=main", "init", "-q"], cwd=args.out, check=True, env=env)
    subprocess.run(["git", "fast-import", "--quiet"], cwd=args.out, input=stream, check=True, env=env)
    subprocess.run(["git", "checkout", "-q", "-f", "main"], cwd=args.out, check=True, env=env)
    print(f"{len(commits)} commits for {args.sites} sites in {time.perf_counter() - started:.1f} s -> {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
