"""Issue 16, the rest: short baselines, proposed phases in every view, the agenda (fixture networks)."""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import textwrap
from pathlib import Path

from tests.conftest import MINIMAL  # type: ignore[import-not-found]

from nictools.load.network import load_network
from nictools.reports.build import ReportOptions, build_report
from nictools.validate import run

AS_OF = dt.date(2026, 6, 1)


def weeks(k: int, start: str = "2025-09-01") -> list[str]:
    d = dt.date.fromisoformat(start)
    return [(d + dt.timedelta(days=7 * i)).isoformat() for i in range(k)]


def ratio_csv(values: list[int], start: str = "2025-09-01", den: int = 200) -> str:
    return "period,numerator,denominator\n" + "".join(f"{p},{v},{den}\n" for p, v in zip(weeks(len(values), start), values))


#: 20 baseline weeks around 70%, then 12 weeks around 85%: a sustained shift from week 21 (2026-01-19).
BASE = [140, 138, 142, 141, 139, 137, 143, 140, 138, 142, 139, 141, 140, 138, 143, 139, 141, 140, 142, 137]
SHIFTED = BASE + [170, 172, 168, 171, 169, 173, 170, 168, 172, 171, 170, 169]

ADOPTED_CYCLE = textwrap.dedent(MINIMAL["sites/lincoln/pdsa/C01.yaml"]) + textwrap.dedent("""\
      planned_start: 2025-12-01
      scale: {teachers: 1, classes: 1}
    do:
      as_planned: "yes"
      actual_start: 2025-12-01
      actual_end: 2026-01-09
    study:
      predictions:
        - question: 1
          result: confirmed
      learned: Students finish it.
    act:
      decision: adopt
      reason: It works in one advisory.
    """)


def shifted_network(make_network, **extra: str | None) -> Path:
    return make_network({"sites/lincoln/data/ATT.csv": ratio_csv(SHIFTED),
                         "sites/lincoln/pdsa/C01.yaml": ADOPTED_CYCLE, **extra})


def commit(root: Path, message: str, day: str = "2026-05-01") -> None:
    """Commit the whole folder (a repository made on first use) with fixed names and dates."""
    stamp = f"{day}T12:00:00+00:00"
    env = {**os.environ, "GIT_CONFIG_GLOBAL": "/dev/null", "GIT_CONFIG_NOSYSTEM": "1", "GIT_AUTHOR_NAME": "T",
           "GIT_AUTHOR_EMAIL": "t@example.org", "GIT_COMMITTER_NAME": "T", "GIT_COMMITTER_EMAIL": "t@example.org",
           "GIT_AUTHOR_DATE": stamp, "GIT_COMMITTER_DATE": stamp}
    if not (root / ".git").exists():
        subprocess.run(["git", "-C", str(root), "init", "-q", "-b", "main"], check=True, env=env)
    subprocess.run(["git", "-C", str(root), "add", "-A"], check=True, env=env)
    subprocess.run(["git", "-C", str(root), "commit", "-q", "--no-gpg-sign", "-m", message], check=True, env=env)


# --- 1. short baselines -----------------------------------------------------------------------------


def test_a_short_network_baseline_is_a_warning_on_network_yaml_with_a_hint(make_network, monkeypatch) -> None:
    monkeypatch.setenv("NIC_TODAY", "2026-06-01")
    root = make_network({"network.yaml": textwrap.dedent(MINIMAL["network.yaml"]) + "settings:\n  baseline_points: 6\n"})
    problems = [p for p in run(root)[0].problems if p.code == "NIC370"]
    assert [(p.path, p.line, p.severity.value) for p in problems] == [("network.yaml", 10, "warning")]
    assert "6" in problems[0].message and "ATT" in problems[0].message
    assert "12 to 20" in problems[0].hint


def test_a_measure_of_its_own_overrides_a_short_network_setting(make_network, monkeypatch) -> None:
    monkeypatch.setenv("NIC_TODAY", "2026-06-01")
    measure = textwrap.dedent(MINIMAL["measures/ATT.yaml"]).replace("chart: {type: p}",
                                                                     "chart: {type: p, baseline_points: 20}")
    root = make_network({"network.yaml": textwrap.dedent(MINIMAL["network.yaml"]) + "settings:\n  baseline_points: 6\n",
                         "measures/ATT.yaml": measure})
    assert "NIC370" not in {p.code for p in run(root)[0].problems}


