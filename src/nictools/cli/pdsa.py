"""`nic pdsa advance ID --site S`: move a PDSA cycle to its next stage (do, study, act)."""

from __future__ import annotations

from typing import List, Optional

import typer

from nictools.cli.app import state
from nictools.cli.completion import complete_site
from nictools.cli.prompting import is_interactive, shown_path

pdsa_app = typer.Typer(help="Work on PDSA cycles.", no_args_is_help=True)


def _parse_results(values: List[str]) -> dict[int, str]:
    from nictools.errors import NicError

    results: dict[int, str] = {}
    for value in values:
        number, _, result = value.partition("=")
        if not number.strip().isdigit() or not result.strip():
            raise NicError(f"--result `{value}` is not in the form N=RESULT.", "For example --result 1=confirmed.")
        results[int(number)] = result.strip()
    return results


@pdsa_app.command("advance")
def advance_command(
    ctx: typer.Context,
    cycle_id: str = typer.Argument(..., help="The cycle's id, e.g. C03."),
    site: str = typer.Option(..., "--site", "-s", autocompletion=complete_site, help="The site the cycle belongs to."),
    results: List[str] = typer.Option([], "--result", help="Study: a prediction's result, N=confirmed|partly|not_confirmed "
                                      "(repeatable; words such as 'not confirmed', 'no' or 'partially' work too)."),
    decision: Optional[str] = typer.Option(None, "--decision", help="Act: adopt, adapt or abandon."),
    next_cycle: Optional[str] = typer.Option(None, "--next-cycle", help="Act: the id of the next cycle, if planned."),
    worksheet: Optional[bool] = typer.Option(None, "--worksheet/--no-worksheet", help="Ask the worksheet's questions for "
                                             "the stage: what happened, each prediction's result, what was learned, ... "
                                             "(default: on a terminal; --worksheet reads answers piped in too)."),
) -> None:
    """Add the cycle's next section (do, then study, then act) with a prompt on each field.

    Study lists each prediction of the plan to mark; act needs the decision. On a
    terminal, nic asks the worksheet's questions for the stage: do (as planned? what
    happened, surprises, dates), study (each prediction's result in words: confirmed,
    partly, not confirmed; the evidence; what was learned), act (the decision, why, what
    next). Answers are stored safely; comments and key order are kept.
    """
    from nictools.clock import today
    from nictools.scaffold.advance import advance_cycle, find_cycle, next_stage, questions_of
    from nictools.scaffold.new import load

    root = state(ctx).root()
    network = load(root)
    cycle, _ = find_cycle(root, network, site, cycle_id)
    stage = next_stage(cycle, cycle_id)
    marks = _parse_results(results)
    answers: list = []
    if worksheet or (worksheet is None and is_interactive()):
        from nictools.cli.worksheet import Asker, stage_answers

        from nictools.checks.privacy import allowed_words

        decision, answers = stage_answers(Asker(allowed_words(network)), stage, questions_of(cycle), marks, decision)
    done = advance_cycle(root, network, site, cycle_id, today(), results=marks, decision=decision, next_cycle=next_cycle,
                         answers=answers)
    typer.echo(f"wrote {shown_path(done.path)}: added the {done.stage} section")
