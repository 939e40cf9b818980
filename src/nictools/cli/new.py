"""`nic new aim|measure|change-idea|site|pdsa`: write one artifact, ready to fill in.

Options fill fields; on a terminal, missing required values are asked for; with no
terminal, a missing one stops the command (exit 2) and nothing is written.
"""

from __future__ import annotations

import datetime as dt
from typing import List, Optional

import typer

from nictools.cli.app import state
from nictools.cli.completion import complete_change_idea, complete_measure, complete_site
from nictools.cli import prompting
from nictools.cli.prompting import choices_of, require, shown_path

new_app = typer.Typer(help="Start a new artifact from a template with a comment on every field.",
                      no_args_is_help=True)


def _finish(root, plan) -> None:  # type: ignore[no-untyped-def]
    """Plan (again, under the write lock, from the files as they are then) and write."""
    from nictools.scaffold.new import create

    for path in create(root, plan):
        if path.name != ".gitkeep":
            typer.echo(f"wrote {shown_path(path)}")


def _date(value: Optional[str], option: str) -> Optional[dt.date]:

    if value is None:
        return None
    from nictools.bounds import parse_day

    return parse_day(value, option)


@new_app.command("site")
def new_site(
    ctx: typer.Context,
    site_id: Optional[str] = typer.Argument(None, help="The site's id and folder name, e.g. lincoln (default: from --name)."),
    name: Optional[str] = typer.Option(None, "--name", help="The school's full name, e.g. 'Lincoln High School'."),
    level: Optional[str] = typer.Option(None, "--level", help="elementary, middle, high, k12, district, postsecondary or other."),
    size: Optional[str] = typer.Option(None, "--size", help="small, medium or large."),
    setting: Optional[str] = typer.Option(None, "--setting", help="urban, suburban, rural or town."),
    cluster: Optional[str] = typer.Option(None, "--cluster", help="Its cluster's id in network.yaml."),
    coach: Optional[str] = typer.Option(None, "--coach", help="The improvement coach, e.g. 'M. Okafor'."),
    cohort: Optional[str] = typer.Option(None, "--cohort", help="The cohort it joins with, e.g. 2025."),
    joined: Optional[str] = typer.Option(None, "--joined", help="The date it joined (default: today)."),
) -> None:
    """A new site: sites/<id>/site.yaml and its pdsa/ and data/ folders."""
    from nictools.clock import today
    from nictools.model.site import Context
    from nictools.scaffold.new import check_ref, load, plan_site

    root = state(ctx).root()
    network = load(root)
    if cluster:
        clusters = [c.id for c in network.config.model.clusters] if network.config else []
        check_ref(cluster, clusters, "cluster", "Clusters are listed in network.yaml under `clusters:`.")
    name = require(name, "--name", "the school's full name", "nic new site lincoln --name 'Lincoln High School'")
    level = require(level, "--level", "the school level", "--level high", choices=choices_of(Context, "level"))
    size = require(size, "--size", "the size band", "--size medium", choices=choices_of(Context, "size_band"))
    if setting:
        require(setting, "--setting", "the setting", "--setting urban", choices=choices_of(Context, "setting"))

    def plan(fresh):  # type: ignore[no-untyped-def]
        return plan_site(root, fresh, name=name, level=level, size_band=size, site_id=site_id, setting=setting,
                            cluster=cluster, coach=coach, cohort=cohort, today=_date(joined, "--joined") or today())

    _finish(root, plan)


