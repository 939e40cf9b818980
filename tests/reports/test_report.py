"""The convening report: privacy, careful words, escaping, formats, convenings."""

from __future__ import annotations

import datetime as dt
import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from nictools.load.network import load_network
from nictools.reports.build import ReportOptions, build_report
from nictools.reports.privacy import mask_count, mask_pair

EXAMPLE = Path(__file__).resolve().parents[2] / "src" / "nictools" / "example"
AS_OF = dt.date(2026, 6, 12)


@pytest.fixture(scope="module")
def example_report():
    network, _ = load_network(EXAMPLE)
    return build_report(network, ReportOptions(as_of=AS_OF, since_date=dt.date(2026, 3, 1), since_label="2026-03-01"))


def _counts(data, found):
    if isinstance(data, dict):
        for key, value in data.items():
            if key in ("numerator", "denominator") and value is not None:
                found.append(value)
            _counts(value, found)
    elif isinstance(data, list):
        for value in data:
            _counts(value, found)
    return found


def test_mask_count() -> None:
    assert mask_count(9, 10) == "<10"
    assert mask_count(0, 10) == "<10"
    assert mask_count(10, 10) == 10
    assert mask_count(None, 10) is None
    assert mask_count(3, 0) == 3


def test_no_small_count_leaves_in_json(example_report) -> None:
    counts = _counts(example_report.to_json(), [])
    assert counts, "the example has numerators and denominators"
    assert all(c in ("<10", "masked") or (isinstance(c, int) and c >= 10) for c in counts)
    network, _ = load_network(EXAMPLE)
    strict = _counts(build_report(network, ReportOptions(as_of=AS_OF, small_cell=100)).to_json(), [])
    assert "<100" in strict  # check-ins in one advisory: 31 planned
    assert all(c in ("<100", "masked") or (isinstance(c, int) and c >= 100) for c in strict)


def test_a_ratio_hides_both_counts_when_one_of_them_or_their_difference_is_small() -> None:
    assert mask_pair(3, 200, 10) == ("<10", "masked")  # 1.5% of a known 200 gives the 3 back
    assert mask_pair(198, 200, 10) == ("masked", "masked")  # the 2 who did not attend
    assert mask_pair(150, 200, 10) == (150, 200)
    assert mask_pair(5, 8, 10) == ("<10", "<10")
    assert mask_pair(None, 200, 10) == (None, 200)


def test_student_counts_in_scales_are_masked() -> None:
    network, _ = load_network(EXAMPLE)
    report = build_report(network, ReportOptions(as_of=AS_OF, small_cell=100))
    text = json.dumps(report.to_json())
    assert "<100 students" in text
    assert not re.search(r'class(es)?, ([1-9]|[1-9]\d) students', text)


def test_evidence_words_are_careful(example_report) -> None:
    for card in example_report.evidence:
        lined = [s for s in card.sites if s.lines_up]
        if card.verdict == "evidence":
            assert len(lined) >= 2 and card.verdict_words.startswith("Evidence of improvement")
        else:
            assert not card.verdict_words.lower().startswith("evidence of improvement")
        if card.verdict in ("evidence", "promising", "mixed"):
            assert "not proof" in card.verdict_words
        for s in lined:
            assert s.outcome_after == "improvement" and s.process == "reliable" and s.adopted_on
            assert not s.criteria and not s.balancing_concerns
        for s in card.sites:  # no site with a concern after adoption is counted towards evidence
            if s.outcome_after in ("concern", "both"):
                assert not s.lines_up
    assert any(c.verdict == "promising" for c in example_report.evidence)
    assert any(c.verdict == "mixed" for c in example_report.evidence)


def test_sites_are_classified_not_ranked(example_report) -> None:
    counts = example_report.network.counts
    assert sum(counts.values()) == len(example_report.network.sites) == 8
    assert counts["improvement"] >= 1


