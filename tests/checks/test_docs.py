"""docs/checks.md is generated from the catalogue and must not go stale; anchors match Problem.url."""

from __future__ import annotations

import nictools.validate  # noqa: F401  (registers every check)
from nictools.catalogue.docs import checks_markdown, docs_path, github_anchor, heading
from nictools.catalogue import CATALOGUE, make_problem


def test_docs_checks_md_is_up_to_date() -> None:
    assert docs_path().read_text(encoding="utf-8") == checks_markdown(), (
        "docs/checks.md is stale: run `PYTHONPATH=src python -m nictools.catalogue.docs`")


def test_every_problem_url_points_at_its_heading() -> None:
    text = checks_markdown()
    for code, info in CATALOGUE.items():
        assert f"\n### {heading(info)}\n" in text
        url = make_problem(code, "x.yaml", 1, 1, "m").url
        assert url.endswith("docs/checks.md#" + github_anchor(heading(info)))


def test_github_anchor_rules() -> None:
    assert github_anchor("NIC203 unknown-change-idea") == "nic203-unknown-change-idea"
    assert github_anchor("Files, encodings and syntax") == "files-encodings-and-syntax"


def test_every_check_is_documented() -> None:
    for info in CATALOGUE.values():
        assert info.summary.endswith(".") and info.hint, info.code
        assert info.name == info.name.lower() and " " not in info.name
    new_families = [i for i in CATALOGUE.values() if i.code[:4] in ("NIC3", "NIC4", "NIC5", "NIC6")]
    assert all(i.bad and i.good for i in new_families)