@new_app.command("aim")
def new_aim(
    ctx: typer.Context,
    aim_id: Optional[str] = typer.Option(None, "--id", help="The aim's id (default: <site>-aim, network-aim or aim-NN)."),
    title: Optional[str] = typer.Option(None, "--title", help="A short name."),
    statement: Optional[str] = typer.Option(None, "--statement", help="What, for whom, how much, by when, in one sentence."),
    outcome_measure: Optional[str] = typer.Option(None, "--outcome-measure", help="The outcome measure's id."),
    site: Optional[str] = typer.Option(None, "--site", autocompletion=complete_site, help="For a site aim: the site's id."),
    parent: Optional[str] = typer.Option(None, "--parent", help="The aim this one serves (default for a site aim: the network aim)."),
    population: Optional[str] = typer.Option(None, "--for", help="Who the aim is for, e.g. 'ninth-grade students'."),
    target_value: Optional[float] = typer.Option(None, "--target-value", help="The value committed to (a proportion as 0-1)."),
    target_date: Optional[str] = typer.Option(None, "--target-date", help="By when (YYYY-MM-DD)."),
) -> None:
    """A new aim in aims/ (the network aim, or a site aim with --site)."""
    from nictools.scaffold.new import check_ref, load, plan_aim

    root = state(ctx).root()
    network = load(root)
    if site:
        check_ref(site, network.sites, "site", "Sites are defined in sites/<id>/site.yaml.")
    if outcome_measure:
        check_ref(outcome_measure, network.measures, "measure", "Measures are defined in measures/<id>.yaml.")
    title = require(title, "--title", "a short name for the aim", "--title 'Ninth graders attending'")
    statement = require(statement, "--statement", "the aim in one sentence (what, for whom, how much, by when)",
                        "--statement 'By June 2026, 85% of ninth graders attend 90% of days.'")
    outcome_measure = require(outcome_measure, "--outcome-measure", "the id of its outcome measure",
                              "--outcome-measure ATT-90")

    def plan(fresh):  # type: ignore[no-untyped-def]
        return plan_aim(root, fresh, title=title, statement=statement, outcome_measure=outcome_measure,
                           aim_id=aim_id, site=site, parent=parent, population=population, target_value=target_value,
                           target_date=_date(target_date, "--target-date"))

    _finish(root, plan)


@new_app.command("measure")
def new_measure(
    ctx: typer.Context,
    measure_id: Optional[str] = typer.Argument(None, help="The measure's id, e.g. ATT-90 (default: the next M-NN)."),
    title: Optional[str] = typer.Option(None, "--title", help="A short name."),
    measure_type: Optional[str] = typer.Option(None, "--type", help="outcome, driver, process or balancing."),
    calculation: Optional[str] = typer.Option(None, "--calculation", help="count, proportion, rate or mean."),
    unit: Optional[str] = typer.Option(None, "--unit", help="What one value means, e.g. 'percent of students'."),
    frequency: Optional[str] = typer.Option(None, "--frequency", help="daily, weekly, monthly, quarterly or yearly."),
    direction: Optional[str] = typer.Option(None, "--direction", help="up or down: which way is improvement "
                                            "(optional for a balancing measure, which may have no good direction)."),
    definition: str = typer.Option("", "--definition", help="The operational definition."),
) -> None:
    """A new measure in measures/ (its operational definition)."""
    from nictools.model.measure import Measure
    from nictools.scaffold.new import load, plan_measure

    root = state(ctx).root()
    load(root)  # stops with a plain message when the folder is not a network
    title = require(title, "--title", "a short name for the measure", "--title 'Attending 90%'")
    measure_type = require(measure_type, "--type", "the kind of measure", "--type outcome", choices=choices_of(Measure, "type"))
    calculation = require(calculation, "--calculation", "how it is calculated", "--calculation proportion",
                          choices=choices_of(Measure, "calculation"))
    unit = require(unit, "--unit", "what one value means", "--unit 'percent of students'")
    frequency = require(frequency, "--frequency", "how often a data point is added", "--frequency weekly",
                        choices=choices_of(Measure, "frequency"))
    if measure_type == "balancing" and direction is None:
        pass  # a balancing (context) measure may have no direction: a signal on it is a change to look at
    else:
        direction = require(direction, "--direction", "which way is improvement", "--direction up",
                            choices=choices_of(Measure, "direction"))

    def plan(fresh):  # type: ignore[no-untyped-def]
        return plan_measure(root, fresh, title=title, measure_type=measure_type, calculation=calculation, unit=unit,
                               frequency=frequency, direction=direction, definition=definition, measure_id=measure_id)

    _finish(root, plan)


@new_app.command("change-idea")
def new_change_idea(
    ctx: typer.Context,
    idea_id: Optional[str] = typer.Option(None, "--id", help="The change idea's id (default: the next CI-NN)."),
    title: Optional[str] = typer.Option(None, "--title", help="A short name."),
    drivers: List[str] = typer.Option([], "--driver", help="A driver it acts on (repeatable), e.g. S1."),
    description: str = typer.Option("", "--description", help="What people do differently."),
    origin_site: Optional[str] = typer.Option(None, "--origin-site", help="The site the idea came from."),
    adapted_from: Optional[str] = typer.Option(None, "--adapted-from", help="The change idea this one adapts."),
) -> None:
    """A new change idea in change-ideas/ with the next free CI-NN id."""
    from nictools.scaffold.new import check_ref, load, plan_change_idea

    root = state(ctx).root()
    network = load(root)
    for driver in drivers:
        check_ref(driver, network.driver_ids(), "driver", "Drivers are defined in drivers.yaml.")
    if not drivers:
        drivers = [require(None, "--driver", "the driver it acts on", "--driver S1")]
    title = require(title, "--title", "a short name for the change idea", "--title 'Two-minute check-ins'")

    def plan(fresh):  # type: ignore[no-untyped-def]
        return plan_change_idea(root, fresh, title=title, drivers=drivers, description=description, idea_id=idea_id,
                                   origin_site=origin_site, adapted_from=adapted_from)

    _finish(root, plan)


