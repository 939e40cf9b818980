"""Living with the checks: inline `# nic: ignore[...]`, file-level ignores, drafts, settings."""

from __future__ import annotations

from nictools.suppressions import parse_suppressions
from nictools.validate import run

BAD_IDEA = "id: C01\ntitle: t\nchange_ideas: [CI-9]{comment}\nplan: {{objective: o, questions: [{{question: q, prediction: p}}]}}\n"


def codes(root) -> set[str]:
    result, _ = run(root)
    return {p.code for p in result.problems}


def test_parse_line_and_file_comments() -> None:
    found = parse_suppressions("a: 1  # nic: ignore[NIC203, unknown-driver]\n# nic: ignore-file[NIC4]\nb: 2 # nic: ignore\n")
    assert found.lines == {1: ["NIC203", "unknown-driver"], 3: ["ALL"]}
    assert found.whole_file == ["NIC4"]


def test_inline_comment_by_code_and_by_name(make_network) -> None:
    cycle = "sites/lincoln/pdsa/C01.yaml"
    assert "NIC203" in codes(make_network({cycle: BAD_IDEA.format(comment="")}))
    assert "NIC203" not in codes(make_network({cycle: BAD_IDEA.format(comment="  # nic: ignore[NIC203]")}))
    assert "NIC203" not in codes(make_network({cycle: BAD_IDEA.format(comment="  # nic: ignore[NIC999, unknown-change-idea]")}))
    # a comment on another line does not count
    assert "NIC203" in codes(make_network({cycle: "# nic: ignore[NIC203]\n" + BAD_IDEA.format(comment="")}))


def test_file_level_comment(make_network) -> None:
    root = make_network({"sites/lincoln/pdsa/C01.yaml": "# nic: ignore-file[NIC2]\n" + BAD_IDEA.format(comment="")})
    assert "NIC203" not in codes(root)


def test_draft_silences_practice_warnings_but_not_errors(make_network, monkeypatch) -> None:
    monkeypatch.setenv("NIC_TODAY", "2026-06-01")
    body = ("id: C01\ntitle: t\nchange_ideas: [CI-01]\n{status}plan:\n  objective: o\n"
            "do:\n  what_happened: w\n  actual_start: 2027-01-04\n")
    found = codes(make_network({"sites/lincoln/pdsa/C01.yaml": body.format(status="")}))
    assert {"NIC401", "NIC434"} <= found
    found = codes(make_network({"sites/lincoln/pdsa/C01.yaml": body.format(status="status: draft\n")}))
    assert "NIC401" not in found  # a quality gap: quiet while drafting
    assert "NIC434" in found  # a future actual date is still an error


def test_network_settings_per_file_ignores(make_network) -> None:
    network = ("name: N\nhub: H\nclusters: [{id: rac-1, name: R, primary_driver: P1}]\naim: network-aim\n"
               "settings:\n  per_file_ignores:\n    'sites/*/pdsa/*.yaml': [unknown-change-idea]\n")
    root = make_network({"network.yaml": network, "sites/lincoln/pdsa/C01.yaml": BAD_IDEA.format(comment="")})
    assert "NIC203" not in codes(root)


def test_strict_fails_on_warnings(make_network, cli) -> None:
    root = make_network({"change-ideas/CI-01.yaml": "\ufeffid: CI-01\ntitle: t\ndescription: d\ndrivers: [S1]\n"})
    assert cli("-C", str(root), "validate").exit_code == 0
    assert cli("-C", str(root), "validate", "--strict").exit_code == 1


def test_bad_nic_today_is_a_clear_usage_error(make_network, cli, monkeypatch) -> None:
    monkeypatch.setenv("NIC_TODAY", "next tuesday")
    result = cli("-C", str(make_network()), "validate")
    assert result.exit_code == 2 and "NIC_TODAY" in result.stderr and result.stdout == ""
