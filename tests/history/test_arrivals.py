"""Data arrivals are events: 'since the last convening' counts the rows committed after it."""

from __future__ import annotations

import datetime as dt
import json

from nictools.history.session import open_history
from nictools.reports.status import build_status


def test_each_row_arrives_with_the_commit_that_added_it(history_repo) -> None:
    with open_history(history_repo.root, use_cache=False) as history:
        arrivals = history.arrivals()
    lincoln = arrivals.of("lincoln", "ATT")
    assert lincoln["2025-09-01"].date.date() == dt.date(2025, 9, 1)  # in the first commit
    assert lincoln["2026-02-02"].date.date() == dt.date(2026, 2, 2)
    # a period for January that arrived in February is dated February: its arrival, not its period
    assert lincoln["2026-01-26"].date.date() == dt.date(2026, 2, 2)


def test_the_report_counts_data_that_arrived_in_the_window(cli, history_repo) -> None:
    result = cli("-C", str(history_repo.root), "report", "--format", "json", "--since", "convening-1")
    assert result.exit_code == 0, result.stderr
    since = json.loads(result.stdout)["since"]
    assert since["data_rows"] == 2 and since["data_sites"] == 1
    assert [(d["measure"], d["rows"], d["periods"]) for d in since["data"]] == [("ATT", 2, 2)]
    assert "commit" in since["data_rule"]
    html = cli("-C", str(history_repo.root), "report", "--since", "convening-1")
    assert "Nothing recorded in this window" not in html.stdout
    assert "rows of data arrived" in html.stdout


def test_status_and_report_name_the_same_quiet_sites(cli, history_repo) -> None:
    """One rule (reports.cadence.site_quiet) on one activity (the last commit touching the site)."""
    with open_history(history_repo.root, use_cache=False) as history:
        status = build_status(history)
    from_status = sorted(s.id for s in status.sites if s.quiet)
    result = cli("-C", str(history_repo.root), "report", "--format", "json")
    assert result.exit_code == 0, result.stderr
    from_report = sorted(q[0] for q in json.loads(result.stdout)["agenda"]["quiet"])
    assert from_status == from_report == ["roosevelt"]


def test_status_counts_the_data_that_arrived_since_the_last_convening(cli, history_repo, monkeypatch) -> None:
    for key, value in (("GIT_COMMITTER_NAME", "T"), ("GIT_COMMITTER_EMAIL", "t@example.org")):
        monkeypatch.setenv(key, value)
    monkeypatch.delenv("NIC_TODAY", raising=False)
    assert cli("-C", str(history_repo.root), "convening", "tag", "autumn", "--date", "2025-10-20").exit_code == 0
    result = cli("-C", str(history_repo.root), "status", "--format", "json")
    assert result.exit_code == 0, result.output
    since = json.loads(result.stdout)["since"]
    assert (since["convening"], since["rows"], since["sites"], since["periods"]) == ("autumn", 2, 1, 2)
    text = cli("-C", str(history_repo.root), "status").stdout
    assert "since convening autumn (2025-10-20): 2 rows of data arrived from 1 site" in text
