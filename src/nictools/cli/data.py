"""`nic data add` and `nic data import`: add measurement data with every row checked first."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Optional

import typer

from nictools.cli.app import state
from nictools.cli.completion import complete_measure, complete_site
from nictools.cli.prompting import ask_before_writing, is_interactive, shown_path

data_app = typer.Typer(help="Add measurement data: one period, or a whole spreadsheet.", no_args_is_help=True)


def _import_network(root: Path, network, file: Path, *, site_column: str, measure_column: Optional[str],  # type: ignore[no-untyped-def]
                    measure: Optional[str], period_column: Optional[str], date_format: Optional[str],
                    header_row: Optional[int], sheet: Optional[str], create_sites: bool, yes: bool,
                    quiet: bool = False) -> None:
    """`nic data import FILE --site-column COL`: every site and measure of the file, all or nothing."""
    from nictools.clock import today
    from nictools.scaffold.network_import import preview, prepare_network, read_network_file, summary, write_network

    if measure is not None:
        from nictools.scaffold.new import check_ref

        check_ref(measure, network.measures, "measure", "Measures are defined in measures/<id>.yaml.")

    def read(date_format: Optional[str]):  # type: ignore[no-untyped-def]
        return read_network_file(file, network, site_column=site_column, measure_column=measure_column,
                                 only=[measure] if measure else None, period_column=period_column,
                                 date_format=date_format, header_row=header_row, sheet=sheet)

    groups, new_sites = with_date_question(read, date_format)
    from nictools.checks.privacy import allowed_words

    allowed = allowed_words(network) + list(new_sites.values())
    for rows in groups.values():
        for row in rows:
            _screen_note(row.note, row.source, allowed)
    plan = prepare_network(root, network, groups, new_sites, today(), create_sites=create_sites)
    if plan.already_there:
        typer.echo(f"{plan.already_there} row(s) are already in the network with the same numbers: skipped.")
    if not plan.to_add and not plan.new_sites:
        typer.echo("Nothing to add: every file is up to date.")
        return
    if not quiet:  # --quiet: no preview table (the rows are still checked, and --yes still needed)
        typer.echo(summary(plan) + ":")
        typer.echo(preview(plan))
    for (site_id, measure_id), rows in sorted(groups.items()):
        if measure_id in network.measures:
            _warn_gaps(network, f"{file.name} ({site_id})", [r.period for r in rows if r.period],
                       network.measures[measure_id].model)
    _confirm_unusual(plan.unusual(), yes=yes)
    ask_before_writing(yes)
    done = write_network(plan)
    typer.echo(f"wrote {len(done.to_add)} file(s): added {done.rows} row(s)"
               + (f"; created {len(done.new_sites)} site(s): complete their site.yaml" if done.new_sites else ""))


def with_date_question(read, date_format: Optional[str]):  # type: ignore[no-untyped-def]
    """`read(date_format)`; when day and month could be either way round, ask on a terminal
    (off one, the error says which option to give)."""
    from nictools.load.local_dates import AmbiguousDates, local_date, spelled_out

    try:
        return read(date_format)
    except AmbiguousDates as exc:
        if not is_interactive():
            raise
        example = exc.example
        d, m = local_date(example, "dmy"), local_date(example, "mdy")
        typer.echo(exc.message, err=True)
        while True:
            answer = typer.prompt(f"Is {example} {spelled_out(d)} (type d) or {spelled_out(m)} (type m)?").strip().lower()
            if answer in ("d", "m"):
                return read("DD/MM/YYYY" if answer == "d" else "MM/DD/YYYY")


def _warn_gaps(network, name: str, periods: list, measure) -> None:  # type: ignore[no-untyped-def]
    """Periods missing between the file's first and last rows, said before anything is written:
    the rule `nic validate` applies (NIC307) after."""
    from nictools.checks.data import gaps_in

    breaks = [(b.start, b.end) for b in network.config.model.calendar.breaks] if network.config else []
    gaps = gaps_in(periods, measure.frequency, breaks)
    if gaps:
        shown = ", ".join(d.isoformat() for d in gaps[:12]) + (f" and {len(gaps) - 12} more" if len(gaps) > 12 else "")
        sys.stderr.write(f"warning: {name} skips {len(gaps)} {measure.frequency} period"
                         f"{'s' if len(gaps) != 1 else ''} between its first and last rows: {shown}. "
                         "`nic validate` will report the gap (NIC307); add the missing rows or a note if "
                         "they are truly missing.\n")


def _confirm_unusual(found: list, *, yes: bool) -> None:
    """Values far from the site's recent ones: asked about on a terminal (no writes nothing),
    else written with a warning (validate flags them too, NIC315)."""
    if not found:
        return
    typer.echo("Check these values: they are far from the site's recent ones (a typo?):\n  " + "\n  ".join(found),
               err=True)
    if yes or not is_interactive():
        return
    if not typer.confirm("Are they right?", default=False):
        typer.echo("Nothing was written.")
        raise typer.Exit(1)


def _screen_note(text: Optional[str], where: str, allowed: list | None = None) -> None:
    """Refuse a note with a student id or a date of birth; a name is asked about on a
    terminal (a false alarm is kept) and refused off one (nothing is written)."""
    from nictools.checks.privacy import screen_text
    from nictools.errors import NicError

    for finding in screen_text(text or "", allowed=allowed or []):
        if finding.kind == "name" and is_interactive():
            if typer.confirm(f"{where}: `{finding.text}` looks like a person's name. Is it an adult's name, or not a "
                             "name at all (a false alarm)?", default=False, err=True):
                continue
        raise NicError(f"{where}: `{finding.text}` looks like {finding.what}; the repository holds no student-level data.",
                       "Write the note without it (adults' roles and initials only). If it is not a student's name "
                       "(a place, a programme, an adult), the coordinator can add it to `privacy_allow` under "
                       "`settings:` in network.yaml.")


def _number(text: Optional[str], option: str) -> Optional[float]:
    from nictools.errors import NicError
    from nictools.load.tables import parse_number

    if text is None:
        return None
    value, why = parse_number(text)
    if why or value is None:
        raise NicError(f"{option}: {why or 'the value is empty'}.", "Give a plain number, e.g. 42 or 3.5.")
    return value


@data_app.command("add")
def add_command(
    ctx: typer.Context,
    measure: str = typer.Argument(..., help="The measure's id, e.g. ATT-90.", autocompletion=complete_measure),
    value: Optional[str] = typer.Argument(None, help="The value (for a count or a mean).", show_default=False),
    site: str = typer.Option(..., "--site", "-s", autocompletion=complete_site, help="The site the data is for."),
    period: str = typer.Option(..., "--period", help="The first day of the period (YYYY-MM-DD), e.g. the week's Monday."),
    numerator: Optional[str] = typer.Option(None, "--numerator", help="For a proportion or a rate."),
    denominator: Optional[str] = typer.Option(None, "--denominator", help="For a proportion or a rate."),
    n: Optional[str] = typer.Option(None, "--n", help="For a mean: how many it is the mean of."),
    note: Optional[str] = typer.Option(None, "--note", help="What changed or why a value is unusual (no student names)."),
    subgroup: Optional[str] = typer.Option(None, "--subgroup", help="The subgroup, when the file has a subgroup column."),
    stratum: Optional[str] = typer.Option(None, "--stratum", help="The stratum, when the file has a stratum column."),
    yes: bool = typer.Option(False, "--yes", "-y", help="Write a value far from the site's recent ones without asking."),
) -> None:
    """Add one period's data: `nic data add ATT-90 --site lincoln --period 2025-09-08 --numerator 201 --denominator 259`.

    The file is created with the header the measure needs. A duplicate or future period,
    or numbers of the wrong kind, are refused and nothing is written.
    """
    from nictools.clock import today
    from nictools.errors import NicError
    from nictools.load.tables import parse_period
    from nictools.scaffold.data_entry import NewRow, add_rows

    day, why = parse_period(period)
    if why or day is None:
        raise NicError(f"--period: {why}.", "Give the first day of the period as YYYY-MM-DD, e.g. 2025-09-08.")
    row = NewRow(day, value=_number(value, "the value"), numerator=_number(numerator, "--numerator"),
                 denominator=_number(denominator, "--denominator"), n=_number(n, "--n"), note=note,
                 subgroup=subgroup, stratum=stratum)
    root = state(ctx).root()
    from nictools.checks.privacy import allowed_words
    from nictools.scaffold.data_entry import prepare, unusual
    from nictools.scaffold.new import load

    network = load(root)
    _screen_note(note, "--note", allowed_words(network))
    far = unusual(prepare(root, network, measure, site, [row], today()))
    _confirm_unusual(far, yes=yes)
    addition = add_rows(root, measure, site, [row], today())  # read, checked and written under the write lock
    typer.echo(f"wrote {shown_path(addition.path)}: added {day}" + (" (new file)" if addition.creates else ""))


@data_app.command("import")
def import_command(
    ctx: typer.Context,
    file: Path = typer.Argument(..., help="A .csv or .xlsx file with a period column and the numbers.", dir_okay=False),
    measure: Optional[str] = typer.Option(None, "--measure", "-m", autocompletion=complete_measure,
                                          help="The measure's id, e.g. ATT-90 (with --site-column: only this measure)."),
    site: Optional[str] = typer.Option(None, "--site", "-s", autocompletion=complete_site, help="The site the data is for."),
    site_column: Optional[str] = typer.Option(None, "--site-column", help="A whole network's data in one file: the "
                                              "column naming each row's site (by id or name). Measures come from "
                                              "columns named after them (`ATT-90 numerator`) or --measure-column."),
    measure_column: Optional[str] = typer.Option(None, "--measure-column", help="With --site-column: the column "
                                                 "naming each row's measure."),
    create_sites: bool = typer.Option(False, "--create-sites", help="With --site-column: create the sites the network "
                                      "does not have yet (site.yaml to complete afterwards)."),
    period_column: Optional[str] = typer.Option(None, "--period-column", help="The column of periods (default: period)."),
    value_column: Optional[str] = typer.Option(None, "--value-column", help="The column of values (count or mean; default: value)."),
    numerator_column: Optional[str] = typer.Option(None, "--numerator-column", help="Default: numerator."),
    denominator_column: Optional[str] = typer.Option(None, "--denominator-column", help="Default: denominator."),
    n_column: Optional[str] = typer.Option(None, "--n-column", help="For a mean: the column of n (default: n, if present)."),
    note_column: Optional[str] = typer.Option(None, "--note-column", help="A column of notes (default: note, if present)."),
    sheet: Optional[str] = typer.Option(None, "--sheet", help="The sheet of an .xlsx file (default: the first)."),
    date_format: Optional[str] = typer.Option(None, "--date-format", help="How dates typed as text are written: "
                                              "DD/MM/YYYY or MM/DD/YYYY (default: ISO, or clear from the dates)."),
    header_row: Optional[int] = typer.Option(None, "--header-row", min=1, help="The row that names the columns, below "
                                             "any title rows (default: found in the first ten rows)."),
    yes: bool = typer.Option(False, "--yes", "-y", help="Write without asking."),
) -> None:
    """Bring a column range from a spreadsheet: shows what it will add, and writes only when
    every row checks out (and you confirm, or give --yes). Rows already in the file with the
    same numbers are skipped."""
    from nictools.clock import today
    from nictools.errors import NicError
    from nictools.scaffold.data_entry import prepare, preview, read_import, unusual, write
    from nictools.scaffold.new import check_ref, load

    from nictools.cli.options import resolve_path

    file = resolve_path(ctx, file)  # relative to -C, as git does
    root = state(ctx).root()
    network = load(root)
    if site_column:
        _import_network(root, network, file, site_column=site_column, measure_column=measure_column, measure=measure,
                        period_column=period_column, date_format=date_format, header_row=header_row, sheet=sheet,
                        create_sites=create_sites, yes=yes, quiet=state(ctx).quiet)
        return
    if measure is None or site is None:
        raise NicError(f"{'--measure' if measure is None else '--site'} is required.",
                       "Give --measure and --site for one site's file, or --site-column for a file with every site.")
    check_ref(site, network.sites, "site", "Sites are defined in sites/<id>/site.yaml.")
    check_ref(measure, network.measures, "measure", "Measures are defined in measures/<id>.yaml.")
    calculation = network.measures[measure].model.calculation
    def read(date_format: Optional[str]) -> list:
        return read_import(file, calculation, period_column=period_column, value_column=value_column,
                           numerator_column=numerator_column, denominator_column=denominator_column,
                           n_column=n_column, note_column=note_column, sheet=sheet, date_format=date_format,
                           header_row=header_row)

    rows = with_date_question(read, date_format)
    from nictools.checks.privacy import allowed_words

    allowed = allowed_words(network)
    for row in rows:
        _screen_note(row.note, row.source, allowed)
    addition = prepare(root, network, measure, site, rows, today(), skip_identical=True)
    if addition.already_there and not state(ctx).quiet:
        typer.echo(f"{len(addition.already_there)} row(s) are already in {addition.rel} with the same numbers: skipped.")
    if not addition.rows:
        typer.echo(f"Nothing to add: {addition.rel} is up to date.")
        return
    quiet = state(ctx).quiet
    if not quiet:  # --quiet: no preview table (the rows are still checked, and --yes still needed)
        typer.echo(f"{len(addition.rows)} row(s) to add to {addition.rel}" + (" (a new file)" if addition.creates
                                                                          else "") + ":")
        typer.echo(preview(addition))
    _warn_gaps(network, file.name, [r.period for r in rows if r.period], addition.measure)
    _confirm_unusual(unusual(addition), yes=yes)
    ask_before_writing(yes)
    path = write(addition)
    typer.echo(f"wrote {shown_path(path)}: added {len(addition.rows)} row(s)")
