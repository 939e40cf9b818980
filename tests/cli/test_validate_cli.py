"""`nic validate` through the CLI: exit codes, formats, locations, hints."""

from __future__ import annotations

import json
from pathlib import Path

from tests.conftest import EXAMPLE, MINIMAL

EXAMPLE_AIM_WITH_TYPO = MINIMAL["aims/network-aim.yaml"].rstrip(" ") + "        colour: blue\n"


def test_minimal_network_is_clean(make_network, cli) -> None:
    root = make_network()
    result = cli("-C", str(root), "validate")
    assert result.exit_code == 0, result.stdout
    assert "All good" in result.stdout


def test_misspelled_field_is_located_with_did_you_mean(make_network, cli) -> None:
    root = make_network({"sites/lincoln/pdsa/C01.yaml": """\
        id: C01
        title: t
        plan:
          objective: o
          questions:
            - question: q
              predicton: p
        """})
    result = cli("-C", str(root), "validate")
    assert result.exit_code == 1
    assert "sites/lincoln/pdsa/C01.yaml:7:7: error NIC103" in result.stdout
    assert "Did you mean `prediction`?" in result.stdout
    assert "^^^^^^^^^" in result.stdout


def test_json_shape_and_unknown_reference(make_network, cli) -> None:
    root = make_network({"change-ideas/CI-01.yaml": """\
        id: CI-01
        title: Exit tickets
        description: d
        drivers: [S2]
        """})
    result = cli("-C", str(root), "validate", "--format", "json")
    assert result.exit_code == 1
    data = json.loads(result.stdout)
    assert data["version"] == 1
    # S1 now has no change idea: an info (NIC501), not an error
    assert data["summary"] == {"errors": 1, "warnings": 0, "infos": 1, "files": 8}
    [problem] = [p for p in data["problems"] if p["severity"] == "error"]
    assert (problem["code"], problem["name"], problem["path"], problem["line"], problem["column"]) == (
        "NIC204", "unknown-driver", "change-ideas/CI-01.yaml", 4, 11)
    assert problem["hint"].startswith("Did you mean `S1`?")


def test_not_a_network_exits_2_with_empty_stdout(tmp_path: Path, cli) -> None:
    result = cli("-C", str(tmp_path), "validate", "--format", "json")
    assert result.exit_code == 2
    assert result.stdout == ""
    assert "No network found" in result.stderr


def test_paths_limit_the_report_but_references_use_the_whole_network(make_network, cli) -> None:
    root = make_network({"measures/ATT.yaml": "id: ATT\n"})
    pdsa = root / "sites/lincoln/pdsa/C01.yaml"
    result = cli("validate", str(pdsa), "--format", "json")
    assert json.loads(result.stdout)["problems"] == []
    result = cli("validate", str(root / "measures/ATT.yaml"), "--format", "json")
    assert {p["code"] for p in json.loads(result.stdout)["problems"]} == {"NIC102"}


def test_select_and_ignore(make_network, cli) -> None:
    root = make_network({"change-ideas/CI-01.yaml": "id: CI-01\ntitle: t\ndescription: d\ndrivers: [S9]\n"})
    assert cli("-C", str(root), "validate", "--ignore", "NIC2").exit_code == 0
    assert cli("-C", str(root), "validate", "--ignore", "unknown-driver").exit_code == 0
    assert cli("-C", str(root), "validate", "--select", "NIC1").exit_code == 0
    assert cli("-C", str(root), "validate", "--select", "NIC204").exit_code == 1


def test_github_annotations(make_network, cli) -> None:
    root = make_network({"sites/lincoln/pdsa/C01.yaml": "id: C01\ntitle: t\nchange_ideas: [CI-9]\nplan: {objective: o}\n"})
    result = cli("-C", str(root), "validate", "--format", "github")
    assert result.exit_code == 1
    assert result.stdout.startswith(
        "::error file=sites/lincoln/pdsa/C01.yaml,line=3,col=16,endColumn=20,title=nic NIC203 unknown-change-idea::")


def test_bad_files_never_traceback(make_network, cli) -> None:
    root = make_network({
        "aims/broken.yaml": "id: [unclosed\n",
        "measures/M2.yaml": b"\xff\xfeid: x",
        "change-ideas/CI-02.yaml": "<<<<<<< HEAD\nid: CI-02\n=======\nid: CI-03\n>>>>>>> b\n",
        "sites/lincoln/pdsa/C02.yaml": "",
        "sites/lincoln/pdsa/C03.yaml": "- just\n- a list\n",
        "sites/lincoln/data/ATT.csv": "period,numerator,denominator\n2025-09-01,\"8,0\",100\n",
    })
    result = cli("-C", str(root), "validate", "--format", "json")
    assert result.exit_code == 1
    found = {(p["path"], p["code"]) for p in json.loads(result.stdout)["problems"]}
    assert {("aims/broken.yaml", "NIC001"), ("measures/M2.yaml", "NIC002"), ("change-ideas/CI-02.yaml", "NIC004"),
            ("sites/lincoln/pdsa/C02.yaml", "NIC007"), ("sites/lincoln/pdsa/C03.yaml", "NIC101"),
            ("sites/lincoln/data/ATT.csv", "NIC022")} <= found


def test_example_network_validates_clean(cli) -> None:
    if not (EXAMPLE / "network.yaml").exists():
        import pytest
        pytest.skip("example network not written yet")
    result = cli("-C", str(EXAMPLE), "validate", "--format", "json")
    data = json.loads(result.stdout)
    assert result.exit_code == 0, data["problems"][:5]
    assert data["summary"]["errors"] == 0