def test_a_baseline_date_that_leaves_few_points_names_the_site(make_network, monkeypatch) -> None:
    monkeypatch.setenv("NIC_TODAY", "2026-06-01")
    measure = textwrap.dedent(MINIMAL["measures/ATT.yaml"]).replace(
        "chart: {type: p}", "chart: {type: p, baseline_until: 2025-10-06}")
    root = shifted_network(make_network, **{"measures/ATT.yaml": measure})
    problems = [p for p in run(root)[0].problems if p.code == "NIC370"]
    assert len(problems) == 1 and "lincoln (6)" in problems[0].message
    assert problems[0].pointer == "chart.baseline_until"


def test_freeze_below_twelve_says_a_word_on_stderr(cli, make_network) -> None:
    root = shifted_network(make_network)
    result = cli("-C", str(root), "chart", "ATT", "--site", "lincoln", "--freeze", "6", "-q")
    assert result.exit_code == 0
    assert "a baseline of 6 points gives unreliable limits" in result.stderr
    data = root / "sites/lincoln/data/ATT.csv"
    result = cli("chart", "--data", str(data), "--type", "p", "--freeze", "5", "-q")
    assert "a baseline of 5 points gives unreliable limits" in result.stderr
    result = cli("chart", "--data", str(data), "--type", "p", "--freeze", "12", "-q")
    assert "unreliable" not in result.stderr


def test_a_phase_without_a_reason_is_a_validate_problem(make_network, monkeypatch) -> None:
    monkeypatch.setenv("NIC_TODAY", "2026-06-01")
    site = textwrap.dedent(MINIMAL["sites/lincoln/site.yaml"])
    missing = make_network({"sites/lincoln/site.yaml": site + "phases:\n  - measure: ATT\n    start: 2026-01-19\n"})
    assert any(p.code == "NIC102" and p.path == "sites/lincoln/site.yaml" for p in run(missing)[0].problems)
    empty = site + "phases:\n  - measure: ATT\n    start: 2026-01-19\n    reason: ''\n"
    (missing / "sites/lincoln/site.yaml").write_text(empty, encoding="utf-8")
    found = [p for p in run(missing)[0].problems if p.path == "sites/lincoln/site.yaml"]
    assert [(p.code, p.pointer) for p in found] == [("NIC109", "phases[0].reason")]


# --- 2. one proposal sentence, in status, chart and the report's agenda ------------------------------


SENTENCE = ("Consider a new phase for ATT at lincoln from 2026-01-19: sustained shift since C01's adoption of "
            "CI-01.")


def test_status_chart_and_agenda_give_the_same_proposal_sentence(cli, make_network, monkeypatch) -> None:
    monkeypatch.setenv("NIC_TODAY", "2026-06-01")
    root = shifted_network(make_network)
    commit(root, "The network")
    chart = cli("-C", str(root), "chart", "ATT", "--site", "lincoln")
    assert SENTENCE in chart.stdout
    status = cli("-C", str(root), "status", "--site", "lincoln")
    assert SENTENCE in status.stdout
    network, _ = load_network(root)
    report = build_report(network, ReportOptions(as_of=AS_OF))
    assert [p.words for p in report.agenda.phases] == [SENTENCE]
    assert report.agenda.phases[0].command.startswith("nic phase add ATT --site lincoln --from 2026-01-19")
    html = cli("-C", str(root), "report", "--format", "markdown")
    assert "Phases to consider" in html.stdout and "Consider a new phase for ATT at lincoln" in html.stdout


def test_a_shift_with_no_adoption_near_it_is_not_credited_to_one(make_network) -> None:
    root = make_network({"sites/lincoln/data/ATT.csv": ratio_csv(SHIFTED)})
    network, _ = load_network(root)
    report = build_report(network, ReportOptions(as_of=AS_OF))
    assert [p.reason for p in report.agenda.phases] == [
        "sustained shift; record it as a phase only if the team can explain it"]


def test_a_recorded_phase_ends_the_proposal(make_network) -> None:
    site = textwrap.dedent(MINIMAL["sites/lincoln/site.yaml"]) + (
        "phases:\n  - measure: ATT\n    start: 2026-01-19\n    reason: Exit tickets in every advisory\n")
    root = shifted_network(make_network, **{"sites/lincoln/site.yaml": site})
    network, _ = load_network(root)
    assert build_report(network, ReportOptions(as_of=AS_OF)).agenda.phases == []


BALANCING = """\
    id: MINUTES
    title: Teacher minutes on network routines
    type: balancing
    calculation: mean
    definition: Minutes a week teachers spend on network routines.
    unit: minutes
    frequency: weekly
    direction: down
    chart: {type: i}
    collection: {who: Team lead, source: Teacher log, when: Fridays}
    """


