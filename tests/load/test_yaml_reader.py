"""The positioned YAML reader: YAML 1.2 meaning, positions, and hostile input."""

from __future__ import annotations

from nictools.load.yaml import format_pointer, read_yaml


def codes(text: str) -> list[tuple[str, int]]:
    return [(p.code, p.line) for p in read_yaml(text, "f.yaml").problems]


def test_yaml_12_meaning_no_is_text_and_dates_stay_text() -> None:
    doc = read_yaml("decision: no\non: yes\nn: 3\nx: 1.5\nd: 2025-10-06\nempty:\nq: '7'\nt: true\n", "f.yaml")
    assert doc.data == {"decision": "no", "on": "yes", "n": 3, "x": 1.5, "d": "2025-10-06", "empty": None,
                        "q": "7", "t": True}


def test_every_key_and_item_is_located() -> None:
    doc = read_yaml("plan:\n  questions:\n    - question: a\n      prediction: b\n", "f.yaml")
    assert doc.locate(("plan", "questions", 0, "prediction")) [:2] == (4, 19)
    assert doc.locate(("plan", "questions", 0, "prediction"), key=True)[:2] == (4, 7)
    # an unknown pointer falls back to its nearest located parent
    assert doc.locate(("plan", "questions", 0, "nope"))[:2] == (3, 7)
    assert format_pointer(("plan", "questions", 1, "prediction")) == "plan.questions[1].prediction"


def test_duplicate_key_is_reported_with_both_lines() -> None:
    doc = read_yaml("title: a\nid: x\ntitle: b\n", "f.yaml")
    [problem] = doc.problems
    assert (problem.code, problem.line) == ("NIC014", 3)
    assert "first on line 1" in problem.message


def test_python_tags_are_refused_not_constructed() -> None:
    assert codes("id: !!python/object/apply:os.system ['echo hi']\n") == [("NIC012", 1)]


def test_alias_bomb_is_bounded() -> None:
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    for i in range(1, 9):
        lines.append(f"a{i}: &a{i} [" + ", ".join([f"*a{i-1}"] * 10) + "]")
    assert [c for c, _ in codes("\n".join(lines) + "\n")] == ["NIC011"]


def test_deep_nesting_is_refused_without_crashing() -> None:
    assert [c for c, _ in codes("[" * 100_000 + "]" * 100_000)] == ["NIC010"]


def test_syntax_error_several_documents_and_empty_file() -> None:
    assert codes("a: [1, 2\nb: 3\n")[0][0] == "NIC001"
    assert codes("a: 1\n---\nb: 2\n") == [("NIC008", 2)]
    assert codes("# only a comment\n") == [("NIC007", 0)]
