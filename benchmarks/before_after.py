"""Before/after: whole-process CPU time of chart, status, log and report for two checkouts.

    git worktree add /tmp/before 0bfb582; git worktree add /tmp/after main
    python benchmarks/generate_history.py --sites 200 --seed 1 --years 1 --out /work/bench15/hist200
    nic init --example /work/bench15/example
    python benchmarks/before_after.py /tmp/before/src /tmp/after/src 5   # ONLY=status to pick rows

Each command runs as `python -m nictools` with PYTHONPATH at that checkout's src and its own
history cache; the two alternate, N rounds, median and best reported, in one run on one
machine. Used for #15's table in benchmarks/README.md.
"""
import os, statistics, subprocess, sys, time
from pathlib import Path
BEFORE, AFTER = sys.argv[1], sys.argv[2]
N = int(sys.argv[3]) if len(sys.argv) > 3 else 5
H = os.environ.get("BENCH_HISTORY", "/work/bench15/hist200"); E = os.environ.get("BENCH_EXAMPLE", "/work/bench15/example")
ONLY = os.environ.get("ONLY")
CMDS = [
    ("chart ATT at one site (200-site network)", H, ["chart", "ATT", "--site", "site-007", "--format", "json"]),
    ("chart --network ATT (200 sites)", H, ["chart", "ATT", "--network", "--format", "json"]),
    ("status, warm cache (200 sites, 10,804 commits)", H, ["status", "--format", "json"]),
    ("log --since 3 months (warm)", H, ["log", "--since", "2023-06-01"]),
    ("report --format json (200 sites)", H, ["report", "--format", "json"]),
    ("report html (example, 8 sites)", E, ["report", "--out", "/tmp/b15-r.html"]),
]
def run(src, root, args):
    env = dict(os.environ, PYTHONPATH=src, NIC_TODAY="2023-08-20", XDG_CACHE_HOME="/work/bench15/cache-" + ("before" if src == BEFORE else "after"))
    import resource
    r0 = resource.getrusage(resource.RUSAGE_CHILDREN)
    p = subprocess.run([sys.executable, "-m", "nictools", "-C", root, *args], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    r1 = resource.getrusage(resource.RUSAGE_CHILDREN)
    dt = (r1.ru_utime - r0.ru_utime) + (r1.ru_stime - r0.ru_stime)  # CPU seconds: steadier than wall time on a shared machine
    if p.returncode not in (0, 1):
        print("FAIL", src, args, p.returncode, p.stderr.decode()[-400:], file=sys.stderr)
    return dt
print(f"| command | before (CPU s) | after (CPU s) | after / before |\n|---|---:|---:|---:|")
for label, root, args in CMDS:
    if ONLY and ONLY not in label: continue
    run(BEFORE, root, args); run(AFTER, root, args)  # warm caches for both
    b, a = [], []
    for _ in range(N):
        b.append(run(BEFORE, root, args)); a.append(run(AFTER, root, args))
    print(f"| `{label}` | {statistics.median(b):.2f} (best {min(b):.2f}) | {statistics.median(a):.2f} (best {min(a):.2f}) | {statistics.median(a)/statistics.median(b):.2f}× |", flush=True)
