"""SARIF 2.1.0, JUnit XML and GitLab Code Quality: the structure each consumer requires."""

from __future__ import annotations

import io
import json
import xml.etree.ElementTree as ET

from nictools.catalogue import CATALOGUE, make_problem
from nictools.cli.validate import FORMATS
from nictools.formatters import FORMATTERS, get_formatter
from nictools.formatters.gitlab import gitlab_report
from nictools.formatters.sarif import sarif_document
from nictools.problems import Result

PROBLEMS = [
    make_problem("NIC203", "sites/lincoln/pdsa/C01.yaml", 3, 16, "The change idea `CI-1` <does> not exist & more.",
                 pointer="change_ideas[0]", end_line=3, end_column=20),
    make_problem("NIC212", "drivers.yaml", 0, 0, "The network has no drivers.yaml."),
    make_problem("NIC401", "sites/lincoln/pdsa/C02.yaml", 7, 5, "No prediction \x01 here."),
]
RESULT = Result(PROBLEMS, files=9)


def render(name: str, result: Result = RESULT, **kwargs) -> str:
    stream = io.StringIO()
    get_formatter(name)(result, stream, **kwargs)
    return stream.getvalue()


def test_every_formatter_is_offered_by_the_cli() -> None:
    assert set(FORMATS) == set(FORMATTERS) >= {"text", "json", "github", "sarif", "junit", "gitlab"}


def test_sarif_has_the_structure_the_spec_requires() -> None:
    doc = json.loads(render("sarif", path_prefix="network/", sources={"sites/lincoln/pdsa/C01.yaml": "a\nb\nchange_ideas: [CI-1]\n"}))
    assert doc["version"] == "2.1.0" and doc["$schema"].endswith("sarif-2.1.0.json")
    [run] = doc["runs"]
    driver = run["tool"]["driver"]
    assert driver["name"] == "nic"
    rules = driver["rules"]
    assert [r["id"] for r in rules] == sorted(CATALOGUE)
    for rule in rules:
        assert {"id", "name", "shortDescription", "fullDescription", "help", "helpUri", "defaultConfiguration"} <= set(rule)
        assert rule["defaultConfiguration"]["level"] in ("error", "warning", "note")
        assert rule["helpUri"].endswith(f"#{rule['id'].lower()}-{rule['name']}")
    whole_file, first, info = run["results"]  # sorted by path
    assert rules[first["ruleIndex"]]["id"] == first["ruleId"] == "NIC203"
    assert first["level"] == "error" and first["message"]["text"].startswith("The change idea")
    loc = first["locations"][0]["physicalLocation"]
    assert loc["artifactLocation"]["uri"] == "network/sites/lincoln/pdsa/C01.yaml"
    assert loc["region"] == {"startLine": 3, "startColumn": 16, "endLine": 3, "endColumn": 20,
                             "snippet": {"text": "change_ideas: [CI-1]"}}
    # line 0: the whole file, in SARIF's whole-artifact form (the file's text is unknown here: one line)
    assert whole_file["locations"][0]["physicalLocation"]["region"] == {"startLine": 1, "endLine": 1}
    assert info["level"] == "warning"


def test_junit_is_well_formed_and_escaped() -> None:
    text = render("junit")
    root = ET.fromstring(text.encode())
    suite = root.find("testsuite")
    assert suite is not None and suite.get("tests") == "3" and suite.get("failures") == "2"
    cases = suite.findall("testcase")
    assert cases[1].find("failure").get("message") == "The change idea `CI-1` <does> not exist & more."
    assert cases[2].find("failure") is None and cases[2].find("system-out") is not None
    assert "\x01" not in text


def test_junit_strict_fails_warnings_and_clean_run_has_one_case() -> None:
    root = ET.fromstring(render("junit", Result(PROBLEMS, files=9, strict=True)).encode())
    assert root.get("failures") == "3"
    clean = ET.fromstring(render("junit", Result([], files=9)).encode())
    assert len(clean.findall("testsuite/testcase")) == 1


def test_gitlab_code_quality_fields_and_stable_fingerprints() -> None:
    report = json.loads(render("gitlab", path_prefix="network/"))
    assert [r["severity"] for r in report] == ["major", "major", "minor"]
    for item in report:
        assert set(item) == {"description", "check_name", "fingerprint", "severity", "location"}
        assert item["severity"] in ("info", "minor", "major", "critical", "blocker")
        assert item["location"]["path"].startswith("network/") and item["location"]["lines"]["begin"] >= 1
    # the fingerprint does not move when lines are added above the problem
    moved = make_problem("NIC203", "sites/lincoln/pdsa/C01.yaml", 9, 16, PROBLEMS[0].message, pointer="change_ideas[0]")
    assert gitlab_report(Result([moved]))[0]["fingerprint"] == gitlab_report(Result([PROBLEMS[0]]))[0]["fingerprint"]
    assert len({r["fingerprint"] for r in report}) == 3


def test_cli_formats_run(make_network, cli) -> None:
    root = make_network({"sites/lincoln/pdsa/C01.yaml": "id: C01\ntitle: t\nchange_ideas: [CI-9]\nplan: {objective: o}\n"})
    for name in ("sarif", "junit", "gitlab"):
        result = cli("-C", str(root), "validate", "--format", name)
        assert result.exit_code == 1 and result.stdout.strip()


def test_sarif_regions_cover_a_whole_file_and_a_whole_line_when_the_text_is_known() -> None:
    from nictools.catalogue import make_problem
    from nictools.formatters.sarif import sarif_document
    from nictools.problems import Result

    problems = [make_problem("NIC210", "sites/a/data/X.csv", 0, 0, "No such measure."),
                make_problem("NIC020", "sites/a/data/X.csv", 2, 0, "Row 2 has 3 fields.")]
    doc = sarif_document(Result(problems), sources={"sites/a/data/X.csv": "period,value\n2025-09-01,1,234\n"})
    whole_file, whole_line = (r["locations"][0]["physicalLocation"]["region"] for r in doc["runs"][0]["results"])
    assert whole_file == {"startLine": 1, "endLine": 2}
    assert whole_line == {"startLine": 2, "endLine": 2, "startColumn": 1, "endColumn": 17,
                          "snippet": {"text": "2025-09-01,1,234"}}
