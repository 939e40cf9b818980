"""`nic fix`: mechanical repairs, atomically, keeping comments and key order."""

from __future__ import annotations

from nictools.fix import fix_text, plan_fixes, sort_rows
from nictools.validate import run

IDEA = "id: CI-01  # keep this comment\ntitle: Exit tickets   \ndescription: d\ndrivers: [S1]\n"


def test_fix_text_bom_crlf_trailing() -> None:
    text, done = fix_text("\ufeff" + IDEA.replace("\n", "\r\n"), is_data=False)
    assert text == IDEA.replace("Exit tickets   ", "Exit tickets")
    assert done == ["byte-order mark removed", "Windows line endings (CRLF) changed to LF", "trailing spaces removed"]


def test_tabs_in_indentation_become_spaces_only_when_the_result_parses() -> None:
    text, done = fix_text("plan:\n\tobjective: o\n\tquestions:\n\t\t- question: q\n", is_data=False)
    assert text == "plan:\n  objective: o\n  questions:\n    - question: q\n"
    assert "tabs in indentation replaced with spaces" in done
    text, done = fix_text("a:\n\tb: [unclosed\n", is_data=False)
    assert "\t" in text and not done


def test_sort_rows_keeps_each_line_verbatim() -> None:
    data = "period,value,note\n2025-09-15,3,\"late, but counted\"\n2025-09-01,1,\n2025-09-08,2,\n"
    assert sort_rows(data) == "period,value,note\n2025-09-01,1,\n2025-09-08,2,\n2025-09-15,3,\"late, but counted\"\n"
    assert sort_rows("period,value\n2025-09-08,1\nlast week,2\n") is None  # not safe: leave it


def test_fix_then_validate_is_clean_and_comments_stay(make_network, cli) -> None:
    root = make_network({
        "change-ideas/CI-01.yaml": ("\ufeff" + IDEA).replace("\n", "\r\n").encode(),
        "sites/lincoln/data/ATT.csv": "period,numerator,denominator\n2025-09-08,82,100\n2025-09-01,80,100\n",
    })
    assert {p.code for p in run(root)[0].problems} >= {"NIC003", "NIC006", "NIC302"}
    check = cli("-C", str(root), "fix", "--check")
    assert check.exit_code == 1
    assert "would fix change-ideas/CI-01.yaml: byte-order mark removed" in check.stdout
    assert (root / "sites/lincoln/data/ATT.csv").read_text().startswith("period,numerator,denominator\n2025-09-08")
    result = cli("-C", str(root), "fix")
    assert result.exit_code == 0
    assert "Fixed 2 files." in result.stdout
    assert (root / "change-ideas/CI-01.yaml").read_bytes() == IDEA.replace("Exit tickets   ", "Exit tickets").encode()
    assert run(root)[0].problems == []
    again = cli("-C", str(root), "fix", "--check")
    assert again.exit_code == 0 and "Nothing to fix." in again.stdout


def test_non_utf8_and_conflicted_files_are_left_alone(make_network) -> None:
    root = make_network({"measures/M2.yaml": b"id: M2  \r\ntitle: caf\xe9\r\n",
                         "change-ideas/CI-02.yaml": "<<<<<<< HEAD\nid: a  \n=======\nid: b\n>>>>>>> x\n"})
    assert [f.path for f in plan_fixes(root)] == []