def test_a_broken_cycle_is_reported_once_not_by_every_link(make_network, cli) -> None:
    root = make_network({
        "sites/lincoln/pdsa/C01.yaml": "id: C01\ntitle: t\nplan: {objective: o, predicton: x}\n",
        "sites/lincoln/pdsa/C02.yaml": "id: C02\ntitle: t\nchange_ideas: [CI-01]\ncontinues: C01\nplan: {objective: o}\n",
    })
    problems = json.loads(cli("-C", str(root), "validate", "--format", "json").stdout)["problems"]
    assert [(p["path"], p["code"]) for p in problems] == [("sites/lincoln/pdsa/C01.yaml", "NIC103")]


# --- output file, format from the environment, the GitHub job summary (#18) ----------------------


def test_output_file_gets_what_would_be_printed(make_network, cli, tmp_path: Path) -> None:
    root = make_network({"aims/network-aim.yaml": EXAMPLE_AIM_WITH_TYPO})
    printed = cli("-C", str(root), "validate", "--format", "json")
    out = tmp_path / "reports" / "nic.json"
    (tmp_path / "reports").mkdir()
    written = cli("-C", str(root), "validate", "--format", "json", "-o", str(out))
    assert written.exit_code == printed.exit_code == 1
    assert written.stdout == "" and out.read_text(encoding="utf-8") == printed.stdout
    assert json.loads(out.read_text(encoding="utf-8"))["problems"][0]["code"] == "NIC103"
    # the file's folder is made, as for every file nic writes
    deeper = cli("-C", str(root), "validate", "--output-file", str(tmp_path / "new" / "x" / "nic.txt"))
    assert deeper.exit_code == 1 and "NIC103" in (tmp_path / "new" / "x" / "nic.txt").read_text(encoding="utf-8")
    # a folder in the way: a clear message and exit 2, no traceback
    blocked = cli("-C", str(root), "validate", "--output-file", str(tmp_path / "reports"))
    assert blocked.exit_code == 2 and "reports" in blocked.stderr


def test_format_from_nic_output_format_and_ci_detection(make_network, cli, monkeypatch) -> None:
    root = make_network({"aims/network-aim.yaml": EXAMPLE_AIM_WITH_TYPO})
    assert "error NIC103" in cli("-C", str(root), "validate").stdout  # text
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    assert cli("-C", str(root), "validate").stdout.startswith("::error file=aims/network-aim.yaml,")
    assert "error NIC103" in cli("-C", str(root), "validate", "--format", "text").stdout  # --format wins
    monkeypatch.setenv("NIC_OUTPUT_FORMAT", "json")  # the variable wins over detection
    assert json.loads(cli("-C", str(root), "validate").stdout)["problems"][0]["code"] == "NIC103"
    monkeypatch.setenv("NIC_OUTPUT_FORMAT", "xml")
    bad = cli("-C", str(root), "validate")
    assert bad.exit_code == 2 and "NIC_OUTPUT_FORMAT=xml" in bad.stderr and "sarif" in bad.stderr
    monkeypatch.delenv("NIC_OUTPUT_FORMAT")
    monkeypatch.delenv("GITHUB_ACTIONS")
    monkeypatch.setenv("GITLAB_CI", "true")  # GitLab's log is text, and shows colour
    gitlab = cli("-C", str(root), "validate")
    assert "NIC103" in gitlab.stdout and "\x1b[" in gitlab.stdout
    out = root.parent / "nic.txt"  # a file gets no colour codes
    assert cli("-C", str(root), "validate", "-o", str(out)).exit_code == 1
    assert "NIC103" in out.read_text(encoding="utf-8") and "\x1b[" not in out.read_text(encoding="utf-8")
    monkeypatch.setenv("NO_COLOR", "1")
    assert "\x1b[" not in cli("-C", str(root), "validate").stdout


def test_github_job_summary_lists_every_problem_past_the_annotation_limit(make_network, cli, tmp_path: Path,
                                                                         monkeypatch) -> None:
    summary = tmp_path / "summary.md"
    summary.write_text("earlier step\n", encoding="utf-8")
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary))
    few = make_network({"aims/network-aim.yaml": EXAMPLE_AIM_WITH_TYPO})
    assert cli("-C", str(few), "validate", "--format", "github").exit_code == 1
    assert summary.read_text(encoding="utf-8") == "earlier step\n"  # the annotations show them all
    ideas = {f"change-ideas/CI-{n:02}.yaml": f"id: CI-{n:02}\ntitle: Idea {n}\ndescription: d\ndrivers: [S9]\n"
                                             "status: idea\n" for n in range(2, 14)}
    many = make_network({**ideas, "aims/network-aim.yaml": MINIMAL["aims/network-aim.yaml"]})
    result = cli("-C", str(many), "validate", "--format", "github")
    assert result.exit_code == 1 and result.stdout.count("::error ") == 12
    text = summary.read_text(encoding="utf-8")
    assert text.startswith("earlier step\n### nic validate: 12 errors")
    assert "| where | severity | code | problem | how to fix it |" in text
    for n in range(2, 14):
        assert f"| `change-ideas/CI-{n:02}.yaml:" in text
    # text format: no summary, whatever the environment
    summary.write_text("", encoding="utf-8")
    cli("-C", str(many), "validate")
    assert summary.read_text(encoding="utf-8") == ""
