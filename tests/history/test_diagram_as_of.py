"""`nic diagram --as-of` draws the driver diagram as it stood at a date or revision."""

from __future__ import annotations

import json


def test_diagram_as_of_a_date_leaves_out_what_came_later(history_repo, cli) -> None:
    root = str(history_repo.root)
    before = cli("-C", root, "diagram", "--format", "json", "--as-of", "2025-09-10")
    now = cli("-C", root, "diagram", "--format", "json")
    assert before.exit_code == 0, before.output
    assert now.exit_code == 0, now.output
    assert "S2" in now.stdout and "Family contact" in now.stdout
    assert "Family contact" not in before.stdout  # the driver revision came on 2025-10-06
    json.loads(before.stdout)


def test_diagram_as_of_a_revision_and_a_bad_one(history_repo, cli) -> None:
    root = str(history_repo.root)
    first = history_repo.git("rev-list", "--max-parents=0", "HEAD").strip()
    at_start = cli("-C", root, "diagram", "--format", "mermaid", "--as-of", first[:10])
    assert at_start.exit_code == 0, at_start.output
    assert "Family contact" not in at_start.stdout
    bad = cli("-C", root, "diagram", "--as-of", "--output=/tmp/nic-should-not-exist")
    assert bad.exit_code == 2 and "Traceback" not in bad.output
