"""`nic data add` and `nic data import`: add measurement data with every row checked first."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Optional

import typer

from nictools.cli.app import state
from nictools.cli.completion import complete_measure, complete_site
from nictools.cli.prompting import is_interactive, shown_path

data_app = typer.Typer(help="Add measurement data: one period, or a whole spreadsheet.", no_args_is_help=True)


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
    addition = add_rows(root, measure, site, [row], today())  # read, checked and written under the write lock
    typer.echo(f"wrote {shown_path(addition.path)}: added {day}" + (" (new file)" if addition.creates else ""))


@data_app.command("import")
def import_command(
    ctx: typer.Context,
    file: Path = typer.Argument(..., help="A .csv or .xlsx file with a period column and the numbers.", dir_okay=False),
    measure: str = typer.Option(..., "--measure", "-m", autocompletion=complete_measure, help="The measure's id, e.g. ATT-90."),
    site: str = typer.Option(..., "--site", "-s", autocompletion=complete_site, help="The site the data is for."),
    period_column: Optional[str] = typer.Option(None, "--period-column", help="The column of periods (default: period)."),
    value_column: Optional[str] = typer.Option(None, "--value-column", help="The column of values (count or mean; default: value)."),
    numerator_column: Optional[str] = typer.Option(None, "--numerator-column", help="Default: numerator."),
    denominator_column: Optional[str] = typer.Option(None, "--denominator-column", help="Default: denominator."),
    n_column: Optional[str] = typer.Option(None, "--n-column", help="For a mean: the column of n (default: n, if present)."),
    note_column: Optional[str] = typer.Option(None, "--note-column", help="A column of notes (default: note, if present)."),
    sheet: Optional[str] = typer.Option(None, "--sheet", help="The sheet of an .xlsx file (default: the first)."),
    yes: bool = typer.Option(False, "--yes", "-y", help="Write without asking."),
) -> None:
    """Bring a column range from a spreadsheet: shows what it will add, and writes only when
    every row checks out (and you confirm, or give --yes). Rows already in the file with the
    same numbers are skipped."""
    from nictools.clock import today
    from nictools.errors import NicError
    from nictools.checks.data import gaps_in
    from nictools.scaffold.data_entry import prepare, preview, read_import, write
    from nictools.scaffold.new import check_ref, load

    from nictools.cli.options import resolve_path

    file = resolve_path(ctx, file)  # relative to -C, as git does
    root = state(ctx).root()
    network = load(root)
    check_ref(site, network.sites, "site", "Sites are defined in sites/<id>/site.yaml.")
    check_ref(measure, network.measures, "measure", "Measures are defined in measures/<id>.yaml.")
    calculation = network.measures[measure].model.calculation
    rows = read_import(file, calculation, period_column=period_column, value_column=value_column,
                       numerator_column=numerator_column, denominator_column=denominator_column,
                       n_column=n_column, note_column=note_column, sheet=sheet)
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
    gaps = gaps_in([r.period for r in rows if r.period], addition.measure.frequency,
                   [(b.start, b.end) for b in network.config.model.calendar.breaks] if network.config else [])
    if gaps:  # before writing: the same rule `nic validate` applies (NIC307) after
        shown = ", ".join(d.isoformat() for d in gaps[:12]) + (f" and {len(gaps) - 12} more" if len(gaps) > 12 else "")
        sys.stderr.write(f"warning: {file.name} skips {len(gaps)} {addition.measure.frequency} period"
                         f"{'s' if len(gaps) != 1 else ''} between its first and last rows: {shown}. "
                         "`nic validate` will report the gap (NIC307); add the missing rows or a note if "
                         "they are truly missing.\n")
    if not yes:
        if not is_interactive():
            raise NicError("Nothing was written: nic asks before importing, and there is no terminal to ask on.",
                           "Check the table above, then run the same command with --yes.")
        if not typer.confirm("Add these rows?", default=False):
            typer.echo("Nothing was written.")
            raise typer.Exit(1)
    path = write(addition)
    typer.echo(f"wrote {shown_path(path)}: added {len(addition.rows)} row(s)")
