"""Dated convenings: `nic convening tag --date`, NIC_TODAY and GIT_COMMITTER_DATE; the window starts at the date."""

from __future__ import annotations

import json

import pytest

from nictools.convenings import parse_convening_date
from nictools.errors import NicError


@pytest.fixture
def who(monkeypatch: pytest.MonkeyPatch) -> None:
    for key, value in (("GIT_AUTHOR_NAME", "T"), ("GIT_AUTHOR_EMAIL", "t@example.org"),
                       ("GIT_COMMITTER_NAME", "T"), ("GIT_COMMITTER_EMAIL", "t@example.org")):
        monkeypatch.setenv(key, value)
    monkeypatch.delenv("NIC_TODAY", raising=False)
    monkeypatch.delenv("GIT_COMMITTER_DATE", raising=False)


def _list(cli, root) -> list[dict]:
    result = cli("-C", str(root), "convening", "list", "--format", "json")
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)


def test_a_history_filled_in_afterwards_is_tagged_by_date(cli, history_repo, who) -> None:
    root = history_repo.root
    # tagged out of order, as a coordinator filling in the history might
    late = cli("-C", str(root), "convening", "tag", "winter", "--date", "2026-02-10")
    assert late.exit_code == 0, late.stderr
    early = cli("-C", str(root), "convening", "tag", "autumn", "--date", "2025-09-20")
    assert early.exit_code == 0, early.stderr
    assert "2025-09-20" in early.stdout
    items = _list(cli, root)
    assert [c["name"] for c in items] == ["autumn", "winter"]  # ordered by their dates, not by when tagged
    assert [c["date"][:10] for c in items] == ["2025-09-20", "2026-02-10"]
    # with --date and no --rev the tag marks the last commit made by that day ("Study C01" is 09-23)
    study = history_repo.git("log", "-1", "--format=%H", "--before=2025-09-20T23:59:59+00:00").strip()
    assert items[0]["commit"] == study


def test_the_report_window_starts_at_the_convenings_date(cli, history_repo, who) -> None:
    root = history_repo.root
    assert cli("-C", str(root), "convening", "tag", "october", "--date", "2025-10-20").exit_code == 0
    report = cli("-C", str(root), "report", "--format", "json")
    assert report.exit_code == 0, report.stderr
    since = json.loads(report.stdout)["since"]
    assert since["since_label"] == "convening october"
    assert since["since_date"] == "2025-10-20"
    # as of the last quarter, the convening before it is found (it is not dated today)
    earlier = cli("-C", str(root), "report", "--format", "json", "--as-of", "2025-12-01")
    assert earlier.exit_code == 0, earlier.stderr
    assert json.loads(earlier.stdout)["since"]["since_label"] == "convening october"
    assert "No convening tag yet" not in earlier.stderr


def test_nic_today_and_the_committer_date_date_a_tag(cli, history_repo, who, monkeypatch) -> None:
    root = history_repo.root
    monkeypatch.setenv("NIC_TODAY", "2026-03-01")
    assert cli("-C", str(root), "convening", "tag", "march").exit_code == 0
    monkeypatch.delenv("NIC_TODAY")
    monkeypatch.setenv("GIT_COMMITTER_DATE", "2026-03-05T09:00:00+00:00")
    assert cli("-C", str(root), "convening", "tag", "march-2").exit_code == 0
    dates = {c["name"]: c["date"][:10] for c in _list(cli, root)}
    assert dates == {"march": "2026-03-01", "march-2": "2026-03-05"}


def test_a_convening_cannot_mark_work_committed_after_it(cli, history_repo, who) -> None:
    root = history_repo.root
    result = cli("-C", str(root), "convening", "tag", "old", "--date", "2025-09-10", "--rev", "HEAD")
    assert result.exit_code in (1, 2)
    assert "after the convening's date" in result.stderr
    before = cli("-C", str(root), "convening", "tag", "older", "--date", "2024-01-01")
    assert before.exit_code in (1, 2) and "No commit was made by 2024-01-01" in before.stderr
    bad = cli("-C", str(root), "convening", "tag", "x", "--date", "next tuesday")
    assert bad.exit_code in (1, 2) and "is not a date" in bad.stderr and "Traceback" not in bad.stderr


def test_date_forms() -> None:
    assert parse_convening_date("2025-04-20").isoformat() == "2025-04-20T23:59:59+00:00"
    assert parse_convening_date("2025-04-20T16:00:00+01:00").hour == 16
    assert parse_convening_date("1745000000 +0200").utcoffset().total_seconds() == 7200
    with pytest.raises(NicError):
        parse_convening_date("soon")
