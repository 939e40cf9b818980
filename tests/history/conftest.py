"""Small git repositories built in the tests, with fixed names and dates.

Every git call runs with a clean, fixed environment (no user or system config,
fixed author and committer dates), so commit ids and outputs are reproducible.
"""

from __future__ import annotations

import os
import subprocess
import textwrap
from pathlib import Path

import pytest

from tests.conftest import MINIMAL  # type: ignore[import-not-found]


def git_env(date: str = "2025-09-01T12:00:00+00:00", name: str = "J. Rivera") -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("GIT_")}
    env.update(GIT_CONFIG_GLOBAL="/dev/null", GIT_CONFIG_NOSYSTEM="1", GIT_AUTHOR_NAME=name,
               GIT_AUTHOR_EMAIL="team@example.org", GIT_COMMITTER_NAME=name, GIT_COMMITTER_EMAIL="team@example.org",
               GIT_AUTHOR_DATE=date, GIT_COMMITTER_DATE=date, GIT_TEMPLATE_DIR="")
    return env


class GitNetwork:
    """A network folder that is also a git repository."""

    def __init__(self, root: Path) -> None:
        self.root = root
        root.mkdir(parents=True, exist_ok=True)
        self.git("-c", "init.defaultBranch=main", "init", "-q")

    def git(self, *args: str, date: str = "2025-09-01T12:00:00+00:00", name: str = "J. Rivera") -> str:
        return subprocess.run(["git", *args], cwd=self.root, env=git_env(date, name), check=True,
                              capture_output=True, text=True).stdout

    def write(self, files: dict[str, str | None]) -> None:
        for rel, content in files.items():
            path = self.root / rel
            if content is None:
                path.unlink()
                continue
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(textwrap.dedent(content), encoding="utf-8")

    def commit(self, message: str, date: str, files: dict[str, str | None] | None = None,
               name: str = "J. Rivera") -> str:
        if files:
            self.write(files)
        self.git("add", "-A")
        self.git("commit", "-q", "--no-gpg-sign", "-m", message, date=date, name=name)
        return self.git("rev-parse", "HEAD").strip()


PLAN = textwrap.dedent(MINIMAL["sites/lincoln/pdsa/C01.yaml"]).replace(
    "      reason: It takes two minutes.\n",
    "      reason: It takes two minutes.\n    - question: Will the teacher keep it up?\n"
    "      prediction: Yes, every day.\n  scale: {teachers: 1, classes: 1}\n")
DO = PLAN + textwrap.dedent("""\
    do:
      as_planned: yes
      what_happened: Ran it for a week.
      actual_start: 2025-09-15
    """)
STUDY = DO + textwrap.dedent("""\
    study:
      predictions:
        - {question: 1, result: confirmed}
        - {question: 2, result: not_confirmed}
      learned: Students finish it; the teacher forgot it twice.
    """)
ACT = STUDY + textwrap.dedent("""\
    act:
      decision: adapt
      reason: Add a reminder.
      next_cycle: C02
    """)
C02 = """\
    id: C02
    title: Exit tickets with a reminder
    change_ideas: [CI-01]
    continues: C01
    plan:
      objective: Same ticket, with a phone reminder, in three classes.
      questions:
        - question: Will the teacher keep it up?
          prediction: Yes, with the reminder.
      scale: {teachers: 2, classes: 3}
    """
ROOSEVELT = """\
    id: roosevelt
    name: Roosevelt Middle School
    cluster: rac-1
    context: {level: middle, size_band: small}
    joined: 2024-08-15
    """


@pytest.fixture
def history_repo(tmp_path: Path) -> GitNetwork:
    """A network with six months of history: two sites, a ramp, data, a driver revision, a quiet site."""
    repo = GitNetwork(tmp_path / "net")
    base = {k: v for k, v in MINIMAL.items() if k != "sites/lincoln/pdsa/C01.yaml"}
    base["network.yaml"] = textwrap.dedent(MINIMAL["network.yaml"]) + textwrap.dedent("""\
        calendar:
          breaks:
            - {name: Winter break, start: 2025-12-20, end: 2026-01-04}
        settings: {quiet_after_weeks: 4}
        """)
    base["sites/roosevelt/site.yaml"] = ROOSEVELT
    base["sites/roosevelt/data/ATT.csv"] = "period,numerator,denominator\n2025-09-01,50,80\n"
    repo.commit("Start the network", "2025-09-01T09:00:00+00:00", base, name="A. Hub")
    repo.commit("Plan C01", "2025-09-08T10:00:00+00:00", {"sites/lincoln/pdsa/C01.yaml": PLAN})
    repo.commit("C01 under way", "2025-09-16T10:00:00+00:00", {"sites/lincoln/pdsa/C01.yaml": DO})
    repo.commit("Study C01", "2025-09-23T10:00:00+00:00", {
        "sites/lincoln/pdsa/C01.yaml": STUDY,
        "sites/lincoln/data/ATT.csv": "period,numerator,denominator\n2025-09-01,80,100\n2025-09-08,82,100\n"
                                      "2025-09-15,85,100\n2025-09-22,86,100\n"})
    repo.commit("Act on C01, plan C02", "2025-09-30T10:00:00+00:00",
                {"sites/lincoln/pdsa/C01.yaml": ACT, "sites/lincoln/pdsa/C02.yaml": C02})
    repo.commit("Exit tickets are being tested widely", "2025-10-06T10:00:00+00:00", {
        "change-ideas/CI-01.yaml": MINIMAL["change-ideas/CI-01.yaml"].replace("status: testing", "status: implementing"),
        "drivers.yaml": textwrap.dedent(MINIMAL["drivers.yaml"]) + textwrap.dedent("""\
              - id: S2
                title: Family contact
                primary_drivers: [P1]
            revisions:
              - date: 2025-10-06
                summary: Added family contact
                reason: Three sites said attendance moved with calls home.
            """)}, name="A. Hub")
    repo.git("tag", "convening-1")
    repo.commit("Lincoln data for February", "2026-02-02T10:00:00+00:00", {
        "sites/lincoln/data/ATT.csv": "period,numerator,denominator\n2025-09-01,80,100\n2025-09-08,82,100\n"
                                      "2025-09-15,85,100\n2025-09-22,86,100\n2026-01-26,88,100\n2026-02-02,90,100\n"})
    return repo