def test_the_agenda_lists_balancing_concerns_the_evidence_cards_found(make_network) -> None:
    minutes = [30, 31, 29, 30, 32, 30, 29, 31, 30, 30, 31, 29, 30, 30, 31, 29, 30, 31, 30, 30,
               45, 46, 44, 47, 45, 46, 44, 45, 46, 47, 45, 46]
    root = shifted_network(make_network, **{
        "measures/MINUTES.yaml": BALANCING,
        "sites/lincoln/data/MINUTES.csv": "period,value\n" + "".join(
            f"{p},{v}\n" for p, v in zip(weeks(len(minutes)), minutes)),
    })
    network, _ = load_network(root)
    report = build_report(network, ReportOptions(as_of=AS_OF))
    concerns = [(b.idea, b.site, b.measure) for b in report.agenda.balancing]
    assert concerns == [("CI-01", "lincoln", "MINUTES")]
    assert report.agenda.balancing[0].words.startswith("MINUTES: concern since 2026-01-19")
    from nictools.render.report_html import render_html

    page = render_html(report)
    assert "Balancing measures with a concern after adoption" in page and "MINUTES: concern since" in page


# --- 3. a changed definition is a break ------------------------------------------------------------


def test_a_definition_changed_in_the_history_starts_a_phase_and_comparisons_say_so(cli, make_network,
                                                                                    monkeypatch) -> None:
    monkeypatch.setenv("NIC_TODAY", "2026-06-01")
    root = shifted_network(make_network)
    commit(root, "The network", "2025-08-20")
    measure = root / "measures/ATT.yaml"
    # a reflowed paragraph is not a new definition
    measure.write_text(measure.read_text().replace("definition: Students attending",
                                                   "definition: >-\n  Students\n  attending"), encoding="utf-8")
    commit(root, "Reflow", "2025-10-01")
    assert "definition changed" not in cli("-C", str(root), "chart", "ATT", "--site", "lincoln").stdout
    measure.write_text(measure.read_text().replace(
        "denominator: {description: Ninth graders enrolled that week}",
        "denominator: {description: Ninth graders enrolled that week, exclusion: Students enrolled fewer than 3 days}"),
        encoding="utf-8")
    commit(root, "Leave out students enrolled fewer than 3 days", "2026-01-14")
    out = cli("-C", str(root), "chart", "ATT", "--site", "lincoln", "--format", "json")
    data = json.loads(out.stdout)
    assert [p["part"] for p in data["parts"]] == [1, 2]
    second = next(p for p in data["points"] if p["part"] == 2)
    assert second["period"] == "2026-01-19"  # the first period on or after the commit's date
    text = cli("-C", str(root), "chart", "ATT", "--site", "lincoln").stdout
    assert "New phase: definition changed: denominator.exclusion." in text
    compare = cli("-C", str(root), "compare", "lincoln", "--as-of", "2026-06-01")
    assert ("ATT's definition changed on 2026-01-19 (definition changed: denominator.exclusion): points before and "
            "after it are not like for like") in compare.stdout
    # as of a commit before the change, there is no break
    early = cli("-C", str(root), "chart", "ATT", "--site", "lincoln", "--as-of", "2025-12-01", "--format", "json")
    assert [p["part"] for p in json.loads(early.stdout)["parts"]] == [1]


def test_a_recorded_version_is_not_counted_twice(make_network) -> None:
    root = shifted_network(make_network)
    commit(root, "The network", "2025-08-20")
    measure = root / "measures/ATT.yaml"
    text = measure.read_text().replace("Students attending at least", "Students present at least")
    measure.write_text(text + "versions:\n  - since: 2026-01-19\n    definition: Present, not attending\n"
                       "    reason: The district's new codes\n", encoding="utf-8")
    commit(root, "New attendance codes", "2026-01-14")
    from nictools.measurement.charts import ChartOptions, chart_site

    network, _ = load_network(root)
    chart = chart_site(network, "ATT", "lincoln", ChartOptions(), AS_OF)
    assert [(p.start.isoformat(), p.source) for p in chart.phases] == [("2026-01-19", "definition")]


def test_an_evidence_window_across_a_definition_change_is_not_like_for_like(make_network) -> None:
    root = shifted_network(make_network)
    commit(root, "The network", "2025-08-20")
    measure = root / "measures/ATT.yaml"
    measure.write_text(measure.read_text().replace("Ninth graders attending 90% or more of the week's days",
                                                   "Ninth graders attending 85% or more of the week's days"),
                       encoding="utf-8")
    commit(root, "A lower bar", "2026-01-14")
    network, _ = load_network(root)
    report = build_report(network, ReportOptions(as_of=AS_OF))
    card = next(c for c in report.evidence if c.idea == "CI-01")
    site = next(s for s in card.sites if s.site == "lincoln")
    assert not site.lines_up
    assert any("not like for like" in c and "numerator.description" in c for c in site.criteria)


# --- 4. strata ----------------------------------------------------------------------------------------

