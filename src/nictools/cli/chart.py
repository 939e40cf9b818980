"""`nic chart`: run and control charts of a measure, or of any CSV in the data format."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any, List, Optional

import typer

from nictools.cli.app import state
from nictools.cli.completion import choices, complete_measure, complete_site

FORMATS = ("text", "json")
AGGS = ("mean", "median")
RULES = ("anhoej", "ihi")


def _period(text: str, option: str) -> Any:
    from nictools.errors import NicError
    from nictools.load.tables import parse_period

    value, why = parse_period(text)
    if why:
        raise NicError(f"{option} {text}: {why}.", "Give periods as YYYY-MM-DD, e.g. 2025-09-01.")
    return value


def _read_data(path: Path) -> Any:
    """The CSV as a DataTable; located problems go to stderr and end the command (exit 1)."""
    from nictools.load.tables import read_table_file
    from nictools.problems import Severity

    table, problems = read_table_file(path)
    for p in problems:
        sys.stderr.write(f"{p.path}:{p.line}:{p.column}: {p.severity.value} {p.code} {p.message}\n")
        if p.hint:
            sys.stderr.write(f"  hint: {p.hint}\n")
    errors = [p for p in problems if p.severity == Severity.ERROR]
    if errors or table is None:
        sys.stderr.write(f"{path.as_posix()}: {len(errors)} problem(s) to fix before it can be charted.\n")
        raise typer.Exit(1)
    return table


def _targets(out: Path, count: int, per_page: int) -> list[Path]:
    """Page files: `out` itself for one page, else `out-1.png`, `out-2.png`, …"""
    pages = max(1, -(-count // per_page))
    if pages == 1:
        return [out]
    return [out.with_name(f"{out.stem}-{k}{out.suffix}") for k in range(1, pages + 1)]


def chart_command(
    ctx: typer.Context,
    measure: Optional[str] = typer.Argument(None, help="The measure's id (in a network), e.g. ATT-90.", autocompletion=complete_measure,
                                            show_default=False),
    data: Optional[Path] = typer.Option(None, "--data", help="Chart this CSV (data format) instead of a measure; "
                                        "no network needed.", dir_okay=False, show_default=False),
    site: Optional[str] = typer.Option(None, "--site", "-s", help="The site whose data to chart.", autocompletion=complete_site, show_default=False),
    all_sites: bool = typer.Option(False, "--all-sites", help="Every site with data, as small multiples on shared "
                                   "axes (paged; `{site}` in --out writes one file per site)."),
    network: bool = typer.Option(False, "--network", help="The network aggregate: numerators and denominators "
                                 "summed per period."),
    include_withdrawn: bool = typer.Option(False, "--include-withdrawn", help="With --all-sites: also the sites "
                                           "marked `status: withdrawn` (left out by default, and named once)."),
    chart_type: Optional[str] = typer.Option(None, "--type", "-t", autocompletion=choices("run", "i", "mr", "xbar", "s", "t", "p", "pp", "c", "u", "up", "g", "ip"), help="Chart type (qicharts2's names): run, i, mr, "
                                             "xbar, s, t, p, pp, c, u, up, g, ip. Default: the measure's, or run.",
                                             show_default=False),
    freeze: Optional[int] = typer.Option(None, "--freeze", help="Compute centre and limits from the first N points "
                                         "only, and extend them.", show_default=False, min=1),
    baseline_until: Optional[str] = typer.Option(None, "--baseline-until", help="Freeze on the periods up to and "
                                                 "including this date.", show_default=False),
    split: List[str] = typer.Option([], "--split", help="Start a new part (phase) at this period. Repeatable."),
    exclude: List[str] = typer.Option([], "--exclude", help="Leave this period out of the limits and the runs "
                                      "analysis (still drawn). Repeatable."),
    rules: Optional[str] = typer.Option(None, "--rules", autocompletion=choices("anhoej", "ihi"), help="Run-chart rules: anhoej or ihi. Default: the "
                                        "measure's, or anhoej.", show_default=False),
    no_screen_mr: bool = typer.Option(False, "--no-screen-mr", help="Do not screen large moving ranges "
                                      "(qicharts2 without library())."),
    sigma: float = typer.Option(3.0, "--sigma", help="Limits at this many sigma (3, or 2 for the '95%' limits)."),
    agg: str = typer.Option("mean", "--agg", help="How several values in one period combine on run and I "
                            "charts: mean or median."),
    out: Optional[Path] = typer.Option(None, "--out", "-o", help="Draw the chart to this file: .png, .svg or .pdf.",
                                       show_default=False, dir_okay=False),
    per_page: int = typer.Option(12, "--per-page", help="With --all-sites: charts per page.", min=1),
    output_format: str = typer.Option("text", "--format", "-f", autocompletion=choices("text", "json"), help="What to print: text (a summary in plain "
                                      "words) or json."),
    strata: bool = typer.Option(False, "--strata", help="With --site: the whole group's chart beside one per "
                                "stratum (rows with a `stratum`), on one scale, with the aim's equity target as the "
                                "strata's goal line."),
    gap: Optional[str] = typer.Option(None, "--gap", help="With --site: chart the gap between this stratum and the "
                                      "rest of the students as its own series (goal line: the aim's target gap).",
                                      show_default=False, metavar="STRATUM"),
    as_of: Optional[str] = typer.Option(None, "--as-of", help="Chart the network as it stood then: a date "
                                        "(YYYY-MM-DD) or revision, read from the git history. Default: the files "
                                        "as they are, as of today.", show_default=False),
) -> None:
    """Run and control charts: signals of non-random variation, drawn and in words.

    `nic chart ATT-90 --site lincoln --out att.png` charts a measure at a site with its phases, PDSA cycles and goal.

    `nic chart ATT-90 --all-sites` or `--network`; `nic chart --data file.csv --type p` charts any CSV.

    Exit status: 0 charted, 1 the CSV has problems, 2 could not run.
    """
    from nictools.errors import NicError

    if output_format not in FORMATS:
        raise NicError(f"Unknown format `{output_format}`.", f"Use one of: {', '.join(FORMATS)}.")
    if agg not in AGGS:
        raise NicError(f"--agg {agg}: use mean or median.")
    if rules is not None and rules not in RULES:
        raise NicError(f"--rules {rules}: use anhoej (qicharts2) or ihi.")
    if not sigma > 0:
        raise NicError("--sigma must be a positive number, such as 3 or 2.")
    if freeze is not None and baseline_until is not None:
        raise NicError("Give --freeze or --baseline-until, not both.")
    from nictools.measurement.charts import CHART_NAMES

    if chart_type is not None and chart_type not in CHART_NAMES:
        from nictools.suggest import did_you_mean

        raise NicError(f"--type {chart_type}: there is no such chart.",
                       did_you_mean(chart_type, CHART_NAMES) + f"Chart types: {', '.join(CHART_NAMES)}.")
    if (data is None) == (measure is None):
        raise NicError("Name a measure (`nic chart ATT-90 --site lincoln`) or give a file with --data, "
                       "not both." if data else "Name a measure, or give a CSV with --data.",
                       "Examples: `nic chart ATT-90 --site lincoln`; `nic chart --data att.csv --type p`.")
    scopes = sum(bool(s) for s in (site, all_sites, network))
    if data is not None and scopes:
        raise NicError("--site, --all-sites and --network chart a measure in a network; --data charts a file.")
    if measure is not None and scopes != 1:
        raise NicError(f"Say where to chart {measure}: --site SITE, --all-sites or --network (one of them).")
    if (strata or gap is not None) and not site:
        raise NicError("--strata and --gap chart a measure at one site: add --site SITE.",
                       "Example: `nic chart ATT-90 --site lincoln --strata`.")
    if strata and gap is not None:
        raise NicError("Give --strata or --gap, not both.",
                       "`--strata` draws every stratum beside the whole; `--gap STRATUM` charts one stratum's gap.")

    from nictools.measurement.charts import (
        ChartOptions, chart_all_sites, chart_network, chart_table, sites_with_data,
    )

    options = ChartOptions(
        chart=chart_type, rules=rules, freeze=freeze,
        baseline_until=_period(baseline_until, "--baseline-until") if baseline_until else None,
        splits=tuple(_period(s, "--split") for s in split),
        exclude=tuple(_period(e, "--exclude") for e in exclude),
        screen_mr=not no_screen_mr, sigma=sigma, agg=agg,
    )
    from nictools.cli.options import output_path, resolve_path
    from nictools.output_format import pick_format
    from nictools.render.charts import IMAGE_FORMATS

    data, out = resolve_path(ctx, data), output_path(ctx, out)  # relative to -C; never inside .git/
    fmt = pick_format(IMAGE_FORMATS, None, out) if out is not None else None
    st = state(ctx)

    charts: list[Any]
    payload: Any
    net: Any = None
    grouped: Any = None
    if data is not None:
        charts = [chart_table(_read_data(data), options)]
        payload = charts[0].to_json_dict()
    else:
        assert measure is not None
        if as_of is not None:
            from nictools.cli.options import reading_history

            with reading_history(ctx) as history:
                commit, day = history.resolve_as_of(as_of)
                net = history.network(commit)
        else:
            from nictools.clock import today
            from nictools.load.network import load_network, load_network_unbuilt

            # one site reads a few files of what may be a large network: those unchanged since the
            # last `nic validate` are built from its cache only when read (the same records)
            net, _ = load_network_unbuilt(st.root()) if site else load_network(st.root())
            day = today()
        if site:
            from nictools.load.network import StaleCache

            try:
                charts, payload, grouped = _site_charts(net, measure, site, strata, gap, options, day)
            except StaleCache:  # a file changed, or its cache entry went, while it was read: read every file
                from nictools.load.network import load_network

                net, _ = load_network(st.root())
                charts, payload, grouped = _site_charts(net, measure, site, strata, gap, options, day)
        elif all_sites:
            charts = chart_all_sites(net, measure, options, day, include_withdrawn=include_withdrawn)
            payload = [{"site": c.site, "chart": c.to_json_dict()} for c in charts]
            if not include_withdrawn:
                gone = sorted(set(sites_with_data(net, measure)) - {c.site for c in charts})
                if gone:
                    sys.stderr.write(f"note: {len(gone)} withdrawn site{'s' if len(gone) != 1 else ''} left out: "
                                     f"{', '.join(gone)} (--include-withdrawn shows them).\n")
        else:
            charts = [chart_network(net, measure, options, day)]
            payload = {"site": None, "chart": charts[0].to_json_dict()}

    for c in charts:
        for notice in c.notices:
            where = f"{c.site}: " if all_sites else (f"{c.place}: " if grouped is not None else "")
            sys.stderr.write(f"note: {where}{notice}\n")

    written: list[Path] = []
    if out is not None and fmt is not None:
        from nictools.atomic import write_atomic
        from nictools.render.charts import render_chart, render_pages
        from nictools.render.chart_files import draw_chart

        if grouped is not None:
            from nictools.render.charts import render_strata

            written.append(write_atomic(out, render_strata(grouped, fmt)))
        elif all_sites and "{site}" in out.name:
            for c in charts:
                target = out.with_name(out.name.replace("{site}", c.site or "network"))
                written.append(write_atomic(target, render_chart(c, fmt)))
        elif all_sites:
            targets = _targets(out, len(charts), per_page)
            for target, image in zip(targets, render_pages(charts, fmt, per_page=per_page)):
                written.append(write_atomic(target, image))
        else:
            written.append(write_atomic(out, draw_chart(charts[0], fmt, net if data is None else None)))

    if output_format == "json":
        sys.stdout.write(json.dumps(payload, indent=2, ensure_ascii=False, allow_nan=False) + "\n")
    else:
        from nictools.measurement.summary import summarise

        text = "\n\n".join(summarise(c) for c in charts)
        if grouped is not None:
            from nictools.measurement.summary import equity_lines

            text += "".join("\n" + line for line in equity_lines(grouped))
        sys.stdout.write(text + "\n")
        if out is None and not st.quiet:
            sys.stderr.write("hint: add --out chart.png (or .svg, .pdf) to draw the chart.\n")
    if written and not st.quiet:
        for path in written:
            sys.stderr.write(f"wrote {path}\n")


def _site_charts(net: Any, measure: str, site: str, strata: bool, gap: Optional[str], options: Any,
                 day: Any) -> tuple[list[Any], Any, Any]:
    """One site's chart (or its strata, or a stratum's gap): the charts, their JSON, and the strata."""
    if strata:
        from nictools.measurement.strata import chart_strata

        grouped = chart_strata(net, measure, site, options, day)
        return [grouped.total, *grouped.strata], grouped.to_json(), grouped
    if gap is not None:
        from nictools.measurement.strata import chart_gap

        chart = chart_gap(net, measure, site, gap, options, day)
        return [chart], chart.to_json_dict(), None
    from nictools.measurement.charts import chart_site

    chart = chart_site(net, measure, site, options, day)
    return [chart], chart.to_json_dict(), None
