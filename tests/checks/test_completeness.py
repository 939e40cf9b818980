"""NIC109 covers required text in every artifact, found by walking the models."""

from __future__ import annotations

from nictools.validate import run


def test_empty_required_text_is_found_in_nested_lists_with_a_hint_to_delete_the_item(make_network) -> None:
    root = make_network({"sites/lincoln/pdsa/C02.yaml": """\
        id: C02
        title: A second test
        change_ideas: [CI-01]
        plan:
          objective: Try it again.
          questions:
            - question: Will it work?
              prediction: Yes.
            - question: "  "
        """})
    result, _ = run(root)
    (problem,) = [p for p in result.problems if p.code == "NIC109"]
    assert problem.path == "sites/lincoln/pdsa/C02.yaml" and problem.line == 9
    assert problem.pointer == "plan.questions[1].question"
    assert "delete it" in (problem.hint or "")


def test_a_fresh_pdsa_template_asks_for_its_objective(make_network, cli) -> None:
    root = make_network()
    made = cli("-C", str(root), "new", "pdsa", "--site", "lincoln", "--title", "Check-ins")
    assert made.exit_code == 0, made.output
    checked = cli("-C", str(root), "validate", "--format", "json")
    assert checked.exit_code == 0  # warnings do not fail the build
    assert '"plan.objective"' in checked.stdout and "NIC109" in checked.stdout