def test_provenance_flags_only_for_the_hub(tmp_path: Path) -> None:
    root = tmp_path / "net"
    shutil.copytree(EXAMPLE, root)
    cycle = root / "sites" / "lincoln" / "pdsa" / "C02.yaml"
    cycle.write_text(cycle.read_text().replace("recorded_on: 2025-10-31", "recorded_on: 2025-11-20"))
    network, _ = load_network(root)
    plain = build_report(network, ReportOptions(as_of=AS_OF))
    hub = build_report(network, ReportOptions(as_of=AS_OF, hub=True))
    assert not any(p.flags for p in plain.sites) and not plain.agenda.provenance
    assert any("C02" in f for p in hub.sites for f in p.flags)


def test_markdown_stays_within_the_limit_and_escapes(example_report) -> None:
    from nictools.render.report_markdown import render_markdown

    example_report.sites[0].ask = "<script>alert(1)</script> | *bold*"
    full = render_markdown(example_report)
    assert len(full) <= 65_536
    assert "<script>" not in full and "&lt;script&gt;" in full and r"\*bold\*" in full
    short = render_markdown(example_report, limit=6000)
    assert len(short) <= 6000
    assert "stops here" in short and "left out" in short


def test_cli_writes_html_atomically(cli, tmp_path: Path) -> None:
    out = tmp_path / "report.html"
    network = tmp_path / "network"  # outside any git repository: dates come from the files
    shutil.copytree(EXAMPLE, network)
    result = cli("-C", str(network), "report", "--as-of", "2026-06-12", "--out", str(out))
    assert result.exit_code == 0, result.stderr
    html = out.read_text()
    assert html.startswith("<!DOCTYPE html>") and "<script" not in html and "Ninth Grade On-Track Network" in html
    assert "http://" not in html.replace('xmlns="http://www.w3.org/2000/svg"', "").replace(
        'xmlns:xlink="http://www.w3.org/1999/xlink"', "")
    assert "nic report:" in result.stderr  # progress on stderr
    assert not list(tmp_path.glob(".report.html.*"))


def test_cli_unknown_site(cli) -> None:
    result = cli("-C", str(EXAMPLE), "report", "--site", "linclon", "--format", "json")
    assert result.exit_code == 2
    assert "linclon" in result.stderr and "lincoln" in result.stderr


def _git(root: Path, *args: str) -> None:
    subprocess.run(["git", "-C", str(root), *args], check=True, capture_output=True,
                   env={"GIT_AUTHOR_NAME": "T", "GIT_AUTHOR_EMAIL": "t@example.org", "GIT_COMMITTER_NAME": "T",
                        "GIT_COMMITTER_EMAIL": "t@example.org", "PATH": "/usr/bin:/bin", "HOME": str(root)})


@pytest.mark.skipif(shutil.which("git") is None, reason="needs git")
def test_convening_tag_list_and_since(cli, tmp_path: Path, monkeypatch) -> None:
    root = tmp_path / "net"
    shutil.copytree(EXAMPLE, root)
    _git(root, "init", "-q", "-b", "main")
    _git(root, "add", ".")
    _git(root, "commit", "-q", "-m", "Start")
    for key, value in (("GIT_AUTHOR_NAME", "T"), ("GIT_AUTHOR_EMAIL", "t@example.org"),
                       ("GIT_COMMITTER_NAME", "T"), ("GIT_COMMITTER_EMAIL", "t@example.org")):
        monkeypatch.setenv(key, value)
    result = cli("-C", str(root), "convening", "tag", "2026-spring", "--message", "Spring convening")
    assert result.exit_code == 0, result.stderr
    assert "convening/2026-spring" in result.stdout
    again = cli("-C", str(root), "convening", "tag", "2026-spring")
    assert again.exit_code == 2 and "already exists" in again.stderr
    bad = cli("-C", str(root), "convening", "tag", "--rev", "--output=x", "x")
    assert bad.exit_code == 2
    listed = cli("-C", str(root), "convening", "list", "--format", "json")
    assert [c["name"] for c in json.loads(listed.stdout)] == ["2026-spring"]
    report = cli("-C", str(root), "report", "--format", "json")
    assert report.exit_code == 0, report.stderr
    assert json.loads(report.stdout)["since"]["since_label"] == "convening 2026-spring"