EQUITY_AIM = textwrap.dedent(MINIMAL["aims/network-aim.yaml"]) + textwrap.dedent("""\
    equity:
      strata: [English learners]
      close: 0.5
      by: 2026-06-12
    """)


def strata_csv(k: int = 24) -> str:
    """The whole group (200 students, 70%) and English learners (40 students, 50%: a 25-point gap to the rest)."""
    lines = ["period,numerator,denominator,stratum"]
    for p in weeks(k):
        lines += [f"{p},140,200,", f"{p},20,40,English learners"]
    return "\n".join(lines) + "\n"


def test_strata_are_charted_beside_the_whole_with_the_equity_goal(cli, make_network, tmp_path: Path) -> None:
    root = make_network({"sites/lincoln/data/ATT.csv": strata_csv(), "aims/network-aim.yaml": EQUITY_AIM})
    result = cli("-C", str(root), "chart", "ATT", "--site", "lincoln", "--strata", "--format", "json")
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["total"]["assessment"]["site"] == "lincoln"
    [el] = data["strata"]
    assert "assessment" not in el  # a stratum's verdict is its own object, never the site's assessment
    assert el["stratum_assessment"]["stratum"] == "English learners"
    assert el["stratum_assessment"]["series"] == "stratum"
    assert el["points"][0]["value"] == 0.5
    [equity] = data["equity"]
    # the rest: 120/160 = 75%; the gap 25 points; halved: 12.5; the goal: the aim's 90% less 12.5 points
    assert abs(equity["baseline_gap"] - 0.25) < 1e-9 and abs(equity["target_gap"] - 0.125) < 1e-9
    assert abs(equity["goal"] - 0.775) < 1e-9 and el["stratum_assessment"]["goal"] == equity["goal"]
    text = cli("-C", str(root), "chart", "ATT", "--site", "lincoln", "--strata").stdout
    assert "Stratum verdict (English learners):" in text
    assert "The network aim promises to close 50% of the gap for English learners by 2026-06-12: from 25.0 " \
           "points at baseline to 12.5 points." in text
    out = tmp_path / "strata.svg"
    assert cli("-C", str(root), "chart", "ATT", "--site", "lincoln", "--strata", "--out", str(out)).exit_code == 0
    svg = out.read_text(encoding="utf-8")
    assert "All students" in svg and "English learners" in svg and "equity target" in svg


def test_the_gap_is_its_own_series_with_the_target_gap_as_goal(cli, make_network) -> None:
    root = make_network({"sites/lincoln/data/ATT.csv": strata_csv(), "aims/network-aim.yaml": EQUITY_AIM})
    result = cli("-C", str(root), "chart", "ATT", "--site", "lincoln", "--gap", "english learners", "--format", "json")
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert "assessment" not in data
    gap = data["stratum_assessment"]
    assert gap["series"] == "gap" and gap["direction"] == "down" and abs(gap["goal"] - 0.125) < 1e-9
    assert all(abs(p["value"] - 0.25) < 1e-9 for p in data["points"])
    missing = cli("-C", str(root), "chart", "ATT", "--site", "lincoln", "--gap", "English learner")
    assert missing.exit_code == 2 and "English learners" in missing.stderr
    alone = cli("-C", str(root), "chart", "ATT", "--network", "--strata")
    assert alone.exit_code == 2 and "--site" in alone.stderr


def test_a_file_without_strata_says_how_to_add_them(cli, make_network) -> None:
    root = make_network({"sites/lincoln/data/ATT.csv": ratio_csv(SHIFTED)})
    result = cli("-C", str(root), "chart", "ATT", "--site", "lincoln", "--strata")
    assert result.exit_code == 2 and "no stratum rows" in result.stderr and "stratum" in result.stderr


def test_the_report_shows_strata_with_their_own_verdicts(make_network) -> None:
    root = make_network({"sites/lincoln/data/ATT.csv": strata_csv(), "aims/network-aim.yaml": EQUITY_AIM})
    network, _ = load_network(root)
    report = build_report(network, ReportOptions(as_of=AS_OF))
    page = next(p for p in report.sites if p.site == "lincoln")
    [block] = page.strata
    assert block.measure == "ATT" and [s.title for s in block.strata] == ["English learners"]
    assert block.strata[0].assessment is None and block.strata[0].stratum_assessment.stratum == "English learners"
    data = report.to_json()
    stratum = data["sites"][0]["strata"][0]["strata"][0]
    assert stratum["assessment"] is None and stratum["stratum_assessment"]["series"] == "stratum"
    from nictools.render.report_html import render_html

    page_html = render_html(report)
    assert "Strata: ATT" in page_html and "English learners</strong>:" in page_html
    assert "from 25.0 points at baseline to 12.5 points" in page_html
