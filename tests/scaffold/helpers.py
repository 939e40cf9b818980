"""Helpers shared by the scaffolding tests."""

from __future__ import annotations

from pathlib import Path

#: a count measure with no data yet (measures/CONTACTS.yaml), for the data commands' tests
COUNT = """\
id: CONTACTS
title: Positive calls home
type: process
calculation: count
definition: Positive calls home made by ninth-grade advisors that week.
unit: calls
frequency: weekly
direction: up
"""


def snapshot(root: Path) -> dict[str, bytes]:
    """Every file under `root` (outside .git) with its bytes: compare before and after a refusal."""
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*"))
            if p.is_file() and ".git" not in p.relative_to(root).parts}
