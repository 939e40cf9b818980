"""`nic migrate`: a no-op today; a fabricated version 0 shows the machinery works."""

from __future__ import annotations

import re

import pytest

from nictools import migrate
from nictools.errors import NicError
from nictools.validate import run

OLD_CYCLE = """format: 0  # written for the old format
id: C01
title: t
change_ideas: [CI-01]
plan:
  objective: o
  questions:
    - question: Will they finish?
      hypothesis: Most will.  # the old name
"""


def _hypothesis_to_prediction(kind: str, text: str) -> str:
    """The fabricated 0 -> 1 step: version 0 called predictions `hypothesis`."""
    if kind != "pdsa":
        return text
    return re.sub(r"^(\s*)hypothesis:", r"\1prediction:", text, flags=re.MULTILINE)


def test_nothing_to_migrate_today(make_network, cli) -> None:
    root = make_network()
    result = cli("-C", str(root), "migrate")
    assert result.exit_code == 0 and "nothing to migrate" in result.stdout
    assert migrate.MIGRATIONS == {}


def test_fabricated_version_0_is_upgraded(make_network, cli, monkeypatch) -> None:
    root = make_network({"sites/lincoln/pdsa/C01.yaml": OLD_CYCLE})
    assert "NIC107" in {p.code for p in run(root)[0].problems}  # validate says: run nic migrate
    monkeypatch.setattr(migrate, "MIGRATIONS", {0: _hypothesis_to_prediction})
    check = cli("-C", str(root), "migrate", "--check")
    assert check.exit_code == 1 and "would migrate sites/lincoln/pdsa/C01.yaml: format 0 -> 1" in check.stdout
    assert cli("-C", str(root), "migrate").exit_code == 0
    text = (root / "sites/lincoln/pdsa/C01.yaml").read_text()
    assert text.startswith("format: 1  # written for the old format\n")
    assert "      prediction: Most will.  # the old name\n" in text
    assert run(root)[0].problems == []


def test_no_path_from_an_unknown_old_version(make_network) -> None:
    root = make_network({"sites/lincoln/pdsa/C01.yaml": OLD_CYCLE})
    with pytest.raises(NicError, match="no way to upgrade format 0"):
        migrate.plan_migrations(root)


def test_newer_version_asks_for_an_upgrade(make_network) -> None:
    root = make_network({"sites/lincoln/pdsa/C01.yaml": OLD_CYCLE.replace("format: 0", "format: 7")})
    with pytest.raises(NicError, match="newer than this nic"):
        migrate.plan_migrations(root)