@new_app.command("pdsa")
def new_pdsa(
    ctx: typer.Context,
    site: Optional[str] = typer.Option(None, "--site", "-s", autocompletion=complete_site, help="The site running the cycle."),
    title: Optional[str] = typer.Option(None, "--title", help="A short name, e.g. 'Exit tickets in one advisory'."),
    change_ideas: List[str] = typer.Option([], "--change-idea", autocompletion=complete_change_idea, help="A change idea it tests (repeatable), e.g. CI-07."),
    continues: Optional[str] = typer.Option(None, "--continues", help="The earlier cycle it builds on (a ramp), e.g. C03."),
    replicates: Optional[str] = typer.Option(None, "--replicates", help="Another site's cycle it repeats, e.g. roosevelt/C02."),
    adapted_from: Optional[str] = typer.Option(None, "--adapted-from", help="A cycle whose change it adapts."),
    purpose: str = typer.Option("test", "--purpose", help="test, learn or implement."),
    objective: str = typer.Option("", "--objective", help="What the test is for, in one sentence."),
    measures: List[str] = typer.Option([], "--measure", autocompletion=complete_measure, help="A measure it should move (repeatable)."),
    questions: int = typer.Option(2, "--questions", min=1, max=9, help="How many question/prediction slots to write."),
    cycle_id: Optional[str] = typer.Option(None, "--id", help="The cycle's id (default: the site's next C-number)."),
    worksheet: Optional[bool] = typer.Option(None, "--worksheet/--no-worksheet", help="Ask the PDSA worksheet's "
                                             "questions (default: on a terminal, when --objective is not given)."),
) -> None:
    """A new PDSA cycle at a site, at the Plan stage, with today's date as `recorded_on`.

    On a terminal it walks through the IHI worksheet: the objective, each question with
    its prediction and why, who, what, where, when, and the data to collect. Type
    answers as you would say them: nic stores them safely, whatever they contain."""
    from nictools.clock import today
    from nictools.errors import NicError
    from nictools.model.pdsa import Cycle
    from nictools.scaffold.new import check_ref, load, plan_cycle

    root = state(ctx).root()
    network = load(root)
    sites_hint = "Sites are defined in sites/<id>/site.yaml (`nic new site`)."
    if site:
        check_ref(site, network.sites, "site", sites_hint)
    for idea in change_ideas:
        check_ref(idea, network.change_ideas, "change idea", "Change ideas are defined in change-ideas/<id>.yaml.")
    purpose = require(purpose, "--purpose", "the purpose", "--purpose test", choices=choices_of(Cycle, "purpose"))
    site = require(site, "--site", "the site running the cycle", "nic new pdsa --site lincoln --title '…'")
    check_ref(site, network.sites, "site", sites_hint)
    title = require(title, "--title", "a short name for the cycle", "--title 'Exit tickets in one advisory'")
    answers: list = []
    if worksheet or (worksheet is None and not objective and prompting.is_interactive()):
        from nictools.cli.worksheet import Asker, plan_answers

        from nictools.checks.privacy import allowed_words

        asker = Asker(allowed_words(network))
        while not change_ideas and purpose == "test" and network.change_ideas and not asker.ended:
            typed = asker.line("The change idea(s) it tests, ids separated by spaces, e.g. CI-07 (empty for none)")
            try:
                change_ideas = [check_ref(i, network.change_ideas, "change idea", "") for i in (typed or "").split()]
            except NicError as exc:
                typer.echo(f"{exc.message} {exc.hint}", err=True)
            if not (typed or "").strip():
                break
        answers, written = plan_answers(asker)
        questions = max(written, 1) if written else questions

    def plan(fresh):  # type: ignore[no-untyped-def]
        from nictools.scaffold.new import Planned
        from nictools.scaffold.worksheet import fill

        planned = plan_cycle(root, fresh, site=site, title=title, today=today(), change_ideas=change_ideas,
                             continues=continues, replicates=replicates, adapted_from=adapted_from, purpose=purpose,
                             objective=objective, measures=measures, cycle_id=cycle_id, questions=questions)
        return [Planned(p.path, fill(p.text, answers, p.path), p.kind) for p in planned]

    _finish(root, plan)
