"""`nic rename`: every reference changes, nothing else does, all or nothing."""

from __future__ import annotations

import pytest

from nictools.errors import NicError
from nictools.rename import plan_rename
from nictools.validate import run

ROOSEVELT = {
    "sites/roosevelt/site.yaml": "id: roosevelt\nname: Roosevelt\ncluster: rac-1\ncontext: {level: high, size_band: small}\njoined: 2024-08-15\n",
    "sites/roosevelt/pdsa/C01.yaml": ("id: C01\ntitle: t\nchange_ideas: ['CI-01']  # quoted, with a comment\n"
                                     "replicates: lincoln/C01\nplan:\n  objective: o\n  measures:\n    - ATT\n"),
}


def errors(root) -> list:
    return [p for p in run(root)[0].problems if p.severity.value == "error"]


@pytest.mark.parametrize("kind,old,new,gone,present", [
    ("change-idea", "CI-01", "CI-10", "change-ideas/CI-01.yaml", "change-ideas/CI-10.yaml"),
    ("measure", "ATT", "ATT-90", "sites/lincoln/data/ATT.csv", "sites/lincoln/data/ATT-90.csv"),
    ("site", "lincoln", "lincoln-hs", "sites/lincoln", "sites/lincoln-hs/pdsa/C01.yaml"),
    ("aim", "network-aim", "aim-2026", "aims/network-aim.yaml", "aims/aim-2026.yaml"),
    ("driver", "S1", "S1-checkins", None, None),
])
def test_rename_updates_every_reference(make_network, cli, kind, old, new, gone, present) -> None:
    root = make_network(ROOSEVELT)
    assert errors(root) == []
    result = cli("-C", str(root), "rename", kind, old, new)
    assert result.exit_code == 0, result.stderr
    assert errors(root) == [], [(p.code, p.path, p.message) for p in errors(root)]
    if gone:
        assert not (root / gone).exists() and (root / present).exists()


def test_rename_keeps_comments_quotes_and_layout(make_network, cli) -> None:
    root = make_network(ROOSEVELT)
    cli("-C", str(root), "rename", "change-idea", "CI-01", "CI-10")
    cli("-C", str(root), "rename", "site", "lincoln", "lincoln-hs")
    text = (root / "sites/roosevelt/pdsa/C01.yaml").read_text()
    assert text == ROOSEVELT["sites/roosevelt/pdsa/C01.yaml"].replace("'CI-01'", "'CI-10'").replace(
        "lincoln/C01", "lincoln-hs/C01")


def test_rename_cycle_needs_site_and_updates_links(make_network, cli) -> None:
    root = make_network(ROOSEVELT)
    assert cli("-C", str(root), "rename", "cycle", "C01", "C01a").exit_code == 2
    result = cli("-C", str(root), "rename", "cycle", "C01", "C01a", "--site", "lincoln")
    assert result.exit_code == 0
    assert "replicates: lincoln/C01a" in (root / "sites/roosevelt/pdsa/C01.yaml").read_text()
    assert (root / "sites/lincoln/pdsa/C01a.yaml").exists()
    assert errors(root) == []


def test_refuses_when_new_exists_or_old_is_missing_and_writes_nothing(make_network, cli) -> None:
    root = make_network({"change-ideas/CI-02.yaml": "id: CI-02\ntitle: t\ndescription: d\ndrivers: [S1]\n"})
    before = {p: p.read_bytes() for p in root.rglob("*") if p.is_file()}
    result = cli("-C", str(root), "rename", "change-idea", "CI-01", "CI-02")
    assert result.exit_code == 2 and "already exists" in result.stderr
    result = cli("-C", str(root), "rename", "change-idea", "CI-1", "CI-03")
    assert result.exit_code == 2 and "Did you mean `CI-01`?" in result.stderr
    assert {p: p.read_bytes() for p in root.rglob("*") if p.is_file()} == before


def test_retired_artifacts_keep_their_ids(make_network) -> None:
    root = make_network({"change-ideas/CI-02.yaml": "id: CI-02\ntitle: t\ndescription: d\ndrivers: [S1]\nstatus: retired\n"})
    with pytest.raises(NicError, match="retired"):
        plan_rename(root, "change-idea", "CI-02", "CI-03")
    with pytest.raises(NicError, match="retired one"):
        plan_rename(root, "change-idea", "CI-01", "CI-02")


def test_dry_run_writes_nothing(make_network, cli) -> None:
    root = make_network()
    result = cli("-C", str(root), "rename", "--dry-run", "measure", "ATT", "ATT2")
    assert result.exit_code == 0 and "would move measures/ATT.yaml -> measures/ATT2.yaml" in result.stdout
    assert (root / "measures/ATT.yaml").exists()


def test_numeric_looking_new_id_is_quoted(make_network) -> None:
    root = make_network()
    plan = plan_rename(root, "change-idea", "CI-01", "2024")
    assert 'change_ideas: ["2024"]' in plan.texts["sites/lincoln/pdsa/C01.yaml"]
